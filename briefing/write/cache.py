"""The build cache: what decided the last brief, so that a run where nothing changed does nothing.

Like Black's cache: ``key`` digests everything that is not an input file — the settings that shape
the brief, the template folders in use, the package's version and code, and the versions of the
engines that lay it out — and ``inputs`` holds one content fingerprint per input file. ``outputs``
records the hash of every file the build wrote, so a brief edited, deleted or half-replaced since
is rebuilt. The cache is JSON in the output folder, replaced atomically and written after the
brief; a missing, corrupt or foreign cache reads as empty, which means a full build.

URL inputs are never fresh: only the server knows whether a page changed, and asking it is what
the build does anyway (with conditional requests when ``ReadOptions.cache_dir`` is set). A build
with URLs always runs, and rewrites nothing when the brief it makes is byte-identical.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from briefing import __version__
from briefing.config.settings import Settings
from briefing.model import Skipped
from briefing.write.atomic import write_file

CACHE_NAME = ".briefing-cache.json"
FORMAT = 1  # bump when the layout of the cache file changes
URL = "url"  # the fingerprint of an input that is a URL: never equal to a content hash
MAX_SIZE = 256 * 1024 * 1024  # a larger cache file is not one this tool wrote: it reads as empty
_ENGINES = ("weasyprint", "pydyf", "fonttools", "jinja2")  # they change the bytes of the outputs


@dataclass(frozen=True)
class Cache:
    """One build's record: its key, its inputs' fingerprints, its outputs' hashes and counts."""

    key: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    sources: int = 0
    items: int = 0
    dropped: int = 0
    skipped: tuple[Skipped, ...] = ()
    day: str = ""  # the run's date, when the brief is dated by it (no source has a date); else ""

    def fresh(self, key: str, inputs: dict[str, str], out: Path, day: str = "") -> bool:
        """Return True when a build now, on ``day``, would write what is already in ``out``."""
        if not self.key or key != self.key or inputs != self.inputs or URL in inputs.values():
            return False
        if self.day and self.day != day:
            return False
        return bool(self.outputs) and all(file_hash(out / name) == digest for name, digest in self.outputs.items())


PACKAGE = Path(__file__).resolve().parents[1]  # all of briefing's code, every stage: a change anywhere rebuilds


def key(settings: Settings, template_roots: list[Path]) -> str:
    """Digest the settings that shape the brief, the templates, the code and the engines' versions."""
    h = hashlib.sha256(f"briefing {__version__} cache {FORMAT}\n".encode())
    shaping = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if not f.metadata.get("run_only")}
    h.update(json.dumps(shaping, sort_keys=True, default=_plain).encode())
    for root in template_roots:
        h.update(f"\ntemplates {len(template_roots)}\n".encode())
        _hash_tree(h, root, "*")
    h.update(b"\ncode\n")
    _hash_tree(h, PACKAGE, "*.py")
    h.update(b"\nengines\n")
    for name in _ENGINES:
        h.update(f"{name} {_version(name)}\n".encode())
    return h.hexdigest()


def fingerprint(inputs: list[str], max_bytes: int | None = None) -> dict[str, str]:
    """Fingerprint every input file by its bytes; a URL gets ``URL``.

    ``stat`` comes first: a file over ``max_bytes``, which the build refuses unread, is fingerprinted
    by its size and modification time, never hashed (a sparse 10 GB file costs nothing); a FIFO or a
    device by what it is, never opened; an unreadable file by its cause.
    """
    found = {}
    for name in inputs:
        if name.startswith(("http://", "https://")):
            found[name] = URL
            continue
        try:
            st = os.stat(name)
            if not stat.S_ISREG(st.st_mode):
                found[name] = f"not a regular file: {stat.S_IFMT(st.st_mode):o}"
            elif max_bytes is not None and st.st_size > max_bytes:
                found[name] = f"too large: {st.st_size} bytes, modified {st.st_mtime_ns}"
            else:
                found[name] = file_hash(Path(name))
        except OSError as exc:  # the build will skip it with the same cause; same cause, same brief
            found[name] = f"unreadable: {exc.strerror or exc}"
    return found


def file_hash(path: Path) -> str:
    """The SHA-256 of a regular file's bytes; "" when there is no such file (or it is not a regular file)."""
    h = hashlib.sha256()
    try:
        # without blocking: a name swapped for a FIFO since it was checked must not hang the run
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (FileNotFoundError, IsADirectoryError):
        return ""
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read(out: Path) -> Cache:
    """The cache in ``out``; an empty one when it is missing, unreadable, corrupt, foreign, larger
    than ``MAX_SIZE`` or nested deeper than the parser's bound (RecursionError)."""
    try:
        with open(out / CACHE_NAME, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_SIZE:
                return Cache()
            text = fh.read(MAX_SIZE + 1).decode("utf-8")
        data = json.loads(text)
        if data.get("format") != FORMAT or data.get("version") != __version__:
            return Cache()
        return Cache(
            key=str(data["key"]),
            inputs={str(k): str(v) for k, v in data["inputs"].items()},
            outputs={str(k): str(v) for k, v in data["outputs"].items()},
            sources=int(data["sources"]),
            items=int(data["items"]),
            dropped=int(data["dropped"]),
            skipped=tuple(Skipped(str(s["path"]), str(s["cause"])) for s in data["skipped"]),
            day=str(data.get("day") or ""),
        )
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return Cache()


def forget(out: Path) -> None:
    """Remove the cache, so that a run that fails before writing a new one leaves the next run to rebuild."""
    try:
        (out / CACHE_NAME).unlink(missing_ok=True)
    except IsADirectoryError:
        pass  # not a cache: it reads as empty all the same
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(out / CACHE_NAME)) from None


def write(out: Path, cache: Cache) -> None:
    """Replace the cache file atomically; raise OSError, whose meaning the caller decides."""
    data = {
        "format": FORMAT,
        "version": __version__,
        "key": cache.key,
        "inputs": dict(sorted(cache.inputs.items())),
        "outputs": dict(sorted(cache.outputs.items())),
        "sources": cache.sources,
        "items": cache.items,
        "dropped": cache.dropped,
        "skipped": [{"path": s.origin, "cause": s.cause} for s in cache.skipped],
        "day": cache.day,
    }
    write_file(out / CACHE_NAME, (json.dumps(data, ensure_ascii=True, indent=1) + "\n").encode("utf-8"))


def _hash_tree(h, root: Path, pattern: str) -> None:
    """Feed every file under ``root`` (names and bytes, sorted; hidden files and caches left out)."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob(pattern)):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts) or not path.is_file():
            continue
        h.update(f"{rel.as_posix()}\0{file_hash(path)}\n".encode())


def _plain(value: object) -> object:
    """JSON for what settings hold besides plain values: paths, dates, nested dataclasses."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"
