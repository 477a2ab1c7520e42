"""FeedReader: RSS 2.0, Atom and RSS-as-.xml fixtures, --since, refusal of XML entities, follow_links."""

from __future__ import annotations

import datetime as dt
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import loopback_server

from briefing.errors import SourceError
from briefing.read import READERS, ReadOptions, read_bytes, read_file, read_url, reader_for
from briefing.read.feed import FeedReader
from briefing.read.feed.sniff import sniff_feed
from briefing.text.markup import html_blocks

FEEDS = Path(__file__).parent / "data" / "feeds"


def texts(doc):
    return [b.text for b in doc.blocks]


# --- choosing the reader ----------------------------------------------------------------------


def test_registered_before_the_text_readers():
    names = [r.name for r in READERS]
    assert "feed" in names
    assert names.index("feed") < names.index("markdown") < names.index("text")
    assert ".xml" not in FeedReader.suffixes and ".rss" in FeedReader.suffixes


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- hi -->\n  <rss>',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
        b'<?xml version="1.0"?><atom:feed xmlns:atom="http://www.w3.org/2005/Atom">',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">',
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss>',
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "b">]><rss>',
        b'<?xml version="1.0"?><!DOCTYPE rss [' + b'<!ENTITY a "b">' * 1000,  # subset past the head
        '<?xml version="1.0" encoding="utf-16"?><rss>'.encode("utf-16"),
    ],
)
def test_sniff_claims_feeds(head):
    assert sniff_feed(head[:4096])


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body><rss>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"<feed><title>no Atom namespace</title></feed>",
        b"Some text that mentions <rss> later.",
        b"# A Markdown heading\n<rss>",
        b"<rsstuff/>",
        b"",
    ],
)
def test_sniff_leaves_the_rest(head):
    assert not sniff_feed(head)


def test_xml_claimed_by_content_only():
    data = (FEEDS / "bulletin.xml").read_bytes()
    assert reader_for("bulletin.xml", data).name == "feed"
    assert reader_for("notes.xml", b"<notes><n>not a feed</n></notes>").name != "feed"
    assert reader_for("x.rss", b"junk that is not xml").name == "feed"  # by name when unsniffable


# --- reading the fixtures ---------------------------------------------------------------------


def test_rss2_fixture():
    docs = read_file(FEEDS / "ministry.rss", ReadOptions())
    assert len(docs) == 3
    first, second, third = docs
    origin = str(FEEDS / "ministry.rss")
    assert first.origin == f"{origin}#mfa-2024-1001"
    assert first.format == "feed" and first.kind == "feed entry"
    assert first.title == "Statement on the ceasefire talks"
    assert first.issuer == "Ministry of Foreign Affairs — Press Releases"
    assert first.author == "Jane Doe"
    assert first.url == "https://mfa.example.org/press/2024/10/ceasefire"
    assert first.date == dt.date(2024, 10, 1)  # the feed's own date, not UTC's 2 October
    # content:encoded is preferred to the description; headings, paragraphs and list items kept
    assert texts(first) == [
        "Background",
        "The Ministry welcomes the resumption of talks in Geneva.",
        "It urges both parties to respect the ceasefire & to release detainees.",
        "First point of the plan.",
        "Second point of the plan.",
    ]
    assert first.blocks[0].heading and not first.blocks[1].heading
    assert not any("alert" in t for t in texts(first))
    # an entity-escaped HTML description
    assert texts(second) == ["The Minister spoke with her counterpart.", "They discussed humanitarian access."]
    assert second.date == dt.date(2024, 9, 15)
    # no guid: the link names the entry
    assert third.origin == f"{origin}#https://mfa.example.org/press/2023/01/notice"
    assert texts(third) == ["An old notice about office hours."]
    assert len({d.origin for d in docs}) == 3
    assert len({d.content_hash for d in docs}) == 3 and all(d.content_hash for d in docs)


def test_origins_are_stable():
    a = read_file(FEEDS / "ministry.rss", ReadOptions())
    b = read_file(FEEDS / "ministry.rss", ReadOptions())
    assert [d.origin for d in a] == [d.origin for d in b]
    assert a == b


def test_atom_fixture():
    docs = read_file(FEEDS / "agency.atom", ReadOptions())
    assert len(docs) == 2
    convoy, appeal = docs
    assert convoy.title == "Convoy reaches the city"  # type="html" title reduced to text
    assert convoy.issuer == "Relief Agency Updates"
    assert convoy.author == "Field Office"
    assert convoy.date == dt.date(2024, 10, 2)  # published wins over updated
    assert convoy.url == "https://relief.example.net/updates/convoy"
    assert texts(convoy) == ["A convoy of 40 trucks reached the city on Tuesday.", "It carried food and medicine."]
    assert convoy.origin.endswith("#urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")
    assert appeal.date == dt.date(2024, 9, 20)  # updated when nothing was published
    assert texts(appeal) == ["The agency launched an appeal for 12 million dollars.", "Donors met in Brussels."]
    assert appeal.author is None


def test_rss_named_xml():
    (doc,) = read_file(FEEDS / "bulletin.xml", ReadOptions())
    assert doc.format == "feed"
    assert doc.issuer == "Daily Bulletin"
    assert doc.title == "Markets steady"
    assert doc.date == dt.date(2024, 10, 2)
    assert texts(doc) == ["Markets were steady on Wednesday."]


def test_rss1_rdf():
    data = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://r.example/"><title>RDF Site</title><link>https://r.example/</link></channel>
  <item rdf:about="https://r.example/1"><title>Item one</title><link>https://r.example/1</link>
    <dc:date>2024-10-05T09:00:00Z</dc:date><description>Text of item one.</description></item>
</rdf:RDF>"""
    (doc,) = read_bytes("site.xml", data, ReadOptions())
    assert (doc.title, doc.issuer, doc.date, texts(doc)) == ("Item one", "RDF Site", dt.date(2024, 10, 5), ["Text of item one."])


# --- --since ----------------------------------------------------------------------------------


def test_since_skips_older_entries():
    options = ReadOptions(since=dt.datetime(2024, 9, 1))
    docs = read_file(FEEDS / "ministry.rss", options)
    assert [d.title for d in docs] == ["Statement on the ceasefire talks", "Readout of the Minister's call"]
    aware = ReadOptions(since=dt.datetime(2024, 9, 20, 0, 0, 1, tzinfo=dt.timezone.utc))
    assert [d.title for d in read_file(FEEDS / "agency.atom", aware)] == ["Convoy reaches the city"]


def test_since_leaves_nothing():
    assert read_file(FEEDS / "ministry.rss", ReadOptions(since=dt.datetime(2030, 1, 1))) == []


def test_undated_entries_are_kept():
    data = b"<rss version='2.0'><channel><title>T</title><item><title>No date</title><description>Text.</description></item></channel></rss>"
    (doc,) = FeedReader().read("u.rss", data, ReadOptions(since=dt.datetime(2030, 1, 1)))
    assert doc.date is None and doc.origin == "u.rss#1"


# --- bad feeds --------------------------------------------------------------------------------


def test_empty_feed_returns_nothing():
    data = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert FeedReader().read("quiet.rss", data, ReadOptions()) == []


@pytest.mark.parametrize(
    "data",
    [
        b"this is not xml at all, just words",
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken",
        b"<html><body><p>An HTML page</p></body></html>",
        b"\x00\x01\x02\xff\xfe binary junk \x89PNG",
    ],
)
def test_invalid_feed(data):
    with pytest.raises(SourceError) as info:
        FeedReader().read("bad.rss", data, ReadOptions())
    assert info.value.cause.startswith("not a valid RSS/Atom feed: ")
    assert info.value.origin == "bad.rss"


@pytest.mark.parametrize(
    "data",
    [
        b"<rss><channel><item><title>t</title><pubDate>not a date</pubDate><link>javascript:alert(1)</link></item></channel></rss>",
        b"<rss><channel><item><title>&nbsp;x&bogus;</title><description><![CDATA[<p>unclosed <b>tags]]></description></item></channel></rss>",
        b"<rss><channel><item><guid>dup</guid></item><item><guid>dup</guid></item><item/></channel></rss>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>X</div></title><published>2024-13-45</published></entry></feed>",
        (FEEDS / "ministry.rss").read_bytes()[:700],
    ],
)
def test_odd_feeds_never_raise_other_exceptions(data):
    try:
        docs = FeedReader().read("odd.rss", data, ReadOptions())
    except SourceError:
        return
    assert len({d.origin for d in docs}) == len(docs)
    for doc in docs:
        assert doc.url is None or doc.url.startswith(("http://", "https://"))


def test_duplicate_ids_get_unique_origins():
    data = b"<rss><channel><item><guid>dup</guid><title>a</title></item><item><guid>dup</guid><title>b</title></item></channel></rss>"
    docs = FeedReader().read("d.rss", data, ReadOptions())
    assert [d.origin for d in docs] == ["d.rss#dup", "d.rss#2"]


# --- XML attacks ------------------------------------------------------------------------------


@pytest.fixture()
def canary(tmp_path):
    path = tmp_path / "canary.txt"
    path.write_text("CANARY-3f9a1c-SECRET")
    return path


def _xxe_feeds(canary: Path) -> list[bytes]:
    uri = canary.as_uri()
    return [
        # classic external entity in the text of an item
        f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{uri}">]>
<rss version="2.0"><channel><title>Feed &xxe;</title>
<item><title>&xxe;</title><description>leak: &xxe;</description></item></channel></rss>""".encode(),
        # a parameter entity
        f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % p SYSTEM "{uri}"> %p;]>
<rss version="2.0"><channel><title>T</title><item><title>x</title></item></channel></rss>""".encode(),
        # not well-formed before the DOCTYPE, so only the lenient parser could read it
        f"""junk<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{uri}">]>
<rss version="2.0"><channel><title>T</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>""".encode(),
        # an Atom feed
        f"""<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "{uri}">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>&xxe;</title><content>&xxe;</content></entry></feed>""".encode(),
    ]


def _all_text(docs) -> str:
    return " ".join(f"{d.title} {d.issuer} {d.author} {' '.join(texts(d))}" for d in docs)


def test_xxe_refused(canary):
    for data in _xxe_feeds(canary):
        with pytest.raises(SourceError) as info:
            FeedReader().read("xxe.rss", data, ReadOptions())
        assert "entit" in info.value.cause
        assert "CANARY" not in info.value.message


def test_xxe_refused_through_the_registry(canary):
    for data in _xxe_feeds(canary):
        for name in ("feed.xml", "feed.rss"):
            try:
                docs = read_bytes(name, data, ReadOptions())
            except SourceError as exc:
                assert "CANARY" not in exc.message
            else:  # pragma: no cover - only if some reader took it as plain text
                assert "CANARY" not in _all_text(docs)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""


def test_billion_laughs_refused_fast():
    start = time.monotonic()
    with pytest.raises(SourceError) as info:
        read_bytes("lol.xml", BILLION_LAUGHS, ReadOptions())
    assert time.monotonic() - start < 2
    assert "entit" in info.value.cause


def test_quadratic_blowup_refused_fast():
    big = "A" * 50_000
    data = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]><rss><channel><title>t</title><item><description>{"&a;" * 5000}</description></item></channel></rss>'
    start = time.monotonic()
    with pytest.raises(SourceError):
        FeedReader().read("q.rss", data.encode(), ReadOptions())
    assert time.monotonic() - start < 2


def test_plain_doctype_without_entities_is_read():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://127.0.0.1:9/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><item><title>Hi</title><link>https://o.example/1</link><description>Old style.</description></item></channel></rss>"""
    (doc,) = FeedReader().read("old.rss", data, ReadOptions())
    assert doc.title == "Hi" and texts(doc) == ["Old style."]


# --- HTML to blocks ---------------------------------------------------------------------------


def test_html_blocks():
    blocks = html_blocks(
        "<h3>Title</h3>Intro text<p>One <a href='#'>link</a>&nbsp;here.</p>"
        "<ol><li>A</li><li>B<br>continued</li></ol>line one<br><br>line two"
        "<style>p{}</style><table><tr><td>cell</td></tr></table><img alt='no'>"
    )
    assert [(b.text, b.heading) for b in blocks] == [
        ("Title", True),
        ("Intro text", False),
        ("One link here.", False),
        ("A", False),
        ("B continued", False),
        ("line one", False),
        ("line two", False),
        ("cell", False),
    ]


# --- over HTTP: feed URLs and follow_links ----------------------------------------------------


ARTICLE = b"Full text of the first article, paragraph one.\n\nParagraph two of the first article.\n"


def _links_feed(base: str) -> bytes:
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Linked Site</title><link>{base}/</link>
<item><title>First</title><link>{base}/go/article-1</link><guid>a1</guid>
  <pubDate>Wed, 02 Oct 2024 07:00:00 GMT</pubDate><description>Summary of the first.</description></item>
<item><title>Second</title><link>{base}/missing</link><guid>a2</guid>
  <pubDate>Wed, 02 Oct 2024 08:00:00 GMT</pubDate><description>Summary of the second.</description></item>
<item><title>Third</title><link>{base}/feed</link><guid>a3</guid>
  <description>Links to the feed itself.</description></item>
<item><title>No link</title><guid>a4</guid><description>Summary of the unlinked.</description></item>
</channel></rss>""".encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body, ctype, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.seen.append(self.path)
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/feed":
            self._send(200, _links_feed(base), "application/rss+xml; charset=utf-8")
        elif self.path == "/go/article-1":
            self._send(302, b"", "text/plain", [("Location", "/articles/1.txt")])
        elif self.path == "/articles/1.txt":
            self._send(200, ARTICLE, "text/plain; charset=utf-8")
        elif self.path == "/ministry":
            self._send(200, (FEEDS / "ministry.rss").read_bytes(), "application/xml")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture()
def server(monkeypatch):
    with loopback_server(_Handler, monkeypatch) as httpd:
        yield httpd


def test_feed_url(server):
    docs = read_url(server.base + "/feed", ReadOptions())
    assert [d.title for d in docs] == ["First", "Second", "Third", "No link"]
    assert docs[0].origin == server.base + "/feed#a1"
    assert docs[0].url == server.base + "/go/article-1"  # entries keep their own links
    assert docs[3].url == server.base + "/feed"  # ... or get the feed's final URL
    assert texts(docs[0]) == ["Summary of the first."]
    assert server.seen == ["/feed"]  # no link followed unless asked


def test_feed_url_served_as_plain_xml(server):
    docs = read_url(server.base + "/ministry", ReadOptions())
    assert len(docs) == 3 and docs[0].format == "feed"


def test_follow_links(server):
    docs = read_url(server.base + "/feed", ReadOptions(follow_links=True, timeout=5))
    first, second, third, unlinked = docs
    # the page, read through the registry, replaces the summary; the final URL is kept
    assert texts(first) == ["Full text of the first article, paragraph one.", "Paragraph two of the first article."]
    assert first.url == server.base + "/articles/1.txt"
    assert first.title == "First" and first.issuer == "Linked Site" and first.date == dt.date(2024, 10, 2)
    assert first.origin == server.base + "/feed#a1" and first.format == "feed"
    # a failing page falls back to the summary
    assert texts(second) == ["Summary of the second."]
    assert second.url == server.base + "/missing"
    # a link to a feed is not followed recursively
    assert third.origin == server.base + "/feed#a3"
    assert texts(unlinked) == ["Summary of the unlinked."]
    assert server.seen.count("/feed") == 2  # the feed, and once as the third entry's page
    assert "/missing" in server.seen and "/articles/1.txt" in server.seen


def test_follow_links_respects_since(server):
    options = ReadOptions(follow_links=True, since=dt.datetime(2024, 10, 2, 7, 30, tzinfo=dt.timezone.utc))
    docs = read_url(server.base + "/feed", options)
    assert [d.title for d in docs] == ["Second", "Third", "No link"]
    assert "/articles/1.txt" not in server.seen  # skipped entries are not fetched
