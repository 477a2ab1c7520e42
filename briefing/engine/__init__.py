"""Where the per-source work runs: this process, local processes, threads, or a Dask cluster.

An engine maps a function over items (the caller's chunks of sources) and yields each result with
its item's index as soon as it is done, in whatever order the work finished; the caller puts the
results back in order, so the brief never depends on where, or in what order, the work ran. An
item whose function raised, or whose worker died more often than the engine retries, comes back
as ``Failed`` with the cause, never as an exception: one bad source is that source's problem.

``open_engine`` chooses by the settings: ``local`` (local.py: processes of this machine, forked),
``threads`` (local.py), or a Dask scheduler's address (cluster.py, loaded only then: the default
path imports nothing of Dask).
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Protocol, TypeVar

from briefing.config.engine import LOCAL, THREADS, EngineSettings
from briefing.engine.local import PoolEngine
from briefing.engine.outcome import Failed

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Runs a function over items; ``workers`` is how many can run at once, ``remote`` whether
    they run on other machines (what they log is not seen here)."""

    workers: int
    remote: bool

    def map(self, fn: Callable[[T], R], items: Iterable[T], weight: Callable[[T], int] | None = None,
            parallel: bool = True) -> Iterator[tuple[int, R | Failed]]:
        """Yield ``(index, fn(item) or Failed)`` for each item as it completes.

        ``items`` is consumed lazily, a few ahead of the workers, so that the caller's memory holds
        only what is in flight. ``weight`` is an item's size in bytes (a Dask engine sends large
        items straight to a worker, not through the scheduler). ``parallel=False``: the work is too
        small to be worth spreading (local engines run it here; a cluster still gets it).
        """

    def close(self) -> None:
        """Release the processes, threads or connection (also on leaving a ``with`` block)."""

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


def open_engine(settings: EngineSettings) -> Engine:
    """The engine the settings name; for a Dask scheduler, connected and checked (or EngineError)."""
    if settings.scheduler == LOCAL:
        return PoolEngine("processes", settings.workers)
    if settings.scheduler == THREADS:
        return PoolEngine("threads", settings.workers)
    from briefing.engine.cluster import DaskEngine  # Dask loads only when a cluster is asked for

    return DaskEngine(settings.scheduler, settings.timeout)

