"""The reader's check (bench/reader_check.py, bench/reader_rules.py) on hand-made items: each rule
flags what a reader would object to and lets a good sentence through."""

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from reader_check import as_of_problem, check_brief, title_problems  # noqa: E402
from reader_rules import (Item, Vocabulary, dangling, duplicates, fragment, furniture,  # noqa: E402
                          label_problem, misfiled)

VOCAB = Vocabulary(["the ministers said the money will be used by the police and the study found that"])


def item(text, label=None, section="key_developments"):
    return Item(section, 0, text, label)


@pytest.mark.parametrize("text", [
    "They said the funding was withheld.",
    "He added that talks would resume on Monday.",
    "It is a disheartening number, said Miriam Diamond.",
    "This action demonstrates the resolve of the alliance.",
    "These measures will take effect next month.",
    "The ministers voiced grave concerns about the deployment.",
    "The money will be used by the local authorities.",
    "The study found a link between smoking and the disease.",
    "Of that, plants make up about 450 gigatons.",
    "It is not lost on us that the crisis deepened.",
    "But the lenders remain far from convinced.",
    "However, the agency declined to comment on the report.",
    "Also, the board approved the merger on Friday.",
    "Meanwhile, prices kept rising across the region.",
    "In addition, the company cut 300 jobs in Ohio.",
    '"I want to give back to the community," she said.',
    "We condemn in the strongest terms the attack on civilians.",
    '"We will not rest until every hostage is home."',
])
def test_dangling_reference_flags_what_leans_on_an_earlier_sentence(text):
    assert dangling(item(text), VOCAB)


@pytest.mark.parametrize("text, label", [
    ("The G7 foreign ministers voiced grave concerns about the deployment.", None),
    ("[The G7 foreign ministers] voiced grave concerns about the deployment.", None),
    ("They [Western diplomats] said the funding was withheld.", None),
    ("We condemn in the strongest terms the attack on civilians.", "G7 foreign ministers"),
    ("He raised objections to the coercive actions toward Taiwan.", "Joseph R. Biden, Jr."),
    ("It is likely that the talks will resume next week.", None),
    ("It has taken the Senate between 66 and 87 days to confirm a nominee.", None),
    ("In addition to the G7 members, the statement was endorsed by Australia.", None),
    ('"We will not rest until every hostage is home," President Biden said.', None),
    ("Kodadek said he has since tested more samples from patients.", None),
    ("This week, the ministry announced a new round of sanctions.", None),
    ("Police said the suspect was arrested at the airport on Sunday.", None),
])
def test_dangling_reference_lets_a_sentence_that_names_its_referent_pass(text, label):
    assert dangling(item(text, label), VOCAB) is None


@pytest.mark.parametrize("text", [
    "The wave was described as a tsunami of.",
    "The toll rose from 100,000 people as of.",
    "Officials said, according to a, report from the ministry.",
    "The storm reached Denver, Colorado,.",
    "In the early morning hours of, a fire broke out in the home.",
    'The minister said: "We will respond to every provocation.',
    "The delegation (led by the envoy arrived on Monday.",
    "Thousands of protesters in the capital on Sunday evening.",
    "Only four words here.",
    "when the maternal mortality rate was 205 deaths per 100,000 births",
    "Delynn also told the reporter that he thinks it is silly:",
])
def test_fragment_flags_holes_left_by_deleting_words(text):
    assert fragment(item(text))


@pytest.mark.parametrize("text", [
    "Kristian Perez has not been heard from since, according to his family.",
    '"He was the best advertisement you could wish for," Morgan told reporters.',
    "Finley, an editor (and, briefly, a publicist), felt compelled to respond.",
    "MPs sign a letter asking the president to block the extradition.",
    '"Doggystyle,\'\' his debut, sold more than 11 million copies worldwide.',
    "The UK has pledged to take up to 20,000 refugees over five years.",
])
def test_fragment_lets_a_whole_sentence_pass(text):
    assert fragment(item(text)) is None


@pytest.mark.parametrize("text", [
    "John Ramsey looks on as his lawyer addresses the court.",
    "Firefighters battle the blaze in the hills above the city. (AP Photo/Noah Berger)",
    "Supporters gather outside the courthouse. Getty Images",
    "FILE - In this April 11, 2018, file photo, the senator speaks to reporters.",
    "Dallas Bishop Edward Burns addresses the media Aug. 19, 2018, during a news conference.",
    "Archaea Viruses Bacteria Protists Fungi Animals 450 GT C",
    "Why it matters: The deal reshapes the regional power balance.",
    "Go deeper: Read the full report on the negotiations.",
    "You can watch it below, along with the full press conference.",
    "Click here to sign up for our daily newsletter.",
    "These crawls are part of an effort to archive pages as they are created.",
    "Tweet with a location. You can add location information to your Tweets.",
    "Terrible! — Donald J. Trump February 8, 2017",
    "► Church protected more than 300 priests, grand jury says",
])
def test_furniture_flags_captions_credits_and_site_text(text):
    assert furniture(item(text))


@pytest.mark.parametrize("text", [
    "Patricia O'Conner, a former staff writer at the Book Review, discusses the book.",
    "Patrick Kennedy says Lawford died of a heart attack on Tuesday, Sept. 4, 2018, in Vancouver.",
    "The incoming communications director earned $4.9 million between Jan. 1, 2016, and June.",
    "The ministers met in Brussels on Tuesday and agreed a new package of sanctions.",
])
def test_furniture_lets_reporting_pass(text):
    assert furniture(item(text)) is None


@pytest.mark.parametrize("label", [
    "Readout", "Statement", "Remarks", "Related", "The new work", "the teeming life",
    "The Florida senator", "Foreign Ministers of Australia, Canada, France and 8 others",
    "The numbers are mind-boggling",
])
def test_label_not_a_speaker(label):
    assert label_problem(item("The sanctions take effect on Monday.", label), VOCAB)


@pytest.mark.parametrize("label", [
    "President Xi", "G7 foreign ministers", "The FBI", "The UK", "Police",
    "Volodymyr Zelenskyy, 4 Nov 2024", "5 Nov 2024",
])
def test_label_that_names_a_speaker_passes(label):
    assert label_problem(item("The sanctions take effect on Monday.", label), VOCAB) is None


def test_timeline_labels_are_dates_not_speakers():
    assert label_problem(item("The talks resumed in Geneva.", "Readout", "timeline"), VOCAB) is None


def test_duplicate_flags_the_later_of_two_items_saying_the_same():
    items = [Item("bottom_line", 0, "Patrick Kennedy says Lawford died of a heart attack on Tuesday in Vancouver."),
             Item("key_developments", 0, "Yahoo has a 15% stake in Alibaba and 35.5% of Yahoo Japan."),
             Item("timeline", 0, "Lawford died of a heart attack in Vancouver, his cousin told reporters.")]
    assert list(duplicates(items)) == [2]


def test_duplicate_does_not_pair_items_that_only_share_names():
    items = [Item("key_developments", 0, "CNN host Piers Morgan discussed his interview with Alex Jones."),
             Item("key_developments", 1, "Jones is influential among conservatives, Morgan said, on CNN.")]
    assert duplicates(items) == {}


def test_duplicate_flags_one_text_inside_another():
    items = [Item("timeline", 0, "President Zelenskyy revealed that there are already 11,000 soldiers in Kursk."),
             Item("conflicts", 0, "there are already 11,000 soldiers in Kursk")]
    assert list(duplicates(items)) == [1]


def test_misfiled_figures_need_a_number_and_what_it_counts():
    assert misfiled(item("In many cases, they are suspected of harming their children.", section="figures"))
    assert misfiled(item("The summit will be held in 2025 in Rome.", section="figures"))
    assert misfiled(item("The US has recorded 467,000 cases and about 16,700 deaths.", section="figures")) is None
    assert misfiled(item("Roughly two dozen staffers are being let go.", section="figures")) is None


def test_misfiled_positions_need_someone_who_holds_them():
    assert misfiled(item("The plane was 1,700 feet in the air at the time.", section="positions"))
    assert misfiled(item("The plane was 1,700 feet in the air at the time, police said.", section="positions")) is None
    assert misfiled(item("We urge the DPRK to stop.", "G7 foreign ministers", "positions")) is None


def brief(title="Storm batters the coast", as_of="2024-11-05", paragraphs=("A storm hit the coast on Monday.",)):
    return {"title": title, "as_of": as_of,
            "sources": [{"id": 1, "paragraphs": [{"n": i, "text": p} for i, p in enumerate(paragraphs, 1)]}],
            "sections": [{"key": "key_developments", "items": [{"text": "A storm hit the coast on Monday."}]}]}


DAY = dt.date(2026, 1, 2)


def test_as_of_must_be_the_newest_known_source_date():
    known = [dt.date(2024, 11, 4), dt.date(2024, 11, 5)]
    assert as_of_problem(brief(as_of="2024-11-05"), "# t\n", known, DAY) is None
    assert "older than the newest source" in as_of_problem(brief(as_of="2024-11-04"), "# t\n", known, DAY)
    assert "later than every source" in as_of_problem(brief(as_of="2024-11-06"), "# t\n", known, DAY)


def test_as_of_for_undated_sources_is_not_the_build_day_unless_the_page_says_so():
    plain = "# Storm\n\n*As of 2 January 2026 · 1 source*\n\n## Bottom line\n"
    said = "# Storm\n\n*Sources undated; built on 2 January 2026*\n\n## Bottom line\n"
    assert "build day" in as_of_problem(brief(as_of="2026-01-02"), plain, [None], DAY)
    assert as_of_problem(brief(as_of="2026-01-02"), said, [None], DAY) is None


def test_as_of_older_than_a_date_the_sources_report():
    photo = brief(as_of="2012-10-27", paragraphs=(
        "FILE - In this Oct. 27, 2012 file photo, Lawford appears at a luncheon.",
        "Kennedy says Lawford died of a heart attack on Tuesday, Sept. 4, 2018, in Vancouver."))
    assert "Sept. 4, 2018" in as_of_problem(photo, "# t\n", [None], DAY)


@pytest.mark.parametrize("title, rule", [
    ("Paredes is no longer permitted to act as a priest, the bishop said.", "title is a body sentence"),
    ("Readout of President Joe Biden's Meeting with President Xi Jinping of the People's Republic of China",
     "title is a body sentence"),
    ("doc00", "title not a headline"),
    ("Related: Tonight Show Cuts Staff", "title not a headline"),
])
def test_title_problems(title, rule):
    assert rule in [r for r, _ in title_problems(brief(title=title))]


def test_title_inside_a_paragraph_is_a_body_sentence_but_a_headline_line_is_not():
    body = brief(title="the storm damaged hundreds of homes along the coast",
                 paragraphs=("Officials said the storm damaged hundreds of homes along the coast on Monday.",))
    assert title_problems(body)
    headline = brief(title="JFK's Nephew Christopher Lawford Dead at 63",
                     paragraphs=("JFK's Nephew Christopher Lawford Dead at 63", "Lawford died on Tuesday."))
    assert title_problems(headline) == []


def test_check_brief_names_section_index_rule_and_reason():
    b = brief()
    b["sections"][0]["items"].append({"text": "But they said the money will be used later.", "label": "Readout"})
    flags = check_brief(b, "# t\n", [dt.date(2024, 11, 5)], DAY)
    rules = {(f.section, f.index, f.rule) for f in flags}
    assert ("key_developments", 1, "dangling reference") in rules
    assert ("key_developments", 1, "label not a speaker") in rules
    assert all(f.reason for f in flags)
    assert not [f for f in flags if f.index == 0]


def test_known_dates_come_from_a_date_line_or_front_matter():
    from reader_check import dateline, front_matter_date

    assert dateline("G7 and allies respond\n\nTuesday, 5 November 2024 —\n\nThe ministers met.") == dt.date(2024, 11, 5)
    assert dateline("A headline\n\n2019-11-20\n\nBody text.") == dt.date(2019, 11, 20)
    assert dateline("A headline\n\nThe ministers met on 5 November 2024.") is None
    assert front_matter_date("---\ntitle: \"A\"\ndate: 2023-10-09\nurl: x\n---\n\nText.") == dt.date(2023, 10, 9)
