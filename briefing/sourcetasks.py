"""The per-source tasks, as a worker runs them: read, settle and sketch an input; summarise a source.

They must run on a machine that has only the installed package (sourcework.py sends them there):
what they get is self-contained (a file's bytes, a URL's documents, a URL to fetch), and what they
give back is ``encode``d, to travel compressed and be stored as it came. A failure is a value that
says why, never an exception: one input's failure is that input's.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass, replace
from typing import Iterator

from briefing.analyse.duplicates import Sketch, sketch
from briefing.analyse.settle import settle
from briefing.analyse.summary import analyse_source
from briefing.engine.outcome import Failed
from briefing.errors import SourceError
from briefing.model import Document, Skipped, Source
from briefing.read import ReadOptions, read_bytes, read_url
from briefing.write.store import encode


@dataclass(frozen=True)
class Input:
    """One input as it goes to a worker: a file's bytes, a URL's documents, or a URL to fetch there."""

    origin: str
    data: bytes | None = None
    documents: tuple[Document, ...] | None = None


@dataclass(frozen=True)
class Settled:
    """What one input gave: its sources (id 0, before the manifest's overrides) and their sketches."""

    sources: tuple[Source, ...] = ()
    sketches: tuple[Sketch, ...] = ()
    unread: Skipped | None = None  # the input could not be read
    unsettled: tuple[Skipped, ...] = ()  # documents of it that held no text
    notes: tuple[str, ...] = ()  # the warnings reading it gave ("reading only the first 200 entries")


def settle_chunk(inputs: list[Input], options: ReadOptions) -> list[bytes]:
    """Read, settle and sketch each input of a chunk, each result ``encode``d for the trip and the store.

    One input's failure is that input's (a Settled that says why).
    """
    return [encode(settle_input(item, options)) for item in inputs]


def settle_input(item: Input, options: ReadOptions) -> Settled:
    """Read one input (unless read already), settle each of its documents, sketch each source.

    The warnings logged meanwhile are kept with the result, to be told again where they were not
    seen: when the result comes from the store or from another machine.
    """
    with _warnings() as notes:
        settled = _settle_input(item, options)
    return replace(settled, notes=tuple(notes)) if notes else settled


def _settle_input(item: Input, options: ReadOptions) -> Settled:
    try:
        if item.documents is not None:
            docs = list(item.documents)
        elif item.data is not None:
            docs = read_bytes(item.origin, item.data, options)
        else:
            docs = read_url(item.origin, options)
    except SourceError as exc:
        return Settled(unread=Skipped(exc.origin, exc.cause))
    except Exception as exc:  # noqa: BLE001 - what a worker raises skips this input, with its cause
        return Settled(unread=Skipped(item.origin, _cause(exc)))
    sources, unsettled = [], []
    for doc in docs:
        try:
            sources.append(settle(doc, options.max_paragraphs))
        except SourceError as exc:
            unsettled.append(Skipped(exc.origin, exc.cause))
        except Exception as exc:  # noqa: BLE001
            unsettled.append(Skipped(doc.origin, _cause(exc)))
    return Settled(tuple(sources), tuple(sketch(s) for s in sources), None, tuple(unsettled))


def summarise_chunk(sources: list[Source]) -> list[bytes | Failed]:
    """Summarise each source of a chunk (numbered 0), ``encode``d; one source's failure is that source's."""
    out: list[bytes | Failed] = []
    for source in sources:
        try:
            out.append(encode(analyse_source(source)))
        except Exception as exc:  # noqa: BLE001 - a bug on one source must not lose the chunk
            out.append(Failed(_cause(exc)))
    return out


class _Collect(logging.Handler):
    """Collects the messages of the warnings one thread logs."""

    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes, self.thread = notes, threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.notes.append(record.getMessage())


@contextlib.contextmanager
def _warnings() -> Iterator[list[str]]:
    """The warnings briefing logs in this thread meanwhile (they are still logged as usual)."""
    notes: list[str] = []
    handler = _Collect(notes)
    log = logging.getLogger("briefing")
    log.addHandler(handler)
    try:
        yield notes
    finally:
        log.removeHandler(handler)


def _cause(exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
