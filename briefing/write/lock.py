"""One run at a time per output folder: an advisory lock on ``.briefing.lock`` inside it.

The lock is ``fcntl.flock``, which the kernel releases when the holding process ends however it
ends, so a lock file left behind by a killed run never blocks the next one. Forked children (the
analysis's worker processes) close their copy of the lock at once, so that workers outliving a
killed run cannot keep its lock. The file records the holder's pid and start time, for the message
the next run gives. It is left in place on release: deleting it would let a waiting run and a new
run lock two different files.

Anyone who may write to a shared output folder may also plant a name there, so the lock file is
opened without following a symbolic link, must be a regular file with no other name (a hard link
to another file is refused), must look like a lock file this tool wrote, and is never truncated:
the record is written over its first bytes at a fixed width.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from briefing.errors import LockedError, OutputError

LOCK_NAME = ".briefing.lock"
POLL = 0.1  # seconds between attempts while waiting
RECORD = 80  # bytes of the "pid ... started ..." record, padded: every record overwrites the last whole
_OPEN = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_HELD: set[int] = set()  # this process's lock descriptors


def _close_in_child() -> None:
    """In a forked child, drop the inherited lock descriptors (closing, never unlocking: the lock
    belongs to the parent and stays held by its descriptor)."""
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass  # already closed by the child: nothing held
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


@contextmanager
def hold(out: Path, wait: float, started: dt.datetime,
         progress: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock on ``out`` for the block, waiting up to ``wait`` seconds for another run.

    Raises LockedError naming the folder and the holder's pid when the wait runs out.
    """
    import fcntl  # here, not above: Unix only, and the rest of this module imports anywhere

    path = out / LOCK_NAME
    fd = _open(out, path)
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockedError(_locked_message(out, path, wait)) from None
                if progress and not told:
                    progress(f"waiting up to {wait:g}s for {holder(path)} to finish with {out}")
                    told = True
                time.sleep(POLL)
        _HELD.add(fd)
        try:
            record = f"pid {os.getpid()} started {started.isoformat(timespec='seconds')}"
            os.pwrite(fd, (record.ljust(RECORD - 1)[: RECORD - 1] + "\n").encode(), 0)
        except OSError as exc:  # a full disk, a file size limit
            raise OutputError(f"{out}: cannot write the lock file {LOCK_NAME}: {exc.strerror or exc}") from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        _HELD.discard(fd)
        os.close(fd)


def _open(out: Path, path: Path) -> int:
    """Open (or create) the lock file: never through a link, only a regular file this tool wrote."""
    try:
        fd = os.open(path, _OPEN, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"{path}: is a symbolic link, not a lock file this tool made; remove it") from None
        raise OutputError(f"{out}: cannot create the lock file {LOCK_NAME}: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        head = os.pread(fd, 4, 0) if stat.S_ISREG(st.st_mode) else b""
    except OSError as exc:
        os.close(fd)
        raise OutputError(f"{out}: cannot read the lock file {LOCK_NAME}: {exc.strerror or exc}") from None
    problem = ("not a regular file" if not stat.S_ISREG(st.st_mode)
               else "another name for a file elsewhere (a hard link)" if st.st_nlink != 1
               else "not a lock file this tool made" if head not in (b"", b"pid ") or st.st_size > 4 * RECORD
               else None)
    if problem:
        os.close(fd)
        raise OutputError(f"{path}: {problem}; remove it")
    return fd


def holder(path: Path) -> str:
    """Who holds the lock, as its file says: "pid 4242 (started 2024-11-05T06:00:01+00:00)"."""
    try:
        words = path.read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        words = []
    if len(words) >= 4 and words[0] == "pid" and words[2] == "started":
        return f"pid {words[1]} (started {words[3]})"
    if len(words) >= 2 and words[0] == "pid":
        return f"pid {words[1]}"
    return "another run"


def _locked_message(out: Path, path: Path, wait: float) -> str:
    waited = f" after waiting {wait:g}s" if wait > 0 else ""
    return (f"{out}: another build is writing this folder: {holder(path)}; still locked{waited} "
            f"(try again later, or pass --wait SECONDS)")
