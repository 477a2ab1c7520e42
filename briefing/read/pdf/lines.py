"""The lines of a PDF's pages, with where each starts and its font; running headers, footers and
page numbers dropped.

pypdf's layout-less extraction gives the lines of each page in content order; its ``visitor_text``
hook gives where each line starts (x, y), its font size and whether its font is bold. Lines that
repeat on at least half the pages (digits ignored, so "Page 3 of 7" repeats) at the same height
near the top or bottom of the page are running headers or footers; so are bare page numbers ("3",
"- 3 -", "Page 3", "3 of 7") at the top or bottom of a page.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

_EDGE = 3  # lines at the top and at the bottom of a page that may be headers or footers
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?|seite|página|pagina)?\s*[-–—(\[]?\s*"
    r"(?:\d{1,5}|[ivxlcdm]{1,7})\s*[-–—)\]]?\s*(?:(?:of|/|sur|de|von|di)\s*\d{1,5})?$",
    re.I,
)
_BOLD = re.compile(r"bold|black|heavy|demi|semibold|extrabold", re.I)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# control characters go (a BOM too); non-breaking hyphens are hyphens
CONTROLS = {c: None for c in range(32) if c not in (9, 10, 13)} | {0x7F: None, 0xFEFF: None}
CONTROLS |= {0x2010: "-", 0x2011: "-"}


class Line:
    """One line of a page as extracted: its text, where it starts, its font size and weight."""

    __slots__ = ("text", "x", "y", "size", "bold", "page")

    def __init__(self, text: str, x: float | None, y: float | None, size: float | None, bold: bool | None) -> None:
        self.text = text
        self.x = x
        self.y = y
        self.size = size
        self.bold = bold
        self.page = 0


def page_lines(page) -> list[Line]:
    """The lines of one page in content order, each with where it starts and its font."""
    lines: list[Line] = []
    parts: list[str] = []
    geo: list = [None]  # (x, y, size) of the line's first visible text
    bold: list = [None]

    def flush() -> None:
        text = _clean("".join(parts))
        if text:
            x, y, size = geo[0] or (None, None, None)
            lines.append(Line(text, x, y, size, bold[0]))
        parts.clear()
        geo[0] = None
        bold[0] = None

    def visit(text, cm, tm, font, size) -> None:
        if not text:
            return
        pieces = text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                flush()
            if not piece:
                continue
            parts.append(piece)
            if piece.strip():
                if geo[0] is None:
                    # a line that starts inside a piece of text has no position of its own
                    geo[0] = _geometry(cm, tm, size) if k == 0 else (None, None, _size(cm, tm, size))
                b = _is_bold(font)
                bold[0] = b if bold[0] is None else (bold[0] and b)

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _geometry(cm, tm, size) -> tuple[float | None, float | None, float | None]:
    try:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if not (math.isfinite(x) and math.isfinite(y)):
            return None, None, _size(cm, tm, size)
        return float(x), float(y), _size(cm, tm, size)
    except (TypeError, IndexError, ValueError):
        return None, None, None


def _size(cm, tm, size) -> float | None:
    try:
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        s = abs(float(size)) * math.hypot(c, d)
        return s if math.isfinite(s) and s > 0.5 else None
    except (TypeError, IndexError, ValueError):
        return None


def _is_bold(font) -> bool:
    try:
        name = str(font.get("/BaseFont", "")) if font is not None else ""
    except Exception:  # noqa: BLE001
        return False
    return bool(_BOLD.search(name))


def _clean(text: str) -> str:
    text = text.translate(_LIGATURES).translate(CONTROLS)
    text = _SPACES.sub(" ", text).strip()
    soft = text.endswith("\u00ad")
    text = text.replace("\u00ad", "")
    return text + "\u00ad" if soft and text else text


def unreadable(pages: list[list[Line]]) -> bool:
    """True when most characters are private-use or replacement glyphs: fonts without a text map."""
    total = bad = 0
    for lines in pages:
        for ln in lines:
            for ch in ln.text:
                if ch != " ":
                    total += 1
                    bad += "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd"
    return total > 0 and bad > total / 2


def _edges(lines: list[Line]) -> set[int]:
    """Indexes of the lines at the top and bottom of a page, by position and by content order."""
    idx = set(range(min(2, len(lines)))) | set(range(max(0, len(lines) - 2), len(lines)))
    placed = [i for i, ln in enumerate(lines) if ln.y is not None]
    if placed:
        placed.sort(key=lambda i: lines[i].y)
        idx.update(placed[:_EDGE])
        idx.update(placed[-_EDGE:])
    return idx


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    edges = [_edges(lines) for lines in pages]
    running: set[tuple[int, int]] = set()  # (page, line) of the lines to drop
    n = sum(1 for lines in pages if lines)
    if n >= 2:
        # where each edge line's text stands on each page; repeated at one height on >= half the pages
        seen: dict[str, list[tuple[float | None, int, int]]] = defaultdict(list)
        for p, (lines, edge) in enumerate(zip(pages, edges)):
            for i in edge:
                seen[_signature(lines[i].text)].append((lines[i].y, p, i))
        need = max(2, math.ceil(n / 2))
        for sig, places in seen.items():
            if len({p for _, p, _ in places}) < need:
                continue
            for cluster in _clusters(places):
                if len({p for _, p, _ in cluster}) >= need:
                    running.update((p, i) for _, p, i in cluster)
    out = []
    for p, (lines, edge) in enumerate(zip(pages, edges)):
        kept = []
        for i, ln in enumerate(lines):
            if (p, i) in running or (i in edge and _PAGE_NUMBER.match(ln.text)):
                continue
            kept.append(ln)
        out.append(kept)
    return out


def _clusters(places: list[tuple[float | None, int, int]]) -> list[list[tuple[float | None, int, int]]]:
    """Group occurrences by height (within 3 points); occurrences without a height form one group."""
    groups: list[list] = []
    unknown = [pl for pl in places if pl[0] is None]
    if unknown:
        groups.append(unknown)
    start = None
    for pl in sorted((pl for pl in places if pl[0] is not None), key=lambda pl: pl[0]):
        if start is None or pl[0] - start > 3:
            start = pl[0]
            groups.append([])
        groups[-1].append(pl)
    return groups
