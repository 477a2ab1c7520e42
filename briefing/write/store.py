"""The per-source store: what reading, settling and summarising each source gave, kept between builds.

An embedded SQLite database (``OUT/.briefing-store.sqlite``, or the ``[store] path`` of the manifest,
so that several briefs share one) maps a key to a value. The keys are digests of everything that
decides the value (sourcework.py makes them: the code's digest, the reading settings, and the
input's bytes or the settled source), so an entry never goes stale: a changed input or new code
has another key. Values are pickled and compressed; only briefing's model classes, dates and
frozensets are unpickled from a store, never anything that runs code. Workers ``encode`` what they
make, so that results travel compressed and the client stores them as they came.

A store is never the reason a build fails. One that cannot be opened, is corrupt, or has another
layout is deleted and made anew; one that another build keeps locked longer than ``LOCK_WAIT``
seconds is left alone and the build runs without it (with a warning); a damaged entry is a miss.
Its size is bounded: when a build ends, the entries whose last use is oldest are deleted until it
holds at most ``max_mb``. Each build is one use of every entry it read or wrote.
"""

from __future__ import annotations

import io
import logging
import pickle
import sqlite3
import zlib
from pathlib import Path
from typing import Any, Iterable

log = logging.getLogger(__name__)

FORMAT = "1"  # bump when the tables or the encoding of values change
LOCK_WAIT = 10.0  # seconds to wait for another build's write to the store
_BATCH = 500  # keys per query (SQLite's variable limit is 999 on old builds)
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, value BLOB NOT NULL, size INTEGER NOT NULL, "
    "used INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS entry_used ON entry (used)",
)
# what a stored value may be made of: the model's dataclasses, dates, frozensets; nothing that runs code
_ALLOWED = {("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set")}
_MODULES = ("briefing.model", "briefing.analyse.duplicates", "briefing.sourcetasks")


class Store:
    """A per-source store at ``path``, or none (``path`` None, or it could not be used)."""

    def __init__(self, path: Path | None, max_mb: int) -> None:
        self.path = path
        self.max_bytes = max_mb * 1024 * 1024
        self.run = 0
        self.db: sqlite3.Connection | None = None
        if path is not None:
            self.db = _open(path)
            if self.db is not None:
                self.run = self._begin()

    def get(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values of ``keys`` that are there and whole; each counts as used by this build."""
        found: dict[str, Any] = {}
        keys = list(keys)
        if self.db is None or not keys:
            return found
        try:
            for start in range(0, len(keys), _BATCH):
                part = keys[start:start + _BATCH]
                rows = self.db.execute(f"SELECT key, value FROM entry WHERE key IN ({','.join('?' * len(part))})", part)
                for key, blob in rows.fetchall():
                    value = decode(blob)
                    if value is not None:
                        found[key] = value
                self.db.execute(f"UPDATE entry SET used = ? WHERE key IN ({','.join('?' * len(part))})",
                                [self.run, *part])
            self.db.commit()
        except sqlite3.Error as exc:
            self._fail(exc)
        return found

    def put(self, blobs: dict[str, bytes]) -> None:
        """Keep values, ``encode``d, by key (committed at once: a build stopped later loses none of them)."""
        if self.db is None or not blobs:
            return
        rows = [(key, blob, len(blob), self.run) for key, blob in blobs.items()]
        try:
            self.db.executemany("INSERT OR REPLACE INTO entry (key, value, size, used) VALUES (?, ?, ?, ?)", rows)
            self.db.commit()
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        """Evict the entries used longest ago until the store is within its size; close it."""
        if self.db is None:
            return
        try:
            self._evict()
            self.db.commit()
        except sqlite3.Error as exc:
            self._fail(exc)
        if self.db is not None:
            self.db.close()
            self.db = None

    def size(self) -> int:
        """The bytes of the stored values."""
        if self.db is None:
            return 0
        return int(self.db.execute("SELECT COALESCE(SUM(size), 0) FROM entry").fetchone()[0])

    def _begin(self) -> int:
        """Count this build as the store's next use; return its number."""
        assert self.db is not None
        try:
            row = self.db.execute("SELECT value FROM meta WHERE name = 'run'").fetchone()
            run = int(row[0]) + 1 if row else 1
            self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('run', ?)", (str(run),))
            self.db.commit()
            return run
        except (sqlite3.Error, ValueError) as exc:
            self._fail(exc)
            return 0

    def _evict(self) -> None:
        assert self.db is not None
        total = self.size()
        if total <= self.max_bytes:
            return
        rows = self.db.execute("SELECT key, size FROM entry ORDER BY used, key").fetchall()
        doomed = []
        for key, size in rows:
            if total <= self.max_bytes:
                break
            doomed.append((key,))
            total -= size
        self.db.executemany("DELETE FROM entry WHERE key = ?", doomed)

    def _fail(self, exc: Exception) -> None:
        """A store that fails mid-build is dropped for the rest of the build (and made anew by the next)."""
        log.warning("%s: the store failed (%s); building without it", self.path, exc)
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None


def _open(path: Path) -> sqlite3.Connection | None:
    """Connect to the store at ``path``, made anew when it is not a store of this format; None if locked."""
    for attempt in (1, 2):
        try:
            db = _connect(path)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                log.warning("%s: another build holds the store; building without it", path)
                return None
            if attempt == 2:
                log.warning("%s: the store cannot be used (%s); building without it", path, exc)
                return None
            _remove(path)
        except (sqlite3.DatabaseError, ValueError):
            if attempt == 2:
                return None
            _remove(path)  # corrupt or not a database: made anew
        else:
            return db
    return None


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=LOCK_WAIT, isolation_level="DEFERRED")
    try:
        # a store is a cache: after a crash it is checked and, if need be, made anew, so writes
        # need not wait for the disk
        db.execute("PRAGMA synchronous = OFF")
        found = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        version = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone() if found else None
        if found and (version is None or version[0] != FORMAT):
            raise ValueError(f"store format {version[0] if version else '?'}, not {FORMAT}")
        for statement in _SCHEMA:
            db.execute(statement)
        db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('format', ?)", (FORMAT,))
        db.commit()
    except BaseException:
        db.close()
        raise
    return db


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            name.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("%s: cannot remove the old store: %s", name, exc.strerror or exc)


class _ModelUnpickler(pickle.Unpickler):
    """Unpickle only what a stored value is made of."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module in _MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a stored value")


def encode(value: Any) -> bytes:
    """The bytes a value is stored (and sent back by a worker) as: pickled, compressed."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def decode(blob: bytes) -> Any:
    """The value ``encode`` made, or None when the bytes are damaged or not a stored value."""
    try:
        return _ModelUnpickler(io.BytesIO(zlib.decompress(blob))).load()
    except Exception:  # noqa: BLE001 - a damaged entry is a miss, never an error
        return None
