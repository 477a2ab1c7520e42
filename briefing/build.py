"""The build: the one place that knows the order of the stages.

collect inputs -> read (readers) -> settle into Sources -> summarise each -> synthesise the brief
-> fit it to one page -> render the formats -> write them atomically.

``build`` wraps the stages for a run into an output folder: a lock (lock.py), the cache that makes
a run with nothing changed a no-op (cache.py), the What changed comparison (changes.py) and the
dated copies (archive.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config.options import clock
from briefing.config.engine import EngineSettings
from briefing.config.settings import Settings, SourceEntry
from briefing.errors import NoSourcesError, OutputError, SourceError
from briefing.model import Brief, Changes, Document, Skipped, Source, SourceSummary
from briefing.progress import Progress, Step, counted
from briefing.read import ReadOptions, read_file, read_url
from briefing.read.collect import collect, is_url
from briefing.render.templates import shipped_templates
from briefing.text.safe import clean
from briefing.write import archive, atomic, cache, delivered, lock

if TYPE_CHECKING:
    from briefing.analyse.duplicates import Sketch
    from briefing.config.delivery import DeliverySettings
    from briefing.deliver.mail import Credentials, SendResult
    from briefing.engine import Engine
    from briefing.sourcetasks import Settled
    from briefing.write.store import Store

# The stages that analyse and lay out sources (analysis, duplicates, synthesis, render and the PDF
# engine) are imported where they run, so that a run with nothing changed never loads them.

log = logging.getLogger(__name__)
PARTIAL_EXIT = 8  # the brief was built, but some sources were skipped


@dataclass
class Report:
    """What a run did: counts, skipped sources with causes, timings; it knows the exit code."""

    sources: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    items: int = 0
    dropped: int = 0
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    status: str = "built"
    duplicates: int = 0  # sources that are near-duplicates of another
    read: list[Source] = field(default_factory=list)  # the sources as settled, for `build -v`
    archived: Path | None = None  # the dated copy this run made
    changes: Changes | None = None  # what changed since the previous brief (None: nothing to compare)
    reused: dict[str, int] = field(default_factory=dict)  # inputs read and sources analysed that the store gave

    @property
    def exit_code(self) -> int:
        return PARTIAL_EXIT if self.skipped else 0

    def line(self) -> str:
        secs = sum(self.timings.values())
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        copies = f" ({counted(self.duplicates, 'copy', 'copies')} of others)" if self.duplicates else ""
        return f"{self.status}: {counted(self.sources, 'source')}{copies}{skipped}, {counted(self.items, 'item')}, {secs:.1f}s"


def read_all(inputs: list[str], options: ReadOptions, report: Report, progress: Progress | None = None) -> list[Document]:
    """Read every input; a source that fails is skipped with its cause."""
    docs: list[Document] = []
    for i, name in enumerate(inputs, 1):
        if progress:
            progress(Step("read", i - 1, len(inputs)))
        try:
            if is_url(name):
                docs.extend(read_url(name, options))
            else:
                docs.extend(read_file(Path(name), options))
        except SourceError as exc:
            report.skipped.append(Skipped(exc.origin, exc.cause))
    if progress and inputs:
        progress(Step("read", len(inputs), len(inputs)))
    return docs


def make_sources(docs: list[Document], options: ReadOptions, report: Report,
                 entries: tuple[SourceEntry, ...] = ()) -> list[Source]:
    """Settle documents into numbered sources: primary sources first, then by date and origin.

    The manifest's overrides (``entries``) apply before the sources are ordered and numbered.
    """
    from briefing.engine import open_engine
    from briefing.sourcework import settle_documents

    with open_engine(EngineSettings()) as engine:
        sources, _ = number_sources(settle_documents(docs, options, engine), entries, report)
    return sources


def number_sources(settled: list[Settled], entries: tuple[SourceEntry, ...],
                   report: Report) -> tuple[list[Source], list[Sketch]]:
    """Number what the inputs gave, with the manifest's overrides: primary sources first, then by origin.

    Returns the sources and their sketches, in the same order; what could not be read or settled
    goes to ``report.skipped``.
    """
    report.skipped.extend(r.unread for r in settled if r.unread is not None)
    report.skipped.extend(s for r in settled for s in r.unsettled)
    pairs = [(apply_overrides(s, entries), k) for r in settled for s, k in zip(r.sources, r.sketches)]
    pairs.sort(key=lambda p: (not p[0].primary, p[0].origin))
    return [replace(s, id=i) for i, (s, _) in enumerate(pairs, 1)], [k for _, k in pairs]


def apply_overrides(source: Source, entries: tuple[SourceEntry, ...]) -> Source:
    """What the manifest says about a source replaces what was read; a later entry wins."""
    for e in entries:
        if e.overrides and e.matches(source.origin):
            source = replace(
                source,
                title=clean(e.title or "") or source.title,
                issuer=clean(e.issuer or "") or source.issuer,
                kind=clean(e.kind or "") or source.kind,
                date=e.date or source.date,
                date_inferred=source.date_inferred and e.date is None,
                reliability=clean(e.reliability or "") or source.reliability,
            )
    return source


def analyse(settings: Settings, progress: Progress | None = None, report: Report | None = None,
            inputs: list[str] | None = None, store: Path | None = None) -> Brief:
    """Read, settle, summarise and synthesise: the brief before it is fitted and rendered.

    ``inputs`` are the collected inputs when the caller has collected them already. The per-source
    work runs on the engine of ``settings.engine`` (connected first: an unreachable cluster fails
    before anything is written) through the per-source store in the file ``store`` (None: none).
    """
    from briefing.analyse.duplicates import mark_duplicates
    from briefing.engine import open_engine
    from briefing.sourcework import settle_inputs
    from briefing.synthesise.brief import synthesise
    from briefing.write.store import Store

    report = report if report is not None else Report()
    t = time.perf_counter()
    if inputs is None:
        inputs = collect(settings.paths, settings.out, report.skipped, settings.read)
    today = (settings.now or clock()).date()
    # the run's date reaches the readers here, not through settings: it is not part of the cache key
    read = replace(settings.read, today=today)
    with open_engine(settings.engine) as engine, closing(Store(store, settings.store.max_mb)) as kept:
        settled = settle_inputs(inputs, read, engine, kept, settings.engine.fetch == "workers", progress,
                                report.reused)
        sources = mark_duplicates(*number_sources(settled, settings.sources, report))
        del settled  # the numbered sources hold all that later stages need
        report.timings["read"] = time.perf_counter() - t
        report.read = sources
        if not sources:
            causes = "; ".join(f"{s.origin}: {s.cause}" for s in report.skipped[:3])
            raise NoSourcesError(f"no readable sources ({causes})" if causes else "no readable sources")
        t = time.perf_counter()
        summaries = _summaries(sources, engine, kept, report, progress)
        report.timings["analyse"] = time.perf_counter() - t
    t = time.perf_counter()
    title = clean(settings.title) if settings.title else None  # it reaches headers and metadata
    brief = synthesise(summaries, title=title, as_of=settings.as_of, page_size=settings.page_size, today=today)
    report.timings["synthesise"] = time.perf_counter() - t
    report.sources = len(sources)
    report.duplicates = sum(1 for s in sources if s.duplicate_of)
    return replace(brief, skipped=tuple(report.skipped))


def _summaries(sources: list[Source], engine: Engine, store: Store, report: Report,
               progress: Progress | None) -> list[SourceSummary]:
    """Each source's summary; a copy of another says nothing of its own and gets an empty one.

    A source whose analysis failed (a bug, or its workers kept dying) keeps its place with an empty
    summary, so that no other source is renumbered, and is reported with its cause.
    """
    from briefing.engine.outcome import Failed
    from briefing.sourcework import summarise_sources

    originals = [s for s in sources if not s.duplicate_of]
    done = dict(zip((s.id for s in originals), summarise_sources(originals, engine, store, progress, report.reused)))
    summaries = []
    for s in sources:
        found = done.get(s.id)
        if isinstance(found, Failed):
            report.skipped.append(Skipped(s.origin, f"not analysed: {found.cause}"))
        summaries.append(found if isinstance(found, SourceSummary) else SourceSummary(source=s))
    return summaries


def build(settings: Settings, progress: Progress | None = None) -> Report:
    """Build the brief into ``settings.out``, unless nothing it depends on has changed.

    One run at a time per output folder (lock.py). With the lock held, temporary files left by a
    killed run are removed, then the cache (cache.py) is checked: when no input, setting, template
    or code changed, the run ends "unchanged" having read no source and loaded no PDF engine.
    Otherwise the brief is built; if its bytes differ from the brief in place it is kept as a dated
    copy (archive.py, named after ``settings.now``, the run's time, taken here when not given)
    and written atomically. The cache is written last.
    """
    now = settings.now or clock()
    settings, day = replace(settings, now=now), now.date().isoformat()
    out = settings.out
    make_folder(out)
    # the lock records when its holder really started (for the message a waiting run gives), never
    # SOURCE_DATE_EPOCH
    with lock.hold(out, settings.wait, dt.datetime.now().astimezone(), progress):
        remove_temps(out)
        t = time.perf_counter()
        report = Report()
        inputs = collect(settings.paths, out, report.skipped, settings.read)
        roots = template_roots(settings.template_dir)
        key, fingerprints = cache.key(settings, roots), cache.fingerprint(inputs, settings.read.max_bytes)
        last = cache.read(out)
        if not settings.force and last.fresh(key, fingerprints, out, day):
            return Report(sources=last.sources, skipped=list(last.skipped), items=last.items, dropped=last.dropped,
                          timings={"check": time.perf_counter() - t}, status="unchanged")
        report.timings["check"] = time.perf_counter() - t
        files = make_brief(settings, inputs, roots, report, progress)
        hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        if all(cache.file_hash(out / name) == digest for name, digest in hashes.items()):
            report.status = "unchanged"  # the same bytes as the brief in place: nothing is rewritten
        else:
            _forget_cache(out)  # until the new cache is written, the next run rebuilds
            report.archived = archive.keep_copy(out, files, now, settings.keep)
            report.written = atomic.write_outputs(out, files)
        undated = settings.as_of is None and not any(s.date for s in report.read)  # as of the run's day
        _write_cache(out, cache.Cache(key, fingerprints, hashes, report.sources, report.items, report.dropped,
                                      tuple(report.skipped), day if undated else ""))
    return report


def send_brief(out: Path, delivery: DeliverySettings, credentials: Credentials | None = None,
               again: bool = True, template_dir: Path | None = None) -> SendResult | None:
    """E-mail the brief in ``out`` and remember that it was sent (write/delivered.py).

    With ``again=False`` (``build --send``) only a brief not mailed from ``out`` yet is sent, so a
    brief whose sending failed is sent by the next run even when that run changes nothing; None
    when there was nothing to send. ``template_dir`` holds the user's templates of the mail's parts.
    """
    from briefing.deliver.mail import send

    digest = delivered.brief_digest(out)
    if not again and digest and digest == delivered.last_sent(out):
        return None
    result = send(out, delivery, credentials, template_dir=template_dir)
    try:
        delivered.record_sent(out, digest)
    except OSError as exc:
        log.warning("%s: the brief was sent, but this could not be recorded (%s); the next build --send "
                    "sends it again", out / delivered.SENT_NAME, exc.strerror or exc)
    return result


def _forget_cache(out: Path) -> None:
    try:
        cache.forget(out)
    except OSError as exc:
        raise OutputError(f"{exc.filename or out}: cannot remove the old cache: {exc.strerror or exc}") from None


def _write_cache(out: Path, record: cache.Cache) -> None:
    """Record what decided this brief, so that the next run with nothing changed does nothing."""
    try:
        cache.write(out, record)
    except OSError as exc:
        raise OutputError(f"{out}: the brief is written, but not the cache {cache.CACHE_NAME}: "
                          f"{exc.strerror or exc}") from None


def make_brief(settings: Settings, inputs: list[str], roots: list[Path], report: Report,
               progress: Progress | None = None) -> dict[str, bytes]:
    """Analyse, compare with the previous brief, fit to one page and render: the files to write."""
    from briefing.synthesise import changes
    from briefing.render import fit, inline, pdf, templates
    from briefing.render.brief_json import encode_brief

    # What changed is measured against the brief.json in place, which only a json build keeps current
    previous = changes.previous(previous_brief(settings.out)) if "json" in settings.formats else None
    brief = changes.compare(analyse(settings, progress, report, inputs, settings.store.file(settings.out)), previous)
    env = templates.environment(settings.template_dir, settings.branding)

    t = time.perf_counter()
    if progress:
        progress(Step("fit"))
    # the PDF is written from the fit's own layout, so that layout includes the annex when a PDF is
    # wanted; the other formats hold the same items, fitted without laying out the annex
    fitted = fit.fit_to_page(brief, env, roots, annex="pdf" in settings.formats)
    brief = fitted.brief
    report.timings["fit"] = time.perf_counter() - t

    t = time.perf_counter()
    outputs: dict[str, bytes] = {}
    if "md" in settings.formats:
        outputs["brief.md"] = templates.render_markdown(brief, env).encode()
    if "html" in settings.formats:
        html = fitted.html if fitted.annex else templates.render_html(brief, env)
        outputs["brief.html"] = inline.self_contained(html, roots).encode()
    if "json" in settings.formats:
        outputs["brief.json"] = encode_brief(brief, settings.branding)
    if "docx" in settings.formats:
        from briefing.render.docx import render_docx

        outputs["brief.docx"] = render_docx(brief, settings.branding)
    report.timings["render"] = time.perf_counter() - t
    if "pdf" in settings.formats:
        if progress:
            progress(Step("pdf"))
        t = time.perf_counter()
        outputs["brief.pdf"] = pdf.write_pdf(fitted.document, brief.as_of, settings.pdf_variant)
        report.timings["pdf"] = time.perf_counter() - t
    report.items = fit.brief_items(brief)
    report.dropped = brief.dropped
    report.changes = brief.changes
    return outputs


def previous_brief(out: Path) -> Brief | None:
    """The brief.json of the previous build in ``out``, if there is one that makes sense."""
    from briefing.render.brief_json import load_brief

    try:
        return load_brief((out / "brief.json").read_bytes())
    except OSError:
        return None


def template_roots(template_dir: Path | None) -> list[Path]:
    """The template folders a build uses: the user's first, then the shipped ones."""
    return ([template_dir] if template_dir else []) + [shipped_templates()]


def make_folder(out: Path) -> None:
    """Create the output folder (and its parents) if it is not there."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None


def remove_temps(out: Path) -> None:
    """Remove the temporary files and folders of a run that was killed (call with the lock held)."""
    for folder in (out, out / archive.ARCHIVE):
        try:
            atomic.remove_temps(folder)
        except OSError as exc:
            raise OutputError(f"{exc.filename or folder}: cannot remove a temporary file left by an earlier run: "
                              f"{exc.strerror or exc}") from None
