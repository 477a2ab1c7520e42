"""Issue 14 over whole runs: delivery that remembers, redirects that may not lead to this machine,
SIGTERM, and titles that reach headers and metadata.

A real SMTP server (aiosmtpd) and real HTTP servers on 127.0.0.1; the CLI as a separate process.
"""

from __future__ import annotations

import email
import email.policy
import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from briefing.config.engine import STORE_NAME
from briefing.errors import FetchError
from briefing.read import ReadOptions
from briefing.read.fetch import fetch
from briefing.write import lock
from conftest import ROOT, SEEDS, loopback_server, run_cli
from hostile.planted import INVISIBLE

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402

NO_LOGIN = {"BRIEFING_SMTP_USER": "", "BRIEFING_SMTP_PASSWORD": ""}


class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001, ANN201
        self.envelopes.append(envelope)
        return "250 OK"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def project(tmp_path) -> tuple[Path, int]:
    """The seeds and a briefing.toml that mails to 127.0.0.1:PORT, where nothing listens yet."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    port = _free_port()
    (tmp_path / "briefing.toml").write_text(f'[[source]]\npath = "seeds"\n\n[delivery]\nto = ["desk@example.org"]\n'
                                            f'smtp = "127.0.0.1:{port}"\ntimeout = 10\n', encoding="utf-8")
    return tmp_path, port


def _serve(port: int):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return inbox, controller


# --- delivery remembers (finding 5) ----------------------------------------------------------------

def test_a_brief_that_could_not_be_sent_is_sent_by_the_next_run(project):
    work, port = project
    first = run_cli("build", "--send", "--format", "pdf,md,json", cwd=work, env=NO_LOGIN)
    assert first.returncode == 7 and first.stdout.startswith("built: "), first.stderr
    inbox, controller = _serve(port)
    try:
        second = run_cli("build", "--send", "--format", "pdf,md,json", cwd=work, env=NO_LOGIN)
        assert second.returncode == 0, second.stderr
        assert second.stdout.startswith("unchanged") and "\nsent: " in second.stdout, second.stdout
        assert len(inbox.envelopes) == 1
        third = run_cli("build", "--send", "--format", "pdf,md,json", cwd=work, env=NO_LOGIN)
        assert third.returncode == 0 and "sent: " not in third.stdout, third.stdout
        assert len(inbox.envelopes) == 1  # sent once
    finally:
        controller.stop()


def test_a_run_that_failed_to_write_its_cache_is_rebuilt_and_sent(project):
    work, port = project
    out = work / "output"
    out.mkdir()
    blocker = out / ".briefing-cache.json"
    blocker.mkdir()  # the cache cannot be written where a folder stands
    (blocker / "x").write_text("x")
    failed = run_cli("build", "--send", "--format", "pdf,md,json", cwd=work, env=NO_LOGIN)
    assert failed.returncode == 5 and "the brief is written, but not the cache" in failed.stderr, failed.stderr
    assert (out / "brief.pdf").is_file()
    shutil.rmtree(blocker)
    inbox, controller = _serve(port)
    try:
        again = run_cli("build", "--send", "--format", "pdf,md,json", cwd=work, env=NO_LOGIN)
        assert again.returncode == 0, again.stderr
        assert len(inbox.envelopes) == 1, again.stdout
        assert (out / ".briefing-cache.json").is_file()
    finally:
        controller.stop()


def test_send_remembers_so_build_send_does_not_send_twice(project):
    work, port = project
    assert run_cli("build", "--format", "pdf,md,json", cwd=work).returncode == 0
    inbox, controller = _serve(port)
    try:
        assert run_cli("send", cwd=work, env=NO_LOGIN).returncode == 0
        result = run_cli("build", "--send", "--format", "pdf,md,json", cwd=work, env=NO_LOGIN)
        assert result.returncode == 0 and "sent: " not in result.stdout
        assert run_cli("send", cwd=work, env=NO_LOGIN).returncode == 0  # asked for: sent again
        assert len(inbox.envelopes) == 2
    finally:
        controller.stop()


# --- titles that reach headers and metadata (finding 14) -------------------------------------------

def test_control_and_invisible_characters_never_reach_the_subject_or_metadata(project):
    work, port = project
    (work / "briefing.toml").write_text(
        '[brief]\ntitle = "\\u0000Amara\\u001b]0;pwned\\u0007 \\u202emorning\\u200b brief\\r\\nBcc: x@example.org"\n'
        + (work / "briefing.toml").read_text(), encoding="utf-8")
    result = run_cli("build", "--format", "pdf,md,html,json", cwd=work)
    assert result.returncode == 0, result.stderr
    expected = "Amara]0;pwned morning brief Bcc: x@example.org"
    html = (work / "output" / "brief.html").read_text()
    assert f"<title>{expected}" in html
    from pypdf import PdfReader

    assert PdfReader(str(work / "output" / "brief.pdf")).metadata["/Title"].startswith(expected)
    inbox, controller = _serve(port)
    try:
        assert run_cli("send", cwd=work, env=NO_LOGIN).returncode == 0
        [envelope] = inbox.envelopes
    finally:
        controller.stop()
    msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert msg["Subject"].startswith(expected) and msg["Bcc"] is None
    assert not any(c in envelope.content.decode("utf-8", "replace") for c in "\x00\x1b\x07" + INVISIBLE)


# --- redirects from a URL the user named (finding 3) -----------------------------------------------

class _Redirects(BaseHTTPRequestHandler):
    def log_message(self, *args):  # noqa: ANN002
        pass

    def do_GET(self):  # noqa: N802
        self.server.seen.append(self.path)
        other = self.server.other
        targets = {"/elsewhere": f"http://localhost:{other}/secret", "/metadata": "http://169.254.169.254/latest/",
                   "/same": "/page"}
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"The page the user named, on the host the user named."
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_redirects_may_not_lead_to_another_local_host(monkeypatch):
    with loopback_server(_Redirects, monkeypatch) as secret, loopback_server(_Redirects, monkeypatch) as named:
        named.other = secret.server_port
        assert fetch(named.base + "/same", ReadOptions(timeout=5)).data.startswith(b"The page")  # the user's host
        for path, why in (("/elsewhere", "a loopback address"), ("/metadata", "a link-local address")):
            with pytest.raises(FetchError, match=f"not fetched: .*{why}"):
                fetch(named.base + path, ReadOptions(timeout=5))
        assert secret.seen == []
        with pytest.raises(FetchError, match="not fetched: 127.0.0.1 is a loopback address"):
            fetch(named.base + "/same", ReadOptions(timeout=5), named=False)  # a link from content
        assert named.seen == ["/same", "/page", "/elsewhere", "/metadata"]


@pytest.mark.parametrize("address, why", [
    ("10.0.0.1", "a private address"), ("172.16.0.1", "a private address"), ("192.168.1.1", "a private address"),
    ("100.64.0.1", "not a public address"), ("224.0.0.1", "a multicast address"), ("0.0.0.0", "an unspecified address"),
    ("169.254.169.254", "a link-local address"), ("127.0.0.2", "a loopback address"), ("::1", "a loopback address"),
    ("fd00:ec2::254", "a private address"), ("fe80::1%lo", "a link-local address"), ("ff02::1", "a multicast address"),
    ("::", "an unspecified address"), ("::ffff:10.0.0.1", "a private address"), ("2002:7f00:1::", "a loopback address"),
])
def test_every_kind_of_address_the_readme_names_is_refused(address, why):
    # the README's list for URLs from content: loopback, private, shared (100.64/10), link-local,
    # multicast, reserved and unspecified, IPv4 inside IPv6 too
    from briefing.read.guard import why_not_public

    assert why_not_public(address) == why
    assert why_not_public("93.184.216.34") is None and why_not_public("2606:4700::1111") is None


# --- SIGTERM (finding 14) ---------------------------------------------------------------------------

def test_sigterm_ends_a_build_with_one_line_and_leaves_the_outputs_whole(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(60):  # enough sources that the build is still running when it is told to stop
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text().replace("the", f"the {i}", 1)
            (src / f"{i:03d}-{seed.name}").write_text(text)
    out = tmp_path / "out"
    assert run_cli("build", str(SEEDS), "--out", str(out), timeout=300).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(src), "--out", str(out)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until it holds the lock
        if (out / lock.LOCK_NAME).exists() and (out / lock.LOCK_NAME).read_text().startswith(f"pid {proc.pid} "):
            break
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 143, stderr
    assert stderr == "briefing: terminated\n" and stdout == ""
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after.keys() - {lock.LOCK_NAME} == before.keys() - {lock.LOCK_NAME}  # no temporary file left
    # the per-source store keeps what the stopped build computed (issue 16), committed as it came
    assert all(after[name] == data for name, data in before.items() if name not in (lock.LOCK_NAME, STORE_NAME))
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open(out / lock.LOCK_NAME, "rb+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released
