"""Actors: countries, organisations and people, with aliases brought to one name.

Rule-based and offline: a gazetteer of countries (names, short forms, demonyms, capitals used as
metonyms) and well-known organisations, plus patterns for titled people ("President Volodymyr
Zelenskyy") and organisation names ("House Intelligence Committee").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.text.words import content_words

# canonical name -> aliases (the canonical name is matched too). Demonyms and metonyms count as the
# country: "North Korean troops" are the DPRK's; "Pyongyang said" is the DPRK speaking.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "North Korea": ("DPRK", "D.P.R.K.", "Democratic People's Republic of Korea", "North Korean", "North Koreans", "Pyongyang"),
    "South Korea": ("Republic of Korea", "ROK", "South Korean", "South Koreans", "Seoul"),
    "United States": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "American", "Americans", "Washington"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain", "British", "London"),
    "Russia": ("Russian Federation", "Russian", "Russians", "Moscow", "Kremlin"),
    "Ukraine": ("Ukrainian", "Ukrainians", "Kyiv", "Kiev"),
    "China": ("PRC", "People's Republic of China", "Chinese", "Beijing"),
    "Taiwan": ("Taiwanese", "Taipei"),
    "Japan": ("Japanese", "Tokyo"),
    "France": ("French", "Paris"),
    "Germany": ("German", "Germans", "Berlin"),
    "Italy": ("Italian", "Rome"),
    "Canada": ("Canadian", "Ottawa"),
    "Australia": ("Australian", "Canberra"),
    "New Zealand": ("New Zealander", "Wellington"),
    "India": ("Indian", "New Delhi"),
    "Pakistan": ("Pakistani", "Islamabad"),
    "Iran": ("Iranian", "Islamic Republic of Iran", "Tehran"),
    "Iraq": ("Iraqi", "Baghdad"),
    "Israel": ("Israeli", "Israelis"),
    "Syria": ("Syrian", "Damascus"),
    "Turkey": ("Türkiye", "Turkish", "Ankara"),
    "Saudi Arabia": ("Saudi", "Riyadh"),
    "Egypt": ("Egyptian", "Cairo"),
    "Mexico": ("Mexican",),
    "Brazil": ("Brazilian",),
    "Spain": ("Spanish", "Madrid"),
    "Poland": ("Polish", "Warsaw"),
    "Belarus": ("Belarusian", "Minsk"),
    "Indonesia": ("Indonesian", "Jakarta"),
    "Philippines": ("Filipino", "Manila"),
    "Vietnam": ("Vietnamese", "Hanoi"),
    "Afghanistan": ("Afghan",),
    "Venezuela": ("Venezuelan",),
    "Cuba": ("Cuban", "Havana"),
    "Netherlands": ("Dutch", "The Hague"),
    "Sweden": ("Swedish",),
    "Norway": ("Norwegian",),
    "Finland": ("Finnish",),
    "Greece": ("Greek",),
    "Ireland": ("Irish",),
    "Nigeria": ("Nigerian",),
    "South Africa": ("South African",),
    "Kenya": ("Kenyan",),
    "Ethiopia": ("Ethiopian",),
    "Sudan": ("Sudanese",),
    "Yemen": ("Yemeni",),
    "Lebanon": ("Lebanese",),
    "Palestine": ("Palestinian", "Palestinians"),
    "Gaza": (),
    "Qatar": ("Qatari",),
    "Libya": ("Libyan",),
    "Switzerland": ("Swiss",),
    "Austria": ("Austrian",),
    "Belgium": ("Belgian", "Brussels"),
    "Portugal": ("Portuguese",),
    "Hungary": ("Hungarian",),
    "Romania": ("Romanian",),
    "Georgia": ("Georgian",),
    "Armenia": ("Armenian",),
    "Azerbaijan": ("Azerbaijani",),
    "Kazakhstan": ("Kazakh",),
    "Thailand": ("Thai",),
    "Malaysia": ("Malaysian",),
    "Singapore": ("Singaporean",),
    "Myanmar": ("Burma", "Burmese"),
    "Bangladesh": ("Bangladeshi",),
    "Argentina": ("Argentine", "Argentinian"),
    "Colombia": ("Colombian",),
    "Chile": ("Chilean",),
    "Peru": ("Peruvian",),
}
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "European Union": ("EU", "E.U.", "the Union"),
    "United Nations": ("UN", "U.N."),
    "UN Security Council": ("Security Council", "UNSC", "U.N. Security Council", "United Nations Security Council"),
    "NATO": ("North Atlantic Treaty Organization", "Nato", "the Alliance"),
    "G7": ("G-7", "Group of Seven"),
    "G20": ("G-20", "Group of 20"),
    "IAEA": ("International Atomic Energy Agency",),
    "World Health Organization": ("WHO",),
    "International Monetary Fund": ("IMF",),
    "World Bank": (),
    "White House": (),
    "Pentagon": (),
    "State Department": ("Department of State",),
    "Congress": (),
    "ASEAN": ("Association of Southeast Asian Nations",),
    "African Union": ("AU",),
    "OPEC": (),
    "Hamas": (),
    "Hezbollah": (),
    "Taliban": (),
}

TITLES = (
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
    "Defence Minister", "Defense Minister", "Minister", "Secretary of State", "Secretary", "Chancellor",
    "King", "Queen", "Prince", "Crown Prince", "Emperor", "Pope", "Chair", "Chairman", "Chairwoman",
    "Speaker", "Senator", "Sen.", "Representative", "Rep.", "Governor", "Gov.", "Mayor", "General", "Gen.",
    "Admiral", "Adm.", "Colonel", "Col.", "Ambassador", "Spokesperson", "Spokesman", "Spokeswoman",
    "Press Secretary", "Director", "Commissioner", "High Representative", "Secretary-General",
    "Secretary General", "Supreme Leader", "Leader", "Judge", "Justice", "Attorney General", "Dr.",
    "Mr.", "Mrs.", "Ms.", "Chief", "CEO", "Lt.", "Sgt.", "Captain", "Commander",
)
ORG_WORDS = (
    "Committee", "Ministry", "Council", "Commission", "Agency", "Intelligence", "Department", "Office",
    "Parliament", "Assembly", "Congress", "Senate", "House", "Court", "Bank", "Union", "Organization",
    "Organisation", "Forces", "Army", "Navy", "Command", "Service", "Institute", "Party", "Government",
    "Administration", "Cabinet", "Fund", "Authority", "Association", "Federation", "Corporation",
    "Company", "University", "Police", "Guard", "Directorate", "Bureau", "Secretariat",
)

_ALIAS: dict[str, tuple[str, str]] = {
    alias.lower(): (canon, kind)
    for table, kind in ((COUNTRIES, "country"), (ORGANISATIONS, "organisation"))
    for canon, aliases in table.items()
    for alias in (canon, *aliases)
}

_ALIAS_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted({a for c, al in {**COUNTRIES, **ORGANISATIONS}.items() for a in (c, *al)}, key=len, reverse=True)) + r")(?![\w])(?:'s|’s)?"
)
# Names: capitalised words, allowing particles and initials ("Joseph R. Biden, Jr.").
_CAP = r"[A-Z][a-zA-Z'’\-]+"
_PERSON_NAME = rf"{_CAP}(?:\s+(?:[A-Z]\.|{_CAP}|de|van|von|bin|al-?\w*))*\s+{_CAP}(?:,?\s+Jr\.)?"
# the lower-case particles of a surname after a title: "Mayor Bill de Blasio", "President Ursula von der Leyen"
PARTICLES = r"(?:(?:de|da|di|del|della|van|von|der|den|du|dos|bin|ibn)\s+){0,2}"
_TITLE_RE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
# abbreviated ranks after a title belong to it: "Press Secretary Air Force Maj. Gen. Pat Ryder"
_RANKS = r"(?:\s+(?:[A-Z][a-zA-Z]+\s+){0,2}(?:(?:Gen|Maj|Lt|Col|Capt|Cmdr|Adm|Sgt|Brig|Cpl|Pvt)\.\s*)+)?"
_TITLED = re.compile(rf"\b(?P<title>(?:(?:{_CAP}|of|the|and|US|UK|EU)\s+)*?(?:{_TITLE_RE}){_RANKS})(?:(?<=\.)|\s+)(?P<name>{_CAP}(?:\s+(?:[A-Z]\.\s+)?{PARTICLES}{_CAP}){{0,2}}(?:,?\s+Jr\.)?)")
_ORG = re.compile(rf"\b(?:the\s+)?(?P<org>(?:{_CAP}\s+){{0,4}}(?:{'|'.join(ORG_WORDS)})(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,3}})?)")
STOP_CAPS = {
    "The", "A", "An", "In", "On", "At", "For", "And", "But", "Or", "If", "When", "While", "As", "We", "They", "He",
    "She", "It", "This", "That", "These", "Those", "Our", "Their", "His", "Her", "Its", "Mr", "Mrs", "Ms",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
}


@dataclass(frozen=True)
class Mention:
    name: str  # canonical
    type: str  # country, organisation, person
    text: str  # as written
    start: int
    end: int
    role: str | None = None


def canonical(name: str) -> str | None:
    """Return the canonical name for a known alias, else None."""
    hit = _ALIAS.get(name.lower().strip().removesuffix("'s").removesuffix("’s"))
    return hit[0] if hit else None


_CAP_TOKEN = re.compile(r"[A-Z][\w'’\-]*\.?")
_TITLE_WORDS = {w for t in TITLES for w in t.split()}
_ORG_WORDS = set(ORG_WORDS)
_ALIAS_FIRST = {a.split()[0] for c, al in {**COUNTRIES, **ORGANISATIONS}.items() for a in (c, *al)}


def find_actors(text: str) -> list[Mention]:
    """Return the actors mentioned in a sentence or paragraph, in order, overlaps removed."""
    # one cheap scan of capitalised words decides which of the costly patterns can match at all
    caps = set(_CAP_TOKEN.findall(text))
    caps |= {c.rstrip(".") for c in caps}
    if not caps and "the Union" not in text and "the Alliance" not in text:
        return []
    found: list[Mention] = []
    for m in (_TITLED.finditer(text) if caps & _TITLE_WORDS else ()):
        name = re.sub(r"['’]s$", "", m.group("name"))  # "President Trump’s promise": the person is Trump
        words = name.split()
        if words[0] in STOP_CAPS or canonical(name):
            continue
        title = m.group("title").strip()
        found.append(Mention(name, "person", m.group(0), m.start(), m.end(), title))
    for m in (_ORG.finditer(text) if caps & _ORG_WORDS else ()):
        org = m.group("org").strip()
        if org.split()[0] in STOP_CAPS and len(org.split()) == 1:
            continue
        org = re.sub(r"^(The|A|An)\s+", "", org)
        if org in ORG_WORDS:
            continue  # a bare "Committee" names no one
        found.append(Mention(canonical(org) or org, "organisation", m.group(0), m.start("org"), m.end()))
    for m in (_ALIAS_RE.finditer(text) if caps & _ALIAS_FIRST or "the Union" in text or "the Alliance" in text else ()):
        canon, kind = _ALIAS[m.group(1).lower()]
        found.append(Mention(canon, kind, m.group(0), m.start(), m.end()))
    # keep the longest mention where they overlap (a titled person beats the country in his title)
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


def person_key(name: str) -> str:
    """Return the surname used to merge "Volodymyr Zelenskyy" with a later "Zelenskyy"."""
    words = [w for w in re.sub(r",?\s+Jr\.?$", "", name).split() if not re.fullmatch(r"[A-Z]\.", w)]
    return words[-1].lower() if words else name.lower()


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
