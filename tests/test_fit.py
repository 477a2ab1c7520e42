"""The fit to one page: one layout, one check, the same items as laying out every trial; the
heights read from the layout; the PDF written from the fit's own layout.

Briefs are made by hand (sections, items, notes, sources) and laid out by the real WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from pypdf import PdfReader

from briefing.model import SECTION_TITLES, Brief, Changes, Citation, Item, Paragraph, Section, Source
from briefing.model import SectionKey as K
from briefing.render import fit, pdf, templates
from briefing.render.measure import height_model, measure
from conftest import SEEDS, run_cli

WORDS = ("ministers envoy talks ceasefire border convoy corridor sanctions reactor inspectors parliament "
         "budget delegation agency shipment refugees drones port vote council statement troops").split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _source(i: int, rng: random.Random) -> Source:
    paragraphs = tuple(Paragraph(n, _text(rng, rng.randint(20, 60)), ()) for n in range(1, 6))
    return Source(i, f"src/{i}.txt", "text", f"Report {i} on {_text(rng, 6)}", "news report", f"Agency {i}",
                  dt.date(2025, 3, 1 + i % 20), paragraphs)


def _items(rng: random.Random, count: int, sources: int, label: bool = False, notes: int = 0) -> tuple[Item, ...]:
    items = []
    for i in range(count):
        cites = tuple(Citation(rng.randint(1, sources), rng.randint(1, 5)) for _ in range(rng.randint(1, 3)))
        items.append(Item(_text(rng, rng.choice((6, 12, 20, 32))), cites, score=rng.random(),
                          label=f"{i + 1} March 2025" if label else None,
                          note=f"Sources differ on figure {i * notes // count}" if notes else None))
    return tuple(items)


def hand_made(seed: int, sources: int = 3, page_size: str = "A4", scale: int = 2) -> Brief:
    """A brief with every kind of section: labels, conflicts' note headings, What changed's line;
    ``scale`` 1 fits page one, 2 takes a page and a half, 3 two pages."""
    rng = random.Random(seed)
    srcs = tuple(_source(i, rng) for i in range(1, sources + 1))
    counts = {K.BOTTOM_LINE: 3, K.CHANGES: 2 * scale, K.KEY_DEVELOPMENTS: 3 * scale, K.POSITIONS: 2 * scale,
              K.TIMELINE: 3 * scale, K.FIGURES: 2 * scale, K.CONFLICTS: 4}
    labelled = (K.POSITIONS, K.TIMELINE, K.FIGURES)
    sections = tuple(Section(key, SECTION_TITLES[key], _items(rng, n, sources, label=key in labelled,
                                                              notes=2 if key == K.CONFLICTS else 0))
                     for key, n in counts.items())
    changes = Changes(dt.date(2025, 3, 1), dropped=("An item of the last brief",))
    return Brief(f"Brief {seed}", dt.date(2025, 3, 20), srcs, sections, page_size=page_size, changes=changes)


@pytest.fixture(scope="module")
def env():
    return templates.environment(None)


@pytest.fixture(scope="module")
def roots():
    return [templates.shipped_templates()]


@pytest.fixture
def layouts(monkeypatch):
    """Count the layouts the fit makes (each is the real one)."""
    calls = []

    def counted(html, roots):
        calls.append(html)
        return pdf.lay_out(html, roots)

    monkeypatch.setattr(fit, "lay_out", counted)
    return calls


def _kept(brief: Brief) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.key, tuple(it.text for it in s.items)) for s in brief.sections]


@pytest.mark.parametrize("seed,sources,size,scale", [(1, 3, "A4", 2), (2, 30, "Letter", 2), (3, 2, "A4", 1)])
def test_the_fit_keeps_what_a_layout_of_every_trial_keeps(env, roots, layouts, seed, sources, size, scale):
    brief = hand_made(seed, sources, size, scale)
    fitted = fit.fit_to_page(brief, env, roots)
    made = len(layouts)
    page_only = fit.fit_to_page(brief, env, roots, annex=False)  # Markdown, HTML or JSON only
    reference = fit._fit_by_page_count(brief, env, roots, annex=False)  # lays out every trial it tries
    assert _kept(fitted.brief) == _kept(page_only.brief) == _kept(reference.brief)
    assert fitted.brief.dropped == reference.brief.dropped == fit.brief_items(brief) - fit.brief_items(fitted.brief)
    assert fit.brief_pages(fitted) == 1
    assert made == (2 if reference.brief.dropped else 1)  # one layout, and one check when items go


def test_heights_that_a_layout_disproves_give_way_to_trial_layouts(tmp_path, layouts):
    """A template that prints how many items were left out: every shorter brief is a line longer
    than the heights of the whole one say, and the search lays out trials as before."""
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    html = (templates.shipped_templates() / "brief.html.j2").read_text()
    line = '{% if brief.dropped %}<p>{{ brief.dropped }} lower-ranked items were left out.</p>{% endif %}\n</header>'
    (tpl / "brief.html.j2").write_text(html.replace("</header>", line, 1))
    env, roots = templates.environment(tpl), [tpl, templates.shipped_templates()]
    brief = hand_made(1, 3, "A4", 2)
    fitted = fit.fit_to_page(brief, env, roots)
    assert len(layouts) > 2
    assert "lower-ranked items were left out" in fitted.html and fit.brief_pages(fitted) == 1
    assert _kept(fitted.brief) == _kept(fit._fit_by_page_count(brief, env, roots, annex=False).brief)


def test_markdown_only_builds_fit_the_same_items_from_one_layout_without_the_annex(tmp_path, env, roots, layouts):
    brief = hand_made(1, 3, "A4", 2)
    with_annex = fit.fit_to_page(brief, env, roots)
    assert 'id="annex"' in with_annex.html and len(with_annex.document.pages) > 1
    first = len(layouts)
    page_only = fit.fit_to_page(brief, env, roots, annex=False)
    assert _kept(page_only.brief) == _kept(with_annex.brief) and page_only.brief.dropped > 0
    assert len(layouts) - first == 1 and 'id="annex"' not in layouts[-1]  # the heights choose alone
    assert page_only.document is None and page_only.html == templates.render_html(page_only.brief, env, annex=False)
    # a template of the user's own has its fit checked by a layout, as for the PDF
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "brief.css").write_text((templates.shipped_templates() / "brief.css").read_text())
    first = len(layouts)
    checked = fit.fit_to_page(brief, templates.environment(tpl), [tpl, *roots], annex=False)
    assert _kept(checked.brief) == _kept(with_annex.brief)
    assert len(layouts) - first == 2 and fit.brief_pages(checked) == 1


def test_the_pdf_is_written_from_the_fits_own_layout(env, roots, layouts):
    brief = hand_made(1, 3, "A4", 2)
    fitted = fit.fit_to_page(brief, env, roots)
    made = len(layouts)
    data = pdf.write_pdf(fitted.document, brief.as_of)
    assert len(layouts) == made  # no layout after the fit
    assert fitted.html == templates.render_html(fitted.brief, env)
    assert data == pdf.write_pdf(pdf.lay_out(fitted.html, roots), brief.as_of)


def test_heights_read_from_one_layout_say_where_each_shorter_brief_ends(env, roots):
    brief = hand_made(2, 30, "Letter", 2)  # more than 12 sources: page one lists only the cited ones
    whole = measure(pdf.lay_out(templates.render_html(brief, env), roots))
    assert whole.pages > 1
    model = height_model(brief, whole)
    order = fit._drop_order(brief)
    for k in (1, len(order) // 3, len(order) // 2, len(order)):
        shorter = fit.without(brief, set(order[:k]))
        page = measure(pdf.lay_out(templates.render_html(shorter, env), roots))
        assert model(shorter) == pytest.approx(page.bottom, abs=1e-6), k


def test_a_brief_split_across_pages_is_measured_as_on_one_long_page(env, roots):
    import weasyprint

    brief = hand_made(1, 3, "A4", 3)
    html = templates.render_html(brief, env, annex=False)
    paged = measure(pdf.lay_out(html, roots))
    long_page = weasyprint.CSS(string="@page { size: 210mm 2000mm !important; }")
    tall = weasyprint.HTML(string=html, base_url=roots[0].as_uri() + "/").render(stylesheets=[long_page])
    one = measure(tall)
    assert paged.pages >= 2 and one.pages == 1
    assert paged.bottom == pytest.approx(one.bottom, abs=1e-6)


def test_a_template_without_the_brief_id_still_fits_one_page(tmp_path, seeds_brief):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    html = (templates.shipped_templates() / "brief.html.j2").read_text()
    assert 'id="brief"' in html
    (tpl / "brief.html.j2").write_text(html.replace(' id="brief"', ""))
    out = tmp_path / "out"
    result = run_cli("build", str(SEEDS), "--out", str(out), "--format", "pdf,json", "--template-dir", str(tpl))
    assert result.returncode == 0, result.stderr
    brief = json.loads((out / "brief.json").read_text())
    assert brief["sections"] == seeds_brief["sections"]
    pages = PdfReader(str(out / "brief.pdf")).pages
    assert "source paragraphs" not in pages[0].extract_text().lower()
    assert "source paragraphs" in pages[1].extract_text().lower()


def test_a_story_with_more_to_say_than_one_page_fills_the_page_it_has(env, roots):
    """Four public-domain statements about one attack have more to say than one page holds: the
    page is used, not a section budget's worth of items with a fifth of it left empty."""
    from pathlib import Path

    from briefing.build import analyse
    from briefing.config.settings import Settings

    folder = Path(__file__).resolve().parent.parent / "bench" / "holdout" / "israel-attack-2023-10"
    brief = analyse(Settings(paths=(str(folder),)))
    fitted = fit.fit_to_page(brief, env, roots)
    page = measure(fitted.document)
    assert page.fits and page.bottom > 0.9 * page.limit, (page.bottom, page.limit)
