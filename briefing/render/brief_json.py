"""The model as JSON and back: the ``brief.json`` contract, its one reader, and ``briefing
inspect``'s summary.

Contract fields (later checks rely on them; add fields, never rename): title, as_of,
sources[{id, title, kind, issuer, date, path, paragraphs[{n, text}]}],
sections[{key, title, items[{text, citations[{source, paragraph}]}]}].
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from briefing import __version__
from briefing.model import Brief, Changes, Citation, Figure, Item, Paragraph, Section, Source, SourceSummary


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


def brief_dict(brief: Brief) -> dict[str, Any]:
    return {
        "title": brief.title,
        "as_of": _date(brief.as_of),
        "undated": brief.undated,  # no source has a date: as_of is the day of the build
        "page_size": brief.page_size,
        "generator": f"briefing {__version__}",
        "sources": [source_dict(s, sentences=True) for s in brief.sources],
        "sections": [
            {
                "key": sec.key,
                "title": sec.title,
                "items": [item_dict(it) for it in sec.items],
            }
            for sec in brief.sections
        ],
        "dropped_to_fit": brief.dropped,
        "changes": changes_dict(brief.changes),
        "skipped": [{"path": s.origin, "cause": s.cause} for s in brief.skipped],
        "summaries": [summary_dict(sm, paragraphs=False) for sm in brief.summaries],
    }


def item_dict(it: Item) -> dict[str, Any]:
    return {"text": it.text, "citations": [_cite(c) for c in it.citations], "label": it.label, "note": it.note,
            "origins": it.origins, "score": it.score, "date": _date(it.date)}


def changes_dict(changes: Changes | None) -> dict[str, Any] | None:
    """What changed since the previous brief, in full (the page shows what fits); None when nothing did."""
    if changes is None:
        return None
    return {
        "since": _date(changes.since),
        "new": [item_dict(it) for it in changes.new],
        "changed": [item_dict(it) for it in changes.changed],
        "dropped": [{"text": text} for text in changes.dropped],
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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
