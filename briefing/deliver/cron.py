"""Cron expressions: what cron accepts, checked field by field, and when they next run.

The five fields are checked here so that an error names the field and the value (croniter's
messages name neither), and so that what croniter accepts beyond cron (six or seven fields,
Quartz's ``L``, ``#`` and ``?``, ranges that wrap such as ``9-5``) is refused. Cron's shorthands
(``@daily``, ``@hourly``, ...) are spelled out as the five fields cron's manual gives for them.
croniter (pallets-eco) then confirms the expression and gives the next run times, with cron's own
rule for the two day fields (either one matches when both are restricted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing.errors import UsageError

FIELDS = ("minute", "hour", "day-of-month", "month", "day-of-week")
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_SYSTEMD_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
# cron(5): "@yearly: Run once a year, '0 0 1 1 *'" and so on
SHORTHANDS = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
}


@dataclass(frozen=True)
class CronExpression:
    """A validated cron expression, each field expanded to the values it matches."""

    text: str  # as it goes into the crontab: the shorthand when one was given, else the five fields
    fields: tuple[tuple[int, ...], ...]
    starred: tuple[bool, ...]  # the field begins with "*" (cron's rule for day-of-month/day-of-week)
    five: str  # the five fields (a shorthand spelled out)


def parse_cron(text: str) -> CronExpression:
    """Validate a cron expression (five fields, or a shorthand such as ``@daily``); one clear line if not."""
    given = " ".join(text.split())
    five = _spelled_out(given)
    parts = five.split()
    if len(parts) != 5:
        raise UsageError(
            f"cron expression {given!r} has {len(parts)} field{'s' if len(parts) != 1 else ''}; expected 5: "
            f"{' '.join(FIELDS)} (e.g. \"0 6 * * *\" for 06:00 every day), or one of {', '.join(SHORTHANDS)}"
        )
    fields = [_expand(name, part, low, high, names)
              for name, part, (low, high), names in zip(FIELDS, parts, RANGES, (None, None, None, _MONTHS, _DAYS))]
    fields[4] = tuple(sorted({d % 7 for d in fields[4]}))
    _confirm(given, five)
    return CronExpression(text=given.lower() if given.startswith("@") else five, fields=tuple(fields),
                          starred=tuple(p.startswith("*") for p in parts), five=five)


def _spelled_out(given: str) -> str:
    if not given.startswith("@"):
        return given
    name = given.lower()
    if name == "@reboot":
        raise UsageError("cron expression '@reboot' runs at start-up, not at a time: give a time such as "
                         "\"0 6 * * *\" or @daily")
    if name not in SHORTHANDS:
        raise UsageError(f"cron expression {given!r} is not one of cron's shorthands: {', '.join(SHORTHANDS)}")
    return SHORTHANDS[name]


def _expand(name: str, part: str, low: int, high: int, names: tuple[str, ...] | None) -> tuple[int, ...]:
    values: set[int] = set()
    for item in part.split(","):
        rng, _, step_text = item.partition("/")
        step = 1
        if step_text:
            step = _number(name, step_text, part, None)
            if step < 1:
                raise UsageError(f"cron {name} field {part!r}: the step must be at least 1")
        if rng == "*":
            start, end = low, high
        elif "-" in rng:
            a, _, b = rng.partition("-")
            start, end = _number(name, a, part, names), _number(name, b, part, names)
            if start > end:
                raise UsageError(f"cron {name} field {part!r}: range {rng} runs backwards")
        else:
            start = _number(name, rng, part, names)
            end = high if step_text else start
        for v in (start, end):
            if not low <= v <= high:
                raise UsageError(f"cron {name} field {part!r}: {v} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return tuple(sorted(values))


def _number(name: str, text: str, part: str, names: tuple[str, ...] | None) -> int:
    if text.isdigit():
        return int(text)
    if names and text.lower() in names:
        return names.index(text.lower()) + (1 if names is _MONTHS else 0)
    raise UsageError(f"cron {name} field {part!r}: {text!r} is not a number{' or a name' if names else ''}")


def _confirm(given: str, five: str) -> None:
    """croniter must agree that cron would run this (a check on the fields' reading above)."""
    from croniter import croniter  # loaded by `schedule` only, never by a build

    if not croniter.is_valid(five):
        raise UsageError(f"cron expression {given!r} is not one cron would run")


def next_runs(when: CronExpression, now: dt.datetime, count: int = 3) -> tuple[dt.datetime, ...]:
    """The next ``count`` times the expression fires after ``now``, in this machine's time zone (cron's)."""
    from croniter import croniter
    from dateutil.tz import tzlocal  # the zone with its daylight-saving rules, not today's fixed offset

    # cron(5): either day field matches only when both are restricted (neither begins with "*");
    # croniter would take "*/2" as restricted and run on either
    either = not (when.starred[2] or when.starred[4])
    it = croniter(when.five, now.astimezone(tzlocal()), day_or=either)
    return tuple(it.get_next(dt.datetime) for _ in range(count))


def in_words(times: tuple[dt.datetime, ...]) -> str:
    """The run times as a reader says them: ``Wednesday 6 November 2024 at 06:00, ...``."""
    zone = times[0].tzname() if times else None
    said = ", ".join(f"{t:%A} {t.day} {t:%B %Y} at {t:%H:%M}" for t in times)
    return f"{said} (time zone {zone or 'local'})"


def on_calendar(when: CronExpression) -> str:
    """The cron expression as a systemd OnCalendar= value, or a clear error if it has none."""
    minute, hour, dom, month, dow = when.fields
    if not when.starred[2] and not when.starred[4]:
        # cron runs when *either* day field matches; systemd needs both to match
        raise UsageError(
            f"cron expression {when.text!r} restricts both day-of-month and day-of-week, which cron "
            "treats as 'either'; systemd cannot say that: use two timers or a crontab"
        )
    days = "" if len(dow) == 7 else _runs(dow, lambda d: _SYSTEMD_DAYS[d]) + " "
    full = [tuple(range(lo, hi + 1)) for lo, hi in RANGES[:4]]

    def part(values: tuple[int, ...], i: int) -> str:
        return "*" if values == full[i] else _runs(values, lambda v: f"{v:02d}")

    return f"{days}*-{part(month, 3)}-{part(dom, 2)} {part(hour, 1)}:{part(minute, 0)}:00"


def _runs(values: tuple[int, ...], show) -> str:
    """Comma-separated values, with runs of three or more written as a..b."""
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{show(values[i])}..{show(values[j])}")
        else:
            out.extend(show(v) for v in values[i : j + 1])
        i = j + 1
    return ",".join(out)
