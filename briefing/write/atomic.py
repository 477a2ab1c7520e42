"""Files into place atomically: written to temporary names in the same folder, synced, then renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.errors import OutputError


def write_outputs(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary name first, then rename them all into place.

    A failure before the renames leaves the previous brief untouched; each rename is atomic, so
    every file is always whole, old or new, even if the process is killed. brief.json, which the
    next run compares against and scripts read, is renamed last.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    temps: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            temps.append((name, Path(tmp)))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
    except OSError as exc:
        for _, tmp in temps:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{out}: cannot write the brief: {exc.strerror or exc}") from None
    written = []
    for name, tmp in sorted(temps, key=lambda nt: nt[0] == "brief.json"):
        os.replace(tmp, out / name)
        written.append(out / name)
    _sync_folder(out)
    return written


def _sync_folder(out: Path) -> None:
    """Make the renames durable (a crash of the machine, not just the process)."""
    try:
        fd = os.open(out, os.O_RDONLY)
    except OSError:
        return  # not possible on this system; the renames are done all the same
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; nothing to report
    finally:
        os.close(fd)
