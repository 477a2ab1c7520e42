"""Markup into text: trafilatura's article body, HTML fragments and inline HTML, by one module."""

from __future__ import annotations

import time

from lxml import etree

from briefing.read import ReadOptions, read_bytes
from briefing.text.markup import body_blocks, html_blocks, strip_tags


def test_body_blocks_keep_headings_paragraphs_items_and_rows():
    body = etree.fromstring(
        "<body><head>Inspections</head>"
        "<p>The regulator began its review of the five remaining cranes.<lb/><lb/>It will publish its findings.</p>"
        "<p>A short line<lb/>that goes on.</p>"
        "<list><item>Night berthing is suspended.</item><item>Ships unload by day.</item></list>"
        "<table><row><cell>Berths</cell><cell>4</cell></row></table>"
        "<code>print('not prose')</code></body>"
    )
    assert [(b.text, b.heading) for b in body_blocks(body)] == [
        ("Inspections", True),
        ("The regulator began its review of the five remaining cranes.", False),
        ("It will publish its findings.", False),
        ("A short line that goes on.", False),
        ("Night berthing is suspended.", False),
        ("Ships unload by day.", False),
        ("Berths | 4", False),
    ]


def test_what_holds_no_prose_goes_in_every_shape_of_markup():
    fragment = "<p>Kept <script>var a;</script><svg><text>chart</text></svg><button>Share</button>text.</p>"
    assert [b.text for b in html_blocks(fragment)] == ["Kept text."]
    assert " ".join(strip_tags(fragment).split()) == "Kept text."
    page = b"# Notes\n\nThe pier <button>Share</button>reopens <!-- draft -->on <b>Thursday</b>.\n"
    (doc,) = read_bytes("notes.md", page, ReadOptions())
    assert [b.text for b in doc.blocks] == ["Notes", "The pier reopens on Thursday."]


def test_strip_tags_is_linear_on_unclosed_openings():
    text = "<script a <!-- b <svg c " * 40_000  # about a megabyte of openings that never close
    start = time.perf_counter()
    assert strip_tags(text) == text  # nothing closes, so nothing is an element or a tag
    assert time.perf_counter() - start < 2.0
