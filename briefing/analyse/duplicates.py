"""Near-duplicate sources: a wire story republished by several sites, a page saved twice, a feed
entry and its page. Copies are marked ``duplicate_of`` their original, so that a claim repeated
by three copies of one story counts as one origin.

How: each source's paragraph text becomes a set of word 5-grams ("shingles"), hashed. Two sources
are near-duplicates when

* the Jaccard similarity of their shingle sets is at least ``JACCARD`` (0.5): the same story with
  another headline, a boilerplate line added, a paragraph cut or a few words edited; or
* the smaller one is not a primary source and at least ``CONTAINED`` (0.9) of it lies in the other:
  a feed entry's summary and its page, a copy cut short. (A statement quoted in full in a longer
  report stays a source of its own: it is the report that repeats it.)

Sets are compared through bottom-k sketches (the ``SKETCH`` smallest hashes of each set: exact for
sources of up to that many shingles, within a few hundredths of the true Jaccard above). Pairs are
only compared when their sketches share a hash, found through an inverted index; a hash shared by
many sources (boilerplate) links them to one member only. The work is linear in the number of
sources, not quadratic.

Each group of copies has one original: a primary source first, then a document rather than a feed
entry, then the earliest dated, then the first read. Copies are numbered right after their
original, so that the Sources list shows them together.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from itertools import accumulate

from briefing.analyse.disjoint import DisjointSets
from briefing.model import Source

SHINGLE = 5  # words per shingle
SKETCH = 128  # hashes kept per source
JACCARD = 0.5  # near-duplicates: at least this Jaccard similarity of shingle sets
CONTAINED = 0.9  # or at least this share of the smaller (non-primary) source inside the other
MIN_CONTAINED = 8  # shingles the smaller source needs for the containment rule
_CROWD = 16  # a hash shared by more sources than this pairs them with one member only
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Sketch:
    """The smallest shingle hashes of one source, and how many shingles it has."""

    hashes: frozenset[int]
    size: int


def sketch(source: Source) -> Sketch:
    """Hash the source's word 5-grams and keep the ``SKETCH`` smallest.

    Each 5-gram is hashed as the UTF-8 bytes of its words joined by spaces, read as a slice of
    the whole text so joined once (no string per 5-gram): this is where the time of
    near-duplicate detection goes, and it runs with the rest of each source's work.
    """
    words = _WORD.findall(" ".join(p.text for p in source.paragraphs).lower())
    if len(words) < SHINGLE:
        hashes = {zlib.crc32(" ".join(words).encode("utf-8"))}
        return Sketch(frozenset(hashes), 1)
    text = " ".join(words)
    data = text.encode("utf-8")
    lengths = map(len, words) if len(data) == len(text) else (len(w.encode("utf-8")) for w in words)
    starts = [0, *accumulate(n + 1 for n in lengths)]  # where each word begins in ``data`` (and one past the end)
    crc = zlib.crc32
    hashes = {crc(data[a:b]) for a, b in zip(starts, [end - 1 for end in starts[SHINGLE:]])}
    return Sketch(frozenset(sorted(hashes)[:SKETCH]), len(hashes))


def jaccard(a: Sketch, b: Sketch) -> float:
    """Estimate the Jaccard similarity of two shingle sets from their sketches (exact when small).

    The estimate is the share of the ``SKETCH`` smallest hashes of the union that both sketches
    hold: the hashes in both up to the union's ``SKETCH``-th smallest.
    """
    union = a.hashes | b.hashes
    both = a.hashes & b.hashes
    if not both:
        return 0.0
    if (a.size <= SKETCH and b.size <= SKETCH) or len(union) <= SKETCH:  # the whole union is the sample
        return len(both) / len(union)
    cut = sorted(union)[SKETCH - 1]
    return sum(1 for h in both if h <= cut) / SKETCH


def contained(a: Sketch, b: Sketch, j: float | None = None) -> float:
    """Estimate the share of the smaller set that lies in the larger."""
    j = jaccard(a, b) if j is None else j
    shared = j * (a.size + b.size) / (1 + j)  # |A∩B| from J and |A|+|B|
    return min(1.0, shared / max(1, min(a.size, b.size)))


def near_duplicates(first: Source, second: Source, a: Sketch, b: Sketch) -> bool:
    """Return True when the two sources are near-duplicates of each other."""
    j = jaccard(a, b)
    if j >= JACCARD:
        return True
    smaller, small = (first, a) if a.size <= b.size else (second, b)
    return not smaller.primary and small.size >= MIN_CONTAINED and contained(a, b, j) >= CONTAINED


def candidate_pairs(sketches: list[Sketch]) -> set[tuple[int, int]]:
    """Pairs of indices whose sketches share a hash: every pair for a rare hash, a star for a common one."""
    index: dict[int, list[int]] = {}
    for i, s in enumerate(sketches):
        for h in s.hashes:  # each list is in source order whatever the order of the hashes
            index.setdefault(h, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 2:
            continue
        if len(members) <= _CROWD:
            pairs.update((x, y) for n, x in enumerate(members) for y in members[n + 1 :])
        else:
            pairs.update((members[0], y) for y in members[1:])
    return pairs


def mark_duplicates(sources: list[Source], sketches: list[Sketch] | None = None) -> list[Source]:
    """Mark near-duplicate sources ``duplicate_of`` their original; number copies after it.

    ``sketches`` are the sources' sketches when they were made already (with each source's work).
    """
    if len(sources) < 2:
        return list(sources)
    sketches = sketches if sketches is not None else [sketch(s) for s in sources]
    sets = DisjointSets(len(sources))
    for x, y in sorted(candidate_pairs(sketches)):
        rx, ry = sets.find(x), sets.find(y)
        if rx != ry and near_duplicates(sources[x], sources[y], sketches[x], sketches[y]):
            sets.union(min(rx, ry), max(rx, ry))

    groups = sets.groups()
    original: dict[int, int] = {}  # index -> index of its group's original
    for members in groups.values():
        first = min(members, key=lambda i: _original_rank(sources[i], i))
        for i in members:
            original[i] = first

    ordered: list[int] = []
    for i in range(len(sources)):
        if original[i] == i:
            ordered.append(i)
            ordered.extend(j for j in groups[sets.find(i)] if j != i)
    new_id = {i: n for n, i in enumerate(ordered, 1)}
    return [
        replace(sources[i], id=new_id[i], duplicate_of=None if original[i] == i else new_id[original[i]])
        for i in ordered
    ]


def _original_rank(source: Source, index: int) -> tuple:
    """Primary first, then a document before a feed entry (a pointer to it), then earliest, then first read."""
    dated = source.date is not None and not source.date_inferred
    return (not source.primary, source.format == "feed", not dated, source.date if dated else None, index)
