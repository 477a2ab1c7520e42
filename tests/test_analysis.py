"""Per-source analysis: dates, actors, figures, metadata, and the structured summary."""

import datetime as dt
from pathlib import Path

import pytest

from briefing.analyse.actors import canonical, find_actors
from briefing.text.dates import find_dates, is_dateline
from briefing.analyse.figures import find_figures
from briefing.analyse.settle import settle, short_name
from briefing.analyse.summary import analyse_source
from briefing.read import ReadOptions, read_bytes, read_file
from conftest import SEEDS, SHARED

D = dt.date


def _source(path: Path):
    from dataclasses import replace

    return replace(settle(read_file(path, ReadOptions())[0]), id=1)


def _text_source(text: str, name: str = "doc.txt"):
    from dataclasses import replace

    return replace(settle(read_bytes(name, text.encode(), ReadOptions())[0]), id=1)


@pytest.mark.parametrize("text,ref,expected", [
    ("On 4 November, he spoke.", D(2024, 11, 5), D(2024, 11, 4)),
    ("Tuesday, 5 November 2024", None, D(2024, 11, 5)),
    ("met on November 14 with", D(2022, 11, 14), D(2022, 11, 14)),
    ("on November 14, 2022.", None, D(2022, 11, 14)),
    ("published 2024-03-09 at noon", None, D(2024, 3, 9)),
    ("expressed concern on Tuesday", D(2024, 11, 5), D(2024, 11, 5)),  # 5 Nov 2024 is a Tuesday
    ("talks began on Monday", D(2024, 11, 5), D(2024, 11, 4)),
    ("the strike yesterday", D(2024, 11, 5), D(2024, 11, 4)),
    ("On 28 December, ...", D(2025, 1, 3), D(2024, 12, 28)),  # a partial date after the document is last year
])
def test_dates_resolve_against_the_document_date(text, ref, expected):
    assert find_dates(text, ref)[0].date == expected


def test_no_relative_dates_without_a_reference():
    assert find_dates("on Tuesday the ministers met", None) == []


def test_dateline():
    assert is_dateline("Tuesday, 5 November 2024 —") == D(2024, 11, 5)
    assert is_dateline("On 5 November 2024 the ministers met in Rome.") is None


@pytest.mark.parametrize("alias,name", [
    ("DPRK", "North Korea"), ("North Korean", "North Korea"), ("Pyongyang", "North Korea"),
    ("Republic of Korea", "South Korea"), ("South Korean", "South Korea"), ("ROK", "South Korea"),
    ("U.S.", "United States"), ("PRC", "China"), ("EU", "European Union"),
])
def test_aliases_come_to_one_name(alias, name):
    assert canonical(alias) == name


def test_actors_people_with_roles_and_organisations():
    text = ("On 1 November, US House Intelligence Committee Chair Mike Turner said North Korean troops "
            "were in Kursk. Defence Intelligence of the United Kingdom disagreed.")
    found = {(m.name, m.type, m.role) for m in find_actors(text)}
    assert ("Mike Turner", "person", "US House Intelligence Committee Chair") in found
    assert ("North Korea", "country", None) in found
    assert any(n == "Defence Intelligence of the United Kingdom" and t == "organisation" for n, t, _ in found)


@pytest.mark.parametrize("sentence,value,counts", [
    ("there are already 11,000 North Korean soldiers stationed in Kursk", 11000, "North Korean soldiers"),
    ("Several thousands of DPRK troops have been deployed to Russia.", None, "DPRK troops"),
    ("at least 12 civilians were killed", 12, "civilians"),
    ("the fund pledged $5 billion dollars", 5e9, "dollars"),
])
def test_figures_say_what_they_count(sentence, value, counts):
    f = find_figures(sentence)[0]
    assert f.value == value and f.counts == counts


def test_years_resolutions_and_names_are_not_figures():
    assert find_figures("In 2024 resolutions 1718, 1874 and 2270 were cited by the G7 members.") == []


def test_news_report_metadata():
    s = _source(SEEDS / "000_82b7d47260e03002.txt")
    assert s.title == "G7 and allies coordinate response to Russia's use of North Korean troops"
    assert s.kind == "news report" and s.date == D(2024, 11, 5)
    texts = " ".join(p.text for p in s.paragraphs)
    assert "Advertisement" not in texts and "Ctrl" not in texts and "Tuesday, 5 November" not in texts
    assert s.paragraphs[0].text.startswith("The foreign ministers of the G7")


def test_joint_statement_metadata():
    s = _source(SEEDS / "004_1225735960cc5bd0.txt")
    assert s.kind == "joint statement" and s.primary
    assert s.title.startswith("Statement by the Foreign Ministers of Australia")
    assert s.issuer.startswith("Foreign Ministers of Australia") and s.issuer.endswith("European Union")
    assert len(s.paragraphs) == 4


def test_front_matter_metadata():
    s = _text_source("---\ntitle: \"Readout of the call\"\ndate: '2022-11-14'\nsource_url: https://example.gov/r\n---\n\n"
                     "The President spoke with the Chancellor today about energy.\n", "call.md")
    assert (s.title, s.date, s.kind, s.url) == ("Readout of the call", D(2022, 11, 14), "readout", "https://example.gov/r")


def test_speaker_tags_are_carried_forward():
    s = _text_source("Remarks by the leaders\n\nPRESIDENT XI: We met in 2017.\n\nIt was good.\n\nTHE PRESIDENT: Thank you.\n")
    assert [p.speaker for p in s.paragraphs] == ["President Xi", "President Xi", "The President"]
    assert [p.sentences[0] for p in s.paragraphs] == ["We met in 2017.", "It was good.", "Thank you."]  # not the tag


def test_a_box_of_related_links_names_no_speaker():
    s = _text_source("Story\n\nA SIMPLE GUIDE: How do I protect myself?\n\nHOPE AND LOSS: Your coronavirus stories\n\n"
                     "LOOK-UP TOOL: Check cases in your area\n\nDr Anthony Fauci said the toll looks more like 60,000.\n\n"
                     "JANE SMITH: We will reopen the schools next week.\n")
    assert [p.speaker for p in s.paragraphs] == [None, None, None, None, "Jane Smith"]


def test_non_utf8_text_is_decoded():
    text = "Le ministre a déclaré que la réunion était terminée. Les délégués sont partis à midi."
    for encoding in ("latin-1", "utf-16"):
        doc = read_bytes("fr.txt", (text * 3).encode(encoding), ReadOptions())[0]
        assert "déclaré" in doc.blocks[0].text, encoding


def test_short_name():
    assert short_name("Foreign Ministers of Australia, Canada, France, Germany, Italy and Japan") == \
        "Foreign Ministers of Australia, Canada, France and 3 others"
    assert short_name("The White House") == "The White House"


def test_summary_of_the_joint_statement_points_back_to_paragraphs():
    sm = analyse_source(_source(SEEDS / "004_1225735960cc5bd0.txt"))
    src = sm.source
    assert [r.name for r in sm.references] == ["UN Security Council resolutions 1718, 1874 and 2270", "UN Charter"] or \
        {"UN Security Council resolutions 1718, 1874 and 2270"} <= {r.name for r in sm.references}
    stances = {(p.verb, p.citation.paragraph) for p in sm.positions}
    assert ("condemned", 3) in stances and ("urged", 3) in stances and ("reaffirmed", 4) in stances
    fig = next(f for f in sm.figures if "troops" in f.counts)
    assert fig.value is None and fig.citation.paragraph == 2
    for item in (*sm.key_points, *sm.positions):
        assert item.text in src.paragraph(item.citation.paragraph).text


def test_summary_of_the_news_report_attributes_claims():
    sm = analyse_source(_source(SEEDS / "000_82b7d47260e03002.txt"))
    fig = next(f for f in sm.figures if f.value == 11000)
    assert fig.speaker == "Volodymyr Zelenskyy"
    assert {(e.date, e.citation.paragraph) for e in sm.events} >= {(D(2024, 11, 1), 8), (D(2024, 11, 4), 10), (D(2024, 11, 5), 1)}
    actors = {a.name: a for a in sm.actors}
    assert actors["North Korea"].aliases and "DPRK" in actors["North Korea"].aliases
    assert actors["Mike Turner"].role == "US House Intelligence Committee Chair"


@pytest.mark.skipif(not (SHARED / "eval" / "statements").exists(), reason="../shared/eval is not beside the checkout")
def test_white_house_statements_read_well():
    folder = SHARED / "eval" / "statements"
    kinds = {}
    for path in sorted(folder.glob("*.md")):
        s = _source(path)
        kinds[s.kind] = s
        assert s.date and s.date.year == 2022
        assert not any(p.text.startswith("---") for p in s.paragraphs)
    assert set(kinds) == {"official statement", "readout", "remarks"}
    assert kinds["remarks"].paragraphs[0].speaker or any(p.speaker for p in kinds["remarks"].paragraphs)
