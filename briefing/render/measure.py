"""What a layout tells the fit: where the brief would end if page one were long enough, and the
height each item, note, section and source line takes, read from WeasyPrint's boxes.

The brief is ``<main id="brief">``; its sections are ``<section id="sec-KEY">`` holding lists whose
``<li>`` are the section's items in order (``class="note"`` marks a line that is not an item: the
conflicts' group headings, What changed's dropped line). A box split across pages is joined again:
each page after the first is shifted so that it continues where the previous page's content ended,
which gives the height the brief would take on one long page. A template that lays the brief out
otherwise gets no model (``None``) and the fit measures by trial layouts alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from briefing.model import Brief, SectionKey
from briefing.render.templates import listed_sources

BRIEF_ID = "brief"


@dataclass(frozen=True)
class PageOne:
    """The brief as laid out: on how many pages, where it ends, and what each element takes."""

    pages: int  # pages holding part of the brief (the annex not counted)
    bottom: float  # where the brief ends, joined across pages (CSS px from the top of page one)
    limit: float  # where page one's content area ends (CSS px)
    heights: dict  # element -> the height it takes in the flow, margins included (CSS px)

    @property
    def fits(self) -> bool:
        return self.pages == 1


def measure(document) -> PageOne | None:
    """Measure the brief in a laid-out document; None when no page holds ``<main id="brief">``."""
    fragments = [(i, box) for i, page in enumerate(document.pages)
                 if (box := _find(_page_box(page), BRIEF_ID)) is not None]
    if not fragments or fragments[0][0] != 0:
        return None
    offsets = [0.0]  # what to add to each fragment's positions to join it to the one before
    for (_, before), (_, after) in zip(fragments, fragments[1:]):
        offsets.append(_join(before, after, offsets[-1]))
    last = fragments[-1][1]
    first_page = _page_box(document.pages[0])
    heights = _heights([box for _, box in fragments], offsets)
    return PageOne(pages=len(fragments), bottom=last.border_box_y() + last.border_height() + offsets[-1],
                   limit=first_page.content_box_y() + first_page.height, heights=heights)


def overflows(bottom: float, limit: float) -> bool:
    """WeasyPrint's own test of a box against the page bottom (with its tolerance for rounding)."""
    return bottom > limit * (1 + 1e-9)


def _page_box(page):
    # WeasyPrint keeps each page's box tree in Page._page_box; it has no public accessor
    return page._page_box


def _flow(box) -> list:
    """The box's children that stack in the flow: block-level boxes and lines."""
    from weasyprint.formatting_structure import boxes  # the engine: loaded only by a layout

    if not isinstance(box, boxes.ParentBox) or isinstance(box, boxes.LineBox):
        return []
    return [c for c in box.children if isinstance(c, (boxes.BlockLevelBox, boxes.LineBox))]


def _find(box, ident: str):
    element = getattr(box, "element", None)
    if element is not None and element.get("id") == ident:
        return box
    for child in _flow(box):
        if (found := _find(child, ident)) is not None:
            return found
    return None


def _join(before, after, offset: float) -> float:
    """The offset of ``after`` (the next page's fragment) so that it continues ``before``: go down
    both fragments while they are the same element split in two, to the last box the earlier page
    holds and the first the later one holds; the later starts where the earlier's margin ends."""
    while before.element is not None and before.element is after.element:
        inside_before, inside_after = _flow(before), _flow(after)
        if not inside_before or not inside_after:
            break
        before, after = inside_before[-1], inside_after[0]
    return offset + before.position_y + before.margin_height() - after.position_y


def _heights(fragments: list, offsets: list[float]) -> dict:
    """Each element's height in the joined flow: from its first fragment's top to its last
    fragment's bottom margin. Inner boxes of the same element (list markers, anonymous boxes)
    are skipped."""
    tops: dict = {}
    ends: dict = {}

    def walk(box, offset: float) -> None:
        for child in _flow(box):
            element = child.element
            if element is None or element is box.element:
                continue
            tops.setdefault(element, child.position_y + offset)
            ends[element] = child.position_y + child.margin_height() + offset
            walk(child, offset)

    for box, offset in zip(fragments, offsets):
        walk(box, offset)
    return {element: ends[element] - top for element, top in tops.items()}


def height_model(brief: Brief, page: PageOne) -> Callable[[Brief], float] | None:
    """Where a shortened brief (``brief`` with some items left out) would end, from the heights in
    ``page``, a layout of the whole ``brief``; None when the layout does not show the items as
    expected."""
    sections = {el.get("id", "")[4:]: el for el in page.heights if el.tag == "section" and
                el.get("id", "").startswith("sec-")}
    rows = {}
    for s in brief.sections:
        if s.key not in sections or (row := _section_rows(s.key, sections[s.key], len(s.items), page.heights)) is None:
            return None
        rows[s.key] = row
    listed = listed_sources(brief)
    source_lines = {}
    if len(listed) < len(brief.sources):  # page one lists only the cited sources: drops shorten the list
        lines = _lines(sections.get("sources"), page.heights, skip="more")
        if lines is None or len(lines) != len(listed):
            return None
        source_lines = {s.id: h for s, h in zip(listed, lines)}
    fixed = page.bottom - sum(page.heights[sections[key]] for key in rows) - sum(source_lines.values())

    def bottom(shorter: Brief) -> float:
        kept = {s.key: {id(item) for item in s.items} for s in shorter.sections}
        total = fixed
        for s in brief.sections:
            total += rows[s.key].height([i for i, item in enumerate(s.items) if id(item) in kept.get(s.key, ())])
        if source_lines:
            total += sum(source_lines[s.id] for s in listed_sources(shorter))
        return total

    return bottom


@dataclass(frozen=True)
class _Rows:
    """One section's heights: what it takes with no items, each item, and each note heading
    (a note stays while any item of its group does)."""

    frame: float
    items: tuple[float, ...]
    notes: tuple[float, ...]
    group: tuple[int, ...]  # each item's note (-1: none)

    def height(self, kept: list[int]) -> float:
        """The section's height when it keeps the items at these indices."""
        if self.items and not kept:
            return 0.0  # a section the fit empties is left out
        notes = {self.group[i] for i in kept} - {-1}
        return self.frame + sum(self.items[i] for i in kept) + sum(self.notes[g] for g in notes)


def _section_rows(key: str, section, count: int, heights: dict) -> _Rows | None:
    items: list[float] = []
    notes: list[float] = []
    group: list[int] = []
    for li in _list_items(section):
        if li not in heights:
            return None
        if "note" in (li.get("class") or "").split():
            if key == SectionKey.CONFLICTS:  # the heading of the sides that follow; other notes are frame
                notes.append(heights[li])
            continue
        items.append(heights[li])
        group.append(len(notes) - 1)
    if len(items) != count or section not in heights:
        return None
    frame = heights[section] - sum(items) - sum(notes)
    return _Rows(frame, tuple(items), tuple(notes), tuple(group))


def _list_items(section) -> list:
    return [li for lst in section if lst.tag in ("ul", "ol") for li in lst if li.tag == "li"]


def _lines(section, heights: dict, skip: str) -> list[float] | None:
    if section is None:
        return None
    lines = [li for li in _list_items(section) if skip not in (li.get("class") or "").split()]
    if any(li not in heights for li in lines):
        return None
    return [heights[li] for li in lines]
