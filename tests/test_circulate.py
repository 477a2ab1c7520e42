"""What people circulate: the mail's parts, a hostile SMTP server, headers from unsafe titles and
names, and a published folder with editions, latest copies, an index and an Atom feed.

Briefs here are made by hand (a Brief rendered to brief.json, a PDF and a DOCX by the real
renderers) so that each test says exactly what the page holds; SMTP is a real aiosmtpd server, or a
hostile one on a socket, on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import resource
import socket
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from briefing.config.settings import Branding
from briefing.model import Brief, Citation, Item, Paragraph, Section, SectionKey, Source
from briefing.render.brief_json import encode_brief
from briefing.render.docx import render_docx
from briefing.render.templates import environment, render_html
from conftest import SEEDS, run_cli

aiosmtpd = pytest.importorskip("aiosmtpd")
from test_delivery import Inbox, free_port  # noqa: E402

AS_OF = dt.date(2025, 3, 4)
URL = "https://relief.example/updates/amara-landfall"


def _brief(title: str = "Cyclone Amara makes landfall", toll: str = "12") -> Brief:
    text1 = f"Cyclone Amara made landfall near Port Elin on 3 March, the agency said. At least {toll} people died."
    text2 = "The ministry opened 40 shelters for displaced families in the coastal districts."
    sources = (
        Source(1, "/data/agency.html", "html", "Amara makes landfall", "web page", "Relief Agency", AS_OF,
               (Paragraph(1, text1, tuple(text1.split(". "))), Paragraph(2, text2, (text2,))), url=URL),
        Source(2, "/data/ministry.txt", "text", "Ministry statement on Amara", "official statement", "Ministry",
               AS_OF, (Paragraph(1, text2, (text2,)),)),
    )
    sections = (
        Section(SectionKey.BOTTOM_LINE, "Bottom line", (
            Item(f"Cyclone Amara made landfall near Port Elin; at least {toll} people died.", (Citation(1, 1),)),
            Item("The ministry opened 40 shelters.", (Citation(2, 1), Citation(1, 2)), label="Ministry", origins=2),
        )),
    )
    return Brief(title=title, as_of=AS_OF, sources=sources, sections=sections)


def _out(folder: Path, brief: Brief, branding: Branding | None = None, docx: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brief.json").write_bytes(encode_brief(brief, branding))
    (folder / "brief.pdf").write_bytes(b"%PDF-1.7\n% a stand-in: mail and publish only carry it\n%%EOF\n")
    if docx:
        (folder / "brief.docx").write_bytes(render_docx(brief, branding))
    return folder


@pytest.fixture
def inbox():
    from aiosmtpd.controller import Controller

    box, port = Inbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, f"127.0.0.1:{port}"
    controller.stop()


NO_LOGIN = {"BRIEFING_SMTP_USER": "", "BRIEFING_SMTP_PASSWORD": ""}


def test_the_mail_has_text_and_html_alternatives_and_the_pdf_and_docx(inbox, tmp_path):
    box, server = inbox
    out = _out(tmp_path / "out", _brief(), Branding(marking="OFFICIAL", organisation="Ministry of Examples"))
    result = run_cli("send", "--out", str(out), "--to", "desk@example.org", "--smtp", server, env=NO_LOGIN)
    assert result.returncode == 0, result.stderr
    [msg] = box.messages
    assert msg["Subject"] == "[OFFICIAL] Cyclone Amara makes landfall — 2025-03-04 · Ministry of Examples"
    assert msg.get_content_type() == "multipart/mixed"
    [alternative] = [p for p in msg.iter_parts() if p.get_content_type() == "multipart/alternative"]
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]

    text = msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("OFFICIAL\n")
    assert "[1¶1]" in text and "[2¶1][1¶2]" in text and "](#" not in text and "<" not in text
    assert "Ministry: The ministry opened 40 shelters." in text
    assert text.index("SOURCES") < text.index(URL)  # the short source list ends with the URLs
    assert "Source paragraphs" not in text and "At least 12 people died" not in text  # no annex

    html = msg.get_body(preferencelist=("html",)).get_content()
    assert f'href="{URL}#:~:text=' in html  # a citation of a source on the web links to its paragraph
    assert '<span class="cite" title="source 2, paragraph 1">[2¶1]</span>' in html  # no URL: no dead link
    assert 'href="#' not in html and "Source paragraphs" not in html and "url(\"fonts/" not in html
    assert re.search(r"url\((?!\"data:)", html) is None

    names = [(p.get_filename(), p.get_content_type()) for p in msg.iter_attachments()]
    assert names == [("brief-2025-03-04.pdf", "application/pdf"),
                     ("brief-2025-03-04.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    assert "brief-2025-03-04.pdf, brief-2025-03-04.docx" in result.stdout


UNSAFE = "Cyclone\r\nBcc: victim@example.org\x0bAmara\x0c\x85\u2028\u2029\u202e\u200b landfall"


def test_line_breaks_and_invisible_characters_never_reach_a_header(inbox, tmp_path):
    box, server = inbox
    out = _out(tmp_path / "out", _brief(title=UNSAFE), Branding(marking="OFFICIAL\nX-Evil: 1"), docx=False)
    result = run_cli("send", "--out", str(out), "--to", "desk@example.org", "--smtp", server,
                     "--from", "Brief\u2028Bot\r\nX-Injected: yes <bot@example.org>", env=NO_LOGIN)
    assert result.returncode == 0, result.stderr
    [envelope] = box.envelopes
    head = envelope.content.split(b"\r\n\r\n", 1)[0].decode("utf-8")
    fields = {line.split(":")[0] for line in head.split("\r\n") if line and not line.startswith((" ", "\t"))}
    assert fields == {"Subject", "From", "To", "Date", "Message-ID", "Content-Type", "MIME-Version"}, fields
    for bad in ("\u2028", "\u2029", "\u202e", "\u200b", "\x0b", "\x0c", "\x85"):
        assert bad not in head
    [msg] = box.messages
    # (a long subject is folded; unfolding may leave two spaces where the fold was)
    assert " ".join(msg["Subject"].split()) == "[OFFICIAL X-Evil: 1] Cyclone Bcc: victim@example.org Amara landfall — 2025-03-04"
    assert msg["From"].addresses[0].addr_spec == "bot@example.org"
    assert envelope.rcpt_tos == ["desk@example.org"]


class Hostile:
    """A bounded hostile SMTP server on 127.0.0.1: each client gets '220-' lines, ``size`` bytes
    every ``pause`` seconds, until it hangs up or ``limit`` seconds pass."""

    def __init__(self, size: int, pause: float, limit: float = 30) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.line = b"220-" + b"x" * (size - 6) + b"\r\n"
        self.pause, self.limit = pause, limit
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        end = time.monotonic() + self.limit
        with conn:
            while time.monotonic() < end:
                try:
                    conn.sendall(self.line)
                except OSError:
                    return
                if self.pause:
                    time.sleep(self.pause)

    def close(self) -> None:
        self.sock.close()


def _send_to(port: int, tmp_path: Path, timeout: str) -> tuple:
    out = _out(tmp_path / "out", _brief(), docx=False)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    result = run_cli("send", "--out", str(out), "--to", "desk@example.org", "--smtp", f"127.0.0.1:{port}",
                     "--timeout", timeout, env=NO_LOGIN)
    elapsed = time.monotonic() - start
    return result, elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _one_line(result, needle: str) -> None:
    assert result.returncode == 7, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert needle in result.stderr, result.stderr


def test_an_endless_greeting_is_cut_at_64_kb(tmp_path):
    server = Hostile(size=1000, pause=0)  # a flood: 1 KB lines as fast as the socket takes them
    try:
        result, elapsed, peak_kb = _send_to(server.port, tmp_path, "10")
    finally:
        server.close()
    _one_line(result, "sent a reply of more than 65,536 bytes")
    assert elapsed < 20
    assert peak_kb < 300_000  # the process stays small (it grew to 2.2 GB before the cap)


def test_a_trickling_greeting_meets_the_deadline(tmp_path):
    server = Hostile(size=40, pause=0.3)  # every line in time for the 1 s per-step timeout
    try:
        result, elapsed, _ = _send_to(server.port, tmp_path, "1")
    finally:
        server.close()
    _one_line(result, "did not finish within 5s")
    assert 4 < elapsed < 15


def _publish(out: Path, dest: Path, epoch: int):
    result = run_cli("publish", str(dest), "--out", str(out), env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.returncode == 0, result.stderr
    return result


def test_two_publishes_with_one_as_of_date_keep_both_with_index_latest_and_feed(tmp_path):
    dest = tmp_path / "share"
    first = _out(tmp_path / "one", _brief(toll="12"))
    second = _out(tmp_path / "two", _brief(title="Cyclone Amara: toll rises", toll="19"))
    epoch = int(dt.datetime(2025, 3, 4, 6, 15, 2, tzinfo=dt.timezone.utc).timestamp())
    _publish(first, dest, epoch)
    _publish(second, dest, epoch + 3600)
    _publish(second, dest, epoch + 7200)  # the same brief again: nothing new
    names = sorted(p.name for p in dest.iterdir())
    editions = ["brief-2025-03-04", "brief-2025-03-04T071502"]
    assert names == sorted([f"{e}.{x}" for e in editions for x in ("docx", "json", "pdf")]
                           + [f"latest.{x}" for x in ("docx", "json", "pdf")] + ["feed.atom", "index.html"])
    assert (dest / "brief-2025-03-04.json").read_bytes() == (first / "brief.json").read_bytes()  # never overwritten
    assert (dest / "latest.json").read_bytes() == (second / "brief.json").read_bytes()

    index = (dest / "index.html").read_text()
    assert index.index("Cyclone Amara: toll rises") < index.index("Cyclone Amara makes landfall")  # newest first
    assert "at least 19 people died" in index and 'href="brief-2025-03-04T071502.pdf"' in index
    assert 'href="feed.atom"' in index

    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(dest / "feed.atom").getroot()
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [
        "Cyclone Amara: toll rises — 2025-03-04", "Cyclone Amara makes landfall — 2025-03-04"]
    assert entries[0].find("a:updated", ns).text.startswith("2025-03-04T07:15:02")
    assert len({e.find("a:id", ns).text for e in entries}) == 2
    links = [ln.get("href") for ln in entries[1].findall("a:link", ns)]
    assert "brief-2025-03-04.pdf" in links and "brief-2025-03-04.docx" in links
    assert "at least 12 people died" in entries[1].find("a:summary", ns).text


def test_publishing_the_same_folder_again_gives_the_same_bytes(tmp_path):
    out = _out(tmp_path / "out", _brief())
    one, two = tmp_path / "one", tmp_path / "two"
    _publish(out, one, 1741070000)
    _publish(out, two, 1741070000)
    for name in ("index.html", "latest.json", "brief-2025-03-04.docx"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert json.loads((one / "latest.json").read_text())["format_version"] == 2


def test_a_word_file_an_earlier_build_left_is_not_published(tmp_path):
    out, dest = tmp_path / "out", tmp_path / "share"
    for formats in ("all", "pdf,json"):
        result = run_cli("build", str(SEEDS), "--out", str(out), "--format", formats)
        assert result.returncode == 0, result.stderr
    assert (out / "brief.docx").is_file()  # left there by the first build
    _publish(out, dest, 1741070000)
    assert sorted(p.name for p in dest.glob("brief-*")) == ["brief-2024-11-05.json", "brief-2024-11-05.pdf"]


def test_source_titles_link_to_their_originals_in_the_page_and_the_word_file():
    brief = _brief()
    html = render_html(brief, environment())
    assert f'<a class="stitle" href="{URL}" title="the original of source 1">Amara makes landfall</a>' in html
    assert '<span class="stitle">Ministry statement on Amara</span>' in html  # a file on disk: no link

    document = docx.Document(io.BytesIO(render_docx(brief)))
    links = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        rel = link.get(qn("r:id")) and document.part.rels[link.get(qn("r:id"))]
        if rel:
            assert rel.is_external
            links.append(("".join(t.text for t in link.iter(qn("w:t"))), rel.target_ref.split("#")[0]))
    assert links == [("Amara makes landfall", URL), ("original", URL), ("original", URL)]  # the annex's two of source 1


def test_the_annex_lists_every_source_on_a_plain_line_that_keeps_its_link():
    """Beyond page 1's list (12 sources), the annex lists every source, one line each: its number,
    title (linked to a web original) and kind as text, without a box per part (they cost the layout)."""
    brief = _brief()
    extra = tuple(replace(brief.sources[1], id=k, origin=f"/data/m{k}.txt", title=f"Ministry note {k}")
                  for k in range(3, 16))
    html = render_html(replace(brief, sources=brief.sources + extra), environment())
    annex = html[html.index('id="all-sources"'):]
    assert (f'<li id="source-1">1. <a href="{URL}" title="the original of source 1">Amara makes landfall</a>'
            " · web page, Relief Agency, 4 Mar 2025</li>") in annex
    assert '<li id="source-15">15. Ministry note 15 · official statement, 4 Mar 2025</li>' in annex
    assert len(re.findall(r'<li id="source-\d+">', annex)) == 15 and "<span" not in annex.split("</ol>")[0]
