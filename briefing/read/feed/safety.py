"""What a feed's bytes must pass before a parser sees them.

The raw bytes are checked with defusedxml, which refuses any entity declaration (so neither
external entities nor entity-expansion bombs get near a parser that would resolve them) and any
nesting deeper than ``max_nesting``; numeric character references to no character are mended, as
feedparser's lenient parser would otherwise lose the whole feed on them.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from briefing.errors import SourceError
from briefing.read.base import decode

_ENTITY_DECL = re.compile(r"<!\s*ENTITY", re.I)


def refuse_unsafe(origin: str, data: bytes, max_nesting: int) -> None:
    """Refuse any feed that declares XML entities, before any parser could expand or fetch them,
    and any feed nested deeper than ``max_nesting`` elements (feedparser's time grows with depth)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(target=_NullTarget(max_nesting), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        parser.close()
        return
    except DefusedXmlException:
        raise SourceError(origin, "feed declares XML entities (DTD); refused") from None
    except _TooDeep:
        raise SourceError(origin, f"XML nested more than {max_nesting} levels deep (max_nesting); refused") from None
    except (ParseError, ValueError, LookupError):
        pass  # not well-formed: feedparser's lenient parser may still read it, but check first
    try:
        text = decode(data, origin)
    except SourceError:
        text = data.decode("latin-1")
    if _ENTITY_DECL.search(text) or _ENTITY_DECL.search(data.decode("latin-1")):
        raise SourceError(origin, "feed declares XML entities (DTD); refused")


class _TooDeep(Exception):
    """Raised by _NullTarget past its depth limit, to stop the parse."""


class _NullTarget:
    """A parser target that builds nothing and only counts depth: the check needs no tree."""

    def __init__(self, max_depth: int) -> None:
        self.depth = 0
        self.max_depth = max_depth

    def start(self, tag, attrib):  # noqa: ANN001
        self.depth += 1
        if self.depth > self.max_depth:
            raise _TooDeep

    def end(self, tag):  # noqa: ANN001
        self.depth -= 1

    def data(self, text):  # noqa: ANN001
        pass

    def close(self):
        return None


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def valid_charrefs(data: bytes) -> bytes:
    """Turn numeric character references to no character (NUL, a surrogate, past U+10FFFF) into
    U+FFFD: on those, feedparser's lenient parser raises and the whole feed would be lost."""
    if b"&#" not in data:
        return data

    def fix(m: re.Match) -> bytes:
        digits = m.group(1) or m.group(2)
        value = int(digits, 16 if m.group(1) else 10) if len(digits) <= 8 else -1
        return m.group(0) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else b"&#xFFFD;"

    return _CHARREF.sub(fix, data)
