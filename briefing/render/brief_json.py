"""The model as JSON and back: the ``brief.json`` contract, its one reader, and ``briefing
inspect``'s summary.

Contract fields (later checks rely on them; add fields, never rename): title, as_of,
sources[{id, title, kind, issuer, date, path, paragraphs[{n, text}]}],
sections[{key, title, items[{text, citations[{source, paragraph}]}]}]. The JSON Schema of the
whole file ships beside this module (brief.schema.json, ``briefing schema``); ``format_version``
says which one a file follows.

brief.json is encoded as a stream (``encode_brief``): sources and summaries become JSON one at a
time, so a brief of 10,000 sources never exists as one dict or one string besides its bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from importlib import resources
from typing import Any, Callable, Iterator

from briefing import __version__
from briefing.config.settings import Branding
from briefing.model import (
    Brief, Changes, Citation, Figure, Item, Paragraph, Section, SectionKey, Source, SourceSummary,
)

FORMAT_VERSION = 2  # 1: the files before the schema; 2: format_version, speaker, conflict ids, branding
SCHEMA = "brief.schema.json"


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _cite(c: Citation) -> dict[str, Any]:
    out: dict[str, Any] = {"source": c.source, "paragraph": c.paragraph}
    if c.page:
        out["page"] = c.page
    return out


def source_dict(s: Source, paragraphs: bool = True, sentences: bool = False) -> dict[str, Any]:
    out = {
        "id": s.id,
        "title": s.title,
        "kind": s.kind,
        "primary": s.primary,
        "issuer": s.issuer,
        "author": s.author,
        "date": _date(s.date),
        "date_inferred": s.date_inferred,
        "path": s.origin,
        "url": s.url,
        "format": s.format,
        "fingerprint": s.fingerprint,
        "duplicate_of": s.duplicate_of,
        "reliability": s.reliability,
        "words": s.words,
    }
    if paragraphs:
        out["paragraphs"] = [_paragraph_dict(p, sentences) for p in s.paragraphs]
    return out


def _paragraph_dict(p: Paragraph, sentences: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"n": p.n, "text": p.text}
    if p.page:
        out["page"] = p.page
    ends = _sentence_ends(p) if sentences else None
    if ends:
        out["sentence_ends"] = ends  # where each sentence ends, so a reader need not split them again
    return out


def _sentence_ends(p: Paragraph) -> list[int] | None:
    ends, at = [], 0
    for s in p.sentences:
        start = p.text.find(s, at)
        if start < 0:
            return None
        at = start + len(s)
        ends.append(at)
    return ends


def summary_dict(sm: SourceSummary, paragraphs: bool = True) -> dict[str, Any]:
    """The structured summary of one source: what `briefing inspect` prints."""
    return {
        **source_dict(sm.source, paragraphs),
        "key_points": [{"text": k.text, "score": k.score, "citation": _cite(k.citation)} for k in sm.key_points],
        "actors": [
            {"name": a.name, "type": a.type, "role": a.role, "aliases": list(a.aliases),
             "citations": [_cite(c) for c in a.citations]}
            for a in sm.actors
        ],
        "figures": [
            {"value": f.value, "text": f.text, "counts": f.counts, "approximate": f.approximate,
             "speaker": f.speaker, "sentence": f.sentence, "citation": _cite(f.citation)}
            for f in sm.figures
        ],
        "events": [{"date": _date(e.date), "date_text": e.date_text, "text": e.text, "citation": _cite(e.citation)}
                   for e in sm.events],
        "quotes": [{"speaker": q.speaker, "text": q.text, "citation": _cite(q.citation)} for q in sm.quotes],
        "references": [{"name": r.name, "citation": _cite(r.citation)} for r in sm.references],
        "positions": [{"actor": p.actor, "stance": p.verb, "text": p.text, "citation": _cite(p.citation)}
                      for p in sm.positions],
    }


def brief_dict(brief: Brief, branding: Branding | None = None) -> dict[str, Any]:
    """The brief as brief.json holds it; sources and summaries are lazy lists (see ``encode_brief``)."""
    branding = branding or Branding()
    return {
        "format_version": FORMAT_VERSION,
        "title": brief.title,
        "as_of": _date(brief.as_of),
        "undated": brief.undated,  # no source has a date: as_of is the day of the build
        "page_size": brief.page_size,
        "generator": f"briefing {__version__}",
        "author": branding.author,
        "organisation": branding.organisation,
        "marking": branding.marking,
        "sources": _Lazy(brief.sources, lambda s: source_dict(s, sentences=True)),
        "sections": [section_dict(sec) for sec in brief.sections],
        "dropped_to_fit": brief.dropped,
        "changes": changes_dict(brief.changes),
        "skipped": [{"path": s.origin, "cause": s.cause} for s in brief.skipped],
        "summaries": _Lazy(brief.summaries, lambda sm: summary_dict(sm, paragraphs=False)),
    }


def section_dict(sec: Section) -> dict[str, Any]:
    """A section; in Conflicting reports, the sides of one conflict share a ``conflict`` id."""
    items = [item_dict(it, sec.key) for it in sec.items]
    if sec.key == SectionKey.CONFLICTS:
        for item, conflict in zip(items, conflict_ids(sec.items)):
            item["conflict"] = conflict
    return {"key": sec.key, "title": sec.title, "items": items}


def conflict_ids(items: tuple[Item, ...]) -> list[str]:
    """c1, c2, ...: one per conflict, whose sides follow each other under one note."""
    ids, n = [], 0
    for i, item in enumerate(items):
        if i == 0 or item.note != items[i - 1].note:
            n += 1
        ids.append(f"c{n}")
    return ids


def item_dict(it: Item, key: str | None = None) -> dict[str, Any]:
    """An item. ``label`` is kept for older readers; ``speaker`` and ``date`` say what it held."""
    speaker, date = speaker_and_date(it, key)
    return {"text": it.text, "citations": [_cite(c) for c in it.citations], "label": it.label, "note": it.note,
            "origins": it.origins, "score": it.score, "date": _date(date), "speaker": speaker}


def speaker_and_date(it: Item, key: str | None) -> tuple[str | None, dt.date | None]:
    """Who says an item and when, from its label: a date in the Timeline, "speaker, 4 Nov 2024"
    in Conflicting reports, a speaker elsewhere."""
    label = it.label or None
    if key == SectionKey.TIMELINE:
        return None, it.date or _label_date(label or "")
    if key == SectionKey.CONFLICTS and label:
        head, _, tail = label.rpartition(", ")
        when = _label_date(tail)
        if when:
            return head or None, it.date or when
        when = _label_date(label)
        if when:
            return None, it.date or when
    return label, it.date


def _label_date(text: str) -> dt.date | None:
    """A date as the templates print it in a label: "4 Nov 2024" or "4 November 2024"."""
    for style in ("%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text.strip(), style).date()
        except ValueError:
            continue
    return None


def changes_dict(changes: Changes | None) -> dict[str, Any] | None:
    """What changed since the previous brief, in full (the page shows what fits); None when nothing did."""
    if changes is None:
        return None
    return {
        "since": _date(changes.since),
        "new": [item_dict(it, SectionKey.CHANGES) for it in changes.new],
        "changed": [item_dict(it, SectionKey.CHANGES) for it in changes.changed],
        "dropped": [{"text": text} for text in changes.dropped],
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class _Lazy(list):
    """A list the JSON encoder walks without it being built: each element is made when reached
    and dropped once written. (The encoder with ``indent`` is the pure-Python one, which takes
    any list subclass and iterates it.)"""

    def __init__(self, items, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self._items, self._make = items, make

    def __iter__(self) -> Iterator[Any]:
        return (self._make(x) for x in self._items)

    def __len__(self) -> int:
        return len(self._items)


CHUNK = 1 << 16  # characters encoded and written at a time


def write_json(data: Any, fh) -> None:
    """Write ``data`` as ``dumps`` would, to a binary file, a chunk at a time."""
    parts: list[str] = []
    size = 0
    for part in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        parts.append(part)
        size += len(part)
        if size >= CHUNK:
            fh.write("".join(parts).encode())
            parts, size = [], 0
    parts.append("\n")
    fh.write("".join(parts).encode())


def encode_brief(brief: Brief, branding: Branding | None = None) -> bytes:
    """brief.json's bytes, encoded as a stream: the same bytes as ``dumps(brief_dict(brief))``."""
    buffer = io.BytesIO()
    write_json(brief_dict(brief, branding), buffer)
    return buffer.getvalue()


def schema_text() -> str:
    """The JSON Schema of brief.json, shipped in the package."""
    return resources.files("briefing.render").joinpath(SCHEMA).read_text(encoding="utf-8")


# --- reading brief.json back ---------------------------------------------------------------------

def load_brief(data: bytes | str) -> Brief | None:
    """The brief a ``brief.json`` holds, as far as it holds it: sources with their paragraphs and
    sentences, sections, what changed, the figures of the summaries. None when it is not JSON, is
    nested beyond reason, or is not a brief of this layout: bad means empty, never a crash."""
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return None
    try:
        return _brief(parsed)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


def _brief(d: dict) -> Brief:
    sources = tuple(_source(s) for s in d["sources"])
    by_id = {s.id: s for s in sources}
    summaries = tuple(
        SourceSummary(source=by_id[int(sm["id"])], figures=tuple(_figure(f) for f in sm.get("figures") or ()))
        for sm in d.get("summaries") or () if int(sm["id"]) in by_id
    )
    return Brief(
        title=str(d["title"]),
        as_of=dt.date.fromisoformat(d["as_of"]),
        sources=sources,
        sections=tuple(Section(str(s["key"]), str(s["title"]), tuple(_item(it) for it in s["items"]))
                       for s in d["sections"]),
        summaries=summaries,
        page_size=str(d.get("page_size") or "A4"),
        dropped=int(d.get("dropped_to_fit") or 0),
        changes=_changes(d.get("changes")),
        undated=bool(d.get("undated")),
    )


def _source(d: dict) -> Source:
    return Source(
        id=int(d["id"]), origin=str(d["path"]), format=str(d.get("format") or "text"), title=str(d["title"]),
        kind=str(d["kind"]), issuer=d.get("issuer"), date=_iso(d.get("date")),
        paragraphs=tuple(_paragraph(p) for p in d["paragraphs"]), url=d.get("url"), author=d.get("author"),
        fingerprint=str(d.get("fingerprint") or ""), date_inferred=bool(d.get("date_inferred")),
        duplicate_of=d.get("duplicate_of"), reliability=d.get("reliability"),
    )


def _paragraph(d: dict) -> Paragraph:
    text = str(d["text"])
    ends = d.get("sentence_ends")
    if ends:
        starts = [0] + [int(e) for e in ends[:-1]]
        sentences = tuple(text[a:int(b)].strip() for a, b in zip(starts, ends))
    else:
        from briefing.text.sentences import split_sentences  # a brief.json written before sentence_ends

        sentences = split_sentences(text)
    return Paragraph(int(d["n"]), text, sentences, d.get("page"))


def _figure(d: dict) -> Figure:
    value = d.get("value")
    return Figure(value=float(value) if isinstance(value, (int, float)) else None, text=str(d["text"]),
                  counts=str(d["counts"]), sentence=str(d["sentence"]), citation=_citation(d["citation"]),
                  approximate=bool(d.get("approximate")), speaker=d.get("speaker"))


def _citation(d: dict) -> Citation:
    return Citation(int(d["source"]), int(d["paragraph"]), d.get("page"))


def _item(d: dict) -> Item:
    return Item(str(d["text"]), tuple(_citation(c) for c in d["citations"]), float(d.get("score") or 0.0),
                d.get("note"), d.get("label"), int(d.get("origins") or 1), _iso(d.get("date")))


def _changes(d: dict | None) -> Changes | None:
    if not d:
        return None
    return Changes(_iso(d.get("since")), tuple(_item(it) for it in d["new"]), tuple(_item(it) for it in d["changed"]),
                   tuple(str(x["text"]) for x in d["dropped"]))


def _iso(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
