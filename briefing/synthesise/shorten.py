"""Shortening by removing words only, so the cited paragraph still supports every word kept."""

from __future__ import annotations

import re

_LIST = re.compile(r"(?P<first>(?!(?:We|I|They|He|She|It)\b)[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3}),\s+(?:(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3},\s+){3,}(?:and\s+)?(?P<last>(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3})")
# where a trailing clause may go; never before "but" or "yet", whose clause is the point ("I cannot
# prove what I'm about to say, but I believe ...")
_CUT_AT = re.compile(r",\s+(?:including|as well as|which|while|with|potentially|besides|although|"
                     r"where|after|following|amid|in addition)\b|;\s+|\s+—\s+")


_DANGLING = re.compile(
    r"\b(?:of|to|in|on|at|by|for|from|with|as|than|into|about|between|since|until|and|or|but|the|a|an|its|their|"
    r"his|her|our|this|that|these|those|dated|released|published|signed|filed|issued|born|died)\s*[.,;:!?…]*\s*[\"”’)]*\s*$", re.I)
_HOLE = re.compile(
    r",\s*[,.;:]|\s[,.;:](?!\d)|\(\s*\)|\[\s*\]|^[^\w\[\"“‘(]|\b(?:a|an|the|of|to|by|between|from|since|until|"
    r"with|for|in|on|at|as|than|into|about|and|or)\s*[,;:.]", re.I)


def well_formed(text: str) -> bool:
    """Whether removing words left the text whole: no dangling preposition, article or conjunction
    at the end, no doubled or stray punctuation, balanced brackets and quotes."""
    core = text.rstrip(" …")
    if _DANGLING.search(core) or _HOLE.search(text.replace(" …", "")):
        return False
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return False
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def cut(original: str, shortened: str) -> str:
    """The shortened text when it is well formed, else the original whole."""
    return shortened if shortened == original or well_formed(shortened) else original


def shorten(text: str, limit: int = 45) -> str:
    """Shorten a sentence by removing words only: asides in brackets, long lists of names, then
    trailing clauses. A cut that would leave a hole keeps the sentence whole instead."""
    return cut(text, _shorten(text, limit))


def _shorten(text: str, limit: int) -> str:
    out = cut(text, re.sub(r"\s*\((?:[^()]{1,40})\)", "", text))
    if len(out.split()) > 30:
        out = _LIST.sub(lambda m: f"{m.group('first')} … {m.group('last')}", out)
    words = out.split()
    if len(words) <= limit:
        return out
    at = None
    for m in _CUT_AT.finditer(out):
        if len(out[: m.start()].split()) <= limit and len(out[: m.start()].split()) >= 10:
            at = m.start()
    if at is None:
        return out
    short = out[:at].rstrip(" ,;")
    if short.count('"') % 2 == 1:
        short += '"'
    if short.count("“") > short.count("”"):
        short += "”"
    return short + " …"


def drop_date_phrase(text: str, date_text: str) -> str:
    """Remove the date phrase that the timeline shows as the label ("On 4 November, ..."), unless
    that would leave a hole ("between, and the end of June")."""
    return cut(text, _drop_date_phrase(text, date_text))


def _drop_date_phrase(text: str, date_text: str) -> str:
    if not date_text:
        return text
    pattern = re.compile(r"^(?:on|by|since|as of)?\s*" + re.escape(date_text) + r"\s*,?\s*", re.I)
    out = pattern.sub("", text, count=1)
    if out == text:
        out = re.sub(r"\s+(?:on\s+)?" + re.escape(date_text) + r"\b", "", text, count=1)
    if out != text:
        out = re.sub(r"(\.[a-z]\.)\.(?=[\"”’)]*\s*$)", r"\1", out.lstrip(" :,;-–—"))  # "at 6:38 p.m.." : one full stop
    return out[:1].upper() + out[1:] if out and out != text and out[0].islower() and pattern.match(text) else out
