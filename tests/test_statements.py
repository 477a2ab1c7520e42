"""Statements a reader can trust on their own: references resolved in [brackets] and cited, openers
removed, unresolvable sentences left out, true speakers as short labels, event dates, the latest
state first, no repeats, no holes left by cuts. Each behaviour on small hand-made documents."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.build import analyse
from briefing.config.settings import Settings
from briefing.synthesise.labels import short_speaker
from briefing.synthesise.shorten import drop_date_phrase, shorten, well_formed
from briefing.text.words import content_words


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _brief(folder: Path, **settings):
    return analyse(Settings(paths=(str(folder),), **settings))


def _items(brief):
    return [(s.key, it) for s in brief.sections for it in s.items]


def _supported(brief, item) -> float:
    words = [w for w in re.findall(r"[\w']+", item.text.lower()) if len(w) > 3]
    pool = set()
    for c in item.citations:
        pool.update(re.findall(r"[\w']+", brief.source(c.source).paragraph(c.paragraph).text.lower()))
    return sum(w in pool for w in words) / max(len(words), 1)


REPORT = """Ministers condemn missile launches

5 November 2024

The foreign ministers of the Nordic countries met in Oslo on Tuesday to discuss the missile launches over the Baltic Sea.

They condemned the launches in the strongest terms and urged an immediate halt to the tests.

"The missile tests threaten the security of every country around the Baltic Sea," they said in a joint statement.

This action demonstrates a dangerous disregard for international law.

However, the ministers of Finland and Sweden said that the new sanctions would be ready within two weeks.
"""


def test_a_pronoun_gets_its_referent_from_the_previous_paragraph_in_brackets_and_cited(tmp_path):
    brief = _brief(_write(tmp_path / "src", {"report.txt": REPORT}))
    items = [it for _, it in _items(brief)]
    condemned = next(it for it in items if "condemned the launches" in it.text)
    assert condemned.text.startswith("[The foreign ministers of the Nordic countries] condemned"), condemned.text
    assert {c.paragraph for c in condemned.citations} >= {1, 2}  # its own paragraph, and the referent's
    assert _supported(brief, condemned) == 1.0


def test_they_said_after_a_quote_names_the_speakers(tmp_path):
    brief = _brief(_write(tmp_path / "src", {"report.txt": REPORT}))
    quote = next((it for _, it in _items(brief) if "missile tests threaten" in it.text), None)
    assert quote is not None
    assert "[the foreign ministers of the Nordic countries] said" in quote.text, quote.text
    assert _supported(brief, quote) == 1.0


def test_a_sentence_that_leans_on_the_one_before_never_opens_an_item(tmp_path):
    brief = _brief(_write(tmp_path / "src", {"report.txt": REPORT}))
    texts = [it.text for _, it in _items(brief)]
    assert not any(t.startswith(("This action", "They ", "It ", "These ")) for t in texts), texts


def test_a_discourse_opener_is_removed(tmp_path):
    brief = _brief(_write(tmp_path / "src", {"report.txt": REPORT}))
    texts = [it.text for _, it in _items(brief)]
    sanctions = next(t for t in texts if "new sanctions" in t)
    assert sanctions.startswith("The ministers of Finland and Sweden said"), sanctions


@pytest.mark.parametrize("name,short", [
    ("Foreign Ministers of Australia, Canada, France, Germany, Italy, Japan, Republic of Korea, New Zealand, "
     "the United Kingdom, the United States and the High Representative of the European Union",
     "G7+ foreign ministers"),
    ("Leaders of Chile, Peru, Brazil, Argentina, Uruguay and Paraguay", "Leaders of 6 parties"),
    ("The White House", "The White House"),
])
def test_a_label_is_a_short_name(name, short):
    assert short_speaker(name) == short


def test_a_label_is_never_a_kind_of_document_or_a_host(tmp_path):
    doc = """---
title: Readout of the Meeting of the Ministers
url: https://www.example.gov/briefing-room/readout
date: 2024-11-05
---

We discussed the next steps on energy security and agreed to meet again in December.

The ministers of Norway and Denmark signed an agreement on the shared power grid.
"""
    brief = _brief(_write(tmp_path / "src", {"readout.md": doc}))
    for _, it in _items(brief):
        assert it.label not in ("Readout", "www.example.gov", "example.gov"), it
        assert not it.text.startswith("We "), it.text  # no one known to say "we": not used


@pytest.mark.parametrize("text", ["the tsunami of.", "from 100,000 people as of.", "according to a, report",
                                  "Colorado,.", "between, and the end of June", "a ( ) note."])
def test_holes_left_by_deleting_words_are_recognised(text):
    assert not well_formed(text)


def test_a_date_phrase_that_cannot_go_cleanly_stays():
    s = "He earned $5 million in salary between Jan. 1, 2016, and the end of June, according to a filing."
    assert drop_date_phrase(s, "Jan. 1, 2016") == s
    assert drop_date_phrase("On 4 November, the talks resumed in Geneva.", "4 November") == "The talks resumed in Geneva."
    assert drop_date_phrase("Webb grabbed the girl at 6:38 p.m. on Saturday, May 18.", "Saturday, May 18") == \
        "Webb grabbed the girl at 6:38 p.m."
    long = ("The ministers of the Nordic and Baltic countries agreed to coordinate their response to the launches, "
            "including new patrols, shared radar data and joint exercises in the spring, while the talks with the "
            "neighbouring countries go on, according to a (2012) report.")
    assert well_formed(shorten(long, limit=20))


def test_a_sentence_is_never_cut_before_but_whose_clause_is_the_point():
    long = ("I cannot prove what I am about to say, but I believe one of the reasons why the group struck when it did "
            "was that it knew we were working very closely with the Saudis and others in the region to bring peace to "
            "the region by having recognition of Israel and of its right to exist.")
    assert shorten(long, limit=30) == long


def test_no_two_items_on_the_page_say_the_same_thing(tmp_path):
    files = {f"r{i}.txt": f"Report {i} on the storm\n\n6 November 2024\n\n"
             "The storm destroyed 300 homes in the coastal town of Westport on Monday, officials said.\n\n"
             f"Rescue teams from {town} searched the flooded streets for survivors through the night.\n"
             for i, town in enumerate(["Dublin", "Cork", "Galway"])}
    brief = _brief(_write(tmp_path / "src", files))
    seen = []
    for key, it in _items(brief):
        if key == "conflicts":
            continue
        words = set(content_words(it.text))
        for other in seen:
            assert len(words & other) < 0.6 * min(len(words), len(other)), it.text
        seen.append(words)


# (what it shows, two reports days apart, what the bottom line's first item says)
NEWEST = [
    ("a later report supersedes the earlier one", {
        "a.txt": "Hostages to face trial\n\n3 March 2025\n\nThe three hostages held in Goma will be tried by a "
                 "military court next week, the rebel commander said on Monday.\n",
        "b.txt": "Hostages freed\n\n7 March 2025\n\nThe three hostages held in Goma were freed on Friday and flown "
                 "to Kinshasa, the foreign ministry said.\n"}, "freed"),
    ("also when the latest state is a figure", {
        "a.txt": "Talks on hostages\n\n12 March 2025\n\nThe President spoke with the Amir of Qatar about efforts to "
                 "secure the release of the hostages held in Gaza.\n",
        "b.txt": "Hostages released\n\n24 March 2025\n\nEarlier this morning, 13 hostages were released, including an "
                 "elderly woman and mothers with their young children, the President said.\n"}, "13 hostages were released"),
]


@pytest.mark.parametrize("files,says", [case[1:] for case in NEWEST], ids=[case[0] for case in NEWEST])
def test_the_newest_state_is_on_top(tmp_path, files, says):
    brief = _brief(_write(tmp_path / "src", files))
    bottom = next(s for s in brief.sections if s.key == "bottom_line")
    assert says in bottom.items[0].text, [it.text for it in bottom.items]


def test_figures_of_different_things_are_two_facts_not_a_conflict(tmp_path):
    files = {
        "a.txt": "Border buildup\n\n5 May 2025\n\nAbout 3,000 troops were deployed to the northern border this "
                 "week, the defence ministry said.\n",
        "b.txt": "Border clash\n\n5 May 2025\n\nTwelve troops were killed in a clash with rebels near the town of "
                 "Dorn on Sunday, local officials said.\n",
    }
    brief = _brief(_write(tmp_path / "src", files))
    assert "conflicts" not in {s.key for s in brief.sections}
    texts = " ".join(it.text for _, it in _items(brief))
    assert "3,000 troops were deployed" in texts and "Twelve troops were killed" in texts


def test_the_same_figure_given_differently_is_a_conflict_labelled_with_who_gives_each_when_a_name_says_who(tmp_path):
    files = {
        "a.txt": "Border clash\n\n5 May 2025\n\n\"Twelve soldiers were killed in a clash at the border near Dorn,\" "
                 "the source said.\n",
        "b.txt": "Border clash toll\n\n5 May 2025\n\nAt least 40 soldiers were killed in a clash at the border "
                 "near Dorn, Defence Minister Anna Berg said.\n",
    }
    brief = _brief(_write(tmp_path / "src", files))
    conflicts = next(s for s in brief.sections if s.key == "conflicts")
    assert {c.source for it in conflicts.items for c in it.citations} == {1, 2}
    labels = [it.label or "" for it in conflicts.items]
    assert not any("source" in label for label in labels) and any("Anna Berg" in label for label in labels), labels


def test_undated_sources_say_so_instead_of_dating_the_facts_by_the_build(tmp_path):
    files = {"a.txt": "Talks resume\n\nThe delegations of both countries met in Geneva to resume the talks on the "
                      "border dispute.\n"}
    brief = _brief(_write(tmp_path / "src", files), as_of=None)
    assert brief.undated
    dated = _brief(_write(tmp_path / "src2", {"a.txt": files["a.txt"].replace("Talks resume\n\n",
                                                                               "Talks resume\n\n5 May 2025\n\n")}))
    assert not dated.undated and dated.as_of == dt.date(2025, 5, 5)


def test_a_scene_closed_by_its_date_is_a_caption_and_a_site_banner_is_furniture():
    from briefing.text.furniture import caption_cause, furniture_cause

    assert caption_cause("Soldiers of the 3rd Battalion check in with a resident during a patrol in "
                         "Kissimmee, Florida, Oct. 10, 2024.") == "photo caption"
    # prose that reports, or dates an act after its weekday, is not a caption
    assert caption_cause("The department and FEMA are fully engaged in the relief effort, the Pentagon "
                         "announced Thursday, Oct. 10, 2024.") is None
    assert caption_cause("The council voted to close the harbour, Oct. 10, 2024.") is None
    assert caption_cause("An employee holds circuit boards at the warehouse of electronic waste in Sao Paulo "
                         "March 6, 2013.") == "photo caption"
    assert caption_cause("The company opened its plant in Sao Paulo March 6, 2013.") is None
    assert furniture_cause("An official website of the United States government Here's how you know") == "furniture"
    assert furniture_cause("The official website of the festival lists the harbour stage as closed.") is None


# (a sentence's start, what is left once a dateline or a time label goes)
DATELINES = [
    ("You'll recall earlier this week, KTVU touted its coverage as accurate.",
     "Earlier this week, KTVU touted its coverage as accurate."),  # an aside to the reader, not a dateline, goes too
    ("WASHINGTON — The department said relief continues.", "The department said relief continues."),
    ("KYIV, Ukraine (AP) — Russia fired missiles overnight.", "Russia fired missiles overnight."),
    ("LAS VEGAS, June 10 -- A man filmed himself.", "A man filmed himself."),
    ("Dekalb, Ill. — Mike Glass threw for three touchdowns.", "Mike Glass threw for three touchdowns."),
    ("London (CNN)It was the interview the palace feared.", "It was the interview the palace feared."),
    ("HOUSTON A man who had fired a gun was killed.", "A man who had fired a gun was killed."),
    ("10:45 AM PT: Sources tell TMZ he was at a yoga studio.", "Sources tell TMZ he was at a yoga studio."),
    ("905 a.m. - OPD reports the teen was located.", "OPD reports the teen was located."),
    # no dateline: left as written
    ("U.S.-China talks resumed on Monday.", None),
    ("NASA engineers said the rover landed.", None),
    ("Mark Smith (R) voted against it.", None),
    ("John Smith, Jr. — The senator spoke.", None),
    ("NATO — the alliance of 32 states — met on Tuesday.", None),
]
# (a block, why it is furniture, or None when it is content)
SITE_TEXT = [
    (".gov website belongs to an official government organization in the United States.", "furniture"),
    ("Secure .gov websites use HTTPS", "furniture"),
    ("Updated at 11:02 p.m. ET", "furniture"),
    ("How to get help: In the US, call the National Suicide Prevention Lifeline at 1-800-273-8255.", "embed prompt"),
    ("[Note: in the test above, the woman’s eyes corresponded to “desire”.]", "editor's note"),
    ("The agency said its .gov website now loads faster.", None),
    ("Updated at the request of the family, the page now lists the donors.", None),
    ("The [severe] pollution started in 2010.", None),
    ("The charity said calls to its helpline doubled in March.", None),
    ("Earlier versions of this article misspelled the name of reality-TV personality Tareq Salahi.", "furniture"),
    ("A previous version of this story incorrectly said the vote was on Monday.", "furniture"),
    ("Earlier versions of the bill failed in the Senate twice.", None),
    ("Jesse Washington is reachable at jwashington(at)ap.org or http://www.twitter.com/jessewashington.", "furniture"),
    ("Rating is available when the video has been rented.", "embed prompt"),
    ("This feature is not available right now. Please try again later.", "embed prompt"),
    ("The feature film was rented by 40,000 viewers in its first week, the studio said.", None),
    ("The company can be reached at its headquarters in Ohio, a spokesman said.", None),
]


@pytest.mark.parametrize("text,left", DATELINES)
def test_a_dateline_or_a_time_label_does_not_open_an_item(text, left):
    from briefing.analyse.statements import _drop_openers

    assert _drop_openers(text) == (left or text)


@pytest.mark.parametrize("text,cause", SITE_TEXT)
def test_site_text_is_furniture_and_text_about_it_is_not(text, cause):
    from briefing.text.furniture import caption_cause, furniture_cause

    assert (furniture_cause(text) or caption_cause(text)) == cause


def test_a_surnames_particle_is_part_of_the_name_after_a_title():
    from briefing.analyse.actors import find_actors

    found = find_actors("New York City Mayor Bill de Blasio said temporary burials might be necessary.")
    assert [m.name for m in found] == ["Bill de Blasio"]
    assert [m.name for m in find_actors("President Biden de facto ended it.")] == ["Biden"]


def test_abbreviated_ranks_after_a_title_belong_to_it_not_to_the_name():
    from briefing.analyse.actors import find_actors

    found = find_actors("Pentagon Press Secretary Air Force Maj. Gen. Pat Ryder said 270 people are at work.")
    assert [(m.name, m.role) for m in found] == [("Pat Ryder", "Pentagon Press Secretary Air Force Maj. Gen.")]


def test_a_gendered_description_and_a_phrase_with_an_article_inside_resolve_to_no_one_wrong(tmp_path):
    story = (
        "Harbour Story\n\n"
        "Nancy's fiance John Dilbeck found the harbour gate open on Sunday and called the police to the quay.\n\n"
        "The actress is up for a prize at the harbour film festival for her role in a drama about fishermen.\n\n"
        "Throughout November the research team will measure the water temperature at the harbour mouth.\n\n"
        "The team also hopes to gain insights into the storms that flood the harbour every winter.\n"
    )
    brief = _brief(_write(tmp_path / "src", {"story.txt": story}))
    texts = [it.text for _, it in _items(brief)]
    assert not any("[John Dilbeck] is up" in t for t in texts), texts
    assert not any("November the research team]" in t for t in texts), texts
