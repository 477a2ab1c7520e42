"""The domain model: what flows between the stages. Frozen dataclasses, no I/O.

read/       -> Document (metadata + text blocks, as found)
analyse/    -> Source (numbered paragraphs split into sentences; metadata settled)
            -> SourceSummary (facts of each sentence, figures, events, quotes, positions, ...)
synthesise/ -> Brief (sections of cited items)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class SectionKey:
    """The keys of the brief's sections, used alike by the code, the templates and brief.json."""

    BOTTOM_LINE = "bottom_line"
    CHANGES = "changes"
    KEY_DEVELOPMENTS = "key_developments"
    POSITIONS = "positions"
    TIMELINE = "timeline"
    FIGURES = "figures"
    CONFLICTS = "conflicts"


SECTION_TITLES = {
    SectionKey.BOTTOM_LINE: "Bottom line",
    SectionKey.CHANGES: "What changed",
    SectionKey.KEY_DEVELOPMENTS: "Key developments",
    SectionKey.POSITIONS: "Positions and statements",
    SectionKey.TIMELINE: "Timeline",
    SectionKey.FIGURES: "Key figures",
    SectionKey.CONFLICTS: "Conflicting reports and gaps",
}

# Kinds of document. Primary kinds are the issuer's own words; the rest report on others.
PRIMARY_KINDS = ("official statement", "joint statement", "readout", "remarks", "press release", "transcript")
KINDS = PRIMARY_KINDS + ("news report", "feed entry", "web page", "document")


@dataclass(frozen=True)
class Block:
    """A run of text a reader found: a paragraph, heading or list item, before numbering."""

    text: str
    page: int | None = None
    heading: bool = False


@dataclass(frozen=True)
class Document:
    """What a reader yields for one source: metadata it could find and the text blocks."""

    origin: str  # the path or URL the user named
    blocks: tuple[Block, ...]
    format: str = "text"  # text, markdown, html, pdf, feed
    title: str | None = None
    issuer: str | None = None  # the organisation or site that published it
    author: str | None = None
    date: dt.date | None = None
    kind: str | None = None
    url: str | None = None  # the original's URL, for links back
    content_hash: str = ""  # fingerprint of the bytes read


@dataclass(frozen=True)
class Paragraph:
    """The unit of citation: numbered from 1 within its source."""

    n: int
    text: str
    sentences: tuple[str, ...]
    page: int | None = None
    speaker: str | None = None  # who is speaking, in remarks and transcripts ("PRESIDENT XI: ...")
    heading: bool = False  # a heading, or a line that reads as one: a title, not a statement


@dataclass(frozen=True)
class Source:
    """One source, segmented and with its metadata settled."""

    id: int
    origin: str
    format: str
    title: str
    kind: str
    issuer: str | None
    date: dt.date | None
    paragraphs: tuple[Paragraph, ...]
    url: str | None = None
    author: str | None = None
    fingerprint: str = ""
    date_inferred: bool = False  # the date was not in the source itself
    duplicate_of: int | None = None  # id of the source this one copies (syndication)
    reliability: str | None = None  # the user's grading of the source (manifest), e.g. "B2", "high"

    @property
    def primary(self) -> bool:
        return self.kind in PRIMARY_KINDS

    @property
    def words(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)

    def paragraph(self, n: int) -> Paragraph:
        return self.paragraphs[n - 1]


@dataclass(frozen=True, order=True)
class Citation:
    source: int
    paragraph: int
    page: int | None = None


@dataclass(frozen=True)
class Actor:
    """A person, organisation or country, with its aliases brought to one name."""

    name: str
    type: str  # person, organisation, country
    role: str | None = None
    aliases: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A number and what it counts, e.g. 11,000 / North Korean soldiers, with what the analysis
    found around it (computed once: later stages compare figures by these fields)."""

    value: float | None  # None for vague quantities ("several thousand")
    text: str  # the number as written
    counts: str  # what it counts
    sentence: str
    citation: Citation
    approximate: bool = False
    speaker: str | None = None
    date: dt.date | None = None  # the date the sentence states for it, else its source's date
    counted: frozenset[str] = frozenset()  # content words of ``counts``
    head: str = ""  # the counted noun ("troops"): figures are compared only with the same head
    parties: frozenset[str] = frozenset()  # actors named in ``counts`` ("North Korea")
    clause: str = ""  # the clause of ``sentence`` that holds the figure
    clause_terms: frozenset[str] = frozenset()  # content terms of ``clause``
    predicate: str = ""  # what happened to what it counts ("killed", "deployed"), if the sentence says


@dataclass(frozen=True)
class Event:
    """Something that happened on a date, resolved against the document's date."""

    date: dt.date
    text: str  # the sentence that states it
    citation: Citation
    date_text: str = ""


@dataclass(frozen=True)
class Quote:
    speaker: str
    text: str
    citation: Citation


@dataclass(frozen=True)
class Reference:
    """A law, treaty or resolution that a source cites."""

    name: str
    citation: Citation


@dataclass(frozen=True)
class KeyPoint:
    text: str
    score: float
    citation: Citation


@dataclass(frozen=True)
class Position:
    """Who condemned, urged, pledged, ... what: an attributed stance."""

    actor: str
    verb: str
    text: str
    citation: Citation


@dataclass(frozen=True)
class Statement:
    """A sentence as it may stand alone on the page: openers removed, references resolved.

    Words inserted by the editor are in [square brackets]; the paragraph they come from is cited
    after the sentence's own, so every word stays supported by what the item cites."""

    text: str
    citations: tuple[Citation, ...]  # the sentence's paragraph first
    standalone: bool = True  # False: it leans on text it cannot be given; it never opens an item
    why_not: str | None = None  # what it leans on, when not standalone
    speaker: str | None = None  # who says it, when it is a quotation whose speaker its paragraph names


@dataclass(frozen=True)
class SentenceFacts:
    """What the analysis found in one sentence, computed once and used by every later stage."""

    text: str
    citation: Citation
    order: int  # position of the sentence within its source, from 1
    salience: float  # how headline-worthy: numbers, dates, named actors, decisions
    terms: frozenset[str]  # content words, stemmed, with actors brought to one name ("@north_korea")
    actors: tuple[str, ...] = ()  # the actors it names, by their one name
    stance: str | None = None  # the stance verb it uses as a verb ("condemn", "calls on"), if any
    statement: Statement | None = None  # how it reads alone (None: not analysed for the page)


@dataclass(frozen=True)
class SourceSummary:
    """The structured summary of one source; every field points back to its paragraph."""

    source: Source
    key_points: tuple[KeyPoint, ...] = ()
    actors: tuple[Actor, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    references: tuple[Reference, ...] = ()
    positions: tuple[Position, ...] = ()
    sentences: tuple[SentenceFacts, ...] = ()


@dataclass(frozen=True)
class Item:
    """One statement printed in the brief, with the paragraphs that support it."""

    text: str
    citations: tuple[Citation, ...]
    score: float = 0.0
    note: str | None = None  # e.g. "confirmed by 2 independent sources"
    label: str | None = None  # e.g. a date in the timeline, an actor in positions
    origins: int = 1  # independent sources that state it (a copy of another source is no origin)
    date: dt.date | None = None  # the date of the event (timeline items)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Skipped:
    """A source that could not be read, and why."""

    origin: str
    cause: str


@dataclass(frozen=True)
class Changes:
    """What a brief says that the previous build's brief did not (changes.py)."""

    since: dt.date | None  # the previous brief's as-of date
    new: tuple[Item, ...] = ()  # facts in paragraphs the previous sources did not hold
    changed: tuple[Item, ...] = ()  # the same thing counted with a new number; note: the old one
    dropped: tuple[str, ...] = ()  # previous items that no current paragraph supports any more


@dataclass(frozen=True)
class Brief:
    title: str
    as_of: dt.date
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    summaries: tuple[SourceSummary, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    page_size: str = "A4"
    dropped: int = 0  # items cut to fit the page
    changes: Changes | None = None  # None: no previous brief to compare with
    undated: bool = False  # no source has a date: as_of is the day of the build, not of the facts

    def source(self, sid: int) -> Source:
        return self.sources[sid - 1]
