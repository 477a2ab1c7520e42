"""Spread independent per-source work over the machine's cores, keeping the input order."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 300  # below this many items, starting processes costs more than it saves


def map_ordered(fn: Callable[[T], R], items: Sequence[T], min_items: int = PARALLEL_FROM) -> list[R]:
    """``[fn(x) for x in items]``, on several processes when there are many items.

    The result is the same list in the same order either way, so the output does not depend on
    the number of cores. Falls back to one process where fork is not available.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < min_items or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(x) for x in items]
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(fn, items, chunksize=chunk))
