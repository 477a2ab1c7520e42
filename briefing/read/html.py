"""Saved web pages: the article's own text and its metadata, without the page around it.

Main-content detection and metadata come from trafilatura (default, balanced settings: on our
benchmark its precision- and recall-oriented modes both scored lower). Around it:

* the page is decoded with its declared charset (else ``decode``), and nothing is ever fetched;
* trafilatura's XML body is turned into blocks by ``text.markup``, so that headings, paragraphs and
  list items keep their own boundaries and ``<br><br>`` runs inside one ``<p>`` become paragraphs;
* lines that survive extraction but are page furniture (``text.furniture``) go: ``Advertisement``, ``Share this``,
  bylines, datelines, credits ("... contributed to this report"), cookie notices, lists of links,
  the headline repeated as the first block (it is the title), the "Related" / "Most read" lists
  under their headings, and headings left with nothing under them;
* pages made of several stories in repeated containers (newsletters, live pages) get the sibling
  stories that trafilatura's single-body choice left out;
* the published date is read from the page's article metadata before trafilatura's wider guess,
  and author names are tidied (capitals, trailing datelines, the site's own name).

A ``.html`` file with no tags at all is plain text, and is read by the text reader.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import re
from urllib.parse import urlsplit

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, decode, fingerprint, looks_binary
from briefing.read.plain import TextReader
from briefing.text.furniture import is_nav_heading, is_page_furniture
from briefing.text.markup import SENTENCE_END, body_blocks, norm, word_key

__all__ = ["HtmlReader"]

_WORD = re.compile(r"\w+")

# ---------------------------------------------------------------------------------------------
# Recognising HTML

_HTML_NAMES = (
    "html|head|body|title|meta|link|script|style|noscript|template|iframe|base|"
    "p|div|span|a|br|hr|img|picture|source|figure|figcaption|h[1-6]|ul|ol|li|dl|dt|dd|"
    "table|thead|tbody|tfoot|tr|td|th|caption|article|section|main|header|footer|nav|aside|"
    "em|strong|b|i|u|s|small|sup|sub|abbr|cite|q|blockquote|pre|code|time|address|"
    "form|input|button|label|select|option|textarea|svg|video|audio|center|font"
)
_TAG = re.compile(rf"<(?:!doctype\s+html|/?(?:{_HTML_NAMES}))(?=[\s/>])[^<>]*>", re.I)
_LEAD = re.compile(r"\A(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.S)
_HEAD_BODY = re.compile(r"(?:^|>)[ \t]*<(?:head|body)(?:\s[^<>]*)?>", re.I | re.M)
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("latin-1")


def _is_html(text: str) -> bool:
    """True when the text starts as an HTML document or clearly holds its <head> or <body>."""
    start = text[_LEAD.match(text).end():][:64].lower()
    if start.startswith(("<!doctype html", "<html")):
        return True
    return _HEAD_BODY.search(text) is not None


# ---------------------------------------------------------------------------------------------
# Decoding with the declared charset

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_CHARSET = re.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# what browsers read for these labels (the WHATWG encoding standard)
_BROWSER_CHARSET = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254"}


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


def _decode_page(data: bytes, origin: str) -> str:
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


# ---------------------------------------------------------------------------------------------
# Pages of several stories: sibling containers like the one the article came from

_SKIP_ANCESTORS = ("nav", "aside", "footer", "header", "form", "menu")
_NOT_BODY = re.compile(r"comment|related|sidebar|promo|teaser|recommend|newsletter-signup|footer|share|social", re.I)
_PROSE_TAGS = ("p", "li", "h2", "h3", "h4", "blockquote")


_NOT_PROSE = ("figure", "figcaption", "aside", "nav", "form", "button", "script", "style", "noscript")


def _prose_elements(container) -> list:
    """Paragraph-like elements under ``container`` in document order, innermost only."""
    out = []
    for el in container.iter(*_PROSE_TAGS):
        if el.tag in ("li", "blockquote") and any(d is not el for d in el.iter("p", "li")):
            continue  # its own paragraphs or items come on their own
        if el.tag == "p" and any(d is not el for d in el.iter("p")):
            continue  # (an unclosed <p> swallowed the next ones)
        ancestors = []
        for a in el.iterancestors():
            if a is container:
                break
            ancestors.append(a.tag)
        if any(t in _NOT_PROSE for t in ancestors):
            continue
        out.append(el)
    return out


def _link_density(el) -> float:
    text = len(el.text_content())
    return sum(len(a.text_content()) for a in el.iter("a")) / text if text else 1.0


def _sibling_stories(tree, blocks: list[Block]) -> tuple[list[list[Block]], list[list[Block]]]:
    """Stories in containers of the same kind as the article's own, before and after it.

    The article's container is the deepest element holding the paragraphs trafilatura returned;
    another element with the same tag and class that holds at least three real paragraphs (and
    little link text) is another story of the same page, e.g. the next item of a newsletter.
    """
    long_keys = {word_key(b.text) for b in blocks if not b.heading and len(b.text) >= 60}
    if len(long_keys) < 3:
        return [], []
    keys = {word_key(b.text) for b in blocks}
    matched = [el for el in tree.iter("p", "li") if word_key(el.text_content()) in long_keys]
    if len(matched) < 3:
        return [], []
    chains = []
    for el in matched:
        chain = [el, *el.iterancestors()]
        chains.append(chain[::-1])
    container = None
    for level in zip(*chains):
        if all(x is level[0] for x in level):
            container = level[0]
        else:
            break
    if container is None or container.tag not in ("div", "section", "article") or not container.get("class"):
        return [], []
    cls = container.get("class")
    ancestors = set(container.iterancestors())
    before: list[list[Block]] = []
    after: list[list[Block]] = []
    seen_container = False
    for el in tree.iter(container.tag):
        if el is container:
            seen_container = True
            continue
        if el.get("class") != cls or el in ancestors:
            continue
        if any(a.tag in _SKIP_ANCESTORS or _NOT_BODY.search(f"{a.get('class', '')} {a.get('id', '')}")
               for a in el.iterancestors()):
            continue
        if _link_density(el) > 0.3:
            continue
        story = []
        for p in _prose_elements(el):
            text = norm(p.text_content())
            if text:
                story.append(Block(text, heading=p.tag in ("h2", "h3", "h4")))
        if sum(word_key(b.text) in keys for b in story) * 2 >= len(story):
            continue  # trafilatura has it already (an article body split around an advert)
        story = [b for b in story if word_key(b.text) not in keys]
        prose = [b for b in story if not b.heading and len(b.text) >= 40]
        if len(prose) >= 3 and sum(len(b.text) for b in prose) >= 300:
            (after if seen_container else before).append(story)
    return before, after


# ---------------------------------------------------------------------------------------------
# Cleaning the block list


def _clean(blocks: list[Block], title: str | None) -> list[Block]:
    title_key = word_key(title) if title else ""
    out: list[Block] = []
    in_nav_list = False
    seen: set[str] = set()
    for b in blocks:
        text = b.text
        key = word_key(text)
        if not key:
            continue
        if title_key and not out and (key == title_key or (b.heading and title_key.startswith(key + " ")
                                                           and len(key.split()) >= 4)):
            continue  # the headline again: it is the document's title
        if b.heading and len(text.split()) <= 8 and is_nav_heading(text):
            in_nav_list = True
            continue
        if in_nav_list:
            if b.heading or len(text.split()) > 25:
                in_nav_list = False
            else:
                continue
        if is_page_furniture(text):
            continue
        if key in seen and (b.heading or len(text) >= 30):
            continue  # repeated (a pull quote, a sibling story we already have)
        seen.add(key)
        out.append(b)
    # headings with nothing under them
    while out and out[-1].heading:
        out.pop()
    return [b for i, b in enumerate(out) if not (b.heading and out[i + 1].heading and is_nav_heading(b.text))]


# ---------------------------------------------------------------------------------------------
# Metadata

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|ClaimReview|LiveBlogPosting|PressRelease|Review$")
_META_DATE = (
    "article:published_time", "og:article:published_time", "article:published", "og:pubdate", "pubdate",
    "publish-date", "publish_date", "publishdate", "published_time", "published-date", "date_published",
    "datepublished", "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date",
    "original-publish-date", "release_date",
)
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def _parse_date(value) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    m = _YMD.search(value)
    if not m:
        return None
    try:
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return d if 1990 <= d.year <= dt.date.today().year + 1 else None


def _jsonld_items(tree):
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw or len(raw) > 1_000_000:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                yield node
                for key in ("@graph", "mainEntity"):
                    if isinstance(node.get(key), (list, dict)):
                        stack.append(node[key])


def _types(item: dict) -> list[str]:
    kind = item.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def _published_date(tree) -> dt.date | None:
    """The published date the page states for its article: JSON-LD, <meta>, microdata, <time>."""
    pages = []
    for item in _jsonld_items(tree):
        kinds = _types(item)
        if any(_ARTICLE_TYPES.search(k) for k in kinds):
            d = _parse_date(item.get("datePublished")) or _parse_date(item.get("dateCreated"))
            if d:
                return d
        elif "WebPage" in kinds:
            pages.append(item)
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if name in _META_DATE:
            d = _parse_date(meta.get("content"))
            if d:
                return d
    for el in tree.xpath('//*[@itemprop="datePublished"]|//time[@pubdate]'):
        d = _parse_date(el.get("datetime") or el.get("content") or el.text_content())
        if d:
            return d
    for item in pages:
        d = _parse_date(item.get("datePublished"))
        if d:
            return d
    return None


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _stated_author(tree) -> str | None:
    """The author the page's JSON-LD gives its article (not, say, the author of a quoted claim)."""
    for item in _jsonld_items(tree):
        if any(_ARTICLE_TYPES.search(k) for k in _types(item)):
            names = [n for n in _names(item.get("author") or item.get("creator")) if n.strip()]
            if names:
                return "; ".join(names)
    return None


def _http_url(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _canonical_url(tree) -> str | None:
    """<link rel=canonical>, else og:url / twitter:url; looked for in <head> first (it is faster)."""
    head = tree.find("head")
    for scope in ([head] if head is not None else []) + [tree]:
        for xp in ('.//link[@rel="canonical"]/@href', './/meta[@property="og:url"]/@content',
                   './/meta[@name="og:url"]/@content', './/meta[@name="twitter:url"]/@content'):
            for v in scope.xpath(xp):
                if _http_url(v):
                    return v.strip()
    return None


_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+[:·»]\s+(?=[^:·»]*$)")


def _title(tree, found: str | None, site: str | None) -> str | None:
    """trafilatura's title, unless it is only a sub-heading and the page's <title> says more."""
    found = _clean_meta(found)
    if not found:
        return None
    if any(word_key(h.text_content()) == word_key(found) for h in tree.iter("h1")):
        return found
    element = tree.find(".//head//title")
    own = _clean_meta(element.text_content()) if element is not None else None
    if not own or word_key(own) == word_key(found) or not any(word_key(h.text_content()) == word_key(found)
                                                       for h in tree.iter("h2", "h3", "h4", "h5", "h6")):
        return found
    parts = [p for p in _TITLE_SEPARATORS.split(own) if p.strip()]
    if site and len(parts) > 1:
        parts = [p for p in parts if word_key(p) != word_key(site)] or parts
    return " - ".join(parts) if parts else found


def _clean_meta(value) -> str | None:
    if not isinstance(value, str):
        return None
    return norm(value) or None


_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"
_AUTHOR_TAIL = re.compile(rf"\s+(?:published|updated|posted|on|at|(?:{_MONTHS})\.?)\b.*$", re.I)


def _clean_author(value, issuer: str | None) -> str | None:
    """Tidy the author names: no dateline tails, no site name, no shouting capitals."""
    value = _clean_meta(value)
    if not value:
        return None
    names: list[str] = []
    for part in re.split(r"\s*;\s*|\s*,\s*(?=[A-Z])|\s+and\s+", value):
        part = re.sub(r"^(?:by|written\s+by)\s+", "", part.strip(" ,|"), flags=re.I)
        part = _AUTHOR_TAIL.sub("", part).strip(" ,|-–—")
        words = part.split()
        caps = [w.isupper() and len(w) > 1 for w in words]
        if sum(caps) >= 2 and not all(caps) and caps[0]:
            words = words[: caps.index(False)]  # "JANE DOE Associated Press": the name is the capitals
        if words and all(w.isupper() for w in words if len(w) > 1) and len(" ".join(words)) > 4:
            words = [w.capitalize() if "-" not in w else "-".join(x.capitalize() for x in w.split("-")) for w in words]
        part = " ".join(words)
        if not part or not _WORD.search(part):
            continue
        if issuer and word_key(part) == word_key(issuer):
            continue  # the site itself, not a person
        if part.lower() not in (n.lower() for n in names):
            names.append(part)
    return ", ".join(names) or None


# ---------------------------------------------------------------------------------------------
# The reader


class HtmlReader:
    """Saved web pages: the main article text, with title, site, author, date and URL."""

    name = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def sniff(self, head: bytes) -> bool:
        return _is_html(_head_text(head))

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        if not data.strip():
            raise SourceError(origin, "empty file")
        if looks_binary(data) and not self.sniff(data[:4096]):
            raise SourceError(origin, "binary file, not HTML")
        try:
            text = _decode_page(data, origin)
            if not _TAG.search(text):
                return TextReader().read(origin, data, options)  # an .html file that is plain text
            return [_read(origin, text, data, options)]
        except SourceError:
            raise
        except RecursionError:
            raise SourceError(origin, "the HTML is nested too deeply to read") from None
        except Exception as exc:  # noqa: BLE001 - a parser failure must name the source, never escape
            raise SourceError(origin, f"could not read the HTML ({type(exc).__name__})") from None


def _has_text(blocks: list[Block]) -> bool:
    """At least a sentence of text, not just a few stray words (a menu, a "Loading" notice)."""
    body = [b.text for b in blocks if not b.heading]
    words = [_WORD.findall(t) for t in body]
    if sum(map(len, words)) >= 8 or sum(len(w) for ws in words for w in ws) >= 40:
        return True  # (unspaced scripts, like Japanese, have few "words" but many letters)
    return any(SENTENCE_END.search(t) and len(ws) >= 3 for t, ws in zip(body, words))


def _read(origin: str, text: str, data: bytes, options: ReadOptions) -> Document:
    tree = _parse(text)
    if tree is None:
        raise SourceError(origin, "not valid HTML")
    _check_shape(origin, tree, options)
    stated = _published_date(tree)
    found = _extract(tree, stated, len(text))
    if found is None:
        raise SourceError(origin, "no article text found in the page")
    blocks, meta = found
    before, after = _sibling_stories(tree, blocks)
    if before or after:
        blocks = [b for story in before for b in story] + blocks + [b for story in after for b in story]
    title = _title(tree, meta.title, meta.sitename)
    blocks = _clean(blocks, title)
    if not _has_text(blocks):
        raise SourceError(origin, "no article text found in the page")
    url = _canonical_url(tree) or _http_url(meta.url)
    issuer = _clean_meta(meta.sitename)
    if not issuer and url:
        issuer = urlsplit(url).netloc.removeprefix("www.") or None
    return Document(
        origin=origin,
        blocks=tuple(blocks[: options.max_paragraphs]),
        format="html",
        title=title,
        issuer=issuer,
        author=_clean_author(_stated_author(tree) or meta.author, issuer),
        date=stated or _parse_date(meta.date),
        url=url,
        content_hash=fingerprint(data),
    )


def _check_shape(origin: str, tree, options: ReadOptions) -> None:
    """Refuse a page with more elements than trafilatura extracts from in bounded time (its time
    grows faster than the page), or nested deeper than ``max_nesting``: libxml2 drops whatever lies
    deeper than 256 levels, so such a page would lose its text without a word."""
    from lxml import etree

    elements = depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        elements += 1
        depth += 1
        deepest = max(deepest, depth)
        if elements > options.max_html_elements:
            raise SourceError(origin, f"too many HTML elements (over {options.max_html_elements:,}; max_html_elements)")
    if deepest > options.max_nesting:
        raise SourceError(origin, f"HTML nested more than {options.max_nesting} levels deep (max_nesting); refused")


def _parse(text: str):
    """Parse with trafilatura's loader (lxml); fragments without <html> are wrapped first."""
    from lxml import html as lxml_html
    from trafilatura.utils import load_html

    text = _XML_DECL.sub("", text, count=1)
    try:
        tree = load_html(text)
    except Exception:  # noqa: BLE001 - fall back to lxml's own document parser
        tree = None
    if tree is None or len(tree) == 0:
        if "<body" not in text[:100_000].lower():
            text = f"<html><body>{text}</body></html>"
        try:
            tree = lxml_html.document_fromstring(text)
        except Exception:  # noqa: BLE001
            return None
    return tree


def _quiet() -> None:
    # trafilatura and htmldate log "discarding data" and the like at WARNING/ERROR; our callers
    # learn about a page that yields nothing from the SourceError instead
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


_EXTENSIVE_DATE_LIMIT = 500_000  # characters of HTML


def _extract(tree, stated_date: dt.date | None, size: int):
    """Run trafilatura on the parsed page (it copies the tree); return (blocks, metadata) or None.

    htmldate's extensive search (dates guessed from the text, partly via dateparser) costs up to
    seconds on long pages, so it only runs when the page states no published date of its own and
    is not huge.
    """
    import trafilatura
    from trafilatura.settings import set_date_params

    _quiet()
    extensive = stated_date is None and size <= _EXTENSIVE_DATE_LIMIT
    meta = trafilatura.extract_metadata(tree, date_config=set_date_params(extensive=extensive))
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if doc is None or doc.body is None:
        return None
    return body_blocks(doc.body), meta
