"""Near-duplicate sources: syndicated wire copies, a page saved twice, a feed entry and its page."""

from __future__ import annotations

import datetime as dt
import json
import random
import time

import pytest

from briefing.analyse import duplicates
from briefing.analyse.duplicates import jaccard, mark_duplicates, sketch
from briefing.model import Paragraph, Source
from conftest import run_cli

WIRE_TITLE = "Floodwaters close Danube port as river reaches record level"
WIRE = [
    "VIENNA, March 4 (Northwire) - The port of Linz closed to all shipping on Monday after the Danube "
    "rose to its highest level since records began in 1821, the Austrian river authority said.",
    "The authority said the river stood at 9.4 metres at the Linz gauge at noon, almost a metre above "
    "the previous record set during the floods of August 2002.",
    "About 1,200 residents of low-lying districts were moved to schools and sports halls overnight, "
    "and the army sent 400 soldiers to reinforce dykes upstream of the city.",
    "\"We expect the crest to pass Linz on Wednesday morning, but the dykes have never been tested at "
    "this height,\" said Maria Huber, who heads the authority's flood service.",
    "Barge operators said at least 60 vessels were waiting downstream of the Abwinden lock, and grain "
    "shipments to Black Sea ports would be delayed by at least a week.",
    "The Hungarian water directorate warned that the flood wave would reach Budapest by the weekend "
    "and ordered the closure of the lower embankment roads from Friday.",
    "Rail services between Linz and Passau were suspended after water covered the tracks near "
    "Ottensheim, the federal railway operator said in a statement.",
    "Insurers estimated early damage at 300 million euros, a figure they said would rise once the "
    "water receded and buildings could be inspected.",
]
OTHER = [
    "BUDAPEST (Danube Daily) - Budapest began stacking sandbags along the lower embankment on Tuesday "
    "as the city prepared for a flood wave travelling down from Austria.",
    "City officials said 2,000 volunteers had signed up to fill sandbags at depots on Margaret Island "
    "and in the eleventh district, and that schools near the river would close on Friday.",
    "\"We expect the crest to pass Linz on Wednesday morning, but the dykes have never been tested at "
    "this height,\" the Austrian flood service chief said, a warning Hungarian engineers took seriously.",
    "The mayor said the mobile flood walls bought after 2013 would be raised on Thursday night, and "
    "that tram line 2 would stop running along the river until further notice.",
    "Hydrologists at the water directorate forecast a peak of 8.9 metres at the Vigadó Square gauge, "
    "below the 2013 record of 8.91 metres but enough to flood the quays.",
]


def make(sid: int, paragraphs: list[str], *, title: str = WIRE_TITLE, kind: str = "news report",
         date: dt.date | None = dt.date(2024, 3, 4), fmt: str = "text", origin: str | None = None) -> Source:
    return Source(
        id=sid, origin=origin or f"s{sid}.txt", format=fmt, title=title, kind=kind, issuer=None, date=date,
        paragraphs=tuple(Paragraph(n, t, (t,)) for n, t in enumerate(paragraphs, 1)),
    )


def by_origin(sources: list[Source]) -> dict[str, Source]:
    return {s.origin: s for s in sources}


def test_wire_copies_with_new_headline_and_boilerplate_are_one_origin():
    original = make(1, WIRE, origin="wire.txt")
    copy_a = make(2, WIRE + ["This article was republished from Northwire. All rights reserved."],
                  title="Record flood shuts Linz port", origin="site-a.html")
    copy_b = make(3, ["Advertisement"] + WIRE[:-1] + ["Follow us for more news from Central Europe."],
                  title="Danube at record high: Linz port closed", origin="site-b.html")
    other = make(4, OTHER, title="Budapest braces for flood wave", origin="budapest.txt")
    marked = by_origin(mark_duplicates([original, copy_a, copy_b, other]))
    assert marked["wire.txt"].duplicate_of is None
    assert marked["site-a.html"].duplicate_of == marked["wire.txt"].id
    assert marked["site-b.html"].duplicate_of == marked["wire.txt"].id
    assert marked["budapest.txt"].duplicate_of is None  # shares a quote, but is another story


def test_different_stories_are_not_copies():
    other = make(2, OTHER, title="Budapest braces")
    assert jaccard(sketch(make(1, WIRE)), sketch(other)) < 0.1
    assert all(s.duplicate_of is None for s in mark_duplicates([make(1, WIRE), other]))


def test_copies_are_numbered_right_after_their_original():
    # the copy sorts first (it was read first), but the original is the earlier-dated one
    copy = make(1, WIRE + ["Republished with permission."], date=dt.date(2024, 3, 5), origin="a-copy.txt")
    unrelated = make(2, OTHER, origin="b-other.txt")
    original = make(3, WIRE, date=dt.date(2024, 3, 4), origin="c-wire.txt")
    marked = mark_duplicates([copy, unrelated, original])
    assert [s.origin for s in marked] == ["b-other.txt", "c-wire.txt", "a-copy.txt"]
    assert [s.id for s in marked] == [1, 2, 3]
    assert [s.duplicate_of for s in marked] == [None, None, 2]


def test_primary_source_is_the_original():
    statement = make(2, WIRE, kind="official statement", date=dt.date(2024, 3, 5), origin="statement.txt")
    report = make(1, WIRE, date=dt.date(2024, 3, 4), origin="report.txt")
    marked = by_origin(mark_duplicates([report, statement]))
    assert marked["statement.txt"].duplicate_of is None
    assert marked["report.txt"].duplicate_of == marked["statement.txt"].id


def test_feed_entry_summary_is_a_copy_of_its_page():
    page = make(1, WIRE, fmt="html", origin="page.html")
    entry = make(2, WIRE[:2], fmt="feed", origin="feed.xml#linz-flood")
    marked = by_origin(mark_duplicates([page, entry]))
    assert marked["feed.xml#linz-flood"].duplicate_of == marked["page.html"].id
    assert marked["page.html"].duplicate_of is None


def test_statement_quoted_in_full_by_a_longer_report_stays_its_own_source():
    statement = make(1, WIRE[:2], kind="official statement", origin="statement.txt")
    report = make(2, OTHER + WIRE[:2] + WIRE[4:7], origin="report.txt")
    assert all(s.duplicate_of is None for s in mark_duplicates([statement, report]))


def test_page_saved_twice_with_a_small_edit():
    first = make(1, WIRE, fmt="html", origin="saved-0900.html")
    edited = WIRE[:3] + [WIRE[3].replace("Wednesday morning", "Wednesday afternoon")] + WIRE[4:] + [
        "Update, 14:00: the authority raised its forecast for the crest."]
    second = make(2, edited, fmt="html", origin="saved-1400.html")
    marked = by_origin(mark_duplicates([first, second]))
    assert marked["saved-1400.html"].duplicate_of == marked["saved-0900.html"].id


def test_detection_is_near_linear_on_many_sources(monkeypatch):
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    footer = "Follow our newsroom on social media for the latest updates and analysis every day."
    sources = [make(i + 1, [" ".join(rng.choices(vocabulary, k=160)), footer], origin=f"s{i:05d}.txt")
               for i in range(3000)]
    planted = {}
    for n, i in enumerate(rng.sample(range(3000), 40)):
        words = sources[i].paragraphs[0].text.split()
        words[rng.randrange(len(words))] = "changed"
        origin = f"copy{n:03d}.txt"
        planted[origin] = sources[i].origin
        sources.append(make(len(sources) + 1, [" ".join(words), "Republished with permission."], origin=origin))

    calls = 0
    real = duplicates.near_duplicates

    def counted(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(duplicates, "near_duplicates", counted)
    started = time.perf_counter()
    marked = mark_duplicates(sources)
    elapsed = time.perf_counter() - started
    by_id = {s.id: s for s in marked}
    found = {s.origin: by_id[s.duplicate_of].origin for s in marked if s.duplicate_of}
    assert found == planted
    n = len(sources)
    assert calls < 5 * n, f"{calls} comparisons for {n} sources: not near-linear"  # all pairs: ~4.6 million
    assert elapsed < 30


@pytest.fixture(scope="module")
def wire_build(tmp_path_factory):
    src = tmp_path_factory.mktemp("wire")
    (src / "northwire.txt").write_text(WIRE_TITLE + "\n\n4 March 2024\n\n" + "\n\n".join(WIRE) + "\n")
    (src / "herald.txt").write_text(
        "Linz port shut as Danube hits all-time high\n\n5 March 2024\n\n" + "\n\n".join(WIRE)
        + "\n\nThis story was republished from Northwire. Copyright 2024 Northwire. All rights reserved.\n")
    (src / "courier.md").write_text(
        "# Record Danube flood closes port of Linz\n\nPublished: 5 March 2024\n\n" + "\n\n".join(WIRE[:-1])
        + "\n\n*Sign up for our morning newsletter.*\n")
    (src / "budapest.txt").write_text("Budapest braces for the flood wave\n\n5 March 2024\n\n" + "\n\n".join(OTHER) + "\n")
    out = tmp_path_factory.mktemp("wire-out")
    result = run_cli("build", str(src), "--out", str(out), "--format", "md,json")
    assert result.returncode == 0, result.stderr
    return result, json.loads((out / "brief.json").read_text()), (out / "brief.md").read_text()


def test_build_marks_copies_and_counts_one_origin(wire_build):
    result, brief, md = wire_build
    sources = {s["path"].rsplit("/", 1)[-1]: s for s in brief["sources"]}
    original = sources["northwire.txt"]
    assert original["duplicate_of"] is None
    assert sources["herald.txt"]["duplicate_of"] == original["id"]
    assert sources["courier.md"]["duplicate_of"] == original["id"]
    assert sources["budapest.txt"]["duplicate_of"] is None
    assert "(2 copies of others)" in result.stdout

    origin = {s["id"]: s["duplicate_of"] or s["id"] for s in brief["sources"]}
    for section in brief["sections"]:
        for item in section["items"]:
            independent = {origin[c["source"]] for c in item["citations"]}
            assert item["origins"] <= len(independent), item
            if independent == {original["id"]}:
                assert "confirmed" not in (item["note"] or ""), item

    # the Sources list holds the copies right under their original
    listed = [line for line in md.split("## Sources", 1)[1].split("## Source paragraphs")[0].splitlines() if line.strip()]
    at = next(i for i, line in enumerate(listed) if line.startswith(f"{original['id']}. "))
    assert all(f"copy of source {original['id']}" in line for line in listed[at + 1 : at + 3])
