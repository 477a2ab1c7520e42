"""The inputs of a build: folders, globs, files and URLs expanded into the list of sources to read.

A folder or a glob never reads outside itself through a symbolic link: a link to a file outside
the named folder (the glob's folder: the part of the pattern before its first wildcard) is skipped
with its cause unless ``ReadOptions.follow_symlinks`` is set, and links to folders are never
followed, so a link loop costs nothing. Only regular files are read from a folder: a FIFO, a device
or a socket (or a link to one) is skipped with its cause. Each real file is read once, whatever
names lead to it. A file named on its own is the user's choice and is read even through a link;
the reader refuses it when it is not a regular file. Beyond ``max_sources`` inputs only the
newest are kept.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterator

from wcmatch import glob as wcglob

from briefing.errors import InputError
from briefing.model import Skipped
from briefing.read import READERS
from briefing.read.base import ReadOptions, file_kind

_IGNORED_DIRS = {"output", "archive", "__pycache__", "node_modules"}
_WILDCARDS = "*?["
_GLOB_FLAGS = wcglob.GLOBSTAR  # ``**`` spans folders and, without FOLLOW, never enters a linked one


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def is_glob(value: str) -> bool:
    """A path with wildcards (``*``, ``?``, ``[...]``) that does not name an existing file."""
    return any(c in value for c in _WILDCARDS) and not os.path.lexists(value)


def collect(paths: tuple[str, ...] | list[str], out: Path | None = None,
            skipped: list[Skipped] | None = None, options: ReadOptions | None = None) -> list[str]:
    """Expand folders and globs into their files (sorted, hidden files and the output folder left out).

    What is left out with a cause (a glob that matches nothing, a link out of its folder, a FIFO,
    the files beyond ``max_sources``) goes to ``skipped``; without it, a glob that matches nothing
    is an error and the rest are left out silently.
    """
    options = options or ReadOptions()
    notes: list[Skipped] = []
    found: dict[str, str] = {}  # input -> the named path it came from
    walk = _Walk(out.resolve() if out else None, options.follow_symlinks, notes)
    for raw in paths:
        if is_url(raw):
            files = [raw]
        elif is_glob(raw):
            files = walk.glob(raw)
            if not files and skipped is None:
                raise InputError(f"{raw}: no files match")
            if not files:
                notes.append(Skipped(raw, "no files match"))
        else:
            files = _named(raw, walk)
        for name in files:
            found.setdefault(name, raw)
    kept = _newest(found, options.max_sources, notes)
    if skipped is not None:
        skipped.extend(notes)
    return kept


def source_suffixes() -> set[str]:
    """File endings a folder is searched for; a file named on its own is always read."""
    return {suffix for reader in READERS for suffix in reader.suffixes if suffix} | {".xml", ".text"}


def _named(raw: str, walk: _Walk) -> list[str]:
    """A path the user named: its files when it is a folder, else itself (whatever it is)."""
    try:
        st = os.stat(raw)
    except FileNotFoundError:
        raise InputError(f"{raw}: no such file or folder") from None
    except OSError as exc:
        raise InputError(f"{raw}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(st.st_mode):
        return [raw]  # a file, or a FIFO or device the reader refuses with its cause
    noted = len(walk.notes)
    files = walk.folder(Path(raw))
    if not files and len(walk.notes) == noted:
        raise InputError(f"{raw}: folder holds no files to read (looked for {', '.join(sorted(source_suffixes()))})")
    return files


class _Walk:
    """Find the files of folders and globs: regular files only, no link followed out of its folder."""

    def __init__(self, out: Path | None, follow_symlinks: bool, notes: list[Skipped]) -> None:
        self.out = out
        self.follow = follow_symlinks
        self.notes = notes
        self.seen: set[tuple[int, int]] = set()  # (device, inode) of every file taken, across inputs
        self.suffixes = source_suffixes()

    def folder(self, root: Path) -> list[str]:
        """The files under ``root`` with a source suffix, hidden and ignored names left out (and links
        to folders, to say so when they lead out of ``root``)."""
        if self._in_out(root):
            return []  # the output folder (or a folder in it) holds what builds wrote, not sources
        names = [p for p in self._tree(root) if p.suffix.lower() in self.suffixes or p.is_symlink() and p.is_dir()]
        return self._taken(sorted(names), root.resolve(), str(root))

    def glob(self, pattern: str) -> list[str]:
        """The files matching ``pattern`` (``**`` spans folders), never through a linked folder."""
        base = _literal_base(pattern)
        names = []
        for match in wcglob.glob(pattern, flags=_GLOB_FLAGS):
            if not _through_link(Path(match), base) and not self._in_out(Path(match)):
                names.append(Path(match))
        return self._taken(sorted(names), base.resolve(), str(base))

    def _tree(self, root: Path) -> Iterator[Path]:
        """Every entry under ``root`` that is not a real folder; real folders are entered, linked ones never."""
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = list(it)
            except OSError:
                continue  # an unreadable subfolder holds nothing we can read
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in _IGNORED_DIRS and not self._in_out(path):
                        stack.append(path)
                else:
                    yield path

    def _in_out(self, path: Path) -> bool:
        if self.out is None:
            return False
        real = path.resolve()
        return real == self.out or self.out in real.parents

    def _taken(self, paths: list[Path], root: Path, named: str) -> list[str]:
        """The paths that are regular files inside ``root``, each real file once; the rest noted."""
        files, links = [], []
        for path in paths:
            (links if path.is_symlink() else files).append(path)
        taken = []
        for path in files + links:  # a real name before a link to the same file
            key = self._admit(path, root, named)
            if key is not None and key not in self.seen:
                self.seen.add(key)
                taken.append(path)
        return [str(p) for p in sorted(taken)]

    def _admit(self, path: Path, root: Path, named: str) -> tuple[int, int] | None:
        """The file's identity when it may be read; else None (noted when the user should know)."""
        link = path.is_symlink()
        try:
            st = path.stat()
        except OSError:
            if link:
                self.notes.append(Skipped(str(path), "a symbolic link to nothing"))
            return None
        if stat.S_ISDIR(st.st_mode):
            if link and not _inside(path.resolve(), root):
                self.notes.append(Skipped(str(path), f"a symbolic link to a folder outside {named} "
                                                     f"(links to folders are not followed; name the folder itself)"))
            return None
        if not stat.S_ISREG(st.st_mode):
            what = "a symbolic link to " + file_kind(st.st_mode) if link else file_kind(st.st_mode)
            self.notes.append(Skipped(str(path), f"{what}, not a regular file"))
            return None
        if link and not self.follow and not _inside(path.resolve(), root):
            self.notes.append(Skipped(str(path), f"a symbolic link to a file outside {named} "
                                                 f"(not read; --follow-symlinks reads it)"))
            return None
        return (st.st_dev, st.st_ino)


def _inside(real: Path, root: Path) -> bool:
    return real == root or root in real.parents


def _literal_base(pattern: str) -> Path:
    """The folder a glob searches: its path up to the first part with a wildcard."""
    parts = Path(pattern).parts
    literal = []
    for part in parts[:-1]:
        if any(c in part for c in _WILDCARDS):
            break
        literal.append(part)
    return Path(*literal) if literal else Path(".")


def _through_link(match: Path, base: Path) -> bool:
    """True when ``match`` lies below a linked folder under ``base`` (its own name may be a link)."""
    try:
        rel = match.parent.relative_to(base)
    except ValueError:
        return False
    folder = base
    for part in rel.parts:
        folder = folder / part
        if folder.is_symlink():
            return True
    return False


def _newest(found: dict[str, str], limit: int, notes: list[Skipped]) -> list[str]:
    """All inputs, or past ``limit`` the newest files (URLs first: each was named); the rest noted per named path."""
    if len(found) <= limit:
        return list(found)
    urls = [name for name in found if is_url(name)][:limit]

    def age(name: str) -> tuple[float, str]:
        try:
            return (-os.stat(name).st_mtime, name)
        except OSError:
            return (0.0, name)

    files = sorted((name for name in found if not is_url(name)), key=age)[: max(limit - len(urls), 0)]
    kept = set(urls) | set(files)
    lost: dict[str, int] = {}
    for name, raw in found.items():
        if name not in kept:
            lost[raw] = lost.get(raw, 0) + 1
    for raw, n in lost.items():
        notes.append(Skipped(raw, f"{n:,} of its files not read: a build reads at most {limit:,} sources, "
                                  f"the newest files first (max_sources)"))
    return [name for name in found if name in kept]
