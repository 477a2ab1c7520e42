"""Settle a Document into a Source: furniture dropped, paragraphs numbered and split into
sentences, and title, date, kind and issuer found where the reader could not."""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import urlsplit

from briefing.errors import SourceError
from briefing.model import Block, Document, Paragraph, Source
from briefing.text.dates import find_dates, is_dateline
from briefing.text.furniture import (
    DATELINE, DROP_LABELS, GALLERY, caption_cause, furniture_cause, is_gallery_caption, looks_like_heading, split_label,
    strip_markers, strip_scraps,
)
from briefing.text.posts import split_post
from briefing.text.safe import clean
from briefing.text.sentences import split_sentences

_KIND_CUES = [
    (re.compile(r"\bjoint\s+(statement|communiqu|declaration)", re.I), "joint statement"),
    (re.compile(r"^\s*readout\b|\breadout of\b", re.I), "readout"),
    (re.compile(r"^\s*remarks\b|\bremarks (by|of|from)\b", re.I), "remarks"),
    (re.compile(r"\btranscript\b", re.I), "transcript"),
    (re.compile(r"\bpress release\b|^\s*for immediate release", re.I), "press release"),
    (re.compile(r"^\s*(statement|communiqu[eé]|declaration)\b|\b(statement|communiqu[eé]|declaration) (by|from|of)\b", re.I), "official statement"),
]
_REPORTED = re.compile(r"\b(said|says|told|according to|reported|stated|revealed|announced|asserted|claimed)\b")
_FIRST_PERSON_PLURAL = re.compile(r"^\s*We\b|^\s*We,\s+the\b")
_ISSUER_IN_TITLE = re.compile(
    r"^\s*(?:joint\s+)?(?:statement|remarks|communiqu[eé]|declaration|press release)\s+(?:by|from|of)\s+(?:the\s+)?"
    r"(?P<who>.+?)(?:\s+(?:on|regarding|about|concerning|following|after|before|at|in response to)\s+(?:the\s+)?[a-zA-Z].*)?$",
    re.I,
)
_WE_THE = re.compile(r"^\s*We,\s+the\s+(?P<who>[^,]+(?:,\s+[^,]+)*?),?\s+(?:express|condemn|reaffirm|welcome|are|have|call|urge|note|declare|state)\b")


def settle(doc: Document, max_paragraphs: int = 5000) -> Source:
    """Turn a reader's Document into a Source with id 0 (ids are given once all are read)."""
    blocks = clean_blocks(doc.blocks)
    title = doc.title
    date = doc.date
    # the first block is the title when it is short and ends no sentence
    if blocks and _looks_like_title(blocks[0]) and (not title or _same(blocks[0].text, title)):
        title = title or blocks[0].text
        blocks = blocks[1:]
    kept: list[Block] = []
    for i, b in enumerate(blocks):
        line_date = is_dateline(b.text) if i < 6 else None
        if line_date:
            date = date or line_date
            continue  # a date line is metadata, not a statement
        if title and _same(b.text, title) and i < 3:
            continue
        kept.append(b)
    if not kept and doc.format == "feed" and title:
        kept = [Block(title)]  # a feed entry that is a headline alone: the headline is its one paragraph
    if not kept:
        raise SourceError(doc.origin, "no text left after removing page furniture")
    kept = kept[:max_paragraphs]
    paragraphs = tuple(_paragraphs(kept))
    if not date:
        date = next((d for p in paragraphs[:3] if (d := dateline_date(p.text))), None)
    # a title or issuer taken from the text (or a file name) becomes metadata: one visible line
    title = clean(clean_title(title) if title else _fallback_title(doc, paragraphs)) or "Untitled"
    kind = normalise_kind(doc.kind) or detect_kind(title, paragraphs, doc.format)
    issuer = clean(doc.issuer or detect_issuer(title, paragraphs, doc.url, kind) or "") or None
    return Source(
        id=0,
        origin=doc.origin,
        format=doc.format,
        title=title,
        kind=kind,
        issuer=issuer,
        date=date,
        paragraphs=paragraphs,
        url=doc.url,
        author=doc.author,
        fingerprint=doc.content_hash,
    )


def clean_blocks(blocks: tuple[Block, ...] | list[Block]) -> list[Block]:
    """Drop furniture blocks (also captions, credits, embeds, crawlers' notices, links under a
    site's section label, and the captions of a photo gallery), remove a section label before real
    text, normalise whitespace, and merge exact repeats."""
    out: list[Block] = []
    seen: set[str] = set()
    for b in _join_signatures(blocks):
        text = strip_scraps(" ".join(strip_markers(" ".join(b.text.replace("\u00a0", " ").split())).split()))
        if text is None:
            continue  # a bulleted link or highlight
        label, rest = split_label(text)
        if label:
            if looks_like_heading(rest) or label.lower() in DROP_LABELS:
                continue  # "Related: <a headline>": a link to another story; "Sources: ..."
            text = rest
        cause = caption_cause(text)
        if cause != "embedded post" and (cause or furniture_cause(text)):
            continue  # (an embedded post is its author's words: _paragraphs says whose)
        key = text.lower()
        if key in seen and len(text) < 200:
            continue  # repeated short lines are furniture (a headline shown twice)
        seen.add(key)
        out.append(Block(text, b.page, b.heading))
    shots = [is_gallery_caption(b.text) for b in out]
    return [b for b, shot in zip(out, shots) if not shot] if sum(shots) >= GALLERY else out  # a photo gallery's captions


def _join_signatures(blocks: tuple[Block, ...] | list[Block]) -> list[Block]:
    """An embedded post whose signature is a block of its own ("— Arvind Kejriwal (@ArvindKejriwal)
    November 1, 2019", as a web page's markup sets it apart) is one block with the post above it."""
    out: list[Block] = []
    for b in blocks:
        post = split_post(b.text)
        if post is not None and not post.body and out and not out[-1].heading:
            out[-1] = Block(f"{out[-1].text} {b.text.strip()}", out[-1].page)
        else:
            out.append(b)
    return out


_DATELINE_WORDS = re.compile(r"\b(?!(?:on|at|by|published|updated|posted|last|am|pm|a\.m|p\.m)\b)[a-z]{2,}\b")


def dateline_date(text: str):  # noqa: ANN201 - a date or None
    """The date of a dateline or byline at the start of a paragraph ("WASHINGTON, Jan. 6, 2016 —",
    "By Jane Doe | Published 5 May 2019"); never a date the text mentions ("In this Oct. 27, 2012
    file photo", "between Jan. 1, 2016, and June"), which dates something else."""
    for d in find_dates(text[:160], None):
        if d.has_year and d.start <= 80 and not _DATELINE_WORDS.search(text[:d.start]):
            return d.date
    return None


QUESTION = "Q"  # the speaker of a question from the floor in a transcript
_SPEAKER_TAG = re.compile(r"^(?P<tag>(?:[A-Z][A-Z.'’\-]*\s){0,4}[A-Z][A-Z.'’\-]+):\s+(?=\S)")


_QUESTION = re.compile(r"^Q[:.]?\s+(?=[A-Z\"“])")


_TITLE_WORDS = re.compile(r"\b(?:PRESIDENT|VICE|SECRETARY|MINISTER|PRIME|SPEAKER|SENATOR|SEN|REP|GOVERNOR|GOV|MAYOR|"
                          r"AMBASSADOR|GENERAL|GEN|ADMIRAL|CHAIR|CHAIRMAN|DIRECTOR|MR|MRS|MS|DR|PROF|MODERATOR|"
                          r"SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|THE|KING|QUEEN|PRINCE|JUDGE|JUSTICE|COMMISSIONER)\b")


def _names_speaker(tag: str, said: str) -> bool:
    """Whether a transcript tag names a speaker ("PRESIDENT XI", "MS. JEAN-PIERRE", "SMITH"), not a
    memo header or a label ("DATE", "STRESS", "RELATED"), nor the heading of a link in a box of
    related stories ("LOOK-UP TOOL: Check cases in your area", "A SIMPLE GUIDE: How do I ...?"):
    without a title, a speaker's tag is a name (no article, no "and") before what was said, a
    sentence."""
    words = tag.split()
    if len(tag) <= 2 or tag.lower() in DROP_LABELS:
        return False
    if _TITLE_WORDS.search(tag):
        return True
    spoken = len(said.split()) >= 4 and said.rstrip().endswith((".", "!", "?", "”", '"', "’", "…"))
    return len(words) >= 2 and words[0] not in ("A", "AN") and "AND" not in words and spoken


def _paragraphs(blocks: list[Block]):
    """Number the blocks and split them into sentences; carry transcript speaker tags forward (a
    question from the floor, "Q ...", is spoken by "Q"). An embedded post is spoken by its author,
    without its signature and links (the paragraph keeps them, for the citation), and is one
    statement: a post is short, and its sentences lean on each other."""
    speaker = None
    for n, b in enumerate(blocks, 1):
        post = split_post(b.text)
        if post is not None:
            yield Paragraph(n, b.text, (post.body,), b.page, post.author)
            continue
        m = _SPEAKER_TAG.match(b.text)
        if m and _names_speaker(m.group("tag"), b.text[m.end():]):
            speaker = m.group("tag").title().replace("’S", "’s")
        elif _QUESTION.match(b.text):
            speaker = QUESTION
        elif b.heading:
            speaker = None
        heading = b.heading or looks_like_heading(b.text)
        sentences = (b.text,) if heading else split_sentences(b.text)
        if m and speaker and not heading and sentences and sentences[0].startswith(m.group(0)):
            # the tag says who speaks (the paragraph's speaker), it is not part of what is said
            sentences = (sentences[0][m.end():], *sentences[1:])
        yield Paragraph(n, b.text, tuple(sentences), b.page, speaker, heading)


def _looks_like_title(b: Block) -> bool:
    t = b.text.strip()
    if furniture_cause(t) or caption_cause(t):
        return False  # "Please enable Javascript to watch this video" heads a page but names nothing
    if b.heading:
        return len(t) < 300
    return 3 <= len(t) < 320 and not re.search(r"[.!?]\s*[\"'”’]?$", t) and len(t.split()) <= 50


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().lower()

    return norm(a) == norm(b)


def _fallback_title(doc: Document, paragraphs: tuple[Paragraph, ...]) -> str:
    """A short title for a source that has none: its first sentence, cut (never a file name such as
    "doc00", which tells a reader nothing)."""
    first = next((s for p in paragraphs if not p.heading for s in p.sentences), "")
    if first:
        return short_title(first)
    name = PurePath(urlsplit(doc.origin).path or doc.origin).stem
    return name.replace("_", " ").replace("-", " ").strip() or doc.origin


_TITLE_BYLINE = re.compile(r"\s+(?:By|BY)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\s*$")


def short_title(sentence: str, limit: int = 12) -> str:
    """A short title from a lead sentence: the dateline left out, cut at its first clause, at most
    ``limit`` words (an ellipsis says where it was cut)."""
    text = DATELINE.sub("", sentence, count=1).strip().rstrip(".")
    words = text.split()
    for m in re.finditer(r",\s|\s[—–-]+\s|;\s", text):
        if len(text[:m.start()].split()) >= 5:
            words = text[:m.start()].split()
            break
    if len(words) > limit:
        return " ".join(words[:limit]).rstrip(",;:") + " …"
    return " ".join(words)


def clean_title(title: str) -> str:
    """A title without a site's section label before it (with its colon, or glued on by a scraper:
    "Story highlights Lindsey Graham will host ...") or a byline glued after it."""
    label, rest = split_label(title)
    rest = _GLUED_LABEL.sub("", rest if label else title)
    return _TITLE_BYLINE.sub("", rest).strip()


# a box heading scraped into the headline that follows it, with no colon between them
_GLUED_LABEL = re.compile(r"^(?:Story\s+highlights|STORY\s+HIGHLIGHTS|Key\s+points|KEY\s+POINTS|Highlights|HIGHLIGHTS)\s+(?=[A-Z])")

def normalise_kind(kind: str | None) -> str | None:
    if not kind:
        return None
    k = " ".join(kind.lower().replace("_", " ").replace("-", " ").split())
    aliases = {"statement": "official statement", "news": "news report", "article": "news report",
               "report": "news report", "speech": "remarks", "release": "press release"}
    return aliases.get(k, k)


def detect_kind(title: str, paragraphs: tuple[Paragraph, ...], fmt: str) -> str:
    """Tell an official statement, readout or remarks from a news report by its cues."""
    for pattern, kind in _KIND_CUES:
        if pattern.search(title):
            if kind == "official statement" and _many_parties(title):
                return "joint statement"
            return kind
    opening = paragraphs[0].text if paragraphs else ""
    if _FIRST_PERSON_PLURAL.search(opening):
        return "joint statement" if _many_parties(opening[:400]) else "official statement"
    text = " ".join(p.text for p in paragraphs[:20])
    if len(_REPORTED.findall(text)) >= 2 or fmt == "feed":
        return "news report"
    if fmt == "html":
        return "web page"
    return "document"


def _many_parties(text: str) -> bool:
    return text.count(",") >= 2 and bool(re.search(r"\b(ministers|leaders|governments|countries|and)\b", text, re.I))


def detect_issuer(title: str, paragraphs: tuple[Paragraph, ...], url: str | None, kind: str) -> str | None:
    """Find who issued a statement: the "Statement by ..." title, the "We, the ..." opening, the site."""
    if kind in ("official statement", "joint statement", "remarks", "press release", "transcript"):
        m = _ISSUER_IN_TITLE.match(title)
        if m:
            return m.group("who").strip(" .,")
        if paragraphs:
            m = _WE_THE.match(paragraphs[0].text)
            if m:
                return m.group("who").strip(" .,")
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def short_name(name: str, limit: int = 3) -> str:
    """Shorten a long list of parties: "A, B, C, D, E and F" -> "A, B, C and 3 others"."""
    m = re.match(r"^(?P<head>.*?\bof\s+)?(?P<list>[^,]+(?:,\s*[^,]+){3,})$", name)
    if not m:
        return name
    parts = re.split(r",\s*|\s+and\s+", m.group("list"))
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) <= limit + 1:
        return name
    extra = len(parts) - limit
    return f"{m.group('head') or ''}{', '.join(parts[:limit])} and {extra} others"
