"""Hostile and broken sources (issue 6): nothing fetched, nothing leaked, nothing crashes.

The corpus (tests/hostile/corpus.py) is written fresh into a temporary folder: pages and Markdown
that try to load remote images, stylesheets, frames, scripts and ``file:`` URLs; XML bombs and
external entities in feeds; deep nesting; control characters; odd encodings; a fake PDF; a 500-page
PDF; a 5 MB line; files just under and over the size limit; and what someone who can write into the
folder plants (issue 14, tests/hostile/planted.py): links out of it, link loops, a FIFO, a link to
a device, names that forge log lines, invisible characters in a title, a sparse 10 GB file, a PDF
whose pages share one large content stream. It is built while a real HTTP server
on 127.0.0.1 records every connection it gets; a canary file holds a random string that must never
reach an output. A second build uses a user template folder that itself tries to load URLs.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.text.safe import printable
from conftest import ROOT, SHARED, run_cli
from hostile.corpus import write_corpus
from hostile.planted import FORGED_NAME, INVISIBLE

PARTIAL = 8  # built, but some sources were skipped


# ---------------------------------------------------------------------------------------------
# the recording server and the canary


class RecordingServer(ThreadingHTTPServer):
    """An HTTP server that remembers every connection and every request, and answers them all."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.connections: list[tuple] = []
        self.requests: list[str] = []

    def verify_request(self, request, client_address) -> bool:  # noqa: ANN001
        self.connections.append(client_address)  # even one that never sends a request
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Recorder(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.server.requests.append(f"{self.command} {self.path}")
        body = b"body { background: red; } /* SERVED */" if self.path.endswith(".css") else b"SERVED"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture(scope="module")
def server():
    srv = RecordingServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def canary(workspace) -> tuple[Path, str]:
    secret = f"CANARY-{secrets.token_hex(16)}"
    path = workspace / "canary.txt"
    path.write_text(f"{secret}\n")
    return path, secret


@pytest.fixture(scope="module")
def corpus(workspace, server, canary):
    src = workspace / "src"
    entries = write_corpus(src, server.url, canary[0])
    return src, entries


def _build(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    result = run_cli("build", *args, timeout=300)
    return result, time.perf_counter() - start


@pytest.fixture(scope="module")
def hostile_build(workspace, corpus):
    src, _ = corpus
    out = workspace / "out"
    result, seconds = _build(str(src), "--out", str(out), "--as-of", "2024-11-05")
    print(f"\nhostile build: {seconds:.1f}s")
    return out, result, seconds


@pytest.fixture(scope="module")
def user_templates(workspace, server, canary) -> Path:
    """A template folder whose HTML and CSS try every way to load a URL or a local file."""
    folder = workspace / "tpl"
    folder.mkdir()
    shipped = ROOT / "templates"
    file_url = canary[0].resolve().as_uri()
    traversal = (folder / ".." / canary[0].name).as_posix()  # inside the folder, then out of it
    (folder / "escape.css").symlink_to(canary[0])  # a link out of the folder
    big_data = "data:image/png;base64," + "A" * (3 * 1024 * 1024)
    head = f"""
<link rel="stylesheet" href="{server.url}/x.css">
<link rel="stylesheet" href="{file_url}">
<link rel="stylesheet" href="file://{traversal}">
<link rel="stylesheet" href="{(folder / 'escape.css').as_uri()}">
<link rel="attachment" href="{file_url}" title="canary">
<style>@import url("{server.url}/import.css"); @import url("{file_url}");</style>
"""
    body = f"""
<img src="{server.url}/img.png" alt="">
<img src="{file_url}" alt="">
<img src="{big_data}" alt="">
<img src="https://127.0.0.1:{server.server_address[1]}/tls.png" alt="">
<object data="{file_url}"></object><embed src="{server.url}/embed.svg"><iframe src="{server.url}/frame"></iframe>
<a rel="attachment" href="{file_url}"></a>
<svg width="1" height="1"><image href="{server.url}/svg.png" width="1" height="1"/></svg>
<div style="background: url({server.url}/inline.png); width: 1px; height: 1px"></div>
"""
    html = (shipped / "brief.html.j2").read_text()
    html = html.replace("</head>", head + "</head>", 1).replace("</body>", body + "</body>", 1)
    (folder / "brief.html.j2").write_text(html)
    css = (f'@import url("{server.url}/css-import.css");\n@import url("{file_url}");\n'
           f'@font-face {{ font-family: "Leak"; src: url("{server.url}/font.woff2"), url("{file_url}"); }}\n'
           + (shipped / "brief.css").read_text()
           + f"\nbody {{ background-image: url({server.url}/bg.png); }}\n"
           f".kicker::after {{ content: url({file_url}); }}\n")
    (folder / "brief.css").write_text(css)
    return folder


@pytest.fixture(scope="module")
def template_build(workspace, server, canary, user_templates):
    src = workspace / "small"
    entries = write_corpus(src, server.url, canary[0], big=False)
    out = workspace / "out-tpl"
    result, seconds = _build(str(src), "--out", str(out), "--as-of", "2024-11-05",
                             "--template-dir", str(user_templates))
    print(f"\nhostile build with a hostile template folder: {seconds:.1f}s")
    return out, result, entries


# ---------------------------------------------------------------------------------------------
# what every build must show


def _pdf_text(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs) -> None:  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag) -> None:  # noqa: ANN001
        self._in_style = False

    def handle_data(self, data) -> None:  # noqa: ANN001
        if self._in_style:
            self.styles.append(data)


_LIVE_TAGS = {"script", "iframe", "object", "embed", "img", "image", "svg", "video", "audio", "source",
              "link", "base", "frame", "frameset", "form", "input", "button", "meta-refresh", "applet"}


def assert_inert(markup: str, server_url: str, where: str) -> None:
    """No element that loads or runs anything; links only to anchors or http(s) originals."""
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in _LIVE_TAGS, f"{where}: live <{tag}> {attrs}"
        if tag == "meta":
            assert (attrs.get("http-equiv") or "").lower() != "refresh", f"{where}: {attrs}"
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            assert not name.startswith("on"), f"{where}: event handler {name} on <{tag}>"
            assert not value.startswith(("javascript:", "file:", "data:", "vbscript:")), f"{where}: <{tag} {name}={value}>"
            assert name not in ("src", "srcset", "poster", "data", "background", "style"), f"{where}: <{tag} {name}={value}>"
        if tag == "a" and "href" not in attrs:
            assert set(attrs) <= {"id", "name"}, f"{where}: <a {attrs}>"  # an anchor in brief.md
        elif tag == "a":
            href = attrs["href"] or ""
            assert href.startswith("#") or re.match(r"https?://", href), f"{where}: link {href!r}"
    for css in parser.styles:
        assert server_url not in css and "file:" not in css and "@import" not in css, f"{where}: <style> loads {css[:200]}"


def assert_no_canary(out: Path, secret: str) -> None:
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert secret.encode() not in data, f"{path.name} holds the canary"
    for i, text in enumerate(_pdf_text(out / "brief.pdf"), 1):
        assert secret not in text, f"brief.pdf page {i} holds the canary"
    reader = PdfReader(str(out / "brief.pdf"))
    assert not reader.attachments, f"brief.pdf has attachments: {list(reader.attachments)}"


def assert_valid_brief(out: Path) -> dict:
    brief = json.loads((out / "brief.json").read_text())
    paragraphs = {(s["id"], p["n"]) for s in brief["sources"] for p in s["paragraphs"]}
    items = [i for s in brief["sections"] for i in s["items"]]
    assert items, "the brief has no items"
    for item in items:
        assert item["citations"], f"uncited item: {item['text']}"
        for c in item["citations"]:
            assert (c["source"], c["paragraph"]) in paragraphs, f"citation {c} resolves to nothing"
    pages = _pdf_text(out / "brief.pdf")
    assert len(pages) >= 2
    assert "source paragraphs" not in pages[0].lower(), "the annex starts on page 1"
    assert "source paragraphs" in pages[1].lower(), "the annex does not start on page 2"
    page1 = re.sub(r"[^0-9a-z]", "", pages[0].lower())
    for item in items:
        assert re.sub(r"[^0-9a-z]", "", item["text"].lower())[:40] in page1, f"not on page 1: {item['text']}"
    return brief


def assert_refusals(result: subprocess.CompletedProcess, src: Path, entries) -> None:
    lines = result.stderr.splitlines()
    for e in entries:
        named = [ln for ln in lines if f"skipped {printable(str(src / e.name))}:" in ln]
        if e.refused is None:
            assert not named, f"{e.name} ({e.what}) was skipped: {named}"
        else:
            assert len(named) == 1, f"{e.name} ({e.what}) should be named once as skipped: {lines}"
            assert e.refused in named[0], f"{e.name}: cause should mention {e.refused!r}: {named[0]}"


# ---------------------------------------------------------------------------------------------
# the hostile corpus with the shipped templates


def test_hostile_corpus_builds_from_the_good_parts(hostile_build, corpus):
    out, result, seconds = hostile_build
    src, entries = corpus
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == PARTIAL, result.stderr
    assert_refusals(result, src, entries)
    brief = assert_valid_brief(out)
    read = {Path(s["path"]).name for s in brief["sources"]} | {Path(s["path"].split("#")[0]).name for s in brief["sources"]}
    assert {"good1.txt", "good2.txt"} <= read
    assert seconds < 120, f"the hostile build took {seconds:.0f}s"


def test_hostile_build_makes_no_request(hostile_build, server):
    assert server.requests == [] and server.connections == [], server.requests or server.connections


def test_hostile_outputs_hold_no_canary(hostile_build, canary):
    assert_no_canary(hostile_build[0], canary[1])


def test_hostile_outputs_are_inert(hostile_build, server):
    import markdown

    out = hostile_build[0]
    assert_inert((out / "brief.html").read_text(), server.url, "brief.html")
    assert_inert(markdown.markdown((out / "brief.md").read_text()), server.url, "brief.md rendered")
    reader = PdfReader(str(out / "brief.pdf"))
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A") or {}
            uri = str(action.get("/URI", ""))
            assert not uri.lower().startswith(("file:", "javascript:", "data:")), uri
            assert action.get("/S") in (None, "/URI", "/GoTo"), action


def test_no_control_characters_in_outputs(hostile_build):
    out = hostile_build[0]
    for name in ("brief.md", "brief.html", "brief.json"):
        text = (out / name).read_text()
        bad = {hex(ord(c)) for c in text if (ord(c) < 32 and c not in "\n\t") or ord(c) == 0x7F}
        assert not bad, f"{name}: control characters {bad}"


# ---------------------------------------------------------------------------------------------
# what someone who can write into the source folder plants (issue 14, tests/hostile/planted.py)


def _read_paths(out: Path, src: Path) -> list[tuple[str, ...]]:
    brief = json.loads((out / "brief.json").read_text())
    return [Path(s["path"].split("#")[0]).relative_to(src).parts for s in brief["sources"]]


def test_a_folder_reads_nothing_through_links_and_each_file_once(hostile_build, corpus):
    out, result, _ = hostile_build
    src, _ = corpus
    read = _read_paths(out, src)
    assert all(len(parts) == 1 for parts in read), read  # nothing through loop/, loop2/ or up/
    names = [parts[0] for parts in read]
    assert names.count("good1.txt") == 1 and "again.txt" not in names  # a second name is not a second source
    for name in ("leak.txt", "zero.txt", "pipe.txt", "sparse.txt"):
        assert name not in names, name


def test_names_in_messages_cannot_forge_lines_or_drive_the_terminal(hostile_build, corpus):
    out, result, _ = hostile_build
    src, _ = corpus
    assert all(line.startswith("briefing: ") for line in result.stderr.splitlines()), result.stderr
    assert not any(c in result.stderr + result.stdout for c in "\x1b\x07\r"), result.stderr
    assert f"skipped {printable(str(src / FORGED_NAME))}: binary" in result.stderr


def test_invisible_characters_never_reach_titles_or_metadata(hostile_build):
    out = hostile_build[0]
    brief = json.loads((out / "brief.json").read_text())
    [source] = [s for s in brief["sources"] if s["path"].endswith("invisible.md")]
    assert (source["title"], source["issuer"]) == ("Pier repairs begin", "Port office")
    fields = [brief["title"]] + [s[k] or "" for s in brief["sources"] for k in ("title", "issuer", "kind")]
    assert not [f for f in fields if any(c in f for c in INVISIBLE)]
    title = PdfReader(str(out / "brief.pdf")).metadata.get("/Title", "")
    assert not any(c in title for c in INVISIBLE), repr(title)


def test_a_content_stream_shared_by_300_pages_is_read_once(hostile_build, corpus):
    out, result, _ = hostile_build
    src, _ = corpus
    assert f"{src / 'shared.pdf'}: 299 page(s) repeat the content of an earlier page; read once" in result.stderr
    assert ("shared.pdf",) in _read_paths(out, src)


def test_an_unchanged_rebuild_hashes_no_sparse_file(hostile_build, corpus):
    out, _, _ = hostile_build
    src, _ = corpus
    result, seconds = _build(str(src), "--out", str(out), "--as-of", "2024-11-05")
    assert result.returncode == PARTIAL and result.stdout.startswith("unchanged"), result.stdout + result.stderr
    assert seconds < 30, f"the no-change path took {seconds:.0f}s"  # hashing the 10 GB file took a minute


def test_follow_links_never_reaches_this_machine(workspace, server):
    """A feed file's entries link to this machine in every spelling: with --follow-links none is requested."""
    src = workspace / "follow"
    src.mkdir()
    port = server.server_address[1]
    links = [f"{server.url}/admin/credentials", f"http://localhost:{port}/admin", f"http://0x7f.1:{port}/hex",
             f"http://2130706433:{port}/decimal", f"http://[::ffff:127.0.0.1]:{port}/mapped",
             f"http://127.1:{port}/short", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/"]
    items = "".join(f"<item><title>Notice {i}</title><link>{link}</link><pubDate>Tue, 05 Nov 2024 0{i}:00:00 GMT"
                    f"</pubDate><description>Notice {i}: {PROSE_FOR_FEED}</description></item>" for i, link in enumerate(links))
    (src / "local.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Port</title>{items}'
                                   "</channel></rss>")
    shutil.copy(sorted((ROOT / "seeds").glob("*.txt"))[0], src / "good.txt")
    out = workspace / "out-follow"
    result, _ = _build(str(src), "--out", str(out), "--as-of", "2024-11-05", "--follow-links", "--format", "json,md")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert server.requests == [] and server.connections == [], server.requests or server.connections
    assert "SERVED" not in (out / "brief.json").read_text()
    refused = [ln for ln in result.stderr.splitlines() if "link not followed" in ln]
    assert len(refused) == len(links), result.stderr
    for why in ("a loopback address", "a link-local address"):
        assert any(why in ln for ln in refused), why
    paragraphs = [p["text"] for s in json.loads((out / "brief.json").read_text())["sources"] for p in s["paragraphs"]]
    for i in range(len(links)):  # a refused link leaves its entry with its summary
        assert any(p.startswith(f"Notice {i}:") for p in paragraphs), (i, paragraphs)


PROSE_FOR_FEED = ("The harbour authority said that the ferry service to the northern islands would resume "
                  "within a week, after inspectors cleared the damaged pier for light traffic.")


# ---------------------------------------------------------------------------------------------
# the same sources through a template folder that tries to load URLs and files


def test_user_templates_cannot_fetch_or_read(template_build, server, canary, workspace):
    out, result, entries = template_build
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == PARTIAL, result.stderr
    assert_refusals(result, workspace / "small", entries)
    assert server.requests == [] and server.connections == [], server.requests or server.connections
    assert_no_canary(out, canary[1])
    assert_valid_brief(out)


# ---------------------------------------------------------------------------------------------
# the other commands on the same corpus


def test_sources_and_inspect_never_trace_back(corpus, server):
    src, entries = corpus
    small = [str(src / e.name) for e in entries if e.name not in ("huge.txt", "under.txt") and not e.in_folder_only]
    result = run_cli("sources", *small, timeout=300)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    for e in entries:
        if e.refused and e.name in {Path(p).name for p in small}:
            assert f"skipped {printable(str(src / e.name))}:" in result.stderr, e.name
    for name in ("laughs.rss", "xxe-file.rss", "deep.html", "fake.pdf", "controls.txt"):
        result = run_cli("inspect", str(src / name))
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 3), result.stderr
    assert server.requests == [] and server.connections == []


@pytest.mark.skipif(not (SHARED / "tools" / "check_brief.py").exists(), reason="../shared/tools is not beside the checkout")
def test_hostile_brief_meets_the_contract(hostile_build):
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "check_brief.py"), str(hostile_build[0])],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------
# the pieces, one at a time


def test_hostile_markup_sources_alone_are_cited_and_inert(workspace, server, canary):
    """Only the pages whose text and metadata are markup, so that the brief must cite them."""
    import markdown

    src = workspace / "markup"
    names = ("page.html", "notes.md", "markup.txt", "kind.md", "entries.rss", "controls.txt")
    for e in write_corpus(workspace / "markup-all", server.url, canary[0], big=False):
        if e.name in names:
            src.mkdir(exist_ok=True)
            shutil.copy(workspace / "markup-all" / e.name, src / e.name)
    out = workspace / "out-markup"
    result, _ = _build(str(src), "--out", str(out), "--as-of", "2024-11-05")
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    brief = assert_valid_brief(out)
    cited = {c["source"] for s in brief["sections"] for i in s["items"] for c in i["citations"]}
    paths = {s["id"]: Path(s["path"].split("#")[0]).name for s in brief["sources"]}
    assert {"page.html", "kind.md", "markup.txt"} <= {paths[i] for i in cited}, paths
    assert_inert((out / "brief.html").read_text(), server.url, "brief.html")
    assert_inert(markdown.markdown((out / "brief.md").read_text()), server.url, "brief.md rendered")
    assert_no_canary(out, canary[1])
    assert server.requests == [] and server.connections == []


def test_sentence_splitting_is_linear_on_runs_of_initials():
    from briefing.text.sentences import split_sentences

    start = time.perf_counter()
    split_sentences("A. " * 20_000)  # 60,000 characters: half a minute when it was quadratic
    assert time.perf_counter() - start < 2


def test_a_source_url_cannot_break_out_of_a_markdown_link():
    import markdown

    from briefing.render.templates import web_url

    url = web_url("https://example.org/a)![p](http://127.0.0.1:9/x.png")
    html = markdown.markdown(f"[original]({url}#:~:text=x)")
    assert "<img" not in html and html.count("<a ") == 1, html


def test_the_pdf_fetcher_serves_only_template_files(tmp_path, canary):
    from briefing.render.pdf import MAX_DATA_URL, _fetcher_class

    root = tmp_path / "tpl"
    root.mkdir()
    (root / "a.css").write_text("p { color: red }")
    (root / "out.css").symlink_to(canary[0])
    fetcher = _fetcher_class()([root])
    assert fetcher.fetch((root / "a.css").as_uri()).read() == b"p { color: red }"
    assert fetcher.fetch("data:text/css,p%20%7B%7D").read() == b"p {}"
    refused = [
        "http://127.0.0.1:9/x.css", "https://127.0.0.1:9/x.css", "ftp://127.0.0.1/x", canary[0].as_uri(),
        (root / "out.css").as_uri(), f"file://{root}/../{canary[0].name}", f"file://localhost{canary[0]}",
        "data:text/plain;base64," + "A" * (MAX_DATA_URL + 4), "javascript:alert(1)",
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == len(refused)


def test_templates_cannot_reach_python_internals(tmp_path):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "brief.md.j2").write_text("{{ brief.__class__.__init__.__globals__ }}\n")
    out = tmp_path / "out"
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    result = run_cli("build", str(seed), "--out", str(out), "--format", "md", "--template-dir", str(folder))
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr and "brief.md.j2" in result.stderr
