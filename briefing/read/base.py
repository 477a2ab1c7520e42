"""The small interface every reader implements, and what readers share: decoding and limits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Iterator, Protocol

from briefing.errors import SourceError
from briefing.model import Block, Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadOptions:
    """Settings that bound and steer reading. Limits are settings so that users can raise them."""

    max_bytes: int = 20 * 1024 * 1024  # larger files are refused
    max_paragraphs: int = 5000  # a source is cut after this many paragraphs
    max_pdf_pages: int = 300  # a PDF is read up to this page
    max_chars: int = 1_000_000  # a source's text is cut after this many characters
    max_paragraph_chars: int = 6000  # a longer paragraph (a line without breaks) is split at sentence ends
    max_entries: int = 200  # a feed is cut after this many entries
    max_html_elements: int = 50_000  # a page with more is refused (extraction time grows faster than its size)
    max_nesting: int = 255  # elements nested deeper are refused (feeds) or not read (HTML: libxml2's own limit)
    since: dt.datetime | None = None  # feed entries older than this are skipped
    follow_links: bool = False  # read each feed entry's linked page instead of its summary
    timeout: float = 10.0  # seconds, per network request
    max_redirects: int = 5
    cache_dir: str | None = None  # where fetched URLs and their ETags are remembered
    user_agent: str = "briefing (+https://pypi.org/project/briefing/)"


class Reader(Protocol):
    """Turns the bytes of one input into one or more Documents (a feed yields one per entry)."""

    name: str  # "text", "markdown", "html", "pdf", "feed"
    suffixes: tuple[str, ...]  # file name endings it claims, lower case, with the dot

    def sniff(self, head: bytes) -> bool:
        """Return True when the first bytes show this reader's format, whatever the file name."""

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        """Parse ``data``; raise SourceError naming ``origin`` and the cause when it cannot."""


def fingerprint(data: bytes) -> str:
    """Return a short, stable content fingerprint."""
    return hashlib.sha256(data).hexdigest()[:16]


def looks_binary(data: bytes) -> bool:
    """Return True for bytes that are not text in any encoding we decode."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    nuls = head.count(0)
    if nuls:
        # UTF-16 without a BOM has NULs in every other byte; real binaries rarely do so evenly
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 4 and min(even, odd) == 0:
            return False
        if nuls > len(head) // 100:
            return True  # a few stray NULs are damage in a text file (decode drops them); many are binary
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return controls > len(head) // 20


def decode(data: bytes, origin: str) -> str:
    """Decode text: UTF-8 (with or without BOM), else the encoding detected from the bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data, origin)
    # NUL and other C0 controls (except tab and newlines) carry no text
    return text.translate(_CONTROLS)


_CONTROLS = {c: None for c in range(32) if c not in (9, 10, 13)} | {0x7F: None}


def _detect(data: bytes, origin: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise SourceError(origin, "not text in any encoding that could be detected")
    return data.decode(best.encoding, errors="replace")


# ---------------------------------------------------------------------------------------------
# limits that hold whatever a reader returns

_BLOCK_CONTROLS = {c: None for c in range(32)} | {c: None for c in range(0x7F, 0xA0)}
_BLOCK_CONTROLS |= {c: " " for c in (9, 10, 11, 12, 13, 0x85, 0x2028, 0x2029)}  # breaks become spaces
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPLIT_AT = re.compile(r"[.!?…。！？][\"'”’)\]]*\s")
_FIELD_CHARS = {"title": 300, "issuer": 200, "author": 200, "kind": 60, "url": 2000}


def within_limits(origin: str, docs: list[Document], options: ReadOptions) -> list[Document]:
    """Hold what readers return to the limits in ``options``, and to well-formed text.

    Block text loses NUL and other control characters (line breaks become spaces) and empty blocks
    go; a paragraph longer than ``max_paragraph_chars`` is split at sentence ends; a source is cut
    after ``max_paragraphs`` blocks or ``max_chars`` characters, a feed after ``max_entries``
    entries (each cut is logged as a warning). Metadata fields lose control characters and are
    shortened. Downstream stages are then bounded by these limits whatever the input was.
    """
    if len(docs) > options.max_entries:
        log.warning("%s: %d entries; reading only the first %d (max_entries)", origin, len(docs), options.max_entries)
        docs = docs[: options.max_entries]
    return [_bounded(doc, options) for doc in docs]


def _bounded(doc: Document, options: ReadOptions) -> Document:
    blocks: list[Block] = []
    chars = 0
    cut = None
    for block in doc.blocks:
        text = _clean_text(block.text) if isinstance(block.text, str) else ""
        for piece in split_long(text, options.max_paragraph_chars):
            if len(blocks) >= options.max_paragraphs:
                cut = f"{options.max_paragraphs:,} paragraphs (max_paragraphs)"
                break
            if chars + len(piece) > options.max_chars:
                cut = f"{options.max_chars:,} characters (max_chars)"
                break
            blocks.append(block if piece == block.text else dataclasses.replace(block, text=piece))
            chars += len(piece)
        if cut:
            log.warning("%s: reading only the first %s", doc.origin, cut)
            break
    fields = {name: _field(getattr(doc, name), limit) for name, limit in _FIELD_CHARS.items()}
    return dataclasses.replace(doc, blocks=tuple(blocks), **fields)


def _clean_text(text: str) -> str:
    text = text.translate(_BLOCK_CONTROLS)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)  # a lone surrogate cannot be written out as UTF-8
    return text.strip()


def split_long(text: str, limit: int) -> Iterator[str]:
    """Yield ``text`` in pieces of at most ``limit`` characters: split at the last sentence end in
    the second half of a piece, else at a space, else anywhere. Empty text yields nothing."""
    limit = max(limit, 100)
    start, n = 0, len(text)
    while n - start > limit:
        stop = start + limit + 1
        end = None
        for m in _SPLIT_AT.finditer(text, start + limit // 2, stop):
            end = m.end()
        if end is None:
            space = text.rfind(" ", start + limit // 2, stop)
            end = space + 1 if space >= 0 else start + limit
        piece = text[start:end].strip()
        if piece:
            yield piece
        start = end
    piece = text[start:].strip()
    if piece:
        yield piece


def _field(value, limit: int):  # noqa: ANN001, ANN202
    if not isinstance(value, str):
        return value
    value = " ".join(_clean_text(value).split())
    if not value or (len(value) > limit and "://" in value[:12]):
        return None  # a URL cut short would lead nowhere
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
