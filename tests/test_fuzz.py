"""Fuzzing the readers and the sentence splitter (issue 6): random and mutated inputs.

Each reader is fed random bytes and mutations of a small valid input of its kind (bytes flipped,
cut, repeated, spliced with another kind, hostile tokens inserted) under random names. Only a
SourceError may come out, and never one the registry had to make from a reader's own crash (such
a SourceError carries the crash as ``__cause__``); whatever is returned is well-formed.

Bounded for CI: ``BRIEFING_FUZZ_EXAMPLES`` (default 800 per test) and a fixed seed. Set it higher
for a longer, random run: ``BRIEFING_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read import ReadOptions, read_bytes
from briefing.text.sentences import split_sentences
from conftest import ROOT
from hostile.corpus import PROSE, many_pages

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "800"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=5),  # any one input: a slow one is a finding too
    derandomize="BRIEFING_FUZZ_EXAMPLES" not in os.environ,  # the same inputs on every CI run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
# Small limits, so that the limits themselves are exercised too.
OPTIONS = ReadOptions(max_paragraphs=40, max_chars=20_000, max_paragraph_chars=500, max_entries=5,
                      max_html_elements=3000, max_nesting=40)

SEEDS = {
    "text": (ROOT / "seeds" / "004_1225735960cc5bd0.txt").read_bytes()[:1500],
    "markdown": (
        "---\ntitle: Pier notes\ndate: 2024-11-05\nkind: statement\n---\n\n# Pier notes\n\n"
        f"{PROSE} **Bold** and _em_ and `code`, [a link](https://example.org/a_(b)) ![img](x.png).\n\n"
        "- a list item, said the port\n- 1. another\n\n> a quote <!-- c --> <script>x</script>\n\n"
        "```\ncode block\n```\n\nSetext\n======\n\n[ref]: https://example.org\n"
    ).encode(),
    "html": (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ferry - Port News</title>"
        "<meta property='article:published_time' content='2024-11-05'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": {\"name\": \"A. Writer\"}}</script>"
        "</head><body><nav><a href='/'>Home</a></nav><article><h1>Ferry service to resume</h1>"
        f"<p>{PROSE}</p><p>Officials said the pier<br><br>would reopen on Thursday.</p>"
        "<ul><li>Item one of the list of repairs.</li></ul><table><tr><td>a</td><td>b</td></tr></table>"
        "</article><footer>Copyright 2024</footer></body></html>"
    ).encode(),
    "rss": (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Port</title>"
        "<link>https://example.org/</link><item><title>Ferry</title><link>https://example.org/1</link>"
        "<guid>1</guid><pubDate>Tue, 05 Nov 2024 09:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{PROSE}&lt;/p&gt;</description></item>"
        f"<item><title>Tugs</title><description>{PROSE}</description></item></channel></rss>"
    ).encode(),
    "atom": (
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Port</title><id>urn:p</id>"
        "<updated>2024-11-05T00:00:00Z</updated><entry><title>Ferry</title><id>urn:p:1</id>"
        "<updated>2024-11-05T09:00:00Z</updated><author><name>Desk</name></author>"
        f"<content type='html'>&lt;p&gt;{PROSE}&lt;/p&gt;</content></entry></feed>"
    ).encode(),
    "pdf": many_pages(2),
}
# Warm up: the first page without a stated date loads dateparser's data (seconds), which would
# count against the first example's deadline.
read_bytes("warm.html", SEEDS["html"].replace(b"article:published_time", b"x"), OPTIONS)

NAMES = ["x.txt", "x.md", "x.html", "x.htm", "x.xml", "x.rss", "x.atom", "x.pdf", "x", "x.bin", "x.text",
         "https://example.org/x?y=.pdf", "x.markdown", "x.xhtml"]
TOKENS = [
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\n\n", b"<", b">", b"&", b"&amp;", b"&#0;", b"&#xD800;", b"&#x110000;", b"&#99999999999;", b"&a;",
    b"<!DOCTYPE rss [<!ENTITY a 'x'>]>", b'<!ENTITY e SYSTEM "file:///etc/passwd">', b"<![CDATA[", b"]]>",
    b"<!--", b"-->", b"<script>", b"</p>", b"<div>" * 50, b"<br>", b"%PDF-1.7\n", b"endobj", b"stream\n", b"xref",
    b"trailer", b"/Length 99999", b"obj <<", b">>", b"---\n", b"**", b"[", b"](", b"![", b"`", b"#", b"\\",
    b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x80\xa8", "é".encode("latin-1"), b"\x1b[31m", b"\x7f", b"\xad",
]


@st.composite
def mutated(draw, kinds=tuple(SEEDS)) -> bytes:
    """A seed input of one kind, with a few byte-level mutations."""
    data = bytearray(SEEDS[draw(st.sampled_from(kinds))])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "token", "delete", "repeat", "truncate", "splice"]))
        i = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[i] = draw(st.integers(0, 255))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif op == "token":
            data[i:i] = draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 64))]
        elif op == "repeat":
            data[i:i] = data[i:i + draw(st.integers(1, 64))] * draw(st.integers(2, 20))
        elif op == "truncate":
            del data[i:]
        elif op == "splice":
            other = SEEDS[draw(st.sampled_from(list(SEEDS)))]
            j = draw(st.integers(0, len(other)))
            data[i:] = other[j:]
    return bytes(data)


# the catch-alls inside the feed and HTML readers: a cause like these is a crash they swallowed
_CATCH_ALL = re.compile(r"could not read the (?:feed|HTML) \(")


def check_read(name: str, data: bytes) -> None:
    """Only SourceError comes out, never from a crash; what comes back is well-formed."""
    try:
        docs = read_bytes(f"fuzz/{name}", data, OPTIONS, name=name)
    except SourceError as exc:
        assert exc.__cause__ is None, f"a reader crashed on {data[:200]!r}: {exc.__cause__!r}"
        assert not _CATCH_ALL.match(exc.cause), f"a reader crashed on {data[:200]!r}: {exc.cause}"
        assert exc.message and "\n" not in exc.message
        return
    assert isinstance(docs, list)
    assert len(docs) <= OPTIONS.max_entries
    for doc in docs:
        assert isinstance(doc, Document)
        assert len(doc.blocks) <= OPTIONS.max_paragraphs
        assert sum(len(b.text) for b in doc.blocks) <= OPTIONS.max_chars
        for block in doc.blocks:
            assert isinstance(block, Block) and isinstance(block.text, str)
            assert block.text.strip(), f"empty block from {data[:200]!r}"
            assert len(block.text) <= OPTIONS.max_paragraph_chars
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in block.text), repr(block.text)
            block.text.encode("utf-8")  # no lone surrogates: the outputs are written as UTF-8
        for field in (doc.title, doc.issuer, doc.author, doc.kind, doc.url):
            assert field is None or (isinstance(field, str) and field.strip() and "\x00" not in field)
            assert field is None or field.encode("utf-8")
        assert doc.date is None or isinstance(doc.date, dt.date)


@FUZZ
@given(name=st.sampled_from(NAMES), data=mutated())
def test_readers_on_mutated_inputs(name, data):
    check_read(name, data)


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=4096))
def test_readers_on_random_bytes(name, data):
    check_read(name, data)


@FUZZ
@given(name=st.sampled_from(NAMES), text=st.text(max_size=2000),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "utf-8-sig"]))
def test_readers_on_random_text(name, text, encoding):
    check_read(name, text.encode(encoding, errors="replace"))


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_every_seed_is_read(kind):
    """The unmutated seeds are valid inputs of their kind: the fuzzing starts from readable files."""
    name = {"text": "x.txt", "markdown": "x.md", "html": "x.html", "rss": "x.rss", "atom": "x.atom", "pdf": "x.pdf"}[kind]
    docs = read_bytes(name, SEEDS[kind], ReadOptions())
    assert docs and any(doc.blocks for doc in docs)


@FUZZ
@given(text=st.text(max_size=3000) | st.lists(st.sampled_from(
    ["Mr.", "U.S.", "No. 5", "said.", '"Quote.', '"', "?", "!", "…", " ", "\n", "e.g.", "a.", "1.", "Art. 51",
     PROSE, "(", ")", "“", "”", "'", "J. R.", "..."]), max_size=200).map("".join))
def test_split_sentences_on_random_text(text):
    sentences = split_sentences(text)
    assert isinstance(sentences, tuple)
    assert all(isinstance(s, str) and s.strip() for s in sentences)
    # nothing invented: every sentence's words come from the text, in order
    assert "".join("".join(s.split()) for s in sentences) == "".join(text.split()) or sentences == ()


# words the analysis looks for: figures, dates, attributions, quotes, names, kinds
ANALYSIS_WORDS = [
    "said", "told", "according to", "the minister", "President Lee", "North Korea", "NATO", "U.S.", "Mr.",
    "on Monday", "yesterday", "last week", "on 5 November 2024", "2024-11-05", "Nov. 4", "in 1999",
    "11,000", "$1.5 billion", "3.5%", "about 200", "two", "dozens of", "troops", "killed", "more than",
    '"', "“", "”", "'", ":", ";", ",", ".", "?", "(", ")", "-", "—", "We", "condemn", "Statement by the",
    "Readout", "PRESIDENT XI:", "Q:", "Advertisement", "By Jane Doe", "\u00a0", "¶", "[1¶2]", "#", "*",
]
words_text = st.lists(st.sampled_from(ANALYSIS_WORDS), min_size=1, max_size=60).map(" ".join)


@FUZZ
@given(blocks=st.lists(st.text(min_size=1, max_size=300) | words_text, min_size=1, max_size=8),
       title=st.none() | st.text(max_size=80), fmt=st.sampled_from(["text", "markdown", "html", "pdf", "feed"]))
def test_settle_and_summarise_on_random_text(blocks, title, fmt):
    """A Document of random text is settled into a Source or refused with a SourceError; a Source
    is summarised without error."""
    from briefing.analyse.settle import settle
    from briefing.analyse.summary import analyse_source
    from briefing.read.limits import within_limits

    doc = Document(origin="fuzz", blocks=tuple(Block(t) for t in blocks), format=fmt, title=title)
    (doc,) = within_limits("fuzz", [doc], OPTIONS)  # as the registry hands documents on
    try:
        source = settle(doc, OPTIONS.max_paragraphs)
    except SourceError:
        return
    assert source.paragraphs
    analyse_source(source)


@FUZZ
@given(sources=st.lists(st.lists(words_text | st.text(min_size=1, max_size=200), min_size=1, max_size=6),
                        min_size=1, max_size=3))
def test_synthesise_on_random_sources(sources):
    """Sources of random text give a brief whose every item is cited, or no source at all."""
    from dataclasses import replace

    from briefing.analyse.settle import settle
    from briefing.analyse.summary import analyse_source
    from briefing.read.limits import within_limits
    from briefing.synthesise.brief import synthesise

    summaries = []
    for i, blocks in enumerate(sources, 1):
        doc = Document(origin=f"fuzz{i}", blocks=tuple(Block(t) for t in blocks))
        (doc,) = within_limits(doc.origin, [doc], OPTIONS)
        try:
            summaries.append(analyse_source(replace(settle(doc), id=len(summaries) + 1)))
        except SourceError:
            continue
    if not summaries:
        return
    brief = synthesise(summaries, title=None, as_of=None, today=dt.date(2024, 11, 5))
    for section in brief.sections:
        for item in section.items:
            assert item.citations, item
