"""fetch.py against a real HTTP server on 127.0.0.1 (started here; nothing reaches the internet)."""

from __future__ import annotations

import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from conftest import loopback_server

from briefing.errors import FetchError, SourceError
from briefing.read import ReadOptions
from briefing.read import read_url
from briefing.read.fetch import FetchResult, fetch, suffix_for

ETAG = '"v1-abc"'
LAST_MODIFIED = "Tue, 01 Oct 2024 10:00:00 GMT"
PAGE = b"The first paragraph of the page.\n\nThe second paragraph of the page.\n"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # close-delimited bodies: a response may omit Content-Length

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=(), length=True):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - one route table
        server = self.server
        server.seen.append((self.path, dict(self.headers.items())))
        path = self.path
        if path == "/etag":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            self._send(200, b"body with an etag", headers=[("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)])
        elif path == "/lastmod":
            if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, b"body with a date", headers=[("Last-Modified", LAST_MODIFIED)])
        elif path == "/missing":
            self._send(404, b"nope")
        elif path == "/slow-headers":
            server.release.wait(5)
            self._send(200, b"late")
        elif path == "/slow-body":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 10)
            self.wfile.flush()
            server.release.wait(5)
        elif path == "/big":
            self._send(200, b"x" * 100_000)
        elif path == "/big-stream":
            self._send(200, b"y" * 100_000, length=False)
        elif path == "/loop":
            self._send(302, headers=[("Location", "/loop")])
        elif path == "/r1":
            self._send(301, headers=[("Location", "/r2")])
        elif path == "/r2":
            self._send(302, headers=[("Location", f"http://127.0.0.1:{server.server_port}/page.txt")])
        elif path == "/to-file":
            self._send(302, headers=[("Location", "file:///etc/passwd")])
        elif path == "/page.txt":
            self._send(200, PAGE)
        elif path == "/notes":
            self._send(200, b"# Notes\n\nA *Markdown* paragraph.\n", ctype="text/markdown")
        else:
            self._send(404, b"unknown")


@pytest.fixture()
def server(monkeypatch):
    with loopback_server(_Handler, monkeypatch) as httpd:
        httpd.release = threading.Event()
        try:
            yield httpd
        finally:
            httpd.release.set()


def test_ok_with_validators_and_user_agent(server):
    options = ReadOptions(user_agent="briefing-test/1.0")
    result = fetch(server.base + "/etag", options)
    assert isinstance(result, FetchResult)
    assert result.status == 200 and result.data == b"body with an etag"
    assert result.etag == ETAG and result.last_modified == LAST_MODIFIED
    assert result.from_cache is False
    assert result.url == server.base + "/etag"
    assert result.suffix == ".txt"
    assert server.seen[-1][1]["User-Agent"] == "briefing-test/1.0"


def test_conditional_request_and_304_from_cache(server, tmp_path):
    cache = tmp_path / "cache"
    options = ReadOptions(cache_dir=str(cache))
    first = fetch(server.base + "/etag", options)
    assert not first.from_cache
    assert "If-None-Match" not in server.seen[-1][1]
    files = os.listdir(cache)
    assert len(files) == 1 and not files[0].startswith(".tmp")  # written atomically, no temp left

    second = fetch(server.base + "/etag", options)
    assert server.seen[-1][1].get("If-None-Match") == ETAG
    assert server.seen[-1][1].get("If-Modified-Since") == LAST_MODIFIED
    assert second.from_cache is True
    assert second.status == 304
    assert second.data == first.data
    assert second.content_type == first.content_type
    assert second.etag == ETAG


def test_if_modified_since_only(server, tmp_path):
    options = ReadOptions(cache_dir=str(tmp_path))
    fetch(server.base + "/lastmod", options)
    again = fetch(server.base + "/lastmod", options)
    assert server.seen[-1][1].get("If-Modified-Since") == LAST_MODIFIED
    assert "If-None-Match" not in server.seen[-1][1]
    assert again.from_cache and again.data == b"body with a date"


def test_no_cache_dir_means_no_conditional_headers(server):
    fetch(server.base + "/etag", ReadOptions())
    fetch(server.base + "/etag", ReadOptions())
    assert all("If-None-Match" not in headers for _, headers in server.seen)


def test_corrupt_cache_entry_is_ignored(server, tmp_path):
    options = ReadOptions(cache_dir=str(tmp_path))
    fetch(server.base + "/etag", options)
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(b"{not json\nrubbish")
    result = fetch(server.base + "/etag", options)
    assert not result.from_cache and result.data == b"body with an etag"
    assert "If-None-Match" not in server.seen[-1][1]


def test_404(server):
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/missing", ReadOptions())
    assert info.value.cause == "HTTP 404 Not Found"
    assert info.value.origin == server.base + "/missing"
    assert isinstance(info.value, SourceError)


def test_slow_headers_time_out(server):
    start = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/slow-headers", ReadOptions(timeout=0.5))
    assert info.value.cause == "timed out after 0.5 s"
    assert time.monotonic() - start < 3


def test_slow_body_times_out(server):
    start = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/slow-body", ReadOptions(timeout=0.5))
    assert info.value.cause == "timed out after 0.5 s"
    assert time.monotonic() - start < 3


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_size_cap(server, path):
    with pytest.raises(FetchError) as info:
        fetch(server.base + path, ReadOptions(max_bytes=1000))
    assert info.value.cause == "response larger than 1,000 bytes"


def test_size_cap_allows_exact_size(server):
    result = fetch(server.base + "/page.txt", ReadOptions(max_bytes=len(PAGE)))
    assert result.data == PAGE


def test_redirect_loop(server):
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/loop", ReadOptions(max_redirects=3))
    assert info.value.cause == "too many redirects"
    assert sum(path == "/loop" for path, _ in server.seen) == 4  # the request and 3 redirects


def test_redirects_followed_to_final_url(server):
    result = fetch(server.base + "/r1", ReadOptions())
    assert result.url == server.base + "/page.txt"
    assert result.data == PAGE
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(server.base + "/r1", ReadOptions(max_redirects=1))


def test_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/to-file", ReadOptions())
    assert info.value.cause == "only http and https URLs are read"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "data:,hi"])
def test_only_http_and_https(url):
    with pytest.raises(FetchError) as info:
        fetch(url, ReadOptions())
    assert info.value.cause == "only http and https URLs are read"


def test_connection_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/", ReadOptions(timeout=2))
    assert info.value.cause == "connection refused"


def test_host_not_found(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError) as info:
        fetch("http://no-such-host.invalid/feed", ReadOptions())
    assert info.value.cause == "host not found"


def test_malformed_urls():
    for url in ("http://", "http://host:99999/", "http://host/a\r\nX-Injected: 1"):
        with pytest.raises(FetchError):
            fetch(url, ReadOptions())


def test_error_messages_are_one_line(server):
    with pytest.raises(FetchError) as info:
        fetch(server.base + "/missing", ReadOptions())
    assert "\n" not in info.value.message


@pytest.mark.parametrize(
    ("ctype", "url", "suffix"),
    [
        ("text/html; charset=utf-8", "https://x/a", ".html"),
        ("application/xhtml+xml", "https://x/a", ".html"),
        ("application/pdf", "https://x/download?id=3", ".pdf"),
        ("application/rss+xml", "https://x/feed", ".xml"),
        ("application/atom+xml", "https://x/feed", ".xml"),
        ("application/xml", "https://x/feed", ".xml"),
        ("text/xml", "https://x/feed", ".xml"),
        ("TEXT/PLAIN", "https://x/a", ".txt"),
        ("application/octet-stream", "https://x/report.pdf", ".pdf"),
        (None, "https://x/page.htm", ".html"),
        (None, "https://x/page.php", ""),
    ],
)
def test_suffix_for(ctype, url, suffix):
    assert suffix_for(ctype, url) == suffix


def test_read_url_sets_final_url(server):
    docs = read_url(server.base + "/r1", ReadOptions())
    assert len(docs) == 1
    doc = docs[0]
    assert doc.url == server.base + "/page.txt"
    assert doc.origin == server.base + "/r1"
    assert [b.text for b in doc.blocks] == ["The first paragraph of the page.", "The second paragraph of the page."]


def test_read_url_chooses_reader_by_content_type(server):
    (doc,) = read_url(server.base + "/notes", ReadOptions())
    assert doc.format == "markdown"  # the URL has no suffix; text/markdown suggests .md
    assert doc.blocks[0].heading and doc.blocks[0].text == "Notes"
    assert doc.url == server.base + "/notes"


def test_read_url_failure_is_a_fetch_error(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        read_url(server.base + "/missing", ReadOptions())
