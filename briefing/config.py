"""Settings as typed, validated objects: command-line options (and, later, the manifest)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .readers.base import ReadOptions

FORMATS = ("md", "pdf", "html", "json")
PAGE_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class Settings:
    """Everything that decides what a build reads and writes."""

    paths: tuple[str, ...] = ("seeds",)
    out: Path = Path("output")
    formats: tuple[str, ...] = FORMATS
    title: str | None = None
    as_of: dt.date | None = None
    page_size: str = "A4"
    template_dir: Path | None = None
    read: ReadOptions = field(default_factory=ReadOptions)


def parse_formats(values: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Accept repeated or comma-separated formats; keep the canonical order."""
    if not values:
        return FORMATS
    wanted = {v.strip().lower() for value in values for v in value.split(",") if v.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise UsageError(f"--format: unknown format {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    return tuple(f for f in FORMATS if f in wanted)


def parse_page_size(value: str | None) -> str:
    if value is None:
        return "A4"
    for size in PAGE_SIZES:
        if value.strip().lower() == size.lower():
            return size
    raise UsageError(f"--page-size: {value!r} is not one of {', '.join(PAGE_SIZES)}")


def parse_as_of(value: str | None) -> dt.date | None:
    """--as-of as an ISO date; without it the latest source date decides (never the clock)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--as-of: {value!r} is not a date like 2024-11-05") from None


def check_template_dir(value: Path | None) -> Path | None:
    if value is None:
        return None
    if not value.is_dir():
        raise UsageError(f"--template-dir: {value}: no such folder")
    return value
