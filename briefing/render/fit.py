"""The fit to one page: drop the lowest-ranked items until the brief fits page one, as measured on
the laid-out PDF, never estimated."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefing.model import Brief, Section
from briefing.render.pdf import pdf_document
from briefing.render.templates import render_html


def page_count(brief: Brief, env, roots: list[Path]) -> int:
    """Pages the brief itself (without the annex) takes when rendered."""
    return len(pdf_document(render_html(brief, env, annex=False), roots).pages)


def fit_to_page(brief: Brief, env, roots: list[Path]) -> Brief:
    """Drop the lowest-ranked items until the brief fits on page one (measured, not estimated)."""
    if page_count(brief, env, roots) <= 1:
        return brief
    order = _drop_order(brief)
    lo, hi = 1, len(order)  # the smallest number of drops that fits
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        trial = _without(brief, set(order[:mid]))
        if page_count(trial, env, roots) <= 1:
            best, hi = trial, mid - 1
        else:
            lo = mid + 1
    if best is None:
        best = _without(brief, set(order))
    return replace(best, dropped=brief_items(brief) - brief_items(best))


def brief_items(brief: Brief) -> int:
    return sum(len(s.items) for s in brief.sections)


# Items each section keeps before any other section gives up its last ones; conflicts go last.
MIN_KEEP = {"bottom_line": 2, "changes": 2, "key_developments": 2, "positions": 2, "timeline": 3, "figures": 1,
            "conflicts": 2}
_YIELD_FIRST = ("figures", "key_developments", "positions", "timeline", "changes", "bottom_line", "conflicts")


def _drop_order(brief: Brief) -> list[tuple[str, int]]:
    """Items in the order they leave the page: sections take turns giving up their lowest-ranked
    item, the section with most to spare first, so no section is emptied while others are full."""
    remaining = {
        s.key: sorted(range(len(s.items)), key=lambda i: (s.items[i].score, -i), reverse=True)
        for s in brief.sections
    }  # best first; the lowest-ranked is popped from the end
    order: list[tuple[str, int]] = []
    for floor in (MIN_KEEP, {k: 1 for k in MIN_KEEP}, {k: 0 for k in MIN_KEEP}):
        while True:
            spare = [(len(v) - floor.get(k, 1), -_YIELD_FIRST.index(k) if k in _YIELD_FIRST else 0, k)
                     for k, v in remaining.items() if len(v) > floor.get(k, 1)]
            if not spare:
                break
            _, _, key = max(spare)
            order.append((key, remaining[key].pop()))
    return order


def _without(brief: Brief, drop: set[tuple[str, int]]) -> Brief:
    sections = []
    for s in brief.sections:
        items = tuple(it for i, it in enumerate(s.items) if (s.key, i) not in drop)
        if items or not s.items:  # a section emptied by the fit goes; one that never had items stays
            sections.append(Section(s.key, s.title, items))
    return replace(brief, sections=tuple(sections))
