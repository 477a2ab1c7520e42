"""Spread independent per-source work over the machine's cores, keeping the input order."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 300  # below this many items, starting processes costs more than it saves


def map_ordered(fn: Callable[[T], R], items: Sequence[T], min_items: int = PARALLEL_FROM,
                done: Callable[[int], None] | None = None) -> list[R]:
    """``[fn(x) for x in items]``, on several processes when there are many items.

    The result is the same list in the same order either way, so the output does not depend on
    the number of cores. Falls back to one process where fork is not available. ``done`` is told
    how many results are in, after each one (in this process: it may print).
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < min_items or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _counted((fn(x) for x in items), done)
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return _counted(pool.map(fn, items, chunksize=chunk), done)


def _counted(results: Iterable[R], done: Callable[[int], None] | None) -> list[R]:
    out: list[R] = []
    for r in results:
        out.append(r)
        if done:
            done(len(out))
    return out
