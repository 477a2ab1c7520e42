"""The structured summary of one source: actors, figures, dated events, quotes, references,
positions and ranked key points, each pointing back to its paragraph."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from briefing.model import (
    Actor, Citation, Event, Figure, KeyPoint, Position, Quote, Reference, SentenceFacts, Source, SourceSummary,
)
from briefing.analyse.actors import Mention, canonical, find_actors, person_key
from briefing.analyse.dates import find_dates
from briefing.analyse.figures import find_figures

STANCE_VERBS = {
    # surface form -> the stance it expresses
    "condemn": "condemned", "denounce": "condemned", "criticise": "criticised", "criticize": "criticised",
    "urge": "urged", "call on": "urged", "call upon": "urged", "demand": "demanded", "ask": "asked",
    "pledge": "pledged", "commit": "pledged", "reaffirm": "reaffirmed", "vow": "pledged", "promise": "pledged",
    "warn": "warned", "caution": "warned", "threaten": "warned",
    "deny": "denied", "reject": "rejected", "dismiss": "rejected",
    "assess": "assessed", "estimate": "assessed", "believe": "assessed", "indicate": "assessed",
    "conclude": "assessed", "judge": "assessed",
    "say": "said", "state": "said", "declare": "said", "announce": "announced", "reveal": "said",
    "claim": "claimed", "assert": "claimed", "allege": "claimed", "insist": "claimed",
    "express": "expressed", "voice": "expressed", "welcome": "welcomed", "support": "supported",
    "agree": "agreed", "decide": "decided", "confirm": "confirmed", "propose": "proposed",
    "explain": "said", "underscore": "stressed", "stress": "stressed", "emphasise": "stressed",
    "emphasize": "stressed", "reiterate": "reiterated", "raise": "raised", "note": "noted", "tell": "said",
}
_VERB_FORMS = {}
for _v, _stance in STANCE_VERBS.items():
    head, *rest = _v.split(" ", 1)
    stem = head[:-1] if head.endswith("e") else head
    forms = {head, head + "s", stem + "ed", head + "d", stem + "ing", head + "es"}
    if head == "say":
        forms = {"say", "says", "said"}
    if head == "tell":
        forms = {"tell", "tells", "told"}
    if head == "deny":
        forms = {"deny", "denies", "denied"}
    if head == "commit":
        forms = {"commit", "commits", "committed"}
    if head == "urge":
        forms = {"urge", "urges", "urged"}
    for f in forms:
        _VERB_FORMS[f + (" " + rest[0] if rest else "")] = _stance
_PRONOUNS = {"we", "they", "he", "she", "it", "i"}
_QUOTE = re.compile(r"[\"“](?P<q>[^\"“”]{12,}?)[\"”]")
_REFERENCE = re.compile(
    r"(?:UN\s+|U\.N\.\s+|United Nations\s+)?Security Council [Rr]esolutions?\s+\d{3,4}(?:(?:,\s*|\s+and\s+)\d{3,4})*"
    r"|\b[Rr]esolutions?\s+\d{3,4}(?:(?:,\s*|\s+and\s+)\d{3,4})*"
    r"|\bUNSCRs?\s*\d{3,4}"
    r"|\b[Aa]rticle\s+\d+[a-z]?(?:\(\d+\))?\s+of\s+the\s+(?:[A-Z][\w'’\-]*\s*)+"
    r"|\bthe\s+(?:[A-Z][\w'’\-]*\s+(?:of\s+(?:the\s+)?)?){1,6}(?:Act|Treaty|Convention|Charter|Agreement|Accords?|Protocol|Resolution|Declaration|Statute)\b"
)
_BOILERPLATE = re.compile(
    r"\b(thank you|thanks|good (morning|afternoon|evening)|ladies and gentlemen|it'?s (great|good|nice) to|"
    r"glad to|pleasure to|spoke candidly|candid|cordial|warm welcome|congratulat|click|subscribe|"
    r"all rights reserved|photo|follow us|sign up|cookie)\b",
    re.I,
)


# cheap tests that spare the costly patterns on sentences that cannot match them
_NUMBER_HINT = re.compile(r"\d|\b(?:several|few|many|some|dozens?|hundreds?|thousands?|millions?|one|two|three|four|"
                          r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\b", re.I)
_DATE_HINT = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|"
                        r"yesterday|today|tonight|last week|last month|this week)", re.I)
_REFERENCE_HINT = re.compile(r"[Rr]esolution|UNSCR|[Aa]rticle|Act\b|Treaty|Convention|Charter|Agreement|Accord|Protocol|Declaration|Statute")


def summarise(source: Source) -> SourceSummary:
    """Build the structured summary of one source, analysing each sentence once.

    A copy of another source (``duplicate_of``) says nothing of its own: it gets an empty summary.
    """
    if source.duplicate_of:
        return SourceSummary(source=source)
    actors: dict[str, dict] = {}
    figures: list[Figure] = []
    events: list[Event] = []
    quotes: list[Quote] = []
    references: dict[str, Reference] = {}
    positions: list[Position] = []
    facts: list[SentenceFacts] = []
    last_subject: str | None = None
    surnames: dict[str, str] = {}
    order = 0

    for para in source.paragraphs:
        cite = Citation(source.id, para.n, para.page)
        if _REFERENCE_HINT.search(para.text):
            for m in _REFERENCE.finditer(para.text):
                name = " ".join(m.group(0).split()).removeprefix("the ")
                references.setdefault(name.lower(), Reference(name, cite))
        voice = para.speaker or (source.issuer if source.primary else None)
        for sentence in para.sentences:
            order += 1
            mentions = find_actors(sentence)
            for mention in mentions:
                _add_actor(actors, surnames, mention, cite)
            verb = stance(sentence)
            dates = find_dates(sentence, source.date) if _DATE_HINT.search(sentence) else []
            facts.append(SentenceFacts(
                sentence, cite, order,
                _salience(sentence, mentions, verb, any(not d.relative for d in dates)),
                terms(sentence, mentions),
            ))
            speaker = _speaker(sentence, mentions, voice, last_subject, surnames, verb)
            if _NUMBER_HINT.search(sentence):
                for f in find_figures(sentence):
                    figures.append(Figure(f.value, f.text, f.counts, sentence, cite, f.approximate, speaker, source.date))
            for d in dates:
                if source.date and d.date > source.date:
                    continue  # a plan for later is not a past event
                events.append(Event(d.date, sentence, cite, d.text))
                break
            if '"' in sentence or "“" in sentence:
                for m in _QUOTE.finditer(sentence):
                    if len(m.group("q").split()) >= 4 and speaker:
                        quotes.append(Quote(speaker, m.group("q").strip(" ,."), cite))
            pos = _position(sentence, mentions, voice, last_subject, surnames, verb)
            if pos:
                positions.append(Position(pos[0], pos[1], sentence, cite))
                last_subject = pos[0]
    return SourceSummary(
        source=source,
        key_points=tuple(rank_sentences(facts)),
        actors=tuple(
            Actor(a["name"], a["type"], a["role"], tuple(sorted(a["aliases"] - {a["name"]})), tuple(a["cites"]))
            for a in sorted(actors.values(), key=lambda a: (-len(a["cites"]), a["name"]))
        ),
        figures=tuple(figures),
        events=tuple(events),
        quotes=tuple(quotes),
        references=tuple(references.values()),
        positions=tuple(positions),
        sentences=tuple(facts),
    )


def _add_actor(actors: dict, surnames: dict, m: Mention, cite: Citation) -> None:
    name = m.name
    if m.type == "person":
        key = person_key(name)
        name = surnames.setdefault(key, name)
    entry = actors.setdefault(name, {"name": name, "type": m.type, "role": None, "aliases": set(), "cites": []})
    entry["aliases"].add(m.text.removesuffix("'s").removesuffix("’s").strip())
    if m.role and not entry["role"]:
        entry["role"] = m.role
    if cite not in entry["cites"]:
        entry["cites"].append(cite)


def _subject(sentence: str, verb_start: int, mentions: list[Mention], voice: str | None,
             last_subject: str | None, surnames: dict) -> str | None:
    """Return who the clause before ``verb_start`` names as its subject."""
    before = sentence[:verb_start]
    clause = re.split(r"[;:]|,\s+(?:and|but|while|as)\s+|\bthat\b", before)[-1]
    # "The UK has pledged": the auxiliary is not part of who
    clause = re.sub(r"(?:\s+(?:has|have|had|is|are|was|were|will|would|shall|should|could|can|may|might|must|did|does|do|been|also|not|never|again|jointly|strongly|firmly))+\s*$", " ", clause)
    inside = [m for m in mentions if m.start >= verb_start - len(clause) and m.end <= verb_start]
    people = [m for m in inside if m.type == "person"]
    if people:
        return surnames.get(person_key(people[-1].name), people[-1].name)
    words = re.findall(r"[\w'’]+", clause)
    if not words:
        return None
    first = words[0].lower()
    if first in _PRONOUNS or (len(words) <= 2 and words[-1].lower() in _PRONOUNS):
        if first in ("we", "i") and voice:
            return voice
        return last_subject
    orgs = [m for m in inside if m.type == "organisation"]
    if orgs and len(words) <= 10:
        return orgs[0].name if orgs[0].start - (verb_start - len(clause)) < 25 else None
    np = re.match(r"\s*((?:The|the)\s+[\w'’\- ]{3,60}?)(?:,|\s+(?:along|who|which|of\s+the\s+\w+\s+countries))", clause + ",")
    if np and len(np.group(1).split()) <= 8:
        return np.group(1).strip()
    countries = [m for m in inside if m.type == "country"]
    if countries and len(words) <= 4:
        return countries[0].name
    return None


class StanceMatch:
    """Where a stance verb stands in a sentence (shaped like the re.Match it replaces)."""

    __slots__ = ("_start", "_verb", "_adv")

    def __init__(self, start: int, verb: str, adv: str | None) -> None:
        self._start, self._verb, self._adv = start, verb, adv

    def start(self) -> int:
        return self._start

    def group(self, name: str) -> str | None:
        return self._verb if name == "verb" else self._adv


_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_ADVERBS = {"strongly", "firmly", "also", "again", "further", "jointly", "repeatedly", "publicly", "categorically"}
_ONE_WORD = {f: v for f, v in _VERB_FORMS.items() if " " not in f}
_TWO_WORD = {f: v for f, v in _VERB_FORMS.items() if " " in f}


def stance(sentence: str) -> StanceMatch | None:
    """Return the first stance verb used as a verb (not "direct support", "the claims")."""
    prev: re.Match | None = None
    for m in _LOWER_WORD.finditer(sentence):
        if m.start() > 200:
            return None
        word = m.group()
        verb = None
        if word in _ONE_WORD:
            verb = word
        for two in (f"{word} on", f"{word} upon"):
            if two in _TWO_WORD and sentence.startswith(two[len(word):], m.end()):
                verb = two
        if verb:
            adv = prev.group() if prev and prev.group() in _ADVERBS and prev.end() + 1 == m.start() else None
            if verb.split()[0] in _NOUN_TOO and not adv:
                before = re.findall(r"[\w'’]+", sentence[: m.start()])[-1:]
                if not before or before[0].lower() not in _SUBJECT_WORDS:
                    prev = m
                    continue
            return StanceMatch(prev.start() if adv else m.start(), verb, adv)
        prev = m
    return None


# stance words that are nouns as often as verbs: a verb only after a pronoun or modal
_NOUN_TOO = {"support", "supports", "claim", "claims", "demand", "demands", "estimate", "estimates", "note",
             "notes", "state", "states", "pledge", "pledges", "promise", "promises", "call on", "ask", "raise",
             "commit", "judge", "vow", "vows", "welcome", "voice", "voices", "warn", "deny", "reject", "confirm",
             "express", "decide", "agree", "propose", "caution", "threaten", "assess", "believe", "indicate",
             "conclude", "explain", "stress", "stresses", "calls on", "urge"}
_SUBJECT_WORDS = {"we", "they", "i", "he", "she", "it", "who", "also", "will", "would", "to", "and", "jointly",
                  "strongly", "firmly", "again", "further", "repeatedly", "not", "never", "must", "should", "can"}


def _position(sentence: str, mentions: list[Mention], voice: str | None, last_subject: str | None,
              surnames: dict, m: StanceMatch | None) -> tuple[str, str] | None:
    if not m:
        return None
    verb = m.group("verb")
    if _inside_quote(sentence, m.start()):
        return None
    who = _subject(sentence, m.start(), mentions, voice, last_subject, surnames)
    if not who:
        return None
    return who, _VERB_FORMS[verb]


def _speaker(sentence: str, mentions: list[Mention], voice: str | None, last_subject: str | None,
             surnames: dict, verb: StanceMatch | None) -> str | None:
    """Return who is speaking in a sentence that reports speech, or the issuer of a statement."""
    m = re.search(r"[\"”]\s*,?\s*(?P<who>[\w'’.\- ]{2,60}?)\s+(?:said|says|stated|added|told|warned|wrote)\b", sentence)
    if m:
        who = m.group("who").strip()
        if who.lower() in _PRONOUNS:
            return last_subject
        people = [x for x in mentions if x.type == "person" and x.start >= m.start("who")]
        return surnames.get(person_key(people[0].name), people[0].name) if people else who
    if verb and not _inside_quote(sentence, verb.start()):
        return _subject(sentence, verb.start(), mentions, voice, last_subject, surnames)
    return voice


def _inside_quote(sentence: str, pos: int) -> bool:
    before = sentence[:pos]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


# --- ranking --------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]+|\d[\d,.]*")
STOPWORDS = frozenset(
    "a an the of to in on for and or but by with from as at is are was were be been being it its this that these "
    "those their they them he she his her we our us not no than then also has have had would could should will "
    "may might can do does did which who whom whose what when where why how into over under about after before "
    "during against between among such any all more most other some very said says say there here so if while "
    "i you your my me just up out one two new".split()
)


def content_words(text: str) -> list[str]:
    """Lower-case content words of a text, with light stemming, for overlap measures."""
    out = []
    for w in _WORD.findall(text):
        w = w.lower().strip("'’-.,")
        if w in STOPWORDS or len(w) < 2:
            continue
        out.append(stem(w))
    return out


@lru_cache(maxsize=100_000)
def stem(w: str) -> str:
    """A light suffix stripper: enough to meet "troops"/"troop", "condemned"/"condemn"."""
    w = _SYNONYMS.get(w, w)
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


# Words that count the same thing: "soldiers" and "troops" meet in one term.
_SYNONYMS = {"soldier": "troops", "soldiers": "troops", "forces": "troops", "personnel": "troops", "troop": "troops",
             "dead": "deaths", "killed": "deaths", "fatalities": "deaths", "injured": "wounded"}


def terms(text: str, mentions: list[Mention] | None = None) -> frozenset[str]:
    """Content terms of a sentence, with actors' aliases brought to one name ("@north_korea")."""
    if mentions is None:
        mentions = find_actors(text)
    out = {"@" + m.name.lower().replace(" ", "_") for m in mentions}
    rest, last = [], 0
    for m in mentions:  # the words of a name are the actor's, not content words of their own
        rest.append(text[last:m.start])
        last = m.end
    rest.append(text[last:])
    for w in content_words(" ".join(rest)):
        c = canonical(w)
        out.add("@" + c.lower().replace(" ", "_") if c else w)
    return frozenset(out)


def _salience(sentence: str, mentions: list[Mention], verb: StanceMatch | None, dated: bool) -> float:
    words = sentence.split()
    n = len(words)
    score = 0.0
    if any(ch.isdigit() for ch in sentence):
        score += 0.6
    if dated:
        score += 0.3
    score += min(len({a.name for a in mentions}), 4) * 0.25
    if verb:
        score += 0.5
    if _REFERENCE_HINT.search(sentence) and _REFERENCE.search(sentence):
        score += 0.4  # laws and resolutions cited
    if _BOILERPLATE.search(sentence):
        score -= 1.5
    if sentence.count(",") >= 5:
        score -= 0.8  # a list reads poorly as a headline
    if n < 8:
        score -= 1.0
    elif n > 60:
        score -= 0.5
    if sentence.rstrip().endswith("?"):
        score -= 0.8
    return score


def salience(sentence: str) -> float:
    """Score how headline-worthy a sentence is: numbers, dates, named actors, decisions."""
    dated = bool(_DATE_HINT.search(sentence)) and any(not d.relative for d in find_dates(sentence, None))
    return _salience(sentence, find_actors(sentence), stance(sentence), dated)


def rank_sentences(facts: list[SentenceFacts], limit: int = 8) -> list[KeyPoint]:
    """Rank a source's sentences: salience, centrality within the source, position."""
    usable = [f for f in facts if len(f.text.split()) >= 6]
    if not usable:
        return []
    tf = Counter(w for f in usable for w in f.terms)
    scored = []
    for i, f in enumerate(usable):
        centrality = sum(tf[w] - 1 for w in f.terms) / (len(f.terms) + 4)
        position = 1.0 / (1 + i * 0.35)
        scored.append(KeyPoint(f.text, round(f.salience + centrality * 0.6 + position, 4), f.citation))
    scored.sort(key=lambda k: (-k.score, k.citation))
    return scored[:limit]
