"""A PDF's lines rebuilt into paragraphs (all of it linear in the number of lines).

* A paragraph ends at a vertical gap larger than the usual line spacing, at a change of font size
  or weight (headings), at a list item (a bullet starting the line, or a bullet or number drawn
  apart at the line's height), at a first-line indent after a sentence, or after a line that ends
  a sentence well short of the usual line length. A paragraph that does not end a sentence at the
  bottom of a page continues on the next; its Block carries the page (1-based) where it starts.
* A word hyphenated at a line end is joined ("inter-" + "national" -> "international") unless the
  next part starts with a capital or a digit ("Indo-" + "Pacific"), the document spells the word
  with a hyphen elsewhere, or the first part is a prefix that usually keeps its hyphen ("self-").
* Lines in a clearly larger font, or short bold lines, are headings.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from briefing.model import Block
from briefing.read.pdf.lines import Line

_BULLET = re.compile(r"^[•◦▪▫●○■□‣⁃∙·]\s*")
_MARKER = re.compile(r"^(?:[•◦▪▫●○■□‣⁃∙·–-]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Prefixes that keep their hyphen when a line breaks after them ("self-\nreliance").
_KEEP_HYPHEN = frozenset("self ex all half well so quasi cross non".split())


def paragraphs(pages: list[list[Line]]) -> list[Block]:
    """Rebuild the paragraphs of the pages' lines; each Block carries the page where it starts."""
    lines = [ln for page in pages for ln in page]
    if not lines:
        return []
    body = _body_size(lines)
    spacing = _line_spacing(pages, body)
    lengths = sorted(len(ln.text) for ln in lines if _same_size(ln.size, body, body))
    typical = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
    vocab, hyphenated = _vocabulary(lines)
    markers, marked = _markers(lines)

    blocks: list[Block] = []
    cur: list[Line] = []
    text = ""

    def flush() -> None:
        nonlocal text
        t = " ".join(text.replace("\u00ad", "").split())
        if t:
            blocks.append(Block(t, page=cur[0].page, heading=_is_heading(cur, t, body)))
        cur.clear()
        text = ""

    prev: Line | None = None
    for ln in lines:
        if id(ln) in markers:
            continue
        line_text = ln.text
        bullet = _BULLET.match(line_text)
        if bullet:
            line_text = line_text[bullet.end():]
            if not line_text:
                continue
        item = bullet or id(ln) in marked
        if prev is not None and (item or _breaks(prev, ln, body, spacing, typical)):
            flush()
        if not cur:
            text = line_text
        else:
            text = _join(text, line_text, vocab, hyphenated)
        cur.append(ln)
        prev = ln
    flush()
    return blocks


def _breaks(a: Line, b: Line, body: float | None, spacing: float | None, typical: int) -> bool:
    """True when line ``b`` starts a new paragraph after line ``a``."""
    ends = bool(_SENTENCE_END.search(a.text))
    if not _same_size(a.size, b.size, body) or (a.bold is not None and b.bold is not None and a.bold != b.bold):
        return True
    if a.page != b.page:
        return ends  # a paragraph that does not end a sentence continues on the next page
    if a.y is not None and b.y is not None:
        size = a.size or body or 10.0
        dy = a.y - b.y  # positive going down the page
        if abs(dy) < 0.5 * size:
            return False  # the same visual line, broken up by the extraction
        if dy < 0:
            return ends  # moved up: a new column or a frame placed out of order
        expected = spacing * (size / body) if spacing and body else 1.25 * size
        if dy > 1.3 * expected:
            return True
    if ends and a.x is not None and b.x is not None and 0.8 * (b.size or 10.0) < b.x - a.x < 4 * (b.size or 10.0):
        return True  # a first-line indent after the end of a sentence
    return ends and typical > 0 and len(a.text) < 0.7 * typical


def _same_size(a: float | None, b: float | None, body: float | None) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= 0.12 * (body or max(a, b))


def _body_size(lines: list[Line]) -> float | None:
    sizes: Counter = Counter()
    for ln in lines:
        if ln.size:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _line_spacing(pages: list[list[Line]], body: float | None) -> float | None:
    """The most common distance between consecutive body lines: the line spacing."""
    if not body:
        return None
    gaps: Counter = Counter()
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if a.y is None or b.y is None or not (_same_size(a.size, body, body) and _same_size(b.size, body, body)):
                continue
            dy = a.y - b.y
            if 0.5 * body < dy < 3 * body:
                gaps[round(dy * 2) / 2] += 1
    if not gaps:
        return None
    # the smallest of the frequent distances: paragraph gaps are frequent too in short documents
    top = gaps.most_common(1)[0][1]
    spacing = min(g for g, c in gaps.items() if c >= 0.5 * top)
    if sum(gaps.values()) < 4:
        spacing = min(spacing, 1.25 * body)  # too few lines to tell line spacing from paragraph gaps
    return spacing


def _markers(lines: list[Line]) -> tuple[set[int], set[int]]:
    """List bullets and numbers drawn apart from their items' text, as some producers do.

    Returns the ids of such marker lines (dropped) and of the lines they mark (each starts a block):
    each marker marks the nearest line to its right at the same height.
    """
    rows: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for ln in lines:
        if ln.y is not None and ln.x is not None:
            rows[(ln.page, round(ln.y))].append(ln)
    markers: set[int] = set()
    marked: set[int] = set()
    for ln in lines:
        if ln.y is None or ln.x is None or not _MARKER.match(ln.text):
            continue
        best = None
        for d in (-1, 0, 1):
            for other in rows.get((ln.page, round(ln.y) + d), ())[:50]:  # bounded: hostile rows
                if (
                    other.x > ln.x
                    and abs(other.y - ln.y) < 0.3 * (ln.size or 10.0)
                    and not _MARKER.match(other.text)
                    and (best is None or other.x < best.x)
                ):
                    best = other
        if best is not None:
            markers.add(id(ln))
            marked.add(id(best))
    return markers, marked


def _is_heading(lines: list[Line], text: str, body: float | None) -> bool:
    words = len(text.split())
    size = lines[0].size
    if body and size and size >= 1.15 * body and words <= 20:
        return True
    bold = all(ln.bold for ln in lines)
    return bold and words <= 15 and not re.search(r"[.!?,;][\"'”’)\]]*$", text)


def _vocabulary(lines: list[Line]) -> tuple[set[str], set[str]]:
    """The document's words: plain ones, and the parts of hyphenated ones ("cross-" and "-border")."""
    plain: set[str] = set()
    hyphenated: set[str] = set()
    for ln in lines:
        for w in _WORD.findall(ln.text.lower()):
            if "-" in w:
                hyphenated.add(w)
                parts = w.split("-")
                hyphenated.update(p + "-" for p in parts[:-1])
                hyphenated.update("-" + p for p in parts[1:])
            else:
                plain.add(w)
    return plain, hyphenated


def _join(text: str, nxt: str, vocab: set[str], hyphenated: set[str]) -> str:
    """Append line ``nxt`` to ``text``, undoing hyphenation at the line end."""
    if text.endswith("\u00ad"):
        return text[:-1] + nxt
    if not text.endswith("-") or len(text) < 2 or not text[-2].isalnum():
        if text.endswith(("—", "/")):
            return text + nxt
        return text + " " + nxt  # also "word -" + "next": a dash, not a hyphen
    first = nxt[:1]
    if not (text[-2].isalpha() and first.isalpha() and first.islower()):
        return text + nxt  # "Indo-" + "Pacific", "2023-" + "24": a real hyphen
    m = re.search(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$", text)
    left = (m.group(1) if m else "").lower()
    right_m = _WORD.match(nxt.lower())
    right = right_m.group(0) if right_m else ""
    last, next_part = left.rsplit("-", 1)[-1], right.split("-", 1)[0]
    if (last + next_part) in vocab:
        return text[:-1] + nxt  # the document spells the word whole elsewhere
    keep = (
        f"{left}-{right}" in hyphenated  # ... or with its hyphen
        or "-" in left  # "state-of-" + "the-art"
        or last in _KEEP_HYPHEN
        or last + "-" in hyphenated  # "fast-" as in "fast-moving" elsewhere
        or "-" + next_part in hyphenated  # "-led" as in "Saudi-led" elsewhere
    )
    return text + nxt if keep else text[:-1] + nxt
