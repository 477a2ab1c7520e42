"""Who "they", "he" and "the ministers" are: the noun phrases a source has named so far, so that a
sentence that leans on an earlier one can be given its referent.

The antecedent of a subject pronoun is, in news prose, most often the subject of the sentence
before (centering); plural "they" wants a group (ministers, officials) or an organisation, "he" and
"she" a person. A bare definite description ("the ministers") wants an earlier, fuller noun phrase
with the same head ("the foreign ministers of the G7 countries"). What cannot be found with
confidence is not guessed.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from briefing.analyse.actors import ORG_WORDS, PARTICLES, STOP_CAPS, Mention
from briefing.model import Citation
from briefing.text.grammar import IRREGULAR_PAST, VERB_NEXT
from briefing.text.names import gender_of_name

# People and bodies that act and speak as a group: "they" may refer to them.
GROUP_NOUNS = frozenset("""
ministers officials leaders diplomats lawmakers legislators senators representatives authorities police officers
investigators researchers scientists experts analysts economists prosecutors lawyers attorneys judges soldiers troops
forces rebels militants fighters protesters demonstrators residents witnesses doctors activists negotiators members
governments countries nations allies partners parties companies firms agencies groups organizations organisations
voters workers employees students parents victims survivors families critics supporters opponents organizers
organisers executives regulators inspectors crews rescuers firefighters paramedics astronauts spokespeople teachers
villagers citizens delegates envoys commanders generals presidents governors mayors states administrations
ministries parishioners bishops priests owners directors producers editors reporters journalists agents couple
""".split())
PERSON_NOUNS = frozenset("""
president minister spokesman spokeswoman spokesperson official leader judge bishop senator governor mayor prosecutor
lawyer attorney researcher scientist author chairman chairwoman chair director secretary ambassador envoy general
commander suspect victim man woman boy girl driver pilot officer agent
""".split())
BODY_NOUNS = frozenset("""
government administration ministry company firm agency group committee council court diocese department team
""".split())
THING_NOUNS = frozenset("""
study report survey paper statement letter bill law deal agreement plan proposal program programme money funds
funding measure move decision policy order ruling verdict case investigation probe inquiry lawsuit complaint
document memo announcement initiative project treaty accord resolution sanctions budget
""".split())
# a verb in the past tense: "Police released dramatic video" is a clause, not a phrase naming a video
_PAST = re.compile(r"[a-z]{2,}ed")
# two people spoken of as one: "the couple" means the two a sentence named together
PAIR_NOUNS = frozenset(("couple", "pair", "duo"))
NOUNS = GROUP_NOUNS | PERSON_NOUNS | BODY_NOUNS | THING_NOUNS | PAIR_NOUNS
SPEAKER_NOUNS = GROUP_NOUNS | PERSON_NOUNS | BODY_NOUNS  # a noun phrase with one of these may name who speaks

_CAP = r"[A-Z][\w'’\-]*"
# "Maj. Gen. Pat Ryder": the abbreviated titles before a name are part of it
_TITLED = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Gov|Sen|Rep|Rev|Hon|Amb)\.\s+)*"
_NAME = re.compile(rf"(?<![\w'’\-])(?:[A-Z]\.\s+)?{_CAP}(?:\s+{_TITLED}(?:[A-Z]\.\s+)?{PARTICLES}{_CAP}){{1,7}}")
_SURNAME = re.compile(r"\b[A-Z][a-z][\w'’\-]+\b")
# "the foreign ministers of the G7 countries", "Western diplomats", "U.S. officials"
_NP = re.compile(
    r"(?<![\w'’\-])(?P<np>(?P<lead>(?:[Tt]he|[Aa]n?|[Tt]wo|[Tt]hree|[Ss]everal|[Mm]any|[Ss]ome)\s+)?"
    r"(?P<mods>(?:(?:[A-Z][\w'’.\-]*|[a-z][\w\-]*|\d+-[\w\-]+)\s+){0,3}?)"
    r"(?P<head>" + "|".join(sorted(NOUNS, key=len, reverse=True)) + r")"
    r"(?:\s+(?:of|from|for|in|at)\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*|\d+)(?:\s+(?:[A-Z][\w'’.\-]*|countries|nations|states|\d+))*)?)\b"
)
# words that never stand before the head of a noun phrase that names someone
NOT_MODIFIER = frozenset("""
he she it they we i you me him her us them his its their our my your was were is are am be been being has have had
will would can could shall should may might must do does did said says say told and or but nor so yet in on at of
for to from by with as into over under about after before than that this these those who whom whose which what when
where why how a an not no there here also just only even still now then
""".split())
# heads that are adjectives before a noun ("official schedule", "general election")
_ADJECTIVAL = frozenset(("official", "general", "chief"))
_QUANTIFIERS = frozenset("one each every another other others both most all any such no".split())
_CONNECTIVES = frozenset("""
although though while whereas because since if unless until after before during despite according meanwhile however
moreover furthermore instead indeed besides yet once like unlike among amid following including
""".split())
# capitalised words that make a name an organisation's or a place's, not a person's
_NOT_PERSON = frozenset(ORG_WORDS) | frozenset("""
Research Group Capital Partners News Post Times Press Media Network Foundation Center Centre Society Club Church
School College Hospital Airlines Airways Bank City County State Street Avenue Road Park River Lake Mountain Island
Valley Beach Bay Creek Canyon Reservoir Harbor Harbour Port Fort Airport Station Hall Museum Journal Magazine Review
Daily Herald Tribune Gazette Weekly Radio TV Television Studios Records Inc Corp Co LLC Ltd Games Cup League Festival Awards Prize
""".split())


@dataclass(frozen=True)
class Referent:
    """Someone or something a source has named: how it was written, what kind, and where."""

    text: str  # as written, e.g. "the foreign ministers of the G7 countries"
    kind: str  # "person", "group" (plural), "body" (an organisation), "country", "thing"
    head: str  # the head noun, lower case ("ministers"), or the name for people and bodies
    citation: Citation
    sentence: int  # the order of the sentence that named it

    @property
    def specified(self) -> bool:
        """Whether it says which one: a proper name, or an "of ..." phrase."""
        words = self.text.split()
        return any(w[:1].isupper() for w in words[1:]) or bool(re.search(r"\b(?:of|from|for|in|at)\s+\S", self.text)) \
            or (bool(words) and words[0][:1].isupper() and words[0].lower() not in ("the", "a", "an", "some", "two",
                                                                                      "three", "several", "many"))


class Referents:
    """The people, bodies and groups named so far in one source, newest last."""

    WINDOW = 4  # sentences back that a pronoun may reach

    def __init__(self) -> None:
        self.named: list[Referent] = []
        self.subjects: dict[int, Referent] = {}  # sentence order -> its subject
        self.people: dict[str, Referent] = {}  # surname -> the person's fullest mention so far
        self.shared: set[str] = set()  # surnames of two people or more (relatives): no one by the surname alone
        self.speakers: set[str] = set()  # surnames of people who were the subject of a sentence
        self.sentences: list[tuple[int, str, Citation]] = []  # everything read so far, for "the <noun>"
        self.gender_of: dict[str, str] = {}  # a person's head (surname) -> "he" or "she", once known

    def observe(self, sentence: str, mentions: list[Mention], cite: Citation, order: int,
                subject: Referent | None) -> None:
        """Record what ``sentence`` names, and its subject (resolved when it was a pronoun)."""
        found = phrases(sentence, mentions, cite, order, self.people)
        for r in found:
            if r.kind == "person" and r.head[:1].isupper() and r.head not in self.shared:
                known = self.people.get(r.head)
                if known is not None and not (_extends(r.text, known.text) or _extends(known.text, r.text)):
                    # "Nancy Motes" and her mother "Betty Lou Motes": a bare "Motes" is either
                    self.shared.add(r.head)
                    del self.people[r.head]
                elif known is None or len(r.text.split()) > len(known.text.split()):
                    self.people[r.head] = r
        self.named.extend(found)
        # a surname two people share ("Lawford" said): someone is named, but no one can tell who
        self.named.extend(Referent(m.group(0), "ambiguous", m.group(0), cite, order)
                          for m in _SURNAME.finditer(sentence) if m.group(0) in self.shared)
        self.sentences.append((order, sentence, cite))
        self._learn_gender(sentence, [r for r in found if r.kind == "person"])
        if subject is not None:
            self.subjects[order] = subject
            if subject.kind == "person":
                self.speakers.add(subject.head)

    def _learn_gender(self, sentence: str, people: list[Referent]) -> None:
        """What a sentence says of its people's gender: a noun or title just before a name ("his
        wife Shante Broadus", "actress Julia Roberts"), or, when it opens on the one person it
        names and has no other subject pronoun, its "his" or "her" ("Snoop Dogg thanked his fans")."""
        for r in people:
            at = sentence.find(r.text)
            title = _TITLE_BEFORE.search(sentence[:at]) if at > 0 else None
            said = gender_of(title.group(0)) if title else None
            if said:
                self.gender_of.setdefault(r.head, said)
        if len({r.head for r in people}) == 1 and sentence.startswith(people[0].text) and not _SUBJECTS.search(sentence):
            he, she = bool(_HIS.search(sentence)), bool(_HER.search(sentence))
            if he != she:
                self.gender_of.setdefault(people[0].head, "he" if he else "she")

    def pronoun(self, word: str, order: int, exclude: str = "") -> Referent | None:
        """The referent of a subject pronoun in sentence ``order``, or None when not confident: the
        subject of the sentence before when it fits, else the one fitting referent of the last few
        sentences (a person only if named as someone who acts, and said to be a "he" or a "she":
        by a title, a noun, or a "his" or "her" of a sentence naming no one else). "They" wants
        a plural group ("the ministers"): an organisation's name is an "it" in news prose. A
        referent whose name is in ``exclude`` is not one (the speaker of a quotation it is in)."""
        word = word.lower()
        wanted = _WANTED.get(word, ())
        if not wanted:
            return None
        ref = self._pronoun(word, wanted, order, exclude)
        fuller = self.people.get(ref.head) if ref is not None and ref.kind == "person" else None
        if fuller is not None and len(fuller.text) > len(ref.text) and _extends(fuller.text, ref.text):
            ref = fuller  # "Mr. Miller" is "Stephen Miller", as the source named him first
        if ref is not None and word in ("he", "she"):
            self.gender_of.setdefault(ref.head, word)  # "Pontecorvo ... he said": he, from now on
        return ref

    def only_person(self, order: int, word: str | None = None) -> Referent | None:
        """The one person the last few sentences named (who may be a "he" or "she" as ``word``
        says), by the fullest name; None when they named nobody, several people, or a surname
        relatives share."""
        window = self._window(order)
        if any(r.kind == "ambiguous" for r in window):
            return None
        people = [r for r in window if r.kind == "person"]
        if len({r.head for r in people}) != 1 or (word and not self.agrees(people[-1], word)):
            return None
        return max(people, key=lambda r: len(r.text))

    def gender(self, ref: Referent) -> str | None:
        """"he" or "she" when the name says so (a common given name, a title, a noun) or the source
        has said so before (a pronoun, a title); the name first, since relatives share a surname."""
        return gender_of_name(ref.text) or gender_of(ref.text) or self.gender_of.get(ref.head)

    def agrees(self, ref: Referent, word: str) -> bool:
        """Whether "he" or "she" can be ``ref``: not someone the source already calls the other."""
        if word not in ("he", "she"):
            return True
        known = self.gender(ref)
        return known is None or known == word

    def in_view(self, word: str, order: int, exclude: str = "") -> set[str]:
        """Everyone the last few sentences named who could be ``word`` ("he": a person not said to
        be a woman), the speaker aside: more than one, and a pronoun in a quotation is a guess."""
        return {r.head.lower() for r in self._window(order) if r.kind in _WANTED.get(word, ())
                and self.agrees(r, word) and not _named_in(r, exclude)}

    def _window(self, order: int) -> list[Referent]:
        """What the last few sentences named, and who they were about (a "she" resolved keeps her in view)."""
        about = [dataclasses.replace(r, sentence=n) for n, r in self.subjects.items() if order - self.WINDOW <= n < order]
        return [r for r in self.named if order - self.WINDOW <= r.sentence < order] + about

    def _pronoun(self, word: str, wanted: tuple[str, ...], order: int, exclude: str) -> Referent | None:
        before = self.subjects.get(order - 1)
        if before is not None and before.kind in wanted and before.specified and self.agrees(before, word) \
                and not _named_in(before, exclude) and not (word == "they" and self._other_group(before, order - 1)) \
                and not (word != "they" and self.gender(before) is None and self._known_other(before, word, order)):
            return before
        recent = [r for r in self._window(order) if r.kind in wanted and not _named_in(r, exclude)
                  and (r.kind != "person" or r.head in self.speakers or r.head[:1].islower() or " " in r.text)]
        if word != "they":
            # one person in view who may be a "he" (or "she"), and whom the source has said is one
            if any(r.kind == "ambiguous" for r in self._window(order)):
                return None
            recent = [r for r in recent if r.head in self.speakers and self.agrees(r, word)]
            if any(self.gender(r) != word for r in recent):
                return None
        distinct = {r.head.lower() for r in recent}
        if len(distinct) == 1:
            best = max(recent, key=lambda r: (r.specified, len(r.text)))
            return best if best.specified else None
        return None

    def _known_other(self, subject: Referent, word: str, order: int) -> bool:
        """Whether the sentence before named someone else known to be a ``word`` ("he") while its
        subject is not known to be either: "Winfrey asked Harry whether ... '...,' he said" is Harry's."""
        before = next((text for seen, text, _ in reversed(self.sentences) if seen == order - 1), "")
        return any(r.kind == "person" and r.head != subject.head and self.gender(r) == word and _named_in(r, before)
                   for r in self._window(order))

    def _other_group(self, subject: Referent, order: int) -> bool:
        """Whether sentence ``order`` named a group besides its subject ("researchers recruited
        students. On different nights they were given ...": "they" may be either)."""
        return any(r.kind == "group" and r.head != subject.head for r in self.named if r.sentence == order)

    def description(self, head: str, order: int) -> Referent | None:
        """The fuller phrase an earlier sentence gave for "the <head>", when there is one."""
        head = head.lower()
        if head in PAIR_NOUNS:
            return self.pair(order)
        found = [r for r in self.named if r.sentence < order and r.head.lower() == head and r.specified]
        if not found:
            return None
        texts = {r.text.lower().removeprefix("the ") for r in found}
        best = found[-1]
        return best if len(texts) == 1 or order - best.sentence <= self.WINDOW else None

    def pair(self, order: int) -> Referent | None:
        """Who "the couple" (or "the pair") is: the two people the latest of the last few sentences
        named together ("Ariana Grande and Pete Davidson", "Eva Longoria and her husband José
        Bastón"); None unless that sentence names exactly one such pair."""
        for seen, sentence, cite in reversed(self.sentences):
            if seen >= order or order - seen > self.WINDOW:
                continue
            pairs = {(a, b) for m in _PAIR.finditer(sentence)
                     if (a := self._person(m.group("a"))) and (b := self._person(m.group("b"))) and a != b}
            if len(pairs) == 1:
                a, b = next(iter(pairs))
                return Referent(f"{a} and {b}", "group", "couple", cite, seen)
            if pairs:
                return None
        return None

    def _person(self, name: str) -> str | None:
        """The fullest name the source gave the person ``name`` names, if it named one."""
        known = self.people.get(name.split()[-1])
        words = name.split()
        if known is None:
            return None
        if not any(_extends(known.text, " ".join(words[i:])) for i in range(len(words))):
            return None
        full = known.text.split()
        while len(full) > 2 and full[0].lower() in _PARTNER_WORDS:
            full = full[1:]  # "Singer Ariana Grande": the name, without the role the sentence opened on
        return " ".join(full)

    def named_as(self, head: str, order: int) -> Referent | None:
        """The latest earlier phrase that names which "<head>" is meant: "Alan Thicke's sons" or
        "the sons of Alan Thicke" for "the sons", "actor Alan Thicke" for "the actor"."""
        word = re.escape(head)
        patterns = (
            (rf"(?<![\w'’\-])(?:[a-z]{{1,3}}-)?(?:[A-Z][\w'’.\-]*\s+){{1,4}}(?:[a-z][\w\-]*\s+){{0,2}}{word}s?\b", None),
            (rf"\b{word}s?\s+(?:of|from|in|at|for)\s+(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){{0,3}}", None),
            (rf"\b{word}\s+(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){{0,2}})", "name"),
        )
        if head.lower() in BODY_NOUNS | THING_NOUNS:
            # "the company": "Chinese e-commerce company" may be another one than the company the
            # source names by its name alone ("Yahoo"); only "the company Yahoo" or "... of" says which
            patterns = patterns[1:]
        found: list[Referent] = []
        for seen, text, cite in reversed(self.sentences):
            if seen >= order or order - seen > 3 * self.WINDOW:
                continue
            for pattern, group in patterns:
                for m in reversed(list(re.finditer(pattern, text))):
                    phrase = _clean(m.group(group) if group else m.group(0))
                    words = phrase.split()
                    if words[0] in STOP_CAPS or re.sub(r"['’]s$", "", words[0].lower()) in NOT_MODIFIER \
                            or any(w.lower() in NOT_MODIFIER | _ARTICLES for w in words[:-1]) \
                            or any(_PAST.fullmatch(w) for w in words[1:-1]) \
                            or not 2 <= len(words) <= 8:
                        continue
                    if not group and re.search(r"\bthe\s+$", text[:m.start()]):
                        phrase = "the " + phrase  # "the al-Tanf base", as the source wrote it
                    elif not group and (coord := _COORDINATED.search(text, 0, m.start())):
                        phrase = _clean(coord.group(0) + phrase)  # not "International Monetary Fund lenders" alone
                    found.append(Referent(phrase, "person" if group else "thing", head, cite, seen))
        # two different "<...> company" phrases in view: "the company" could be either
        names = {r.text.lower() for r in found}
        return found[0] if len(names) == 1 else None


_HE = re.compile(r"\b(?:Mr|King|Prince|Duke|Sir|Lord|Father|Brother|man|boy|father|son|husband|brother|actor|"
                 r"chairman|spokesman|businessman|congressman|uncle|nephew|grandfather)\b\.?")
_SHE = re.compile(r"\b(?:Mrs|Ms|Miss|Queen|Princess|Duchess|Lady|Dame|Sister|woman|girl|mother|daughter|wife|sister|"
                  r"actress|chairwoman|spokeswoman|businesswoman|congresswoman|aunt|niece|grandmother)\b\.?")


_PAIR_NAME = r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2}"
# "Ariana Grande and Pete Davidson", "Eva Longoria and her husband José Bastón"
_PARTNER_WORDS = PERSON_NOUNS | {"husband", "wife", "fiancé", "fiancée", "fiance", "fiancee", "partner", "boyfriend",
                                 "girlfriend", "comedian", "actor", "actress", "singer", "rapper", "star", "model"}
_PARTNERS = "|".join(sorted(_PARTNER_WORDS))
_PAIR = re.compile(rf"(?<![\w'’\-])(?P<a>{_PAIR_NAME})\s+(?:and|&)\s+(?:(?:his|her)\s+)?(?:(?:{_PARTNERS})\s+)?"
                   rf"(?P<b>{_PAIR_NAME})(?![\w'’\-])")


# a gendered noun or title right before a name: "his wife Shante Broadus", "Mrs. May", "actress Julia Roberts"
_TITLE_BEFORE = re.compile(r"(?:" + _HE.pattern + "|" + _SHE.pattern + r")\s*$")
_SUBJECTS = re.compile(r"\b(?:he|she|they|I|we|you)\b", re.I)
_HIS = re.compile(r"\b(?:his|him|himself)\b", re.I)
_HER = re.compile(r"\b(?:her|hers|herself)\b", re.I)


def gender_of(text: str) -> str | None:
    he, she = bool(_HE.search(text)), bool(_SHE.search(text))
    return "he" if he and not she else "she" if she and not he else None


def phrases(sentence: str, mentions: list[Mention], cite: Citation, order: int,
            people: dict[str, Referent] | None = None) -> list[Referent]:
    """The people, bodies and groups a sentence names, in order; a lone surname of a person named
    before ("Finley said") is that person, by the fullest name the source gave."""
    out: list[tuple[int, Referent]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    for m in _NP.finditer(sentence):  # a phrase holds the names inside it: "the ministers of the G7"
        ref = _noun_phrase(m, cite, order)
        if ref is not None:
            out.append((m.start(), ref))
            taken.append((m.start(), m.end()))
    for m in mentions:
        given = _GIVEN_BEFORE.search(sentence, 0, m.start) if m.type == "country" else None
        if given and given.group(1) not in STOP_CAPS and given.group(1).lower() not in NOT_MODIFIER:
            continue  # "Booker T. Washington", "George Washington": a person's name, not the United States
        if free(m.start, m.end):
            kind = {"person": "person", "country": "country"}.get(m.type, "body")
            out.append((m.start, Referent(_clean(m.text), kind, m.name, cite, order)))
            taken.append((m.start, m.end))
    for m in _names(sentence):
        words = [w.rstrip(".") for w in m.group(0).split()]
        if free(m.start(), m.end()) and words[0].lower() not in NOT_MODIFIER | _CONNECTIVES and len(words) <= 4 \
                and not _THE_BEFORE.search(sentence, 0, m.start()) \
                and not any(w in STOP_CAPS or w in _NOT_PERSON or w in _TITLE_WORDS or (w.isupper() and len(w) > 1)
                            for w in words):
            out.append((m.start(), Referent(_clean(m.group(0)), "person", words[-1], cite, order)))
            taken.append((m.start(), m.end()))
    for m in _SURNAME.finditer(sentence):
        known = (people or {}).get(m.group(0))
        if known and free(m.start(), m.end()):
            out.append((m.start(), known))
    return [r for _, r in sorted(out, key=lambda x: x[0])]


def _names(sentence: str):
    """The runs of capitalised words that may be names; a run that opens on a capitalised function
    word ("Is Stevie Johnson a secret agent?", "When Mary Smith arrived") is read from the word after it."""
    for m in _NAME.finditer(sentence):
        first = m.group(0).split()[0]
        if first.lower() in NOT_MODIFIER | _CONNECTIVES and len(m.group(0).split()) > 2:
            inner = _NAME.match(sentence, m.start() + len(first) + 1)
            if inner:
                yield inner
                continue
        yield m


def _extends(full: str, short: str) -> bool:
    """Whether ``full`` is a fuller form of the name ``short``: "Stephen Miller" of "Mr. Miller",
    never "Betty Lou Motes" of "Nancy Motes" (a relative shares the surname, not the given name)."""
    words = [w for w in short.split() if not re.fullmatch(_TITLED + r"|Mr\.?|Mrs\.?|Ms\.?|Dr\.?", w + " ")]
    return bool(words) and all(w in full.split() for w in words)


def people_in(text: str) -> list[str]:
    """The people a text names by a given name and a surname ("Julia Roberts"; not "Pretty Woman"
    or "Santa Monica", which the capitals alone cannot tell from a person)."""
    return [r.text for r in phrases(text, [], Citation(0, 0), 0)
            if r.kind == "person" and " " in r.text and gender_of_name(r.text) and r.text.split()[0][:1].isupper()]


_ARTICLES = frozenset(("the", "a", "an"))
# what a subject pronoun may stand for: "they" a plural group ("the ministers"), never an organisation's name
_WANTED = {"he": ("person",), "she": ("person",), "they": ("group",)}


def _named_in(ref: Referent, text: str) -> bool:
    """Whether ``text`` (a quotation's speaker) names ``ref``: a speaker does not call himself "he"."""
    return bool(text) and re.search(rf"\b{re.escape(ref.head)}\b", text) is not None


# "the Civil War", "the New York Mets": a name after "the" is not a person's
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# capitalised function words: a title ("Bible Of Love", "Snoop Dogg Presents"), not a person's name
_TITLE_WORDS = frozenset("Of The And For In On At To With From By Presents Featuring Vs".split())


def _noun_phrase(m: re.Match, cite: Citation, order: int) -> Referent | None:
    """A noun phrase with a head from the vocabulary, unless its modifiers show it is not one
    ("he was a boy", "protein in the girl")."""
    mods = m.group("mods").split()
    verb = max((i + 1 for i, w in enumerate(mods) if w in IRREGULAR_PAST or _PAST.fullmatch(w)), default=0)
    if any(w.lower() in NOT_MODIFIER or w.lower() in _ARTICLES or w.lower() in _CONNECTIVES or w.lower() in _QUANTIFIERS
           for w in mods[verb:]):
        return None  # "November the research team", "While some voters", "One group": says not which
    # "researchers recruited university students", "a tip led Forest Hill police officers": what follows the verb
    text = _clean(" ".join(m.string[m.start("mods"):m.end("np")].split()[verb:]) if verb else m.group("np"))
    if len(text.split()) < 2:
        return None  # a bare "officials": no more said than the pronoun would
    after = re.match(r"\s+([a-z]+)", m.string[m.end():])
    if m.group("head").lower() in _ADJECTIVAL and after and after.group(1) not in NOT_MODIFIER \
            and not VERB_NEXT.match(m.string, m.end()):
        return None  # "the White House's official schedule": an adjective, not a person ("the official said")
    head = m.group("head").lower()
    kind = ("group" if head in GROUP_NOUNS else "person" if head in PERSON_NOUNS
            else "body" if head in BODY_NOUNS else "thing")
    return Referent(text, kind, head, cite, order)


_GIVEN_BEFORE = re.compile(r"(?<![\w'’\-])([A-Z][a-z][\w'’\-]*)\s+(?:[A-Z]\.\s+)?$")  # "Booker T. " before "Washington"
_COORDINATED = re.compile(r"(?:[A-Z][\w'’.\-]*\s+){1,4}(?:and|&)\s+$")  # "European Union and" before "IMF lenders"


def _clean(text: str) -> str:
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]  # "Ariana Grande Ariana Grande": a name and its credit line run together
    elif len(words) >= 3 and words[-1] in words[:-2]:
        words = words[:-1]  # "... Charles Schumer Charles": the name's repeat cut short
    text = " ".join(words).removesuffix("'s").removesuffix("’s").rstrip(",;:")
    last = text.split()[-1] if text else ""
    if last.endswith(".") and not re.fullmatch(r"(?:[A-Z]|Jr|Sr|Inc|Co|Ltd|Corp|St)\.", last):
        text = text[:-1]  # a sentence's full stop, not an initial's or "Jr."'s
    return text
