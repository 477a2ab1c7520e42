"""What an engine gives back for an item that did not complete, and how its cause is told."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Failed:
    """An item whose work did not come back: the function raised, or its workers died."""

    cause: str


def cause_of(exc: BaseException) -> str:
    """One line saying what went wrong: the exception's type and its message, cut at 200 characters."""
    detail = " ".join(str(exc).split())
    detail = detail if len(detail) <= 200 else detail[:197] + "..."
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
