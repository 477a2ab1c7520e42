"""Who "they", "he" and "the ministers" are: the noun phrases a source has named so far, so that a
sentence that leans on an earlier one can be given its referent.

The antecedent of a subject pronoun is, in news prose, most often the subject of the sentence
before (centering); plural "they" wants a group (ministers, officials, a government, an alliance),
"he"/"she" a person. A bare definite description ("the ministers") wants an earlier, fuller noun
phrase with the same head ("the foreign ministers of the G7 countries"). What cannot be found with
confidence is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.analyse.actors import ORG_WORDS, STOP_CAPS, Mention
from briefing.model import Citation

# People and bodies that act and speak as a group: "they" may refer to them.
GROUP_NOUNS = frozenset("""
ministers officials leaders diplomats lawmakers legislators senators representatives authorities police officers
investigators researchers scientists experts analysts economists prosecutors lawyers attorneys judges soldiers troops
forces rebels militants fighters protesters demonstrators residents witnesses doctors activists negotiators members
governments countries nations allies partners parties companies firms agencies groups organizations organisations
voters workers employees students parents victims survivors families critics supporters opponents organizers
organisers executives regulators inspectors crews rescuers firefighters paramedics astronauts spokespeople teachers
villagers citizens delegates envoys commanders generals presidents governors mayors states administrations
ministries parishioners bishops priests owners directors producers editors reporters journalists officers agents
""".split())
# Singular people and bodies, and the things a story is about, that "the ..." points back to.
SINGULAR_NOUNS = frozenset("""
president minister spokesman spokeswoman spokesperson official leader government administration ministry company
firm agency group committee council court judge bishop diocese department team senator governor mayor prosecutor
lawyer attorney researcher scientist author chairman chairwoman chair director secretary ambassador envoy general
commander suspect victim man woman boy girl driver pilot officer agent
study report survey paper statement letter bill law deal agreement plan proposal program programme money funds
funding measure move decision policy order ruling verdict case investigation probe inquiry lawsuit complaint
document memo announcement initiative project treaty accord resolution sanctions
""".split())
NOUNS = GROUP_NOUNS | SINGULAR_NOUNS
_PLURAL_SINGULARS = frozenset("police staff crew team government administration committee council company".split())

_CAP = r"[A-Z][\w'’\-]*\.?"
_NAME = re.compile(rf"\b(?:[A-Z]\.\s+)?{_CAP}(?:\s+(?:[A-Z]\.\s+)?{_CAP}){{1,3}}")
# "the foreign ministers of the G7 countries", "Western diplomats", "U.S. officials"
_NP = re.compile(
    r"(?P<np>(?:(?:[Tt]he|[Ss]ome|[Tt]wo|[Tt]hree|[Ss]everal|[Mm]any)\s+)?"
    r"(?:(?:[A-Z][\w'’.\-]*|[a-z][\w\-]*)\s+){0,3}?"
    r"(?P<head>" + "|".join(sorted(NOUNS, key=len, reverse=True)) + r")"
    r"(?:\s+(?:of|from|for|in|at|on)\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*|\d+)(?:\s+(?:[A-Z][\w'’.\-]*|countries|nations|states|\d+))*)?)\b"
)
_STOP_LEAD = frozenset("the a an this that these those some two three several many".split())


@dataclass(frozen=True)
class Referent:
    """Something a source has named: how it was written, what kind, and where."""

    text: str  # as written, e.g. "the foreign ministers of the G7 countries"
    kind: str  # "person", "group" (plural), "body" (a singular organisation or country), "thing"
    head: str  # the head noun, lower case ("ministers"), or the name for people and bodies
    citation: Citation
    sentence: int  # the order of the sentence that named it

    @property
    def specified(self) -> bool:
        """Whether it says which one: a proper name, or an "of ..." phrase."""
        words = self.text.split()
        return any(w[:1].isupper() for w in words[1:]) or bool(re.search(r"\b(?:of|from|for|in|at)\s+\S", self.text)) \
            or (words[:1] and words[0][:1].isupper() and words[0].lower() not in _STOP_LEAD)


class Referents:
    """The noun phrases named so far in one source, newest last."""

    WINDOW = 4  # sentences back that a pronoun may reach

    def __init__(self) -> None:
        self.named: list[Referent] = []
        self.subjects: dict[int, Referent] = {}  # sentence order -> its subject

    def observe(self, sentence: str, mentions: list[Mention], cite: Citation, order: int,
                subject: Referent | None) -> None:
        """Record what ``sentence`` names, and its subject (resolved when it was a pronoun)."""
        self.named.extend(phrases(sentence, mentions, cite, order))
        if subject is not None:
            self.subjects[order] = subject

    def pronoun(self, word: str, order: int) -> Referent | None:
        """The referent of a subject pronoun in sentence ``order``, or None when not confident."""
        word = word.lower()
        wanted = ("person",) if word in ("he", "she") else ("group", "body") if word == "they" else ()
        if not wanted:
            return None
        before = self.subjects.get(order - 1)
        if before is not None and before.kind in wanted:
            return before
        recent = [r for r in self.named if order - self.WINDOW <= r.sentence < order and r.kind in wanted]
        distinct = {r.head.lower() for r in recent}
        if len(distinct) == 1:
            return max(recent, key=lambda r: (r.specified, len(r.text)))
        return None

    def description(self, head: str, order: int) -> Referent | None:
        """The fuller phrase an earlier sentence gave for "the <head>", when there is one."""
        head = head.lower()
        found = [r for r in self.named if r.sentence < order and r.head.lower() == head and r.specified]
        if not found:
            return None
        texts = {r.text.lower().removeprefix("the ") for r in found}
        best = found[-1]
        return best if len(texts) == 1 or order - best.sentence <= self.WINDOW else None


def phrases(sentence: str, mentions: list[Mention], cite: Citation, order: int) -> list[Referent]:
    """The people, bodies and groups a sentence names, in order."""
    out = []
    taken: list[tuple[int, int]] = []
    for m in _NP.finditer(sentence):  # a phrase holds the names inside it: "the ministers of the G7"
        head = m.group("head").lower()
        text = m.group("np").strip()
        kind = "group" if head in GROUP_NOUNS or head in _PLURAL_SINGULARS else "thing"
        if head in SINGULAR_NOUNS and head not in _PLURAL_SINGULARS and _is_person_noun(head):
            kind = "person"
        out.append((m.start(), Referent(text, kind, head, cite, order)))
        taken.append((m.start(), m.end()))
    for m in mentions:
        if any(a <= m.start and m.end <= b for a, b in taken):
            continue
        kind = "person" if m.type == "person" else "body"
        out.append((m.start, Referent(m.text.removesuffix("'s").removesuffix("’s"), kind, m.name, cite, order)))
        taken.append((m.start, m.end))
    for m in _NAME.finditer(sentence):
        words = [w.rstrip(".") for w in m.group(0).split()]
        if any(a < m.end() and m.start() < b for a, b in taken) or any(w in STOP_CAPS or w in ORG_WORDS for w in words):
            continue
        out.append((m.start(), Referent(m.group(0), "person", m.group(0).split()[-1], cite, order)))
    return [r for _, r in sorted(out, key=lambda x: x[0])]


_PERSON_NOUNS = frozenset("""
president minister spokesman spokeswoman spokesperson official leader judge bishop senator governor mayor prosecutor
lawyer attorney researcher scientist author chairman chairwoman chair director secretary ambassador envoy general
commander suspect victim man woman boy girl driver pilot officer agent
""".split())
SPEAKER_NOUNS = GROUP_NOUNS | _PERSON_NOUNS | frozenset(
    "government administration ministry company firm agency group committee council court diocese department team".split())


def _is_person_noun(head: str) -> bool:
    return head in _PERSON_NOUNS
