"""The engines of one machine: worker processes (forked) or threads, or this process alone."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

from briefing.engine.outcome import Failed, cause_of

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 8  # beyond this the per-source work is rarely the bottleneck of one machine
AHEAD = 2  # items handed out per worker at a time: enough to keep each busy, few held in memory


class PoolEngine:
    """Local worker processes (``processes``, forked) or ``threads``; one worker runs here, in order."""

    remote = False  # forked workers log to this process's stderr

    def __init__(self, kind: str, workers: int | None = None) -> None:
        self.kind = kind
        self.workers = workers or min(os.cpu_count() or 1, MAX_WORKERS)
        if kind == "processes" and "fork" not in multiprocessing.get_all_start_methods():
            self.workers = 1  # without fork, workers would re-import everything: not worth it
        self._pool: Executor | None = None

    def map(self, fn: Callable[[T], R], items: Iterable[T], weight: Callable[[T], int] | None = None,
            parallel: bool = True) -> Iterator[tuple[int, R | Failed]]:
        """Yield ``(index, result)`` as items complete (in order when run here); see engine.Engine."""
        if not parallel or self.workers < 2:
            for i, item in enumerate(items):
                yield i, _call(fn, item)
            return
        pending = enumerate(items)
        running: dict[Future, int] = {}
        self._fill(fn, pending, running)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=running.__getitem__):
                i = running.pop(future)
                exc = future.exception()
                if isinstance(exc, BrokenProcessPool):
                    self._drop_pool()  # a worker was killed (out of memory?): later items get new ones
                    yield i, Failed(f"a worker process died running it ({cause_of(exc)})")
                else:
                    yield i, Failed(cause_of(exc)) if exc is not None else future.result()
            self._fill(fn, pending, running)

    def _fill(self, fn: Callable, pending: Iterator, running: dict[Future, int]) -> None:
        while len(running) < self.workers * AHEAD:
            nxt = next(pending, None)
            if nxt is None:
                return
            running[self._executor().submit(fn, nxt[1])] = nxt[0]

    def _executor(self) -> Executor:
        if self._pool is None:
            if self.kind == "threads":
                self._pool = ThreadPoolExecutor(max_workers=self.workers)
            else:
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"))
        return self._pool

    def _drop_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def __enter__(self):  # noqa: ANN204
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


def _call(fn: Callable[[T], R], item: T) -> R | Failed:
    """``fn(item)``, or what it raised as ``Failed`` (as a worker's failure would come back)."""
    try:
        return fn(item)
    except Exception as exc:  # noqa: BLE001 - one item's failure is that item's, as on a worker
        return Failed(cause_of(exc))
