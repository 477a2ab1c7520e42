"""The HTML reader: article text only, metadata, charsets, plain-text fallback, malformed input."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import SourceError
from briefing.model import Block
from briefing.read import READERS, read_bytes, reader_for
from briefing.read.base import ReadOptions, fingerprint
from briefing.read.html import HtmlReader
from briefing.read.html.parse import parse
from briefing.read.html.stories import sibling_stories

DATA = Path(__file__).parent / "data" / "html"
OPTIONS = ReadOptions()


def read(name: str, options: ReadOptions = OPTIONS):
    data = (DATA / name).read_bytes()
    docs = HtmlReader().read(str(DATA / name), data, options)
    assert len(docs) == 1
    return docs[0], data


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Reading a saved page must never touch the network (no favicon, no URL resolution)."""

    def refuse(*args, **kwargs):
        raise AssertionError("the HTML reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# --- the article and nothing else ------------------------------------------------------------

ARTICLE = [
    "The harbour authority suspended all night-time shipping movements on Tuesday after a container crane "
    "collapsed onto the main quay, blocking two of the port's four berths and injuring three dock workers.",
    "Officials said the crane, one of six gantry cranes installed in 2009, buckled shortly after midnight while "
    "lifting a refrigerated container from a cargo ship bound for Rotterdam. The three injured workers were taken "
    "to the regional hospital, where one remained in a serious condition.",
    '"Our first concern is the people who were hurt and their families," said Maria Lindqvist, the authority\'s '
    'chief executive, at a press conference on the quay. "Until engineers have inspected every crane on the site, '
    'no vessel will berth after dark."',
    "Inspections of the remaining cranes",
    "Engineers from the national safety regulator arrived on Tuesday afternoon and began inspecting the five "
    "remaining cranes. The regulator said its initial review would take at least a week, and that it would "
    "publish its findings.",
    "The authority listed three immediate measures it had taken:",
    "Night-time berthing is suspended until further notice.",
    "Ships already at anchor will be unloaded in daylight, in order of arrival.",
    "Dock workers will be paid in full for cancelled night shifts.",
    "Shipping lines warned that the suspension would add two to three days to delivery times for goods arriving "
    "through the port, which handles about a fifth of the country's container traffic.",
    "The union representing dock workers called for an independent inquiry into maintenance at the port, saying "
    "it had raised concerns about the age of the equipment twice in the past year.",
]


def test_only_the_article_paragraphs_come_out():
    doc, _ = read("article_boilerplate.html")
    assert [b.text for b in doc.blocks] == ARTICLE


@pytest.mark.parametrize(
    "furniture",
    [
        "cookies",  # the consent banner
        "Home",  # navigation
        "Advertisement",
        "Story continues below",
        "Sponsored",
        "Photo: Harbour Authority",  # a caption
        "By Jane Okafor",  # the byline
        "Share",
        "Tweet",
        "Subscribe",
        "newsletter",
        "contributed to this report",  # a credit line
        "Read more",
        "Port expansion plan",  # related stories, in the article and beside it
        "Comments",
        "harbourwatcher",
        "ancient",  # a reader's comment
        "©",
        "All rights reserved",
        "dataLayer",  # scripts
        "display: flex",  # styles
    ],
)
def test_page_furniture_is_left_out(furniture):
    doc, _ = read("article_boilerplate.html")
    text = "\n".join(b.text for b in doc.blocks)
    assert furniture.lower() not in text.lower()


def test_the_headline_is_the_title_not_a_block():
    doc, _ = read("article_boilerplate.html")
    assert doc.title == "Harbour authority halts night shipping after crane collapse"
    assert all(doc.title not in b.text for b in doc.blocks)


def test_headings_paragraphs_and_list_items_are_their_own_blocks():
    doc, _ = read("article_boilerplate.html")
    headings = [b.text for b in doc.blocks if b.heading]
    assert headings == ["Inspections of the remaining cranes"]
    items = [b for b in doc.blocks if b.text.startswith(("Night-time berthing", "Ships already", "Dock workers"))]
    assert len(items) == 3 and not any(b.heading for b in items)
    assert all(b.page is None for b in doc.blocks)
    assert all(b.text == " ".join(b.text.split()) for b in doc.blocks)  # whitespace normalised


def test_metadata():
    doc, data = read("article_boilerplate.html")
    assert doc.format == "html"
    assert doc.issuer == "The Coastal Courier"
    assert doc.author == "Jane Okafor"
    assert doc.date == dt.date(2024, 3, 5)  # published, not the later modified date
    assert doc.url == "https://www.coastalcourier.example/news/2024/03/05/harbour-crane-collapse"
    assert doc.content_hash == fingerprint(data)
    assert doc.origin.endswith("article_boilerplate.html")


def test_sentences_that_only_look_like_furniture_are_kept():
    paragraphs = [
        "By Monday, the river had fallen two metres below its summer average.",
        "Related charges were dropped against the other two men on Friday.",
        "Updated figures from the ministry show a smaller fall than first reported.",
        "Popular support for the dam project has fallen since the spring.",
        "Share prices of the three largest shipping firms fell sharply on the news.",
    ]
    page = (
        "<!DOCTYPE html><html><head><title>River falls</title></head><body><article><h1>River falls</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "<p>Advertisement</p><p>By Jane Okafor</p></article></body></html>"
    ).encode()
    doc = HtmlReader().read("river.html", page, OPTIONS)[0]
    assert [b.text for b in doc.blocks] == paragraphs


def test_max_paragraphs_cuts_the_blocks():
    doc, _ = read("article_boilerplate.html", ReadOptions(max_paragraphs=3))
    assert [b.text for b in doc.blocks] == ARTICLE[:3]


# --- charsets and <br> paragraphs --------------------------------------------------------------


def test_declared_charset_and_br_separated_paragraphs():
    doc, data = read("br_paragraphs_cp1252.html")
    assert b"\x80" in data  # the euro sign in windows-1252: not UTF-8
    texts = [b.text for b in doc.blocks]
    assert len(texts) == 4  # <br><br> runs are paragraph breaks
    assert texts[0].startswith("Owners of more than forty cafés")
    assert "€35 per square metre" in texts[1]
    assert "“We are not against paying our share,” said Renée Dubois" in texts[2]
    assert doc.title == "Café owners protest new terrace fees"
    assert doc.date == dt.date(2023, 6, 14)
    assert not any("Published" in t or "Copyright" in t or "Opinion" in t for t in texts)


def test_utf8_bytes_under_a_wrong_latin1_declaration_still_read():
    page = (
        '<html><head><meta charset="utf-8"><title>T</title></head><body><article>'
        "<p>Zürich and Malmö signed the water accord on Monday after two years of talks between the cities.</p>"
        "<p>The accord covers the shared reservoir, its dams and the canals that feed it in dry summers.</p>"
        "</article></body></html>"
    ).encode("utf-8")
    doc = HtmlReader().read("page.html", page, OPTIONS)[0]
    assert doc.blocks[0].text.startswith("Zürich and Malmö")


# --- plain text in an .html file ----------------------------------------------------------------


def test_plain_text_html_is_not_sniffed_and_is_read_as_text():
    data = (DATA / "plain_text.html").read_bytes()
    assert not HtmlReader().sniff(data[:4096])
    doc = HtmlReader().read("minutes.html", data, OPTIONS)[0]
    assert doc.format == "text"
    assert [b.text for b in doc.blocks] == [
        "Minutes of the water board meeting, 12 February 2024",
        "The board approved the budget for the reservoir repairs. Work will begin in April and is expected to "
        "take six months.",
        "Members asked the engineer to report on the state of the northern pipeline at the next meeting.",
    ]


def test_plain_text_html_through_the_registry():
    data = (DATA / "plain_text.html").read_bytes()
    assert reader_for("minutes.html", data).name == "html"  # by name; it then falls back to text
    assert read_bytes("minutes.html", data, OPTIONS)[0].format == "text"


def test_registered_before_markdown_and_chosen_by_content():
    names = [r.name for r in READERS]
    assert "html" in names and names.index("html") < names.index("markdown")
    data = (DATA / "article_boilerplate.html").read_bytes()
    assert reader_for("saved-page.txt", data).name == "html"
    assert read_bytes("saved-page", data, OPTIONS)[0].format == "html"


# --- sniffing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><head><title>x</title></head>",
        b"<!doctype HTML>\n<html>",
        b"\xef\xbb\xbf  \n<!-- saved from url=(0014)about:internet -->\n<html lang='en'>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">',
        b"<HTML><BODY>text</BODY></HTML>",
        b"<meta charset='utf-8'>\n<head>\n<title>x</title>\n</head>\n<body>\n<p>hi</p>",
        "<!DOCTYPE html><html><body>utf-16</body></html>".encode("utf-16"),
    ],
)
def test_sniff_claims_html(head):
    assert HtmlReader().sniff(head)


@pytest.mark.parametrize(
    "head",
    [
        b"Minutes of the meeting\n\nThe board approved the budget.",
        b"# Notes\n\nUse the `<body>` element for content, and see <https://example.com>.\n",
        b"---\ntitle: x\n---\nSome *markdown* text with a <br> in it.",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        b"",
    ],
)
def test_sniff_leaves_other_formats_alone(head):
    assert not HtmlReader().sniff(head)


# --- malformed input ----------------------------------------------------------------------------


def test_page_without_article_text_is_a_source_error():
    with pytest.raises(SourceError) as err:
        read("malformed_no_text.html")
    assert err.value.cause == "no article text found in the page"
    assert err.value.origin.endswith("malformed_no_text.html")


@pytest.mark.parametrize(
    "data",
    [
        b"<html><head></head><body></body></html>",
        b"<!DOCTYPE html><html><body><div><div><p",
        b"<html>" + bytes(range(256)) * 20,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"<html><body>" + b"<div>" * 5000 + b"</body></html>",
        b"   \n\t",
    ],
    ids=["empty-body", "truncated", "binary-after-tag", "png", "deep-nesting", "blank"],
)
def test_malformed_bytes_give_source_error(data):
    with pytest.raises(SourceError) as err:
        HtmlReader().read("bad.html", data, OPTIONS)
    assert err.value.cause and "\n" not in err.value.cause


def test_unclosed_tags_still_give_their_text():
    data = (
        b"<html><body><p>The ferry operator cancelled all crossings on Friday because of the storm warning"
        b"<p>Services are expected to resume on Saturday morning if the wind drops as forecast"
    )
    doc = HtmlReader().read("unclosed.html", data, OPTIONS)[0]
    assert [b.text for b in doc.blocks] == [
        "The ferry operator cancelled all crossings on Friday because of the storm warning",
        "Services are expected to resume on Saturday morning if the wind drops as forecast",
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([b"", b"<html><body>", b"<!DOCTYPE html><p>", b"<div><p>x"]))
def test_no_other_exception_escapes(noise, prefix):
    try:
        docs = HtmlReader().read("fuzz.html", prefix + noise, OPTIONS)
    except SourceError:
        return
    assert all(isinstance(d.blocks, tuple) for d in docs)


# --- pages of several stories --------------------------------------------------------------------


def test_newsletter_keeps_every_story_and_drops_the_rest():
    doc, _ = read("newsletter.html")
    text = "\n".join(b.text for b in doc.blocks)
    for story in ("River levels across the southern basin", "national rail union called off",
                  "return twelve bronze figures"):
        assert story in text
    for furniture in ("Archive", "Podcasts", "Advertisement", "Acme Logistics", "Yesterday's issue", "Unsubscribe"):
        assert furniture not in text
    assert doc.title == "Morning Brief: 7 May 2024"
    assert doc.date == dt.date(2024, 5, 7)


def test_sibling_stories_are_found_beside_the_one_extracted():
    tree = parse((DATA / "newsletter.html").read_text(encoding="utf-8"))
    first = [Block(" ".join(p.text_content().split())) for p in tree.xpath('//section[1]//p')]
    before, after = sibling_stories(tree, first)
    assert before == []
    assert [story[0].text.split()[:4] for story in after] == [
        ["The", "national", "rail", "union"],
        ["The", "city", "museum", "signed"],
    ]


def test_article_split_around_an_advert_is_whole_and_not_doubled():
    paras = [f"Paragraph {n} of the split article says enough to count as a real paragraph of prose." for n in "ABCDEFGH"]
    page = (
        "<html><head><title>Split</title></head><body><article><h1>Split</h1><div class='chunk'>"
        + "".join(f"<p>{p}</p>" for p in paras[:4])
        + "</div><div class='ad'>Advertisement</div><div class='chunk'>"
        + "".join(f"<p>{p}</p>" for p in paras[4:])
        + "</div></article></body></html>"
    ).encode()
    doc = HtmlReader().read("split.html", page, OPTIONS)[0]
    assert [b.text for b in doc.blocks] == paras
