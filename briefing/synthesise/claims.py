"""Claims across sources: every candidate sentence scored, the same claim grouped across sources,
and the wording the page shows chosen from each group."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from briefing import weights as w
from briefing.analyse.disjoint import DisjointSets
from briefing.analyse.figures import comparable, consistent
from briefing.model import Citation, Figure, SentenceFacts, Source, SourceSummary
from briefing.synthesise.shorten import shorten

LEADING_PRONOUN = re.compile(r"^(they|he|she|it|this|these|those|that|there|but|and|however|also|so|such)\b", re.I)
FIRST_PERSON = re.compile(r"^(we|i|our|my|us)\b", re.I)
_FUTURE = re.compile(r"\b(will|is to|are to|is expected to|plans to|intends to)\s+\w+", re.I)

Key = tuple[int, int, str]  # a sentence: (source id, paragraph number, text)


@dataclass(frozen=True)
class Claim:
    """A source sentence considered for the page, with its facts and its score."""

    facts: SentenceFacts
    source: Source
    score: float

    @property
    def text(self) -> str:
        return self.facts.text

    @property
    def cite(self) -> Citation:
        return self.facts.citation

    @property
    def words(self) -> frozenset[str]:
        return self.facts.terms

    @property
    def key(self) -> Key:
        return (self.cite.source, self.cite.paragraph, self.text)

    @property
    def wording(self) -> str:
        """What the page prints for it: the sentence made to stand alone."""
        st = self.facts.statement
        return st.text if st else self.text

    @property
    def standalone(self) -> bool:
        st = self.facts.statement
        return st is None or st.standalone

    @property
    def support(self) -> tuple[Citation, ...]:
        """The paragraphs its wording rests on: its own, then those its insertions come from."""
        st = self.facts.statement
        return st.citations if st else (self.cite,)


class Originals:
    """Which source each source repeats: a copy of another source counts as that source's origin."""

    def __init__(self, sources: tuple[Source, ...] | list[Source]) -> None:
        self.original_of = {s.id: s.duplicate_of or s.id for s in sources}

    def count(self, group: list[Claim]) -> int:
        """The number of independent sources in a group of claims."""
        return len({self.original_of[c.source.id] for c in group})

    def of_citations(self, cites: tuple[Citation, ...]) -> int:
        return len({self.original_of[c.source] for c in cites})


def stale_plan(text: str, date: dt.date | None, newest: dt.date | None) -> bool:
    """Whether a sentence is a plan ("will travel", "is expected to") that a source older than the
    newest gave: what happened since may have overtaken it."""
    return bool(newest and date and date < newest and _FUTURE.search(text))


def make_claims(summaries: list[SourceSummary]) -> list[Claim]:
    """Every sentence worth considering, scored: salience, what other sources share, position, recency."""
    summaries = [sm for sm in summaries if not sm.source.duplicate_of]  # a copy adds no claim of its own
    sources = [sm.source for sm in summaries]
    rows_per_source = [
        [f for f in sm.sentences if len(f.text.split()) >= w.CLAIM_MIN_WORDS and not f.text.rstrip().endswith("?")]
        for sm in summaries
    ]
    df: Counter[str] = Counter()
    for rows in rows_per_source:
        df.update({t for f in rows for t in f.terms})
    n = max(len(sources), 1)
    newest = max((s.date for s in sources if s.date), default=None)
    claims: list[Claim] = []
    for s, rows in zip(sources, rows_per_source):
        recency = 0.0
        if newest and s.date:
            recency = w.RECENCY * max(0.0, 1 - (newest - s.date).days / w.RECENCY_DAYS)
        for f in rows:
            # centrality: words that other sources share; position: news puts the lead first
            shared = sum(min(df[t] - 1, w.SHARED_CAP) for t in f.terms) / (len(f.terms) + w.SHARED_SMOOTHING)
            lead = w.LEAD / (1 + w.LEAD_DECAY * (f.order - 1))
            stale = w.STALE_FUTURE if stale_plan(f.text, s.date, newest) else 0.0
            score = f.salience + (shared * w.SHARED if n > 1 else 0.0) + lead + recency + stale + (w.PRIMARY if s.primary else 0.0)
            claims.append(Claim(f, s, round(score, 6)))
    return claims


class Overlap:
    """Weighted overlap of claims' terms: rare terms weigh more, names of actors half. Two sentences
    whose figures count the same thing differently ("12 killed", "300 killed"), or count different
    things ("troops deployed", "troops killed"), never say the same thing, however many words they
    share: that is a disagreement, or two facts."""

    def __init__(self, claims: list[Claim], figures: dict[Key, list[Figure]] | None = None) -> None:
        self.figures = figures or {}
        df = Counter(t for c in claims for t in c.words)
        n = len(claims) + 1
        self.df = df
        self.weight = {t: (math.log(n / (1 + d)) + 1) * (w.ACTOR_TERM if t.startswith("@") else 1.0)
                       for t, d in df.items()}

    def total(self, c: Claim) -> float:
        return sum(self.weight[t] for t in c.words)

    def similarity(self, a: Claim, b: Claim, wa: float | None = None, wb: float | None = None) -> float:
        """Overlap of two sentences' terms. Two sentences listing the same countries are not the
        same claim unless they share at least two other terms."""
        inter = a.words & b.words
        if sum(1 for t in inter if t[0] != "@") < 2:
            return 0.0
        if _figures_differ(self.figures.get(a.key, ()), self.figures.get(b.key, ())):
            return 0.0
        wa = self.total(a) if wa is None else wa
        wb = self.total(b) if wb is None else wb
        return sum(self.weight[t] for t in inter) / min(wa, wb)


def group_claims(claims: list[Claim], overlap: Overlap) -> list[list[Claim]]:
    """Group sentences from different sources that state the same claim.

    Candidates are found in near-linear time: each sentence is filed under the pairs of its rarest
    shared terms (names of actors aside), and only sentences filed together are compared. Pairs are
    then merged most similar first, and a group holds at most one sentence from each source, so that
    one loose match cannot chain a whole source into a group.
    """
    total = [overlap.total(c) for c in claims]
    pairs = []
    for i, j in _candidates(claims, overlap.df):
        sim = overlap.similarity(claims[i], claims[j], total[i], total[j])
        if sim >= w.SIMILAR:
            pairs.append((sim, i, j))
    sets = DisjointSets(len(claims))
    members_of: dict[int, set[int]] = {i: {c.source.id} for i, c in enumerate(claims)}
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        a, b = sets.find(i), sets.find(j)
        if a == b or members_of[a] & members_of[b]:
            continue
        sets.union(a, b)
        members_of[a] |= members_of.pop(b)
    return [sorted((claims[i] for i in members), key=lambda c: (not c.source.primary, c.cite))
            for members in sets.groups().values()]


def _figures_differ(a, b) -> bool:  # noqa: ANN001 - sequences of Figure
    return any(fa.head == fb.head and not (comparable(fa, fb) and consistent(fa, fb)) for fa in a for fb in b)


def _candidates(claims: list[Claim], df: Counter[str]) -> set[tuple[int, int]]:
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        rare = sorted((t for t in c.words if df[t] > 1 and not t.startswith("@")), key=lambda t: (df[t], t))[:w.RARE_TERMS]
        for pair in combinations(sorted(rare), 2):
            buckets[pair].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > w.BUCKET_CAP:
            continue  # a pair of terms this common is no evidence of the same claim
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if claims[i].source.id != claims[j].source.id:
                    candidates.add((i, j))
    return candidates


def group_score(group: list[Claim], originals: Originals) -> float:
    return max(c.score for c in group) + w.PER_ORIGIN * (originals.count(group) - 1)


def representative(group: list[Claim]) -> Claim | None:
    """Choose the sentence that reads best on its own (None when no sentence of the group can stand
    alone): the newest wording, not too long."""
    newest = max((c.source.date for c in group if c.source.date), default=None)

    def readability(c: Claim) -> float:
        n = len(c.wording.split())
        r = c.score
        if newest and c.source.date == newest:
            r += w.NEWEST_WORDING
        if stale_plan(c.text, c.source.date, newest):
            r += w.STALE_FUTURE
        if LEADING_PRONOUN.match(c.wording):
            r += w.LEADING_PRONOUN
        if FIRST_PERSON.match(c.wording):
            r += w.FIRST_PERSON
        if n > w.LONG_WORDING:
            r -= (n - w.LONG_WORDING) / w.LONG_WORDING_RATE
        return r + (w.PRIMARY_WORDING if c.source.primary else 0.0)

    standing = [c for c in group if c.standalone]
    return max(standing, key=lambda c: (readability(c), -c.cite.source, -c.cite.paragraph)) if standing else None


def fits_bottom_line(c: Claim) -> bool:
    return len(shorten(c.wording).split()) <= w.BOTTOM_LINE_WORDS


def citations(group: list[Claim], rep: Claim) -> tuple[Citation, ...]:
    """Every supporting paragraph: primary sources first, the quoted sentence's own first among
    equals, and right after it the paragraphs its bracketed insertions come from."""
    ordered = sorted(group, key=lambda c: (not c.source.primary, c is not rep, c.cite))
    cites = [c.cite for c in ordered]
    at = cites.index(rep.cite) + 1
    return tuple(dict.fromkeys(cites[:at] + list(rep.support[1:]) + cites[at:]))
