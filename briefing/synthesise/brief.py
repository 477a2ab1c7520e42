"""Across sources: group the same claim, find conflicting figures, merge the timeline, attribute
positions, and rank everything for the one page.

Every item's text is a source sentence, or that sentence with words removed, so the paragraphs it
cites support every word kept.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from itertools import combinations
from dataclasses import dataclass, replace

from briefing.analyse.actors import find_actors, person_key
from briefing.analyse.figures import magnitude
from briefing.analyse.settle import short_name
from briefing.analyse.summary import content_words, stance, terms
from briefing.model import Brief, Citation, Figure, Item, Section, Source, SourceSummary

SECTION_TITLES = {
    "bottom_line": "Bottom line",
    "key_developments": "Key developments",
    "positions": "Positions and statements",
    "timeline": "Timeline",
    "figures": "Key figures",
    "conflicts": "Conflicting reports and gaps",
}
SECTION_ORDER = ("bottom_line", "key_developments", "positions", "timeline", "figures", "conflicts")
# How many items each section offers before the page fit trims the lowest-ranked.
BUDGET = {"bottom_line": 3, "key_developments": 7, "positions": 6, "timeline": 6, "figures": 4, "conflicts": 4}

REDUNDANT = 0.45  # overlap above which a sentence adds nothing to one already chosen
BUCKET_CAP = 50  # sentences sharing the same pair of rare terms, beyond which the pair is no evidence
SIMILAR = 0.5  # overlap of weighted content words for two sentences to state the same claim
_LEADING_PRONOUN = re.compile(r"^(they|he|she|it|this|these|those|that|there|but|and|however|also|so|such)\b", re.I)
_FUTURE = re.compile(r"\b(will|is to|are to|is expected to|plans to|intends to)\s+\w+", re.I)
_FIRST_PERSON = re.compile(r"^(we|i|our|my|us)\b", re.I)


@dataclass(frozen=True)
class Claim:
    """A source sentence considered for the page."""

    text: str
    cite: Citation
    source: Source
    order: int  # index of the sentence within its source
    words: frozenset[str]
    score: float


def synthesise(summaries: list[SourceSummary], *, title: str | None, as_of: dt.date | None,
               page_size: str = "A4", today: dt.date | None = None) -> Brief:
    """Build the brief's sections from the sources' structured summaries.

    The brief is as of ``as_of``, else the latest source date, else ``today`` (the run's date, from
    the edge: SOURCE_DATE_EPOCH or the clock) when no source is dated.
    """
    sources = tuple(s.source for s in summaries)
    origin = {s.id: s.duplicate_of or s.id for s in sources}
    claims = _claims(summaries)
    idf = _idf(claims)
    weight = _weights(idf)
    groups = _group(claims, origin, idf)
    sources = _infer_dates(sources, groups)
    by_id = {s.id: s for s in sources}
    summaries = [replace(sm, source=by_id[sm.source.id]) for sm in summaries]
    positions = _positions(summaries)

    used: set[tuple[int, int, str]] = set()  # sentences already on the page (not counting timeline)
    sections: dict[str, list[Item]] = {k: [] for k in SECTION_ORDER}

    group_of = {_key(c): gi for gi, g in enumerate(groups) for c in g}
    conflicts, figure_items, conflict_keys = _figures(summaries, origin, by_id, group_of)
    sections["conflicts"] = conflicts
    sections["figures"] = figure_items
    used |= conflict_keys

    ranked = sorted(groups, key=lambda g: (-_group_score(g, origin), g[0].cite))
    # the bottom line leads with what most independent sources say, among the best-ranked claims
    top = ranked[:12]
    most = max((_origins(g, origin) for g in top), default=1)
    lead = [g for g in top if _origins(g, origin) == most and _fits_bottom_line(_representative(g))]
    lead = lead[: BUDGET["bottom_line"]] if most > 1 else []
    ranked = lead + [g for g in ranked if not any(g is x for x in lead)]
    chosen: list[Claim] = []
    for g in ranked:
        rep = _representative(g)
        key = _key(rep)
        if any(_key(c) in used for c in g):
            continue
        if any(_similarity(rep.words, other.words, weight, _total(rep, weight), _total(other, weight)) >= REDUNDANT
               for other in chosen):
            continue  # says again what the page already says
        item = _item(g, rep, origin, positions)
        if len(sections["bottom_line"]) < BUDGET["bottom_line"] and _fits_bottom_line(rep):
            sections["bottom_line"].append(item)
        elif key in positions and len(sections["positions"]) < BUDGET["positions"]:
            actor, verb = positions[key]
            named = (actor.lower() in rep.text.lower() or person_key(actor) in rep.text.lower()
                     or actor in {m.name for m in find_actors(rep.text)})
            sections["positions"].append(replace(item, label=None if named else actor))
        elif len(sections["key_developments"]) < BUDGET["key_developments"]:
            sections["key_developments"].append(item)
        else:
            continue
        used |= {_key(c) for c in g}
        chosen.append(rep)
    sections["timeline"] = _timeline(summaries, groups, origin)

    built = tuple(
        Section(k, SECTION_TITLES[k], tuple(v)) for k, v in sections.items() if v
    )
    return Brief(
        title=title or _default_title(sources, claims),
        as_of=as_of or max((s.date for s in sources if s.date), default=today or dt.date(1970, 1, 1)),
        sources=sources,
        sections=built,
        summaries=tuple(summaries),
        page_size=page_size,
    )


# --- claims and groups ----------------------------------------------------------------------------

def _claims(summaries: list[SourceSummary]) -> list[Claim]:
    """Every sentence worth considering, scored: salience, what other sources share, position, recency."""
    # a copy of another source (syndication) adds no claim of its own
    summaries = [sm for sm in summaries if not sm.source.duplicate_of]
    sources = [sm.source for sm in summaries]
    rows_per_source = [
        [f for f in sm.sentences if len(f.text.split()) >= 6 and not f.text.rstrip().endswith("?")]
        for sm in summaries
    ]
    df: Counter[str] = Counter()
    for rows in rows_per_source:
        df.update({w for f in rows for w in f.terms})
    n = max(len(sources), 1)
    newest = max((s.date for s in sources if s.date), default=None)
    claims: list[Claim] = []
    for s, rows in zip(sources, rows_per_source):
        recency = 0.0
        if newest and s.date:
            recency = 0.5 * max(0.0, 1 - (newest - s.date).days / 14)
        for f in rows:
            # centrality: words that other sources share; position: news puts the lead first
            shared = sum(min(df[w] - 1, 3) for w in f.terms) / (len(f.terms) + 5)
            position = 1.2 / (1 + 0.3 * (f.order - 1))
            score = f.salience + (shared * 2.0 if n > 1 else 0.0) + position + recency + (0.3 if s.primary else 0.0)
            claims.append(Claim(f.text, f.citation, s, f.order, f.terms, round(score, 6)))
    return claims


def _idf(claims: list[Claim]) -> dict[str, float]:
    df = Counter(w for c in claims for w in c.words)
    n = len(claims) + 1
    return {w: math.log(n / (1 + d)) + 1 for w, d in df.items()}


def _group(claims: list[Claim], origin: dict[int, int], idf: dict[str, float]) -> list[list[Claim]]:
    """Group sentences from different sources that state the same claim.

    Candidates are found in near-linear time: each sentence is filed under the pairs of its four
    rarest shared terms (names of actors aside), and only sentences filed together are compared. Pairs are then merged most
    similar first, and a group holds at most one sentence from each source, so that one loose match
    cannot chain a whole source into a group.
    """
    df = Counter(w for c in claims for w in c.words)
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        rare = sorted((w for w in c.words if df[w] > 1 and not w.startswith("@")), key=lambda w: (df[w], w))[:4]
        for pair in combinations(sorted(rare), 2):
            buckets[pair].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > BUCKET_CAP:
            continue  # a pair of terms this common is no evidence of the same claim
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if claims[i].source.id != claims[j].source.id:
                    candidates.add((i, j))
    weight = _weights(idf)
    total = [sum(weight[w] for w in c.words) for c in claims]
    pairs = []
    for i, j in candidates:
        sim = _similarity(claims[i].words, claims[j].words, weight, total[i], total[j])
        if sim >= SIMILAR:
            pairs.append((sim, i, j))

    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members_of: dict[int, set[int]] = {i: {c.source.id} for i, c in enumerate(claims)}
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        a, b = find(i), find(j)
        if a == b or members_of[a] & members_of[b]:
            continue
        parent[b] = a
        members_of[a] |= members_of.pop(b)
    groups: dict[int, list[Claim]] = defaultdict(list)
    for i, c in enumerate(claims):
        groups[find(i)].append(c)
    return [sorted(g, key=lambda c: (not c.source.primary, c.cite)) for g in groups.values()]


def _similarity(a: frozenset[str], b: frozenset[str], weight: dict[str, float], wa: float, wb: float) -> float:
    """Weighted overlap of two sentences' terms. Names of actors weigh half (see ``weight``): two
    sentences listing the same countries are not the same claim unless they share what is said."""
    inter = a & b
    if sum(1 for w in inter if w[0] != "@") < 2:
        return 0.0
    return sum(weight[w] for w in inter) / min(wa, wb)


def _total(c: Claim, weight: dict[str, float]) -> float:
    return sum(weight[w] for w in c.words)


def _weights(idf: dict[str, float]) -> dict[str, float]:
    return {w: v * (0.5 if w.startswith("@") else 1.0) for w, v in idf.items()}


def _origins(group: list[Claim], origin: dict[int, int]) -> int:
    return len({origin[c.source.id] for c in group})


def _group_score(group: list[Claim], origin: dict[int, int]) -> float:
    best = max(c.score for c in group)
    return best + 0.8 * (_origins(group, origin) - 1)


def _representative(group: list[Claim]) -> Claim:
    """Choose the sentence that reads best on its own: no leading pronoun, not too long."""

    newest = max((c.source.date for c in group if c.source.date), default=None)

    def readability(c: Claim) -> float:
        n = len(c.text.split())
        r = c.score
        if newest and c.source.date == newest:
            r += 0.6  # the latest wording: a meeting "held", not "will be held"
        if _FUTURE.search(c.text) and newest and c.source.date != newest:
            r -= 0.6
        if _LEADING_PRONOUN.match(c.text):
            r -= 2.5
        if _FIRST_PERSON.match(c.text):
            r -= 0.4
        if n > 45:
            r -= (n - 45) / 15
        return r + (0.8 if c.source.primary else 0.0)  # the issuer's own words, where a group has them

    return max(group, key=lambda c: (readability(c), -c.cite.source, -c.cite.paragraph))


def _fits_bottom_line(c: Claim) -> bool:
    return len(shorten(c.text).split()) <= 48


def _key(c: Claim) -> tuple[int, int, str]:
    return (c.cite.source, c.cite.paragraph, c.text)


def _citations(group: list[Claim], rep: Claim) -> tuple[Citation, ...]:
    """Every supporting paragraph: primary sources first, the quoted sentence's own first among equals."""
    ordered = sorted(group, key=lambda c: (not c.source.primary, c is not rep, c.cite))
    return tuple(dict.fromkeys(c.cite for c in ordered))


def _item(group: list[Claim], rep: Claim, origin: dict[int, int], positions: dict) -> Item:
    n = _origins(group, origin)
    note = f"confirmed by {n} independent sources" if n > 1 else "single source"
    label = None
    voice = rep.source.paragraph(rep.cite.paragraph).speaker
    if voice:
        label = voice
    elif _FIRST_PERSON.match(rep.text) or (rep.source.primary and not stance(rep.text)):
        label = speaker_label(rep.source)
    elif _LEADING_PRONOUN.match(rep.text):
        label = positions.get(_key(rep), (None,))[0]
    return Item(shorten(rep.text), _citations(group, rep), round(_group_score(group, origin), 4), note, label, n)


def speaker_label(source: Source) -> str:
    """A short name for who speaks in a primary source."""
    if source.issuer and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", source.issuer):
        return source.kind.capitalize()  # a host name says less than "Readout"
    if source.issuer and len(source.issuer) <= 48:
        return source.issuer
    if source.issuer:
        short = short_name(source.issuer)
        if len(short) <= 60:
            return short
    return source.kind.capitalize()


# --- positions ------------------------------------------------------------------------------------

def _positions(summaries: list[SourceSummary]) -> dict[tuple[int, int, str], tuple[str, str]]:
    """Map sentence keys to (actor, stance): who takes a position, and who "they" in a sentence is."""
    out = {}
    for sm in summaries:
        for p in sm.positions:
            actor = p.actor
            if len(actor) > 48:
                actor = short_name(actor)
            out[(p.citation.source, p.citation.paragraph, p.text)] = (actor, p.verb)
    return out


# --- figures and conflicts ------------------------------------------------------------------------

_IMPORTANT = re.compile(
    r"troop|soldier|forc|personnel|death|dead|kill|casualt|wound|injur|civilian|refugee|displac|missile|"
    r"drone|rocket|dollar|euro|pound|percent|vote|seat|case|hostage|prisoner|detainee|arrest|migrant", re.I)


def _figure_key(f: Figure) -> tuple[str, frozenset[str]]:
    words = content_words(f.counts)
    head = words[-1] if words else f.counts.lower()
    actors = frozenset(m.name for m in find_actors(f.counts))
    return head, actors


def _figures(summaries: list[SourceSummary], origin: dict[int, int], by_id: dict[int, Source],
             group_of: dict[tuple[int, int, str], int]):
    """Key figures, and the figures that sources give differently (conflicts)."""
    figs = []
    seen: set[tuple[int, str]] = set()
    for f in sorted((f for sm in summaries for f in sm.figures),
                    key=lambda f: (not by_id[f.citation.source].primary, f.citation)):
        if not _IMPORTANT.search(f.counts) or not (f.value is None or f.value >= 10 or "%" in f.text):
            continue
        gid = group_of.get((f.citation.source, f.citation.paragraph, f.sentence), -1 - len(seen))
        if (gid, _figure_key(f)[0]) in seen:
            continue  # the same figure restated by another source
        seen.add((gid, _figure_key(f)[0]))
        figs.append(f)
    buckets: dict[str, list[Figure]] = defaultdict(list)
    for f in figs:
        buckets[_figure_key(f)[0]].append(f)
    conflicts: list[Item] = []
    figure_items: list[Item] = []
    used: set[tuple[int, int, str]] = set()
    for head in sorted(buckets):
        fs = buckets[head]
        done = False
        for i, a in enumerate(fs):
            for b in fs[i + 1:]:
                if done or origin[a.citation.source] == origin[b.citation.source]:
                    continue
                ka, kb = _figure_key(a)[1], _figure_key(b)[1]
                if ka and kb and not (ka & kb):
                    continue  # different parties' troops
                if a.value is None and b.value is None:
                    continue  # two vague quantities ("several hundred", "dozens") do not contradict
                if not _same_context(a, b):
                    continue  # migrants detained in one place, migrants crossing in another
                la, ha = magnitude(a.value, a.text)
                lb, hb = magnitude(b.value, b.text)
                if la <= hb and lb <= ha:
                    continue  # consistent
                note = _conflict_note(a, b, by_id)
                for f, other in ((a, b), (b, a)):
                    conflicts.append(Item(
                        shorten(_clause(f.sentence, f.text)), (f.citation,), 10.0 - len(conflicts),
                        note, _figure_label(f, by_id), 1,
                    ))
                    used.add((f.citation.source, f.citation.paragraph, f.sentence))
                done = True
        if not done:
            for f in fs[:2]:
                key = (f.citation.source, f.citation.paragraph, f.sentence)
                if key in used:
                    continue
                used.add(key)
                figure_items.append(Item(shorten(_clause(f.sentence, f.text)), (f.citation,), 5.0 - len(figure_items) * 0.1,
                                         None, _figure_label(f, by_id), 1))
    return conflicts, figure_items, used


def _same_context(a: Figure, b: Figure) -> bool:
    """Two figures count the same thing only if their clauses share more than the counted noun:
    two actors, places or other content words ("DPRK" and "Russia")."""
    head = {_figure_key(a)[0]}
    ta = terms(_clause(a.sentence, a.text)) - head
    tb = terms(_clause(b.sentence, b.text)) - head
    shared = {w for w in ta & tb if not re.fullmatch(r"[\d,.]+", w)}
    return len(shared) >= 2 and len(shared) / max(min(len(ta), len(tb)), 1) >= 0.34


def _conflict_note(a: Figure, b: Figure, by_id: dict[int, Source]) -> str:
    da, db = _figure_date(a, by_id), _figure_date(b, by_id)
    parts = [f"Sources differ: {a.text} {a.counts} against {b.text} {b.counts}."]
    vague = a.value is None or b.value is None or a.approximate or b.approximate
    if da and db and da != db:
        parts.append(f"Stated on different dates ({_fmt(min(da, db))} and {_fmt(max(da, db))}): may reflect a change over time or a different scope.")
    elif vague:
        parts.append("At least one is an estimate: the gap may be an estimate spread.")
    else:
        parts.append("A real contradiction: neither is confirmed.")
    return " ".join(parts)


def _figure_date(f: Figure, by_id: dict[int, Source]) -> dt.date | None:
    from briefing.analyse.dates import find_dates

    src = by_id[f.citation.source]
    found = [d for d in find_dates(f.sentence, src.date) if not d.relative or d.date <= (src.date or d.date)]
    return found[0].date if found else src.date


def _figure_label(f: Figure, by_id: dict[int, Source]) -> str:
    src = by_id[f.citation.source]
    who = f.speaker if f.speaker and len(f.speaker) <= 48 else speaker_label(src) if src.primary else None
    if f.speaker and len(f.speaker) > 48:
        who = short_name(f.speaker)
    date = _figure_date(f, by_id)
    bits = [b for b in (who, _fmt(date) if date else None) if b]
    return ", ".join(bits) or None


def _clause(sentence: str, figure_text: str) -> str:
    """Cut a sentence down to the clause that holds a figure."""
    i = sentence.find(figure_text)
    if i < 0:
        return sentence
    start = 0
    for m in re.finditer(r"(?:,\s+|;\s+|\bthat\s+|:\s+)", sentence[:i]):
        start = m.end()
    tail = sentence[i:]
    m = re.search(r"(?:,\s+(?:yet|but|while|which|and\s+that|although|as|besides)\b|;|\s+—\s+)", tail)
    end = i + (m.start() if m else len(tail))
    clause = sentence[start:end].strip(" ,;")
    return clause if len(clause.split()) >= 4 else sentence


# --- timeline -------------------------------------------------------------------------------------

def _timeline(summaries: list[SourceSummary], groups: list[list[Claim]], origin: dict[int, int]) -> list[Item]:
    weight = {(f.citation.source, f.citation.paragraph, f.text): f.salience for sm in summaries for f in sm.sentences}
    group_of: dict[tuple[int, int, str], int] = {}
    for gi, g in enumerate(groups):
        for c in g:
            group_of[_key(c)] = gi
    seen: dict[tuple[dt.date, int], Item] = {}
    for sm in summaries:
        for e in sm.events:
            key = (e.citation.source, e.citation.paragraph, e.text)
            gid = group_of.get(key, -1 - len(seen))
            slot = (e.date, gid)
            cites = (e.citation,)
            if gid >= 0:
                cites = tuple(dict.fromkeys([e.citation] + [c.cite for c in groups[gid] if c.cite != e.citation]))
            if slot in seen or not _timeline_worthy(e, sm.source, weight.get(key, 0.0)):
                continue
            text = shorten(_drop_date_phrase(e.text, e.date_text), limit=26)
            seen[slot] = Item(text, cites, weight.get(key, 0.0), None, _fmt(e.date), len({origin[c.source] for c in cites}))
    # one entry per date and claim; same-day entries from different claims stay apart
    items = sorted(seen.values(), key=lambda it: (-it.score, it.citations))[: BUDGET["timeline"] * 2]
    return sorted(items, key=lambda it: (_parse_fmt(it.label), it.citations))


def _timeline_worthy(e, source: Source, weight: float) -> bool:
    """A dated event worth a line: a self-contained sentence, and a relative date ("on Friday")
    only where a report anchors it to its own date."""
    if _LEADING_PRONOUN.match(e.text) or _FIRST_PERSON.match(e.text) or e.text.startswith(("{", "[", "<")):
        return False
    if weight < 0.5:
        return False
    from briefing.analyse.dates import MONTHS

    absolute = any(m in e.date_text.lower() for m in MONTHS) or e.date_text[:1].isdigit()
    return absolute or source.kind in ("news report", "feed entry", "web page")


def _drop_date_phrase(text: str, date_text: str) -> str:
    """Remove the date phrase that the timeline shows as the label ("On 4 November, ...")."""
    if not date_text:
        return text
    pattern = re.compile(r"^(?:on|by|since|as of)?\s*" + re.escape(date_text) + r"\s*,?\s*", re.I)
    out = pattern.sub("", text, count=1)
    if out == text:
        out = re.sub(r"\s+(?:on\s+)?" + re.escape(date_text) + r"\b", "", text, count=1)
    if out != text:
        out = out.lstrip(" :,;-–—")
    return out[:1].upper() + out[1:] if out and out != text and out[0].islower() and pattern.match(text) else out


# --- titles, dates, text --------------------------------------------------------------------------

def _default_title(sources: tuple[Source, ...], claims: list[Claim]) -> str:
    """The title of the source whose title shares most words with what the sources say most."""
    if not sources:
        return "Situation brief"
    freq = Counter(w for c in claims for w in c.words)

    def fit(s: Source) -> tuple:
        words = terms(s.title)
        n = len(s.title.split())
        return (sum(freq[w] for w in words) / (len(words) + 3) - (0 if 4 <= n <= 16 else 3) - (0.5 if s.primary else 0), -s.id)

    return max(sources, key=fit).title


def _infer_dates(sources: tuple[Source, ...], groups: list[list[Claim]]) -> tuple[Source, ...]:
    """Date an undated source by the dated sources that restate it (marked as inferred)."""
    by_id = {s.id: s for s in sources}
    found: dict[int, list[dt.date]] = defaultdict(list)
    for g in groups:
        dated = [c.source.date for c in g if c.source.date]
        for c in g:
            if c.source.date is None and dated:
                found[c.source.id].append(min(dated))
    out = []
    for s in sources:
        if s.date is None and found.get(s.id):
            s = replace(s, date=Counter(found[s.id]).most_common(1)[0][0], date_inferred=True)
        out.append(s)
    return tuple(out) if out else tuple(by_id.values())


def _fmt(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%b')} {d.year}"


def _parse_fmt(s: str | None) -> dt.date:
    return dt.datetime.strptime(s, "%d %b %Y").date() if s else dt.date.min


_LIST = re.compile(r"(?P<first>(?!(?:We|I|They|He|She|It)\b)[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3}),\s+(?:(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3},\s+){3,}(?:and\s+)?(?P<last>(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3})")


def shorten(text: str, limit: int = 45) -> str:
    """Shorten a sentence by removing words only: asides in brackets, long lists of names, then
    trailing clauses."""
    out = re.sub(r"\s*\((?:[^()]{1,40})\)", "", text)
    if len(out.split()) > 30:
        out = _LIST.sub(lambda m: f"{m.group('first')} … {m.group('last')}", out)
    words = out.split()
    if len(words) <= limit:
        return out
    cut = None
    for m in re.finditer(r",\s+(?:including|as well as|which|while|yet|but|with|potentially|besides|although|"
                         r"where|after|following|amid|in addition)\b|;\s+|\s+—\s+", out):
        if len(out[: m.start()].split()) <= limit and len(out[: m.start()].split()) >= 10:
            cut = m.start()
    if cut is None:
        return out
    short = out[:cut].rstrip(" ,;")
    if short.count('"') % 2 == 1:
        short += '"'
    if short.count("“") > short.count("”"):
        short += "”"
    return short + " …"
