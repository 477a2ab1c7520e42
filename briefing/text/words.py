"""Words of a text for overlap measures: content words, lightly stemmed, with synonyms met."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]+|\d[\d,.]*")
STOPWORDS = frozenset(
    "a an the of to in on for and or but by with from as at is are was were be been being it its this that these "
    "those their they them he she his her we our us not no than then also has have had would could should will "
    "may might can do does did which who whom whose what when where why how into over under about after before "
    "during against between among such any all more most other some very said says say there here so if while "
    "i you your my me just up out one two new".split()
)
# Words that count the same thing: "soldiers" and "troops" meet in one term.
_SYNONYMS = {"soldier": "troops", "soldiers": "troops", "forces": "troops", "personnel": "troops", "troop": "troops",
             "dead": "deaths", "killed": "deaths", "fatalities": "deaths", "injured": "wounded"}
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")


def content_words(text: str) -> list[str]:
    """Lower-case content words of a text, with light stemming, for overlap measures."""
    out = []
    for w in _WORD.findall(text):
        w = w.lower().strip("'’-.,")
        if w in STOPWORDS or len(w) < 2:
            continue
        out.append(stem(w))
    return out


@lru_cache(maxsize=100_000)
def stem(w: str) -> str:
    """A light suffix stripper: enough to meet "troops"/"troop", "condemned"/"condemn"."""
    w = _SYNONYMS.get(w, w)
    for suffix in _SUFFIXES:
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w
