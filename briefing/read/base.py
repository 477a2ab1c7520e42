"""The small interface every reader implements, its options, and what readers share: decoding."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
from dataclasses import dataclass
from typing import Protocol

from briefing.errors import SourceError
from briefing.model import Document


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
    max_sources: int = 20_000  # inputs (files and URLs) per build; beyond it only the newest files are read
    max_seconds: float = 30.0  # reading one source (parsing, not fetching) may take this long; then it is cut or skipped
    follow_symlinks: bool = False  # read links in folders and globs that lead to files outside them
    since: dt.datetime | None = None  # feed entries older than this are skipped
    follow_links: bool = False  # read each feed entry's linked page instead of its summary
    timeout: float = 10.0  # seconds, per network request
    max_redirects: int = 5
    cache_dir: str | None = None  # where fetched URLs and their ETags are remembered
    user_agent: str = "briefing (+https://pypi.org/project/briefing/)"
    # the run's date, from the edge (SOURCE_DATE_EPOCH or the clock): a metadata date after the
    # next year is a typo, not a publication date. None: no year after 2100 is believed.
    today: dt.date | None = None


class Reader(Protocol):
    """Turns the bytes of one input into one or more Documents (a feed yields one per entry)."""

    name: str  # "text", "markdown", "html", "pdf", "feed"
    suffixes: tuple[str, ...]  # file name endings it claims, lower case, with the dot

    def sniff(self, head: bytes) -> bool:
        """Return True when the first bytes show this reader's format, whatever the file name."""

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        """Parse ``data``; raise SourceError naming ``origin`` and the cause when it cannot."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, from its ``st_mode``: "a FIFO", "a character device", ..."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


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
    from charset_normalizer import from_bytes  # detection loads only for text that is not UTF-8

    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise SourceError(origin, "not text in any encoding that could be detected")
    return data.decode(best.encoding, errors="replace")
