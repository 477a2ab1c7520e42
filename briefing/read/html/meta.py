"""What a page says about its article: published date, author, title and canonical URL."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

from briefing.text.dates import metadata_date
from briefing.text.markup import norm, word_key

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|ClaimReview|LiveBlogPosting|PressRelease|Review$")
_META_DATE = (
    "article:published_time", "og:article:published_time", "article:published", "og:pubdate", "pubdate",
    "publish-date", "publish_date", "publishdate", "published_time", "published-date", "date_published",
    "datepublished", "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date",
    "original-publish-date", "release_date",
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+[:·»]\s+(?=[^:·»]*$)")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"
_AUTHOR_TAIL = re.compile(rf"\s+(?:published|updated|posted|on|at|(?:{_MONTHS})\.?)\b.*$", re.I)
_HAS_WORD = re.compile(r"\w")


def published_date(tree, today: dt.date | None) -> dt.date | None:  # noqa: ANN001
    """The published date the page states for its article: JSON-LD, <meta>, microdata, <time>."""
    pages = []
    for item in _jsonld_items(tree):
        kinds = _types(item)
        if any(_ARTICLE_TYPES.search(k) for k in kinds):
            d = metadata_date(item.get("datePublished"), today) or metadata_date(item.get("dateCreated"), today)
            if d:
                return d
        elif "WebPage" in kinds:
            pages.append(item)
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if name in _META_DATE:
            d = metadata_date(meta.get("content"), today)
            if d:
                return d
    for el in tree.xpath('//*[@itemprop="datePublished"]|//time[@pubdate]'):
        d = metadata_date(el.get("datetime") or el.get("content") or el.text_content(), today)
        if d:
            return d
    for item in pages:
        d = metadata_date(item.get("datePublished"), today)
        if d:
            return d
    return None


def stated_author(tree) -> str | None:  # noqa: ANN001
    """The author the page's JSON-LD gives its article (not, say, the author of a quoted claim)."""
    for item in _jsonld_items(tree):
        if any(_ARTICLE_TYPES.search(k) for k in _types(item)):
            names = [n for n in _names(item.get("author") or item.get("creator")) if n.strip()]
            if names:
                return "; ".join(names)
    return None


def canonical_url(tree) -> str | None:  # noqa: ANN001
    """<link rel=canonical>, else og:url / twitter:url; looked for in <head> first (it is faster)."""
    head = tree.find("head")
    for scope in ([head] if head is not None else []) + [tree]:
        for xp in ('.//link[@rel="canonical"]/@href', './/meta[@property="og:url"]/@content',
                   './/meta[@name="og:url"]/@content', './/meta[@name="twitter:url"]/@content'):
            for v in scope.xpath(xp):
                if http_url(v):
                    return v.strip()
    return None


def http_url(value) -> str | None:  # noqa: ANN001
    """``value`` when it is an absolute http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def page_title(tree, found: str | None, site: str | None) -> str | None:  # noqa: ANN001
    """trafilatura's title, unless it is only a sub-heading and the page's <title> says more."""
    found = clean_meta(found)
    if not found:
        return None
    if any(word_key(h.text_content()) == word_key(found) for h in tree.iter("h1")):
        return found
    element = tree.find(".//head//title")
    own = clean_meta(element.text_content()) if element is not None else None
    if not own or word_key(own) == word_key(found) or not any(word_key(h.text_content()) == word_key(found)
                                                             for h in tree.iter("h2", "h3", "h4", "h5", "h6")):
        return found
    parts = [p for p in _TITLE_SEPARATORS.split(own) if p.strip()]
    if site and len(parts) > 1:
        parts = [p for p in parts if word_key(p) != word_key(site)] or parts
    return " - ".join(parts) if parts else found


def clean_meta(value) -> str | None:  # noqa: ANN001
    """A metadata string with its spaces collapsed, or None."""
    if not isinstance(value, str):
        return None
    return norm(value) or None


def clean_author(value, issuer: str | None) -> str | None:  # noqa: ANN001
    """Tidy the author names: no dateline tails, no site name, no shouting capitals."""
    value = clean_meta(value)
    if not value:
        return None
    names: list[str] = []
    for part in re.split(r"\s*;\s*|\s*,\s*(?=[A-Z])|\s+and\s+", value):
        part = _author_name(part)
        if not part or not _HAS_WORD.search(part):
            continue
        if issuer and word_key(part) == word_key(issuer):
            continue  # the site itself, not a person
        if part.lower() not in (n.lower() for n in names):
            names.append(part)
    return ", ".join(names) or None


def _author_name(part: str) -> str:
    part = re.sub(r"^(?:by|written\s+by)\s+", "", part.strip(" ,|"), flags=re.I)
    part = _AUTHOR_TAIL.sub("", part).strip(" ,|-–—")
    words = part.split()
    caps = [w.isupper() and len(w) > 1 for w in words]
    if sum(caps) >= 2 and not all(caps) and caps[0]:
        words = words[: caps.index(False)]  # "JANE DOE Associated Press": the name is the capitals
    if words and all(w.isupper() for w in words if len(w) > 1) and len(" ".join(words)) > 4:
        words = [w.capitalize() if "-" not in w else "-".join(x.capitalize() for x in w.split("-")) for w in words]
    return " ".join(words)


def _jsonld_items(tree):  # noqa: ANN001, ANN202
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


def _names(value) -> list[str]:  # noqa: ANN001
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []
