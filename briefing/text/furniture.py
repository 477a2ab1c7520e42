"""Page furniture: the lines around an article that are not its text, in named rule groups.

Three questions use these rules, each at its own strictness:

* ``furniture_cause``: is this block of any source furniture (advert markers, bylines, share and
  subscribe prompts, credits, cookie notices)? ``strip_markers`` removes the markers that scraping
  glues to real text. (settle)
* ``is_page_furniture`` and ``is_nav_heading``: is this line of a web page furniture, and does
  this heading open a list of links (related stories, most read)? (the HTML reader)
* ``is_boilerplate_sentence``: is this sentence a courtesy or page chrome that should rank low?
  (the per-source summary)
* ``caption_cause``, ``split_label``, ``looks_like_heading``: is this block a photo or video caption,
  a credit, an embed prompt, a crawler's notice, infographic text; does it open with a news site's
  section label ("Related:", "Why it matters:")? (settle, for every reader)

The rules are general (no site's own wording), so that they hold for any source.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefing.text.posts import split_post
from briefing.text.sentences import split_sentences

# re.IGNORECASE matches these with "i", "i" and "s"; str.lower() alone keeps them apart
_IGNORECASE_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def folded(text: str) -> str:
    """The text in lower case as ``re.IGNORECASE`` compares it, for the word tests of ``_Keyed``."""
    if text.isascii() or not ("İ" in text or "ı" in text or "ſ" in text):
        return text.lower()
    return text.translate(_IGNORECASE_FOLD).lower()  # rare, and slow on long text


@dataclass(frozen=True)
class _Keyed:
    """A costly pattern (searched at every position of the text) with the words of which every
    match holds one: the pattern is searched only in a text whose ``folded`` form holds one.
    ``words`` None: searched in every text (an anchored pattern, cheap already)."""

    pattern: re.Pattern[str]
    words: tuple[str, ...] | None = None

    def may_match(self, low: str) -> bool:
        return self.words is None or any(w in low for w in self.words)

    def search(self, text: str, low: str) -> bool:
        return self.may_match(low) and self.pattern.search(text) is not None


# ---------------------------------------------------------------------------------------------
# Blocks of any source (``furniture_cause``, ``strip_markers``)

# an advert marker, alone or glued to the text it precedes ("Advertisement:Statement by ...")
_AD_MARKER = re.compile(
    r"^\s*(advertisement|advertising|advert|ad|sponsored(\s+content)?|promoted(\s+content)?|paid\s+content|"
    r"(story|article)\s+continues\s+(below|after)(\s+(this\s+)?(advertisement|ad))?|"
    r"scroll\s+to\s+continue(\s+with\s+content)?|skip\s+advertisement)\s*[:.\-–—]*\s*",
    re.I,
)
_ERROR_REPORTS = [  # "If you notice an error, select it and press Ctrl+Enter"
    _Keyed(re.compile(r"\b(notice|spot(ted)?|found|see)\s+(an?\s+)?(error|typo|mistake|inaccuracy)\b.*\b(report|press|select|ctrl|let us know|contact)\b", re.I),
           ("error", "typo", "mistake", "inaccuracy")),
    _Keyed(re.compile(r"\b(report|submit)\s+(an?\s+)?(error|typo|correction)\b", re.I), ("error", "typo", "correction")),
    _Keyed(re.compile(r"\bctrl\s*\+\s*enter\b", re.I), ("ctrl",)),
]
_PROMPTS = [  # share, follow and subscribe prompts, "read more" links
    _Keyed(re.compile(r"^(share|tweet|email|print|save|copy link|follow us|like us|subscribe|sign up|sign in|log in|register|download (the|our) app|get the app|join (us|our)|click here|read more|see also|related|more on this|recommended|most read|trending)\b(?!.*[.!?]$)(\W*\w+){0,8}\W*$", re.I)),
    _Keyed(re.compile(r"\b(subscribe|sign up)\b.{0,60}\b(newsletter|updates|alerts|our channel|for free)\b", re.I), ("subscribe", "sign up")),
    _Keyed(re.compile(r"^(share|follow)\s+(this|on|us)\b", re.I)),
    _Keyed(re.compile(r"^follow\s+.{1,60}\s+on\s+(facebook|twitter|instagram|x|threads|tiktok|linkedin)\b", re.I)),
    _Keyed(re.compile(r"^(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email)(\s*[|·,/]\s*(facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|print|copy link))+\s*$", re.I)),
    _Keyed(re.compile(r"^(read|watch|listen)\s+(more|next|also|now)\b.{0,160}$", re.I)),
    # embeds that did not load: "Please enable Javascript to watch this video", "Your browser does not support ..."
    _Keyed(re.compile(r"\b(enable|turn on|allow)\s+(javascript|cookies)\b|\byour browser (does not|doesn['’]t) support\b|"
                      r"^(press |click |tap )?play\b.{0,40}\b(video|audio)\b", re.I), ("javascript", "cookies", "browser", "video", "audio")),
]
_CREDITS = [  # copyright, photo credits
    _Keyed(re.compile(r"^(©|\(c\)|copyright\b).{0,160}$", re.I)),
    _Keyed(re.compile(r"\ball rights reserved\b", re.I), ("all rights reserved",)),
    _Keyed(re.compile(r"^(photo|image|picture|video|file photo|pictured)\s*(credit)?\s*[:|].{0,160}$", re.I)),
]
_COOKIES = [
    _Keyed(re.compile(r"^(we use cookies|this (web)?site uses cookies|by (continuing|using) (to use )?(this|our) (web)?site)\b", re.I)),
]
_UPDATE_NOTES = [  # an editor's note on the story itself: "May 16, 6:00 p.m. Updated with a statement from ..."
    _Keyed(re.compile(r"^(?:(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?|\d[\d:.,]*|"
                      r"[ap]\.?m\.?,?|et|gmt|utc)\s+){0,5}(?:updated|this\s+(?:story|article|post)\s+(?:has\s+been|was)\s+updated)\s+"
                      r"(?:with\s+(?:an?\s+)?(?:statement|comments?|response|reaction|additional|more\s+information|new\s+information)|"
                      r"to\s+(?:include|add|reflect|correct))\b", re.I), ("updated",)),
    # "Earlier versions of this article misspelled the name of ...", "A previous version of this story
    # incorrectly said ...": the correction of the page itself
    _Keyed(re.compile(r"^(?:an?\s+|the\s+)?(?:earlier|previous|prior)\s+versions?\s+of\s+this\s+(?:article|story|report|"
                      r"post|piece)\b", re.I), ("version",)),
    # "Jesse Washington is reachable at jwashington(at)ap.org or http://www.twitter.com/...": the author's address
    _Keyed(re.compile(r"\b(?:is|can\s+be)\s+(?:reachable|reached|contacted)\s+(?:at|via|on)\s+\S*(?:@|\(at\)|twitter|"
                      r"\.com|\.org)", re.I), ("reach", "contacted")),
    # "Updated at 11:02 p.m. ET", "Last updated: March 3, 2019 10:02": a time stamp and nothing else
    _Keyed(re.compile(r"^(?:last\s+)?updated\s*(?:at|on|:)?\s*(?:(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
                      r"[a-z]*\.?,?|\d[\d:.,]*|[ap]\.?m\.?,?|[a-z]{1,2}t|gmt|utc|bst|cet)\s*){1,6}\.?$", re.I), ("updated",)),
]
_SITE_BANNERS = [  # the banner a government or institution puts over every page of its site
    _Keyed(re.compile(r"^an?\s+official\s+(?:web)?site\s+of\s+the\b.{0,120}$", re.I)),
    _Keyed(re.compile(r"\bhere['’]s\s+how\s+you\s+know\b", re.I), ("know",)),
    _Keyed(re.compile(r"(?:^|\s)\.(?:gov|mil)\s+websites?\s+(?:belongs?\s+to|use)\b|\bofficial\s+websites\s+use\s+\.(?:gov|mil)\b", re.I),
           (".gov", ".mil")),
    _Keyed(re.compile(r"\bmeans\s+you['’]ve\s+safely\s+connected\b|\bshare\s+sensitive\s+information\s+only\s+on\b", re.I),
           ("safely", "sensitive")),
]
_FURNITURE = _ERROR_REPORTS + _PROMPTS + _CREDITS + _COOKIES + _UPDATE_NOTES + _SITE_BANNERS  # searched in blocks of up to 300 characters

_BYLINE_NAME = r"[A-Z][\w.'’\-]+(?:\s+(?:de|van|von|al|bin|la|le|da|del)?\s*[A-Z][\w.'’\-]+){0,3}"
# the names keep their capitals ("By then, she was 22 ..." is a sentence, not a byline)
_BYLINE = re.compile(
    rf"^(by|written by|reporting by|reported by|words by|story by|edited by|editing by)\s+(?-i:{_BYLINE_NAME})"
    rf"(\s*(,|and|&|;)\s*(?-i:{_BYLINE_NAME}))*(\s*[,|\-–—]\s*[\w .'’&|\-]{{0,60}})?\.?$",
    re.I,
)
_BYLINE_FOOTER = re.compile(r"^\(?(reporting|writing|editing|additional reporting)\s+by\b.{0,200}\)?$", re.I)

# media furniture that scraping glues to the text it sits beside ("Image copyright Reuters Image
# caption Migrants are crossing ...", "Media playback is unsupported on your device")
_MEDIA_MARKERS = re.compile(
    r"\b(?:Image copyright(?:\s+(?:[A-Z][\w&.'’\-]*|/)){1,4}\s+Image caption|Image (?:copyright|caption)|"
    r"Media playback is unsupported on your device|Media caption|Getty Images Image caption|"
    r"(?:Video|Photo|Image) credit:?)\s*",
)


# A block's text comes again as its sentence when the paragraph is one sentence (about a quarter of
# the calls), and wire copy repeats across sources: each worker keeps the latest answers.
@functools.lru_cache(maxsize=4096)
def furniture_cause(text: str) -> str | None:
    """Return why a block is page furniture, or None when it is content."""
    t = text.strip()
    if not t:
        return "empty"
    if _AD_MARKER.fullmatch(t) or _AD_MARKER.fullmatch(t + " "):
        return "advert marker"
    if _BYLINE.match(t) or _BYLINE_FOOTER.match(t):
        return "byline"
    if re.fullmatch(r"\[[^\[\]]{10,}\][.:]?", t):
        return "editor's note"  # "[Note: in the test, above, the woman's eyes ...]": about the page, in brackets
    if len(t) <= 300:
        low = folded(t)
        if any(rule.search(t, low) for rule in _FURNITURE):
            return "furniture"
    if not re.search(r"\w", t):
        return "no words"
    return None


def strip_markers(text: str) -> str:
    """Remove advert markers glued to the start of real text ("Advertisement:Statement by ...") and
    media captions' furniture glued into it. A block its caption markers open, and short of a
    sentence, is the caption itself: nothing is left of it ("Image copyright PA Image caption Police
    said the drone had struck an Airbus A320, similar to this one")."""
    m = _AD_MARKER.match(text)
    if m and m.end() < len(text) and re.search(r"[:.\-–—]", m.group(0)):
        text = text[m.end():].lstrip()
    if "Image" in text or "Media" in text or "credit" in text:
        caption = _CAPTION_MARKER.match(text)
        text = _MEDIA_MARKERS.sub("", text).strip()
        if caption and len(text.split()) <= 40 and not text.endswith((".", "!", "?", "”", '"')):
            return ""
    return text


# a scraped media caption's own markers opening a block: what follows them is the caption
_CAPTION_MARKER = re.compile(r"^(?:Image copyright\b.{0,60}?\bImage caption|Image caption|Media caption)\b")


# ---------------------------------------------------------------------------------------------
# Lines of a web page (``is_page_furniture``, ``is_nav_heading``): a whole short line must match

_SHARE_WORD = r"(?:share|tweet|e-?mail|print|save|copy\s+link|facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|messenger|flipboard)"
# each group is a verbose-mode alternation (whitespace in it is not matched)
_PAGE_LINE_GROUPS = {
    "advert": r"""advert(?:isement|ising)?|ads?|sponsored(?:\s+(?:content|links?|stories))?|paid\s+(?:content|post)
        | promoted(?:\s+(?:content|stories|links))?
        | (?:story|article|text)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?
        | continue\s+reading(?:\s+(?:below|the\s+main\s+story))?|scroll\s+(?:down\s+)?to\s+continue.*""",
    "share": rf"""share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post|video))?(?:\s+(?:on|via|with)\s+\w+)?
        | {_SHARE_WORD}(?:\s*[|/·•,]?\s*{_SHARE_WORD})*
        | follow\s+(?:us|me)\b.*|like\s+us\s+on\s+facebook.*""",
    "more": r"""(?:read|see|watch|listen)\s+(?:more|next|also|now)\b.*|more\s+(?:from|on|about)\s+.{0,60}
        | related(?:\s+(?:articles?|stories|content|coverage|links?|topics?|videos?|news))?(?:\s*:.*)?
        | recommended(?:\s+(?:for\s+you|stories|articles|reading|videos?))?|you\s+(?:may|might)\s+also\s+like.*
        | most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|top\s+stories|editor'?s\s+picks?""",
    "subscribe": r"""(?:sign\s+up|subscribe|log\s*in|sign\s+in)\b.{0,120}
        | (?:presented|sponsored|brought\s+to\s+you|powered|supported)\s+by\b.{0,100}
        | (?:get|receive)\s+(?:our|the)\s+.{0,40}newsletter.*|newsletters?\b.{0,80}
        | click\s+here\b.*|tap\s+here\b.*|skip\s+(?:to\s+)?(?:content|main\s+content|navigation|ad)""",
    "credits": r"""(?:copyright|\(c\)|©).{0,150}|all\s+rights\s+reserved.*
        | this\s+material\s+may\s+not\s+be\s+published.*
        | (?:photo|image|picture|video|graphic|illustration|credit)s?\s*:\s*.{0,80}
        | (?:getty\s+images|afp|ap\s+photo|reuters|shutterstock|file\s+photo)(?:\s*/\s*\w+)*""",
    "timestamps": r"""(?:published|updated|posted|last\s+(?:updated|modified)|first\s+published)\b(?=.*\d).{0,80}
        | (?:loading|please\s+wait)\b.{0,30}|(?:play|watch)\s+video.{0,60}|\d{1,2}:\d{2}""",
    "navigation": r"""back\s+to\s+top|top\s+of\s+page|next\s+article|previous\s+article|close|menu|search
        | (?:report\s+an?\s+(?:error|typo|correction)|contact\s+us|terms\s+of\s+(?:use|service)|privacy\s+policy).{0,60}""",
    "comments": r"""(?:\d+\s+)?comments?(?:\s*\(\d+\))?|join\s+the\s+(?:conversation|discussion)|(?:leave|post|add)\s+a\s+comment
        | show\s+comments|view\s+comments""",
    "tags": r"""(?:tags?|topics?|filed\s+under|categories)\s*:.{0,150}""",
}
_PAGE_LINE = re.compile(
    "^(?:" + "\n|".join(_PAGE_LINE_GROUPS.values()) + ")[.!:…]*$", re.I | re.X | re.S
)
# a byline: "By Jane Doe", "By JANE DOE and John Roe, Reuters" (names are capitalised; "By Monday,
# the river had fallen." is not one)
_PAGE_NAME = r"(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z][\w.'’-]*"
_PAGE_BYLINE = re.compile(
    rf"^(?:By|BY|Written\s+by|Reporting\s+by)\s+{_PAGE_NAME}(?:\s+(?:{_PAGE_NAME}|de|da|van|von|der|al|bin|la|le))*"
    rf"(?:\s*(?:,|and|&)\s*{_PAGE_NAME}(?:\s+{_PAGE_NAME})*)*"
    r"(?:\s*[,|/–—-]\s*[^.!?]{0,40})?$"
)
# credits and notices that may run longer, anywhere in a block of up to 60 words
_NOTICE = _Keyed(re.compile(
    r"""(?:contributed(?:\s+reporting)?\s+to\s+this\s+(?:report|story|article)
      | (?:we|this\s+(?:site|website))\s+uses?\s+cookies
      | by\s+(?:continuing|using)\s+(?:to\s+(?:use|browse)\s+)?(?:this|our)\s+(?:site|website)
      | (?:accept|allow|manage)\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings|preferences)
      | (?:has|have)\s+been\s+automatically\s+generated\s+from\s+a\s+syndicated\s+feed
      | subscribe\s+(?:now|today)\s+(?:to|for)\b
      | (?:enable|turn\s+on)\s+javascript|your\s+browser\s+(?:does\s+not|doesn.t)\s+support
    )""",
    re.I | re.X,
), ("contributed", "cookie", "continuing", "using", "automatically", "subscribe", "javascript", "browser"))
# headings whose list below is navigation: related stories, most read, comments
_NAV_HEADING = re.compile(
    r"""^(?:related(?:\s+(?:articles?|stories|content|coverage|links?|topics?|reading|news|videos?))?
      | more\s+(?:from|on|about|in)\s+.{0,40}|more\s+(?:stories|news|videos|coverage|headlines)(?:\s+.{0,30})?
      | more\s+to\s+(?:read|explore)|more\s+like\s+this|read\s+(?:more|next|also)|what\s+to\s+read\s+next
      | further\s+reading|recommended(?:\s+(?:for\s+you|stories|reading|articles|videos?))?
      | you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)
      | most\s+(?:read|popular|viewed|shared|commented)(?:\s+.{0,20})?|trending(?:\s+(?:now|stories|news))?
      | top\s+(?:stories|news|headlines)|popular(?:\s+(?:now|stories|articles|right\s+now))?
      | latest(?:\s+(?:news|stories|headlines|videos))?|editor'?s\s+picks?|in\s+other\s+news|around\s+the\s+web
      | sponsored(?:\s+(?:content|stories|links))?|(?:\d+\s+)?comments?(?:\s*\(\d+\))?
      | (?:join|read)\s+the\s+(?:conversation|discussion|comments)|share\s+this(?:\s+(?:article|story))?
      | follow\s+us(?:\s+on\s+.{0,20})?|sign\s+up(?:\s+for\s+.{0,40})?|newsletters?
    )[.:!…]*$""",
    re.I | re.X,
)
_URL = _Keyed(re.compile(r"(?:https?://|www\.)\S+", re.I), ("http", "www."))


def is_page_furniture(text: str) -> bool:
    """Return True for a line of a web page that is furniture: a short page line or byline, a
    notice or credit, or a list of links."""
    words, low = len(text.split()), folded(text)
    if words <= 14 and (_PAGE_LINE.match(text) or _PAGE_BYLINE.match(text)):
        return True
    if words <= 60 and _NOTICE.search(text, low):
        return True
    urls = sum(len(u) for u in _URL.pattern.findall(text)) if _URL.may_match(low) else 0
    return bool(urls) and urls >= 0.4 * len(text.replace(" ", ""))  # a list of links, not prose


def is_nav_heading(text: str) -> bool:
    """Return True for a heading over a list of links: "Related stories", "Most read", "Comments"."""
    return _NAV_HEADING.match(text) is not None


# ---------------------------------------------------------------------------------------------
# Sentences that rank low (``is_boilerplate_sentence``): courtesies and page chrome

_COURTESY_SENTENCE = _Keyed(re.compile(
    r"\b(thank you|thanks|good (morning|afternoon|evening)|ladies and gentlemen|it['’]?s (great|good|nice) to|"
    r"glad to|pleasure to|spoke candidly|candid|cordial|warm welcome|congratulat|click|subscribe|"
    r"look(?:s|ing)?\s+forward\s+to|(?:happy|pleased|honou?red|delighted)\s+to\s+(?:see|be\s+here|meet|welcome|host)|"
    r"all rights reserved|photo|follow us|sign up|cookie)\b",
    re.I,
), ("thank", "good", "ladies", "great", "nice", "glad", "pleasure", "candid", "cordial", "welcome", "congratulat", "click",
    "subscribe", "rights", "photo", "follow", "sign up", "cookie", "forward", "happy", "pleased", "honored", "honoured",
    "delighted"))


def is_boilerplate_sentence(text: str) -> bool:
    """Return True for a sentence of courtesies or page chrome ("Thank you", "Subscribe", "Photo")."""
    return _COURTESY_SENTENCE.search(text, folded(text))


# ---------------------------------------------------------------------------------------------
# Captions, credits, labels, embeds, crawler notices (``caption_cause``, ``split_label``): by shape,
# position and vocabulary, for blocks of every kind of source

_FILE_PHOTO = _Keyed(re.compile(r"^(?:FILE\s*[-–—:]|\(?file\)?\s*[-–—])|\bin\s+th(?:is|e)\s+(?:\S+\s+){0,6}(?:file\s+)?photo\b"
                                r"|\bthis\s+(?:\S+\s+){0,6}(?:file\s+)?photo\s+(?:shows|taken|released|provided)\b", re.I),
                     ("file", "photo"))
_PHOTO_CREDIT = _Keyed(re.compile(
    r"\((?:[^()]{0,40}\b(?:photo|photograph|image|video|file)\b[^()]{0,60})\)\s*\.?$"
    r"|\b(?:photo|photograph|image|video)s?\s+(?:by|courtesy\s+of|credit)\b.{0,80}$"
    r"|\b(?:getty\s+images|shutterstock|ap\s+photo|reuters/|afp\s+via)\b", re.I),
    ("photo", "image", "video", "file", "getty", "shutterstock", "reuters/", "afp"))
_CAPTION_UI = _Keyed(re.compile(r"\b(?:show|hide)\s+caption\b|^\s*\d+\s*/\s*\d+\s+|^\s*image\s+\d+\s+of\s+\d+|\bVIRIN\b|"
                                r"^\s*(?:CLOSE|Close)\s+(?=[A-Z])", re.I),
                     ("caption", "/", "image", "virin", "close"))
# "Jane Doe, left, and John Roe unveil the ...": where people stand, and what they do, in the present
_POSITION = _Keyed(re.compile(r",\s+(?:left|right|center|centre|second\s+(?:from\s+)?(?:left|right)|top|bottom|foreground|"
                              r"background)\s*,|\((?:L|R|C|left|right|center)\)|\bfrom\s+left\b|\b(?:pictured|is\s+seen|are\s+seen)\b", re.I),
                   ("left", "right", "center", "centre", "top", "bottom", "ground", "(l)", "(r)", "(c)", "pictured", "seen"))
_PRESENT_ACTION = re.compile(r"\b(?:[a-z]+(?<!s)s|looks\s+on|look\s+on|pose|poses|unveil|unveils|arrive|arrives|"
                             r"attend|attends|speak|speaks|walk|walks|wait|waits|hold|holds|stand|stands|sit|sits|"
                             r"gesture|gestures|listen|listens|wave|waves|celebrate|celebrates|react|reacts)\b")
_SAID = re.compile(r"\b(?:said|says|told|tells|according\s+to)\b", re.I)
# "Dallas Bishop Edward Burns addresses the media Aug. 19, 2018, during a news conference."
_DATED_SCENE = re.compile(r"^(?:[A-Z][\w.'’\-]*\s+){1,6}(?!is\b|has\b|says\b|was\b)[a-z]{3,}s\b.*\b(?:Jan|Feb|Mar|Apr|May|"
                          r"June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,\s+(?:19|20)\d\d\b")
# "... during a patrol in Kissimmee, Florida, Oct. 10, 2024.": a scene closed by its date, as
# captions are written (prose says "on Oct. 10", or "Thursday, Oct. 10" after a verb of reporting)
_ENDS_ON_DATE = re.compile(r"(?<!day),\s+(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+"
                           r"\d{1,2},\s+(?:19|20)\d\d\.?\s*$")
# "An employee holds circuit boards at the warehouse in Sao Paulo March 6, 2013.": a place and a date
# with no "on" between them close a caption (prose says "in Sao Paulo on March 6, 2013")
_PLACE_DATE_END = re.compile(r"\b[A-Z][a-z]+\s+(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+"
                             r"\d{1,2},\s+(?:19|20)\d\d\.?\s*$")
_REPORTED = re.compile(r"\b(?:said|says|told|tells|according\s+to|is|are|was|were|has|have|had|will|would|"
                       r"[a-z]+ed)\b", re.I)
_VIDEO_CREDIT = re.compile(r"\((?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\)\s+[A-Z][\w&.]*\s*$")
_EMBED = _Keyed(re.compile(
    r"\b(?:watch|see|view|listen\s+to)\s+(?:it|the\s+(?:full\s+)?(?:video|clip|interview|speech|trailer|footage|"
    r"segment|report|photos?|gallery|slideshow)|them)\s+(?:below|above|here)\b"
    r"|\b(?:click|tap)\s+(?:the\s+)?(?:image|photo|video|link|here|below|above)\b|\b(?:video|photos?|gallery)\s+(?:below|above)\b"
    r"|\bview\s+comments\b|\bpic\.twitter\.com/|\badd\s+a\s+location\s+to\s+your\s+tweets\b"
    r"|\bembed(?:ded)?\s+(?:video|tweet|code)\b|\bthis\s+(?:video|content)\s+is\s+(?:not\s+)?available\b"
    r"|\b(?:with|in|on|via)\s+(?:this|these|the\s+following)\s+(?:tweets?|videos?|photos?|pictures?|posts?|clips?|images?|"
    r"instagram\s+posts?)\s*[.:!]?[\"”]?$"  # "... backed off with this tweet.": what it shows is not on the page
    r"|\b(?:don['’]t|do\s+not)\s+miss\s+(?:a\s+thing|out|it)\b|\bstay\s+tuned\b"
    r"|\bcopy\s+this\s+code\b|\bautoplay\b|\bon\s+(?:vimeo|youtube)\s*\.?$|\bh/t\b|\bimage\s+via\b|\bvia\s+@\w"
    r"|\bpage\s+\d+\s+of\s+\d+\b|\bfree\s+(?:\d+[- ]day\s+)?(?:free\s+)?trial\b|\bunlimited\s+digital\s+access\b"
    r"|\b(?:life\s*line|hotline|helpline|crisis\s+(?:center|line))\b.{0,120}\b(?:call|text|24/7|anytime)\b"
    r"|\b(?:call|text)\b.{0,80}\b(?:life\s*line|hotline|helpline|crisis\s+(?:center|text\s+)?line)\b|^(?:how|where)\s+to\s+get\s+help\b"
    r"|\bwhen\s+the\s+video\s+has\s+been\s+rented\b|\bthis\s+feature\s+is\s+not\s+available\s+right\s+now\b",  # a player's own text
    re.I),
    ("below", "above", "here", "click", "tap", "comment", "pic.twitter", "tweet", "embed", "available", "video", "photo",
     "picture", "post", "clip", "image", "miss", "tuned", "code", "autoplay", "vimeo", "youtube", "h/t", "@", "page",
     "trial", "access", "line", "crisis", "help", "rented", "feature"))
# web archives and crawlers describe their own crawls in words no article uses together
_CRAWL_WORDS = _Keyed(re.compile(r"\b(?:crawl(?:ed|er|s)?|seeds?|urls?|inter-?domain|domains?|wayback|wide\d+|"
                                 r"archive[ds]?|snapshot|robots\.txt|highly\s+ranked|slash\s+pages|no\s+more\s+404|sites)\b", re.I),
                      ("crawl", "seed", "url", "domain", "wayback", "wide", "archive", "snapshot", "robots", "highly", "slash",
                       "404", "sites"))
_URL_LED = re.compile(r"^(?:https?://|www\.)\S+")
_PROMO_ASIDE = re.compile(r"^\((?:also|more|related|read|see|watch)\b[^()]{0,200}\)\.?$", re.I)


# "Katie Holmes spotted out and about in New York City on April 17.", "Halle Berry attended the awards
# on June 1 at Ricardo Montalban Theatre in Los Angeles.": one short sentence about someone, the day
# the picture was taken near its end, as a gallery captions each of its photos
_SHOT_DAY = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b")
GALLERY = 5  # so many such captions in one source are a photo gallery, not an article's sentences


def is_gallery_caption(text: str) -> bool:
    """Whether a block reads as one caption of a photo gallery (``GALLERY`` of them make one)."""
    t = text.strip()
    words = t.split()
    if not 5 <= len(words) <= 40 or "(@" in t or _SAID.search(t) or len(split_sentences(t)) != 1:
        return False
    days = list(_SHOT_DAY.finditer(t))
    return bool(days) and len(t[: days[-1].start()].split()) >= 4 and len(t[days[-1].end():].split()) <= 12


@functools.lru_cache(maxsize=4096)  # as furniture_cause
def caption_cause(text: str) -> str | None:
    """Why a block is a caption, a credit, an embed or a crawler's notice, else None."""
    t = text.strip()
    if not t:
        return None
    post = split_post(t)
    if post is not None:  # settle keeps a post as its author's words; it is never a caption or a title
        return "embedded post" if post.body else "embed prompt"  # (a post of a picture alone says nothing)
    words, low = len(t.split()), folded(t)
    if _CAPTION_UI.search(t, low) or (words <= 80 and _FILE_PHOTO.search(t, low)):
        return "photo caption"
    if words <= 70 and _PHOTO_CREDIT.search(t, low) and not _SAID.search(t):
        return "photo credit"
    if words <= 70 and _POSITION.search(t, low) and _PRESENT_ACTION.search(t) and not _SAID.search(t):
        return "photo caption"
    if words <= 45 and _DATED_SCENE.search(t) and not _SAID.search(t):
        return "photo caption"
    if words <= 60 and (_ENDS_ON_DATE.search(t) or _PLACE_DATE_END.search(t) and _PRESENT_ACTION.search(t)) and \
            not _REPORTED.search(t):
        return "photo caption"
    if words <= 60 and _VIDEO_CREDIT.search(t):
        return "video caption"
    if words <= 80 and _EMBED.search(t, low):
        return "embed prompt"
    if words <= 80 and _CRAWL_WORDS.may_match(low) and len({w.lower() for w in _CRAWL_WORDS.pattern.findall(t)}) >= 2:
        return "crawler notice"
    if _PROMO_ASIDE.match(t):
        return "promotion"
    if _URL_LED.match(t):
        return "link"
    return None


# a news site's section label over or before a paragraph: "Related:", "Why it matters:", "UPDATE:"
_LABEL = re.compile(
    r"^[>»›•*\s-]*(?P<label>(?:related(?:\s+(?:articles?|stories|coverage|videos?|content|galler(?:y|ies)|links?))?|"
    r"read\s+more|see\s+also|also\s+read|sources?|date|to|from|subject|re|cc|memorandum|"
    r"more|update(?:d)?|(?:\w+day\s+)?update|previous(?:ly)?|correction|clarification|editor'?s\s+note|note|"
    r"why\s+it\s+matters|the\s+details|details|go\s+deeper|the\s+big\s+picture|big\s+picture|between\s+the\s+lines|"
    r"what\s+they'?re\s+saying|what'?s\s+next|what'?s\s+new|by\s+the\s+numbers|driving\s+the\s+news|catch\s+up\s+quick|"
    r"the\s+bottom\s+line|bottom\s+line|flashback|background|context|the\s+backstory|yes,\s+but|reality\s+check|"
    r"watch|video|photos?|pics|gallery|exclusive|breaking(?:\s+news)?|developing|live|opinion|analysis)"
    r")\s*[:|]\s*", re.I)


# labels over what is never the article's text: the whole block goes
DROP_LABELS = frozenset({"sources", "source", "related", "more", "read more", "see also", "also read", "photos", "photo",
                         "pics", "gallery", "video", "watch", "to", "from", "cc", "subject", "re", "date", "memorandum"})


def split_label(text: str) -> tuple[str | None, str]:
    """A block's leading section label and the text after it ("Related: ..." -> "Related", "...")."""
    m = _LABEL.match(text)
    if not m or not text[m.end():].strip():
        return None, text
    return m.group("label"), text[m.end():]


# a bullet before a short line with no closing stop: a link or a highlight, not the article's text
_BULLET_LINE = re.compile(r"^\s*[•*▪►‣-]\s+(?P<rest>.{0,140})$")
# UI words that scraping leaves at the start of a block ("Tweet View Comments", "Embed ... autoplay")
_UI_LEAD = re.compile(r"^(?:(?:Tweet|Share|Email|Print|Comments?|View\s+Comments|Embed|Close|CLOSE)\s+)+(?=[A-Z\"“])")
# a headline and byline glued before the text: "Huntsman to skip debate By Justin Sink - Jon Huntsman ..."
_HEADLINE_BYLINE = re.compile(r"^(?P<head>[^.!?]{5,120}?)\s+By\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}\s+[-–—|]\s+")


def strip_scraps(text: str) -> str | None:
    """Text without the scraps a scraper glues to it (UI words, a headline and byline before it);
    None when the block is only a bulleted link or highlight."""
    m = _BULLET_LINE.match(text)
    if m and not re.search(r"[.!?…][\"'”’)]*$", m.group("rest").strip()) and len(m.group("rest").split()) <= 16:
        return None
    text = _UI_LEAD.sub("", text)
    m = _HEADLINE_BYLINE.match(text)
    if m and looks_like_heading(m.group("head")) or (m and len(m.group("head").split()) <= 12):
        text = _UI_LEAD.sub("", text[m.end():])
    return text


def looks_like_heading(text: str) -> bool:
    """Whether a line reads as a heading, a link or infographic text, not a sentence: short, no
    closing punctuation, most words capitalised ("DOD Remains Engaged in Hurricane Response")."""
    t = text.strip()
    words = re.findall(r"[\w'’\-]+", t)
    if not 2 <= len(words) <= 16 or re.search(r"[.!?…][\"'”’)]*$", t):
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return caps >= 0.6 * len(words)


# A report's dateline: "WASHINGTON —", "LAS VEGAS, June 10 --", "KYIV, Ukraine (AP) —", "Moscow (Reuters) -".
# A place in capitals (an agency in brackets may follow), or any place with its agency, then a dash;
# a lone hyphen only with spaces around it ("U.S.-China" is no dateline).
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\-]{2,}(?:\s+[A-Z][A-Z.'’\-]+){0,2}\s+(?=(?:A|An|The)\s)|"  # "HOUSTON A man who had fired ..."
    r"\d{1,2}:?\d\d\s*(?:[AaPp]\.?[Mm]\.?)\s*(?:[A-Z]{1,2}T\b)?\s*[:—–-]\s*(?=[A-Z\"“])|"  # a live blog's "10:45 AM PT:"
    r"[A-Z][\w.]+(?:,\s+[\w. ]+)?\s+\((?:[A-Z]{2,6}|Reuters)\)(?=\s*[A-Z\"“])\s*|"  # "London (CNN)It was ..."
    r"(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s+[A-Z][\w.'’\-]+(?:\s+[\w.'’\-]+){0,2})?"
    r"(?:\s+\([^)]{1,40}\))?|[A-Z][\w.]+(?:,\s+[\w. ]+)?\s+\([^)]{1,30}\)|"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s+(?!(?:Jr|Sr)\.)[A-Z][a-z]{1,4}\.)"  # "Dekalb, Ill. —": a place, its state abbreviated
    r"(?:\s*[—–]+|\s*--|\s+-)\s*(?=[A-Z\"“]))"
)
