"""Embedded social-media posts: the author's words, labelled with the author, never dropped as an embed."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.analyse.settle import clean_blocks, settle
from briefing.build import analyse
from briefing.config.settings import Settings
from briefing.model import Block, Document
from briefing.text.furniture import caption_cause
from briefing.text.posts import split_post

TRUMP = ("My daughter Ivanka has been treated so unfairly by @Nordstrom. She is a great person -- always pushing me "
         "to do the right thing! Terrible! — Donald J. Trump (@realDonaldTrump) February 8, 2017")


def test_a_post_is_its_text_its_author_and_its_date():
    post = split_post(TRUMP)
    assert post.author == "Donald J. Trump (@realDonaldTrump)"
    assert post.date_text == "February 8, 2017"
    assert post.body.startswith("My daughter Ivanka") and post.body.endswith("Terrible!")  # the "--" inside stays


@pytest.mark.parametrize("text, body, author", [
    ("Chill out with that Nuke talk. #uMadBro — STVN (@StevieJohnson13) April 3, 2013",
     "Chill out with that Nuke talk. #uMadBro", "STVN (@StevieJohnson13)"),
    ("Shares up nearly 5% at the closing bell pic.twitter.com/hne3FFpv8j https://t.co/c0ZtP8M17l - Joshua Green "
     "(@JoshuaGreen) 8 February 2017", "Shares up nearly 5% at the closing bell", "Joshua Green (@JoshuaGreen)"),
    ("— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019", "", "Arvind Kejriwal (@ArvindKejriwal)"),
])
def test_the_links_and_the_signature_are_not_the_authors_words(text, body, author):
    post = split_post(text)
    assert (post.body, post.author) == (body, author)


@pytest.mark.parametrize("text", [
    "Follow Noah Rothman (@Noah_C_Rothman) on Twitter",
    "The senator (@SenExample) said on Monday that the bill would pass — a claim her rivals doubt.",
    "Officers - and the pilot - were questioned on April 17, 2016.",
])
def test_text_that_mentions_an_account_is_no_post(text):
    assert split_post(text) is None


def _source(*texts: str):
    return settle(Document(origin="story.txt", format="text", blocks=tuple(Block(t) for t in texts), title="Story"))


def test_a_post_is_a_paragraph_spoken_by_its_author_and_cited_whole():
    src = _source("Buffalo Bills wide receiver Stevie Johnson tweeted about North Korea on Wednesday night.", TRUMP)
    para = src.paragraphs[1]
    assert para.speaker == "Donald J. Trump (@realDonaldTrump)"
    assert para.sentences == (split_post(TRUMP).body,)  # one statement: its sentences lean on each other
    assert para.text == TRUMP  # the citation shows the post as the page printed it
    assert caption_cause(TRUMP) == "embedded post"  # for the other rules it is still no caption and no title
    assert src.paragraphs[0].speaker is None  # the author speaks in the post only


def test_a_signature_set_apart_by_the_markup_joins_the_post_above_it():
    blocks = clean_blocks([Block("Delhi has turned into a gas chamber due to smoke from crop burning pic.twitter.com/MYwRz9"),
                           Block("— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019"),
                           Block("The gray haze led to canceled flights and closed schools.")])
    assert [b.text for b in blocks] == [
        "Delhi has turned into a gas chamber due to smoke from crop burning pic.twitter.com/MYwRz9 "
        "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019",
        "The gray haze led to canceled flights and closed schools."]


def test_a_post_of_a_picture_alone_is_still_dropped():
    assert clean_blocks([Block("pic.twitter.com/J4iGB2r2Jz — Scout LaRue Willis (@Scout_Willis) May 27, 2014")]) == []


def test_the_brief_prints_the_post_labelled_with_its_author(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(
        "Trump attacks Nordstrom over Ivanka line\n\nFebruary 8, 2017\n\n"
        "President Trump went to war on Wednesday with Nordstrom over its decision to stop carrying his daughter's line.\n\n"
        f"{TRUMP}\n\nNordstrom shares rose nearly 5 percent by the closing bell on Wednesday after the president's post.\n",
        encoding="utf-8")
    brief = analyse(Settings(paths=(str(folder),)))
    items = [it for s in brief.sections for it in s.items if it.text.startswith("My daughter Ivanka")]
    assert len(items) == 1
    item = items[0]
    assert item.label == "Donald J. Trump (@realDonaldTrump)"
    assert "realDonaldTrump" not in item.text and "February" not in item.text
    assert brief.source(item.citations[0].source).paragraph(item.citations[0].paragraph).text == TRUMP
