"""The model as JSON: the ``brief.json`` contract and ``briefing inspect``'s summary.

Contract fields (later checks rely on them; add fields, never rename): title, as_of,
sources[{id, title, kind, issuer, date, path, paragraphs[{n, text}]}],
sections[{key, title, items[{text, citations[{source, paragraph}]}]}].
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from briefing import __version__
from briefing.model import Brief, Changes, Citation, Item, Source, SourceSummary


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _cite(c: Citation) -> dict[str, Any]:
    out: dict[str, Any] = {"source": c.source, "paragraph": c.paragraph}
    if c.page:
        out["page"] = c.page
    return out


def source_dict(s: Source, paragraphs: bool = True) -> dict[str, Any]:
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
        out["paragraphs"] = [{"n": p.n, "text": p.text, **({"page": p.page} if p.page else {})} for p in s.paragraphs]
    return out


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
        "page_size": brief.page_size,
        "generator": f"briefing {__version__}",
        "sources": [source_dict(s) for s in brief.sources],
        "sections": [
            {
                "key": sec.key,
                "title": sec.title,
                "items": [
                    {
                        "text": it.text,
                        "citations": [_cite(c) for c in it.citations],
                        "label": it.label,
                        "note": it.note,
                        "origins": it.origins,
                        "score": it.score,
                    }
                    for it in sec.items
                ],
            }
            for sec in brief.sections
        ],
        "dropped_to_fit": brief.dropped,
        "changes": changes_dict(brief.changes),
        "skipped": [{"path": s.origin, "cause": s.cause} for s in brief.skipped],
        "summaries": [summary_dict(sm, paragraphs=False) for sm in brief.summaries],
    }


def changes_dict(changes: Changes | None) -> dict[str, Any] | None:
    """What changed since the previous brief, in full (the page shows what fits); None when nothing did."""
    if changes is None:
        return None

    def item(it: Item) -> dict[str, Any]:
        return {"text": it.text, "citations": [_cite(c) for c in it.citations], "label": it.label, "note": it.note,
                "origins": it.origins, "score": it.score}

    return {
        "since": _date(changes.since),
        "new": [item(it) for it in changes.new],
        "changed": [item(it) for it in changes.changed],
        "dropped": [{"text": text} for text in changes.dropped],
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
