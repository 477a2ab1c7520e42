"""The timeline: dated events from every source, one line per date and claim, in date order."""

from __future__ import annotations

from briefing import weights as w
from briefing.text.dates import MONTHS
from briefing.model import Event, Item, Source, SourceSummary
from briefing.synthesise.claims import FIRST_PERSON, LEADING_PRONOUN, Key, Originals
from briefing.synthesise.labels import short_date
from briefing.synthesise.shorten import drop_date_phrase, shorten

TIMELINE_WORDS = 26  # a timeline line is shortened to this many words


def timeline(summaries: list[SourceSummary], groups: list[list], group_of: dict[Key, int],
             originals: Originals, budget: int) -> list[Item]:
    """The most salient dated events, at most ``budget * 2`` (the fit to one page trims), by date."""
    facts = {(f.citation.source, f.citation.paragraph, f.text): f for sm in summaries for f in sm.sentences}
    weight = {key: f.salience for key, f in facts.items()}
    seen: dict[tuple, Item] = {}
    for sm in summaries:
        for e in sm.events:
            key = (e.citation.source, e.citation.paragraph, e.text)
            gid = group_of.get(key, -1 - len(seen))
            slot = (e.date, gid)
            cites = (e.citation,)
            if gid >= 0:
                cites = tuple(dict.fromkeys([e.citation] + [c.cite for c in groups[gid] if c.cite != e.citation]))
            statement = facts[key].statement if key in facts else None
            if slot in seen or not _worthy(e, sm.source, weight.get(key, 0.0)) or (statement and not statement.standalone):
                continue
            if statement:
                cites = tuple(dict.fromkeys(cites[:1] + statement.citations[1:] + cites[1:]))
            text = shorten(drop_date_phrase(statement.text if statement else e.text, e.date_text), limit=TIMELINE_WORDS)
            seen[slot] = Item(text, cites, weight.get(key, 0.0), None, short_date(e.date),
                              originals.of_citations(cites), date=e.date)
    # one entry per date and claim; same-day entries from different claims stay apart
    items = sorted(seen.values(), key=lambda it: (-it.score, it.citations))[: budget * 2]
    return sorted(items, key=lambda it: (it.date, it.citations))


def _worthy(e: Event, source: Source, weight: float) -> bool:
    """A dated event worth a line: a self-contained sentence, and a relative date ("on Friday")
    only where a report anchors it to its own date."""
    if LEADING_PRONOUN.match(e.text) or FIRST_PERSON.match(e.text) or e.text.startswith(("{", "[", "<")):
        return False
    if weight < w.TIMELINE_MIN_SALIENCE:
        return False
    absolute = any(m in e.date_text.lower() for m in MONTHS) or e.date_text[:1].isdigit()
    return absolute or source.kind in ("news report", "feed entry", "web page")
