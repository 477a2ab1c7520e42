"""The Dask engine: the per-source work on a Dask distributed cluster (``pip install 'briefing[dask]'``).

The client connects to the scheduler, waits for a worker, and checks that every worker runs the
same briefing code as itself (results from other code would not give the same bytes). Items go
out a few per worker thread ahead of the work; an item larger than ``LARGE`` bytes is scattered to
a worker first, so that it travels as a Dask future, not through the scheduler. A worker that dies
has its tasks retried by the scheduler (``distributed.scheduler.allowed-failures``); a task that
raised, or whose workers kept dying, comes back as ``Failed`` with the cause.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, TypeVar

from briefing.code import code_digest
from briefing.config.engine import CONNECT_TIMEOUT, DASK_EXTRA
from briefing.engine.outcome import Failed, cause_of
from briefing.errors import EngineError

T = TypeVar("T")
R = TypeVar("R")

LARGE = 1 << 20  # bytes: an item this large goes to a worker as a future, not inside its task
AHEAD = 3  # items in flight per worker thread: enough to hide the round trips, few held in memory


class DaskEngine:
    """A connection to a Dask scheduler whose workers run the per-source work."""

    remote = True  # what workers log goes to their own logs

    def __init__(self, address: str, timeout: float = CONNECT_TIMEOUT) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise EngineError(f"the Dask scheduler {address} needs Dask, which is not installed: {DASK_EXTRA}") from None
        self.address = address
        try:
            self.client: Any = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {address}: {_reason(exc)}") from None
        try:
            self.workers = self._check(timeout)
        except BaseException:
            self.client.close()
            raise

    def _check(self, timeout: float) -> int:
        """Wait for a worker; refuse workers with other code; return how many tasks can run at once."""
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):
            raise EngineError(f"the Dask scheduler at {self.address} has no worker (waited {timeout:g} s); "
                              f"start one with: dask worker {self.address}") from None
        mine = code_digest()
        for worker, digest in sorted(self.client.run(code_digest).items()):
            if digest != mine:
                raise EngineError(f"the Dask worker at {worker} runs other briefing code than this client "
                                  f"(install the same version of briefing on every worker)")
        return max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable[[T], R], items: Iterable[T], weight: Callable[[T], int] | None = None,
            parallel: bool = True) -> Iterator[tuple[int, R | Failed]]:
        """Yield ``(index, result)`` as the cluster completes items; see engine.Engine."""
        from distributed import as_completed

        pending = enumerate(items)
        index: dict[str, int] = {}
        done = as_completed(loop=self.client.loop)
        for _ in range(self.workers * AHEAD):
            if not self._submit(fn, pending, weight, index, done):
                break
        for future in done:
            i = index.pop(future.key)
            yield i, self._outcome(future)
            future.release()
            self._submit(fn, pending, weight, index, done)

    def _submit(self, fn: Callable, pending: Iterator, weight: Callable | None, index: dict, done: Any) -> bool:
        nxt = next(pending, None)
        if nxt is None:
            return False
        i, item = nxt
        arg = self.client.scatter(item, hash=False) if weight is not None and weight(item) > LARGE else item
        future = self.client.submit(fn, arg, pure=False)
        index[future.key] = i
        done.add(future)
        return True

    def _outcome(self, future: Any) -> Any:
        if future.status == "finished":
            return future.result()
        if future.status == "cancelled":
            raise EngineError(f"lost the Dask scheduler at {self.address} during the build")
        exc = future.exception()
        if type(exc).__name__ == "KilledWorker":
            return Failed("every Dask worker that ran it died (too little memory per worker?)")
        return Failed(cause_of(exc))

    def __enter__(self):  # noqa: ANN204
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()


def _reason(exc: BaseException) -> str:
    """Why the scheduler could not be reached, in a few words."""
    text = " ".join(str(exc).split())
    return text[0].lower() + text[1:] if text else type(exc).__name__
