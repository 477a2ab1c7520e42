"""Key figures, and the figures that sources give differently (conflicts), each with who gives it
and when."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from briefing import weights as w
from briefing.text.dates import find_dates
from briefing.analyse.figures import comparable, consistent
from briefing.model import Figure, Item, Source, SourceSummary, Statement
from briefing.synthesise.claims import Key, Originals
from briefing.analyse.speakers import is_name
from briefing.synthesise.labels import short_date, speaker_label, short_speaker
from briefing.synthesise.shorten import shorten

_IMPORTANT = re.compile(
    r"troop|soldier|forc|personnel|death|dead|kill|casualt|wound|injur|civilian|refugee|displac|missile|"
    r"drone|rocket|dollar|euro|pound|percent|vote|seat|case|hostage|prisoner|detainee|arrest|migrant", re.I)


class KeyFigures:
    """The figures worth showing, filed by what they count, read once: those sources give
    differently (the conflicts, both sides), and the key figures, chosen once the page says which
    sentences it already shows."""

    def __init__(self, summaries: list[SourceSummary], originals: Originals, by_id: dict[int, Source],
                 group_of: dict[Key, int]) -> None:
        self._by_id = by_id
        self._statements = {(s.citation.source, s.citation.paragraph, s.text): s.statement
                            for sm in summaries for s in sm.sentences}
        self._buckets: dict[str, list[Figure]] = defaultdict(list)
        for f in _worth_showing(summaries, by_id, group_of):
            st = self._statements.get(_key(f))
            if st is None or st.standalone:
                self._buckets[f.head].append(f)
        self.conflicts: list[Item] = []
        self.in_conflict: set[Key] = set()  # the sentences the conflicts show
        self._plain: list[str] = []  # what the other figures count, their conflicts aside
        for head in sorted(self._buckets):
            pair = _conflict(self._buckets[head], originals)
            if not pair:
                self._plain.append(head)
            else:
                a, b = pair
                note = _conflict_note(a, b, by_id)
                for f in (a, b):
                    text, cites = _wording(f, self._statements.get(_key(f)))
                    self.conflicts.append(Item(text, cites, w.CONFLICT_SCORE - len(self.conflicts), note,
                                               _label(f, by_id), 1))
                    self.in_conflict.add(_key(f))

    def figures(self, taken: set[Key]) -> tuple[list[Item], set[Key]]:
        """The key figures, none of them a sentence in ``taken`` (already on the page), and the
        sentences they use."""
        items: list[Item] = []
        used: set[Key] = set()
        for head in self._plain:
            for f in self._buckets[head][:2]:
                if _key(f) in used or _key(f) in self.in_conflict or _key(f) in taken or f.value is None:
                    continue  # a key figure is a number: "several thousand" only shows where sources differ
                used.add(_key(f))
                text, cites = _wording(f, self._statements.get(_key(f)))
                items.append(Item(text, cites, w.FIGURE_SCORE - len(items) * 0.1, None, _label(f, self._by_id), 1))
        return items, used


def _worth_showing(summaries: list[SourceSummary], by_id: dict[int, Source], group_of: dict[Key, int]) -> list[Figure]:
    """Figures of what matters (troops, deaths, money, votes ...), one per claim group and head noun."""
    figs: list[Figure] = []
    kept: dict[tuple[int, str], list[Figure]] = {}
    for f in sorted((f for sm in summaries for f in sm.figures),
                    key=lambda f: (not by_id[f.citation.source].primary, f.citation)):
        if not _IMPORTANT.search(f.counts) or not (f.value is None or f.value >= 10 or "%" in f.text):
            continue
        if not _says_what_it_counts(f) or f.value is None and not f.approximate:
            continue
        slot = (group_of.get(_key(f), -1 - len(figs)), f.head)
        if any(comparable(f, k) and consistent(f, k) for k in kept.get(slot, ())):
            continue  # the same figure restated by another source
        kept.setdefault(slot, []).append(f)
        figs.append(f)
    return figs


_SHARE = re.compile(r"%|\bper\s*cent\b|\bpercent\b", re.I)


def _says_what_it_counts(f: Figure) -> bool:
    """A share says what it is a share of ("44 percent of the firm"); "100 percent sure" counts nothing."""
    if not (_SHARE.search(f.text) or _SHARE.fullmatch(f.counts.strip())):
        return True
    after = f.clause[f.clause.find(f.text) + len(f.text):] if f.text in f.clause else ""
    return f.value != 100 and bool(re.match(r"\s*(?:%|per\s*cent|percent)?\s+(?:of|in|for)\s+\w", after, re.I))


def _conflict(fs: list[Figure], originals: Originals) -> tuple[Figure, Figure] | None:
    """The first pair of figures from different origins that count the same thing inconsistently."""
    for i, a in enumerate(fs):
        for b in fs[i + 1:]:
            if originals.original_of[a.citation.source] == originals.original_of[b.citation.source]:
                continue
            if a.parties and b.parties and not (a.parties & b.parties):
                continue  # different parties' troops
            if not comparable(a, b):
                continue  # troops deployed and troops killed
            if a.value is None and b.value is None:
                continue  # two vague quantities ("several hundred", "dozens") do not contradict
            if not _same_context(a, b):
                continue  # migrants detained in one place, migrants crossing in another
            if consistent(a, b):
                continue
            return a, b
    return None


def _wording(f: Figure, statement: Statement | None) -> tuple[str, tuple]:
    """What the page prints for a figure: the clause that holds it when that reads as a sentence
    of its own, else the whole sentence as it stands alone."""
    if statement is None:
        return shorten(f.clause), (f.citation,)
    if f.clause != f.text and f.clause[:1].isupper() and f.clause in statement.text:
        return shorten(f.clause), statement.citations[:1]
    return shorten(statement.text), statement.citations


def _key(f: Figure) -> Key:
    return (f.citation.source, f.citation.paragraph, f.sentence)


def _same_context(a: Figure, b: Figure) -> bool:
    """Two figures count the same thing only if their clauses share more than the counted noun:
    two actors, places or other content words ("DPRK" and "Russia")."""
    head = {a.head}
    ta = a.clause_terms - head
    tb = b.clause_terms - head
    shared = {t for t in ta & tb if not re.fullmatch(r"[\d,.]+", t)}
    return len(shared) >= w.SAME_CONTEXT_TERMS and len(shared) / max(min(len(ta), len(tb)), 1) >= w.SAME_CONTEXT_SHARE


def _conflict_note(a: Figure, b: Figure, by_id: dict[int, Source]) -> str:
    da, db = figure_date(a, by_id), figure_date(b, by_id)
    parts = [f"Sources differ: {a.text} {a.counts} against {b.text} {b.counts}."]
    vague = a.value is None or b.value is None or a.approximate or b.approximate
    if da and db and da != db:
        parts.append(f"Stated on different dates ({short_date(min(da, db))} and {short_date(max(da, db))}): "
                     "may reflect a change over time or a different scope.")
    elif vague:
        parts.append("At least one is an estimate: the gap may be an estimate spread.")
    else:
        parts.append("A real contradiction: neither is confirmed.")
    return " ".join(parts)


def figure_date(f: Figure, by_id: dict[int, Source]) -> dt.date | None:
    """The date a figure is given for: the one its sentence states, else its source's date.

    The analysis found it against the source's own date; a date the synthesis inferred for an
    undated source (from the reports that restate it) was not known then, so it is used here."""
    src = by_id[f.citation.source]
    if not src.date_inferred:
        return f.date
    found = [d for d in find_dates(f.sentence, src.date) if not d.relative or d.date <= (src.date or d.date)]
    return found[0].date if found else src.date


def _label(f: Figure, by_id: dict[int, Source]) -> str | None:
    src = by_id[f.citation.source]
    # who gives the figure, when the sentence names someone ("the source said" names no one)
    who = short_speaker(f.speaker) if f.speaker and is_name(f.speaker) else speaker_label(src) if src.primary else None
    date = figure_date(f, by_id)
    return ", ".join(b for b in (who, short_date(date) if date else None) if b) or None
