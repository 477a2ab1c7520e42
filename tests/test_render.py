"""Rendering: the real PDF checked by page count, text, links and metadata; escaping; the fit."""

import json
import random
import re

import pytest
from pypdf import PdfReader

from conftest import SEEDS, run_cli


def _pages(pdf):
    return [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]


def _flat(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def test_pdf_brief_on_page_one_annex_after(seeds_build, seeds_brief):
    pages = _pages(seeds_build / "brief.pdf")
    assert len(pages) >= 2
    assert "source paragraphs" not in pages[0].lower() and "source paragraphs" in pages[1].lower()
    page1 = _flat(pages[0])
    for section in seeds_brief["sections"]:
        assert _flat(section["title"]) in page1
        for item in section["items"]:
            assert _flat(item["text"])[:60] in page1, item["text"]


def test_pdf_citations_are_internal_links_to_the_annex(seeds_build, seeds_brief):
    reader = PdfReader(str(seeds_build / "brief.pdf"))
    annots = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    links = [a for a in annots if a.get("/Subtype") == "/Link"]
    n_cites = sum(len(i["citations"]) for s in seeds_brief["sections"] for i in s["items"])
    assert len(links) >= n_cites
    dests = reader.named_destinations
    for a in links:
        dest = a.get("/Dest") or (a.get("/A") or {}).get("/D")
        assert dest is not None, a
        name = str(dest)
        assert name in dests, name
        target_page = reader.get_destination_page_number(dests[name])
        assert target_page >= 1  # every citation lands in the annex, after page 1


def test_pdf_metadata_and_fonts(seeds_build, seeds_brief):
    reader = PdfReader(str(seeds_build / "brief.pdf"))
    meta = reader.metadata
    assert meta.title == seeds_brief["title"]
    assert meta.author == "briefing"
    assert meta.get("/CreationDate", "").startswith("D:20241105")
    fonts = set()
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            desc = f.get("/FontDescriptor") or (f.get("/DescendantFonts") or [{}])[0].get_object().get("/FontDescriptor")
            desc = desc.get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), f.get("/BaseFont")
            fonts.add(str(f.get("/BaseFont")))
    assert any("Inter" in f for f in fonts)


def test_letter_is_one_page_too(tmp_path):
    out = tmp_path / "letter"
    result = run_cli("build", str(SEEDS), "--out", str(out), "--page-size", "Letter", "--format", "pdf,json")
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(out / "brief.pdf"))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (612, 792)
    assert "source paragraphs" in (reader.pages[1].extract_text() or "").lower()


WORDS = ("ministers council troops border ceasefire talks delegation envoy sanctions shipment port convoy "
         "aid corridor parliament vote budget reactor inspectors drones missiles refugees agency report").split()
# a vocabulary large enough that random sentences differ as real ones do
WORDS += [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze") for b in
          ("bar", "dun", "fel", "gor", "hin", "jas", "kel", "mor", "nip", "quo", "rel", "sut", "tav", "wex")]


def _fake_article(rng: random.Random, i: int) -> str:
    paras = []
    for _ in range(rng.randint(4, 9)):
        sents = []
        for _ in range(rng.randint(2, 4)):
            words = rng.choices(WORDS, k=rng.randint(10, 22))
            sents.append(f"The {' '.join(words)} said officials in {rng.choice(['Geneva', 'Cairo', 'Oslo'])}.")
        paras.append(" ".join(sents))
    return f"Report {i}: {' '.join(rng.choices(WORDS, k=6))}\n\nMonday, 4 March 2024\n\n" + "\n\n".join(paras)


@pytest.mark.parametrize("size,count", [("A4", 40), ("Letter", 40), ("A4", 200)])
def test_many_sources_still_fit_one_page(tmp_path, size, count):
    rng = random.Random(7)
    src = tmp_path / "src"
    src.mkdir()
    for i in range(count):
        (src / f"r{i:02}.txt").write_text(_fake_article(rng, i))
    out = tmp_path / "out"
    result = run_cli("build", str(src), "--out", str(out), "--page-size", size, "--format", "pdf,json,md")
    assert result.returncode == 0, result.stderr
    pages = _pages(out / "brief.pdf")
    brief = json.loads((out / "brief.json").read_text())
    assert "source paragraphs" not in pages[0].lower() and "source paragraphs" in pages[1].lower()
    page1 = _flat(pages[0])
    items = [i for s in brief["sections"] for i in s["items"]]
    assert len(items) >= 6, "the Sources list must not crowd the brief off its page"
    for item in items:
        assert _flat(item["text"])[:40] in page1
    assert len(brief["sources"]) == count
    cited = {c["source"] for i in items for c in i["citations"]}
    md = (out / "brief.md").read_text()
    assert f"all {count} are listed at the end of the annex" in md and "## All sources" in md
    assert len(cited) < count


HOSTILE = """Hostile page

The envoy said <script>alert('x')</script> talks would resume on Monday with <b>all</b> parties present.

Officials shared [a link](javascript:alert(1)) and ![img](http://127.0.0.1:9/pixel.png) in the statement, the envoy said.

<iframe src="file:///etc/passwd"></iframe> The minister said <style>@import url(http://127.0.0.1:9/x.css);</style> nothing more.
"""


def test_source_text_never_becomes_markup(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "hostile.txt").write_text(HOSTILE)
    out = tmp_path / "out"
    result = run_cli("build", str(src), "--out", str(out), "--format", "md,html")
    assert result.returncode == 0, result.stderr
    html = (out / "brief.html").read_text()
    assert "<script>" not in html and "<iframe" not in html and "<b>all</b>" not in html
    assert 'href="javascript' not in html and "<img" not in html
    import markdown

    rendered = markdown.markdown((out / "brief.md").read_text())
    assert "<script>" not in rendered and "<iframe" not in rendered and "<img" not in rendered
    assert 'href="javascript' not in rendered


SEED_FACTS = {
    "who issued the statement": [r"foreign ministers", r"joint statement"],
    "when": [r"5 nov(ember)? 2024"],
    "with whom": [r"south korea", r"australia", r"new zealand"],
    "what they condemn": [r"condemn"],
    "what they fear": [r"grave concerns|deeply concerned"],
    "what they demand": [r"urge the dprk to stop"],
    "the resolutions cited": [r"1718, 1874 and 2270"],
    "the troop numbers and who gives them": [r"several thousands", r"11,000", r"zelenskyy"],
    "the other reactions": [r"mike turner", r"defence intelligence of the united kingdom"],
}


def test_seeds_page_one_says_what_a_reader_needs(seeds_build):
    page1 = " ".join((PdfReader(str(seeds_build / "brief.pdf")).pages[0].extract_text() or "").split()).lower()
    page1 = re.sub(r"(?<=\w)- (?=\w)", "", page1)
    missing = [name for name, patterns in SEED_FACTS.items() if not all(re.search(p, page1) for p in patterns)]
    assert not missing, missing


FONT_PAGE = """<!DOCTYPE html><html><head><style>
@font-face { font-family: "Inter"; src: url("fonts/Inter-Regular.otf"); }
body { font-family: "Inter"; }
</style></head><body><p>Situation brief, as of 5 November 2024.</p></body></html>"""


def _font_modified(data: bytes) -> int:
    """The head table's modified time (seconds since 1904) of the font embedded in a PDF."""
    import io

    from fontTools.ttLib import TTFont

    font = next(iter(PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    stream = next(descriptor[k] for k in ("/FontFile3", "/FontFile2", "/FontFile") if k in descriptor)
    return TTFont(io.BytesIO(stream.get_object().get_data()))["head"].modified


def test_embedded_fonts_are_stamped_with_the_as_of_date_and_the_environment_is_left_alone(monkeypatch):
    import datetime as dt
    import os

    from fontTools.misc.timeTools import timestampSinceEpoch

    from briefing.render.pdf import lay_out, write_pdf
    from briefing.render.templates import shipped_templates

    roots = [shipped_templates()]
    midnight = int(dt.datetime(2024, 11, 5, tzinfo=dt.timezone.utc).timestamp())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = write_pdf(lay_out(FONT_PAGE, roots), dt.date(2024, 11, 5))
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert _font_modified(data) == timestampSinceEpoch(midnight)
    # the same brief, laid out again, gives the same bytes; SOURCE_DATE_EPOCH at that midnight too
    assert write_pdf(lay_out(FONT_PAGE, roots), dt.date(2024, 11, 5)) == data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(midnight))
    assert write_pdf(lay_out(FONT_PAGE, roots), None) == data
    # a SOURCE_DATE_EPOCH the user set wins over the as-of date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730800000")
    assert _font_modified(write_pdf(lay_out(FONT_PAGE, roots), dt.date(2024, 11, 5))) == timestampSinceEpoch(1730800000)
