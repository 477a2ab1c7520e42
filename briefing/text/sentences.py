"""Paragraphs into sentences, keeping abbreviations, initials and quotations intact."""

from __future__ import annotations

import re

from briefing.text.grammar import SAID

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "lt", "col", "maj", "capt", "cmdr",
    "adm", "sgt", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "sec", "no", "nos", "vol", "art",
    "fig", "figs", "vs", "v", "etc", "e.g", "i.e", "cf", "al", "approx", "est", "inc", "ltd", "co",
    "corp", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "p", "pp", "para", "paras", "ed", "eds",
    "ald", "supt", "det", "insp", "cpl", "pvt", "pfc", "spc", "msgr", "fr", "atty", "asst", "brig", "lieut", "esq",
}
# abbreviations that end a sentence unless a number follows ("see p. 5" goes on; "... on p." ends)
_NUMBERED = {"no", "nos", "art", "fig", "figs", "vol", "p", "pp", "para", "paras", "sec"}
_LAST_WORD = re.compile(r"([\w.]+)$")
# a boundary: end punctuation, closing marks, then a space, or no space where a scrape lost it
# ("... told LiveScience.European countries have ...": a word, a full stop, a capitalised word)
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’)\]]*)(\s+|(?<=[a-z][a-z]\.)(?=[A-Z][a-z]{2,}\s))(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
_INITIALISM = re.compile(r"(\w\.)+\w")
# '"... with them!" Hayek captioned': the speaker after a quotation that ends on "!" or "?" ends its sentence
_SPEAKER_AFTER = re.compile(r"(?:[A-Z][\w'’.\-]+\s+){1,3}" + SAID + r"\b")


def split_sentences(text: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, keeping abbreviations and initials intact."""
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(1) == "." and _abbreviation_before(text, start, m):
            continue
        if m.group(1) in ("!", "?") and m.group(2)[:1] in ("\"", "”", "’") and _SPEAKER_AFTER.match(text, m.end()):
            continue
        piece = text[start:m.end(2)].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(_rejoin_quotes(sentences))


def _abbreviation_before(text: str, start: int, m: re.Match) -> bool:
    """True when the dot of boundary ``m`` ends an abbreviation or initial, not a sentence."""
    # the word before the dot, looked for in the few characters before it: searching all of
    # text[start:] would be quadratic on a run of initials ("A. B. C. ...")
    word = _LAST_WORD.search(text, max(start, m.start(1) - 64), m.start(1))
    token = word.group(1).lower() if word else ""
    if token in _NUMBERED and not (word and word.group(1).isupper() and len(token) == 1):
        if text[m.end():m.end() + 1].isdigit():
            return True  # "No. 5", "Art. 51"
    elif token in _ABBREV or (len(token) == 1 and token.isalpha()):
        return True  # "Mr. Smith", "Joseph R. Biden", "U.S. forces"
    return _INITIALISM.fullmatch(token) is not None  # other dotted initialisms


def _rejoin_quotes(sentences: list[str]) -> list[str]:
    """Keep a quotation that spans sentences together with the text that opens it."""
    out: list[str] = []
    for s in sentences:
        if out and _open_quote(out[-1]):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


def _open_quote(s: str) -> bool:
    straight = s.count('"') % 2 == 1
    curly = s.count("“") > s.count("”")
    return straight or curly
