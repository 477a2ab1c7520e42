"""History: a dated copy of every brief that changed, in ``<out>/archive/<name>/``, oldest pruned.

A folder is named after the day of the build: ``2024-11-05`` for the day's first, then
``2024-11-05T061502`` (the time, to the second) for later ones that day, then ``-2``, ``-3``, ...
should even that name be taken. The day and time are those of ``now``, which the caller takes from
``SOURCE_DATE_EPOCH`` or the clock, in UTC. Each copy is written into a hidden temporary folder
and renamed into place (atomic.write_folder), so an archive folder is always complete. A brief
equal to the newest copy is not copied again. Only folders with names of this form are ever pruned.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from briefing.errors import OutputError
from briefing.write.atomic import write_folder

ARCHIVE = "archive"
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
    newest = dated_copies(folder)[-1:]
    if newest and all(_same(newest[0] / name, data) for name, data in files.items()):
        return newest[0]  # a run killed after archiving, before replacing the brief, made this copy
    try:
        folder.mkdir(parents=True, exist_ok=True)
        final = write_folder(folder / folder_name(now, {p.name for p in folder.iterdir()}), files)
        prune(folder, keep)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write the archive: {exc.strerror or exc}; "
                          f"the previous brief is untouched") from None
    return final


def dated_copies(folder: Path) -> list[Path]:
    """The archived copies in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and _NAME.fullmatch(p.name)]
    return sorted(found, key=_order)


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest copies so that at most ``keep`` remain; return what was removed."""
    found = dated_copies(folder)
    gone = found[: max(len(found) - keep, 0)]
    for path in gone:
        shutil.rmtree(path)
    return gone


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _order(path: Path) -> tuple[str, str, int]:
    m = _NAME.fullmatch(path.name)
    assert m is not None
    return m.group(1), m.group(2) or "", int(m.group(3) or 1)
