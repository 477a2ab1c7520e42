"""Short names and dates that label items on the page: who speaks, and when.

A label is always a name, a title or an organisation, and short: the Sources list gives a
statement's issuer in full once; the page says "G7+ foreign ministers", not sixteen words.
"""

from __future__ import annotations

import datetime as dt
import re

from briefing.analyse.actors import canonical
from briefing.analyse.settle import short_name
from briefing.analyse.speakers import is_name
from briefing.model import Source

MAX_LABEL = 48  # characters; a longer name is shortened ("G7+ foreign ministers", "A, B, C and 8 others")
# Groupings of countries that a list of parties may name in full
GROUPINGS = {
    "G7": frozenset({"United States", "United Kingdom", "France", "Germany", "Italy", "Japan", "Canada"}),
}
_ROLE_OF_LIST = re.compile(r"^(?:the\s+)?(?P<role>[A-Za-z][\w\- ]{2,40}?)\s+of\s+(?:the\s+)?(?P<list>[^,]+(?:,\s*[^,]+){2,})$")


def short_date(d: dt.date) -> str:
    """5 Nov 2024."""
    return f"{d.day} {d.strftime('%b')} {d.year}"


_TOPIC = re.compile(r"\s+(?:[A-Z][a-z]+ing|on|regarding|about|concerning|following|after|before|at|in\s+response\s+to)\s+.*$")


def short_speaker(name: str) -> str:
    """A speaker's name, shortened when it is a long list of parties or runs on into a topic
    ("NSC Spokesperson Adrienne Watson Condemning Terrorist Attacks" -> "NSC Spokesperson Adrienne Watson")."""
    name = _TOPIC.sub("", name) if len(name.split()) > 4 else name
    if len(name) <= MAX_LABEL:
        return name
    return grouping_label(name) or short_name(name)


def grouping_label(name: str) -> str | None:
    """"Foreign Ministers of Australia, Canada, ..., the United States and the High Representative of
    the European Union" -> "G7+ foreign ministers" when the list holds a known grouping, else
    "Foreign ministers of 11 parties"."""
    m = _ROLE_OF_LIST.match(name)
    if not m:
        return None
    parts = [p.strip() for p in re.split(r",\s*|\s+and\s+", m.group("list")) if p.strip()]
    countries = {canonical(re.sub(r"^the\s+", "", p, flags=re.I)) for p in parts}
    role = m.group("role").strip()
    for group, members in GROUPINGS.items():
        if members <= countries:
            return f"{group}{'+' if len(parts) > len(members) else ''} {role.lower()}"
    return f"{role[:1].upper()}{role[1:].lower()} of {len(parts)} parties"


def speaker_name(source: Source) -> str | None:
    """Who speaks in a primary source, as a short name; None when the source does not say (a host
    name or a kind of document is not a speaker)."""
    return short_speaker(source.issuer) if is_name(source.issuer) else None


def speaker_label(source: Source) -> str | None:
    """A short name for who speaks in a primary source (None when unknown)."""
    return speaker_name(source)
