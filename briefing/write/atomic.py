"""Files into place atomically: written under temporary names beside their target, synced, renamed.

Three primitives, each raising OSError for its caller to name: ``write_file`` (one file),
``write_files`` (a set of files written first, then renamed together) and ``write_folder`` (a new
folder, written hidden and renamed into place whole). A reader never sees half a file; a process
killed midway leaves only temporaries, which ``remove_temps`` clears on the next run.
``write_outputs`` puts a brief into its output folder with them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from briefing.errors import OutputError

TEMP_SUFFIX = ".tmp"  # temporary files: .<name>.<random>.tmp beside their target
TEMP_FOLDER = ".tmp-"  # temporary folders: .tmp-<random> beside their target


def write_file(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace one file with ``data``: readers see the old bytes or the new, never a mix."""
    tmp = _temp_file(path.parent, path.name, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_files(folder: Path, files: dict[str, bytes], mode: int = 0o644) -> list[Path]:
    """Write every file to a temporary name, then rename them in order; return the paths.

    A failure while writing removes the temporaries and leaves ``folder`` as it was; each rename
    is atomic, so every file is always whole, old or new, even if the process is killed.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            temps.append((_temp_file(folder, name, data, mode), folder / name))
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    done = 0
    try:
        for tmp, target in temps:
            os.replace(tmp, target)
            done += 1
    except BaseException:
        for tmp, _ in temps[done:]:
            tmp.unlink(missing_ok=True)
        raise
    sync_folder(folder)
    return [target for _, target in temps]


def write_folder(target: Path, files: dict[str, bytes], mode: int = 0o755) -> Path:
    """Create the folder ``target`` holding ``files``: written hidden beside it, then renamed whole."""
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_FOLDER, dir=target.parent))
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # a half-written folder; the error says why
        raise
    sync_folder(target.parent)
    return target


def remove_temps(folder: Path) -> None:
    """Remove the temporaries a killed run left in ``folder`` (call with the folder's lock held).

    Raises OSError naming a temporary file that cannot be removed; a temporary folder that cannot
    be removed is left for the next run (it is hidden and never read).
    """
    if not folder.is_dir():
        return
    for path in folder.glob(f".*{TEMP_SUFFIX}"):
        path.unlink(missing_ok=True)
    for path in folder.glob(f"{TEMP_FOLDER}*"):
        shutil.rmtree(path, ignore_errors=True)


def sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (a crash of the machine, not just the process)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on this system; the renames are done all the same
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; nothing to report
    finally:
        os.close(fd)


def _temp_file(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """Write ``data`` to a synced temporary file beside ``folder / name``; return its path."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_outputs(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Put a brief's files into ``out`` together; brief.json, which the next run compares
    against and scripts read, is renamed last. Raises OutputError naming ``out``."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    ordered = dict(sorted(files.items(), key=lambda item: item[0] == "brief.json"))
    try:
        return write_files(out, ordered)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the brief: {exc.strerror or exc}") from None
