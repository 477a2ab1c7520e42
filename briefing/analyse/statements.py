"""Sentences made to stand on their own: the statement an item may print.

A sentence read out of its paragraph must still say who and what. Discourse openers that lean on
the sentence before ("But", "However", "Also") are removed; a subject pronoun ("They said") or a bare
definite description ("The ministers voiced") gets its referent from the source's own earlier text,
inserted in square brackets as an editor does ("[The foreign ministers of the G7 countries]
voiced"), and the paragraph that names the referent is cited too, so every word stays supported.
A sentence whose reference cannot be resolved with confidence is marked as not standalone: it never
opens an item.
"""

from __future__ import annotations

import re

from briefing.analyse.actors import Mention
from briefing.analyse.referents import GROUP_NOUNS, NOUNS, Referent, Referents, phrases
from briefing.analyse.stance import inside_quote
from briefing.model import Citation, Statement

_OPENER = re.compile(
    r"^(?:But|However|Also|Meanwhile|And|Or|So(?!\s+far\b|-)|Still(?=,)|Yet|Instead|Moreover|Furthermore|"
    r"Additionally|Nevertheless|Nonetheless|Besides|In addition(?=,)|Then(?=,)|Thus|Therefore|Hence|Otherwise|Even so|"
    r"After all|In turn|Likewise|Similarly|Indeed|In fact|Of course|Again(?=,)|Now(?=,)|That said|"
    r"At the same time|On the other hand|In the meantime|By contrast|In contrast|As a result|Rather|Separately|"
    r"Additionally|Alternatively|Consequently|Accordingly|Regardless|Anyway|Plus|Further(?=,))\b,?\s+"
)
# openers whose referent is an earlier sentence or phrase: not resolved, the sentence is not used
_UNRESOLVABLE = re.compile(
    r"^(?:Of\s+(?:that|those|these|them|this|it)|Among\s+(?:them|those|these)|(?:This|These|Those|That|Such|Both|"
    r"Neither|Either|Its|Their|His|Her|Here|Another|Others?|Some\s+of\s+(?:them|those|these))"
    r"(?!\s+(?:week|month|year|morning|afternoon|evening|weekend|summer|spring|autumn|fall|winter|time|day|"
    r"season|decade|century)s?\b))\b"
)
_SUBJECT_PRONOUN = re.compile(r"^(?P<p>They|He|She)\b(?!['’])")
_EXPLETIVE_IT = re.compile(
    r"^It(?:\s+(?:is|was|'s|’s|has been|had been|will be|would be|seems|seemed|appears|appeared|remains|remained|"
    r"may be|might be|could be|became|becomes))\s+(?:not\s+)?(?:\w+\s+){0,3}?(?:that|to|whether|if|unclear|clear|"
    r"likely|unlikely|possible|impossible|time|expected|estimated|believed|reported|understood|thought)\b")
_FIRST_PERSON = re.compile(r"^(?:We|I|Our|My|Us)\b")
_FIRST_PERSON_ANYWHERE = re.compile(r"\b(?:we|us|our|ours|I|me|my)\b")
_DEFINITE = re.compile(
    r"^(?P<np>[Tt]he\s+(?:(?:[a-z][\w\-]*)\s+){0,2}?(?P<head>" + "|".join(sorted(NOUNS, key=len, reverse=True)) + r"))\b"
    r"(?!\s+(?:of|from|for|in|at|on|who|which|that|led|based)\b|['’]s|\s+[A-Z])"
)
_REPORTING = re.compile(
    r"(?P<lead>[,”\"]\s*)(?P<p>they|he|she)(?=\s+(?:said|says|added|told|stated|wrote|warned|explained|noted|"
    r"insisted|argued|continued|recalled|acknowledged|conceded|replied|asked)\b)"
)
# right after a bare definite subject, a verb (or an adverb before it): "The ministers voiced", not
# "The court case Love v. ..." (a compound, named by what follows)
_VERB_NEXT = re.compile(r"\s*(?:,|\b(?:\w+ly|also|is|are|was|were|has|have|had|will|would|can|could|may|might|must|"
                        r"should|did|does|do|said|says|told|[a-z]+ed|[a-z]+s)\b)")
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|did|does|do|said|says|told|"
    r"added|[a-z]{3,}ed)\b")


def statement(sentence: str, cite: Citation, order: int, mentions: list[Mention], refs: Referents,
              first_person_ok: bool) -> tuple[Statement, Referent | None]:
    """The sentence as it may stand alone, and its subject (for the sentences after it).

    ``first_person_ok``: "we" and "I" may open the sentence because the page will say who speaks
    (a primary source's issuer, a transcript's speaker).
    """
    text, edits = _drop_openers(sentence), []
    if text != sentence:
        edits.append("opener removed")
    quoting = _quotation_problem(text, first_person_ok)
    if quoting:
        return _not_standalone(text, cite, quoting), None
    if _UNRESOLVABLE.match(text):
        return _not_standalone(text, cite, "leans on an earlier sentence"), None
    if _FIRST_PERSON.match(text) or (_FIRST_PERSON_ANYWHERE.search(_outside_quotes(text)) and not first_person_ok):
        if not first_person_ok:
            return _not_standalone(text, cite, "first person with no known speaker"), None
    extra: list[Citation] = []
    subject = None
    m = _SUBJECT_PRONOUN.match(text)
    if m:
        ref = refs.pronoun(m.group("p"), order)
        if ref is None:
            return _not_standalone(text, cite, f"{m.group('p')!r} has no clear referent"), None
        text, subject = _bracket(ref.text, start=True) + text[m.end():], ref
        extra.append(ref.citation)
    elif text.startswith("It ") and not _EXPLETIVE_IT.match(text):
        return _not_standalone(text, cite, "'It' has no clear referent"), None
    else:
        d = _DEFINITE.match(text)
        if d and _VERB_NEXT.match(text, d.end("np")):
            ref = refs.description(d.group("head"), order)
            if ref is not None and ref.text.lower() != d.group("np").lower():
                text, subject = _bracket(ref.text, start=True) + text[d.end("np"):], ref
                extra.append(ref.citation)
            elif ref is None:
                return _not_standalone(text, cite, f"{d.group('np')!r} has no clear referent"), None
    text, reported = _resolve_reporting(text, order, refs)
    if reported:
        extra.append(reported.citation)
        subject = subject or reported  # the speaker of a quote is what the next "they" means
    if subject is None:
        subject = _subject_of(sentence, mentions, cite, order, refs)
    cites = tuple(dict.fromkeys([cite] + [c for c in extra if c != cite]))
    return Statement(text, cites, True), subject


_QUOTE_OPEN = re.compile(r"^[\"“‘']+\s*")
_ATTRIBUTION = re.compile(r"\b(?:said|says|say|told|tells|added|adds|wrote|writes|asked|asks|stated|states|"
                          r"explained|noted|according to|recalled|insisted|argued|continued|replied)\b")


def _quotation_problem(text: str, speaker_known: bool) -> str | None:
    """Why a quotation cannot stand alone: cut across sentences (unbalanced marks), opening on a
    word that points back ("He was ...", "However, ..."), or nobody said to say it."""
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return "a quotation cut across sentences"
    m = _QUOTE_OPEN.match(text)
    if not m:
        return None
    inner = text[m.end():]
    if _OPENER.match(inner) or _UNRESOLVABLE.match(inner) or _SUBJECT_PRONOUN.match(inner) or \
            (inner.startswith(("It ", "It's ", "It’s ")) and not _EXPLETIVE_IT.match(inner)):
        return "a quotation that points back to what came before it"
    if not speaker_known and not _ATTRIBUTION.search(_outside_quotes(text)):
        return "a quotation with no speaker named"
    return None


def _drop_openers(text: str) -> str:
    for _ in range(3):  # "But, however, ..."
        m = _OPENER.match(text)
        if not m or not text[m.end():m.end() + 1].strip():
            break
        rest = text[m.end():]
        text = rest[:1].upper() + rest[1:]
    return text


def _bracket(text: str, start: bool) -> str:
    text = " ".join(text.split())
    if start:
        text = text[:1].upper() + text[1:]
    elif text.startswith("The "):
        text = "the " + text[4:]
    return f"[{text}]"


def _resolve_reporting(text: str, order: int, refs: Referents) -> tuple[str, Referent | None]:
    """"..., they said." -> "..., [the ministers] said.", when "they" has a clear referent."""
    m = next((m for m in _REPORTING.finditer(text) if not inside_quote(text, m.start("p"))), None)
    if not m:
        return text, None
    ref = refs.pronoun(m.group("p"), order)
    if ref is None:
        return text, None
    return text[:m.start("p")] + _bracket(ref.text, start=False) + text[m.end("p"):], ref


def _subject_of(sentence: str, mentions: list[Mention], cite: Citation, order: int, refs: Referents) -> Referent | None:
    """The noun phrase before the sentence's first verb, when it names someone."""
    if sentence[:1] in "\"“":
        return None  # a quote: its speaker is named after it (see _resolve_reporting)
    verb = _VERBISH.search(sentence)
    limit = verb.start() if verb else len(sentence)
    for ref in phrases(sentence[:limit], [m for m in mentions if m.end <= limit], cite, order, refs.people):
        if ref.kind in ("person", "group", "body") or ref.head in GROUP_NOUNS:
            return ref
    return None


def _outside_quotes(text: str) -> str:
    return re.sub(r"[\"“][^\"“”]*[\"”]?", " ", text)


def _not_standalone(text: str, cite: Citation, why: str) -> Statement:
    return Statement(text, (cite,), False, why)
