"""The reader's rules: what an analyst would object to in one item of a brief, read on its own.

Each rule looks at the shape, position, grammar and vocabulary class of an item (never at the
documents of a corpus) and returns a one-line reason or None; bench/reader_check.py runs them on
each built brief. No import of `briefing`: the output is judged as a reader gets it. The word
lists are in bench/reader_words.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader_words import (ARCHIVE_WORDS, AUX, BASE_VERBS, BULLET, BYLINE, CAPTION_WORDS, COLLECTIVES,
                          COMMA_OPENERS, DANGLING_END, DEMONSTRATIVES, DOC_KINDS, EMBED_WORDS, EXPLETIVE_IT,
                          FIRST_PERSON, FULL_DATE, FUNCTION, IRREGULAR_PAST, LABEL_DATE, LEANING, MONTH,
                          NUMBER_WORDS, OPENERS, PERSON_NOUNS, PREPOSITIONS, SECTION_LABEL, SPEECH, STOP,
                          SUBORDINATORS, THIRD_PERSON, TIME_NOUNS, TOKEN, TWEET_END, UI_WORD, WORD)



@dataclass(frozen=True)
class Flag:
    """One objection: where (section key, item index; -1 for the whole brief), the rule, why, and the item."""

    section: str
    index: int
    rule: str
    reason: str
    text: str
    label: str | None = None


@dataclass(frozen=True)
class Item:
    """One item as a reader sees it: its section, position, text and label."""

    section: str
    index: int
    text: str
    label: str | None = None


class Vocabulary:
    """Words the sources use in lowercase: a capitalised word outside them is taken for a name."""

    def __init__(self, texts: list[str] = ()):
        self.lower = {w for t in texts for w in WORD.findall(t) if w.islower()}

    def common(self, word: str) -> bool:
        """Whether the word is an ordinary word (seen in lowercase, or a function word) rather than a name."""
        low = word.lower().replace("’", "'")
        return low in FUNCTION or low in self.lower or low in AUX or low in DOC_KINDS or low in OPENERS


# --- tokens, quotes, names ------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    """Words and numbers of a text, punctuation dropped."""
    return TOKEN.findall(text)


def low(word: str) -> str:
    return word.lower().replace("’", "'")


def normal_marks(text: str) -> str:
    """Double quotes written as two single marks ('' and ’’, ``) made into one."""
    return text.replace("``", "\"").replace("''", "\"").replace("’’", "”").replace("‘‘", "“")


def outside_quotes(text: str) -> str:
    """The text with every quoted span removed (an unclosed quote runs to the end)."""
    out, inside = [], False
    for ch in text:
        if ch in "“”\"":
            inside = True if ch == "“" else False if ch == "”" else not inside
        elif not inside:
            out.append(ch)
    return "".join(out)


def strip_opening(text: str) -> str:
    """The text without leading quotes, brackets, dashes and spaces."""
    return text.lstrip(" \"“”‘'([—–-…\u00a0")


def is_name(word: str, position: int, vocab: Vocabulary) -> bool:
    """A capitalised word that is a name: inside the sentence any capitalised word, at its start an uncommon one."""
    if not word[:1].isupper() or low(word) in FUNCTION or low(word) in AUX:
        return False
    return position > 0 or not vocab.common(word)


def speaker_label(label: str | None) -> str | None:
    """The speaker part of a label: None for no label or a label that is only a date ('5 Nov 2024')."""
    if not label:
        return None
    rest = LABEL_DATE.sub("", label.strip()).strip(" ,")
    return rest or None


def label_resolves(label: str | None) -> bool:
    """Whether a label says who: a name or a person or body, not a document kind or a phrase about a thing."""
    speaker = speaker_label(label)
    if not speaker:
        return False
    words = tokens(speaker)
    if not words or (len(words) == 1 and low(words[0]) in DOC_KINDS):
        return False
    if any(w[:1].isupper() for w in words[1:]) or (words[0][:1].isupper() and low(words[0]) not in FUNCTION
                                                   and low(words[0]) not in DOC_KINDS):
        return True
    return any(low(w).rstrip("s") in PERSON_NOUNS or low(w) in COLLECTIVES for w in words)


def has_finite_verb(words: list[str]) -> bool:
    """A rough test for a main verb: an auxiliary, a past form, or a present form after its subject."""
    for i, w in enumerate(words):
        lw = low(w)
        prev = low(words[i - 1]) if i else ""
        if lw in AUX or lw in IRREGULAR_PAST or (lw.endswith("ed") and len(lw) > 4 and w.islower()):
            return True
        if w.islower() and lw in BASE_VERBS and i > 0:
            return True
        after_name = words[i - 1][:1].isupper() and prev not in FUNCTION and not re.match(MONTH + "$|.*day$", prev)
        if w.islower() and lw not in FUNCTION | TIME_NOUNS and i > 0 and (
                prev in {"i", "we", "you", "they", "he", "she", "it"} or after_name):
            return True  # the word after a subject pronoun or a name: "I like", "MPs sign"
        if w.islower() and lw.endswith("s") and not lw.endswith(("ss", "us", "is")) and i > 0 and (
                words[i - 1][:1].isupper() or prev in {"he", "she", "it", "who", "that", "which"}):
            return True
    return False


def attributed(text: str, label: str | None) -> bool:
    """Whether the item says who said it: a speaker label, a speech or stance verb, or 'according to'."""
    if label_resolves(label):
        return True
    words = {low(w) for w in tokens(outside_quotes(text))}
    return bool(words & SPEECH) or "according to" in text.lower()


# --- item rules -----------------------------------------------------------------------------------

def opener(text: str) -> str | None:
    """A discourse opener that needs the previous sentence ('But', 'However,', 'In addition,')."""
    head = strip_opening(text)
    lowered = low(head)
    for op in sorted(OPENERS, key=len, reverse=True):
        if lowered.startswith(op) and not lowered[len(op):len(op) + 1].isalnum():
            after = lowered[len(op):].lstrip()
            if op in COMMA_OPENERS and not after.startswith(","):
                continue
            if op == "in addition" and after.startswith("to "):
                continue
            if op == "and" and not head[:1].isupper():
                continue
            return f'opens with "{head[:len(op)]}", which needs the sentence before'
    return None


def dangling_start(text: str, label: str | None, vocab: Vocabulary) -> str | None:
    """A pronoun, demonstrative, bare definite description or leaning word as the item's subject."""
    head = strip_opening(text)
    words = tokens(head)
    if not words:
        return None
    first, second = low(words[0]), (low(words[1]) if len(words) > 1 else "")
    if head[len(words[0]):].lstrip().startswith("["):
        return None  # "They [Western diplomats] said": the editor named the referent
    if first in THIRD_PERSON - {"it", "its"} and not label_resolves(label):
        return f'opens with "{words[0]}", whose referent the item does not name'
    if first in {"it", "its"} and not EXPLETIVE_IT.match(head):
        return f'opens with "{words[0]}", whose referent the item does not name'
    if first in {"it's", "it’s"} and not EXPLETIVE_IT.match(head):
        return f'opens with "{words[0]}", whose referent the item does not name'
    if first in DEMONSTRATIVES and second not in TIME_NOUNS and not (len(words) > 1 and words[1][:1].isupper()):
        return f'opens with "{words[0]}", pointing back to something the item does not name'
    if first in {"that's", "this's", "there's"} and first != "there's":
        return f'opens with "{words[0]}", pointing back to something the item does not name'
    two = f"{first} {second}"
    if two in LEANING or (first in LEANING and first not in {"here", "there"} and (
            not second or second in AUX or second in {",", "of", "were", "are", "have", "had"})):
        return f'opens with "{" ".join(words[:2] if two in LEANING else words[:1])}", which leans on an earlier sentence'
    if first == "here" and second in {"we", "is", "are", "'s", "i"}:
        return f'opens with "{words[0]}", which leans on the page it came from'
    return definite_description(words)


def definite_description(words: list[str]) -> str | None:
    """'The ministers voiced', 'The money will be used': a bare 'the' + common noun as subject, no name, no 'of'."""
    if low(words[0]) != "the" or len(words) < 3:
        return None
    np = []
    for w in words[1:5]:
        lw = low(w)
        if not w.islower() or lw in {"of", "who", "that", "which", "in", "at", "for", "from", "on", "with", "to"}:
            return None
        if lw in AUX or lw in SPEECH or lw in IRREGULAR_PAST or (lw.endswith("ed") and np):
            break
        np.append(lw)
    else:
        return None
    generic = {"world", "public", "internet", "economy", "average", "rest", "same", "following", "latest", "first",
               "last", "next", "sun", "moon", "weather", "market", "markets", "answer", "truth", "reality", "result",
               "number", "majority", "minority", "bottom", "top", "future", "past", "earth", "planet"}
    if not np or np[0] in generic or np[-1] in generic:
        return None
    return f'opens with "The {" ".join(np)}", a definite description whose referent the item does not give'


def dangling_pronoun(text: str, label: str | None, vocab: Vocabulary) -> str | None:
    """'..., he said' or 'they told' with no person or body named before it in the item."""
    if label_resolves(label):
        return None
    words = tokens(text)
    for i, w in enumerate(words):
        lw = low(w)
        nxt = low(words[i + 1]) if i + 1 < len(words) else ""
        if lw not in {"he", "she", "they", "him", "them"} or i == 0:
            continue
        if lw in {"he", "she", "they"} and nxt not in SPEECH:
            continue
        if lw in {"him", "them"} and low(words[i - 1]) not in SPEECH:
            continue
        before = words[:i]
        plural = lw in {"they", "them"}
        if any(is_name(b, k, vocab) for k, b in enumerate(before)):
            return None
        if any(low(b).rstrip("s") in PERSON_NOUNS or (plural and (low(b) in COLLECTIVES or
               (b.islower() and b.endswith("s") and low(b) not in FUNCTION))) for b in before):
            return None
        phrase = f"{w} {words[i + 1]}" if lw in {"he", "she", "they"} else f"{words[i - 1]} {w}"
        return f'"{phrase}" with no one named before it'
    return None


def speakerless(text: str, label: str | None) -> str | None:
    """First person outside quotes, or a quotation, with nobody named as its speaker."""
    if label_resolves(label):
        return None
    text = normal_marks(text)
    outside = outside_quotes(text)
    # lowercase only, or "I": a capitalised "Our" inside a sentence is a name ("Honoring Our Heroes")
    first = [w for k, w in enumerate(tokens(outside)) if low(w) in FIRST_PERSON and (
        w.islower() or w.startswith(("I'", "I’")) or w == "I" or (k == 0 and not w.isupper()))]
    if first:
        return f'first person ("{first[0]}") with no speaker named'
    quoted = len(tokens(text)) - len(tokens(outside))
    if quoted > 0 and quoted >= 0.7 * len(tokens(text)) and not attributed(text, label) and not unbalanced_marks(text):
        return "a quotation with no speaker named"
    return None


def dangling(item: Item, vocab: Vocabulary) -> str | None:
    """Rule: the item opens with or leans on something it does not name."""
    return (opener(item.text) or dangling_start(item.text, item.label, vocab)
            or dangling_pronoun(item.text, item.label, vocab) or speakerless(item.text, item.label))


def fragment(item: Item) -> str | None:
    """Rule: holes left by deleting words, unbalanced marks, no main verb, too short."""
    text = item.text.strip()
    words = tokens(text)
    if len(words) < 5:
        return f"only {len(words)} words"
    # a comma straight after an article or a preposition that cannot end a phrase: "of, a fire", "a, report"
    hole = re.search(r",\s*[.,;:]|\s[,;](?!\d)|\b(?:a|an|the|of|between|per|via|including)\s*,(?!\d)|"
                     r"\b(?:in|on|at|of|to|by)['’]s\b|^['’]s\b|\(\s*\)", text, re.I)
    if hole and not re.search(r"\.\s\.\s\.", hole.group() + text[hole.end():hole.end() + 3]):
        return f'stray punctuation where words were removed ("{text[max(0, hole.start() - 12):hole.end() + 8].strip()}")'
    core = re.sub(r"[\s\"'”’)\]]+$", "", text)
    cut = core.endswith("…")
    core = core.rstrip("… ")
    if core.endswith(":"):
        return "ends with a colon: what it introduces is missing"
    end_words = tokens(core)
    if end_words and low(end_words[-1]) in DANGLING_END and (cut or core[-1:] in ".!?,;"):
        return f'ends with "{end_words[-1]}{" …" if cut else core[-1]}": words were cut after it'
    unbalanced = unbalanced_marks(text)
    if unbalanced:
        return unbalanced
    first = strip_opening(text)
    if first[:1].islower() and (low(words[0]) in SUBORDINATORS | PREPOSITIONS | {"and", "or", "but"}
                                or not speaker_label(item.label)):
        return f'starts in lowercase ("{words[0]}"), in the middle of a sentence'
    if low(words[0]) in SUBORDINATORS - {"that", "who", "which", "whom", "whose", "where"} and "," not in text:
        return f'a subordinate clause ("{words[0]} ...") with no main clause'
    if not has_finite_verb(words):
        return "no main verb"
    return None


def unbalanced_marks(text: str) -> str | None:
    """An odd number of double quotes, or brackets that do not pair."""
    text = normal_marks(text)
    quotes = text.count('"') + text.count("“") + text.count("”")
    if quotes % 2:
        return "unbalanced quotation marks"
    for a, b in ("()", "[]"):
        if text.count(a) != text.count(b):
            return f"unbalanced brackets ({a}{b})"
    return None


def furniture(item: Item, headline: bool = False) -> str | None:
    """Rule: captions, credits, infographic text, site labels, embed prompts, archive and Twitter notices.

    With `headline`, title case without a verb is expected (a title), not taken for label text."""
    text = item.text.strip()
    checks = ((SECTION_LABEL, "a news site's section label"), (CAPTION_WORDS, "photo caption or credit"),
              (EMBED_WORDS, "embed prompt or site notice"), (ARCHIVE_WORDS, "archive or crawler notice"),
              (UI_WORD, "video player or site control text"), (BULLET, "a list bullet (links or highlights)"),
              (BYLINE, "a byline or credit"))
    for pattern, what in checks:
        m = pattern.search(text)
        if m:
            return f'{what} ("{m.group().strip()}")'
    if TWEET_END.search(text) and ("@" in text or "#" in text or FULL_DATE.search(text[-25:])):
        return "an embedded tweet (ends with its author and date)"
    words = tokens(text)
    verb = has_finite_verb(words)
    if not headline and len(words) >= 5 and not verb and sum(
            w[:1].isupper() or w[:1].isdigit() for w in words) >= 0.7 * len(words):
        return "a headline, label or infographic text: capitalised words and numbers, no verb"
    if present_tense_caption(words, text):
        return "photo caption shape: present tense with the photo's date"
    return None


def present_tense_caption(words: list[str], text: str) -> bool:
    """'Dallas Bishop Edward Burns addresses the media Aug. 19, 2018': a name, a present verb, a full date."""
    if not FULL_DATE.search(text) or any(low(w) in AUX | IRREGULAR_PAST | SPEECH for w in words):
        return False
    if any(w.islower() and w.endswith("ed") and len(w) > 4 for w in words):
        return False  # past tense: a report, not a caption
    follow = {"the", "a", "an", "his", "her", "their", "its", "as", "at", "for", "with", "during", "on", "in",
              "to", "next", "together", "from", "after", "before", "up", "out", "outside", "inside", "near"}
    for i, w in enumerate(words[1:8], 1):
        nxt = low(words[i + 1]) if i + 1 < len(words) else ""
        if (w.islower() and w.endswith("s") and not w.endswith(("ss", "us", "is")) and words[i - 1][:1].isupper()
                and low(words[i - 1]) not in FUNCTION and nxt in follow):
            return True
    return not has_finite_verb(words)


def label_problem(item: Item, vocab: Vocabulary) -> str | None:
    """Rule: a label that is a document kind, a phrase from the text, lowercase, article-led or long."""
    speaker = speaker_label(item.label) if item.section != "timeline" else None
    if not speaker:
        return None
    words = tokens(speaker)
    if not words:
        return None
    if " ".join(low(w) for w in words) in DOC_KINDS or all(low(w) in DOC_KINDS for w in words):
        return f'"{speaker}" is a kind of document, not a speaker'
    if speaker[:1].islower():
        return f'"{speaker}" starts in lowercase: a phrase from the text, not a name'
    if low(words[0]) in {"the", "a", "an"} and not all(w[:1].isupper() for w in words[1:]):
        return f'"{speaker}" starts with an article: a phrase from the text, not a name'
    if len(words) > 6:
        return f'"{speaker}" is {len(words)} words long'
    if any(low(w) in AUX for w in words) or any(w.islower() and low(w) in SPEECH for w in words):
        return f'"{speaker}" holds a verb: a clause, not a name'
    if len(words) == 1 and vocab.common(words[0]) and low(words[0]) not in COLLECTIVES:
        return f'"{speaker}" is an ordinary word, not a name'
    return None


def has_figure(text: str) -> bool:
    """A number with what it counts: '467,000 cases', '$4.9 million', '44 percent', 'two dozen staffers'."""
    words = tokens(text)
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        prev = words[i - 1] if i else ""
        if w[:1].isdigit():
            if re.fullmatch(r"(?:1[89]|20)\d\d", w) and not (nxt.islower() and low(nxt) not in FUNCTION):
                continue  # a year
            if ":" in w or re.match(MONTH + "$", prev) or re.match(MONTH, nxt):
                continue  # a clock time or a day of a month
            if w.endswith("%") or prev in "$£€" or (nxt and (nxt.islower() or low(nxt) in NUMBER_WORDS)):
                return True
        elif low(w) in NUMBER_WORDS and low(w) not in {"one", "half", "third", "quarter"} and nxt.islower():
            return True
    return False


def misfiled(item: Item) -> str | None:
    """Rule: a Key figures item without a figure, a Positions item nobody is said to hold."""
    if item.section == "figures" and not has_figure(item.text):
        return "under Key figures without a number and what it counts"
    if item.section == "positions" and not attributed(item.text, item.label):
        return "under Positions without a speaker: no label, no one said, urged, warned..."
    return None


def flat(text: str) -> str:
    """Lowercase words only, dates left out: for finding one text inside another."""
    return " ".join(WORD.findall(FULL_DATE.sub(" ", text).lower().replace("’", "'")))


def content_words(text: str) -> tuple[set[str], set[str]]:
    """Content words (lowercased, possessive and plural s dropped, dates left out), and those written in lowercase."""
    out, common = set(), set()
    for w in WORD.findall(FULL_DATE.sub(" ", text).replace("’", "'")):
        key = re.sub(r"'s$", "", w.lower())
        if key in STOP or len(key) < 2 or re.fullmatch(r"(?:19|20)\d\d", key):
            continue
        key = key[:-1] if key.endswith("s") and len(key) > 3 and not key.endswith("ss") else key
        out.add(key)
        if w.islower():
            common.add(key)
    return out, common


def duplicates(items: list[Item]) -> dict[int, str]:
    """Rule: items (by position in `items`) that repeat an earlier one: overlap >= 0.6 of the shorter."""
    found = {}
    sets = [content_words(it.text) for it in items]
    for j in range(len(items)):
        for i in range(j):
            (a, ca), (b, cb) = sets[i], sets[j]
            if items[i].section == items[j].section == "conflicts" or min(len(a), len(b)) < 3:
                continue
            shared = a & b
            overlap = len(shared) / min(len(a), len(b))
            # names alone ("Morgan ... CNN") are not a repeated statement: the shared words must hold two
            # ordinary words, unless one item's text lies inside the other's
            shorter, longer = sorted((flat(items[i].text), flat(items[j].text)), key=len)
            if (overlap >= 0.6 and min(len(a), len(b)) >= 4 and len(shared & ca & cb) >= 2) or (
                    len(shorter.split()) >= 3 and shorter in longer):
                found[j] = f"repeats {items[i].section}[{items[i].index}] ({overlap:.0%} of the shorter's content words)"
                break
    return found
