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
from briefing.analyse.fragments import fragment_problem, furniture_problem, quotation_problem
from briefing.analyse.referents import (
    GROUP_NOUNS, NOT_MODIFIER as _FUNCTION_WORDS, NOUNS, PAIR_NOUNS, PERSON_NOUNS, Referent, Referents, gender_of, phrases,
)
from briefing.analyse.speakers import ROLE_WORDS, SPEAKER_NAME
from briefing.analyse.titles import name_titles, named_with
from briefing.analyse.stance import inside_quote
from briefing.text.names import gender_of_name
from briefing.text.furniture import DATELINE
from briefing.model import Citation, Statement
from briefing.text.grammar import (
    ATTRIBUTION, EXPLETIVE_IT, FALSE_START, LEANS_BACK, OPENER, QUOTE_OPEN, SAID, VERB_NEXT, VERBISH,
    close_quotation, outside_quotes,
)

_SUBJECT_PRONOUN = re.compile(r"^(?P<p>They|He|She)\b(?!['’])")
_CONTRACTED = re.compile(r"(?P<p>They|He|She|they|he|she)['’](?:re|s|d|ll|ve)\b")  # matched where a subject starts
_FIRST_PERSON = re.compile(r"^(?:We|I|Our|My|Us|Me)\b")
_FIRST_PERSON_ANYWHERE = re.compile(r"\b(?:we|us|our|ours|I|me|my)\b")
# "The always-outspoken Buffalo Bills wide receiver ruffled ...": a person described, not named
_ROLE_NOUNS = PERSON_NOUNS | frozenset("""
receiver quarterback player coach singer rapper actor actress comedian host star musician athlete rookie veteran
striker captain pitcher boxer golfer model designer billionaire entrepreneur founder teenager toddler artist
entertainer superstar songwriter filmmaker director producer
""".split())


# what a story calls the person it is about, for variety ("the 47-year-old rapper"), unlike the roles
# of others who speak of him (officer, spokesman, lawyer, coach): the one person in view may be meant
_DESCRIPTOR_NOUNS = frozenset("""
receiver quarterback player singer rapper actor actress comedian star musician athlete rookie striker pitcher boxer
golfer model designer billionaire entrepreneur artist entertainer superstar songwriter filmmaker
""".split())


def _description(text: str) -> re.Match | None:
    """"The always-outspoken Buffalo Bills wide receiver ruffled": the description up to the role
    noun that a verb follows (not the first lower-case word after "The": "wide" is no role)."""
    for n in range(1, 6):
        m = re.match(r"^[Tt]he\s+(?P<words>(?:[\w'’\-]+\s+){%d}(?P<head>[a-z][a-z\-]+|\d{1,3}-year-old))(?=\s)" % (n - 1),
                     text)
        if m and (m.group("head") in _ROLE_NOUNS or m.group("head")[:1].isdigit()) and VERB_NEXT.match(text, m.end()):
            return m
    return None


def _described_person(text: str, order: int, refs: Referents) -> tuple[str, Referent | None, str | None]:
    """"The 47-year-old rapper thanked ..." -> "[Snoop Dogg] thanked ...", when the source named
    the person it so describes ("rapper Snoop Dogg"); otherwise a reader cannot tell who."""
    m = _description(text)
    if not m or _SPECIFIED_AFTER.match(text, m.end()):
        return text, None, None
    head = m.group("head")
    marks = [w for w in m.group("words").split()[:-1] if w[:1].isupper()]  # "Florida" in "the Florida senator"
    if marks:  # the source must have said so of the name: "Florida Sen. Marco Rubio", not "Texas Sen. Ted Cruz"
        ref = named_with(marks, head, order, refs)
    else:
        ref = refs.named_as(head, order)
        if (ref is None or ref.kind != "person") and gender_of(head):
            ref = refs.pronoun(gender_of(head), order)  # "the actress": the one "she" in view
    if (ref is None or ref.kind != "person") and head in _DESCRIPTOR_NOUNS:
        ref = refs.only_person(order, gender_of(head))  # "Is Stevie Johnson a secret agent ...? The ... receiver ruffled"
    if ref is None or ref.kind != "person":
        return text, None, f"'the {m.group('words')}' has no clear referent"
    return _bracket(ref.text, start=True) + text[m.end():], ref, None


_REPORTING = re.compile(r"(?P<lead>[,”\"]\s*)(?P<p>they|he|she)(?=\s+" + SAID + r"\b)")
# "His star is ...", "Their lawyer said": a possessive determiner, resolved as its pronoun would be
_POSSESSIVE = re.compile(r"^(?P<p>His|Her|Their)\s+(?=[a-z])(?!(?:is|was|are|were|has|had|will|would)\b)")
_POSSESSOR = {"His": "he", "Her": "she", "Their": "they"}


def statement(sentence: str, cite: Citation, order: int, mentions: list[Mention], refs: Referents,
              first_person_ok: bool, quoted: str | None = None) -> tuple[Statement, Referent | None]:
    """The sentence as it may stand alone, and its subject (for the sentences after it).

    ``first_person_ok``: "we" and "I" may open the sentence because the page will say who speaks
    (a primary source's issuer, a transcript's speaker). ``quoted``: who the paragraph says is
    being quoted in it ("..., Morgan said"), for a quotation that does not say so itself.
    """
    text = FALSE_START.sub("", _drop_openers(sentence))
    if QUOTE_OPEN.match(text) and not ATTRIBUTION.search(outside_quotes(text)):
        text = close_quotation(text)
    problem = fragment_problem(text) or quotation_problem(text, first_person_ok or quoted is not None) or \
        furniture_problem(sentence)
    if problem:
        # "Professor Wolke comments on what the research will lead to:" opens no item, but says
        # who speaks in the quotation that follows
        intro = _subject_of(sentence, mentions, cite, order, refs) if problem.startswith("ends on a colon") else None
        return _not_standalone(text, cite, problem), intro
    text, inner, problem = _quoted_definite(text, order, refs)
    if problem:
        return _not_standalone(text, cite, problem), None
    speaker = quoted if QUOTE_OPEN.match(text) and not ATTRIBUTION.search(outside_quotes(text)) else None
    text, titled = name_titles(text, order, refs)
    text, owner, problem = _possessor(text, order, refs)
    if problem is None and owner is None:
        text, owner, problem = _quoted_pronoun(text, order, refs, quoted)
    if problem:
        return _not_standalone(text, cite, problem), None
    if LEANS_BACK.match(text):
        # ("During that time, ..., Pontecorvo said.": out, but who spoke is who the next "he" means)
        return _not_standalone(text, cite, "leans on an earlier sentence"), _reported_speaker(sentence, cite, order, refs)
    if _FIRST_PERSON.match(text) or (_FIRST_PERSON_ANYWHERE.search(outside_quotes(text)) and not first_person_ok):
        if not first_person_ok:
            return _not_standalone(text, cite, "first person with no known speaker"), None
    extra: list[Citation] = [r.citation for r in (inner, owner) if r is not None] + titled
    subject = None
    lead = _ADVERBIAL.match(text)
    at = lead.end() if lead and (_SUBJECT_PRONOUN_ANY.match(text, lead.end()) and not EXPLETIVE_IT.match(
        "It" + text[lead.end() + 2:]) or _CONTRACTED.match(text, lead.end())) else _fronted_pronoun(text, cite, order, refs)
    m = _SUBJECT_PRONOUN_ANY.match(text, at) if at else _SUBJECT_PRONOUN.match(text)
    contracted = None if m else _CONTRACTED.match(text, at)
    if contracted:  # "They’re both true freshmen": "They’re [Jacob Clark and Cole Kramer] both ..."
        ref = refs.pronoun(contracted.group("p"), order)
        if ref is None:
            return _not_standalone(text, cite, f"{contracted.group('p')!r} has no clear referent"), None
        text, subject = text[:contracted.end()] + " " + _bracket(ref.text, start=False) + text[contracted.end():], ref
        extra.append(ref.citation)
    elif m:
        ref = refs.pronoun(m.group("p"), order)
        if ref is None:
            return _not_standalone(text, cite, f"{m.group('p')!r} has no clear referent"), None
        text, subject = text[:at] + _bracket(ref.text, start=not at) + text[m.end():], ref
        extra.append(ref.citation)
    elif text.startswith("It ") and not EXPLETIVE_IT.match(text):
        return _not_standalone(text, cite, "'It' has no clear referent"), None
    else:
        text, ref, why = _definite_subject(text, order, refs)
        fronted = (_FRONTED_CLAUSE.match(text) or _REPORTED_CLAUSE.match(text)) if ref is None and why is None else None
        if fronted:  # "According to the documents, the boys say ...", "Harry said the pair have ..."
            rest = text[fronted.end():]
            inner, ref, why = _definite_subject(rest[:1].upper() + rest[1:], order, refs)
            if ref is not None:  # "the" again in lower case, inside the brackets too ("[the foreign ministers ...]")
                at = 1 if re.match(r"\[(?:The|An?) ", inner) else 0 if inner.startswith("The ") else None
                text = text[:fronted.end()] + (inner if at is None else inner[:at] + inner[at].lower() + inner[at + 1:])
        if why:
            return _not_standalone(text, cite, why), None
        if ref is not None:
            subject = ref
            extra.append(ref.citation)
    text, reported = _resolve_reporting(text, order, refs)
    if reported is None and _REPORTING.search(text) and not first_person_ok:
        return _not_standalone(text, cite, "'he said' with no one named before it"), None
    if reported:
        extra.append(reported.citation)
        subject = subject or reported  # the speaker of a quote is what the next "they" means
    if subject is None:
        subject = _reported_speaker(sentence, cite, order, refs) or _subject_of(sentence, mentions, cite, order, refs)
    cites = tuple(dict.fromkeys([cite] + [c for c in extra if c != cite]))
    return Statement(text, cites, True, speaker=speaker), subject


# "Later, she apologized", "On Tuesday, they met": a short adverbial before a subject pronoun
_ADVERBIAL = re.compile(r"^(?:[A-Z][a-z]+|[A-Z][a-z]+\s+[\w'’\-]+(?:\s+[\w'’\-]+){0,3}),\s+")
_SUBJECT_PRONOUN_ANY = re.compile(r"(?P<p>[Tt]hey|[Hh]e|[Ss]he|it)\b(?!['’])")


# ", she will make ...": a subject pronoun after a clause that named no one it could stand for
_PRONOUN_AFTER_CLAUSE = re.compile(r",\s+(?P<p>he|she|they|it)\s+(?=[a-z])")


# the words that open a phrase or a clause before a sentence's subject ("After thanking his wife, ...")
_OPENING_WORDS = (r"After|Before|While|When|Whilst|Although|Though|Despite|Following|Since|Because|If|As|Once|Until|"
                  r"Unlike|Like|In|On|At|During|With|Without|Amid|Among|For|From|Under|Over|Upon|By|Through|Throughout|"
                  r"Within|Into|To|Against|Near|Outside|Inside|Across|Along|Around")
# a preposition that opens a sentence, and the phrase it opens up to the comma ("According to
# documents obtained by the site, ...")
_PREPOSITION = r"(?:According\s+to|In|On|At|After|Before|During|Under|From|Per|Following|Despite|Since|With|Without|Amid)"
_OPENING_PHRASE = r"^" + _PREPOSITION + r"\s[^,;:\"“”()\[\]]{2,80}?(?:,|\s\.\.\.|\s…)\s+"  # (or "According to docs ...")
# "According to documents obtained by the site, the boys say ...": a bare "the <noun>" after it
_FRONTED_CLAUSE = re.compile(_OPENING_PHRASE + r"(?=[Tt]he\s)")
# "Harry said the pair have spoken to the monarch": a reported clause whose subject is people a bare
# "the <noun>" stands for (who they are is what a reader must know; "the plane" in a brief on a plane is left)
_REPORTED_CLAUSE = re.compile(r"^(?:[A-Z][\w'’.\-]*\s+){1,4}" + SAID + r"\s+(?:that\s+)?(?=the\s+(?:[a-z][\w\-]*\s+)?(?:"
                              + "|".join(sorted(PAIR_NOUNS | GROUP_NOUNS | PERSON_NOUNS, key=len, reverse=True)) + r")\b)")
# "According to a new poll, his support fell": a possessive after it
_FRONTED_POSSESSIVE = re.compile(_OPENING_PHRASE + r"(?P<p>his|her|their)\s+(?=[a-z])")
# "In the documents they say ...": an introductory phrase without its comma, then a subject pronoun
_INTRO_PRONOUN = re.compile(r"^" + _PREPOSITION + r"\s+(?:(?!(?:he|she|they|it|that|which|who)\b)[\w'’\-]+\s+){1,5}?"
                            r"(?P<p>he|she|they)\s+(?=[a-z])")
_SUBORDINATE_PRONOUN = re.compile(r"^(?:Since|Because|As|When|While|After|Before|If|Although|Though|Once|Until|Unless|"
                                  r"Whether)\s+(?P<p>he|she|they)(?:['’](?:s|re|d|ll|ve))?\s+(?=[a-z])")
_REPORTING_END = re.compile(r"(?:\w+ly\s+)?" + SAID + r"(?:\s+\w+){0,3}\s*(?:[.,;:]|$)")


def _fronted_pronoun(text: str, cite: Citation, order: int, refs: Referents) -> int:
    """Where a subject pronoun starts that leans on an earlier sentence although it is not the
    first word: after a fronted clause ("According to Equilar, a research firm, she will make ...")
    or opening one ("Since he seems to be ..., the Walk of Fame is ..."). 0 when there is none, or
    the sentence itself names someone it may mean, or opens on a pronoun ("He said that ..., he would")."""
    if _SUBJECT_PRONOUN.match(text):
        return 0
    lead = _SUBORDINATE_PRONOUN.match(text)
    if lead:
        comma = text.find(",", lead.end())
        main = text[comma + 1:comma + 61].lstrip() if comma > 0 else ""
        # "When he arrived, John Smith sat down": the main clause's subject is who "he" is; not so
        # in "If he doesn't play, either Jacob Clark or Cole Kramer would start"
        subject, end = _main_subject(main, order, refs)
        ahead = subject is not None and subject.kind == "person" and VERB_NEXT.match(main, end) is not None
        return 0 if ahead else lead.start("p")
    intro = _INTRO_PRONOUN.match(text)
    if intro and not _names_someone(text[:intro.start("p")], intro.group("p"), cite, order, refs):
        return intro.start("p")
    m = _PRONOUN_AFTER_CLAUSE.search(text)
    if not m or inside_quote(text, m.start("p")):
        return 0
    word = m.group("p")
    if word == "it":
        return 0 if EXPLETIVE_IT.match("It" + text[m.end("p"):]) else m.start("p")  # "In 2019, it was reported"
    if _REPORTING_END.match(text, m.end()) or _names_someone(text[:m.start()], word, cite, order, refs):
        return 0  # '..., he said.' (see _resolve_reporting), or "When John Smith arrived, he ..."
    return m.start("p")


def _main_subject(main: str, order: int, refs: Referents) -> tuple[Referent | None, int]:
    """Who a main clause opens on, and where the name ends: a person by the surname the source gave
    ("O'Brien" for "Conan O'Brien", "Segura" for "Sylvia Segura"), or the first phrase it names
    when the clause starts with it; (None, 0) when it opens on anything else ("either Jacob Clark ...")."""
    lead = re.match(r"[A-Z][\w'’\-]+", main)
    if lead and lead.group(0) in refs.people:
        return refs.people[lead.group(0)], lead.end()
    named = phrases(main[:80], [], Citation(0, 0), order, refs.people)
    first = named[0] if named else None
    if first is None:
        return None, 0
    if main.startswith(first.text):
        return first, len(first.text)
    said = re.match(rf"(?:[A-Z][\w'’.\-]*\s+){{0,3}}{re.escape(first.head)}\b", main)
    return (first, said.end()) if said else (None, 0)


def _names_someone(clause: str, word: str, cite: Citation, order: int, refs: Referents) -> bool:
    """Whether a clause names someone ``word`` ("he", "she", "they") may mean: a person, a group, a
    name the source gave a person, or a common given name."""
    wanted = ("person",) if word in ("he", "she") else ("person", "group", "body")
    # "When Winfrey asked if he could ..., he declined": a woman named is no "he"
    if any((r.kind in wanted or r.head in GROUP_NOUNS) and (r.kind != "person" or refs.agrees(r, word))
           for r in phrases(clause, [], cite, order, refs.people)):
        return True
    known = {w for r in refs.people.values() if refs.agrees(r, word) for w in r.text.split()}
    return any(w in known or (gender_of_name(w) == word if word in ("he", "she") else bool(gender_of_name(w)))
               for w in re.findall(r"(?<=\s)[A-Z][a-z'’\-]+", clause))


def _quoted_definite(text: str, order: int, refs: Referents) -> tuple[str, Referent | None, str | None]:
    """A quotation opening on "the <noun>" ("'The booklet does not ...'"): its referent in brackets
    inside the quotation, or why it stays unresolved."""
    m = QUOTE_OPEN.match(text)
    if not m:
        return text, None, None
    inner, ref, why = _definite_subject(text[m.end():], order, refs)
    return text[:m.end()] + inner, ref, (f"a quotation on {why[:-len(' has no clear referent')]}, which it does not name"
                                         if why else None)


def _possessor(text: str, order: int, refs: Referents) -> tuple[str, Referent | None, str | None]:
    """"His star is ..." -> "[Snoop Dogg’s] star is ...": the owner a possessive determiner means,
    found as its pronoun's referent would be, or why it stays unresolved."""
    m = _POSSESSIVE.match(text)
    fronted = None if m else _FRONTED_POSSESSIVE.match(text)  # "According to a new poll, his support fell"
    if not m and not fronted:
        return _clause_possessive(text, order, refs)
    word = m.group("p") if m else fronted.group("p").capitalize()
    ref = refs.pronoun(_POSSESSOR[word], order)
    if ref is None:
        return text, None, f"{word!r} has no clear referent"
    owner = ref.text + ("’" if ref.text.endswith("s") and ref.kind == "group" else "’s")
    if fronted:
        return text[:fronted.start("p")] + _bracket(owner, start=False) + text[fronted.end("p"):], ref, None
    return _bracket(owner, start=True) + " " + text[m.end():], ref, None


# "Shortly before their arrival, Webb admitted ...": a possessive in an opening phrase
_CLAUSE_POSSESSIVE = re.compile(
    r"^(?:(?:Shortly|Just|Soon|Moments|Hours|Days|Weeks|Months|Years|Long|Even|Only)\s+)?(?i:" + _OPENING_WORDS + r")\b"
    r"[^,;:\"“”()\[\]]{0,80}?\b(?P<p>his|her|their)\b[^,;:\"“”()\[\]]{0,60}?(?P<end>[,:])\s+")


def _clause_possessive(text: str, order: int, refs: Referents) -> tuple[str, Referent | None, str | None]:
    """A possessive in a phrase opening the sentence is the main clause's subject when that agrees
    ("In his speech, Biden said"); else the owner the source named before, in brackets, or why the
    sentence stays out ("Shortly before their arrival, Webb admitted ...": whose arrival?)."""
    m = _CLAUSE_POSSESSIVE.match(text)
    if not m:
        return text, None, None
    word = _POSSESSOR[m.group("p").capitalize()]
    cite = Citation(0, 0)
    before, main = " " + text[:m.start("p")], text[m.end():]
    if m.group("end") == ":":  # 'On his platform: "If I run ..."': what follows names no one for it
        main = ""
    elif not (main[:1].isupper() or main.startswith("the ")):
        return text, None, None  # "..., including his parents, ...": the opening phrase may run on; not known where
    if re.search(rf"\b{word}\b", before, re.I) or _names_someone(before, word, cite, order, refs):
        return text, None, None  # "After Smith finished his speech, ...", "Although he didn't ... his set, ..."
    subject, _ = _main_subject(main, order, refs)  # "When his ratings dipped, O'Brien was asked ...": his
    if subject is not None and (
            subject.kind == "person" and word != "they" and refs.agrees(subject, word)
            or word == "they" and (subject.kind in ("group", "body") or subject.head in GROUP_NOUNS or " and " in subject.text)):
        return text, None, None
    ref = refs.pronoun(word, order)
    if ref is None:
        return text, None, f"{m.group('p')!r} has no clear referent"
    owner = ref.text + ("’" if ref.text.endswith("s") and ref.kind == "group" else "’s")
    return text[:m.start("p")] + _bracket(owner, start=False) + text[m.end("p"):], ref, None


def _quoted_pronoun(text: str, order: int, refs: Referents, quoted: str | None) -> tuple[str, Referent | None, str | None]:
    """"'He was the best advertisement ...,' Morgan said." -> "'He [Alex Jones] was ...'": a pronoun
    opening a quotation gets its referent in brackets after it, as editors do; never the speaker
    (a speaker does not call himself "he"), and never a guess."""
    mark = QUOTE_OPEN.match(text)
    m = _SUBJECT_PRONOUN.match(text[mark.end():]) if mark else None
    if not m:
        return text, None, None
    end = mark.end() + m.end()
    speaking = " ".join(filter(None, (quoted, outside_quotes(text))))
    ref = refs.pronoun(m.group("p"), order, exclude=speaking)
    if ref is not None and len(refs.in_view(m.group("p").lower(), order, speaking)) > 1:
        ref = None  # a speaker's "he" may be anyone the story has named: only one in view will do
    if ref is None:
        return text, None, "a quotation that points back to what came before it"
    return text[:end] + " " + _bracket(ref.text, start=False) + text[end:], ref, None


# "The <words> <verb>": the subject a reader cannot place without the sentences before it
# a participle and a place or name right after the noun: "held in Goma", "killed near Dorn"
_SPECIFIED_AFTER = re.compile(r"\s+[a-z]+(?:ed|en|eld|ept|ent|ought|aught)\s+(?:in|on|at|by|from|near|with|for|during|outside|"
                              r"inside|across|after|under)\s+(?:the\s+)?[A-Z]")


def _THE_SPANS(text: str):  # noqa: N802 - the matches of _THE, one word longer each time
    """"The foreign", "The foreign ministers", ...: each candidate subject, shortest first, made of
    content words only (no "of", "the", pronoun or auxiliary inside)."""
    for n in range(1, 5):
        m = re.match(r"^[Tt]he\s+(?P<words>(?:[a-z][\w\-]*(?:['’]s?)?\s+){%d}[a-z][\w\-]*(?:['’]s?)?)(?=[\s,])" % (n - 1), text)
        if not m or any(re.sub(r"['’]s?$", "", w) in _FUNCTION_WORDS for w in m.group("words").split()):
            return
        yield m


# a verb in the present agreeing with a singular subject: "The device acts like an X-ray", "The study shows"
# (a noun's plural is followed by its verb: "The missile tests threaten", "The three hostages held in Goma")
# or a preposition: "The metal doors to", "The bad news for")
_AGREES_SINGULAR = re.compile(r"\s+[a-z]{2,}[^s\W]s\s+(?:like|the|a|an|it|its|his|her|their|how|what|no|more)\b")
# referents everyone shares: no source needs to say which one
_UNIQUE = frozenset("world public internet weather sun moon earth economy future past".split())


def _definite_subject(text: str, order: int, refs: Referents) -> tuple[str, Referent | None, str | None]:
    """Resolve a sentence-opening "the <noun>" ("The ministers voiced", "The sons say", "The actor's
    children"): the text with its referent in brackets, the referent, or why it stays unresolved."""
    m = next((m for m in _THE_SPANS(text) if VERB_NEXT.match(text, m.end()) or _AGREES_SINGULAR.match(text, m.end())
              and not m.group("words").endswith("s")), None)
    if m is None:
        return _described_person(text, order, refs)
    if _SPECIFIED_AFTER.match(text, m.end()):
        return text, None, None  # "The three hostages held in Goma were freed": said which, by what follows
    words = m.group("words").split()
    head = re.sub(r"['’]s?$", "", words[-1]).lower()
    # "The actor's children", "The state's confirmed caseload" (its verb-like "confirmed" is no verb)
    possessor = next((w for w in words if re.search(r"['’]s?$", w)), None)
    if possessor:  # "The actor's children": say whose
        owner = re.sub(r"['’]s?$", "", possessor).lower()
        ref = refs.description(owner, order) or refs.named_as(owner, order)
        if ref is None:
            return text, None, f"'the {owner}' has no clear referent"
        cut = m.start("words") + text[m.start("words"):].index(possessor) + len(possessor)
        return _bracket(ref.text + "’s", start=True) + text[cut:], ref, None
    if head in _UNIQUE:
        return text, None, None
    ref = refs.description(head, order) if head in NOUNS else None
    ref = ref or refs.named_as(head, order)
    wanted = gender_of(head)  # "the actress": a phrase that says so itself ("actress Julia Roberts")
    if ref is not None and wanted and gender_of(ref.text) != wanted:
        ref = None
    if ref is None:
        return text, None, f"'the {' '.join(words)}' has no clear referent"
    if ref.text.lower() == ("the " + " ".join(words)).lower():
        return text, None, None
    if head in PAIR_NOUNS:  # "The couple [A and B] appears": the verb still agrees with "the couple"
        return text[:m.end()] + " " + _bracket(ref.text, start=False) + text[m.end():], ref, None
    return _bracket(ref.text, start=True) + text[m.end():], ref, None


def _drop_openers(text: str) -> str:
    """Remove discourse openers ("But", "However,") at the start, also just inside an opening
    quotation mark, and capitalise what follows; a dateline ("WASHINGTON —") goes too: the sources
    list says where each report comes from."""
    text = DATELINE.sub("", text, count=1)
    mark = QUOTE_OPEN.match(text)
    lead, text = (text[:mark.end()], text[mark.end():]) if mark else ("", text)
    for _ in range(3):  # "But, however, ..."
        m = OPENER.match(text)
        if not m or not text[m.end():m.end() + 1].strip():
            break
        rest = text[m.end():]
        text = rest[:1].upper() + rest[1:]
    return lead + text


def _bracket(text: str, start: bool) -> str:
    text = " ".join(text.split())
    if start:
        text = text[:1].upper() + text[1:]
    elif re.match(r"(?:The|An?) ", text):
        text = text[:1].lower() + text[1:]
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


_ENDS_WITH_SPEAKER = re.compile(  # (after the quotation's own mark too: '"Yeah, basically," Harry said.')
    r"(?:,|[,!?][”\"’])\s+" + ROLE_WORDS + r"(?P<name>" + SPEAKER_NAME + r")\s+" + SAID + r"(?:\s+\w+){0,4}\.?[”\"]?$")


def _reported_speaker(sentence: str, cite: Citation, order: int, refs: Referents) -> Referent | None:
    """"..., Kodadek explained.": the one whose words the sentence reports, who the next "he" means."""
    m = _ENDS_WITH_SPEAKER.search(sentence)
    if not m:
        return None
    name = m.group("name")
    if " " not in name and name in refs.shared:
        return None  # '"...," Kennedy said.' where several Kennedys were named: either of them
    known = refs.people.get(name.split()[-1])
    return known or Referent(name, "person", name.split()[-1], cite, order)


def _subject_of(sentence: str, mentions: list[Mention], cite: Citation, order: int, refs: Referents) -> Referent | None:
    """The noun phrase before the sentence's first verb, when it names someone."""
    if sentence[:1] in "\"“":
        return None  # a quote: its speaker is named after it (see _resolve_reporting)
    verb = VERBISH.search(sentence)
    limit = verb.start() if verb else len(sentence)
    found = [ref for ref in phrases(sentence[:limit], [m for m in mentions if m.end <= limit], cite, order, refs.people)
             if ref.kind in ("person", "group", "body") or ref.head in GROUP_NOUNS]
    if found and _FRONTED.match(sentence):
        # a clause before the subject names others first ("After thanking his wife Shante Broadus,
        # ..., Snoop went on"): the subject is the name right before the verb, or not known
        last = found[-1]
        named = last.text if last.text in sentence[:limit] else last.head  # "Lawford" for Christopher Kennedy Lawford
        at = sentence.rfind(named, 0, limit)
        return last if at >= 0 and _JUST_BEFORE_VERB.fullmatch(sentence[at + len(named):limit]) else None
    return found[0] if found else None


_FRONTED = re.compile(r"^(?:" + _OPENING_WORDS + r"|Born|[A-Z][a-z]+ing)\b")
_JUST_BEFORE_VERB = re.compile(r"(?:['’]s)?\s*(?:,\s*\d{1,3},)?\s*(?:\w+ly\s+|also\s+|then\s+|later\s+)?")


def _not_standalone(text: str, cite: Citation, why: str) -> Statement:
    return Statement(text, (cite,), False, why)
