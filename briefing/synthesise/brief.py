"""Across sources: group the same claim, find conflicting figures, merge the timeline, attribute
positions, and rank everything for the one page.

Every item's text is a source sentence, or that sentence with words removed, so the paragraphs it
cites support every word kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from briefing import weights as w
from briefing.analyse.actors import COUNTRIES as _COUNTRY, ORG_WORDS, STOP_CAPS, person_key, terms
from briefing.model import SECTION_TITLES, Brief, Item, Section, SectionKey, Source, SourceSummary
from briefing.synthesise.claims import (
    FIRST_PERSON, Claim, Key, Originals, Overlap, citations, fits_bottom_line, group_claims,
    group_score, make_claims, representative, stale_plan,
)
from briefing.synthesise.figures import KeyFigures
from briefing.analyse.referents import people_in
from briefing.analyse.speakers import is_name
from briefing.synthesise.labels import short_speaker, speaker_label
from briefing.synthesise.shorten import shorten
from briefing.synthesise.timeline import timeline
from briefing.text.grammar import SAID
from briefing.text.names import PERSON_TITLES
from briefing.text.words import STOPWORDS, stem

K = SectionKey
SECTION_ORDER = (K.BOTTOM_LINE, K.KEY_DEVELOPMENTS, K.POSITIONS, K.TIMELINE, K.FIGURES, K.CONFLICTS)
# How many items each section offers before the page fit trims the lowest-ranked.
# Generous, so that a page with room is filled with the next-ranked statements.
BUDGET = {K.BOTTOM_LINE: 3, K.KEY_DEVELOPMENTS: 14, K.POSITIONS: 10, K.TIMELINE: 8, K.FIGURES: 5, K.CONFLICTS: 4}
LEAD_POOL = 12  # the best-ranked groups among which the bottom line looks for the most confirmed
NEWEST_LEAD = 2  # when the sources span days, this many of the newest sources' best claims lead


@dataclass
class _Page:
    """The sections being filled, and the sentences already on them."""

    sections: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in SECTION_ORDER})
    used: set[Key] = field(default_factory=set)  # sentences on the page (the timeline aside)
    chosen: list[Claim] = field(default_factory=list)
    said: list[set[str]] = field(default_factory=list)  # the content words of each item placed
    newest: dt.date | None = None  # the newest source's date, when the sources span days

    def full(self) -> bool:
        """Whether no section that ranked claims go to has room left (_place would place no more)."""
        return all(len(self.sections[k]) >= BUDGET[k] for k in (K.BOTTOM_LINE, K.POSITIONS, K.KEY_DEVELOPMENTS))


def synthesise(summaries: list[SourceSummary], *, title: str | None, as_of: dt.date | None,
               page_size: str = "A4", today: dt.date | None = None) -> Brief:
    """Build the brief's sections from the sources' structured summaries.

    The brief is as of ``as_of``, else the latest source date, else ``today`` (the run's date, from
    the edge: SOURCE_DATE_EPOCH or the clock) when no source is dated; the brief then says so
    (``undated``) rather than present the day of the build as the date of the facts.
    """
    originals = Originals([s.source for s in summaries])
    claims = make_claims(summaries)
    figures_of: dict[Key, list] = {}  # each sentence's figures
    for sm in summaries:
        for f in sm.figures:
            figures_of.setdefault((f.citation.source, f.citation.paragraph, f.sentence), []).append(f)
    overlap = Overlap(claims, figures_of)
    groups = group_claims(claims, overlap)
    sources = infer_dates(tuple(s.source for s in summaries), groups)
    by_id = {s.id: s for s in sources}
    summaries = [replace(sm, source=by_id[sm.source.id]) for sm in summaries]
    group_of = {c.key: gi for gi, g in enumerate(groups) for c in g}

    dates = {c.source.date for c in claims if c.source.date}
    page = _Page(newest=max(dates) if len(dates) > 1 else None)  # (None when the sources do not span days)
    positions = positions_by_sentence(summaries)
    ranked = _ranked(groups, originals, figures_of, page.newest)
    # the bottom line first: the latest state may be a figure ("13 hostages were released this morning"),
    # which the key figures would otherwise take; a figure sources give differently stays a conflict
    key_figures = KeyFigures(summaries, originals, by_id, group_of)
    page.used |= key_figures.in_conflict
    for g in ranked:
        if len(page.sections[K.BOTTOM_LINE]) >= BUDGET[K.BOTTOM_LINE]:
            break
        if (rep := representative(g)) is not None and fits_bottom_line(rep):
            _place(g, page, overlap, originals, positions)
    page.sections[K.CONFLICTS] = key_figures.conflicts
    page.sections[K.FIGURES], used = key_figures.figures(taken=page.used)
    page.used |= used
    for g in ranked:
        if page.full():
            break
        _place(g, page, overlap, originals, positions)
    page.sections[K.TIMELINE] = timeline(summaries, groups, group_of, originals, BUDGET[K.TIMELINE])
    page.sections[K.BOTTOM_LINE] = newest_first(page.sections[K.BOTTOM_LINE], by_id)
    page.sections = without_repeats(page.sections)
    return Brief(
        title=title or default_title(sources, claims),
        as_of=as_of or max((s.date for s in sources if s.date), default=today or dt.date(1970, 1, 1)),
        undated=as_of is None and not any(s.date for s in sources),
        sources=sources,
        sections=tuple(Section(k, SECTION_TITLES[k], tuple(v)) for k, v in page.sections.items() if v),
        summaries=tuple(summaries),
        page_size=page_size,
    )


# Which section keeps an item that two sections would both show: the first in this order. Both
# sides of a conflict always stay: they are one item in two parts.
_KEEPS_FIRST = (K.BOTTOM_LINE, K.CONFLICTS, K.KEY_DEVELOPMENTS, K.POSITIONS, K.TIMELINE, K.FIGURES)
REPEAT = 0.6  # share of the shorter item's content words that makes two items say the same thing


def without_repeats(sections: dict[str, list[Item]]) -> dict[str, list[Item]]:
    """Drop every item that says again what an item of a more important section says: content-word
    overlap of REPEAT or more of the shorter one, or one's words inside the other's."""
    kept: list[set[str]] = []
    out: dict[str, list[Item]] = {}
    for key in sorted(sections, key=lambda k: _KEEPS_FIRST.index(k) if k in _KEEPS_FIRST else len(_KEEPS_FIRST)):
        out[key] = []
        for item in sections[key]:
            words = _words(item.text)
            if key != K.CONFLICTS and _repeats(words, kept):
                continue
            kept.append(words)
            out[key].append(item)
    return {key: out[key] for key in sections}


def _repeats(words: set[str], others: list[set[str]]) -> bool:
    """Whether an item with these content words says again what one of ``others`` says."""
    return bool(words) and any(len(words & other) >= REPEAT * min(len(words), len(other)) for other in others)


def _words(text: str) -> set[str]:
    """Content words as a reader counts them: every word and code ("G7"), lightly stemmed."""
    return {stem(w) for w in re.findall(r"[\w'’]+", text.lower()) if w not in STOPWORDS and len(w) > 1}


def newest_first(items: list[Item], by_id: dict[int, Source]) -> list[Item]:
    """The latest state on top: items whose sources are newest first, by rank among equals."""
    def newest(item: Item) -> dt.date:
        return max((by_id[c.source].date for c in item.citations if by_id[c.source].date), default=dt.date.min)

    return sorted(items, key=newest, reverse=True)


def _ranked(groups: list[list[Claim]], originals: Originals, figures_of: dict[Key, list],
            newest: dt.date | None) -> list[list[Claim]]:
    """Groups best first. The bottom line leads with the latest state when the sources span days
    (the best claims of the newest sources, those that give a figure first: "at least 11 American
    citizens were among those killed" before "In this moment of heartbreak, ..."), then with what
    most independent sources say, among the best-ranked claims."""
    ranked = sorted(groups, key=lambda g: (-group_score(g, originals), g[0].cite))
    top = [g for g in ranked[:LEAD_POOL] if (rep := representative(g)) and fits_bottom_line(rep)]
    of_newest = [g for g in top if newest and _newest(g) == newest]
    latest = sorted(of_newest, key=lambda g: not _counts_someone_or_something(figures_of.get(representative(g).key, ())))
    latest = latest[:NEWEST_LEAD]  # (a stable sort: by rank among equals)
    most = max((originals.count(g) for g in top), default=1)
    confirmed = [g for g in top if originals.count(g) == most and most > 1 and not any(g is x for x in latest)]
    lead = (latest + confirmed)[: BUDGET[K.BOTTOM_LINE]]
    return lead + [g for g in ranked if not any(g is x for x in lead)]


# what a figure counts when it only says how long: "over the last 10 or 12 years" is no state of things
_SPANS = frozenset("seconds minutes hours days weeks months years decades centuries times".split())


def _counts_someone_or_something(figures) -> bool:  # noqa: ANN001 - Figures of one sentence
    """Whether a sentence's figures count people or things ("at least 11 American citizens", "13
    hostages"), not only a span of time."""
    return any(f.counts and f.counts.split()[-1].lower() not in _SPANS for f in figures)


def _newest(group: list[Claim]) -> dt.date | None:
    return max((c.source.date for c in group if c.source.date), default=None)


def _place(group: list[Claim], page: _Page, overlap: Overlap, originals: Originals,
           positions: dict[Key, tuple[str, str]]) -> None:
    """Put a claim group on the page in the first section with room, unless the page says it already."""
    rep = representative(group)
    if rep is None or any(c.key in page.used for c in group):
        return
    if any(overlap.similarity(rep, other) >= w.REDUNDANT for other in page.chosen):
        return  # says again what the page already says
    item = _item(group, rep, originals)
    words = _words(item.text)
    if _repeats(words, page.said):
        return  # the page would drop it as a repeat (without_repeats): leave the room to the next claim
    sections = page.sections
    position = _position_label(rep, positions)
    if len(sections[K.BOTTOM_LINE]) < BUDGET[K.BOTTOM_LINE] and fits_bottom_line(rep) and \
            not stale_plan(rep.text, rep.source.date, page.newest):
        sections[K.BOTTOM_LINE].append(item)  # (a plan an older source gave is no latest state: "will travel to")
    elif position is not None and len(sections[K.POSITIONS]) < BUDGET[K.POSITIONS]:
        sections[K.POSITIONS].append(replace(item, label=item.label or position or None))
    elif len(sections[K.KEY_DEVELOPMENTS]) < BUDGET[K.KEY_DEVELOPMENTS]:
        sections[K.KEY_DEVELOPMENTS].append(item)
    else:
        return
    page.used |= {c.key for c in group}
    page.chosen.append(rep)
    page.said.append(words)


def _position_label(rep: Claim, positions: dict[Key, tuple[str, str]]) -> str | None:
    """For a sentence that takes a position: the label it needs ("" when its wording names who
    speaks); None when it is no attributed position (it belongs with the developments)."""
    if rep.key not in positions:
        return None
    actor, _ = positions[rep.key]
    wording = rep.wording.lower()
    if wording.startswith("[") or actor.lower() in wording or person_key(actor) in wording or actor in rep.facts.actors \
            or _NAMED_SPEAKER.search(rep.wording):
        return ""  # the wording names who speaks, in its words or in brackets ('"...," [Meghan] said')
    if FIRST_PERSON.match(rep.wording) and not is_name(actor):
        return None
    return short_speaker(actor) if is_name(actor) else None


def _item(group: list[Claim], rep: Claim, originals: Originals) -> Item:
    n = originals.count(group)
    note = f"confirmed by {n} independent sources" if n > 1 else "single source"
    voice = rep.source.paragraph(rep.cite.paragraph).speaker
    label = None
    if voice and is_name(voice):
        label = voice
    elif FIRST_PERSON.match(rep.wording) or _FIRST_PERSON_INSIDE.search(_unquoted(rep.wording)) or \
            (rep.source.primary and not rep.facts.stance):
        label = speaker_label(rep.source)  # the issuer's own claim stays attributed to the issuer
    quoted = rep.facts.statement.speaker if rep.facts.statement else None
    if label is None and quoted and is_name(quoted):
        label = short_speaker(quoted)  # a quotation whose paragraph names the speaker
    return Item(shorten(rep.wording), citations(group, rep), round(group_score(group, originals), 4), note, label, n)


_NAMED_SPEAKER = re.compile(r"\]\s+" + SAID + r"\b")  # '"...," [Meghan] said': the speaker the statement layer found
_FIRST_PERSON_INSIDE = re.compile(r"\b(?:I|we|We|us|our|Our|my|My)\b")


def _unquoted(text: str) -> str:
    return re.sub(r"[\"“][^\"“”]*[\"”]?", " ", text)


def positions_by_sentence(summaries: list[SourceSummary]) -> dict[Key, tuple[str, str]]:
    """Map sentence keys to (actor, stance): who takes a position, and who "they" in a sentence is."""
    return {(p.citation.source, p.citation.paragraph, p.text): (short_speaker(p.actor), p.verb)
            for sm in summaries for p in sm.positions}


def default_title(sources: tuple[Source, ...], claims: list[Claim]) -> str:
    """The title that covers the sources best: a real headline (not a body sentence, at most
    TITLE_WORDS words) sharing most words with what the sources say most, the newest sources' first;
    when no source has one, the names the sources speak of most."""
    freq = Counter(t for c in claims for t in c.words)
    said = {_norm(s) for c in claims for s in (c.text,)}
    newest = max((s.date for s in sources if s.date), default=None)

    def fit(candidate: tuple[str, Source]) -> tuple:
        title, s = candidate
        words = terms(title)
        coverage = sum(freq[t] for t in words) / (len(words) + 3)
        return (coverage + (TITLE_NEWEST if newest and s.date == newest else 0) - (0.5 if s.primary else 0), -s.id)

    said |= {_norm(text) for text in {p.text for s in sources for p in s.paragraphs}}  # copies repeat paragraphs
    headlines = [(h, s) for s in sources if (h := _headline(s, said))]
    if headlines:
        return max(headlines, key=fit)[0]
    return names_title(claims)


def names_title(claims: list[Claim]) -> str:
    """A title for sources without a headline: the people and bodies they speak of most ("Anthony
    Scaramucci, SkyBridge Capital and Reince Priebus"), never a sentence of theirs."""
    # titled people and bodies (actors) and people named by given name and surname, counted alike,
    # those named more than once first; countries only when nobody else is named
    counts = Counter(a for c in claims for a in dict.fromkeys((*c.facts.actors, *people_in(c.text))))
    others = [(a, n) for a, n in counts.most_common() if a not in _COUNTRY]
    if not others:  # a story about someone whose given name is not a common one ("Salma Hayek")
        others = _named_then_surnamed([c.text for c in claims]).most_common()
    others = _one_per_person(others)
    named = [a for a, n in others if n > 1][:3] or [a for a, _ in others][:2] or [a for a, _ in counts.most_common(3)]
    named = _no_surname_twice(named)
    if not named:
        return "Situation brief"
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _one_per_person(named: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """One entry per person however the sources title them ("Barack Obama", "President Barack Obama"),
    under the name without its title, counted together, most named first. A name with more than a
    title added is someone else ("Orofino Police Department" is not "Police Department")."""
    def core(name: str) -> str:
        return " ".join(w for w in name.split() if w.rstrip(".") not in PERSON_TITLES) or name

    groups: dict[str, list] = {}
    for name, n in named:
        groups.setdefault(core(name), [name, 0])[1] += n
    return sorted(((k if " " in k else entry[0], entry[1]) for k, entry in groups.items()), key=lambda e: -e[1])


def _no_surname_twice(names: list[str]) -> list[str]:
    """The names, less a surname alone that a full name among them ends ("Barack Obama" and "Obama")."""
    full = {n.split()[-1] for n in names if " " in n}
    return [n for n in names if " " in n or n not in full]


# "Salma Hayek": two capitalised words, the second of which the story then uses alone ("Hayek ended ...")
_FULL_NAME = re.compile(r"(?<![\w'’\-])([A-Z][a-z][\w'’\-]*)\s+([A-Z][a-z][\w'’\-]+)(?![\w'’\-])")


def _named_then_surnamed(texts: list[str]) -> Counter[str]:
    """People a story names in full and then by surname alone, as news names people ("Salma Hayek is
    mourning ... Hayek ended the note"), whether or not their given name is a common one: each with
    the number of sentences that name them."""
    found: Counter[str] = Counter()
    for given, surname in {m.groups() for t in texts for m in _FULL_NAME.finditer(t)}:
        if given in STOP_CAPS or surname in STOP_CAPS or given.lower() in STOPWORDS or surname in ORG_WORDS or \
                given in ORG_WORDS or given in _COUNTRY or surname in _COUNTRY:
            continue
        alone = re.compile(rf"(?<![\w'’\-])(?<!{re.escape(given)}\s){re.escape(surname)}(?![\w\-])")
        named = sum(1 for t in texts if surname in t and (f"{given} {surname}" in t or alone.search(t)))
        if any(alone.search(t) for t in texts) and named > 1:
            found[f"{given} {surname}"] = named
    return found


TITLE_WORDS = 14  # a headline; longer is a sentence or a statement's full heading
TITLE_NEWEST = 1.0  # the newest sources' headlines give the latest state


# "Republic of China", "Bank of England": an "of" inside an institution's or a country's name
_NAME_GOES_ON = re.compile(r"\b(?:Republic|Kingdom|Bank|University|Department|Ministry|Office|Union|States|Council|Court|"
                           r"College|Institute|Church|City|County|Province|Islands?|Gulf|Sea|Bay|Lake|Mount|Cape)\s+of\s+"
                           r"(?:the\s+)?[A-Z]$")


def _headline(source: Source, said: set[str]) -> str | None:  # noqa: C901
    """A source's title as a headline: not a body sentence, not a file name, at most TITLE_WORDS
    words (a long statement heading is cut before its last "of"/"on" phrase that makes it fit:
    "Readout of President Biden's Meeting with President Xi Jinping"); None when it is no headline."""
    title = " ".join(source.title.split())
    first = source.paragraphs[0].text if source.paragraphs else ""
    if title.endswith((".", ":", "…")) or _norm(title) in said or _norm(first).startswith(_norm(title)) or \
            any(_norm(title) in _norm(p.text) for p in source.paragraphs):
        return None  # a body sentence, or a short title cut from one
    if len(title.split()) > TITLE_WORDS:
        # the longest that fits, never inside a name: "Biden, Jr.", "the People's Republic of China"
        cuts = [m.start() for m in re.finditer(r"\s(?:of|on|in|for|at|regarding|about)\s|,\s(?!(?:Jr|Sr)\b)|:\s", title)
                if 6 <= len(title[:m.start()].split()) <= TITLE_WORDS and not _NAME_GOES_ON.search(title, 0, m.end() + 1)]
        title = title[:cuts[-1]] if cuts else ""
    return title if 3 <= len(title.split()) <= TITLE_WORDS else None


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def infer_dates(sources: tuple[Source, ...], groups: list[list[Claim]]) -> tuple[Source, ...]:
    """Date an undated source by the dated sources that restate it (marked as inferred)."""
    found: dict[int, list[dt.date]] = defaultdict(list)
    for g in groups:
        dated = [c.source.date for c in g if c.source.date]
        for c in g:
            if c.source.date is None and dated:
                found[c.source.id].append(min(dated))
    return tuple(
        replace(s, date=Counter(found[s.id]).most_common(1)[0][0], date_inferred=True)
        if s.date is None and found.get(s.id) else s
        for s in sources
    )

