"""Across sources: one statement per claim citing every supporting paragraph, conflicts shown
with both sides, a merged timeline, and every item supported by what it cites."""

import datetime as dt
import re

from briefing.build import analyse
from briefing.config.settings import Settings
from briefing.synthesise.shorten import shorten
from conftest import SEEDS

WORD = re.compile(r"[\w']+")
STOP = set("a an the of to in on for and or but by with from as at is are was were be been it its this that".split())


def supported(text: str, paragraphs: list[str]) -> float:
    """Share of an item's content words found in the paragraphs it cites."""
    words = [w for w in WORD.findall(text.lower().replace("’", "'")) if w not in STOP]
    pool = {w for p in paragraphs for w in WORD.findall(p.lower().replace("’", "'"))}
    return sum(w in pool for w in words) / max(len(words), 1)


def _brief():
    return analyse(Settings(paths=(str(SEEDS),)))


def test_every_item_is_cited_and_supported():
    brief = _brief()
    items = [it for s in brief.sections for it in s.items]
    assert len(items) >= 8
    for it in items:
        assert it.citations
        paras = [brief.source(c.source).paragraph(c.paragraph).text for c in it.citations]
        assert supported(it.text, paras) == 1.0, it.text


def test_restatements_cite_the_primary_source_first():
    brief = _brief()
    statement = next(s for s in brief.sources if s.primary)
    grouped = [it for s in brief.sections for it in s.items if len({c.source for c in it.citations}) > 1]
    assert grouped, "the news report's restatements should be grouped with the joint statement"
    for it in grouped:
        assert it.citations[0].source == statement.id
        assert it.origins == 2


def test_troop_numbers_conflict_shows_both_sides_with_dates():
    brief = _brief()
    conflicts = next(s for s in brief.sections if s.key == "conflicts")
    texts = " ".join(it.text for it in conflicts.items)
    labels = " ".join(it.label or "" for it in conflicts.items)
    assert "Several thousands" in texts and "11,000" in texts
    assert "Zelenskyy" in labels and "4 Nov 2024" in labels and "5 Nov 2024" in labels
    assert all("differ" in it.note for it in conflicts.items)


def test_timeline_is_merged_and_ordered():
    brief = _brief()
    timeline = next(s for s in brief.sections if s.key == "timeline")
    dates = [dt.datetime.strptime(it.label, "%d %b %Y").date() for it in timeline.items]
    assert dates == sorted(dates) and dates == [it.date for it in timeline.items]
    # each dated event of either source is on the page once: on the timeline, or where the page says
    # it first (no two items say the same thing), with its date
    page = " ".join(f"{it.label or ''} {it.text}" for s in brief.sections for it in s.items)
    for day in (1, 4, 5):
        assert re.search(rf"\b{day} Nov(?:ember)?\b", page), day


def test_claims_stay_attributed():
    brief = _brief()
    for s in brief.sections:
        for it in s.items:
            if re.match(r"(We|I)\b", it.text):
                assert it.label, it.text  # first-person statements carry who says them


def test_undated_statement_takes_the_date_of_its_restatement():
    brief = _brief()
    statement = next(s for s in brief.sources if s.primary)
    assert statement.date == dt.date(2024, 11, 5) and statement.date_inferred


def test_shorten_only_removes_words():
    long = ("We condemn in the strongest possible terms the increasing military cooperation between the DPRK and "
            "Russia, including the DPRK's export and Russia's unlawful procurement of DPRK ballistic missiles in "
            "breach of multiple UN Security Council resolutions (UNSCRs), as well as Russia's use of these missiles "
            "and munitions against Ukraine.")
    short = shorten(long, limit=30)
    assert len(short.split()) < len(long.split())
    source_words = WORD.findall(long)
    assert all(w in source_words for w in WORD.findall(short))


def _title_of(tmp_path, name: str, text: str) -> str:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return analyse(Settings(paths=(str(folder),))).title


def test_a_long_statement_title_is_cut_at_its_last_phrase_that_fits_never_inside_a_name(tmp_path):
    title = _title_of(tmp_path, "readout.md", (
        "---\ntitle: Readout of President Joseph R. Biden, Jr. Meeting with Prime Minister Benjamin Netanyahu of Israel "
        "and the War Cabinet\ndate: 2023-10-18\n---\n\nPresident Joseph R. Biden, Jr. met Prime Minister Benjamin "
        "Netanyahu and his War Cabinet today in Israel for a comprehensive discussion of the war.\n"))
    assert title == "Readout of President Joseph R. Biden, Jr. Meeting with Prime Minister Benjamin Netanyahu"


def test_a_long_title_is_not_cut_inside_a_countrys_name(tmp_path):
    title = _title_of(tmp_path, "remarks.md", (
        "---\ntitle: Remarks by President Biden and President Xi Jinping of the People’s Republic of China Before "
        "Bilateral Meeting\ndate: 2022-11-14\n---\n\nPresident Biden met President Xi Jinping in Bali on Monday for "
        "three hours of talks on trade and Taiwan.\n"))
    assert title == "Remarks by President Biden and President Xi Jinping", title


def test_a_title_that_is_a_sentence_of_the_body_is_no_headline_wherever_the_sentence_is(tmp_path):
    body = "\n\n".join(f"Paragraph {i} says the inquiry into the airport incident went on for a week." for i in range(6))
    title = _title_of(tmp_path, "a.txt", "Police said the drone had struck the plane\n\n" + body +
                      "\n\nPolice said the drone had struck the plane as it landed.\n")
    assert title != "Police said the drone had struck the plane", title


def test_untitled_sources_about_someone_with_an_uncommon_given_name_are_titled_by_that_name(tmp_path):
    title = _title_of(tmp_path, "a.txt", (
        "Salma Hayek is mourning the death of her beloved dog in the United States.\n\n"
        "Hayek wrote on Instagram on Friday that the dog was found shot on her ranch in Washington State.\n\n"
        "Hayek ended the note, which was also written in Spanish, with a plea to the authorities.\n"))
    assert title == "Salma Hayek", title  # not "United States and Spain"


def _brief_of(tmp_path, files: dict[str, str]):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return analyse(Settings(paths=(str(folder),)))


def _bottom_line(tmp_path, files: dict[str, str]) -> list[str]:
    return [it.text for s in _brief_of(tmp_path, files).sections if s.key == "bottom_line" for it in s.items]


def test_an_item_the_page_would_drop_as_a_repeat_leaves_its_room_to_the_next(tmp_path):
    # two counts of troops are two facts (never redundant as claims), but a reader sees one said twice
    bottom = _bottom_line(tmp_path, {"a.txt": (
        "Troops sent after hurricanes\n\n11 October 2024\n\n"
        "The National Guard has mobilised 1,100 troops from three states for the recovery after Hurricane Milton.\n\n"
        "The National Guard has mobilised 2,000 troops from nine states for the recovery after Hurricane Helene.\n\n"
        "Engineers restored power to 40,000 homes in Tampa on Thursday, the utility company said.\n\n"
        "Schools in Pinellas County will reopen on Monday after inspections of 120 buildings.\n")})
    assert len(bottom) == 3, bottom
    assert sum("National Guard" in text for text in bottom) == 1, bottom


def test_the_latest_state_in_the_bottom_line_leads_with_what_it_counts_not_with_a_sentiment(tmp_path):
    heartbreak = ("In this moment of heartbreak, the American people stand shoulder to shoulder with the people of "
                  "Israel against the terror of Hamas.")
    bottom = _bottom_line(tmp_path, {
        "old.txt": ("Attack on Israel\n\n7 October 2023\n\nHamas fighters attacked towns in southern Israel on "
                    "Saturday morning, the Israeli army said.\n"),
        "new.txt": f"Biden speaks of heartbreak\n\n9 October 2023\n\n{heartbreak}\n",
        "newer.txt": (f"American citizens killed in Israel\n\n9 October 2023\n\n{heartbreak.replace('the terror', 'terror')}"
                      "\n\nThe State Department said on Monday that at least 11 American citizens were among those killed "
                      "in the Hamas attack.\n")})
    assert bottom[0].startswith("The State Department said on Monday that at least 11"), bottom
    assert any(text.startswith("In this moment") for text in bottom), bottom  # (the sentiment, confirmed twice, stays)


def test_a_future_tense_in_an_older_source_ranks_lower_as_it_may_have_been_overtaken(tmp_path, monkeypatch):
    from briefing import weights
    from briefing.synthesise.claims import make_claims

    summaries = list(_brief_of(tmp_path, {
        "a.txt": ("Leaders to meet in Bali\n\n10 November 2022\n\nThe two presidents will discuss trade and climate "
                  "policy at the summit in Bali on Monday.\n\nOfficials in Jakarta prepared the conference hall for the "
                  "delegations on Thursday.\n"),
        "b.txt": ("Leaders met in Bali\n\n14 November 2022\n\nThe delegations will travel home from Indonesia on Tuesday "
                  "morning after the talks.\n")}).summaries)

    def scores():
        return {c.text[:20]: c.score for c in make_claims(summaries)}

    with_penalty, penalty = scores(), weights.STALE_FUTURE
    monkeypatch.setattr(weights, "STALE_FUTURE", 0.0)
    without = scores()
    assert penalty < 0 and abs(with_penalty["The two presidents w"] - (without["The two presidents w"] + penalty)) < 1e-6
    assert with_penalty["Officials in Jakarta"] == without["Officials in Jakarta"]  # no future tense
    assert with_penalty["The delegations will"] == without["The delegations will"]  # the newest source's plans stand


def test_a_position_is_not_labelled_with_someone_other_than_the_speaker_its_brackets_name(tmp_path):
    brief = _brief_of(tmp_path, {"a.txt": (
        "Harry and Meghan speak to Oprah\n\n8 March 2021\n\n"
        "Prince Harry said he had been cut off financially by his family in the first quarter of 2020.\n\n"
        "\"This morning I woke up earlier than H and saw a note from our team,\" Meghan told Winfrey.\n\n"
        "\"I just picked up the phone and I called the Queen, just to check in,\" she said, adding that the ability to "
        "do so freely would not have existed in the royal set-up.\n")})
    items = [it for s in brief.sections for it in s.items if it.text.startswith('"I just picked up')]
    assert items and "[Meghan] said" in items[0].text, items
    assert items[0].label in (None, ""), items  # not "Harry", whom the sentence before the quotation was about


def test_an_untitled_brief_names_each_person_once_however_the_sources_title_them(tmp_path):
    title = _title_of(tmp_path, "a.txt", (
        "The wife of a senior Israeli minister posted a joke about President Barack Obama on Sunday.\n\n"
        "Her husband apologised to President Barack Obama on Monday, the minister's office said.\n\n"
        "Obama did not respond to the joke, a White House spokesman said on Monday.\n\n"
        "Prime Minister Benjamin Netanyahu said the joke did not reflect the views of Israel about Obama.\n\n"
        "Benjamin Netanyahu called the minister on Monday evening to discuss the joke.\n"))
    assert title == "Barack Obama and Benjamin Netanyahu", title  # not "President Barack Obama, Obama and ..."


def test_a_plan_an_older_source_gave_is_not_the_latest_state(tmp_path):
    bottom = _bottom_line(tmp_path, {
        "plan.txt": ("Biden to visit Israel and Jordan\n\n16 October 2023\n\nPresident Biden will then travel to Amman "
                     "to meet King Abdullah II of Jordan and President Abbas of the Palestinian Authority.\n"),
        "visit.txt": ("Biden meets Netanyahu\n\n18 October 2023\n\nPresident Biden met Prime Minister Netanyahu and the "
                      "war cabinet in Tel Aviv today for a discussion of the war.\n\nThe President announced 100 million "
                      "dollars in humanitarian aid for civilians in Gaza and the West Bank.\n")})
    assert bottom and not any(" will " in text for text in bottom), bottom  # (it stays below, as a plan)
