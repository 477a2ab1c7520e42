"""Shortening by removing words only, so the cited paragraph still supports every word kept."""

from __future__ import annotations

import re

_LIST = re.compile(r"(?P<first>(?!(?:We|I|They|He|She|It)\b)[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3}),\s+(?:(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3},\s+){3,}(?:and\s+)?(?P<last>(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Za-z][\w'’\-]*){0,3})")
_CUT_AT = re.compile(r",\s+(?:including|as well as|which|while|yet|but|with|potentially|besides|although|"
                     r"where|after|following|amid|in addition)\b|;\s+|\s+—\s+")


def shorten(text: str, limit: int = 45) -> str:
    """Shorten a sentence by removing words only: asides in brackets, long lists of names, then
    trailing clauses."""
    out = re.sub(r"\s*\((?:[^()]{1,40})\)", "", text)
    if len(out.split()) > 30:
        out = _LIST.sub(lambda m: f"{m.group('first')} … {m.group('last')}", out)
    words = out.split()
    if len(words) <= limit:
        return out
    cut = None
    for m in _CUT_AT.finditer(out):
        if len(out[: m.start()].split()) <= limit and len(out[: m.start()].split()) >= 10:
            cut = m.start()
    if cut is None:
        return out
    short = out[:cut].rstrip(" ,;")
    if short.count('"') % 2 == 1:
        short += '"'
    if short.count("“") > short.count("”"):
        short += "”"
    return short + " …"


def drop_date_phrase(text: str, date_text: str) -> str:
    """Remove the date phrase that the timeline shows as the label ("On 4 November, ...")."""
    if not date_text:
        return text
    pattern = re.compile(r"^(?:on|by|since|as of)?\s*" + re.escape(date_text) + r"\s*,?\s*", re.I)
    out = pattern.sub("", text, count=1)
    if out == text:
        out = re.sub(r"\s+(?:on\s+)?" + re.escape(date_text) + r"\b", "", text, count=1)
    if out != text:
        out = out.lstrip(" :,;-–—")
    return out[:1].upper() + out[1:] if out and out != text and out[0].islower() and pattern.match(text) else out
