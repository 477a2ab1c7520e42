"""Paragraphs, sentences and page furniture: general rules, not the seeds' exact strings."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.model import Block
from briefing.read.plain import paragraphs_of
from briefing.text import furniture
from briefing.analyse.settle import clean_blocks
from briefing.text.furniture import furniture_cause, is_boilerplate_sentence, is_nav_heading, is_page_furniture, strip_markers
from briefing.text.sentences import split_sentences


@pytest.mark.parametrize("text", [
    "Advertisement", "ADVERTISEMENT:", "Sponsored content", "Story continues below advertisement",
    "If you spot a typo, highlight it and press Ctrl+Enter to let us know.",
    "Found an error? Report it to our corrections desk.",
    "Share this article", "Follow us on Twitter", "Subscribe to our daily newsletter for updates",
    "Facebook | Twitter | Email", "By Jane Smith", "By JANE SMITH and Tom Brown, Reuters",
    "Reporting by Tom Balmforth; Editing by Alex Richardson", "© 2024 Example Media. All rights reserved.",
    "Photo: Getty Images", "Read more: why the summit matters",
])
def test_furniture_is_recognised(text):
    assert furniture_cause(text), text


@pytest.mark.parametrize("text", [
    "The ministers voiced grave concerns regarding the deployment of troops.",
    "By Tuesday, the talks had collapsed and both delegations had left the capital.",
    "Share prices fell 4% after the announcement, the biggest drop since March.",
    "Subscribers to the service were told on Monday that prices would rise.",
])
def test_content_is_kept(text):
    assert furniture_cause(text) is None


def test_advert_marker_glued_to_text_is_stripped():
    assert strip_markers("Advertisement:Statement by the ministers") == "Statement by the ministers"
    assert strip_markers("Advertising standards were tightened.") == "Advertising standards were tightened."


def test_clean_blocks_drops_furniture_and_repeats():
    blocks = [Block("Headline here"), Block("Advertisement"), Block("Real  text\u00a0here."), Block("Headline here")]
    assert [b.text for b in clean_blocks(blocks)] == ["Headline here", "Real text here."]
    caption = Block("Image copyright PA Image caption Police said the drone had struck an Airbus A320, similar to this one")
    glued = Block("Image caption Migrants crossing the border Police said 300 people crossed on Monday.")
    assert [b.text for b in clean_blocks([caption, glued])] == ["Migrants crossing the border Police said 300 people "
                                                                  "crossed on Monday."]


GALLERY = ["Katie Holmes spotted out and about in New York City on April 17.",
           "Halle Berry attended the Huading Film Awards on June 1 at Ricardo Montalban Theatre in Los Angeles, California.",
           "Kim Kardashian was seen at LAX on June 1 in Los Angeles, California.",
           "Amber Heard made an appearance on \"Late Show with David Letterman\" in NYC, Feb. 17.",
           "AnnaSophia Robb attended Ringling Bros. and Barnum & Bailey presents \"Legends\" at Barclays Center in Brooklyn, "
           "NY, on Feb. 20."]


def test_a_photo_gallerys_captions_are_dropped_and_an_articles_dated_sentences_are_not():
    story = [Block("Scout Willis walked topless through New York City on Tuesday to protest Instagram's nudity policy."),
             Block("Willis tweeted photos of herself on Tuesday using the hashtag #freethenipple.")]
    assert [b.text for b in clean_blocks(story + [Block(t) for t in GALLERY])] == [b.text for b in story]
    # four captions are no gallery; a timeline's entries open on their dates; what someone said is reported
    kept = [Block(t) for t in GALLERY[:4]] + story
    assert len(clean_blocks(kept)) == 6
    timeline = [Block(f"{d}: the council met in emergency session and voted on the plan.") for d in
                ("March 3", "March 5", "March 9", "March 12", "March 20")]
    assert len(clean_blocks(timeline)) == 5
    said = [Block(f"The mayor said the bridge would reopen to traffic in Springfield on March {d}.") for d in range(1, 7)]
    assert len(clean_blocks(said)) == 6


@pytest.mark.parametrize("text,expected", [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("President Joseph R. Biden, Jr. met Xi. It went well.", ["President Joseph R. Biden, Jr. met Xi.", "It went well."]),
    ("U.S. forces moved in. The U.N. objected.", ["U.S. forces moved in.", "The U.N. objected."]),
    ("He said: \"We will act. Soon.\" Then he left.", ["He said: \"We will act. Soon.\"", "Then he left."]),
    ("Is it over? No. It is not!", ["Is it over?", "No.", "It is not!"]),
    ("She served a year for assaulting Ald. James Cappleman in Uptown. She left.",
     ["She served a year for assaulting Ald. James Cappleman in Uptown.", "She left."]),
    ('"I love dogs so much!" Hayek captioned, with a hashtag. She left.',
     ['"I love dogs so much!" Hayek captioned, with a hashtag.', "She left."]),
    ('"Where is the money?" Senator John Smith asked. "Go!" The crowd ran.',
     ['"Where is the money?" Senator John Smith asked.', '"Go!"', "The crowd ran."]),
    ("Prices rose 3.5 per cent in 2024. Analysts were surprised.", ["Prices rose 3.5 per cent in 2024.", "Analysts were surprised."]),
    ('"We are behind," Linnell told LiveScience.European countries have had programs for years.',
     ['"We are behind," Linnell told LiveScience.', "European countries have had programs for years."]),
    ("Visit Amazon.com or Mr.Smith's page.", ["Visit Amazon.com or Mr.Smith's page."]),
    ("Police stopped a car driven by Jonathan P. Blair, 29. See p. 5.", ["Police stopped a car driven by Jonathan P. Blair, 29.",
                                                                         "See p. 5."]),
])
def test_sentences(text, expected):
    assert list(split_sentences(text)) == expected


def test_hard_wrapped_lines_join_into_paragraphs():
    text = (
        "President Biden met President Xi in Bali on\n"
        "Monday, and the two leaders discussed Taiwan\n"
        "and trade at length.\n"
        "\n"
        "A second paragraph that is\nwrapped as well.\n"
    )
    assert paragraphs_of(text) == [
        "President Biden met President Xi in Bali on Monday, and the two leaders discussed Taiwan and trade at length.",
        "A second paragraph that is wrapped as well.",
    ]


def test_paragraph_numbering_is_stable():
    text = "One paragraph here.\n\nTwo paragraph here.\n\nThree paragraph here."
    assert paragraphs_of(text) == paragraphs_of(text) and len(paragraphs_of(text)) == 3


def test_unwrapped_long_lines_are_separate_paragraphs():
    line = "This is a long line of prose that was never hard wrapped by anyone, " * 3
    assert len(paragraphs_of(f"{line}\n{line}\n{line}")) == 3


@pytest.mark.parametrize("line", ["Advertisement", "Share this article", "By JANE DOE and John Roe, Reuters",
                                  "Photo: Reuters", "https://example.org/a https://example.org/b",
                                  "This site uses cookies to give you the best experience."])
def test_page_lines_that_are_furniture(line):
    assert is_page_furniture(line)


@pytest.mark.parametrize("line", ["By Monday, the river had fallen.", "Share prices fell by a third on Tuesday.",
                                  "The ministry said the photo was taken on Monday."])
def test_page_lines_that_are_content(line):
    assert not is_page_furniture(line)


def test_nav_headings():
    assert is_nav_heading("Related stories") and is_nav_heading("Most read today")
    assert not is_nav_heading("Inspections of the remaining cranes")


def test_boilerplate_sentences_rank_low():
    assert is_boilerplate_sentence("Thank you all for coming this morning.")
    assert is_boilerplate_sentence("Subscribe to our newsletter for daily updates.")
    assert is_boilerplate_sentence("Well, Mr. President, it’s good to see you again.")  # a curly apostrophe too
    assert is_boilerplate_sentence("President Xi, I look forward to our continuing and ongoing open and honest dialogue.")
    assert is_boilerplate_sentence("I'm honored to welcome the President of Kenya to the White House today.")
    assert not is_boilerplate_sentence("The minister urged both sides to release detainees.")
    assert not is_boilerplate_sentence("The forward base was honored for its work in the flood.")


def _keyed_rules():
    """Every pattern of text.furniture searched only in text holding one of its words."""
    rules = {}  # each once (_FURNITURE holds the groups' rules again)
    for name, v in vars(furniture).items():
        for i, r in enumerate(v if isinstance(v, list) else [v]):
            if isinstance(r, furniture._Keyed) and r.words is not None:
                rules.setdefault(id(r), pytest.param(r, id=f"{name}-{i}"))
    return list(rules.values())


@pytest.mark.parametrize("rule", _keyed_rules())
@settings(max_examples=60, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_match_of_a_keyed_rule_holds_one_of_its_words(rule, data):
    # the words are a cheap test before a costly search: a match without one would be missed
    text = data.draw(st.from_regex(rule.pattern))
    assert rule.may_match(furniture.folded(text)), text


def test_the_word_tests_fold_case_as_the_patterns_do():
    # re.IGNORECASE matches "ı" with "i" and "ſ" with "s"; str.lower() alone would not
    assert furniture.folded("Please enable JavaScrıpt, İNFO, ſee") == "please enable javascript, info, see"
    assert furniture_cause("Please enable JavaScrıpt") == "furniture"
    assert is_boilerplate_sentence("Thank you, ladıes and gentlemen")
