"""Recognising a PDF by its header, whatever the file is named."""

from __future__ import annotations

import re

HEADER_SEARCH = 1024  # "%PDF-" may follow a little junk at the start of a real file


def looks_like_pdf(head: bytes) -> bool:
    """True when the first bytes hold a PDF header (after at most a little junk)."""
    i = head.find(b"%PDF-", 0, HEADER_SEARCH + 5)
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
