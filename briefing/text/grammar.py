"""Word classes of English that every stage reads text by: discourse openers, openers that lean on
the sentence before, the verbs that report speech, verb forms that follow a subject, and the marks
of a quotation. Vocabulary and shape only: no source, no model."""

from __future__ import annotations

import re

# discourse openers that lean on the sentence before ("But", "However,"): removed, the sentence kept
OPENER = re.compile(
    r"^(?:But|However|Also|Meanwhile|And|Or|So(?!\s+far\b|-)|Still(?=,)|Yet|Instead|Moreover|Furthermore|"
    r"Additionally|Nevertheless|Nonetheless|Besides|In addition(?=,)|Then(?=,)|Thus|Therefore|Hence|Otherwise|Even so|"
    r"After all|In turn|Likewise|Similarly|Indeed|In fact|Of course|Again(?=,)|Now(?=,)|That said|"
    r"At the same time|On the other hand|In the meantime|By contrast|In contrast|As a result|Rather|Separately|"
    r"Alternatively|Consequently|Accordingly|Regardless|Anyway|Plus|Further(?=,)|Then again|After(?=,)|"
    r"Afterwards?(?=,)|(?:Shortly\s+)?[Tt]hereafter(?=,)|"
    r"Then(?=\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|last|this|that|in|on|at|early|late)\b)|"
    r"Yeah|Yes(?=,)|Well(?=,)|Oh(?=,)|Okay(?=,)|OK(?=,)|Sure(?=,)|Look(?=,)|Now then|"
    r"You(?:['’]ll|\s+may|\s+might|\s+will)\s+recall(?:\s+that)?)\b,?\s+"
)
# "this week", "these days": a time the reader shares, not something said before
_TIME_NOUNS = (r"(?:moment|hour|week|month|year|morning|afternoon|evening|weekend|summer|spring|autumn|fall|winter|time|day|season|"
               r"decade|century)s?\b")
# openers whose referent is an earlier sentence or phrase: not resolved, the sentence is not used;
# also a fronted phrase that points back ("To combat this, ...", "Without these proteins to protect
# them, ...", "After that, ..."), which cannot simply go ("brain cells die off" is not what was said)
LEANS_BACK = re.compile(
    r"^(?:(?:Of\s+(?:that|those|these|them|this|it)|Among\s+(?:them|those|these)|Since\s+then|By\s+then|If\s+(?:not|so)\b|"
    r"No(?=,)|"  # "No, except for the five seconds ...": the answer to a question before
    r"(?:Sounds|Looks|Seems)\s+like|"  # "Sounds like someone's summer internship is over.": a remark on what came before
    r"Many(?!\s+\d)|Most(?!\s+\d)|Some(?!\s+\d)|Few(?!\s+\d)|All\s+of\s+(?:them|those|these)|\(|"
    r"(?:\w+|\d+)\s+of\s+(?:them|those|these)\b|"
    r"(?:This|These|Those|That|Such|Both|"
    r"Neither|Either|Its|Their|His|Her|Here|Another|Others?|Some\s+of\s+(?:them|those|these))"
    r"(?!\s+" + _TIME_NOUNS + r"))\b|"
    r"(?:To|Before|After|Despite|Because\s+of|Besides|Without|With|Given|Unlike|Using|Following|Beyond|For|In|At|On|"
    r"During|Under|Since|Until|Within|From|By|(?:Immediately\s+)?[Uu]pon|"
    r"In\s+(?:addition|response|reaction)\s+to|As\s+a\s+result\s+of|On\s+top\s+of|(?:Apart|Aside)\s+from)\b"
    r"(?:\s+[\w'’\-]+){0,3}?\s+(?:(?:this|these|those)(?!\s+" + _TIME_NOUNS + r")|them|"
    r"that(?=\s*,|\s+[a-z]+\s*,))\b(?:\s+[\w'’\-]+){0,4},|"  # a short phrase: "In one of the worst ... that this" is none
    # a demonstrative subject after a short opening phrase: "For some, this indicates that ..."
    r"[A-Z][^,;:\"“”]{1,30},\s+(?:(?:this|these|those)(?!\s+" + _TIME_NOUNS + r")|"
    r"that(?=\s+(?:is|was|has|had|would|will|could|did|does|means|meant)\b))\b)"
)
# "It is unclear whether ...", "It's time to ...": an "it" that stands for nothing before it
EXPLETIVE_IT = re.compile(
    r"^It(?:['’]s|\s+(?:is|was|has been|had been|will be|would be|seems|seemed|appears|appeared|remains|remained|"
    r"may be|might be|could be|became|becomes))\s+(?:not\s+)?(?:\w+\s+){0,3}?(?:that|to|whether|if|unclear|clear|"
    r"likely|unlikely|possible|impossible|time|expected|estimated|believed|reported|understood|thought)\b")

# the verbs that report speech
SAID = (r"(?:said|says|told|tells|added|adds|wrote|writes|explained|explains|continued|recalled|recalls|noted|"
        r"insisted|argued|began|concluded|quipped|joked|replied|answered|asked|declared|announced|stated|remarked|"
        r"tweeted|posted|captioned|shouted|yelled|acknowledged|admitted|observed|warned|cautioned|stressed)")

# right after a bare definite subject, a verb (or an adverb before it): "The ministers voiced", not
# "The court case Love v. ..." (a compound, named by what follows)
COMMON_VERBS = (
    "say claim believe think want need hope expect plan include remain seem appear become continue face make take "
    "give get call ask tell work live hold lead run own use help allow require mean look feel know see agree argue "
    "describe explain suggest show indicate reveal find note add insist warn urge deny admit accuse blame "
    "come leave follow mark reach win lose end start begin"
).split()
VERB_FORMS = "|".join(sorted({v for base in COMMON_VERBS for v in (base, base + "s" if not base.endswith(("s", "sh", "ch"))
                                                                    else base + "es")} | {"has", "does", "goes"}))
IRREGULAR_PAST = (
    "said told began came went took made gave got found knew thought saw spent sent left held paid lost won built kept "
    "met led fled fought bought brought caught taught sold stood understood hit put set cut shut let fell rose grew drew "
    "threw flew ran became broke chose drove spoke stole wrote ate hid rode shook swore tore wore sank struck sat sang "
    "rang swam felt heard meant slept dealt lay fed"
).split()
VERB_NEXT = re.compile(r"\s*(?:,|\b(?:(?!(?:rely|reply|apply|supply|imply|comply|fly|ally)\b)\w+ly|also|now|still|"
                       r"already|just|never|often|is|are|was|were|has|have|had|will|would|can|could|may|might|must|"
                       r"should|did|does|do|(?:is|are|was|were|has|have|had|do|does|did|could|would|should)n['’]t|"
                       r"won['’]t|can['’]t|[a-z]+ed|" + "|".join(IRREGULAR_PAST) + "|" + VERB_FORMS + r")\b)")
# a finite verb somewhere: the sentence says something of its subject
VERBISH = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|did|does|do|said|says|told|"
    r"added|[a-z]{3,}ed)\b")
# ... and more surely: also a common verb's third person or past, or a pronoun and the word after it
# ("We need ..."), never a bare infinitive ("for failure to appear")
FINITE = re.compile(VERBISH.pattern + r"|\b(?:" + "|".join(f for f in VERB_FORMS.split("|") if f not in COMMON_VERBS)
                    + "|" + "|".join(IRREGULAR_PAST) + r")\b|\b(?:I|[Ww]e|[Yy]ou|[Tt]hey|[Hh]e|[Ss]he|[Ii]t)\s+[a-z]+")


# an opening quotation mark
QUOTE_OPEN = re.compile(r"^[\"“‘']+\s*")
# a single mark closing a quotation, as British papers print them: after the quotation's own
# punctuation ("...,' Motes said"), never an apostrophe ("the girls' mother")
SINGLE_CLOSE = r"(?<=[,!?])['’]"
# a speaker's false start in a transcript, cut off and begun again: "Prime Minister Netanya- — Netanyahu",
# "40,000 power work- — powerline workers" (begun again from the word before the cut one), "little
# substitute for — to face-to-face discussions", "I'm — I cannot prove" (a small word begun again)
_RESTARTED = r"(?:for|to|in|on|at|of|with|by|from|about|into)"
FALSE_START = re.compile(r"\b(?:(?P<cut>\w{2,})|(?P<word>\w{2,})\s+\w{2,})-\s*[—–]\s*(?=(?P=cut)\w|(?P=word)\w)"
                         r"|\b" + _RESTARTED + r"\s+[—–]\s+(?=" + _RESTARTED + r"\b)|\bI['’]m\s+[—–]\s+(?=I\b)")
# a verb that says who spoke: the reporting verbs, and the ways a crowd or a document speaks
ATTRIBUTION = re.compile(r"\b(?:" + SAID + r"|say|asks|states|according to|chant(?:s|ed)?|yell(?:s|ed)?|"
                         r"shout(?:s|ed)?|quoted\s+(?:\w+\s+){1,4}as\s+saying)\b")


def close_quotation(text: str) -> str:
    """A quotation that runs on into the next sentence, closed where this sentence ends (the rest of
    it is not cited, so nothing is claimed for it)."""
    if text.count("“") > text.count("”"):
        return text + "”"
    if text.count('"') % 2:
        return text + '"'
    return text


def outside_quotes(text: str) -> str:
    """The text with its quotations blanked out: what the writer says, not the quoted."""
    return re.sub(r"[\"“][^\"“”]*[\"”]?", " ", text)
