"""Text into citable units: page furniture dropped, paragraphs numbered, sentences split.

The rules here are general (advert markers, error-report footers, share prompts, lone bylines), so
that they hold for any source, not just the samples.
"""

from __future__ import annotations

import re

from briefing.model import Block

# --- page furniture -------------------------------------------------------------------------------

_AD_MARKER = re.compile(
    r"^\s*(advertisement|advertising|advert|ad|sponsored(\s+content)?|promoted(\s+content)?|paid\s+content|"
    r"(story|article)\s+continues\s+(below|after)(\s+(this\s+)?(advertisement|ad))?|"
    r"scroll\s+to\s+continue(\s+with\s+content)?|skip\s+advertisement)\s*[:.\-–—]*\s*",
    re.I,
)
_FURNITURE = [
    # error-report footers: "If you notice an error, select it and press Ctrl+Enter"
    re.compile(r"\b(notice|spot(ted)?|found|see)\s+(an?\s+)?(error|typo|mistake|inaccuracy)\b.*\b(report|press|select|ctrl|let us know|contact)\b", re.I),
    re.compile(r"\b(report|submit)\s+(an?\s+)?(error|typo|correction)\b", re.I),
    re.compile(r"\bctrl\s*\+\s*enter\b", re.I),
    # share and subscribe prompts
    re.compile(r"^(share|tweet|email|print|save|copy link|follow us|like us|subscribe|sign up|sign in|log in|register|download (the|our) app|get the app|join (us|our)|click here|read more|see also|related|more on this|recommended|most read|trending)\b(?!.*[.!?]$)(\W*\w+){0,8}\W*$", re.I),
    re.compile(r"\b(subscribe|sign up)\b.{0,60}\b(newsletter|updates|alerts|our channel|for free)\b", re.I),
    re.compile(r"^(share|follow)\s+(this|on|us)\b", re.I),
    re.compile(r"^(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email)(\s*[|·,/]\s*(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|print|copy link))+\s*$", re.I),
    # credits and legal lines
    re.compile(r"^(©|\(c\)|copyright\b).{0,160}$", re.I),
    re.compile(r"\ball rights reserved\b", re.I),
    re.compile(r"^(photo|image|picture|video|file photo|pictured)\s*(credit)?\s*[:|].{0,160}$", re.I),
    re.compile(r"^(read|watch|listen)\s+(more|next|also|now)\b.{0,160}$", re.I),
    re.compile(r"^(we use cookies|this (web)?site uses cookies|by (continuing|using) (to use )?(this|our) (web)?site)\b", re.I),
]
_NAME = r"[A-Z][\w.'’\-]+(?:\s+(?:de|van|von|al|bin|la|le|da|del)?\s*[A-Z][\w.'’\-]+){0,3}"
_BYLINE = re.compile(
    rf"^(by|written by|reporting by|reported by|words by|story by|edited by|editing by)\s+{_NAME}"
    rf"(\s*(,|and|&|;)\s*{_NAME})*(\s*[,|\-–—]\s*[\w .'’&|\-]{{0,60}})?\.?$",
    re.I,
)
_BYLINE_FOOTER = re.compile(r"^\(?(reporting|writing|editing|additional reporting)\s+by\b.{0,200}\)?$", re.I)


def furniture_cause(text: str) -> str | None:
    """Return why a block is page furniture, or None when it is content."""
    t = text.strip()
    if not t:
        return "empty"
    if _AD_MARKER.fullmatch(t) or _AD_MARKER.fullmatch(t + " "):
        return "advert marker"
    if _BYLINE.match(t) or _BYLINE_FOOTER.match(t):
        return "byline"
    if len(t) <= 300:
        for pattern in _FURNITURE:
            if pattern.search(t):
                return "furniture"
    if not re.search(r"\w", t):
        return "no words"
    return None


# Media furniture that scraping glues to the text it sits beside ("Image copyright Reuters Image
# caption Migrants are crossing ...", "Media playback is unsupported on your device").
_MEDIA_MARKERS = re.compile(
    r"\b(?:Image copyright(?:\s+(?:[A-Z][\w&.'’\-]*|/)){1,4}\s+Image caption|Image (?:copyright|caption)|"
    r"Media playback is unsupported on your device|Media caption|Getty Images Image caption|"
    r"(?:Video|Photo|Image) credit:?)\s*",
)


def strip_markers(text: str) -> str:
    """Remove advert markers glued to the start of real text ("Advertisement:Statement by ...") and
    media captions' furniture glued into it."""
    m = _AD_MARKER.match(text)
    if m and m.end() < len(text) and re.search(r"[:.\-–—]", m.group(0)):
        text = text[m.end():].lstrip()
    if "Image" in text or "Media" in text or "credit" in text:
        text = _MEDIA_MARKERS.sub("", text).strip()
    return text


def clean_blocks(blocks: tuple[Block, ...] | list[Block]) -> list[Block]:
    """Drop furniture blocks, normalise whitespace, and merge exact repeats."""
    out: list[Block] = []
    seen: set[str] = set()
    for b in blocks:
        text = " ".join(strip_markers(b.text.replace("\u00a0", " ")).split())
        if furniture_cause(text):
            continue
        key = text.lower()
        if key in seen and len(text) < 200:
            continue  # repeated short lines are furniture (a headline shown twice)
        seen.add(key)
        out.append(Block(text, b.page, b.heading))
    return out


# --- sentences ------------------------------------------------------------------------------------

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "lt", "col", "maj", "capt", "cmdr",
    "adm", "sgt", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "sec", "no", "nos", "vol", "art",
    "fig", "figs", "vs", "v", "etc", "e.g", "i.e", "cf", "al", "approx", "est", "inc", "ltd", "co",
    "corp", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "p", "pp", "para", "paras", "ed", "eds",
}
_NUMBERED = {"no", "nos", "art", "fig", "figs", "vol", "p", "pp", "para", "paras", "sec"}
_LAST_WORD = re.compile(r"([\w.]+)$")
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")


def split_sentences(text: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, keeping abbreviations and initials intact."""
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(2)
        if m.group(1) == ".":
            # the word before the dot, looked for in the few characters before it: searching all
            # of text[start:] would be quadratic on a run of initials ("A. B. C. ...")
            word = _LAST_WORD.search(text, max(start, m.start(1) - 64), m.start(1))
            token = word.group(1).lower() if word else ""
            if token in _NUMBERED and text[m.end():m.end() + 1].isdigit():
                continue  # "No. 5", "Art. 51"
            if token in _NUMBERED:
                pass
            elif token in _ABBREV or (len(token) == 1 and token.isalpha()):
                continue  # "Mr. Smith", "Joseph R. Biden", "U.S. forces"
            if re.fullmatch(r"(\w\.)+\w", token):
                continue  # other dotted initialisms
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(_rejoin_quotes(sentences))


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
