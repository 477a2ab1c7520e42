"""The command line over the manifest: the settings of one run, and the run's clock.

This is the edge where option names are known, so its problems name them (``--since: ...``);
every problem, the manifest's and the options', is reported at once. ``clock`` is the one place
that reads the time of a run; the CLI and ``build()`` call it and pass the time on.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable, TypeVar

from briefing.config.delivery import DeliverySettings, override
from briefing.config.engine import EngineSettings, engine_settings
from briefing.config.manifest import load_manifest
from briefing.config.settings import MANIFEST, Manifest, Settings
from briefing.config.values import (
    DEFAULT_FORMATS, date_of, formats_of, keep_of, page_size_of, seconds_of, since_cutoff, since_of,
)
from briefing.errors import ConfigError, InputError
from briefing.read.base import ReadOptions

T = TypeVar("T")
DEFAULT_SOURCES = "seeds"  # read when neither PATHS nor a manifest names any source


def clock() -> dt.datetime:
    """The time of this run: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def make_settings(
    paths: tuple[str, ...] | list[str] = (), *, now: dt.datetime, manifest: Path | None = None,
    out: Path | None = None, formats: list[str] | tuple[str, ...] | None = None, title: str | None = None,
    as_of: str | None = None, page_size: str | None = None, template_dir: Path | None = None,
    since: str | None = None, follow_links: bool | None = None, follow_symlinks: bool | None = None,
    force: bool = False, wait: float = 30.0, keep: int = 30, send: bool = False, explain_missing: bool = False,
    scheduler: str | None = None, workers: int | None = None,
) -> Settings:
    """Settings from the manifest and the command line (None: not given), every problem at once.

    Without paths, ``manifest`` (else ``./briefing.toml`` when there is one) names the sources, else
    ``./seeds``. With paths, the manifest is read only when named; its sources are then replaced by
    the paths, and its overrides still apply to what matches them. ``send``: the ``[delivery]``
    table of ``./briefing.toml`` applies even when paths replace its sources. ``explain_missing``:
    when nothing names a source and there is no ``./seeds``, raise InputError saying what to do
    (name a folder, or `briefing init`) instead of returning ``seeds`` for the read to fail on.
    ``scheduler`` and ``workers`` override ``[engine]`` and ``BRIEFING_SCHEDULER`` (config/engine.py).
    """
    problems: list[str] = []
    check = _checker(problems)
    given = {
        "formats": check("--format", formats_of, list(formats) if formats else None),
        "page_size": check("--page-size", page_size_of, page_size),
        "as_of": check("--as-of", date_of, as_of or None),
        "since": check("--since", since_of, since or None),
    }
    if template_dir is not None and not template_dir.is_dir():
        problems.append(f"--template-dir: {template_dir}: no such folder")
    check("--wait", seconds_of, wait)
    check("--keep", keep_of, keep)
    applies = manifest is not None or not paths  # paths on the command line replace ./briefing.toml
    if manifest is None and Path(MANIFEST).is_file() and (not paths or send):
        manifest = Path(MANIFEST)
    m = _manifest(manifest, problems, need_sources=not paths)
    engine = _engine(m.engine if applies else EngineSettings(), scheduler, workers, problems)
    if problems:
        raise ConfigError(problems)
    if not applies:
        m, manifest = Manifest(path=m.path, delivery=m.delivery), None
    read = ReadOptions(
        since=since_cutoff(given["since"] if given["since"] is not None else m.since, given["as_of"], now),
        follow_links=follow_links if follow_links is not None else bool(m.follow_links),
        follow_symlinks=follow_symlinks if follow_symlinks is not None else bool(m.follow_symlinks),
    )
    paths = tuple(paths) or tuple(e.target for e in m.sources) or _default_sources(explain_missing)
    return Settings(
        paths=paths,
        out=out or m.out or Path("output"),
        formats=given["formats"] or m.formats or DEFAULT_FORMATS,
        title=title or m.title,
        as_of=given["as_of"],
        page_size=given["page_size"] or m.page_size or "A4",
        template_dir=template_dir or m.template_dir,
        read=read,
        sources=tuple(e for e in m.sources if e.overrides),
        manifest=manifest,
        branding=m.branding,
        pdf_variant=m.pdf_variant or "pdf/ua-1",
        force=force, wait=wait, keep=keep, delivery=m.delivery, now=now, engine=engine, store=m.store,
    )


def _default_sources(explain_missing: bool) -> tuple[str, ...]:
    """``seeds/``, when there is one or nothing is to be explained; else say what to do."""
    if Path(DEFAULT_SOURCES).exists() or not explain_missing:
        return (DEFAULT_SOURCES,)
    raise InputError(f"nothing to read: no {MANIFEST} and no {DEFAULT_SOURCES}/ folder in {Path.cwd()}; name what to "
                     f"read (briefing build reports/ feed.xml), or run `briefing init` to start a {MANIFEST} here")


def _engine(base: EngineSettings, scheduler: str | None, workers: int | None, problems: list[str]) -> EngineSettings:
    """The engine the manifest, ``BRIEFING_SCHEDULER`` and the options give; a problem is noted."""
    try:
        return engine_settings(base, scheduler, workers, os.environ)
    except ValueError as exc:
        problems.append(str(exc))
        return base


def delivery_settings(manifest: Path | None = None, **options: Any) -> DeliverySettings:
    """``[delivery]`` of the manifest (default ``./briefing.toml`` when there is one), options over it.

    ``options`` are those of ``config.delivery.override``: to, sender, smtp, tls, timeout.
    """
    if manifest is None and Path(MANIFEST).is_file():
        manifest = Path(MANIFEST)
    base = load_manifest(manifest).delivery if manifest is not None else DeliverySettings()
    return override(base, **options)


def _manifest(path: Path | None, problems: list[str], need_sources: bool) -> Manifest:
    """The manifest at ``path`` (an empty one for None); its problems go first, in line order."""
    if path is None:
        return Manifest(path=Path(MANIFEST))
    try:
        m = load_manifest(path)
    except ConfigError as exc:
        problems[:0] = exc.problems
        return Manifest(path=path)
    if need_sources and not m.sources:
        problems.insert(0, f"{path}: names no sources (add a [[source]] with a path, glob, url or feed)")
    return m


def _checker(problems: list[str]) -> Callable[[str, Callable[[Any], T], Any], T | None]:
    """A function that parses one option's value, noting its problem and giving None."""

    def check(option: str, parse: Callable[[Any], T], value: Any) -> T | None:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            problems.append(f"{option}: {exc}")
            return None

    return check
