"""The structured summary of one source: each sentence's facts, actors, figures, dated events,
quotes, references, positions and ranked key points, each pointing back to its paragraph.

Every sentence is analysed once here; later stages read these facts and never parse the text again.
"""

from __future__ import annotations

import re
from collections import Counter

from briefing import weights as w
from briefing.analyse.actors import Mention, find_actors, person_key, terms
from briefing.text.dates import find_dates
from briefing.analyse.figures import clause_of, find_figures, predicate_of
from briefing.analyse.referents import Referents
from briefing.analyse.settle import QUESTION
from briefing.analyse.speakers import Context, is_name, position, quoted_speaker, speaker
from briefing.analyse.statements import statement
from briefing.text.grammar import ATTRIBUTION, SINGLE_CLOSE, outside_quotes
from briefing.analyse.stance import StanceMatch, stance
from briefing.model import (
    Actor, Citation, Event, Figure, KeyPoint, Paragraph, Position, Quote, Reference, SentenceFacts, Source,
    SourceSummary, Statement,
)
from briefing.text.furniture import is_boilerplate_sentence
from briefing.text.words import content_words, stem

_QUOTE = re.compile(r"[\"“](?P<q>[^\"“”]{12,}?)[\"”]")
_REFERENCE = re.compile(
    r"(?:UN\s+|U\.N\.\s+|United Nations\s+)?Security Council [Rr]esolutions?\s+\d{3,4}(?:(?:,\s*|\s+and\s+)\d{3,4})*"
    r"|\b[Rr]esolutions?\s+\d{3,4}(?:(?:,\s*|\s+and\s+)\d{3,4})*"
    r"|\bUNSCRs?\s*\d{3,4}"
    r"|\b[Aa]rticle\s+\d+[a-z]?(?:\(\d+\))?\s+of\s+the\s+(?:[A-Z][\w'’\-]*\s*)+"
    r"|\bthe\s+(?:[A-Z][\w'’\-]*\s+(?:of\s+(?:the\s+)?)?){1,6}(?:Act|Treaty|Convention|Charter|Agreement|Accords?|Protocol|Resolution|Declaration|Statute)\b"
)
# cheap tests that spare the costly patterns on sentences that cannot match them
_NUMBER_HINT = re.compile(r"\d|\b(?:several|few|many|some|dozens?|hundreds?|thousands?|millions?|one|two|three|four|"
                          r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\b", re.I)
_DATE_HINT = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|"
                        r"yesterday|today|tonight|last week|last month|this week)", re.I)
_REFERENCE_HINT = re.compile(r"[Rr]esolution|UNSCR|[Aa]rticle|Act\b|Treaty|Convention|Charter|Agreement|Accord|Protocol|Declaration|Statute")


_BACKGROUND_CUE = re.compile(
    r"\b(?:since|until|till|born|founded|established|this|that)\b\W*(?:[\w'’]+\W+){0,5}$"
    r"|\b(?:after|before|following|previous|earlier)\b\W*(?:[\w'’]+\W+){0,1}$", re.I)
_OLD_YEAR = re.compile(r"^,?\s+\d{3,4}\b")


def _background(sentence: str, start: int, end: int) -> bool:
    """Whether a date in ``sentence`` dates background rather than what the sentence reports: it
    follows "since", "after", "born", "in this ... photo", sits in parentheses or a bracketed aside,
    or is a day of a year the date patterns do not read ("July 23, 1609")."""
    before = sentence[max(0, start - 60):start]
    if _BACKGROUND_CUE.search(before) or _OLD_YEAR.match(sentence[end:end + 8]):
        return True
    return sentence[:start].count("(") > sentence[:start].count(")")


# a quotation in single marks, as British papers print them: one opening the paragraph ("'I must
# remember ...") or closed by its own punctuation ("...,' Motes said")
_SINGLE_QUOTED = re.compile(r"^['‘](?=[A-Z])|" + SINGLE_CLOSE + r"(?=\s)")


class _Found:
    """What the analysis of one source has found so far."""

    def __init__(self, voice: str | None) -> None:
        self.ctx = Context(voice)
        self.referents = Referents()
        self.quoted: str | None = None  # who the current paragraph quotes
        self.heading = False  # the current paragraph is a heading
        self.open_quote = False  # the paragraph before left a quotation open: this one goes on with it
        self.actors: dict[str, dict] = {}
        self.figures: list[Figure] = []
        self.events: list[Event] = []
        self.quotes: list[Quote] = []
        self.references: dict[str, Reference] = {}
        self.positions: list[Position] = []
        self.facts: list[SentenceFacts] = []


def analyse_source(source: Source) -> SourceSummary:
    """Build the structured summary of one source, analysing each sentence once.

    A copy of another source (``duplicate_of``) says nothing of its own: it gets an empty summary.
    """
    if source.duplicate_of:
        return SourceSummary(source=source)
    found = _Found(None)
    for para in source.paragraphs:
        _paragraph(source, para, found)
    return SourceSummary(
        source=source,
        key_points=tuple(rank_sentences(found.facts)),
        actors=_actors(found.actors),
        figures=tuple(found.figures),
        events=tuple(found.events),
        quotes=tuple(found.quotes),
        references=tuple(found.references.values()),
        positions=tuple(found.positions),
        sentences=tuple(found.facts),
    )


def _paragraph(source: Source, para: Paragraph, found: _Found) -> None:
    cite = Citation(source.id, para.n, para.page)
    if _REFERENCE_HINT.search(para.text):
        for m in _REFERENCE.finditer(para.text):
            name = " ".join(m.group(0).split()).removeprefix("the ")
            found.references.setdefault(name.lower(), Reference(name, cite))
    found.ctx.voice = para.speaker or (source.issuer if source.primary else None)
    found.heading = para.heading
    quoting = '"' in para.text or "“" in para.text or bool(_SINGLE_QUOTED.search(para.text))
    named = quoted_speaker(para.text, len(found.facts) + 1, found.referents) if quoting else None
    # a quotation that runs on from the paragraph before (left open there), or a paragraph that is all
    # quotation right after one whose speaker was named, is the same speaker's
    all_quote = _all_quotation(para.text) and not ATTRIBUTION.search(para.text)
    before = found.referents.subjects.get(len(found.facts))  # the subject of the sentence just before
    introduced = before.text if all_quote and before and before.kind == "person" and before.specified else None
    found.quoted = named or (found.quoted if quoting and (found.open_quote or all_quote) else None) or introduced
    found.open_quote = para.text.count('"') % 2 == 1 or para.text.count("“") > para.text.count("”")
    for sentence in para.sentences:
        _sentence(source, sentence, cite, found)


def _all_quotation(text: str) -> bool:
    """Whether a paragraph is a quotation: it opens on one that runs (nearly) to its end, not on a
    quoted title the writer goes on about ('"Doggystyle,'' released on Nov. 23, 1993, debuted ...')."""
    text = text.lstrip()
    if _SINGLE_QUOTED.match(text):
        return True
    if text[:1] not in "\"“":
        return False
    plain = text.replace("''", '"')  # the closing mark of agency copy
    return len(outside_quotes(plain).split()) <= 0.3 * len(plain.split())


def _sentence(source: Source, sentence: str, cite: Citation, found: _Found) -> None:
    ctx = found.ctx
    mentions = find_actors(sentence)
    for mention in mentions:
        _add_actor(found.actors, ctx.surnames, mention, cite)
    verb = stance(sentence)
    dates = find_dates(sentence, source.date) if _DATE_HINT.search(sentence) else []
    order = len(found.facts) + 1
    alone, subject = statement(sentence, cite, order, mentions, found.referents, is_name(ctx.voice), found.quoted)
    if found.heading or ctx.voice == QUESTION:
        alone = Statement(alone.text, alone.citations, False, "a heading" if found.heading else "a question from the floor")
    found.referents.observe(sentence, mentions, cite, order, subject)
    if found.quoted is None and subject is not None and subject.kind == "person" and alone.standalone and \
            ('"' in sentence or "“" in sentence) and ATTRIBUTION.search(sentence):
        found.quoted = subject.text  # '"...," she said. "..."': the rest of the paragraph is hers
    found.facts.append(SentenceFacts(
        sentence, cite, order,
        _salience(sentence, mentions, verb, any(not d.relative for d in dates)),
        terms(sentence, mentions), tuple(m.name for m in mentions), verb.group("verb") if verb else None, alone,
    ))
    who = speaker(sentence, mentions, verb, ctx)
    if _NUMBER_HINT.search(sentence):
        stated = next((d.date for d in dates if not d.relative or d.date <= (source.date or d.date)), source.date)
        found.figures.extend(_figure(f, sentence, cite, who, stated) for f in find_figures(sentence))
    for d in dates:
        if source.date and d.date > source.date:
            continue  # a plan for later is not a past event
        if _background(sentence, d.start, d.end):
            continue  # "since June 19", "born on ...": an older event the sentence mentions, not its own
        found.events.append(Event(d.date, sentence, cite, d.text))
        break
    if '"' in sentence or "“" in sentence:
        for m in _QUOTE.finditer(sentence):
            if len(m.group("q").split()) >= 4 and who:
                found.quotes.append(Quote(who, m.group("q").strip(" ,."), cite))
    pos = position(sentence, mentions, verb, ctx)
    if pos:
        found.positions.append(Position(pos[0], pos[1], sentence, cite))
        ctx.last_subject = pos[0]


def _figure(f, sentence: str, cite: Citation, who: str | None, stated) -> Figure:  # noqa: ANN001
    """A figure with what later stages compare it by: what it counts, its head noun, its clause."""
    counted = content_words(f.counts)
    clause = clause_of(sentence, f.text)
    return Figure(
        f.value, f.text, f.counts, sentence, cite, f.approximate, who, stated,
        counted=frozenset(counted), head=counted[-1] if counted else f.counts.lower(),
        parties=frozenset(m.name for m in find_actors(f.counts)), clause=clause, clause_terms=terms(clause),
        predicate=stem(predicate_of(sentence, f.end)),
    )


def _add_actor(actors: dict, surnames: dict, m: Mention, cite: Citation) -> None:
    name = m.name
    if m.type == "person":
        name = surnames.setdefault(person_key(name), name)
    entry = actors.setdefault(name, {"name": name, "type": m.type, "role": None, "aliases": set(), "cites": []})
    entry["aliases"].add(m.text.removesuffix("'s").removesuffix("’s").strip())
    if m.role and not entry["role"]:
        entry["role"] = m.role
    if cite not in entry["cites"]:
        entry["cites"].append(cite)


def _actors(actors: dict[str, dict]) -> tuple[Actor, ...]:
    return tuple(
        Actor(a["name"], a["type"], a["role"], tuple(sorted(a["aliases"] - {a["name"]})), tuple(a["cites"]))
        for a in sorted(actors.values(), key=lambda a: (-len(a["cites"]), a["name"]))
    )


# --- ranking --------------------------------------------------------------------------------------

def _salience(sentence: str, mentions: list[Mention], verb: StanceMatch | None, dated: bool) -> float:
    n = len(sentence.split())
    score = 0.0
    if any(ch.isdigit() for ch in sentence):
        score += w.NUMBER
    if dated:
        score += w.DATED
    score += min(len({a.name for a in mentions}), w.MAX_ACTORS) * w.PER_ACTOR
    if verb:
        score += w.STANCE
    if _REFERENCE_HINT.search(sentence) and _REFERENCE.search(sentence):
        score += w.REFERENCE
    if is_boilerplate_sentence(sentence):
        score += w.BOILERPLATE
    if sentence.count(",") >= w.LIST_COMMAS:
        score += w.LIST
    if n < w.SHORT_WORDS:
        score += w.SHORT
    elif n > w.LONG_WORDS:
        score += w.LONG
    if sentence.rstrip().endswith("?"):
        score += w.QUESTION
    return score


def rank_sentences(facts: list[SentenceFacts], limit: int = w.KEY_POINTS) -> list[KeyPoint]:
    """Rank a source's sentences: salience, centrality within the source, position."""
    usable = [f for f in facts if len(f.text.split()) >= 6]
    if not usable:
        return []
    tf = Counter(t for f in usable for t in f.terms)
    scored = []
    for i, f in enumerate(usable):
        centrality = sum(tf[t] - 1 for t in f.terms) / (len(f.terms) + 4)
        position_weight = 1.0 / (1 + i * w.KEY_POSITION_DECAY)
        scored.append(KeyPoint(f.text, round(f.salience + centrality * w.KEY_CENTRALITY + position_weight, 4), f.citation))
    scored.sort(key=lambda k: (-k.score, k.citation))
    return scored[:limit]
