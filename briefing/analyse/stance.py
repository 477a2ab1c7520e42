"""Stance verbs: who condemned, urged, pledged, said ... — the verb that makes a sentence a position."""

from __future__ import annotations

import re

STANCE_VERBS = {
    # surface form -> the stance it expresses
    "condemn": "condemned", "denounce": "condemned", "criticise": "criticised", "criticize": "criticised",
    "urge": "urged", "call on": "urged", "call upon": "urged", "demand": "demanded", "ask": "asked",
    "pledge": "pledged", "commit": "pledged", "reaffirm": "reaffirmed", "vow": "pledged", "promise": "pledged",
    "warn": "warned", "caution": "warned", "threaten": "warned",
    "deny": "denied", "reject": "rejected", "dismiss": "rejected",
    "assess": "assessed", "estimate": "assessed", "believe": "assessed", "indicate": "assessed",
    "conclude": "assessed", "judge": "assessed",
    "say": "said", "state": "said", "declare": "declared", "announce": "announced", "reveal": "said",
    "claim": "claimed", "assert": "claimed", "allege": "claimed", "insist": "claimed",
    "express": "expressed", "voice": "expressed", "welcome": "welcomed", "support": "supported",
    "agree": "agreed", "decide": "decided", "confirm": "confirmed", "propose": "proposed",
    "explain": "said", "underscore": "stressed", "stress": "stressed", "emphasise": "stressed",
    "emphasize": "stressed", "reiterate": "reiterated", "raise": "raised", "note": "noted", "tell": "said",
}
_IRREGULAR = {"say": {"say", "says", "said"}, "tell": {"tell", "tells", "told"}, "deny": {"deny", "denies", "denied"},
              "commit": {"commit", "commits", "committed"}, "urge": {"urge", "urges", "urged"}}


def _verb_forms() -> dict[str, str]:
    """Every inflected form of the stance verbs ("urged", "calls on") -> the stance it expresses."""
    forms: dict[str, str] = {}
    for verb, meaning in STANCE_VERBS.items():
        head, *rest = verb.split(" ", 1)
        root = head[:-1] if head.endswith("e") else head
        inflected = _IRREGULAR.get(head) or {head, head + "s", root + "ed", head + "d", root + "ing", head + "es"}
        for form in inflected:
            forms[form + (" " + rest[0] if rest else "")] = meaning
    return forms


VERB_FORMS = _verb_forms()
_ONE_WORD = {f: v for f, v in VERB_FORMS.items() if " " not in f}
_TWO_WORD = {f: v for f, v in VERB_FORMS.items() if " " in f}
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
ADVERBS = {"strongly", "firmly", "also", "again", "further", "jointly", "repeatedly", "publicly", "categorically"}
# stance words that are nouns as often as verbs: a verb only after a pronoun or modal
_NOUN_TOO = {"support", "supports", "claim", "claims", "demand", "demands", "estimate", "estimates", "note",
             "notes", "state", "states", "pledge", "pledges", "promise", "promises", "call on", "ask", "raise",
             "commit", "judge", "vow", "vows", "welcome", "voice", "voices", "warn", "deny", "reject", "confirm",
             "express", "decide", "agree", "propose", "caution", "threaten", "assess", "believe", "indicate",
             "conclude", "explain", "stress", "stresses", "calls on", "urge"}
_SUBJECT_WORDS = {"we", "they", "i", "he", "she", "it", "who", "also", "will", "would", "to", "and", "jointly",
                  "strongly", "firmly", "again", "further", "repeatedly", "not", "never", "must", "should", "can"}


class StanceMatch:
    """Where a stance verb stands in a sentence (shaped like the re.Match it replaces)."""

    __slots__ = ("_start", "_verb", "_adv")

    def __init__(self, start: int, verb: str, adv: str | None) -> None:
        self._start, self._verb, self._adv = start, verb, adv

    def start(self) -> int:
        return self._start

    def group(self, name: str) -> str | None:
        return self._verb if name == "verb" else self._adv


def stance(sentence: str) -> StanceMatch | None:
    """Return the first stance verb used as a verb (not "direct support", "the claims")."""
    prev: re.Match | None = None
    for m in _LOWER_WORD.finditer(sentence):
        if m.start() > 200:
            return None
        word = m.group()
        verb = word if word in _ONE_WORD else None
        for two in (f"{word} on", f"{word} upon"):
            if two in _TWO_WORD and sentence.startswith(two[len(word):], m.end()):
                verb = two
        if verb:
            adv = prev.group() if prev and prev.group() in ADVERBS and prev.end() + 1 == m.start() else None
            if verb.split()[0] in _NOUN_TOO and not adv:
                before = re.findall(r"[\w'’]+", sentence[: m.start()])[-1:]
                if not before or before[0].lower() not in _SUBJECT_WORDS:
                    prev = m
                    continue
            return StanceMatch(prev.start() if adv else m.start(), verb, adv)
        prev = m
    return None


def inside_quote(sentence: str, pos: int) -> bool:
    """Return True when ``pos`` lies inside quotation marks opened before it."""
    before = sentence[:pos]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")
