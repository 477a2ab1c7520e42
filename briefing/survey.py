"""Looking at sources without building a brief: the list `briefing sources` prints (as a table,
JSON or CSV) and the structured summaries `briefing inspect` prints.

Both read through the build's own stages (``build.read_all``, ``build.make_sources``), so a source
is listed with the title, kind, issuer and date the brief would give it, overrides included.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Any

from briefing.build import Report, make_sources, read_all
from briefing.config.options import clock
from briefing.config.settings import Settings
from briefing.errors import InputError, SourceError, UsageError
from briefing.model import Source
from briefing.progress import counted
from briefing.read import ReadOptions
from briefing.read.collect import collect
from briefing.text.safe import json_safe, printable

LIST_FORMATS = ("table", "json", "csv")
COLUMNS = ("id", "kind", "title", "issuer", "date", "paragraphs", "words", "reliability", "origin", "url")
_TABLE = (("id", "id"), ("kind", "kind"), ("title", "title"), ("issuer", "issuer"), ("date", "date"),
          ("paras", "paragraphs"), ("words", "words"))
_CUT = {"title": 48, "issuer": 30}  # widths on a terminal
_RIGHT = {"paras", "words"}


def list_sources(settings: Settings) -> tuple[list[Source], Report]:
    """The sources a build with ``settings`` would read, numbered as in its brief; skipped ones in the report."""
    report = Report()
    inputs = collect(settings.paths, settings.out, report.skipped, settings.read)
    # the run's date reaches the readers as in build.analyse, so that dates are read as a build reads them
    read = replace(settings.read, today=(settings.now or clock()).date())
    sources = make_sources(read_all(inputs, read, report), read, report, settings.sources)
    return sources, report


def rows(sources: list[Source]) -> list[dict[str, Any]]:
    """One row per source, by COLUMNS: what the JSON and CSV listings hold."""
    return [{"id": s.id, "kind": s.kind, "title": s.title, "issuer": s.issuer,
             "date": s.date.isoformat() if s.date else None, "paragraphs": len(s.paragraphs), "words": s.words,
             "reliability": s.reliability, "origin": s.origin, "url": s.url} for s in sources]


def listing(sources: list[Source], fmt: str, cut: bool = False) -> str:
    """The sources as a table (titles cut to fit a terminal when ``cut``), JSON or CSV.

    Origins are file names and URLs, which may hold control and invisible characters: JSON escapes
    them (``\\u001b``, the same data to a parser), CSV shows them escaped as messages do (``\\x1b``),
    so that the listing cannot drive the terminal it is printed on.
    """
    if fmt == "json":
        return json_safe(json.dumps(rows(sources), ensure_ascii=False, indent=2)) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else printable(str(v)) for k, v in row.items()} for row in rows(sources))
        return buf.getvalue()
    if fmt != "table":
        raise UsageError(f"--format: {fmt!r} is not one of {', '.join(LIST_FORMATS)}")
    return _table(sources, cut)


def _table(sources: list[Source], cut: bool) -> str:
    table = [[head for head, _ in _TABLE]]
    for row in rows(sources):
        cells = []
        for head, key in _TABLE:
            text = " ".join(str(row[key] if row[key] is not None else "-").split())
            cells.append(_cut(text, _CUT[head]) if cut and head in _CUT else text)
        table.append(cells)
    widths = [max(len(r[i]) for r in table) for i in range(len(_TABLE))]
    lines = ("  ".join(c.rjust(w) if h in _RIGHT else c.ljust(w) for (h, _), c, w in zip(_TABLE, r, widths)).rstrip()
             for r in table)
    return "\n".join(lines) + "\n"


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def inspect_source(name: str, options: ReadOptions | None = None, entry: int | None = None) -> dict | list[dict]:
    """The structured summary of one source, as JSON-ready data.

    A feed gives a list, one summary per entry in the feed's order; ``entry`` (from 1) picks one.
    """
    from briefing.analyse.summary import analyse_source
    from briefing.render.brief_json import summary_dict

    options = replace(options or ReadOptions(), today=clock().date())
    report = Report()
    inputs = collect([name], options=options)
    if len(inputs) != 1:
        raise InputError(f"{name}: inspect takes one file, not a folder")
    docs = read_all(inputs, options, report)
    if report.skipped:
        raise SourceError(report.skipped[0].origin, report.skipped[0].cause)
    feed = any(doc.format == "feed" for doc in docs)
    if not docs:
        raise SourceError(name, "the feed has no entries" if feed else "nothing to read")
    numbered = list(enumerate(docs, 1))
    if entry is not None:
        if not feed:
            raise UsageError(f"--entry: {name} is not a feed; it is one source")
        if not 1 <= entry <= len(docs):
            raise UsageError(f"--entry {entry}: {name} has {counted(len(docs), 'entry', 'entries')}")
        numbered = [numbered[entry - 1]]
    summaries = []
    for n, doc in numbered:
        settled = make_sources([doc], options, report)
        if not settled:
            raise SourceError(report.skipped[-1].origin, report.skipped[-1].cause)
        summaries.append(summary_dict(analyse_source(replace(settled[0], id=n))))
    return summaries if feed and entry is None else summaries[0]
