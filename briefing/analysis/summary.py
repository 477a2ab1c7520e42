"""The structured summary of one source: actors, figures, dated events, quotes, references,
positions and ranked key points, each pointing back to its paragraph."""

from __future__ import annotations

import re
from collections import Counter

from ..model import (
    Actor, Citation, Event, Figure, KeyPoint, Position, Quote, Reference, Source, SourceSummary,
)
from .actors import Mention, find_actors, person_key
from .dates import find_dates
from .figures import find_figures

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
_STANCE_RE = re.compile(
    r"\b(?P<adv>(?:strongly|firmly|also|again|further|jointly|repeatedly|publicly|categorically)\s+)?(?P<verb>"
    + "|".join(re.escape(f) for f in sorted(_VERB_FORMS, key=len, reverse=True)) + r")\b"
)
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


def summarise(source: Source) -> SourceSummary:
    """Build the structured summary of one source."""
    actors: dict[str, dict] = {}
    figures: list[Figure] = []
    events: list[Event] = []
    quotes: list[Quote] = []
    references: dict[str, Reference] = {}
    positions: list[Position] = []
    last_subject: str | None = None
    surnames: dict[str, str] = {}

    for para in source.paragraphs:
        cite = Citation(source.id, para.n, para.page)
        for mention in find_actors(para.text):
            _add_actor(actors, surnames, mention, cite)
        for m in _REFERENCE.finditer(para.text):
            name = " ".join(m.group(0).split()).removeprefix("the ")
            references.setdefault(name.lower(), Reference(name, cite))
        for sentence in para.sentences:
            mentions = find_actors(sentence)
            voice = para.speaker or (source.issuer if source.primary else None)
            speaker = _speaker(sentence, mentions, voice, last_subject, surnames)
            for f in find_figures(sentence):
                figures.append(Figure(f.value, f.text, f.counts, sentence, cite, f.approximate, speaker, source.date))
            for d in find_dates(sentence, source.date):
                if source.date and d.date > source.date:
                    continue  # a plan for later is not a past event
                events.append(Event(d.date, sentence, cite, d.text))
                break
            for m in _QUOTE.finditer(sentence):
                if len(m.group("q").split()) >= 4 and speaker:
                    quotes.append(Quote(speaker, m.group("q").strip(" ,."), cite))
            pos = _position(sentence, mentions, voice, last_subject, surnames)
            if pos:
                positions.append(Position(pos[0], pos[1], sentence, cite))
                last_subject = pos[0]
    return SourceSummary(
        source=source,
        key_points=tuple(rank_sentences(source)),
        actors=tuple(
            Actor(a["name"], a["type"], a["role"], tuple(sorted(a["aliases"] - {a["name"]})), tuple(a["cites"]))
            for a in sorted(actors.values(), key=lambda a: (-len(a["cites"]), a["name"]))
        ),
        figures=tuple(figures),
        events=tuple(events),
        quotes=tuple(quotes),
        references=tuple(references.values()),
        positions=tuple(positions),
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


def stance(sentence: str) -> re.Match | None:
    """Return the first stance verb used as a verb (not "direct support", "the claims")."""
    for m in _STANCE_RE.finditer(sentence):
        if m.start() > 200:
            return None
        verb = m.group("verb").split()[0]
        if verb in _NOUN_TOO and not m.group("adv"):
            prev = re.findall(r"[\w'’]+", sentence[: m.start()])[-1:]
            if not prev or prev[0].lower() not in _SUBJECT_WORDS:
                continue
        return m
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
              surnames: dict) -> tuple[str, str] | None:
    m = stance(sentence)
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
             surnames: dict) -> str | None:
    """Return who is speaking in a sentence that reports speech, or the issuer of a statement."""
    m = re.search(r"[\"”]\s*,?\s*(?P<who>[\w'’.\- ]{2,60}?)\s+(?:said|says|stated|added|told|warned|wrote)\b", sentence)
    if m:
        who = m.group("who").strip()
        if who.lower() in _PRONOUNS:
            return last_subject
        people = [x for x in mentions if x.type == "person" and x.start >= m.start("who")]
        return surnames.get(person_key(people[0].name), people[0].name) if people else who
    m = stance(sentence)
    if m and not _inside_quote(sentence, m.start()):
        return _subject(sentence, m.start(), mentions, voice, last_subject, surnames)
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
    """Lower-case content words of a text, with naive stemming, for overlap measures."""
    out = []
    for w in _WORD.findall(text):
        w = w.lower().strip("'’-.,")
        if w in STOPWORDS or len(w) < 2:
            continue
        out.append(stem(w))
    return out


def stem(w: str) -> str:
    """A light suffix stripper: enough to meet "troops"/"troop", "condemned"/"condemn"."""
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return w


def salience(sentence: str) -> float:
    """Score how headline-worthy a sentence is: numbers, dates, named actors, decisions."""
    words = sentence.split()
    n = len(words)
    score = 0.0
    if re.search(r"\d", sentence):
        score += 0.6
    if find_dates(sentence, None):
        score += 0.3
    actors = find_actors(sentence)
    score += min(len({a.name for a in actors}), 4) * 0.25
    if stance(sentence):
        score += 0.5
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


def rank_sentences(source: Source, limit: int = 8) -> list[KeyPoint]:
    """Rank a source's sentences: salience, centrality within the source, position."""
    sents = [(p, s) for p in source.paragraphs for s in p.sentences if len(s.split()) >= 6]
    if not sents:
        return []
    tf = Counter(w for _, s in sents for w in set(content_words(s)))
    scored = []
    for i, (p, s) in enumerate(sents):
        words = set(content_words(s))
        centrality = sum(tf[w] - 1 for w in words) / (len(words) + 4)
        position = 1.0 / (1 + i * 0.35)
        score = salience(s) + centrality * 0.6 + position
        scored.append(KeyPoint(s, round(score, 4), Citation(source.id, p.n, p.page)))
    scored.sort(key=lambda k: (-k.score, k.citation))
    return scored[:limit]
