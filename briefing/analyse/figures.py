"""Figures: a number and what it counts ("11,000 North Korean soldiers", "several thousand troops")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.model import Figure

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9, "k": 1e3}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "a hundred": 100, "a thousand": 1000, "dozen": 12, "a dozen": 12,
}
_VAGUE = r"(?:several|a\s+few|few|many|dozens|hundreds|thousands|tens\s+of\s+thousands|hundreds\s+of\s+thousands|millions)"
_NUM = (
    r"(?<![\w.,\-/])(?P<cur>[$€£¥])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?(?P<pct>\s*(?:%|per\s*cent|percent))?"
)
_FIGURE = re.compile(
    rf"(?:(?P<approx>about|around|approximately|nearly|almost|more\s+than|over|at\s+least|up\s+to|some|roughly|an\s+estimated|fewer\s+than|less\s+than)\s+)?"
    rf"(?:{_NUM}|(?P<vague>{_VAGUE}(?:\s+(?:of\s+)?(?:thousands?|hundreds?|millions?|dozens?))?)|(?P<word>\b(?:{'|'.join(sorted(_WORDS, key=len, reverse=True))})\b(?:\s+(?:thousand|million|billion|hundred))?))"
    r"(?:\s+of)?\s+(?P<what>(?:[A-Z][\w'’\-]*\s+|[a-z][\w'’\-]*\s+){0,3}?"
    r"(?:troops|soldiers|forces|personnel|people|civilians|refugees|deaths|dead|casualties|killed|wounded|injured|"
    r"missiles|drones|rockets|shells|munitions|weapons|tanks|aircraft|jets|ships|vessels|vehicles|"
    r"dollars|euros|pounds|barrels|tonnes|tons|votes|voters|seats|cases|patients|children|women|men|"
    r"workers|jobs|homes|houses|buildings|members|countries|nations|states|hostages|prisoners|detainees|"
    r"arrests|migrants|residents|students|users|customers|employees|units|doses|flights|passengers|"
    r"kilometres|kilometers|miles|km|years|months|days|hours|weeks|percent|points|"
    r"[a-z]+(?:s|ers|ians|ists))\b)",
    re.I,
)
_NOT_COUNTS = {"years", "months", "days", "hours", "weeks"}


@dataclass(frozen=True)
class FigureMatch:
    value: float | None
    text: str
    counts: str
    approximate: bool
    start: int
    end: int


def find_figures(sentence: str) -> list[FigureMatch]:
    """Return the counted quantities in a sentence (years, dates and resolution numbers excluded)."""
    out = []
    for m in _FIGURE.finditer(sentence):
        what = m.group("what").strip()
        if what.lower().split()[-1] in _NOT_COUNTS and not m.group("num"):
            continue
        value, approx = _value(m)
        if m.group("num"):
            num = m.group("num").replace(",", "")
            if re.fullmatch(r"(19|20)\d\d", num) and not m.group("scale"):
                continue  # a year, not a count
            if _after_resolution(sentence, m.start("num")):
                continue
        if value is not None and value < 2 and not m.group("pct"):
            continue  # "one of the", "1 November": not a count worth reporting
        text = sentence[m.start(): m.start("what")].strip()
        out.append(FigureMatch(value, text, what, approx, m.start(), m.end()))
    return out


def _value(m: re.Match) -> tuple[float | None, bool]:
    approx = bool(m.group("approx"))
    if m.group("num"):
        v = float(m.group("num").replace(",", ""))
        if m.group("scale"):
            v *= _SCALE[m.group("scale").lower()]
        return v, approx
    if m.group("word"):
        words = m.group("word").lower().split()
        v = float(_WORDS.get(" ".join(words[:2]) if len(words) > 1 and " ".join(words[:2]) in _WORDS else words[0], 0))
        if words[-1] in _SCALE:
            v *= _SCALE[words[-1]]
        elif words[-1] == "hundred" and len(words) > 1:
            v *= 100
        return (v or None), approx
    return None, True  # vague: "several thousand"


def _after_resolution(sentence: str, pos: int) -> bool:
    before = sentence[max(0, pos - 40): pos].lower()
    return bool(re.search(r"(resolutions?|article|section|no\.|number|chapter|paragraph|flight|route|highway)\s+(\d+\s*,\s*|\d+\s+and\s+)*$", before))


def magnitude(f_value: float | None, text: str) -> tuple[float, float]:
    """Return the (low, high) range a figure stands for; vague words give a wide range."""
    if f_value is not None:
        t = text.lower()
        if re.search(r"more than|over|at least", t):
            return f_value, f_value * 2
        if re.search(r"fewer than|less than|up to", t):
            return f_value / 2, f_value
        if re.search(r"about|around|approximately|nearly|almost|roughly|estimated|some", t):
            return f_value * 0.8, f_value * 1.2
        return f_value, f_value
    t = text.lower()
    if "tens of thousands" in t:
        return 2e4, 9e4
    if "hundreds of thousands" in t:
        return 2e5, 9e5
    if "thousand" in t:
        return 2e3, 9.9e3
    if "hundred" in t:
        return 200, 999
    if "million" in t:
        return 2e6, 9e6
    if "dozen" in t:
        return 24, 99
    return 2, 20


def clause_of(sentence: str, figure_text: str) -> str:
    """Cut a sentence down to the clause that holds a figure (the whole sentence when the clause
    would be under four words)."""
    i = sentence.find(figure_text)
    if i < 0:
        return sentence
    start = 0
    for m in re.finditer(r"(?:,\s+|;\s+|\bthat\s+|:\s+)", sentence[:i]):
        start = m.end()
    tail = sentence[i:]
    m = re.search(r"(?:,\s+(?:yet|but|while|which|and\s+that|although|as|besides)\b|;|\s+—\s+)", tail)
    end = i + (m.start() if m else len(tail))
    clause = sentence[start:end].strip(" ,;")
    return clause if len(clause.split()) >= 4 else sentence


_PREDICATE = re.compile(
    r"\s*(?:(?:who|that|which)\s+)?(?:(?:were|was|are|is|have|has|had|been|being|be|will|would)\s+){0,3}"
    r"(?:\w+ly\s+)?(?P<verb>[a-z]{3,}(?:ed|en)|dead|died|missing|injured|hurt|displaced|homeless|held|left|"
    r"fled|lost|stranded|trapped|built|sold|spent|won|cast)\b")


def predicate_of(sentence: str, end: int) -> str:
    """What happened to what a figure counts ("killed", "deployed"), from the words right after it;
    empty when the sentence does not say there."""
    m = _PREDICATE.match(sentence, end)
    return m.group("verb").lower() if m else ""


# What happened to what a figure counts, by class: figures only compare within one class.
_PREDICATE_CLASSES = {
    "present": "deploy station send sent base present amass mass position gather",
    "dead": "kill dead die murder slain execut",
    "hurt": "injur wound hurt",
    "displaced": "displac evacuat fle homeless relocat",
    "held": "arrest detain held captur jail imprison",
    "missing": "missing",
    "freed": "free releas rescu",
}
_CLASS_OF = {w: name for name, words in _PREDICATE_CLASSES.items() for w in words.split()}


def _predicate_class(predicate: str) -> str:
    for prefix, name in _CLASS_OF.items():
        if predicate.startswith(prefix):
            return name
    return predicate


def comparable(a: Figure, b: Figure) -> bool:
    """Whether two figures may count the same thing: the same counted noun and, where both
    sentences say what happened to it, the same kind of event (killed vs deployed: never)."""
    if a.head != b.head:
        return False
    return not (a.predicate and b.predicate) or _predicate_class(a.predicate) == _predicate_class(b.predicate)


def consistent(a: Figure, b: Figure) -> bool:
    """Whether two figures' ranges overlap ("about 300" and "310"; not "12" and "300")."""
    la, ha = magnitude(a.value, a.text)
    lb, hb = magnitude(b.value, b.text)
    return la <= hb and lb <= ha
