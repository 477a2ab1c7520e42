"""Limits that hold whatever a reader returns: bounded, well-formed text in every Document."""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Iterator

from briefing.model import Block, Document
from briefing.read.base import ReadOptions
from briefing.text.safe import clean

log = logging.getLogger(__name__)

_BLOCK_CONTROLS = {c: None for c in range(32)} | {c: None for c in range(0x7F, 0xA0)}
_BLOCK_CONTROLS |= {c: " " for c in (9, 10, 11, 12, 13, 0x85, 0x2028, 0x2029)}  # breaks become spaces
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPLIT_AT = re.compile(r"[.!?…。！？][\"'”’)\]]*\s")
_FIELD_CHARS = {"title": 300, "issuer": 200, "author": 200, "kind": 60, "url": 2000}


def within_limits(origin: str, docs: list[Document], options: ReadOptions) -> list[Document]:
    """Hold what readers return to the limits in ``options``, and to well-formed text.

    Block text loses NUL and other control characters (line breaks become spaces) and empty blocks
    go; a paragraph longer than ``max_paragraph_chars`` is split at sentence ends; a source is cut
    after ``max_paragraphs`` blocks or ``max_chars`` characters, a feed after ``max_entries``
    entries (each cut is logged as a warning). Metadata fields lose control, bidirectional and
    zero-width characters (``text.safe.clean``) and are shortened. Downstream stages are then
    bounded by these limits whatever the input was.
    """
    if len(docs) > options.max_entries:
        log.warning("%s: %d entries; reading only the first %d (max_entries)", origin, len(docs), options.max_entries)
        docs = docs[: options.max_entries]
    return [_bounded(doc, options) for doc in docs]


def _bounded(doc: Document, options: ReadOptions) -> Document:
    blocks: list[Block] = []
    chars = 0
    cut = None
    for block in doc.blocks:
        text = _clean_text(block.text) if isinstance(block.text, str) else ""
        for piece in _split_long(text, options.max_paragraph_chars):
            if len(blocks) >= options.max_paragraphs:
                cut = f"{options.max_paragraphs:,} paragraphs (max_paragraphs)"
                break
            if chars + len(piece) > options.max_chars:
                cut = f"{options.max_chars:,} characters (max_chars)"
                break
            blocks.append(block if piece == block.text else dataclasses.replace(block, text=piece))
            chars += len(piece)
        if cut:
            log.warning("%s: reading only the first %s", doc.origin, cut)
            break
    fields = {name: _field(getattr(doc, name), limit) for name, limit in _FIELD_CHARS.items()}
    # a file name's undecodable bytes (lone surrogates) are shown as U+FFFD, as in its text
    return dataclasses.replace(doc, blocks=tuple(blocks), origin=_writable(doc.origin), **fields)


def _clean_text(text: str) -> str:
    return _writable(text.translate(_BLOCK_CONTROLS)).strip()


def _writable(text: str) -> str:
    """``text`` with each lone surrogate, which cannot be written out as UTF-8, as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _split_long(text: str, limit: int) -> Iterator[str]:
    """Yield ``text`` in pieces of at most ``limit`` characters: split at the last sentence end in
    the second half of a piece, else at a space, else anywhere. Empty text yields nothing."""
    limit = max(limit, 100)
    start, n = 0, len(text)
    while n - start > limit:
        stop = start + limit + 1
        end = None
        for m in _SPLIT_AT.finditer(text, start + limit // 2, stop):
            end = m.end()
        if end is None:
            space = text.rfind(" ", start + limit // 2, stop)
            end = space + 1 if space >= 0 else start + limit
        piece = text[start:end].strip()
        if piece:
            yield piece
        start = end
    piece = text[start:].strip()
    if piece:
        yield piece


def _field(value, limit: int):  # noqa: ANN001, ANN202
    if not isinstance(value, str):
        return value
    value = clean(value)  # metadata reaches titles, headers and file names: one line, nothing invisible
    if not value or (len(value) > limit and "://" in value[:12]):
        return None  # a URL cut short would lead nowhere
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
