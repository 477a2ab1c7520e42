"""The fit to one page: drop the lowest-ranked items until the brief fits page one, as measured on
the laid-out page, never estimated.

One layout of the whole brief says whether it fits and how much each item takes (measure.py); the
items to drop follow from those heights, in the drop order below, and one more layout confirms
them. The annex starts on a page of its own, so when a PDF is wanted the confirming layout
includes it and the PDF is written from it (the first includes it too when it is short: if the
brief fits, that layout is the PDF's). A further layout is needed only when a layout disagrees with
the heights (a template that lays the brief out otherwise): the search then halves the range.
Without a PDF (Markdown, HTML or JSON only) no annex is laid out, and with the shipped templates,
whose heights the tests hold exact, the first layout's heights choose the items alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from briefing.model import Brief, Section, SectionKey
from briefing.render.measure import PageOne, height_model, measure, overflows
from briefing.render.pdf import lay_out
from briefing.render.templates import render_html

TOLERANCE = 0.01  # CSS px: a layout that ends further than this from where the heights said disproves them


@dataclass(frozen=True)
class Fitted:
    """The brief as it fits page one, with the HTML laid out and WeasyPrint's layout of it."""

    brief: Brief
    html: str  # render_html(brief, annex=annex)
    document: Any  # a weasyprint.Document of html (write_pdf needs no further layout); None: the
    # heights chose the items without a check (no annex asked, shipped templates)
    annex: bool


@dataclass(frozen=True)
class _Trial:
    fitted: Fitted
    page: PageOne | None  # None: the template has no <main id="brief"> to measure


def fit_to_page(brief: Brief, env, roots: list[Path], *, annex: bool = True) -> Fitted:
    """Drop the lowest-ranked items until the brief fits on page one (measured, not estimated).

    ``annex``: lay out the annex too, so that the returned document is the whole PDF; without it
    (Markdown, HTML or JSON only) the layouts are shorter, the document is page one alone, and with
    the shipped templates the heights of the first layout choose the items without a second one.
    """
    page_only = render_html(brief, env, annex=False)
    with_annex = render_html(brief, env) if annex else page_only
    # The first layout serves the PDF only if the brief fits as it is; otherwise its annex was laid
    # out for nothing. So it takes the annex when the annex is the shorter part (a fit then saves
    # a layout, an overflow wastes little); a long annex (hundreds of sources) waits for the
    # layout the PDF keeps.
    first_annex = annex and len(with_annex) - len(page_only) <= len(page_only)
    whole = _trial(brief, with_annex if first_annex else page_only, roots, first_annex)
    if whole.page is None:
        return _fit_by_page_count(brief, env, roots, annex)
    order = _drop_order(brief)
    if whole.page.fits or not order:
        return whole.fitted if first_annex == annex else _trial(brief, with_annex, roots, annex).fitted
    # each shorter brief says how many items it leaves out: a template may print that on the page
    shorter = [_dropped(brief, without(brief, set(order[:k]))) for k in range(1, len(order) + 1)]
    model = height_model(brief, whole.page)
    predicted = [model(b) for b in shorter] if model else None
    if predicted and not annex and _shipped_layout(roots):
        # no PDF is written: the heights choose alone, as a check would confirm (tests/test_fit.py)
        chosen = shorter[_guess(0, len(order) + 1, predicted, whole.page.limit) - 1]
        return Fitted(chosen, render_html(chosen, env, annex=False), None, False)

    def trial(k: int) -> _Trial:
        return _trial(shorter[k - 1], render_html(shorter[k - 1], env, annex=annex), roots, annex)

    return _search(trial, predicted, len(order), whole.page.limit)


def _shipped_layout(roots: list[Path]) -> bool:
    """Whether the page is laid out by the shipped brief.html.j2 and brief.css, whose heights the
    tests hold exact for every number of drops (a user's template may lay items out in ways the
    heights miss, such as a margin on the last item only; its fits are checked by a layout)."""
    return not any((root / name).is_file() for root in roots[:-1] for name in ("brief.html.j2", "brief.css"))


def _dropped(brief: Brief, shorter: Brief) -> Brief:
    return replace(shorter, dropped=brief_items(brief) - brief_items(shorter))


def _search(trial: Callable[[int], _Trial], predicted: list[float] | None, n: int, limit: float) -> Fitted:
    """The fewest drops (1..n) whose layout fits, all n when none does. ``predicted[k - 1]`` is
    where the brief would end with k drops; while layouts agree with it, the first guess is the
    answer and the layout of one drop fewer is not needed."""
    lo, hi = 0, n + 1  # lo drops overflow (none do: the whole brief was measured); hi fit, once found
    found = last = None
    trusted = predicted is not None
    while hi - lo > 1:
        k = _guess(lo, hi, predicted, limit) if trusted else (lo + hi) // 2
        t = trial(k)
        trusted = trusted and abs(t.page.bottom - predicted[k - 1]) <= TOLERANCE
        if t.page.fits:
            hi, found = k, t.fitted
        else:
            lo, last = k, t.fitted
        if trusted and found and hi - 1 > lo and overflows(predicted[hi - 2], limit):
            break  # one drop fewer would overflow, by heights this layout has just confirmed
    return found or last


def _guess(lo: int, hi: int, predicted: list[float], limit: float) -> int:
    """The fewest drops between lo and hi (exclusive) that the heights say fit."""
    top = min(hi - 1, len(predicted))
    return next((k for k in range(lo + 1, top + 1) if not overflows(predicted[k - 1], limit)), top)


def _trial(brief: Brief, html: str, roots: list[Path], annex: bool) -> _Trial:
    document = lay_out(html, roots)
    return _Trial(Fitted(brief, html, document, annex), measure(document))


def _fit_by_page_count(brief: Brief, env, roots: list[Path], annex: bool) -> Fitted:
    """The fit for a template whose brief cannot be told from its annex: halve the number of drops,
    counting the pages of the brief laid out without its annex."""

    def fits(b: Brief) -> bool:
        return len(lay_out(render_html(b, env, annex=False), roots).pages) <= 1

    best = brief
    if not fits(brief):
        order = _drop_order(brief)
        lo, hi = 0, len(order)  # lo drops overflow; hi drops fit, or are all there are
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if fits(_dropped(brief, without(brief, set(order[:mid])))) else (mid, hi)
        best = _dropped(brief, without(brief, set(order[:hi])))
    html = render_html(best, env, annex=annex)
    return Fitted(best, html, lay_out(html, roots), annex)


def brief_pages(fitted: Fitted) -> int | None:
    """Pages the brief itself takes in the fitted layout (the annex not counted; all pages for a
    template without ``<main id="brief">``); None when the heights chose the items without a
    layout of them."""
    if fitted.document is None:
        return None
    page = measure(fitted.document)
    return page.pages if page else len(fitted.document.pages)


def brief_items(brief: Brief) -> int:
    return sum(len(s.items) for s in brief.sections)


# Items each section keeps before any other section gives up its last ones; conflicts go last.
MIN_KEEP = {
    SectionKey.BOTTOM_LINE: 2, SectionKey.CHANGES: 2, SectionKey.KEY_DEVELOPMENTS: 2, SectionKey.POSITIONS: 2,
    SectionKey.TIMELINE: 3, SectionKey.FIGURES: 1, SectionKey.CONFLICTS: 2,
}
_YIELD_FIRST = (SectionKey.FIGURES, SectionKey.KEY_DEVELOPMENTS, SectionKey.POSITIONS, SectionKey.TIMELINE,
                SectionKey.CHANGES, SectionKey.BOTTOM_LINE, SectionKey.CONFLICTS)


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


def without(brief: Brief, drop: set[tuple[str, int]]) -> Brief:
    """The brief without the items ``drop`` names (section key, index)."""
    sections = []
    for s in brief.sections:
        items = tuple(it for i, it in enumerate(s.items) if (s.key, i) not in drop)
        if items or not s.items:  # a section emptied by the fit goes; one that never had items stays
            sections.append(Section(s.key, s.title, items))
    return replace(brief, sections=tuple(sections))
