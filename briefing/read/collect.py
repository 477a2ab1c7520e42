"""The inputs of a build: folders, globs, files and URLs expanded into the list of sources to read."""

from __future__ import annotations

import glob
import os
from pathlib import Path

from briefing.errors import InputError
from briefing.model import Skipped
from briefing.read import READERS

_IGNORED_DIRS = {"output", "archive", "__pycache__", "node_modules"}


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def is_glob(value: str) -> bool:
    """A path with wildcards (``*``, ``?``, ``[...]``) that does not name an existing file."""
    return any(c in value for c in "*?[") and not os.path.exists(value)


def collect(paths: tuple[str, ...] | list[str], out: Path | None = None,
            skipped: list[Skipped] | None = None) -> list[str]:
    """Expand folders and globs into their files (sorted, hidden files and the output folder left out).

    A glob that matches nothing is added to ``skipped`` (an error without it).
    """
    found: list[str] = []
    out_resolved = out.resolve() if out else None
    for raw in paths:
        if is_url(raw):
            found.append(raw)
            continue
        if is_glob(raw):
            matches = [m for m in sorted(glob.glob(raw, recursive=True)) if os.path.isfile(m)
                       and not (out_resolved and out_resolved in Path(m).resolve().parents)]
            if not matches and skipped is None:
                raise InputError(f"{raw}: no files match")
            if not matches:
                skipped.append(Skipped(raw, "no files match"))
            found.extend(matches)
            continue
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{raw}: no such file or folder")
        if p.is_file():
            found.append(str(p))
            continue
        files = []
        for child in sorted(p.rglob("*")):
            rel = child.relative_to(p).parts
            if any(part.startswith(".") or part in _IGNORED_DIRS for part in rel):
                continue
            if out_resolved and (child.resolve() == out_resolved or out_resolved in child.resolve().parents):
                continue
            if child.is_file() and child.suffix.lower() in source_suffixes():
                files.append(str(child))
        if not files:
            raise InputError(f"{raw}: folder holds no files to read (looked for {', '.join(sorted(source_suffixes()))})")
        found.extend(files)
    return list(dict.fromkeys(found))


def source_suffixes() -> set[str]:
    """File endings a folder is searched for; a file named on its own is always read."""
    return {suffix for reader in READERS for suffix in reader.suffixes if suffix} | {".xml", ".text"}
