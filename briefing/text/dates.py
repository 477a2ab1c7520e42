"""Dates, by their two entry points.

* Dates in running text (``find_dates``, ``parse_date``, ``is_dateline``): absolute ("5 November
  2024"), partial ("On 4 November") and relative ("on Tuesday", "yesterday", "last week"),
  resolved against the document's own date.
* Metadata dates (``metadata_date``, ``metadata_time``): the value a page, feed, PDF or front
  matter gives in a date field (ISO 8601, RFC 2822, PDF ``D:`` strings, or a date object), held to
  the years a publication date can have.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_M = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_WD = r"(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_PATTERNS = [
    re.compile(rf"\b{_WD}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"),
    re.compile(rf"\b{_WD}{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
]
_RELATIVE = re.compile(
    r"\b(?:(?P<which>last|this|next|on|since|until|by|from|late|early)\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!,?\s+\d)(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?P<word>yesterday|today|tonight|last week|last month|this week)\b",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    text: str
    start: int
    end: int
    relative: bool = False
    has_year: bool = True


def find_dates(text: str, ref: dt.date | None) -> list[DateMention]:
    """Return the dates mentioned in ``text``, in order; partial and relative ones need ``ref``."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            d = _absolute(m, ref)
            if d:
                found.append(DateMention(d, m.group(0), m.start(), m.end(), False, bool(m.group("year"))))
                taken.append((m.start(), m.end()))
    if ref:
        for m in _RELATIVE.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            d = _relative(m, ref)
            if d:
                found.append(DateMention(d, m.group(0), m.start(), m.end(), True, False))
    found.sort(key=lambda x: x.start)
    return found


def _absolute(m: re.Match, ref: dt.date | None) -> dt.date | None:
    gd = m.groupdict()
    month = int(gd["mnum"]) if gd.get("mnum") else MONTHS.get((gd.get("month") or "").lower().rstrip("."))
    if not month:
        return None
    day = int(gd["day"])
    if gd.get("year"):
        year = int(gd["year"])
    elif ref:
        year = ref.year
        # a partial date well after the document's date belongs to the previous year
        try:
            if dt.date(year, month, day) > ref + dt.timedelta(days=62):
                year -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _relative(m: re.Match, ref: dt.date) -> dt.date | None:
    word = (m.group("word") or "").lower()
    if word in ("today", "tonight", "this week"):
        return ref if word != "this week" else None
    if word == "yesterday":
        return ref - dt.timedelta(days=1)
    if word in ("last week", "last month"):
        return None  # too vague to place on a timeline
    wd = WEEKDAYS[m.group("weekday").lower()]
    which = (m.group("which") or "").lower()
    back = (ref.weekday() - wd) % 7
    if which == "next":
        return ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)
    if which == "last" and back == 0:
        back = 7
    # news reports speak of the past week: "on Tuesday" is the latest Tuesday on or before the date
    return ref - dt.timedelta(days=back)


def parse_date(text: str) -> dt.date | None:
    """Return the date when ``text`` is a full date (with a year), else None."""
    for d in find_dates(text, None):
        if d.has_year:
            return d.date
    return None


def is_dateline(text: str) -> dt.date | None:
    """Return the date when a whole block is just a date line ("Tuesday, 5 November 2024 —")."""
    t = text.strip(" \t-–—|:·,")
    if len(t) > 60:
        return None
    found = [d for d in find_dates(t, None) if d.has_year]
    if len(found) == 1:
        rest = (t[: found[0].start] + t[found[0].end:]).strip(" \t-–—|:·,")
        rest = re.sub(r"(?i)\b(updated|published|posted|on|at|\d{1,2}[:.]\d\d\s*(am|pm|a\.m\.|p\.m\.)?|[A-Z]{2,4}|gmt|utc)\b", "", rest)
        if not re.search(r"\w", rest):
            return found[0].date
    return None


# ---------------------------------------------------------------------------------------------
# metadata dates

_FIRST_YEAR = 1990  # earlier years in a date field are a system's placeholder (1970-01-01), not a publication
_LAST_YEAR = 2100  # without the run's date, the latest year believed
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")  # D:YYYYMMDDHHmmSS+HH'mm' (time ignored)
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def metadata_date(value: object, today: dt.date | None = None) -> dt.date | None:
    """Return the date a metadata field states, in its own time zone; None when it states none.

    ``value`` is a ``date``/``datetime`` or a string: RFC 2822, ISO 8601, a PDF date, else a year,
    month and day (``2024/11/05``) anywhere in it. Years before 1990 or after the one following
    ``today`` (the run's date; 2100 without it) are not publication dates.
    """
    when = metadata_time(value, today)
    return when.date() if when is not None else None


def metadata_time(value: object, today: dt.date | None = None) -> dt.datetime | None:
    """Return the moment a metadata field states, time-zone aware (UTC when it names no zone)."""
    if isinstance(value, dt.datetime):
        when: dt.datetime | None = value
    elif isinstance(value, dt.date):
        when = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        when = _parse_stamp(value.strip())
    else:
        return None
    if when is None or not _FIRST_YEAR <= when.year <= (today.year + 1 if today else _LAST_YEAR):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def _parse_stamp(raw: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):  # a year of 30 digits overflows
        pass
    if _ISO_START.match(raw):
        iso = raw.replace("Z", "+00:00").replace("z", "+00:00")
        try:
            return dt.datetime.fromisoformat(iso if len(iso) > 10 else iso[:10])
        except ValueError:
            pass
    m = _PDF_DATE.match(raw) or _YMD.search(raw)
    if not m:
        return None
    try:
        return dt.datetime(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
