"""brief.docx: built from the model with python-docx, the PDF's page-1 items, citations as internal
links to bookmarked annex paragraphs, Word's heading styles, core properties, the same bytes for
the same brief."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from conftest import SEEDS, run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx-out")
    result = run_cli("build", str(SEEDS), "--out", str(out), "--format", "all")
    assert result.returncode == 0, result.stderr
    assert "brief.docx" in result.stdout
    return out, json.loads((out / "brief.json").read_text()), docx.Document(str(out / "brief.docx"))


def test_word_headings_hold_the_sections_then_the_annex(built):
    _, brief, document = built
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert headings[0] == ("Title", brief["title"])
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1 == [s["title"] for s in brief["sections"]] + ["Sources", "Source paragraphs"]
    annex = next(p for p in document.paragraphs if p.text == "Source paragraphs")
    assert annex.paragraph_format.page_break_before
    level2 = [text for style, text in headings if style == "Heading 2"]
    cited = sorted({c["source"] for s in brief["sections"] for i in s["items"] for c in i["citations"]})
    assert [int(t.split(".")[0]) for t in level2] == cited


def test_the_items_are_the_pdfs_page_one_items_in_order(built):
    _, brief, document = built
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    items = [i for s in brief["sections"] for i in s["items"]]
    assert len(bullets) == len(items)
    for text, item in zip(bullets, items):
        assert item["text"] in text


def test_every_citation_is_an_internal_link_to_a_bookmarked_annex_paragraph(built):
    _, brief, document = built
    body = document.element.body
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    marks = {b.get(qn("w:name")): b for b in body.iter(qn("w:bookmarkStart"))}
    shown = [c for s in brief["sections"] for i in s["items"] for c in i["citations"][:4]]
    assert anchors == [f"s{c['source']}_p{c['paragraph']}" for c in shown]
    assert set(anchors) <= set(marks)
    paragraphs = {(s["id"], p["n"]): p["text"] for s in brief["sources"] for p in s["paragraphs"]}
    for name, start in marks.items():
        source, n = (int(x[1:]) for x in name.split("_"))
        held = "".join(t.text or "" for t in start.getparent().iter(qn("w:t")))
        assert held.startswith(f"¶{n}") and paragraphs[(source, n)] in held
    tips = {h.get(qn("w:tooltip")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))}
    assert "source 1, paragraph 1" in tips


def test_core_properties(built):
    _, brief, document = built
    props = document.core_properties
    assert props.title == brief["title"] and props.author == "briefing"
    assert props.created == props.modified == dt.datetime.fromisoformat(brief["as_of"]).replace(tzinfo=dt.timezone.utc)
    assert props.revision == 1


def test_the_same_brief_gives_the_same_bytes(built, tmp_path):
    out, _, _ = built
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    again = tmp_path / "again"
    result = run_cli("build", str(src), "--out", str(again), "--format", "docx")
    assert result.returncode == 0, result.stderr
    assert (again / "brief.docx").read_bytes() == (out / "brief.docx").read_bytes()
    with zipfile.ZipFile(again / "brief.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    epoch = run_cli("build", str(src), "--out", str(tmp_path / "epoch"), "--format", "docx",
                    env={"SOURCE_DATE_EPOCH": "1730800000"})
    assert epoch.returncode == 0, epoch.stderr
    pinned = docx.Document(str(tmp_path / "epoch" / "brief.docx")).core_properties
    assert pinned.created == dt.datetime(2024, 11, 5, 9, 46, 40, tzinfo=dt.timezone.utc)


def test_branding_goes_into_header_footer_and_properties(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "briefing.toml").write_text(
        '[brief]\nformats = ["docx", "json"]\nauthor = "Duty Officer"\norganisation = "Ministry of Examples"\n'
        'marking = "OFFICIAL-SENSITIVE"\n\n[[source]]\npath = "seeds"\n', encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "output" / "brief.docx"))
    section = document.sections[0]
    assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
    assert "Ministry of Examples" in section.header.paragraphs[0].text
    assert section.footer.paragraphs[0].text.startswith("OFFICIAL-SENSITIVE")
    assert document.core_properties.author == "Duty Officer" and document.core_properties.keywords == "OFFICIAL-SENSITIVE"
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
