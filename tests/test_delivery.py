"""`briefing send`, `briefing publish` and `build --send/--publish` against a real SMTP server.

The server is aiosmtpd on 127.0.0.1, started by the tests; TLS uses a self-signed certificate the
tests make (with `cryptography` if it is installed, else the `openssl` command; skipped if neither).
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult  # noqa: E402

from briefing.config.delivery import DeliverySettings, load_delivery, parse_smtp  # noqa: E402
from briefing.errors import ConfigError, UsageError  # noqa: E402
from briefing.write.delivered import SENT_NAME  # noqa: E402

PASSWORD = "s3cret-Pa55-do-not-print"
USER = "brief-bot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    @property
    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]


def check_login(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


@pytest.fixture
def smtp_server():
    """Start an SMTP server on 127.0.0.1 with the given options; stop them all at the end."""
    started = []

    def start(**options):
        inbox = Inbox()
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return inbox, f"127.0.0.1:{port}"

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        _make_cert_with_cryptography(cert, key)
    except ImportError:
        if not shutil.which("openssl"):
            pytest.skip("neither the cryptography package nor the openssl command is here to make a test certificate")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=60,
        )
    return cert, key


def _make_cert_with_cryptography(cert: Path, key: Path) -> None:
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def server_tls(certificate):
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*map(str, certificate))
    return context


def no_login() -> dict:
    return {"BRIEFING_SMTP_USER": "", "BRIEFING_SMTP_PASSWORD": ""}


def login(password: str = PASSWORD) -> dict:
    return {"BRIEFING_SMTP_USER": USER, "BRIEFING_SMTP_PASSWORD": password}


def snapshot(folder: Path) -> dict:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def one_line_error(result, *needles: str) -> None:
    assert result.returncode == 7, (result.returncode, result.stdout, result.stderr)
    err = result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert len(err.splitlines()) == 1, err
    assert result.stdout == ""
    for needle in needles:
        assert needle in err, (needle, err)
    assert PASSWORD not in result.stdout + result.stderr


# --- sending ------------------------------------------------------------------------------------

def test_send_delivers_the_pdf_with_the_markdown_as_text(smtp_server, seeds_build, seeds_brief):
    inbox, server = smtp_server()
    before = snapshot(seeds_build)
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--to", "Chief <chief@example.org>",
                     "--from", "Brief Bot <bot@example.org>", "--smtp", server, env=no_login())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sent: ") and len(result.stdout.splitlines()) == 1
    after = snapshot(seeds_build)
    # the one file sending adds or replaces is its record of what was mailed (issue 14: build --send
    # then does not mail this brief again); the brief, its cache and archive stay as they were
    assert after.pop(SENT_NAME, None) is not None
    before.pop(SENT_NAME, None)
    assert after == before, "sending changed the output folder"

    [envelope] = inbox.envelopes
    assert envelope.mail_from == "bot@example.org"
    assert sorted(envelope.rcpt_tos) == ["chief@example.org", "desk@example.org"]
    [msg] = inbox.messages
    title, as_of = seeds_brief["title"], seeds_brief["as_of"]
    assert msg["Subject"] == f"{title} — {as_of}"
    assert msg["From"] == "Brief Bot <bot@example.org>"
    assert msg["To"] == "desk@example.org, chief@example.org"
    assert email.utils.parsedate_to_datetime(msg["Date"]).tzinfo is not None
    assert msg["Message-ID"]

    body = msg.get_body(preferencelist=("plain",))
    assert body.get_content_type() == "text/plain" and body.get_content_charset() == "utf-8"
    # the page as text (issue 13), not brief.md with its annex and links that do nothing in a mail
    text = body.get_content()
    assert title in text and "[1¶1]" in text and "](#s" not in text and "Source paragraphs" not in text
    assert msg.get_body(preferencelist=("html",)).get_content_type() == "text/html"
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"brief-{as_of}.pdf"
    assert attachment.get_content() == (seeds_build / "brief.pdf").read_bytes()


def test_settings_come_from_the_manifest(smtp_server, seeds_build, tmp_path):
    inbox, server = smtp_server()
    (tmp_path / "briefing.toml").write_text(
        f'[delivery]\nto = ["one@example.org", "two@example.org"]\nfrom = "bot@example.org"\n'
        f'smtp = "{server}"\ntls = "none"\ntimeout = 10\n', encoding="utf-8")
    result = run_cli("send", "--out", str(seeds_build), cwd=tmp_path, env=no_login())
    assert result.returncode == 0, result.stderr
    [envelope] = inbox.envelopes
    assert sorted(envelope.rcpt_tos) == ["one@example.org", "two@example.org"]
    # the command line wins over the manifest
    result = run_cli("send", "--out", str(seeds_build), "--to", "three@example.org", cwd=tmp_path, env=no_login())
    assert result.returncode == 0, result.stderr
    assert inbox.envelopes[1].rcpt_tos == ["three@example.org"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_comes_from_the_environment_and_is_never_shown(smtp_server, seeds_build):
    inbox, server = smtp_server(authenticator=check_login, auth_require_tls=False, auth_required=True)
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", server, env=login())
    assert result.returncode == 0, result.stderr
    assert len(inbox.envelopes) == 1
    assert PASSWORD not in result.stdout + result.stderr


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_refused_credentials(smtp_server, seeds_build):
    inbox, server = smtp_server(authenticator=check_login, auth_require_tls=False, auth_required=True)
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", server,
                     env=login(PASSWORD + "-wrong"))
    one_line_error(result, server, "refused the login", "535")
    assert PASSWORD + "-wrong" not in result.stderr
    assert inbox.envelopes == []


def test_password_is_not_an_option():
    result = run_cli("send", "--password", PASSWORD, "--to", "a@example.org")
    assert result.returncode == 2
    assert PASSWORD not in result.stdout


def test_unreachable_server(seeds_build):
    port = free_port()  # nothing listens there
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", f"127.0.0.1:{port}",
                     env=login())
    one_line_error(result, f"127.0.0.1:{port}", "cannot reach")


def test_silent_server_times_out(seeds_build):
    with socket.socket() as listener:  # accepts connections (backlog) but never says a word
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        start = time.monotonic()
        result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", f"127.0.0.1:{port}",
                         "--timeout", "1", env=no_login())
        elapsed = time.monotonic() - start
    one_line_error(result, "did not answer within 1s")
    assert elapsed < 15


def test_starttls_with_a_trusted_certificate_and_login(smtp_server, seeds_build, certificate):
    inbox, server = smtp_server(tls_context=server_tls(certificate), require_starttls=True,
                                authenticator=check_login, auth_required=True)
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", server,
                     "--tls", "starttls", env={**login(), "SSL_CERT_FILE": str(certificate[0])})
    assert result.returncode == 0, result.stderr
    assert "tls starttls" in result.stdout
    assert len(inbox.envelopes) == 1
    assert PASSWORD not in result.stdout + result.stderr


def test_starttls_with_an_untrusted_certificate_fails(smtp_server, seeds_build, certificate):
    inbox, server = smtp_server(tls_context=server_tls(certificate), require_starttls=True)
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", server,
                     "--tls", "starttls", env=login())
    one_line_error(result, "TLS with", "certificate")
    assert inbox.envelopes == []


def test_starttls_not_offered(smtp_server, seeds_build):
    inbox, server = smtp_server()
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", server,
                     "--tls", "starttls", env=login())
    one_line_error(result, "does not offer STARTTLS")
    assert inbox.envelopes == []


def test_implicit_tls(smtp_server, seeds_build, certificate):
    inbox, server = smtp_server(ssl_context=server_tls(certificate))
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", server, "--tls", "ssl",
                     env={**no_login(), "SSL_CERT_FILE": str(certificate[0])})
    assert result.returncode == 0, result.stderr
    assert len(inbox.envelopes) == 1


def test_implicit_tls_against_a_plain_server_fails(smtp_server, seeds_build):
    inbox, server = smtp_server()
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", server, "--tls", "ssl",
                     "--timeout", "5", env=no_login())
    one_line_error(result, server)
    assert "TLS" in result.stderr or "closed the connection" in result.stderr


def test_password_never_travels_in_clear_to_another_host(seeds_build):
    # 192.0.2.1 is TEST-NET-1: the refusal comes before any connection is tried
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", "--smtp", "192.0.2.1:25",
                     "--tls", "none", env=login())
    one_line_error(result, "refusing to send the SMTP password unencrypted")


def test_missing_brief(tmp_path):
    result = run_cli("send", "--out", str(tmp_path), "--to", "desk@example.org", env=no_login())
    one_line_error(result, str(tmp_path), "no brief here")
    assert list(tmp_path.iterdir()) == []


def test_no_recipients(seeds_build, tmp_path):
    result = run_cli("send", "--out", str(seeds_build), cwd=tmp_path, env=no_login())
    one_line_error(result, "no recipients")


@pytest.mark.parametrize("args, needle", [
    (["--smtp", "mail.example.org:port"], "HOST:PORT"),
    (["--tls", "maybe"], "starttls, ssl, none"),
    (["--to", "not-an-address"], "not an e-mail address"),
])
def test_bad_options_are_usage_errors(seeds_build, args, needle):
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org", *args, env=no_login())
    assert result.returncode == 2, result.stderr
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_half_a_login_is_a_usage_error(seeds_build):
    result = run_cli("send", "--out", str(seeds_build), "--to", "desk@example.org",
                     env={"BRIEFING_SMTP_USER": USER, "BRIEFING_SMTP_PASSWORD": ""})
    assert result.returncode == 2 and "BRIEFING_SMTP_PASSWORD is not set" in result.stderr


# --- the [delivery] table -----------------------------------------------------------------------

def test_load_delivery_reads_every_setting():
    settings = load_delivery({"to": ["a@example.org", "b@example.org"], "from": "bot@example.org",
                              "smtp": "mail.example.org:587", "tls": "starttls", "timeout": 12})
    assert settings == DeliverySettings(to=("a@example.org", "b@example.org"), sender="bot@example.org",
                                        smtp_host="mail.example.org", smtp_port=587, tls="starttls", timeout=12.0)


def test_load_delivery_lists_every_problem_at_once():
    with pytest.raises(ConfigError) as caught:
        load_delivery({"to": "nobody", "smtp": "x:y", "tls": "tls", "timeout": -1, "password": "p", "colour": 1})
    message = caught.value.message
    for needle in ("colour: unknown setting", "password: the SMTP login comes from", "'nobody'", "HOST:PORT", "'tls'", "timeout"):
        assert needle in message, (needle, message)
    assert len(caught.value.problems) == 6


@pytest.mark.parametrize("port, host, mode", [(465, "mail.example.org", "ssl"), (587, "mail.example.org", "starttls"),
                                              (25, "localhost", "none"), (25, "127.0.0.1", "none"),
                                              (25, "mail.example.org", "starttls")])
def test_default_tls_mode(port, host, mode):
    assert DeliverySettings(smtp_host=host, smtp_port=port).tls_mode == mode


def test_parse_smtp():
    assert parse_smtp("mail.example.org") == ("mail.example.org", 25)
    assert parse_smtp("[::1]:2525") == ("::1", 2525)
    with pytest.raises(UsageError):
        parse_smtp("mail.example.org:70000")


def test_credentials_never_in_repr():
    from briefing.deliver.mail import credentials_from_env

    creds = credentials_from_env({"BRIEFING_SMTP_USER": USER, "BRIEFING_SMTP_PASSWORD": PASSWORD})
    assert PASSWORD not in repr(creds) and USER in repr(creds)


# --- publishing ---------------------------------------------------------------------------------

def test_publish_copies_the_brief_under_dated_names(seeds_build, seeds_brief, tmp_path):
    dest = tmp_path / "share" / "briefs"
    for _ in range(2):  # a second publish of the same brief replaces, it does not pile up
        result = run_cli("publish", str(dest), "--out", str(seeds_build))
        assert result.returncode == 0, result.stderr
    as_of = seeds_brief["as_of"]
    names = sorted(p.name for p in dest.iterdir() if p.name.startswith("brief-"))  # beside latest.*, index, feed
    assert names == sorted(f"brief-{as_of}.{ext}" for ext in ("pdf", "md", "html", "json"))
    for ext in ("pdf", "md", "html", "json"):
        assert (dest / f"brief-{as_of}.{ext}").read_bytes() == (seeds_build / f"brief.{ext}").read_bytes()
    assert result.stdout.startswith("published: ") and len(result.stdout.splitlines()) == 1


def test_publish_into_an_unwritable_place(seeds_build, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("publish", str(blocker / "briefs"), "--out", str(seeds_build))
    one_line_error(result, "publish", str(blocker))
    assert blocker.read_text() == "not a folder"


def test_publish_without_a_brief(tmp_path):
    result = run_cli("publish", str(tmp_path / "share"), "--out", str(tmp_path))
    one_line_error(result, "no brief here")
    assert not (tmp_path / "share").exists()


# --- build --send --publish ---------------------------------------------------------------------

def test_build_sends_and_publishes_only_what_changed(smtp_server, tmp_path):
    inbox, server = smtp_server()
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "briefing.toml").write_text(f'[[source]]\npath = "seeds"\n\n[delivery]\nto = ["desk@example.org"]\nsmtp = "{server}"\n', encoding="utf-8")
    first = run_cli("build", "--send", "--publish", "share", cwd=tmp_path, env=no_login())
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("built: ") and lines[1].startswith("published: ") and lines[2].startswith("sent: ")
    assert len(inbox.envelopes) == 1
    [msg] = inbox.messages
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content() == (tmp_path / "output" / "brief.pdf").read_bytes()
    assert len(list((tmp_path / "share").glob("brief-*.pdf"))) == 1

    second = run_cli("build", "--send", cwd=tmp_path, env=no_login())
    assert second.returncode == 0, second.stderr
    # an unchanged brief (Report.status "unchanged", from the build cache) is not sent again
    expected = 1 if second.stdout.startswith("unchanged") else 2
    assert len(inbox.envelopes) == expected


def test_build_send_failure_keeps_the_brief(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    port = free_port()
    (tmp_path / "briefing.toml").write_text(f'[[source]]\npath = "seeds"\n\n[delivery]\nto = ["desk@example.org"]\nsmtp = "127.0.0.1:{port}"\n', encoding="utf-8")
    result = run_cli("build", "--send", "--format", "pdf,json", cwd=tmp_path, env=no_login())
    assert result.returncode == 7, result.stderr
    assert result.stdout.startswith("built: ")
    assert "cannot reach" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (tmp_path / "output" / "brief.pdf").stat().st_size > 500


def test_a_bad_delivery_table_stops_the_build_before_it_runs(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "briefing.toml").write_text(
        '[[source]]\npath = "seeds"\n\n[delivery]\nto = ["nobody"]\nsmtp = "x:y"\npassword = "hunter2-in-a-file"\n',
        encoding="utf-8")
    result = run_cli("build", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "briefing: error: briefing.toml:5: [delivery] to: 'nobody' is not an e-mail address",
        "briefing: error: briefing.toml:6: [delivery] smtp: 'x:y' is not HOST:PORT",
        "briefing: error: briefing.toml:7: [delivery] password: the SMTP login comes from "
        "BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD only, never from a file",
    ]
    assert "hunter2-in-a-file" not in result.stderr
    assert not (tmp_path / "output").exists()
    sent = run_cli("send", "--to", "desk@example.org", cwd=tmp_path, env=no_login())
    assert sent.returncode == 2 and "[delivery] smtp" in sent.stderr
