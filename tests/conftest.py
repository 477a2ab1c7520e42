"""Shared fixtures: the seeds, the CLI as a user runs it, and golden-file comparison.

Regenerate golden files with: python -m pytest --update-golden
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from this run")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def golden(update_golden):
    """Compare text with a golden file (or rewrite it with --update-golden)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update_golden or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update_golden:
                pytest.fail(f"golden file {name} was missing and has been written: review and commit it")
        assert text == path.read_text(encoding="utf-8"), f"{name} differs: run pytest --update-golden and review the diff"

    return check


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `briefing` as a user would (a separate process), capturing output and exit code."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("SOURCE_DATE_EPOCH", None) if env is None or "SOURCE_DATE_EPOCH" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], cwd=cwd or ROOT, env=full_env,
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """The seeds built once for the whole session (A4)."""
    out = tmp_path_factory.mktemp("seeds-out")
    result = run_cli("build", str(SEEDS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    check_schema(out / "brief.json")
    return out


def check_schema(path: Path) -> None:
    """Validate a brief.json a build wrote against the schema shipped in the package."""
    import jsonschema

    from briefing.render.brief_json import schema_text

    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), json.loads(schema_text()),
                        cls=jsonschema.Draft202012Validator, format_checker=jsonschema.FormatChecker())


@pytest.fixture(autouse=True)
def _built_briefs_follow_the_schema(request):
    """After each test, every brief.json a build wrote under its tmp_path (published and archived
    copies too) must validate against brief.schema.json."""
    if "tmp_path" not in request.fixturenames:
        yield
        return
    tmp_path = request.getfixturevalue("tmp_path")  # set up before this fixture, so torn down after it
    yield
    for path in tmp_path.rglob("brief*.json"):
        try:
            written = json.loads(path.read_text(encoding="utf-8")).get("generator", "").startswith("briefing ")
        except (OSError, ValueError, RecursionError, AttributeError):
            continue  # a test's own broken file
        if written:
            check_schema(path)


@pytest.fixture(scope="session")
def seeds_brief(seeds_build) -> dict:
    return json.loads((seeds_build / "brief.json").read_text())


PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@contextlib.contextmanager
def loopback_server(handler, monkeypatch):
    """Serve ``handler`` on 127.0.0.1 (a free port) in a thread; no proxy may intercept it.

    The server records nothing itself: handlers append to ``httpd.seen``. ``httpd.base`` is its URL.
    """
    from http.server import ThreadingHTTPServer

    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.seen = []
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


class EndlessGreeting:
    """What ``endless_greeting_smtp`` gives a test: the address and how many bytes were sent."""

    def __init__(self, address: str) -> None:
        self.address = address  # "127.0.0.1:PORT", for --smtp
        self.bytes_sent = 0


@pytest.fixture
def endless_greeting_smtp():
    """A hostile SMTP server on 127.0.0.1 (issue 14, finding 9): its greeting never ends.

    Every connection gets "220-" continuation lines of 1 KB, 64 at a time, without pause, for as
    long as the client reads them: each line arrives in time, so a per-read timeout never fires.
    """
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)
    stop = threading.Event()
    server = EndlessGreeting(f"127.0.0.1:{listener.getsockname()[1]}")
    chunk = (b"220-" + b"x" * 1018 + b"\r\n") * 64

    def talk(conn) -> None:
        with conn:
            try:
                while not stop.is_set():
                    conn.sendall(chunk)
                    server.bytes_sent += len(chunk)
            except OSError:
                pass  # the client gave up: that is what a client should do

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=talk, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
