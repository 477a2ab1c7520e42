"""Read ``briefing.toml`` once: its sources, its ``[brief]`` settings, its ``[delivery]``, ``[engine]``
and ``[store]`` tables.

Every problem is collected and reported at once, each with its line in the file, before anything
is read.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Any, Callable

from briefing.config.delivery import read_delivery
from briefing.config.engine import read_engine, read_store
from briefing.config.lines import Problems, syntax_problem
from briefing.config.settings import OVERRIDES, Branding, Manifest, SourceEntry
from briefing.config.values import (
    date_of, flag_of, formats_of, kind_of, logo_of, page_size_of, pdf_variant_of, since_of, text_of,
)
from briefing.errors import ConfigError
from briefing.read.collect import is_url
from briefing.text.safe import clean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TARGETS = ("path", "glob", "url", "feed")  # what a [[source]] reads: exactly one of these
BRIEF_KEYS = ("title", "page_size", "formats", "template_dir", "out", "since", "follow_links", "follow_symlinks",
              "pdf_variant", "author", "organisation", "marking", "logo")
BRANDING = ("author", "organisation", "marking", "logo")  # [brief] keys that go into Branding
TABLES = ("brief", "source", "delivery", "engine", "store")
_OVERRIDE_PARSERS = (("title", text_of), ("issuer", text_of), ("kind", kind_of), ("date", date_of),
                     ("reliability", text_of))


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest; raise ConfigError listing every problem with its line."""
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([syntax_problem(path, text, exc)]) from None
    problems = Problems(path, text)
    _check_top_level(data, problems)
    settings = _brief_settings(data.get("brief", {}), path.parent, problems)
    sources = _sources(data.get("source", []), path.parent, problems)
    delivery, wrong = read_delivery(data.get("delivery", {}))
    for key, message in wrong:
        problems.add(("delivery", key) if key else ("delivery",), f"[delivery] {message}")
    engine, store = _engine_tables(data, path.parent, problems)
    problems.raise_any()
    branding = Branding(**{key: settings.pop(key) for key in BRANDING if key in settings})
    return Manifest(path=path, sources=tuple(sources), delivery=delivery, branding=branding, engine=engine,
                    store=store, **settings)


def _engine_tables(data: dict[str, Any], base: Path, problems: Problems) -> tuple[Any, Any]:
    """The ``[engine]`` and ``[store]`` tables (config/engine.py), their problems on their lines."""
    engine, wrong = read_engine(data.get("engine", {}))
    for key, message in wrong:
        problems.add(("engine", key) if key else ("engine",), f"[engine] {message}")
    store, wrong = read_store(data.get("store", {}), base)
    for key, message in wrong:
        problems.add(("store", key) if key else ("store",), f"[store] {message}")
    return engine, store


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise ConfigError([f"{path}: is a folder, not a manifest file"]) from None
    except OSError as exc:
        raise ConfigError([f"{path}: cannot be read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{path}: not UTF-8 text"]) from None


def _check_top_level(data: dict[str, Any], problems: Problems) -> None:
    for key in data:
        if key in TABLES:
            continue
        if key in BRIEF_KEYS:
            problems.add((key,), f"{key}: put it under [brief]")
        elif key == "sources":
            problems.add((key,), "sources: write each source as a [[source]] table")
        else:
            problems.add((key,), f"unknown setting {key!r}{_suggest(key, TABLES)}")


def _brief_settings(brief: Any, base: Path, problems: Problems) -> dict[str, Any]:
    """The settings ``[brief]`` gives, by Manifest field name."""
    if not isinstance(brief, dict):
        problems.add(("brief",), "brief: must be a table: [brief]")
        return {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "title": text_of,
        "page_size": page_size_of,
        "formats": formats_of,
        "template_dir": lambda v: _folder(base, v),
        "out": lambda v: _join(base, text_of(v)),
        "since": since_of,
        "follow_links": flag_of,
        "follow_symlinks": flag_of,
        "pdf_variant": pdf_variant_of,
        "author": lambda v: clean(text_of(v)),
        "organisation": lambda v: clean(text_of(v)),
        "marking": lambda v: clean(text_of(v)),
        "logo": lambda v: logo_of(_join(base, text_of(v))),
    }
    settings: dict[str, Any] = {}
    for key, value in brief.items():
        if key not in parsers:
            problems.add(("brief", key), f"[brief] {key}: unknown setting{_suggest(key, BRIEF_KEYS)}")
            continue
        try:
            settings[key] = parsers[key](value)
        except ValueError as exc:
            problems.add(("brief", key), f"[brief] {key}: {exc}")
    return settings


def _sources(raw: Any, base: Path, problems: Problems) -> list[SourceEntry]:
    if isinstance(raw, dict):
        problems.add(("source",), "[source]: write each source as [[source]] (double brackets)")
        return []
    entries = (_source_entry(entry, i, base, problems) for i, entry in enumerate(raw))
    return [entry for entry in entries if entry is not None]


def _source_entry(entry: Any, i: int, base: Path, problems: Problems) -> SourceEntry | None:
    where = f"[[source]] {i + 1}"
    if not isinstance(entry, dict):
        problems.add(("source", i), f"{where}: must be a table")
        return None
    ok = True
    for key in entry:
        if key not in TARGETS and key not in OVERRIDES:
            problems.add(("source", i, key), f"{where}: {key}: unknown setting{_suggest(key, TARGETS + OVERRIDES)}")
            ok = False
    given = [k for k in TARGETS if k in entry]
    if not given:
        problems.add(("source", i), f"{where}: names no {', '.join(TARGETS[:-1])} or {TARGETS[-1]}")
        return None
    if len(given) > 1:
        problems.add(("source", i, given[1]), f"{where}: give only one of {' or '.join(given)} (one [[source]] each)")
        return None
    how = given[0]
    target = None
    try:
        target = _target(how, entry[how], base)
    except ValueError as exc:
        problems.add(("source", i, how), f"{where}: {how}: {exc}")
    overrides: dict[str, Any] = {}
    for key, parse in _OVERRIDE_PARSERS:
        if key in entry:
            try:
                overrides[key] = parse(entry[key])
            except ValueError as exc:
                problems.add(("source", i, key), f"{where}: {key}: {exc}")
                ok = False
    if target is None or not ok:
        return None
    return SourceEntry(target=target, how=how, line=problems.line(("source", i)), **overrides)


def _target(how: str, value: Any, base: Path) -> str:
    text = text_of(value)
    if how == "url" or (how == "feed" and "://" in text):
        if not is_url(text) or not re.match(r"https?://[^/\s?#]+", text):
            raise ValueError(f"{text!r} is not an http or https URL")
        return text
    if is_url(text):
        raise ValueError(f"{text!r} is a URL: write url = ... (or feed = ...)")
    joined = _join(base, text)
    if how == "glob":
        return str(joined)
    if not joined.exists():
        hint = " (a pattern? write glob = ...)" if any(c in text for c in "*?[") else ""
        raise ValueError(f"{joined}: no such file or folder{hint}")
    if how == "feed" and not joined.is_file():
        raise ValueError(f"{joined}: is not a file")
    return str(joined)


def _join(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _folder(base: Path, value: Any) -> Path:
    path = _join(base, text_of(value))
    if not path.is_dir():
        raise ValueError(f"{path}: no such folder")
    return path


def _suggest(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
