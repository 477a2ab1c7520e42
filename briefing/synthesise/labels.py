"""Short names and dates that label items on the page: who speaks, and when."""

from __future__ import annotations

import datetime as dt
import re

from briefing.analyse.settle import short_name
from briefing.model import Source

MAX_LABEL = 48  # characters; a longer name is shortened ("A, B, C and 8 others")


def short_date(d: dt.date) -> str:
    """5 Nov 2024."""
    return f"{d.day} {d.strftime('%b')} {d.year}"


def short_speaker(name: str) -> str:
    """A speaker's name, shortened when it is a long list of parties."""
    return name if len(name) <= MAX_LABEL else short_name(name)


def speaker_label(source: Source) -> str:
    """A short name for who speaks in a primary source."""
    if source.issuer and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", source.issuer):
        return source.kind.capitalize()  # a host name says less than "Readout"
    if source.issuer and len(source.issuer) <= MAX_LABEL:
        return source.issuer
    if source.issuer:
        short = short_name(source.issuer)
        if len(short) <= 60:
            return short
    return source.kind.capitalize()
