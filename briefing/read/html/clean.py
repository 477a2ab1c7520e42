"""The block list of a page without its furniture: the headline again, lists of links under their
headings, furniture lines (``text.furniture``), repeats, and headings left with nothing under them."""

from __future__ import annotations

from briefing.model import Block
from briefing.text.furniture import is_nav_heading, is_page_furniture
from briefing.text.markup import word_key


def clean_page(blocks: list[Block], title: str | None) -> list[Block]:
    """Drop the page's furniture from ``blocks``; ``title`` is the page's title."""
    title_key = word_key(title) if title else ""
    out: list[Block] = []
    in_nav_list = False
    seen: set[str] = set()
    for b in blocks:
        text = b.text
        key = word_key(text)
        if not key:
            continue
        if title_key and not out and (key == title_key or (b.heading and title_key.startswith(key + " ")
                                                           and len(key.split()) >= 4)):
            continue  # the headline again: it is the document's title
        if b.heading and len(text.split()) <= 8 and is_nav_heading(text):
            in_nav_list = True
            continue
        if in_nav_list:
            if b.heading or len(text.split()) > 25:
                in_nav_list = False
            else:
                continue
        if is_page_furniture(text):
            continue
        if key in seen and (b.heading or len(text) >= 30):
            continue  # repeated (a pull quote, a sibling story we already have)
        seen.add(key)
        out.append(b)
    while out and out[-1].heading:  # headings with nothing under them
        out.pop()
    return [b for i, b in enumerate(out) if not (b.heading and out[i + 1].heading and is_nav_heading(b.text))]
