"""Markdown (with or without YAML front matter): headings, paragraphs and list items as blocks.

Our own small block parser and inline reducer, not a Markdown library: both run in linear time on
hostile input (unclosed emphasis, links, comments and tags by the hundred thousand), and code is
left out as not prose. Inline HTML goes through ``text.markup.strip_tags``.
"""

from __future__ import annotations

import html
import re

from briefing.model import Block, Document
from briefing.read.base import ReadOptions, decode
from briefing.read.plain import document, split_front_matter
from briefing.text.markup import strip_tags

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE_AS_ITEM = re.compile(r"^\s{0,3}[-*_](\s*[-*_]){2,}\s*$")  # "- - -" is a rule, not a list item
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")

# Markdown inline syntax reduced to its text. Images go entirely: their alt text is not prose.
# Every pattern stops at the next delimiter of its kind (no ``.*?`` that could scan to the end of
# the paragraph from each of many unclosed openings), so a paragraph is reduced in linear time.
_DEST = r"\((?:[^()]|\([^()]*\))*\)"  # a link destination: (url "title"), one level of (parens) inside
_LINKS = [
    (re.compile(rf"!\[[^\[\]]*\]{_DEST}"), ""),
    (re.compile(r"!\[[^\[\]]*\]\[[^\[\]]*\]"), ""),
    (re.compile(rf"\[([^\[\]]*)\]{_DEST}"), r"\1"),
    (re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^<>\s]+)>"), r"\1"),
]
_EMPHASIS = [  # after the HTML tags are gone
    (re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]


class MarkdownReader:
    """Markdown: headings, paragraphs and list items become blocks; inline syntax becomes text."""

    name = "markdown"
    suffixes = (".md", ".markdown", ".mdown", ".mkd")

    def sniff(self, head: bytes) -> bool:
        return False

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        text = decode(data, origin)
        meta, body = split_front_matter(text, origin)
        return [document(origin, "markdown", tuple(markdown_blocks(body)), meta, data, options)]


def markdown_blocks(text: str) -> list[Block]:
    """Turn Markdown into blocks: headings, list items and paragraphs, inline syntax removed."""
    blocks: list[Block] = []
    para: list[str] = []
    in_fence = False

    def flush() -> None:
        if para:
            joined = inline_text(" ".join(s.rstrip() for s in para))
            if joined:
                blocks.append(Block(joined))
            para.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        line = raw.strip()
        if in_fence:
            continue  # code is not prose
        if not line or _REF_DEF.match(raw):
            flush()
        elif para and _SETEXT.match(raw) and len(para) == 1:
            blocks.append(Block(inline_text(para[0]), heading=True))
            para.clear()
        elif h := _HEADING.match(raw):
            flush()
            if inline_text(h.group(2)):
                blocks.append(Block(inline_text(h.group(2)), heading=True))
        elif (item := _LIST_ITEM.match(raw)) and not _RULE_AS_ITEM.match(raw):
            flush()
            para.append(item.group(1))
        elif _THEMATIC_BREAK.match(raw):
            flush()
        else:
            para.append(line.lstrip("> ").strip() if line.startswith(">") else line)
    flush()
    return blocks


def inline_text(s: str) -> str:
    """Reduce Markdown inline syntax and HTML tags to plain text."""
    for pattern, repl in _LINKS:
        s = pattern.sub(repl, s)
    s = strip_tags(s)
    for pattern, repl in _EMPHASIS:
        s = pattern.sub(repl, s)
    return " ".join(html.unescape(s).split())
