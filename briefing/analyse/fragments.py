"""Why a sentence is no statement by its form alone, whatever came before it: page furniture inside
a paragraph, a fragment (the middle of a sentence, an announcement without what it announces, a
place without a verb), or a quotation that cannot stand alone."""

from __future__ import annotations

import re

from briefing.text.furniture import caption_cause, furniture_cause
from briefing.text.grammar import (
    ATTRIBUTION, EXPLETIVE_IT, FINITE, LEANS_BACK, OPENER, QUOTE_OPEN, outside_quotes,
)


def furniture_problem(sentence: str) -> str | None:
    """Page furniture inside a paragraph of text: a caption, a credit, an embed, a prompt."""
    cause = caption_cause(sentence) or furniture_cause(sentence)
    return f"page furniture ({cause})" if cause else None


# "USA, adding, ...": the rest of a sentence cut after "HOLA!", one word and a participle of reporting
_TAIL_OF_SENTENCE = re.compile(r"^[\w.!'’\-]+,\s+(?:adding|saying|noting|writing|explaining|telling|according\s+to)\b")
# "Foxboro, Massachusetts, home of the New England Patriots and a location where ...": a caption's lead
_PLACE_APPOSITION = re.compile(r"^[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*)*,\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*)*,\s+"
                               r"(?:the\s+)?(?:home|site|birthplace|capital|seat|hometown|scene)\s+of\b")


def fragment_problem(text: str) -> str | None:
    """Why a sentence is no sentence on its own: it starts in the middle of one, it ends on a colon
    announcing what is not there, it is a place with no verb, it trails off, or its brackets are
    cut off."""
    body = QUOTE_OPEN.sub("", text)
    if body[:1].islower() or body[:1] in "—–-…,;:" or _TAIL_OF_SENTENCE.match(body):
        return "starts in the middle of a sentence"
    if text.rstrip(" \"”’'").endswith(":"):
        return "ends on a colon: what it announces is not in it"
    if _PLACE_APPOSITION.match(text):
        return "no main verb: a place and what it is ('Foxboro, Massachusetts, home of ...')"
    if text.rstrip(" \"”’')").endswith(("...", "…", ". . .")):
        return "trails off: what it was to say is not in it"  # "I cannot prove what I'm about to say ..."
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return "brackets cut across sentences"
    label = _LABEL.match(text)
    if label and not FINITE.search(text, label.end()):
        return "a label and what it lists, no statement ('Elizabeth A. Burton: Possession of methamphetamine, ...')"
    return None


# "Elizabeth A. Burton: Possession of methamphetamine, possession of paraphernalia.": an entry of a list
_LABEL = re.compile(r"^(?:[A-Z][\w'’\-]*\.?\s+){1,3}[A-Z][\w'’\-]+:\s+(?=\S)")  # a name, then a colon


# a topic and a colon before a quotation, with no one said to say it
_LABELLED_QUOTE = re.compile(r"^[^\"“”:]{2,60}:\s*[\"“]")


def quotation_problem(text: str, speaker_known: bool) -> str | None:
    """Why a quotation cannot stand alone: cut across sentences (unbalanced marks), opening on a
    word that points back ("He was ...", "However, ..."), or nobody said to say it."""
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return "a quotation cut across sentences"  # (one that runs on is closed before this test)
    m = QUOTE_OPEN.match(text)
    if not m:
        if _LABELLED_QUOTE.match(text) and not speaker_known and not ATTRIBUTION.search(outside_quotes(text)):
            return "a quotation with no speaker named"  # 'On presidential leadership: "I would inspire ..."'
        return None
    inner = text[m.end():]
    if OPENER.match(inner) or LEANS_BACK.match(inner) or \
            (inner.startswith(("It ", "It's ", "It’s ")) and not EXPLETIVE_IT.match(inner)):
        return "a quotation that points back to what came before it"
    if not speaker_known and not ATTRIBUTION.search(outside_quotes(text)):
        return "a quotation with no speaker named"
    return None
