"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one Document per entry.

The raw bytes are first checked with defusedxml, which refuses any entity declaration (so neither
external entities nor entity-expansion bombs get near a parser that would resolve them), then the
feed is parsed with feedparser (``safety``, ``entries``). Each entry's content (or summary) is HTML
reduced to paragraphs (``text.markup.html_blocks``); an entry with a title and no text (a headline
digest, as many government feeds are) has its headline as its one paragraph. An entry's kind comes
from the feed's categories. With ``follow_links`` the registry reads each entry's linked page
instead (``with_page``).
"""

from __future__ import annotations

import dataclasses

from briefing.model import Document
from briefing.read.base import ReadOptions
from briefing.read.feed.sniff import sniff_feed

__all__ = ["FeedReader", "with_page"]


class FeedReader:
    """RSS and Atom feeds. ``.xml`` files are claimed only by their content (``sniff``)."""

    name = "feed"
    suffixes = (".rss", ".atom")

    def sniff(self, head: bytes) -> bool:
        return sniff_feed(head)

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        # defusedxml, feedparser and the entry rules load on the first feed read, not on the no-change path
        from briefing.read.feed.entries import read_feed

        return read_feed(origin, data, options)


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
