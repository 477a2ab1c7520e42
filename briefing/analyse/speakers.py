"""Who says what: the subject of a stance verb, the speaker of a quote, the position a sentence takes."""

from __future__ import annotations

import re

from briefing.analyse.actors import Mention, person_key
from briefing.analyse.referents import SPEAKER_NOUNS, Referents
from briefing.analyse.stance import VERB_FORMS, StanceMatch, inside_quote
from briefing.model import KINDS
from briefing.text.grammar import SAID, SINGLE_CLOSE

PRONOUNS = {"we", "they", "he", "she", "it", "i"}
# "The UK has pledged": the auxiliary and adverbs before the verb are not part of who
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|is|are|was|were|will|would|shall|should|could|can|may|might|must|did|does|do|been|"
    r"also|not|never|again|jointly|strongly|firmly))+\s*$")
_QUOTE_CLOSER = re.compile(r"[\"”]\s*,?\s*(?P<who>[\w'’.\- ]{2,60}?)\s+(?:said|says|stated|added|told|warned|wrote)\b")


_HOST = re.compile(r"[\w.-]+\.[a-z]{2,}")


# words of web pages' labels that look like transcript speaker tags ("RELATED:", "UPDATE:")
_LABEL_WORDS = frozenset("""
related previous update updated correction editor editors note notes watch read more video photo photos image
images advertisement sponsored live breaking exclusive opinion analysis review caption graphic source sources
share print email follow subscribe tags topics also see next story stories saturday sunday monday tuesday
wednesday thursday friday morning evening night
""".split())


def is_name(name: str | None) -> bool:
    """Whether ``name`` can say who speaks: a name, a title or an organisation; not a host name, a
    kind of document, a web page's label ("Related", "Update"), nor a phrase of the text ("the new
    work", "The Florida senator": an article before lower-case words)."""
    if not name or len(name) < 2 or _HOST.fullmatch(name) or name.lower() in KINDS:
        return False
    words = re.findall(r"[\w'’]+", name)
    if not words or all(w.lower() in _LABEL_WORDS for w in words):
        return False
    if words[0].lower() in ("a", "an"):
        return False
    return words[0].lower() != "the" or all(w[:1].isupper() or w in ("of", "and", "for") for w in words[1:])


class Context:
    """What the sentences before this one established: the voice of the source, the last subject,
    and the full names behind surnames."""

    def __init__(self, voice: str | None = None) -> None:
        self.voice = voice
        self.last_subject: str | None = None
        self.surnames: dict[str, str] = {}

    def person(self, name: str) -> str:
        """The full name first seen for this person's surname."""
        return self.surnames.get(person_key(name), name)


def subject(sentence: str, verb_start: int, mentions: list[Mention], ctx: Context) -> str | None:
    """Return who the clause before ``verb_start`` names as its subject."""
    clause = re.split(r"[;:]|,\s+(?:and|but|while|as)\s+|\bthat\b", sentence[:verb_start])[-1]
    clause = _AUXILIARIES.sub(" ", clause)
    inside = [m for m in mentions if m.start >= verb_start - len(clause) and m.end <= verb_start]
    people = [m for m in inside if m.type == "person"]
    if people:
        return ctx.person(people[-1].name)
    words = re.findall(r"[\w'’]+", clause)
    if not words:
        return None
    first = words[0].lower()
    if first in PRONOUNS or (len(words) <= 2 and words[-1].lower() in PRONOUNS):
        if first in ("we", "i") and ctx.voice:
            return ctx.voice
        return ctx.last_subject
    orgs = [m for m in inside if m.type == "organisation"]
    if orgs and len(words) <= 10:
        return orgs[0].name if orgs[0].start - (verb_start - len(clause)) < 25 else None
    np = re.match(r"\s*((?:The|the)\s+[\w'’\- ]{3,60}?)(?:,|\s+(?:along|who|which|of\s+the\s+\w+\s+countries))", clause + ",")
    if np and len(np.group(1).split()) <= 8 and _names_people(np.group(1)):
        return np.group(1).strip()
    countries = [m for m in inside if m.type == "country"]
    if countries and len(words) <= 4:
        return countries[0].name
    return None


def _names_people(phrase: str) -> bool:
    """Whether a noun phrase names people or a body ("the foreign ministers"), not a thing ("the new work")."""
    words = re.findall(r"[\w'’\-]+", phrase.lower())
    return any(w in SPEAKER_NOUNS for w in words)


# stances that make a sentence an attributed position (not "decided", "agreed", "supported": acts)
POSITION_STANCES = frozenset("condemned criticised urged demanded asked pledged reaffirmed warned denied rejected "
                             "assessed said announced claimed expressed welcomed confirmed proposed stressed reiterated "
                             "raised noted".split())


def position(sentence: str, mentions: list[Mention], verb: StanceMatch | None, ctx: Context) -> tuple[str, str] | None:
    """Return (who, stance) when the sentence reports a stance outside a quotation."""
    if not verb or inside_quote(sentence, verb.start()) or VERB_FORMS[verb.group("verb")] not in POSITION_STANCES:
        return None
    who = subject(sentence, verb.start(), mentions, ctx)
    return (who, VERB_FORMS[verb.group("verb")]) if who else None


def speaker(sentence: str, mentions: list[Mention], verb: StanceMatch | None, ctx: Context) -> str | None:
    """Return who is speaking in a sentence that reports speech, or the issuer of a statement."""
    m = _QUOTE_CLOSER.search(sentence)
    if m:
        who = m.group("who").strip()
        if who.lower() in PRONOUNS:
            return ctx.last_subject
        people = [x for x in mentions if x.type == "person" and x.start >= m.start("who")]
        return ctx.person(people[0].name) if people else who
    if verb and not inside_quote(sentence, verb.start()):
        return subject(sentence, verb.start(), mentions, ctx)
    return ctx.voice


# the mark that closes a quotation: double, or single after the quotation's own punctuation
_CLOSE = r"(?:[”\"]|" + SINGLE_CLOSE + ")"
# who speaks, as a sentence names them: up to four capitalised words ("Professor Giovanna Mallucci")
SPEAKER_NAME = r"(?:[A-Z][\w'’.\-]+\s+){0,3}[A-Z][\w'’.\-]+"
# '...," team leader Professor Giovanna Mallucci told': a role in lower case may come before the name
ROLE_WORDS = r"(?:(?!(?:he|she|they|it|and|but|or|as|when|while|if|then|which|who|that)\b)[a-z][\w\-]*\s+){0,3}"
_PARAGRAPH_QUOTE = re.compile(
    _CLOSE + r"\s*,?\s*(?:" + ROLE_WORDS + r"(?P<after>" + SPEAKER_NAME + r")|(?P<pronoun>he|she|they))\s+" + SAID + r"\b"
    r"|" + _CLOSE + r"\s*,?\s*" + SAID + r"\s+(?:[a-z]+\s+){0,3}(?P<inverted>" + SPEAKER_NAME + r")"
    r"|(?P<before>" + SPEAKER_NAME + r"|He|She|They)\s+"
    r"(?:said|says|told\s+\w+|added|wrote|writes)\s*[:,]?\s*(?:[“\"]|['‘](?=[A-Z]))")


def quoted_speaker(paragraph: str, order: int, refs: Referents) -> str | None:
    """Who a paragraph says it quotes ("'...,' Morgan said"; "He added: '...'"), by the fullest name
    the source gave; None when it names no one (or a pronoun without a clear referent)."""
    m = _PARAGRAPH_QUOTE.search(paragraph)
    if not m:
        return None
    who = (m.group("after") or m.group("pronoun") or m.group("before") or m.group("inverted")).strip()
    if who.endswith(".") and not re.search(r"(?:\b[A-Z]|\bJr|\bSr)\.$", who):
        who = who[:-1]  # '"...," said Swonger. "How can they ...': the sentence's full stop, not the name's
    if who.lower() in ("he", "she", "they"):
        ref = refs.pronoun(who, order)
        return ref.text if ref else None
    if who.split()[-1] in refs.shared and len(who.split()) == 1:
        return None  # "Motes said", where two Moteses were named: either of them
    known = refs.people.get(who.split()[-1])
    return known.text if known and len(known.text) > len(who) else who
