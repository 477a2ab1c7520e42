"""History: a dated copy of every brief that changed, in ``<out>/archive/<name>/``, oldest pruned.

A folder is named after the day of the build: ``2024-11-05`` for the day's first, then
``2024-11-05T061502`` (the time, to the second) for later ones that day, then ``-2``, ``-3``, ...
should even that name be taken. The day and time are those of ``now``, which the caller takes from
``SOURCE_DATE_EPOCH`` or the clock, in UTC (config.clock). Each copy is written into a hidden
temporary folder and renamed into place, so an archive folder is always complete. A brief equal to
the newest copy is not copied again. Only folders with names of this form are ever pruned.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

from briefing.errors import OutputError

ARCHIVE = "archive"
TEMP_PREFIX = ".tmp-"
_NAME = re.compile(r"(\d{4}-\d\d-\d\d)(T\d{6})?(?:-(\d+))?")


def folder_name(now: dt.datetime, taken: set[str]) -> str:
    """The name for a copy made at ``now``, given the names already in the archive."""
    day = now.strftime("%Y-%m-%d")
    if day not in taken:
        return day
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    name, n = stamp, 1
    while name in taken:
        n += 1
        name = f"{stamp}-{n}"
    return name


def keep_copy(out: Path, files: dict[str, bytes], now: dt.datetime, keep: int) -> Path | None:
    """Write ``files`` as a new dated copy and prune the oldest beyond ``keep`` (0: no archive).

    Raises OutputError, naming the archive folder, when it cannot be written or pruned.
    """
    if keep <= 0:
        return None
    folder = out / ARCHIVE
    newest = copies(folder)[-1:]
    if newest and all(_same(newest[0] / name, data) for name, data in files.items()):
        return newest[0]  # a run killed after archiving, before replacing the brief, made this copy
    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=folder))
        for name, data in files.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o755)
        final = folder / folder_name(now, {p.name for p in folder.iterdir()})
        os.rename(tmp, final)
        tmp = None
        prune(folder, keep)
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)  # a half-written copy; the error below says why
        raise OutputError(f"{folder}: cannot write the archive: {exc.strerror or exc}; "
                          f"the previous brief is untouched") from None
    return final


def copies(folder: Path) -> list[Path]:
    """The archived copies in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and _NAME.fullmatch(p.name)]
    return sorted(found, key=_order)


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest copies so that at most ``keep`` remain; return what was removed."""
    found = copies(folder)
    gone = found[: max(len(found) - keep, 0)]
    for path in gone:
        shutil.rmtree(path)
    return gone


def remove_temps(out: Path) -> None:
    """Remove half-written copies left by a run that was killed (call with the lock held)."""
    folder = out / ARCHIVE
    if folder.is_dir():
        for path in folder.glob(f"{TEMP_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)  # best effort: the next run tries again


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _order(path: Path) -> tuple[str, str, int]:
    m = _NAME.fullmatch(path.name)
    assert m is not None
    return m.group(1), m.group(2) or "", int(m.group(3) or 1)
