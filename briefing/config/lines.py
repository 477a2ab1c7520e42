"""Where things are in a manifest: each key's line, and problems reported on their lines.

tomllib keeps no positions, so the lines are found with a small scan of the text that knows table
headers, keys and multi-line strings; it runs only on text tomllib has accepted.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing.errors import ConfigError

_HEADER = re.compile(r"\[\s*(?P<name>[^\[\]]+?)\s*\]")
_KEY = re.compile(r"""(?P<key>(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


class Problems:
    """Problems found in one manifest, each placed on its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = key_lines(text)
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
        """Raise one ConfigError listing every problem in line order, if there is any."""
        if self.found:
            raise ConfigError([message for _, message in sorted(self.found, key=lambda f: f[0])])


def key_lines(text: str) -> dict[tuple, int]:
    """Where each table and key is in the file: ("brief", "title") -> 4, ("source", 1, "url") -> 12."""
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
        if s.startswith("["):
            table = _header(s, no, lines, counts) or table
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


def _header(s: str, no: int, lines: dict[tuple, int], counts: dict[str, int]) -> tuple | None:
    """Record a ``[table]`` or ``[[array]]`` header's line; return the table it opens."""
    if s.startswith("[["):
        m = _HEADER.match(s[1:])
        if not m:
            return None
        name = ".".join(_bare(p) for p in m.group("name").split("."))
        index = counts.get(name, 0)
        counts[name] = index + 1
        lines.setdefault((name,), no)
        lines[(name, index)] = no
        return (name, index)
    m = _HEADER.match(s)
    if not m:
        return None
    table = tuple(_bare(p) for p in m.group("name").split("."))
    lines[table] = no
    return table


def _bare(part: str) -> str:
    return part.strip().strip("\"'")


def syntax_problem(path: Path, text: str, exc: Exception) -> str:
    """tomllib's syntax error as one line that starts with the file and line."""
    message = str(exc)
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if m:
        return f"{path}:{m.group(1)}: {message[: m.start()]} (column {m.group(2)})"
    m = re.search(r"\s*\(at end of document\)\s*$", message)
    if m:
        return f"{path}:{len(text.splitlines()) or 1}: {message[: m.start()]} (at the end)"
    return f"{path}: {message}"
