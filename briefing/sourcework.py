"""The per-source work: each input read, settled and sketched; each original source summarised.

The tasks themselves are in sourcetasks.py, as a worker runs them; this is the client's side.

This is the expensive, independent part of a build, so it runs on an engine (engine/: local
processes, threads or a Dask cluster) and its results are kept in the per-source store
(write/store.py). For each input the client first asks the store; only what is missing goes to the
engine, in chunks, and every result is stored as it comes back, so that a build stopped halfway
loses nothing it computed. The results are put back in input order, so the brief is the same
whichever engine ran the work, in whatever order, and whether it came from the store or not.

What goes to a worker is self-contained: a file's bytes as the client read them (workers need only
the installed package, not the client's folders), a URL's documents as the client fetched them, or,
with ``[engine] fetch = "workers"``, the URL to fetch there. Sources are settled with id 0 and
summarised with id 0; the client numbers them and renumbers the summaries' citations
(``cite_as``), so a stored summary serves whatever number its source gets next time.

Store keys digest everything that decides a value: the code (code.py), the reading settings and the
input's name and bytes for a settled input; the code and the whole settled source (after the
manifest's overrides) for a summary.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import logging
import typing
from dataclasses import replace
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from briefing.code import code_digest
from briefing.engine import Engine, Failed
from briefing.errors import SourceError
from briefing.model import Citation, Document, Skipped, Source, SourceSummary
from briefing.progress import Progress, Step
from briefing.read import ReadOptions, file_bytes, read_url, reader_for
from briefing.read.collect import is_url
from briefing.sourcetasks import Input, Settled, settle_chunk, summarise_chunk
from briefing.write.store import Store, decode

log = logging.getLogger(__name__)
CHUNK = 64  # sources per task at most: fewer round trips, yet enough tasks to spread
CHUNK_BYTES = 8 << 20  # bytes of input per task at most
PARALLEL_FROM = 300  # below this many sources, starting local processes costs more than it saves
_FETCH_ONLY = ("timeout", "max_redirects", "cache_dir", "user_agent")  # ReadOptions that do not shape a file's reading
_FEED_ONLY = ("since", "follow_links")  # ReadOptions that only the feed reader reads


def settle_inputs(inputs: list[str], options: ReadOptions, engine: Engine, store: Store | None = None,
                  fetch_on_workers: bool = False, progress: Progress | None = None,
                  reused: dict[str, int] | None = None) -> list[Settled]:
    """Read, settle and sketch every input, from the store where it can; in input order.

    ``reused["read"]`` is set to the number of inputs the store gave.
    """
    results: list[Settled | None] = [None] * len(inputs)
    keys: dict[int, str] = {}
    counts = {"reused": 0, "spared": 0}  # from the store; settled without the engine (the store, or unreadable)
    work = _settle_work(inputs, options, store, results, keys, fetch_on_workers, counts)
    told = _teller(progress, "read", len(inputs), lambda: counts["spared"])
    done = _run(engine, partial(settle_chunk, options=options), work, len(inputs), _input_weight, told)
    told: set[int] = set()  # made by this process or its forks: their warnings were logged here
    for i, value in _keeping(done, keys, store):
        results[i] = value if not isinstance(value, Failed) else Settled(unread=Skipped(inputs[i], value.cause))
        if not engine.remote:
            told.add(i)
    if reused is not None:
        reused["read"] = counts["reused"]
    if progress:
        progress(Step("read", len(inputs), len(inputs)))
    settled = [r if r is not None else Settled(unread=Skipped(inputs[i], "not read")) for i, r in enumerate(results)]
    _retell(settled, told)
    return settled


def _retell(settled: list[Settled], told: set[int]) -> None:
    """Log again, in input order, the warnings of results made elsewhere: by the store or a cluster."""
    for i, result in enumerate(settled):
        if i not in told:
            for note in result.notes:
                log.warning("%s", note)


def _keeping(done: Iterable[tuple[int, Any]], keys: dict[int, str], store: Store | None) -> Iterator[tuple[int, Any]]:
    """Decode results as they come; store each that has a key as it came (a stopped build keeps them)."""
    fresh: dict[str, bytes] = {}
    for i, blob in done:
        if isinstance(blob, Failed):
            yield i, blob
            continue
        if store is not None and i in keys:
            fresh[keys[i]] = blob
            if len(fresh) >= CHUNK:
                store.put(fresh)
                fresh = {}
        value = decode(blob)
        yield i, value if value is not None else Failed("its result came back damaged")
    if store is not None:
        store.put(fresh)


def settle_documents(docs: list[Document], options: ReadOptions, engine: Engine) -> list[Settled]:
    """Settle and sketch documents read already, in their order."""
    results: list[Settled] = [Settled()] * len(docs)
    work = ((i, Input(doc.origin, documents=(doc,))) for i, doc in enumerate(docs))
    done = _run(engine, partial(settle_chunk, options=options), work, len(docs), None, None)
    for i, value in _keeping(done, {}, None):
        results[i] = value if not isinstance(value, Failed) else Settled(unread=Skipped(docs[i].origin, value.cause))
    return results


def _settle_work(inputs: list[str], options: ReadOptions, store: Store | None, results: list, keys: dict[int, str],
                 fetch_on_workers: bool, counts: dict[str, int]) -> Iterator[tuple[int, Input]]:
    """The inputs the store does not hold, read by the client as far as it reads them, lazily."""
    batch: list[tuple[int, str, bytes]] = []
    for i, name in enumerate(inputs):
        if is_url(name):
            item = Input(name) if fetch_on_workers else _fetched(name, options)
            if isinstance(item, Settled):
                results[i] = item
                counts["spared"] += 1
            else:
                yield i, item
            continue
        try:
            data = file_bytes(Path(name), options)
        except SourceError as exc:
            results[i] = Settled(unread=Skipped(exc.origin, exc.cause))
            counts["spared"] += 1
            continue
        key = settled_key(name, data, options)
        if key is not None:
            keys[i] = key
        batch.append((i, name, data))
        if len(batch) >= CHUNK * 4:
            yield from _misses(batch, keys, store, results, counts)
            batch = []
    yield from _misses(batch, keys, store, results, counts)


def _fetched(url: str, options: ReadOptions) -> Input | Settled:
    """A URL fetched and read here (with the fetch cache), for a worker to settle."""
    try:
        return Input(url, documents=tuple(read_url(url, options)))
    except SourceError as exc:
        return Settled(unread=Skipped(exc.origin, exc.cause))


def _misses(batch: list[tuple[int, str, bytes]], keys: dict[int, str], store: Store | None,
            results: list, counts: dict[str, int]) -> Iterator[tuple[int, Input]]:
    found = store.get(keys[i] for i, _, _ in batch if i in keys) if store is not None else {}
    for i, name, data in batch:
        hit = found.get(keys.get(i, ""))
        if isinstance(hit, Settled):
            results[i] = hit
            counts["reused"] += 1
            counts["spared"] += 1
        else:
            yield i, Input(name, data)


def summarise_sources(sources: list[Source], engine: Engine, store: Store | None = None,
                      progress: Progress | None = None, reused: dict[str, int] | None = None) -> list[SourceSummary | Failed]:
    """The summary of each source (citing it by its id), from the store where it can; in order.

    ``reused["analysed"]`` is set to the number of summaries the store gave.
    """
    blank = [replace(s, id=0, duplicate_of=None) for s in sources]
    keys = dict(enumerate(summary_key(s) for s in blank))
    found = store.get(keys.values()) if store is not None else {}
    results: list[Any] = [found.get(k) if isinstance(found.get(k), SourceSummary) else None for k in keys.values()]
    stored = sum(r is not None for r in results)
    if reused is not None:
        reused["analysed"] = stored
    work = ((i, s) for i, s in enumerate(blank) if results[i] is None)
    told = _teller(progress, "analyse", len(sources), lambda: stored)
    for i, value in _keeping(_run(engine, summarise_chunk, work, len(sources), None, told), keys, store):
        results[i] = value
    if progress:
        progress(Step("analyse", len(sources), len(sources)))
    return [r if isinstance(r, Failed) else cite_as(r, s) for r, s in zip(results, sources)]


def _run(engine: Engine, fn: Callable[[list], list], work: Iterable[tuple[int, Any]], total: int,
         weight: Callable[[Any], int] | None, told: Callable[[int], None] | None) -> Iterator[tuple[int, Any]]:
    """Run ``fn`` over chunks of ``work`` on the engine; yield ``(index, result or Failed)``.

    ``told`` hears how many items are done after each chunk.

    Only ``PARALLEL_FROM`` items of work or more are spread over local workers. A chunk that fails
    whole (its workers died) is tried again one item per task, so that only the item that kills
    its worker is lost.
    """
    work = iter(work)
    head = list(islice(work, PARALLEL_FROM))
    parallel = len(head) >= PARALLEL_FROM
    size = max(1, min(CHUNK, (total if parallel else len(head)) // max(1, engine.workers * 8)))
    chunks: list[list[tuple[int, Any]]] = []
    retry: list[tuple[int, Any]] = []
    done = 0
    items = ([x for _, x in c] for c in _chunks(chain(head, work), size, weight, chunks))
    for n, result in engine.map(fn, items, _chunk_weight(weight), parallel):
        chunk, chunks[n] = chunks[n], []  # the chunk's inputs need not be held any longer
        if isinstance(result, Failed) and len(chunk) > 1:
            retry.extend(chunk)
            continue
        for (i, _), value in zip(chunk, result if not isinstance(result, Failed) else [result]):
            yield i, value
        done += len(chunk)
        if told:
            told(done)
    if retry:
        for n, result in engine.map(fn, ([x] for _, x in retry), _chunk_weight(weight), parallel):
            yield retry[n][0], result[0] if not isinstance(result, Failed) else result


def _teller(progress: Progress | None, stage: str, total: int,
            before: Callable[[], int]) -> Callable[[int], None] | None:
    """Tell ``progress`` of ``stage``'s items done: those ``before`` counts (no work) and ``n`` worked."""
    if progress is None:
        return None
    return lambda n: progress(Step(stage, min(total, before() + n), total))


def _chunks(work: Iterable[tuple[int, Any]], size: int, weight: Callable[[Any], int] | None,
            chunks: list) -> Iterator[list[tuple[int, Any]]]:
    """Group work into chunks of at most ``size`` items and ``CHUNK_BYTES``; remember each."""
    chunk: list[tuple[int, Any]] = []
    held = 0
    for i, item in work:
        heavy = weight(item) if weight else 0
        if chunk and (len(chunk) >= size or held + heavy > CHUNK_BYTES):
            chunks.append(chunk)
            yield chunk
            chunk, held = [], 0
        chunk.append((i, item))
        held += heavy
    if chunk:
        chunks.append(chunk)
        yield chunk


def _chunk_weight(weight: Callable[[Any], int] | None) -> Callable[[list], int] | None:
    return None if weight is None else (lambda items: sum(weight(x) for x in items))


def _input_weight(item: Input) -> int:
    return len(item.data) if item.data is not None else 0


# --- numbering and keys ---------------------------------------------------------------------------

def cite_as(summary: SourceSummary, source: Source) -> SourceSummary:
    """The summary of ``source`` made with id 0, its citations pointing to ``source.id``.

    Every Citation is replaced wherever the model's types say one may be: in a fact, a tuple of
    them, or a fact inside a fact (a sentence's statement). tests/test_sourcework.py holds that
    none is left behind, whatever fields are added.
    """
    sid = source.id
    cites: dict[Citation, Citation] = {}

    def cite(c: Citation) -> Citation:
        found = cites.get(c)
        if found is None:
            found = cites[c] = Citation(sid, c.paragraph, c.page)
        return found

    changes: dict[str, Any] = {"source": source}
    for name in _citing_fields(SourceSummary):
        if name != "source":
            changes[name] = _recited(getattr(summary, name), cite)
    return replace(summary, **changes)


def _recited(value: Any, cite: Callable[[Citation], Citation]) -> Any:
    """``value`` citing through ``cite``: a fact is copied (frozen, so set on the copy before anyone
    sees it), a tuple remade; None stays None."""
    if isinstance(value, Citation):
        return cite(value)
    if isinstance(value, tuple):
        return tuple(_recited(v, cite) for v in value)
    if value is None:
        return value
    new = copy.copy(value)
    for name in _citing_fields(type(value)):
        object.__setattr__(new, name, _recited(getattr(value, name), cite))
    return new


@functools.lru_cache(maxsize=None)
def _citing_fields(cls: type) -> tuple[str, ...]:
    """The fields of a fact's class whose type may hold a Citation (read once per class)."""
    hints = typing.get_type_hints(cls)
    return tuple(f.name for f in dataclasses.fields(cls) if _may_cite(hints[f.name]))


def _may_cite(tp: Any) -> bool:
    """Whether a value of type ``tp`` may hold a Citation: one, a fact that may, a tuple or union of them."""
    if tp is Citation:
        return True
    if dataclasses.is_dataclass(tp):
        return any(_may_cite(t) for t in typing.get_type_hints(tp).values())
    return any(_may_cite(t) for t in typing.get_args(tp) if t is not Ellipsis)


def settled_key(name: str, data: bytes, options: ReadOptions) -> str | None:
    """The store key of an input read from a file: the code, the settings its reader reads, its name and bytes.

    None (not stored) for a feed whose entries' linked pages are fetched: they may change while the
    file does not.
    """
    try:
        reader = _reader(name, data)
    except Exception:  # noqa: BLE001 - not keyed; the worker's reading says what is wrong with it
        return None
    if reader == "feed" and options.follow_links:
        return None
    h = hashlib.sha256(_reading(options, reader))
    h.update(f"{name}\0".encode("utf-8", "surrogatepass"))
    h.update(data)
    return "settled:" + h.hexdigest()


def _reader(name: str, data: bytes) -> str:
    """The reader read_bytes will choose, as far as the key needs it: "html", "feed" or another.

    The HTML and feed sniffers claim only bytes with a '<' in their first 4 KB; without one, only
    the name can choose them, and the HTML sniffer's scan (0.1 ms a file) is spared.
    """
    return reader_for(name, data if b"<" in data[:4096] else b"").name


@functools.lru_cache(maxsize=16)
def _reading(options: ReadOptions, reader: str) -> bytes:
    """What, besides a file's name and bytes, decides how ``reader`` reads it: the code and the settings.

    Only as much of the run's date as the reader uses counts, so that a rebuild the next day still
    finds what the store holds: HTML's date guessing (htmldate) is bounded by the day itself, the
    other readers believe metadata years up to the next one. ``since`` and ``follow_links`` are the
    feed reader's alone.
    """
    unread = _FETCH_ONLY + ("today",) + (() if reader == "feed" else _FEED_ONLY)
    shaping = {f.name: getattr(options, f.name) for f in dataclasses.fields(options) if f.name not in unread}
    day = options.today if reader == "html" or options.today is None else options.today.year
    return f"settled\0{code_digest()}\0{reader}\0{sorted(shaping.items())!r}\0{day!r}\0".encode()


def summary_key(source: Source) -> str:
    """The store key of a source's summary: the code and the whole settled source (numbered 0)."""
    h = hashlib.sha256(f"summary\0{code_digest()}\0".encode())
    h.update(repr(source).encode("utf-8", "surrogatepass"))
    return "summary:" + h.hexdigest()
