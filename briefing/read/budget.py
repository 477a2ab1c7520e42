"""A time budget for reading one source: a parser that runs too long is interrupted.

Size limits bound most inputs, but not all: a 50 KB PDF whose 300 pages share one 1 MB content
stream, or markup crafted to be slow, can keep a parser busy for hours. ``time_budget`` arms a
timer (``SIGALRM``) around a reader; when it rings, ``OverBudget`` is raised wherever the reader
is, in Python code (a long C call finishes first). Readers that can keep what they have read so
far (the PDF reader, page by page) catch it, call ``taken()`` and stop there; otherwise the source
is skipped with its cause.

The timer rings again every ``AGAIN`` seconds until the block ends or a reader has taken the
exception: a ring that lands in a ``__del__`` method or a garbage-collector callback is raised
there and lost ("Exception ignored in ..."), and a one-shot timer would leave the parser without
a budget.

The timer exists only in the main thread of a process on a system with ``setitimer``, and only
when no other timer is running; elsewhere a read has no budget. A source that runs over it is the
one place where the machine's speed can change what a build reads.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


AGAIN = 0.25  # seconds between rings once the budget has run out, until a reader takes it
_ARMED = [False]  # a budget is running and not yet taken (main thread only: one at a time)


class OverBudget(BaseException):
    """The time budget ran out. A BaseException: a reader's ``except Exception`` must not absorb it."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget inside the block once ``seconds`` have passed (no budget when 0 or not possible)."""
    if seconds <= 0 or not _can_time():
        yield
        return

    def ring(signum: int, frame: object) -> None:
        if _ARMED[0]:
            raise OverBudget(f"{seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    _ARMED[0] = True
    signal.setitimer(signal.ITIMER_REAL, seconds, AGAIN)
    try:
        yield
    finally:
        _ARMED[0] = False  # a ring between the block's end and here must not escape
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def taken() -> None:
    """Stop the rings: the reader caught OverBudget and finishes with what it has read."""
    if _ARMED[0]:
        _ARMED[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def _can_time() -> bool:
    """True where a timer can interrupt this thread and none is running already."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0  # someone else's timer (a test runner's) is left alone
