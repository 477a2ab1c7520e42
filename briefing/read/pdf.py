"""PDF: the text layer, rebuilt into paragraphs, with running headers, footers and page numbers dropped.

How the text is rebuilt (all of it linear in the number of lines):

* pypdf's layout-less extraction gives the lines of each page in content order; its ``visitor_text``
  hook gives where each line starts (x, y), its font size and whether its font is bold.
* Lines that repeat on at least half the pages (digits ignored, so "Page 3 of 7" repeats) at the
  same height near the top or bottom of the page are running headers or footers and are dropped;
  so are bare page numbers ("3", "- 3 -", "Page 3", "3 of 7") at the top or bottom of a page.
* A paragraph ends at a vertical gap larger than the usual line spacing, at a change of font size
  or weight (headings), at a list item (a bullet starting the line, or a bullet or number drawn
  apart at the line's height), at a first-line indent after a sentence, or after a line that ends a
  sentence well short of the usual line length. A paragraph that does not end a sentence at the bottom of a page continues on the
  next; its Block carries the page (1-based) where it starts.
* A word hyphenated at a line end is joined ("inter-" + "national" -> "international") unless the
  next part starts with a capital or a digit ("Indo-" + "Pacific"), the document spells the word
  with a hyphen elsewhere, or the first part is a prefix that usually keeps its hyphen ("self-").
* Lines in a clearly larger font, or short bold lines, are headings.

Limits and errors: only the first ``options.max_pdf_pages`` pages are read (the rest is ignored
and a warning is logged); a page whose text cannot be extracted is skipped. Not a PDF, a password
needed to open it, no text layer (scanned pages) or an unreadable one are SourceErrors.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import re
from collections import Counter, defaultdict

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, fingerprint

log = logging.getLogger(__name__)
# pypdf reports every oddity of a damaged file through logging; without a handler of its own those
# records would reach the user's terminal through logging's last-resort handler.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_HEADER_SEARCH = 1024  # "%PDF-" may follow a little junk at the start of a real file
_EDGE = 3  # lines at the top and at the bottom of a page that may be headers or footers
_HYPHENS = ("-", "\u00ad")
_BULLET = re.compile(r"^[•◦▪▫●○■□‣⁃∙·]\s*")
_MARKER = re.compile(r"^(?:[•◦▪▫●○■□‣⁃∙·–-]|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)])$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?|seite|página|pagina)?\s*[-–—(\[]?\s*"
    r"(?:\d{1,5}|[ivxlcdm]{1,7})\s*[-–—)\]]?\s*(?:(?:of|/|sur|de|von|di)\s*\d{1,5})?$",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BOLD = re.compile(r"bold|black|heavy|demi|semibold|extrabold", re.I)
# Prefixes that keep their hyphen when a line breaks after them ("self-\nreliance").
_KEEP_HYPHEN = frozenset("self ex all half well so quasi cross non".split())
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROLS = {c: None for c in range(32) if c not in (9, 10, 13)} | {0x7F: None, 0xFEFF: None}
_CONTROLS |= {0x2010: "-", 0x2011: "-"}
_JUNK_TITLE = re.compile(
    r"^(?:untitled|document\d*|new document|slide \d+|title|\W*)$|\.(?:docx?|pdf|indd|rtf|odt|tmp|tex|html?|xlsx?|pptx?)$",
    re.I,
)
_APP_PREFIX = re.compile(r"^(?:microsoft\s+(?:word|powerpoint|excel)|word|powerpoint)\s*-\s*", re.I)
_SOFTWARE = re.compile(r"microsoft|adobe|acrobat|latex|tex\b|weasyprint|quartz|ghostscript|libreoffice|openoffice", re.I)


class _Line:
    __slots__ = ("text", "x", "y", "size", "bold", "page")

    def __init__(self, text: str, x: float | None, y: float | None, size: float | None, bold: bool | None) -> None:
        self.text = text
        self.x = x
        self.y = y
        self.size = size
        self.bold = bold
        self.page = 0


class PdfReader:
    """PDF files with a text layer."""

    name = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes) -> bool:
        i = head.find(b"%PDF-", 0, _HEADER_SEARCH + 5)
        if i < 0:
            return False
        junk = head[:i].strip(b" \t\r\n\f\x00\xef\xbb\xbf")
        if not junk:
            return True
        # a few bytes of junk before the header: only when the header starts a line or the junk
        # is binary, so that a text file quoting "%PDF-1.7" is not taken for a PDF
        versioned = re.match(rb"%PDF-\d\.\d", head[i:]) is not None
        binary = any(b < 9 or 13 < b < 32 or b > 126 for b in junk)
        return versioned and (binary or head[i - 1 : i] in (b"\r", b"\n", b"\x00"))

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        try:
            return self._read(origin, data, options)
        except SourceError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever a hostile file provokes, report it as this source's
            raise SourceError(origin, f"cannot read this PDF: {_short(exc)}") from None

    def _read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        if not self.sniff(data[: _HEADER_SEARCH + 16]):
            raise SourceError(origin, "not a valid PDF: no %PDF- header")
        pdf = _open(origin, data)
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001 - a broken page tree is one more way to be invalid
            raise SourceError(origin, f"not a valid PDF: {_short(exc)}") from None
        if n_pages == 0:
            raise SourceError(origin, "not a valid PDF: no pages")
        limit = max(1, options.max_pdf_pages)
        if n_pages > limit:
            log.warning("%s: %d pages; reading only the first %d (max_pdf_pages)", origin, n_pages, limit)
        pages, failures = [], []
        for i in range(min(n_pages, limit)):
            try:
                lines = _page_lines(pdf.pages[i])
            except Exception as exc:  # noqa: BLE001 - one bad page should not lose the others
                failures.append(exc)
                lines = []
            for ln in lines:
                ln.page = i + 1
            pages.append(lines)
        if failures and len(failures) == len(pages):
            raise SourceError(origin, f"not a valid PDF: cannot extract text ({_short(failures[0])})")
        if failures:
            log.warning("%s: skipped %d page(s) whose text could not be extracted", origin, len(failures))
        if not any(pages):
            raise SourceError(origin, "no text layer (scanned images?); run OCR first")
        if _unreadable(pages):
            raise SourceError(origin, "text layer is unreadable (fonts without a Unicode map?); run OCR first")
        pages = _drop_running_lines(pages)
        blocks = _paragraphs(pages)
        if not blocks:
            raise SourceError(origin, "no text layer (scanned images?); run OCR first")
        meta = _metadata(pdf)
        title = meta.get("title") or _first_title(blocks)
        return [
            Document(
                origin=origin,
                blocks=tuple(blocks),
                format="pdf",
                title=title,
                issuer=meta.get("issuer"),
                author=meta.get("author"),
                date=meta.get("date"),
                content_hash=fingerprint(data),
            )
        ]


# --- opening -------------------------------------------------------------------------------------


def _open(origin: str, data: bytes):
    import pypdf
    from pypdf.errors import DependencyError

    try:
        pdf = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = pdf.is_encrypted
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on malformed input
        raise SourceError(origin, f"not a valid PDF: {_short(exc)}") from None
    if encrypted:
        try:
            opened = pdf.decrypt("")
        except DependencyError:
            raise SourceError(origin, "encrypted PDF; cannot decrypt it here (install 'cryptography')") from None
        except Exception:  # noqa: BLE001
            opened = 0
        if not opened:
            raise SourceError(origin, "encrypted PDF; remove the password first")
    return pdf


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."


# --- lines ---------------------------------------------------------------------------------------


def _page_lines(page) -> list[_Line]:
    """The lines of one page in content order, each with where it starts and its font."""
    lines: list[_Line] = []
    parts: list[str] = []
    geo: list = [None]  # (x, y, size) of the line's first visible text
    bold: list = [None]

    def flush() -> None:
        text = _clean("".join(parts))
        if text:
            x, y, size = geo[0] or (None, None, None)
            lines.append(_Line(text, x, y, size, bold[0]))
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
    text = text.translate(_LIGATURES).translate(_CONTROLS)
    text = _SPACES.sub(" ", text).strip()
    soft = text.endswith("\u00ad")
    text = text.replace("\u00ad", "")
    return text + "\u00ad" if soft and text else text


def _unreadable(pages: list[list[_Line]]) -> bool:
    """True when most characters are private-use or replacement glyphs: fonts without a text map."""
    total = bad = 0
    for lines in pages:
        for ln in lines:
            for ch in ln.text:
                if ch != " ":
                    total += 1
                    bad += "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd"
    return total > 0 and bad > total / 2


# --- running headers, footers, page numbers ------------------------------------------------------


def _edges(lines: list[_Line]) -> set[int]:
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


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
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


# --- paragraphs ----------------------------------------------------------------------------------


def _paragraphs(pages: list[list[_Line]]) -> list[Block]:
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
    cur: list[_Line] = []
    text = ""

    def flush() -> None:
        nonlocal text
        t = " ".join(text.replace("\u00ad", "").split())
        if t:
            blocks.append(Block(t, page=cur[0].page, heading=_is_heading(cur, t, body)))
        cur.clear()
        text = ""

    prev: _Line | None = None
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


def _breaks(a: _Line, b: _Line, body: float | None, spacing: float | None, typical: int) -> bool:
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


def _body_size(lines: list[_Line]) -> float | None:
    sizes: Counter = Counter()
    for ln in lines:
        if ln.size:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _line_spacing(pages: list[list[_Line]], body: float | None) -> float | None:
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


def _markers(lines: list[_Line]) -> tuple[set[int], set[int]]:
    """List bullets and numbers drawn apart from their items' text, as some producers do.

    Returns the ids of such marker lines (dropped) and of the lines they mark (each starts a block):
    each marker marks the nearest line to its right at the same height.
    """
    rows: dict[tuple[int, int], list[_Line]] = defaultdict(list)
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


def _is_heading(lines: list[_Line], text: str, body: float | None) -> bool:
    words = len(text.split())
    size = lines[0].size
    if body and size and size >= 1.15 * body and words <= 20:
        return True
    bold = all(ln.bold for ln in lines)
    return bold and words <= 15 and not re.search(r"[.!?,;][\"'”’)\]]*$", text)


def _vocabulary(lines: list[_Line]) -> tuple[set[str], set[str]]:
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


# --- metadata ------------------------------------------------------------------------------------


def _metadata(pdf) -> dict:
    try:
        info = pdf.metadata or {}
    except Exception:  # noqa: BLE001 - broken metadata is no reason to refuse the text
        return {}

    def text(*keys: str) -> str | None:
        for key in keys:
            try:
                value = info.get(key)
                value = value.get_object() if hasattr(value, "get_object") else value
            except Exception:  # noqa: BLE001
                continue
            if isinstance(value, str):
                clean = " ".join(value.translate(_CONTROLS).split())
                if clean:
                    return clean
        return None

    out: dict = {}
    title = text("/Title")
    if title:
        title = _APP_PREFIX.sub("", title).strip()
        if title and not _JUNK_TITLE.search(title) and not re.fullmatch(r"[\w.-]+_[\w.-]+", title):
            out["title"] = title
    author = text("/Author")
    if author and not re.fullmatch(r"(?i)user|admin(istrator)?|owner|unknown|author|\W*", author):
        out["author"] = author
    issuer = text("/Company", "/Publisher", "/Organization", "/Organisation", "/Issuer")
    if issuer and not _SOFTWARE.search(issuer):
        out["issuer"] = issuer
    out["date"] = _pdf_date(text("/CreationDate"))
    return out


def _pdf_date(value: str | None) -> dt.date | None:
    """The date of a PDF date string, D:YYYYMMDDHHmmSS+HH'mm'; None unless year, month and day are there."""
    if not value:
        return None
    m = re.match(r"\s*(?:D:)?(\d{4})-?(\d{2})-?(\d{2})", value)
    if not m:
        return None
    try:
        date = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2100 else None


def _first_title(blocks: list[Block]) -> str | None:
    """The first heading on page 1, else its first block when that is short and not a sentence."""
    first_page = [b for b in blocks if b.page == blocks[0].page]
    for b in first_page[:5]:
        if b.heading and len(b.text) <= 200:
            return b.text
    b = first_page[0]
    if len(b.text.split()) <= 15 and len(b.text) <= 120 and not re.search(r"[.!?]$", b.text):
        return b.text
    return None
