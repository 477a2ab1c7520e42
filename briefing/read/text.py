"""Plain text and Markdown (with or without YAML front matter)."""

from __future__ import annotations

import datetime as dt
import re

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, decode, fingerprint

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")

# Markdown inline syntax reduced to its text. Images go entirely: their alt text is not prose.
# Every pattern stops at the next delimiter of its kind (no ``.*?`` that could scan to the end of
# the paragraph from each of many unclosed openings), so a paragraph is reduced in linear time.
_DEST = r"\((?:[^()]|\([^()]*\))*\)"  # a link destination: (url "title"), one level of (parens) inside
_INLINE = [
    (re.compile(rf"!\[[^\[\]]*\]{_DEST}"), ""),
    (re.compile(r"!\[[^\[\]]*\]\[[^\[\]]*\]"), ""),
    (re.compile(rf"\[([^\[\]]*)\]{_DEST}"), r"\1"),
    (re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^<>\s]+)>"), r"\1"),
]
_INLINE_AFTER_ELEMENTS = [
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),
    (re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]
_DROPPED_OPENING = re.compile(r"<!--|<(script|style|iframe|object|noscript|template)\b", re.I)
_DROPPED_CLOSING = {
    name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "iframe", "object", "noscript", "template")
}
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")


class TextReader:
    """Plain text: blank lines separate paragraphs; hard-wrapped lines are joined."""

    name = "text"
    suffixes = (".txt", ".text", "")

    def sniff(self, head: bytes) -> bool:
        return False  # the fallback reader: chosen by name or when nothing else claims the bytes

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        text = decode(data, origin)
        meta, body = split_front_matter(text, origin)
        blocks = tuple(Block(t) for t in paragraphs_of(body))
        return [_document(origin, "text", blocks, meta, data)]


class MarkdownReader:
    """Markdown: headings, paragraphs and list items become blocks; inline syntax becomes text."""

    name = "markdown"
    suffixes = (".md", ".markdown", ".mdown", ".mkd")

    def sniff(self, head: bytes) -> bool:
        return False

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        text = decode(data, origin)
        meta, body = split_front_matter(text, origin)
        return [_document(origin, "markdown", tuple(markdown_blocks(body)), meta, data)]


def split_front_matter(text: str, origin: str) -> tuple[dict, str]:
    """Split YAML front matter from the body; a malformed block is an error naming the file."""
    text = text.lstrip("\ufeff")
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise SourceError(origin, f"front matter is not valid YAML{where}") from None
    if not isinstance(meta, dict):
        return {}, text
    return {str(k).lower(): v for k, v in meta.items()}, text[m.end():]


def paragraphs_of(text: str) -> list[str]:
    """Split plain text into paragraphs, joining hard-wrapped lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if lines:
            out.extend(_unwrap(lines))
    return out


def _unwrap(lines: list[str]) -> list[str]:
    """Join the lines of one blank-line-separated chunk into one or more paragraphs.

    Lines longer than a typical wrap width are paragraphs of their own; in wrapped text, a line that
    ends a sentence well short of the wrap width ends its paragraph.
    """
    if len(lines) == 1:
        return lines
    width = max(len(ln) for ln in lines)
    if width > 160 or sum(len(ln) > 110 for ln in lines) > len(lines) // 2:
        return lines  # one paragraph per line: the text was not hard-wrapped
    paras, current = [], []
    for ln in lines:
        current.append(ln)
        if _SENTENCE_END.search(ln) and len(ln) < 0.6 * width:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


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
        if in_fence:
            continue  # code is not prose
        line = raw.strip()
        if not line or _REF_DEF.match(raw):
            flush()
            continue
        if para and _SETEXT.match(raw) and len(para) == 1:
            blocks.append(Block(inline_text(para[0]), heading=True))
            para.clear()
            continue
        h = _HEADING.match(raw)
        if h:
            flush()
            if inline_text(h.group(2)):
                blocks.append(Block(inline_text(h.group(2)), heading=True))
            continue
        item = _LIST_ITEM.match(raw)
        if item and not re.match(r"^\s{0,3}[-*_](\s*[-*_]){2,}\s*$", raw):
            flush()
            para.append(item.group(1))
            continue
        if re.match(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", raw):
            flush()  # a thematic break
            continue
        para.append(line.lstrip("> ").strip() if line.startswith(">") else line)
    flush()
    return blocks


def inline_text(s: str) -> str:
    """Reduce Markdown inline syntax and HTML tags to plain text."""
    for pattern, repl in _INLINE:
        s = pattern.sub(repl, s)
    s = _drop_elements(s)
    for pattern, repl in _INLINE_AFTER_ELEMENTS:
        s = pattern.sub(repl, s)
    import html

    return " ".join(html.unescape(s).split())


def _drop_elements(s: str) -> str:
    """Remove comments and <script>, <style>, <iframe>, ... elements with what they hold.

    Each closing is looked for once from its opening; a kind left without a closing is not looked
    for again, so that thousands of unclosed openings cost linear time, not quadratic.
    """
    out: list[str] = []
    pos = i = 0
    unclosed: set[str] = set()
    while (m := _DROPPED_OPENING.search(s, i)) is not None:
        kind = (m.group(1) or "!--").lower()
        end = -1
        if kind not in unclosed:
            if kind == "!--":
                found = s.find("-->", m.end())
                end = found + 3 if found >= 0 else -1
            else:
                closing = _DROPPED_CLOSING[kind].search(s, m.end())
                end = closing.end() if closing else -1
        if end < 0:
            unclosed.add(kind)
            i = m.end()
            continue
        out.append(s[pos:m.start()])
        pos = i = end
    out.append(s[pos:])
    return "".join(out)


def _document(origin: str, fmt: str, blocks: tuple[Block, ...], meta: dict, data: bytes) -> Document:
    def text(*keys: str) -> str | None:
        for k in keys:
            v = meta.get(k)
            if isinstance(v, (str, int, float)) and str(v).strip():
                return " ".join(str(v).replace("\u00a0", " ").split())
        return None

    return Document(
        origin=origin,
        blocks=blocks,
        format=fmt,
        title=text("title", "headline"),
        issuer=text("issuer", "publisher", "site", "site_name", "source", "organisation", "organization"),
        author=text("author", "byline"),
        date=_meta_date(meta),
        kind=text("kind", "type"),
        url=text("url", "source_url", "canonical_url", "link"),
        content_hash=fingerprint(data),
    )


def _meta_date(meta: dict) -> dt.date | None:
    for key in ("date", "published", "published_time", "pubdate", "created"):
        v = meta.get(key)
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, str):
            m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", v)
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    continue
    return None
