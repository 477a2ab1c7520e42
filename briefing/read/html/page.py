"""One page read: decoded, parsed, its article extracted, sibling stories added, furniture
dropped, metadata found (the steps are described in ``briefing.read.html``)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, fingerprint, looks_binary
from briefing.read.html.clean import clean_page
from briefing.read.html.decode import decode_page, has_tags
from briefing.read.html.extract import extract
from briefing.read.html.meta import (
    canonical_url, clean_author, clean_meta, http_url, page_title, published_date, stated_author,
)
from briefing.read.html.parse import check_shape, parse
from briefing.read.html.sniff import looks_like_html
from briefing.read.html.stories import sibling_stories
from briefing.read.plain import TextReader
from briefing.text.dates import metadata_date
from briefing.text.markup import SENTENCE_END

_WORD = re.compile(r"\w+")


def read_page(origin: str, data: bytes, options: ReadOptions) -> list[Document]:
    """Read a saved page's article into a Document; an .html file without tags is plain text."""
    if not data.strip():
        raise SourceError(origin, "empty file")
    if looks_binary(data) and not looks_like_html(data[:4096]):
        raise SourceError(origin, "binary file, not HTML")
    try:
        text = decode_page(data, origin)
        if not has_tags(text):
            return TextReader().read(origin, data, options)  # an .html file that is plain text
        return [_read(origin, text, data, options)]
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(origin, "the HTML is nested too deeply to read") from None
    except Exception as exc:  # noqa: BLE001 - a parser failure must name the source, never escape
        raise SourceError(origin, f"could not read the HTML ({type(exc).__name__})") from None


def _read(origin: str, text: str, data: bytes, options: ReadOptions) -> Document:
    tree = parse(text)
    if tree is None:
        raise SourceError(origin, "not valid HTML")
    check_shape(origin, tree, options)
    stated = published_date(tree, options.today)
    found = extract(tree, stated, len(text), options.today)
    if found is None:
        raise SourceError(origin, "no article text found in the page")
    blocks, found_meta = found
    before, after = sibling_stories(tree, blocks)
    if before or after:
        blocks = [b for story in before for b in story] + blocks + [b for story in after for b in story]
    title = page_title(tree, found_meta.title, found_meta.sitename)
    blocks = clean_page(blocks, title)
    if not _has_text(blocks):
        raise SourceError(origin, "no article text found in the page")
    url = canonical_url(tree) or http_url(found_meta.url)
    issuer = clean_meta(found_meta.sitename)
    if not issuer and url:
        issuer = urlsplit(url).netloc.removeprefix("www.") or None
    return Document(
        origin=origin,
        blocks=tuple(blocks[: options.max_paragraphs]),
        format="html",
        title=title,
        issuer=issuer,
        author=clean_author(stated_author(tree) or found_meta.author, issuer),
        date=stated or metadata_date(found_meta.date, options.today),
        url=url,
        content_hash=fingerprint(data),
    )


def _has_text(blocks: list[Block]) -> bool:
    """At least a sentence of text, not just a few stray words (a menu, a "Loading" notice)."""
    body = [b.text for b in blocks if not b.heading]
    words = [_WORD.findall(t) for t in body]
    if sum(map(len, words)) >= 8 or sum(len(w) for ws in words for w in ws) >= 40:
        return True  # (unspaced scripts, like Japanese, have few "words" but many letters)
    return any(SENTENCE_END.search(t) and len(ws) >= 3 for t, ws in zip(body, words))
