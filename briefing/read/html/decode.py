"""Decoding a page with the charset it declares, and telling a page from plain text named .html."""

from __future__ import annotations

import codecs
import re

from briefing.read.base import decode

_HTML_NAMES = (
    "html|head|body|title|meta|link|script|style|noscript|template|iframe|base|"
    "p|div|span|a|br|hr|img|picture|source|figure|figcaption|h[1-6]|ul|ol|li|dl|dt|dd|"
    "table|thead|tbody|tfoot|tr|td|th|caption|article|section|main|header|footer|nav|aside|"
    "em|strong|b|i|u|s|small|sup|sub|abbr|cite|q|blockquote|pre|code|time|address|"
    "form|input|button|label|select|option|textarea|svg|video|audio|center|font"
)
_TAG = re.compile(rf"<(?:!doctype\s+html|/?(?:{_HTML_NAMES}))(?=[\s/>])[^<>]*>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_CHARSET = re.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# what browsers read for these labels (the WHATWG encoding standard)
_BROWSER_CHARSET = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254"}


def has_tags(text: str) -> bool:
    """True when the text holds at least one HTML tag (else an .html file is plain text)."""
    return _TAG.search(text) is not None


def decode_page(data: bytes, origin: str) -> str:
    """Decode a page: a BOM first, then the charset it declares, else what ``decode`` detects."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _CONTROL_CHARS.sub("", data.decode("utf-16", errors="replace"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        charset = "utf-8"  # a BOM outranks a declaration
    else:
        charset = _declared_charset(data)
    if charset is None or charset.startswith("utf-16"):  # UTF-16 declared in ASCII bytes is wrong
        charset = "utf-8"  # what decode() tries first; it detects the rest
    try:
        text = data.decode(charset)
    except UnicodeDecodeError:
        if charset == "utf-8":
            return decode(data, origin)  # declared UTF-8 but is not: detect
        text = data.decode(charset, errors="replace")
    except LookupError:  # a codec name that is not a text encoding (e.g. "rot13")
        return decode(data, origin)
    return _CONTROL_CHARS.sub("", text)


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_CHARSET.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _BROWSER_CHARSET.get(name, name)
