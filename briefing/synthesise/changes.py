"""What changed since the previous brief: new facts, changed figures, dropped items.

The previous build's ``brief.json`` is read back (``previous``) before the new brief is written,
then compared with the new brief (``compare``). Paragraphs and sentences are compared by their
words, never by their numbers, so a paragraph inserted at the top of a source makes nothing else
new:

- a **new fact** is a sentence that no paragraph of the previous sources held; a new paragraph
  gives at most one, its most salient sentence (or the brief item that already quotes it);
- a **changed figure** is a new sentence counting the same thing as a figure of the previous
  brief with another number, where the old figure's sentence is gone from the sources: a revision
  (an edited paragraph, a replaced report). Its note gives the old number. A new figure beside an
  old one that still stands is a new fact; if they disagree, Conflicting reports shows both;
- a **dropped item** is an item of the previous brief whose words no current paragraph holds.

New facts and changed figures are items citing the current paragraphs that state them: they form
the What changed section, right after the Bottom line. Dropped items cannot be cited in the current
sources, so they are kept as plain text in ``Brief.changes.dropped`` only.

What changed describes the step to this brief from the brief before it that said something else:
when nothing changed since the previous build (a forced rebuild, a rebuild of unchanged URLs),
the previous brief's What changed is carried over, so that the same sources always give the same
brief, whether or not the cache let the run skip the build.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from briefing.model import SECTION_TITLES, Brief, Changes, Citation, Figure, Item, Paragraph, Section, SectionKey, Source
from briefing.synthesise.shorten import shorten
from briefing.text.words import content_words

_INSERTION = re.compile(r"\[[^\]]*\]")
BUDGET = 4  # items offered to the page; the fit to one page trims the lowest-ranked
_MIN_WORDS = 6  # shorter new sentences are headings and captions, not facts
_NOT_REPEATED = (SectionKey.KEY_DEVELOPMENTS, SectionKey.POSITIONS, SectionKey.FIGURES)  # sections that give up a What changed item


@dataclass(frozen=True)
class PreviousFigure:
    counts: frozenset[str]  # the content words of what it counts
    value: float
    text: str  # the number as written
    sentence: str
    origin: str  # the path or URL of its source


@dataclass(frozen=True)
class Previous:
    """The previous brief, as much of it as the comparison needs."""

    as_of: dt.date | None
    paragraphs: frozenset[str]  # every paragraph of every source, normalised
    sentences: frozenset[str]  # the sentences of those paragraphs, normalised
    items: tuple[str, ...]  # the text of every item on the page
    figures: tuple[PreviousFigure, ...]
    cited: dict[tuple[int, int], str]  # each paragraph by (source id, number), normalised
    changes: Changes | None  # its own What changed


def previous(brief: Brief | None) -> Previous | None:
    """What the comparison needs of the previous build's brief (read back by ``render.brief_json``)."""
    if brief is None:
        return None
    paragraphs, sentences, cited = set(), set(), {}
    norm = functools.cache(_norm)  # copies of a story repeat most of its paragraphs: each text once
    for source in brief.sources:
        for p in source.paragraphs:
            paragraphs.add(norm(p.text))
            sentences.update(norm(s) for s in p.sentences)
            cited[(source.id, p.n)] = norm(p.text)
    items = tuple(dict.fromkeys(it.text for sec in brief.sections for it in sec.items))
    figures = tuple(
        PreviousFigure(frozenset(content_words(f.counts)), f.value, f.text, f.sentence, sm.source.origin)
        for sm in brief.summaries for f in sm.figures if f.value is not None
    )
    return Previous(brief.as_of, frozenset(paragraphs), frozenset(sentences), items, figures, cited, brief.changes)


def compare(brief: Brief, prev: Previous | None) -> Brief:
    """Record what changed since ``prev`` and put the What changed section after the Bottom line.

    Without a previous brief there is nothing to compare with: no section, ``changes`` None.
    """
    if prev is None:
        return brief
    on_page = [it for sec in brief.sections for it in sec.items]
    fresh = _new_sentences(brief.sources, prev)
    changed, revised_sentences = _changed_figures(brief, prev, fresh, on_page)
    new = _new_facts(brief, fresh, on_page, done={(c.source, c.paragraph) for it in changed for c in it.citations})
    offered = (changed + new)[:BUDGET]
    dropped = _dropped(brief.sources, prev, [set(content_words(s)) for s in revised_sentences])
    changes = Changes(since=prev.as_of, new=tuple(new), changed=tuple(changed), dropped=tuple(dropped))
    if not new and not changed and not dropped:
        changes = _carried(brief, prev)
        if changes is None:
            return brief
        offered = list(changes.changed + changes.new)[:BUDGET]
    if not offered and not changes.dropped:
        return replace(brief, changes=changes)
    return replace(brief, changes=changes, sections=_with_section(brief.sections, offered))


def _carried(brief: Brief, prev: Previous) -> Changes | None:
    """The previous brief's What changed, if every paragraph it cites is still the same."""
    if prev.changes is None:
        return None
    for item in prev.changes.new + prev.changes.changed:
        for c in item.citations:
            if not 1 <= c.source <= len(brief.sources) or not 1 <= c.paragraph <= len(brief.source(c.source).paragraphs):
                return None
            if _norm(brief.source(c.source).paragraph(c.paragraph).text) != prev.cited.get((c.source, c.paragraph)):
                return None
    return prev.changes


# --- comparing ------------------------------------------------------------------------------------

def _norm(text: str) -> str:
    """Text reduced to its words, so that spacing, punctuation and quote styles do not count."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _new_sentences(sources: tuple[Source, ...], prev: Previous) -> dict[tuple[int, int], list[str]]:
    """The sentences no previous paragraph held, by (source id, paragraph number)."""
    found: dict[tuple[int, int], list[str]] = {}
    for s in sources:
        if s.duplicate_of:
            continue  # a copy says nothing its original does not
        for p in s.paragraphs:
            if _norm(p.text) in prev.paragraphs:
                continue
            new = [t for t in p.sentences if len(t.split()) >= _MIN_WORDS and _norm(t) not in prev.sentences]
            if new:
                found[(s.id, p.n)] = new
    return found


def _quoting(sentence: str, cite: Citation, on_page: list[Item]) -> Item | None:
    """The item on the page that quotes ``sentence`` (whole or shortened), if any."""
    words = set(content_words(sentence))
    for item in on_page:
        if any(c.source == cite.source and c.paragraph == cite.paragraph for c in item.citations):
            if set(content_words(item.text)) <= words:
                return item
    return None


def _as_item(sentence: str, source: Source, paragraph: Paragraph, on_page: list[Item], score: float,
             note: str | None = None) -> Item:
    """The sentence as an item: the page's own wording when it quotes it, else the sentence shortened."""
    cite = Citation(source.id, paragraph.n, paragraph.page)
    quoted = _quoting(sentence, cite, on_page)
    if quoted:
        return Item(quoted.text, quoted.citations, score, note, quoted.label, quoted.origins)
    return Item(shorten(sentence), (cite,), score, note)


def _new_facts(brief: Brief, fresh: dict[tuple[int, int], list[str]], on_page: list[Item],
               done: set[tuple[int, int]]) -> list[Item]:
    """One item per new paragraph (but those in ``done``), its best sentence; best paragraphs first."""
    key_points = {(k.citation.source, k.citation.paragraph, k.text): k.score
                  for sm in brief.summaries for k in sm.key_points}
    salience = {(f.citation.source, f.citation.paragraph, f.text): f.salience
                for sm in brief.summaries for f in sm.sentences}
    found = []
    for (sid, n), sentences in fresh.items():
        if (sid, n) in done:
            continue
        source = brief.source(sid)
        paragraph = source.paragraph(n)
        best = None
        for i, sentence in enumerate(sentences):
            base = salience.get((sid, n, sentence), 0.0)
            cite = Citation(sid, n, paragraph.page)
            quoted = _quoting(sentence, cite, on_page) is not None
            if base < 0 and not quoted:
                continue  # boilerplate or a fragment, however new
            score = base + key_points.get((sid, n, sentence), 0.0) + (2.0 if quoted else 0.0) - i * 0.01
            if best is None or score > best[0]:
                best = (score, sentence)
        if best is None:
            continue
        item = _as_item(best[1], source, paragraph, on_page, round(best[0], 4))
        if _norm(item.text) not in {_norm(it.text) for it in found}:  # two paragraphs, one page item
            found.append(item)
    found.sort(key=lambda it: (-it.score, it.citations[0]))
    return found


def _changed_figures(brief: Brief, prev: Previous, fresh: dict[tuple[int, int], list[str]],
                     on_page: list[Item]) -> tuple[list[Item], list[str]]:
    """Items for figures that revise a previous figure, and the revised figures' old sentences."""
    now_said = {_norm(t) for t in {t for s in brief.sources for p in s.paragraphs for t in p.sentences}}
    items: list[Item] = []
    old_sentences: list[str] = []
    seen: set[tuple[int, int, str]] = set()
    for figure in sorted((f for sm in brief.summaries for f in sm.figures), key=lambda f: f.citation):
        cite = figure.citation
        if figure.sentence not in fresh.get((cite.source, cite.paragraph), ()) or not _counts(figure):
            continue
        source = brief.source(cite.source)
        counts = figure.counted
        revised = [old for old in prev.figures
                   if old.counts == counts and old.value != figure.value and _counts_value(old.value, old.text)
                   and _norm(old.sentence) not in now_said]
        for old in sorted(revised, key=lambda old: old.origin != source.origin):  # its own source first
            if (cite.source, cite.paragraph, figure.sentence) not in seen:
                seen.add((cite.source, cite.paragraph, figure.sentence))
                items.append(_as_item(figure.sentence, source, source.paragraph(cite.paragraph), on_page,
                                      10.0 - len(items) * 0.1, note=f"previously {old.text}"))
            old_sentences.append(old.sentence)
            break
    return items, old_sentences


def _counts(figure: Figure) -> bool:
    return figure.value is not None and _counts_value(figure.value, figure.text)


def _counts_value(value: float, text: str) -> bool:
    """Figures worth reporting as revised: tens and more, or percentages (as the page's figures)."""
    return value >= 10 or "%" in text or "cent" in text


def _dropped(sources: tuple[Source, ...], prev: Previous, revised: list[set[str]]) -> list[str]:
    """Previous items whose words no current paragraph holds (revised figures aside). Words an
    editor inserted in [brackets] come from another paragraph: they are left out of the test."""
    holding: dict[str, set[int]] = {}
    texts = dict.fromkeys(p.text for s in sources for p in s.paragraphs)  # copies repeat paragraphs
    for i, text in enumerate(texts):
        for w in set(content_words(text)):
            holding.setdefault(w, set()).add(i)
    gone = []
    for text in prev.items:
        words = set(content_words(_INSERTION.sub(" ", text)))
        if not words:
            continue
        where = set.intersection(*(holding.get(w, set()) for w in words))
        if where or any(words <= old for old in revised):
            continue
        gone.append(text)
    return gone


def _with_section(sections: tuple[Section, ...], items: list[Item]) -> tuple[Section, ...]:
    """Put What changed after the Bottom line; items it lists leave the sections that repeat them."""
    listed = {_norm(it.text) for it in items}
    rest = []
    for sec in sections:
        if sec.key in _NOT_REPEATED:
            kept = tuple(it for it in sec.items if _norm(it.text) not in listed)
            if not kept:
                continue
            sec = Section(sec.key, sec.title, kept)
        rest.append(sec)
    at = next((i + 1 for i, sec in enumerate(rest) if sec.key == SectionKey.BOTTOM_LINE), 0)
    return tuple(rest[:at]) + (Section(SectionKey.CHANGES, SECTION_TITLES[SectionKey.CHANGES], tuple(items)),) + tuple(rest[at:])
