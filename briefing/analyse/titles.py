"""Titles and roles that stand for a name: "the Prime Minister" for the one prime minister the
source named ("Prime Minister Benjamin Netanyahu"), "the Florida senator" for "Florida Sen. Marco
Rubio". The name is looked up in what the source said before (``Referents.sentences``); a title
the source gave several names stays as written."""

from __future__ import annotations

import re

from briefing.analyse.referents import Referent, Referents
from briefing.model import Citation

# a role as news abbreviates it before a name ("Texas Sen. Ted Cruz" for "the senator")
ABBREVIATED = {"senator": "Sen.", "governor": "Gov.", "representative": "Rep.", "general": "Gen."}
# a title used as a name inside a sentence: "The President and the Prime Minister discussed ..."
_TITLE_AS_NAME = re.compile(
    r"(?:(?<=\s)the|^The)\s+(?P<title>(?:Deputy\s+|Vice\s+|Crown\s+)?(?:Prime\s+Minister|Foreign\s+Minister|Defen[cs]e\s+Minister|"
    r"President|Chancellor|Secretary(?:\s+of\s+State|[\s-]General)?|Emir|Amir|King|Queen|Prince|Supreme\s+Leader|"
    r"Governor|Mayor|Speaker))\b(?!\s+(?:of\b|[A-Z]|\[))")
_NAME_AFTER = r"\s+(?P<name>[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.\s+|bin\s+|al-)?[A-Z][\w'’\-]+){0,3}(?:,?\s+Jr\.)?)"


def name_titles(text: str, order: int, refs: Referents) -> tuple[str, list[Citation]]:
    """"... and the Prime Minister discussed" -> "... and the Prime Minister [Benjamin Netanyahu]
    discussed": a title standing for a name, at the sentence's start too ("The President [Joseph
    R. Biden, Jr.] affirmed"), gets the one name the source gave it before; a title the source gave
    several names ("President Biden", "President Sisi") stays as written."""
    cites: list[Citation] = []
    for m in reversed(list(_TITLE_AS_NAME.finditer(text))):
        title = re.escape(m.group("title")).replace(r"\ ", r"\s+")
        names = {}
        for seen, sentence, cite in refs.sentences:
            if seen < order:
                for n in re.finditer(rf"\b{title}{_NAME_AFTER}", sentence):
                    names.setdefault(n.group("name").split()[-1].rstrip(","), (n.group("name"), cite))
        if len(names) == 1:
            name, cite = next(iter(names.values()))
            text = text[:m.end()] + f" [{name}]" + text[m.end():]
            cites.append(cite)
    return text, cites


def named_with(marks: list[str], head: str, order: int, refs: Referents) -> Referent | None:
    """The person an earlier sentence named with these words before the role ("Florida Sen. Marco
    Rubio" for "the Florida senator"); None unless exactly one."""
    role = "|".join(re.escape(r) for r in (head, head.capitalize(), ABBREVIATED.get(head, head)))
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in marks) + r"\s+(?:[\w'’\-]+\s+){0,2}?(?:" + role +
                         r")\s+(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2})")
    found = {(m.group("name"), cite, seen) for seen, sentence, cite in refs.sentences if seen < order
             for m in pattern.finditer(sentence)}
    names = {name for name, _, _ in found}
    if len(names) != 1:
        return None
    name, cite, seen = max(found, key=lambda f: f[2])
    return Referent(name, "person", name.split()[-1], cite, seen)
