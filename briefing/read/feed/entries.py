"""A feed's entries, one Document each: metadata (title, author, date, link) and text (content,
else summary, reduced by ``text.markup.html_blocks``), after ``safety`` has passed the bytes."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import urllib.parse

import feedparser

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, fingerprint
from briefing.read.feed.safety import refuse_unsafe, valid_charrefs
from briefing.read.plain import paragraphs_of
from briefing.text.dates import metadata_time
from briefing.text.markup import html_blocks

_HAS_TAG = re.compile(r"<\s*/?\s*[A-Za-z!]")


def read_feed(origin: str, data: bytes, options: ReadOptions) -> list[Document]:
    """One Document per entry of the feed in ``data``; whatever goes wrong is this source's SourceError."""
    try:
        return _read_feed(origin, data, options)
    except SourceError:
        raise
    except Exception as exc:  # a feed must never take the build down with a traceback
        detail = " ".join(str(exc).split())[:200]
        raise SourceError(origin, f"could not read the feed ({type(exc).__name__}{': ' + detail if detail else ''})") from None


# ---------------------------------------------------------------------------------------------
# reading


def _read_feed(origin: str, data: bytes, options: ReadOptions) -> list[Document]:
    refuse_unsafe(origin, data, options.max_nesting)
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
        when = _entry_datetime(entry, options.today)
        if since is not None and when is not None and when < since:
            continue
        raw_link = entry.get("link")
        if raw_link and raw_link == entry.get("id") and "://" not in str(raw_link):
            raw_link = None  # feedparser took a bare RSS guid for the permalink
        title = _plain(entry.get("title"), entry.get("title_detail"))
        body, raw = _entry_body(entry)
        if not body and title:  # a headline digest: the headline is the entry's one paragraph
            body, raw = [Block(title)], title
        docs.append(Document(
            origin=f"{origin}#{key}",
            blocks=tuple(body[: options.max_paragraphs]),
            format="feed",
            title=title,
            issuer=issuer,
            author=_author(entry),
            date=when.date() if when is not None else None,
            kind=entry_kind(entry.get("tags") or ()),
            url=_http_link(raw_link, origin),
            content_hash=fingerprint(raw.encode("utf-8")),
        ))
    return docs


def _parse(origin: str, data: bytes):  # noqa: ANN202
    # a BytesIO, never bytes or str: feedparser would take a string for a URL or a file name.
    # No base URL is given: feedparser would also "resolve" relative guids, changing the origins.
    try:
        return feedparser.parse(io.BytesIO(valid_charrefs(data)), resolve_relative_uris=True, sanitize_html=True)
    except Exception as exc:  # noqa: BLE001 - feedparser gives up on some garbage by raising (a NUL in the encoding name)
        detail = " ".join(str(exc).split())[:100]
        raise SourceError(origin, f"not a valid RSS/Atom feed (the parser failed: {type(exc).__name__}{': ' + detail if detail else ''})") from None


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


def _entry_datetime(entry, today: dt.date | None) -> dt.datetime | None:  # noqa: ANN001
    """When the entry was published (else updated), in the feed's own time zone where stated."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed"), ("created", "created_parsed")):
        raw = dict.get(entry, raw_key)  # plain dict access: FeedParserDict maps updated->published
        when = metadata_time(str(raw), today) if raw else None
        parsed = dict.get(entry, parsed_key)
        if when is None and parsed:  # feedparser's reading of a format we do not parse, in UTC
            try:
                when = metadata_time(dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc), today)
            except (TypeError, ValueError, OverflowError):
                continue
        if when is not None:
            return when
    return None


def _aware(when: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(when, dt.datetime):
        return dt.datetime(when.year, when.month, when.day).astimezone()
    return when if when.tzinfo is not None else when.astimezone()  # naive: local time


# What a feed's categories say about the kind of its entries: government feeds file their items
# under "Statements and Releases", "Speeches and Remarks", "Press Briefings", "Readouts", ...
# The first cue in this order that any category matches wins.
_CATEGORY_KINDS = (
    (re.compile(r"\bjoint (statement|communiqu|declaration)", re.I), "joint statement"),
    (re.compile(r"\breadouts?\b", re.I), "readout"),
    (re.compile(r"\b(remarks|speech(es)?)\b", re.I), "remarks"),
    (re.compile(r"\b(transcripts?|press briefings?|press conferences?)\b", re.I), "transcript"),
    (re.compile(r"\b(press|news) releases?\b", re.I), "press release"),
    (re.compile(r"\bstatements?\b", re.I), "official statement"),
)


def entry_kind(tags) -> str:  # noqa: ANN001 - feedparser's list of {term, label, scheme}
    """The kind the entry's categories name, else "feed entry"."""
    names = [str(t.get("label") or t.get("term") or "") for t in tags if hasattr(t, "get")]
    for pattern, kind in _CATEGORY_KINDS:
        if any(pattern.search(name) for name in names):
            return kind
    return "feed entry"


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
