"""Single setting values: each parser returns the value or raises ValueError with the reason.

The reason never names where the value came from; the caller puts ``[brief] since:`` or
``--since:`` in front of it.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any

from briefing.model import KINDS

FORMATS = ("md", "pdf", "html", "json", "docx")  # every format, in their canonical order
# A build without --format or [brief] formats writes these; Word is asked for by name ("docx",
# or "all"): it adds about 0.3 s (python-docx) to a build that takes 2.5 s of CPU.
DEFAULT_FORMATS = ("md", "pdf", "html", "json")
ALL = "all"  # --format all: every format
PAGE_SIZES = ("A4", "Letter")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")  # tagged for screen readers (default), or also archivable
MAX_LOGO = 1024 * 1024  # bytes: a logo is a small PNG or JPEG
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}

Since = dt.timedelta | dt.datetime  # a window back from the reference time, or a fixed cut-off


def formats_of(value: Any) -> tuple[str, ...]:
    """Accept a list or comma-separated formats; keep the canonical order."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"give formats as a list of names, such as {list(FORMATS)}")
    wanted = {v.strip().lower() for item in values for v in item.split(",") if v.strip()}
    if ALL in wanted:
        wanted = (wanted - {ALL}) | set(FORMATS)
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)} (choose from {', '.join(FORMATS)}, or {ALL})")
    if not wanted:
        raise ValueError(f"no format given (choose from {', '.join(FORMATS)})")
    return tuple(f for f in FORMATS if f in wanted)


def page_size_of(value: Any) -> str:
    """Accept A4 or Letter in any case."""
    for size in PAGE_SIZES:
        if isinstance(value, str) and value.strip().lower() == size.lower():
            return size
    raise ValueError(f"{value!r} is not one of {', '.join(PAGE_SIZES)}")


def pdf_variant_of(value: Any) -> str:
    """Accept pdf/ua-1 or pdf/a-3b in any case."""
    variant = value.strip().lower() if isinstance(value, str) else None
    if variant not in PDF_VARIANTS:
        raise ValueError(f"{value!r} is not one of {', '.join(PDF_VARIANTS)}")
    return variant


def logo_of(path: Any) -> str:
    """Read a PNG or JPEG file of at most 1 MB into a ``data:`` URL: the brief carries its logo."""
    try:
        data = Path(path).read_bytes()[: MAX_LOGO + 1]
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_LOGO:
        raise ValueError(f"{path}: larger than {MAX_LOGO:,} bytes")
    kind = "image/png" if data.startswith(b"\x89PNG\r\n\x1a\n") else "image/jpeg" if data.startswith(b"\xff\xd8\xff") else None
    if kind is None:
        raise ValueError(f"{path}: not a PNG or JPEG image")
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def date_of(value: Any) -> dt.date:
    """Accept a TOML date or an ISO date string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date like 2024-11-05")


def since_of(value: Any) -> Since:
    """A window such as ``90m``, ``48h``, ``7d`` or ``2w``, or a date or date and time (ISO 8601)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        text = value.strip().lower()
        m = re.fullmatch(r"(\d+)\s*(min|m|h|d|w)", text)
        if m and int(m.group(1)) > 0:
            try:
                return dt.timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
            except OverflowError:
                pass
        else:
            try:
                return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                pass
    raise ValueError(f"{value!r} is neither a window such as 48h, 7d or 90m nor a date like 2024-11-05")


def since_cutoff(since: Since | None, as_of: dt.date | None, now: dt.datetime) -> dt.datetime | None:
    """The time before which feed entries are skipped.

    A window counts back from the end of the ``as_of`` day when there is one (so that an old
    brief can be rebuilt), else from ``now``, the run's time.
    """
    if since is None or isinstance(since, dt.datetime):
        return since
    if as_of is not None:
        return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()) - since
    return now - since


def kind_of(value: Any) -> str:
    """Accept a kind of source, or a common name for one ("statement")."""
    # settle is imported here, not above, so that a run with nothing changed loads no analysis
    from briefing.analyse.settle import normalise_kind

    kind = normalise_kind(value) if isinstance(value, str) else None
    if kind not in KINDS:
        raise ValueError(f"{value!r} is not a kind of source (choose from {', '.join(KINDS)})")
    return kind


def text_of(value: Any) -> str:
    """Accept a non-empty string; runs of white space become one space."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("give a non-empty string")
    return " ".join(value.split())


def flag_of(value: Any) -> bool:
    """Accept true or false."""
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


def seconds_of(value: Any) -> float:
    """Accept a number of seconds, 0 or more."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not value >= 0:
        raise ValueError(f"{value:g} is not a number of seconds (0 or more)" if number
                         else f"{value!r} is not a number of seconds (0 or more)")
    return float(value)


def keep_of(value: Any) -> int:
    """Accept a number of dated copies to keep, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value} is not a number of copies (0 or more)")
    return value
