"""Plain text, and what text files share with Markdown: YAML front matter and its metadata."""

from __future__ import annotations

import re

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, decode, fingerprint
from briefing.text.dates import metadata_date

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
_DATE_KEYS = ("date", "published", "published_time", "pubdate", "created")


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
        return [document(origin, "text", blocks, meta, data, options)]


def split_front_matter(text: str, origin: str) -> tuple[dict, str]:
    """Split YAML front matter from the body; a malformed block is an error naming the file."""
    text = text.lstrip("\ufeff")
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml  # only files with front matter need it

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


def document(origin: str, fmt: str, blocks: tuple[Block, ...], meta: dict, data: bytes,
             options: ReadOptions) -> Document:
    """A text or Markdown file's Document, its metadata taken from the front matter ``meta``."""
    def text(*keys: str) -> str | None:
        for k in keys:
            v = meta.get(k)
            if isinstance(v, (str, int, float)) and str(v).strip():
                return " ".join(str(v).replace("\u00a0", " ").split())
        return None

    dates = (metadata_date(meta.get(key), options.today) for key in _DATE_KEYS)
    return Document(
        origin=origin,
        blocks=blocks,
        format=fmt,
        title=text("title", "headline"),
        issuer=text("issuer", "publisher", "site", "site_name", "source", "organisation", "organization"),
        author=text("author", "byline"),
        date=next((d for d in dates if d), None),
        kind=text("kind", "type"),
        url=text("url", "source_url", "canonical_url", "link"),
        content_hash=fingerprint(data),
    )
