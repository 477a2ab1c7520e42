"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one Document per entry.

The raw bytes are first checked with defusedxml, which refuses any entity declaration (so neither
external entities nor entity-expansion bombs get near a parser that would resolve them), then the
feed is parsed with feedparser. Each entry's content (or summary) is HTML reduced to paragraphs
(``text.markup.html_blocks``);
with ``follow_links`` the registry reads the entry's linked page instead (``with_page``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import html
import io
import re
import urllib.parse

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, decode, fingerprint
from briefing.read.plain import paragraphs_of
from briefing.text.markup import html_blocks

ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")

# What may come before the root element: whitespace, the XML declaration, processing
# instructions, comments, and a DOCTYPE (with an internal subset).
_PROLOG_ITEM = re.compile(
    r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\s+(?P<doctype>[\w:.-]+)[^\[>]*(?:\[.*?\]\s*)?>",
    re.S | re.I,
)
_ROOT = re.compile(r"<(?P<name>(?:[\w.-]+:)?[\w.-]+)(?=[\s/>])")
_HAS_TAG = re.compile(r"<\s*/?\s*[A-Za-z!]")
_ENTITY_DECL = re.compile(r"<!\s*ENTITY", re.I)


class FeedReader:
    """RSS and Atom feeds. ``.xml`` files are claimed only by their content (``sniff``)."""

    name = "feed"
    suffixes = (".rss", ".atom")

    def sniff(self, head: bytes) -> bool:
        return sniff_feed(head)

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        try:
            return _read_feed(origin, data, options)
        except SourceError:
            raise
        except Exception as exc:  # a feed must never take the build down with a traceback
            detail = " ".join(str(exc).split())[:200]
            raise SourceError(origin, f"could not read the feed ({type(exc).__name__}{': ' + detail if detail else ''})") from None


def sniff_feed(head: bytes) -> bool:
    """True when the first bytes open an RSS, Atom or RSS 1.0 (RDF) document."""
    text = _head_text(head)
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if not m or m.end() == pos:
            break
        if m.group("doctype") and m.group("doctype").lower() in ("rss", "feed", "rdf:rdf"):
            return True  # the DOCTYPE names the root: enough, even if its subset runs past the head
        pos = m.end()
    if text.startswith("<!DOCTYPE", pos) or text.startswith("<!doctype", pos):
        m = re.match(r"<!DOCTYPE\s+([\w:.-]+)", text[pos:], re.I)  # a subset too long for the head
        return bool(m) and m.group(1).lower() in ("rss", "feed", "rdf:rdf")
    m = _ROOT.match(text, pos)
    if not m:
        return False
    name = m.group("name")
    if name.lower() == "rss":
        return True
    if name == "feed" or name.endswith(":feed"):
        return any(ns in text[pos:] for ns in ATOM_NAMESPACES)
    if name == "rdf:RDF":
        return "purl.org/rss/1.0" in text[pos:] or "<channel" in text[pos:]
    return False


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").lstrip("\ufeff")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="ignore")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------
# reading


def _read_feed(origin: str, data: bytes, options: ReadOptions) -> list[Document]:
    _refuse_unsafe(origin, data, options.max_nesting)
    parsed = _parse(origin, data)
    feed = parsed.get("feed") or {}
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo") or not parsed.get("version"):
            raise SourceError(origin, f"not a valid RSS/Atom feed: {_bozo_reason(parsed)}")
        return []

    issuer = _issuer(feed)
    since = _aware(options.since) if options.since else None
    docs: list[Document] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        key = _entry_key(entry, index, seen)
        when = _entry_datetime(entry)
        if since is not None and when is not None and when < since:
            continue
        raw_link = entry.get("link")
        if raw_link and raw_link == entry.get("id") and "://" not in str(raw_link):
            raw_link = None  # feedparser took a bare RSS guid for the permalink
        link = _http_link(raw_link, origin)
        doc = Document(
            origin=f"{origin}#{key}",
            blocks=(),
            format="feed",
            title=_plain(entry.get("title"), entry.get("title_detail")),
            issuer=issuer,
            author=_author(entry),
            date=when.date() if when is not None else None,
            kind="feed entry",
            url=link,
        )
        body, raw = _entry_body(entry)
        blocks = tuple(body[: options.max_paragraphs])
        docs.append(dataclasses.replace(doc, blocks=blocks, content_hash=fingerprint(raw.encode("utf-8"))))
    return docs


def _refuse_unsafe(origin: str, data: bytes, max_nesting: int) -> None:
    """Refuse any feed that declares XML entities, before any parser could expand or fetch them,
    and any feed nested deeper than ``max_nesting`` elements (feedparser's time grows with depth)."""
    from xml.etree.ElementTree import ParseError

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


def _parse(origin: str, data: bytes):  # noqa: ANN202
    import feedparser

    # a BytesIO, never bytes or str: feedparser would take a string for a URL or a file name.
    # No base URL is given: feedparser would also "resolve" relative guids, changing the origins.
    try:
        return feedparser.parse(io.BytesIO(_valid_charrefs(data)), resolve_relative_uris=True, sanitize_html=True)
    except Exception as exc:  # noqa: BLE001 - feedparser gives up on some garbage by raising (a NUL in the encoding name)
        detail = " ".join(str(exc).split())[:100]
        raise SourceError(origin, f"not a valid RSS/Atom feed (the parser failed: {type(exc).__name__}{': ' + detail if detail else ''})") from None


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _valid_charrefs(data: bytes) -> bytes:
    """Turn numeric character references to no character (NUL, a surrogate, past U+10FFFF) into
    U+FFFD: on those, feedparser's lenient parser raises and the whole feed would be lost."""
    if b"&#" not in data:
        return data

    def fix(m: re.Match) -> bytes:
        digits = m.group(1) or m.group(2)
        value = int(digits, 16 if m.group(1) else 10) if len(digits) <= 8 else -1
        return m.group(0) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else b"&#xFFFD;"

    return _CHARREF.sub(fix, data)


def _bozo_reason(parsed) -> str:  # noqa: ANN001
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "no <rss>, <feed> or <rdf:RDF> element"
    get_message = getattr(exc, "getMessage", None)
    line = getattr(exc, "getLineNumber", None)
    if callable(get_message) and callable(line):
        try:
            return f"{get_message()} at line {line()}"
        except Exception:  # noqa: BLE001
            pass
    text = " ".join(str(exc).split())
    return re.sub(r"^<unknown>:(\d+):\d+:\s*", r"line \1: ", text) or type(exc).__name__


def _entry_key(entry, index: int, seen: set[str]) -> str:  # noqa: ANN001
    """The entry's id (else its link, else its position), unique within the feed."""
    key = " ".join(str(entry.get("id") or entry.get("link") or "").split())
    if not key or key in seen:
        key = str(index)
        while key in seen:
            key += "'"
    seen.add(key)
    return key


# ---------------------------------------------------------------------------------------------
# metadata


def _issuer(feed) -> str | None:  # noqa: ANN001
    title = _plain(feed.get("title"), feed.get("title_detail"))
    if title:
        return title
    host = urllib.parse.urlsplit(str(feed.get("link") or "")).hostname
    if host:
        return host.removeprefix("www.")
    return None


def _author(entry) -> str | None:  # noqa: ANN001
    detail = entry.get("author_detail") or {}
    name = detail.get("name") if hasattr(detail, "get") else None
    name = name or entry.get("author")
    if not name:
        return None
    name = " ".join(html.unescape(str(name)).split())
    if re.fullmatch(r"\S+@\S+", name):
        return None  # an e-mail address only
    return name or None


def _plain(value, detail=None) -> str | None:  # noqa: ANN001
    if not value:
        return None
    text = str(value)
    kind = (detail.get("type") if hasattr(detail, "get") else None) or ""
    if "html" in kind or _HAS_TAG.search(text):
        text = " ".join(block.text for block in html_blocks(text))
    text = " ".join(text.replace("\u00a0", " ").split())
    return text or None


def _http_link(link, origin: str) -> str | None:  # noqa: ANN001
    """The entry's link if it is http(s), made absolute against a feed read from a URL."""
    if not link:
        return None
    link = str(link).strip()
    if urllib.parse.urlsplit(origin).scheme.lower() in ("http", "https"):
        link = urllib.parse.urljoin(origin, link)
    return link if urllib.parse.urlsplit(link).scheme.lower() in ("http", "https") else None


def _entry_datetime(entry) -> dt.datetime | None:  # noqa: ANN001
    """When the entry was published (else updated), in the feed's own time zone where stated."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed"), ("created", "created_parsed")):
        raw = dict.get(entry, raw_key)  # plain dict access: FeedParserDict maps updated->published
        if raw:
            when = _parse_date(str(raw))
            if when is not None:
                return when
        parsed = dict.get(entry, parsed_key)
        if parsed:
            try:
                return dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc)
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _parse_date(raw: str) -> dt.datetime | None:
    raw = raw.strip()
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):  # a year of 30 digits overflows
        when = None
    if when is None:
        iso = raw.replace("Z", "+00:00").replace("z", "+00:00")
        if re.match(r"\d{4}-\d{2}-\d{2}", iso):
            try:
                when = dt.datetime.fromisoformat(iso if len(iso) > 10 else iso[:10])
            except ValueError:
                when = None
    if when is None:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def _aware(when: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(when, dt.datetime):
        return dt.datetime(when.year, when.month, when.day).astimezone()
    return when if when.tzinfo is not None else when.astimezone()  # naive: local time


# ---------------------------------------------------------------------------------------------
# content


def _entry_body(entry) -> tuple[list[Block], str]:  # noqa: ANN001
    """The entry's text as blocks (full content preferred over the summary), and the raw text."""
    candidates = []
    for content in entry.get("content") or []:
        candidates.append((content.get("value") or "", content.get("type") or "text/html"))
    summary = entry.get("summary")
    if summary:
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, detail.get("type") or "text/html"))
    for value, kind in candidates:
        blocks = _to_blocks(value, kind)
        if blocks:
            return blocks, value
    return [], ""


def _to_blocks(value: str, kind: str) -> list[Block]:
    if not value or not value.strip():
        return []
    if not _HAS_TAG.search(value):  # plain text, or HTML without a tag: blank lines part paragraphs
        return [Block(p) for p in paragraphs_of(html.unescape(value))]
    return html_blocks(value)


# ---------------------------------------------------------------------------------------------
# linked pages (the registry fetches them when ``follow_links`` is set)


def with_page(entry: Document, page: Document, options: ReadOptions) -> Document:
    """The entry's metadata (the page's where the entry has none) with its linked page's text."""
    kind = page.kind if page.kind and page.kind not in ("web page", "document") else entry.kind
    return dataclasses.replace(
        entry,
        blocks=tuple(page.blocks[: options.max_paragraphs]),
        title=entry.title or page.title,
        issuer=entry.issuer or page.issuer,
        author=entry.author or page.author,
        date=entry.date or page.date,
        kind=kind,
        url=page.url or entry.url,
        content_hash=page.content_hash,
    )
