"""Markup into text: the one place where HTML (and the XML trafilatura extracts) becomes Blocks.

Three shapes of markup reach the readers, and each has its entry point here:

* ``body_blocks``: the article body trafilatura extracted from a web page (its XML: head, p,
  list/item, quote, table/row/cell, lb);
* ``html_blocks``: an HTML fragment, such as a feed entry's content or title;
* ``strip_tags``: text with inline HTML in it, such as a Markdown paragraph.

They share what markup means for text: the elements whose content is never prose
(``NOT_TEXT``), the spaces and invisible characters that collapse (``norm``), that a blank line
(two ``<br>``) always ends a paragraph, and that texts compare by their words (``word_key``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from briefing.model import Block

# elements whose content is not prose, wherever they appear
NOT_TEXT = ("script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head", "title",
            "select", "button")

_WORD = re.compile(r"\w+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’)\]」』]*$")


def norm(s: str) -> str:
    """Collapse every kind of space into one and drop invisible characters (soft hyphens too)."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", s)).strip()


def word_key(s: str) -> str:
    """The words of a text, lower case: what two texts are compared by, whatever their markup."""
    return " ".join(_WORD.findall(s.lower()))


# ---------------------------------------------------------------------------------------------
# trafilatura's XML body

_CONTAINERS = ("quote", "div", "section", "note", "article", "main")
_BLOCKISH = ("p", "head", "list", "quote", "table", "div")


def body_blocks(body) -> list[Block]:  # noqa: ANN001 - an lxml element
    """Turn trafilatura's XML body (head, p, list/item, quote, table, ...) into Blocks."""
    blocks: list[Block] = []
    _walk_body(body, blocks)
    return blocks


def _walk_body(node, blocks: list[Block]) -> None:  # noqa: ANN001
    for el in node:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            _add(blocks, _text_of(el).replace("\n", " "), heading=True)
        elif tag == "list":
            _add_list(el, blocks)
        elif tag == "table":
            for row in el.iter("row"):
                cells = (norm(_text_of(c, skip=())) for c in row if c.tag == "cell")
                line = " | ".join(c for c in cells if c)
                if line:
                    blocks.append(Block(line))
        elif tag in _CONTAINERS and any(isinstance(c.tag, str) and c.tag in _BLOCKISH for c in el):
            if el.text and el.text.strip():
                _add(blocks, el.text)
            _walk_body(el, blocks)
        elif tag in ("code", "graphic", "pre"):
            pass  # code and images are not prose
        elif tag:
            _add(blocks, _text_of(el))
            for sub in el:
                if sub.tag == "list":  # a list inside a paragraph: its items are blocks too
                    _add_list(sub, blocks)
        if el.tail and el.tail.strip():
            _add(blocks, el.tail)


def _add_list(lst, blocks: list[Block]) -> None:  # noqa: ANN001
    for item in lst:
        tag = item.tag if isinstance(item.tag, str) else ""
        if tag == "item":
            _add(blocks, _text_of(item))
            for sub in item:
                if sub.tag == "list":
                    _add_list(sub, blocks)
        elif tag == "head":
            _add(blocks, _text_of(item).replace("\n", " "), heading=True)


def _add(blocks: list[Block], text: str, heading: bool = False) -> None:
    for t in [norm(text)] if heading else _split_lines(text):
        if t:
            blocks.append(Block(t, heading=heading))


def _text_of(el, skip: tuple[str, ...] = ("list",)) -> str:  # noqa: ANN001
    """The text inside ``el`` without nested elements named in ``skip``; <lb/> becomes a newline."""
    parts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "lb":
                parts.append("\n")
            elif tag and tag not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _split_lines(text: str) -> list[str]:
    """Split a paragraph at <br> runs: at a blank line always, at a single break after a sentence."""
    out: list[str] = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", text):
        current: list[str] = []
        for line in chunk.split("\n"):
            line = norm(line)
            if not line:
                continue
            current.append(line)
            if SENTENCE_END.search(line) and len(line) >= 40:
                out.append(" ".join(current))
                current = []
        if current:
            out.append(" ".join(current))
    return out


# ---------------------------------------------------------------------------------------------
# HTML fragments

_BLOCK_TAGS = {
    "p", "div", "li", "dt", "dd", "blockquote", "pre", "tr", "table", "section", "article", "header",
    "footer", "aside", "figure", "figcaption", "ul", "ol", "dl", "hr", "address", "details", "summary",
    "main", "caption", "center", "form", "fieldset", "nav", "td", "th",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_blocks(markup: str) -> list[Block]:
    """Reduce an HTML fragment to blocks: paragraphs, list items and headings, tags stripped."""
    parser = _BlockParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; never fail on odd markup
        pass
    parser.flush()
    return parser.blocks


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.skip = 0
        self.heading = 0
        self.breaks = 0  # consecutive <br>: two end a paragraph

    def flush(self) -> None:
        text = " ".join("".join(self.parts).replace("\u00a0", " ").split())
        self.parts.clear()
        self.breaks = 0
        if text:
            self.blocks.append(Block(text, heading=self.heading > 0))

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in NOT_TEXT:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self.breaks += 1
            if self.breaks >= 2:
                self.flush()
            else:
                self.parts.append(" ")
            return
        if tag in _BLOCK_TAGS or tag in _HEADINGS:
            self.flush()
            if tag in _HEADINGS:
                self.heading += 1

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in NOT_TEXT:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_TEXT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BLOCK_TAGS or tag in _HEADINGS:
            self.flush()
            if tag in _HEADINGS:
                self.heading = max(0, self.heading - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if data.strip():
            self.breaks = 0
        self.parts.append(data)


# ---------------------------------------------------------------------------------------------
# Inline HTML in text

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_NOT_TEXT_OPENING = re.compile(rf"<!--|<({'|'.join(NOT_TEXT)})\b", re.I)
_NOT_TEXT_CLOSING = {name: re.compile(rf"</{name}\s*>", re.I) for name in NOT_TEXT}


def strip_tags(s: str) -> str:
    """Remove HTML tags from text, and comments and ``NOT_TEXT`` elements with what they hold.

    Each closing is looked for once from its opening; a kind left without a closing is not looked
    for again, so that thousands of unclosed openings cost linear time, not quadratic.
    """
    out: list[str] = []
    pos = i = 0
    unclosed: set[str] = set()
    while (m := _NOT_TEXT_OPENING.search(s, i)) is not None:
        kind = (m.group(1) or "!--").lower()
        end = -1
        if kind not in unclosed:
            if kind == "!--":
                found = s.find("-->", m.end())
                end = found + 3 if found >= 0 else -1
            else:
                closing = _NOT_TEXT_CLOSING[kind].search(s, m.end())
                end = closing.end() if closing else -1
        if end < 0:
            unclosed.add(kind)
            i = m.end()
            continue
        out.append(s[pos:m.start()])
        pos = i = end
    out.append(s[pos:])
    return _TAG.sub("", "".join(out))
