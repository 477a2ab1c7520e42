"""Settings as typed, validated objects: the manifest (``briefing.toml``) and command-line options.

The manifest names the brief's sources (paths, globs, URLs and feeds, each with optional overrides
of what is read from it) and the brief's settings in ``[brief]``; options on the command line
override it. Every problem is collected and reported at once, each with its line in the file,
before anything is read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from briefing.errors import ConfigError, OutputError, UsageError
from briefing.model import KINDS
from briefing.read.base import ReadOptions
from briefing.read.collect import is_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FORMATS = ("md", "pdf", "html", "json")
PAGE_SIZES = ("A4", "Letter")
MANIFEST = "briefing.toml"
TARGETS = ("path", "glob", "url", "feed")  # what a [[source]] reads: exactly one of these
OVERRIDES = ("title", "issuer", "kind", "date", "reliability")
BRIEF_KEYS = ("title", "page_size", "formats", "template_dir", "out", "since", "follow_links")
OTHER_TABLES = ("delivery",)  # read and validated by their own modules
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}

Since = dt.timedelta | dt.datetime  # a window back from the reference time, or a fixed cut-off


@dataclass(frozen=True)
class SourceEntry:
    """One ``[[source]]`` of the manifest: what to read, and what to say about what is read."""

    target: str  # the path, glob or URL as the build reads it (paths joined to the manifest's folder)
    how: str  # "path", "glob", "url" or "feed"
    title: str | None = None
    issuer: str | None = None
    kind: str | None = None
    date: dt.date | None = None
    reliability: str | None = None
    line: int = 0

    @property
    def overrides(self) -> bool:
        return any(getattr(self, name) is not None for name in OVERRIDES)

    def matches(self, origin: str) -> bool:
        """Return True for a source read from this entry (a feed's entries are ``origin#id``)."""
        candidates = [origin] + [origin[:i] for i, c in enumerate(origin) if c == "#"]
        if is_url(self.target):
            return self.target in candidates
        if any(is_url(c) for c in candidates):
            return False
        if self.how == "glob":
            pattern = _glob_regex(os.path.abspath(self.target))
            return any(pattern.match(os.path.abspath(c)) for c in candidates)
        root = os.path.abspath(self.target)
        return any(a == root or a.startswith(root.rstrip(os.sep) + os.sep) for a in map(os.path.abspath, candidates))


@dataclass(frozen=True)
class Manifest:
    """A validated ``briefing.toml``: its sources and the settings of ``[brief]`` it gives (None: not given)."""

    path: Path
    sources: tuple[SourceEntry, ...] = ()
    title: str | None = None
    page_size: str | None = None
    formats: tuple[str, ...] | None = None
    template_dir: Path | None = None
    out: Path | None = None
    since: Since | None = None
    follow_links: bool | None = None


# Metadata of the Settings fields that steer a run without changing the brief's bytes: the cache
# (cache.py) leaves them out of its key. Every other field, present or future, is in the key.
RUN_ONLY = {"run_only": True}


@dataclass(frozen=True)
class Settings:
    """Everything that decides what a build reads and writes."""

    paths: tuple[str, ...] = ("seeds",)
    out: Path = field(default=Path("output"), metadata=RUN_ONLY)
    formats: tuple[str, ...] = FORMATS
    title: str | None = None
    as_of: dt.date | None = None
    page_size: str = "A4"
    template_dir: Path | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    sources: tuple[SourceEntry, ...] = ()  # the manifest's entries, whose overrides apply to what is read
    manifest: Path | None = None
    force: bool = field(default=False, metadata=RUN_ONLY)  # build even when the cache says nothing changed
    wait: float = field(default=30.0, metadata=RUN_ONLY)  # seconds to wait for another run's lock
    keep: int = field(default=30, metadata=RUN_ONLY)  # dated copies kept in OUT/archive (0: none)


# ---------------------------------------------------------------------------------------------
# single values: each returns the value or raises ValueError with the reason (no option name)


def formats_of(value: Any) -> tuple[str, ...]:
    """Accept a list or comma-separated formats; keep the canonical order."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"give formats as a list of names, such as {list(FORMATS)}")
    wanted = {v.strip().lower() for item in values for v in item.split(",") if v.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    if not wanted:
        raise ValueError(f"no format given (choose from {', '.join(FORMATS)})")
    return tuple(f for f in FORMATS if f in wanted)


def page_size_of(value: Any) -> str:
    for size in PAGE_SIZES:
        if isinstance(value, str) and value.strip().lower() == size.lower():
            return size
    raise ValueError(f"{value!r} is not one of {', '.join(PAGE_SIZES)}")


def date_of(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date like 2024-11-05")


def since_of(value: Any) -> Since:
    """A window such as ``90m``, ``48h``, ``7d`` or ``2w``, or a date or date and time (ISO 8601)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        text = value.strip().lower()
        m = re.fullmatch(r"(\d+)\s*(min|m|h|d|w)", text)
        if m and int(m.group(1)) > 0:
            try:
                return dt.timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
            except OverflowError:
                pass
        else:
            try:
                return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                pass
    raise ValueError(f"{value!r} is neither a window such as 48h, 7d or 90m nor a date like 2024-11-05")


def since_cutoff(since: Since | None, as_of: dt.date | None, now: dt.datetime | None) -> dt.datetime | None:
    """The time before which feed entries are skipped.

    A window counts back from the end of the ``--as-of`` day when there is one (so that an old
    brief can be rebuilt), else from ``now``.
    """
    if since is None or isinstance(since, dt.datetime):
        return since
    if as_of is not None:
        reference = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    else:
        reference = now if now is not None else clock()
    return reference - since


def clock() -> dt.datetime:
    """The time of this run: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def kind_of(value: Any) -> str:
    from briefing.analyse.settle import normalise_kind

    kind = normalise_kind(value) if isinstance(value, str) else None
    if kind not in KINDS:
        raise ValueError(f"{value!r} is not a kind of source (choose from {', '.join(KINDS)})")
    return kind


def text_of(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("give a non-empty string")
    return " ".join(value.split())


def flag_of(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


# ---------------------------------------------------------------------------------------------
# the command line's own checks (one option, one error), kept for callers that check one value


def parse_formats(values: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    return _option("--format", formats_of, values) if values else FORMATS


def parse_page_size(value: str | None) -> str:
    return "A4" if value is None else _option("--page-size", page_size_of, value)


def parse_as_of(value: str | None) -> dt.date | None:
    """--as-of as an ISO date; without it the latest source date decides (never the clock)."""
    return _option("--as-of", date_of, value) if value else None


def check_template_dir(value: Path | None) -> Path | None:
    if value is not None and not value.is_dir():
        raise UsageError(f"--template-dir: {value}: no such folder")
    return value


T = TypeVar("T")


def _option(name: str, parse: Callable[[Any], T], value: Any) -> T:
    try:
        return parse(value)
    except ValueError as exc:
        raise UsageError(f"{name}: {exc}") from None


# ---------------------------------------------------------------------------------------------
# settings: the manifest, then the command line over it


def make_settings(
    paths: tuple[str, ...] | list[str] = (),
    *,
    manifest: Path | None = None,
    out: Path | None = None,
    formats: list[str] | tuple[str, ...] | None = None,
    title: str | None = None,
    as_of: str | None = None,
    page_size: str | None = None,
    template_dir: Path | None = None,
    since: str | None = None,
    follow_links: bool | None = None,
    now: dt.datetime | None = None,
) -> Settings:
    """Settings from the manifest and the command line (None: not given), every problem at once.

    Without paths, ``manifest`` (else ``./briefing.toml`` when there is one) names the sources, else
    ``./seeds``. With paths, the manifest is read only when named; its sources are then replaced by
    the paths, and its overrides still apply to what matches them.
    """
    problems: list[str] = []

    def check(option: str, parse: Callable[[Any], T], value: Any) -> T | None:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            problems.append(f"{option}: {exc}")
            return None

    cli_formats = check("--format", formats_of, list(formats) if formats else None)
    cli_page_size = check("--page-size", page_size_of, page_size)
    cli_as_of = check("--as-of", date_of, as_of or None)
    cli_since = check("--since", since_of, since or None)
    if template_dir is not None and not template_dir.is_dir():
        problems.append(f"--template-dir: {template_dir}: no such folder")

    if manifest is None and not paths and Path(MANIFEST).is_file():
        manifest = Path(MANIFEST)
    m = Manifest(path=Path(MANIFEST))
    if manifest is not None:
        try:
            m = load_manifest(manifest)
        except ConfigError as exc:
            problems[:0] = exc.problems  # the file's problems first, in line order
        else:
            if not paths and not m.sources:
                problems.insert(0, f"{manifest}: names no sources (add a [[source]] with a path, glob, url or feed)")
    if problems:
        raise ConfigError(problems)

    chosen_as_of = cli_as_of
    chosen_since = cli_since if cli_since is not None else m.since
    read = ReadOptions(
        since=since_cutoff(chosen_since, chosen_as_of, now),
        follow_links=follow_links if follow_links is not None else bool(m.follow_links),
    )
    return Settings(
        paths=tuple(paths) or tuple(e.target for e in m.sources) or ("seeds",),
        out=out or m.out or Path("output"),
        formats=cli_formats or m.formats or FORMATS,
        title=title or m.title,
        as_of=chosen_as_of,
        page_size=cli_page_size or m.page_size or "A4",
        template_dir=template_dir or m.template_dir,
        read=read,
        sources=tuple(e for e in m.sources if e.overrides),
        manifest=manifest,
    )


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest; raise ConfigError listing every problem with its line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise ConfigError([f"{path}: is a folder, not a manifest file"]) from None
    except OSError as exc:
        raise ConfigError([f"{path}: cannot be read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{path}: not UTF-8 text"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_syntax_problem(path, exc)]) from None
    problems = _Problems(path, _key_lines(text))
    base = path.parent

    for key in data:
        if key in ("brief", "source") or key in OTHER_TABLES:
            continue
        if key in BRIEF_KEYS:
            problems.add((key,), f"{key}: put it under [brief]")
        elif key == "sources":
            problems.add((key,), "sources: write each source as a [[source]] table")
        else:
            problems.add((key,), f"unknown setting {key!r}{_suggest(key, ('brief', 'source', *OTHER_TABLES))}")

    brief = data.get("brief", {})
    settings: dict[str, Any] = {}
    if not isinstance(brief, dict):
        problems.add(("brief",), "brief: must be a table: [brief]")
        brief = {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "title": text_of,
        "page_size": page_size_of,
        "formats": formats_of,
        "template_dir": lambda v: _folder(base, v),
        "out": lambda v: _join(base, text_of(v)),
        "since": since_of,
        "follow_links": flag_of,
    }
    for key, value in brief.items():
        if key not in parsers:
            problems.add(("brief", key), f"[brief] {key}: unknown setting{_suggest(key, BRIEF_KEYS)}")
            continue
        try:
            settings[key] = parsers[key](value)
        except ValueError as exc:
            problems.add(("brief", key), f"[brief] {key}: {exc}")

    raw_sources = data.get("source", [])
    if isinstance(raw_sources, dict):
        problems.add(("source",), "[source]: write each source as [[source]] (double brackets)")
        raw_sources = []
    sources = []
    for i, entry in enumerate(raw_sources):
        source = _source_entry(entry, i, base, problems)
        if source is not None:
            sources.append(source)
    if "delivery" in data:  # delivery.py owns [delivery]; checked here so that every problem shows at once
        from briefing.deliver.mail import delivery_problems

        for key, message in delivery_problems(data["delivery"]):
            problems.add(("delivery", key) if key else ("delivery",), f"[delivery] {message}")
    problems.raise_any()
    return Manifest(path=path, sources=tuple(sources), **settings)


def _source_entry(entry: Any, i: int, base: Path, problems: _Problems) -> SourceEntry | None:
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
    for key, parse in (("title", text_of), ("issuer", text_of), ("kind", kind_of), ("date", date_of), ("reliability", text_of)):
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


class _Problems:
    """Problems found in one manifest, each placed on its line."""

    def __init__(self, path: Path, lines: dict[tuple, int]) -> None:
        self.path = path
        self.lines = lines
        self.found: list[tuple[int, str]] = []

    def line(self, where: tuple) -> int:
        """The line of a key, else of its table, else 0 (unknown)."""
        while where:
            if where in self.lines:
                return self.lines[where]
            where = where[:-1]
        return 0

    def add(self, where: tuple, message: str) -> None:
        line = self.line(where)
        self.found.append((line, f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}"))

    def raise_any(self) -> None:
        if self.found:
            raise ConfigError([message for _, message in sorted(self.found, key=lambda f: f[0])])


_HEADER = re.compile(r"\[\s*(?P<name>[^\[\]]+?)\s*\]")
_KEY = re.compile(r"""(?P<key>(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _key_lines(text: str) -> dict[tuple, int]:
    """Where each table and key is in the file: ("brief", "title") -> 4, ("source", 1, "url") -> 12.

    tomllib keeps no positions, so the lines are found with a small scan of the text that knows
    table headers, keys and multi-line strings; it runs only on text tomllib has accepted.
    """
    lines: dict[tuple, int] = {}
    table: tuple = ()
    counts: dict[str, int] = {}
    open_quote: str | None = None
    for no, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if open_quote:
            if s.count(open_quote) % 2 == 1:
                open_quote = None
            continue
        if not s or s.startswith("#"):
            continue
        if s.startswith("[["):
            m = _HEADER.match(s[1:])
            if m:
                name = ".".join(_bare(p) for p in m.group("name").split("."))
                index = counts.get(name, 0)
                counts[name] = index + 1
                table = (name, index)
                lines.setdefault((name,), no)
                lines[table] = no
            continue
        if s.startswith("["):
            m = _HEADER.match(s)
            if m:
                table = tuple(_bare(p) for p in m.group("name").split("."))
                lines[table] = no
            continue
        m = _KEY.match(s)
        if m:
            key = tuple(_bare(p) for p in m.group("key").split("."))
            lines.setdefault(table + key, no)
            rest = s[m.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    open_quote = quote
    return lines


def _bare(part: str) -> str:
    return part.strip().strip("\"'")


def _syntax_problem(path: Path, exc: Exception) -> str:
    message = str(exc)
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if m:
        return f"{path}:{m.group(1)}: {message[: m.start()]} (column {m.group(2)})"
    m = re.search(r"\s*\(at end of document\)\s*$", message)
    if m:
        return f"{path}:{len(path.read_text(errors='replace').splitlines()) or 1}: {message[: m.start()]} (at the end)"
    return f"{path}: {message}"


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regular expression over whole paths: ``**`` spans folders, ``*`` does not."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(r".*")
            i += 2
        elif pattern[i] == "*":
            out.append(r"[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append(r"[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


# ---------------------------------------------------------------------------------------------
# briefing init

STARTER = '''\
# briefing.toml: the sources of a brief and how it is written.
#
# `briefing build` in this folder reads this file. Options on the command line override the
# settings below (e.g. `briefing build --since 24h --format pdf`). Paths are relative to this file.

[brief]
# title = "DPRK troops in Russia"     # default: the most representative source title
page_size = "A4"                      # A4 or Letter
formats = ["md", "pdf", "html", "json"]
out = "output"                        # the output folder
# template_dir = "templates"          # templates here override the shipped ones by file name
# since = "48h"                       # skip feed entries older than this: 90m, 48h, 7d, 2w or a date
follow_links = false                  # true: read each feed entry's linked page, not its summary

# One [[source]] per file, folder, glob, URL or feed: exactly one of path, glob, url or feed.
# Optional overrides for what is read from it: title, issuer, kind, date and reliability (your own
# grading, e.g. "A1" or "high"; it is shown in brief.json).
# Kinds: official statement, joint statement, readout, remarks, press release, transcript,
# news report, feed entry, web page, document.

[[source]]
path = "sources"                      # a file or a folder (read recursively)

# [[source]]
# glob = "saved/**/*.html"            # every match; none today is skipped with a warning

# [[source]]
# url = "https://www.example.org/press/statement-on-the-talks"
# issuer = "Ministry of Foreign Affairs"
# kind = "official statement"
# date = 2024-11-05
# reliability = "A1"

# [[source]]
# feed = "https://www.example.org/press/rss.xml"   # a URL or a file; each entry is a source
# reliability = "B2"
'''


def write_starter(path: Path = Path(MANIFEST), force: bool = False) -> Path:
    """Write the commented starter manifest; refuse to replace an existing file unless forced."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; use --force to overwrite it")
    try:
        path.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it: {exc.strerror or exc}") from None
    return path
