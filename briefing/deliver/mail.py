"""Delivery: e-mail the latest brief over SMTP, or publish it to a distribution folder.

The settings (``config.delivery.DeliverySettings``) come from ``[delivery]`` in ``briefing.toml``
with command-line overrides; the SMTP user and password only ever come from the environment
(BRIEFING_SMTP_USER, BRIEFING_SMTP_PASSWORD) and are never part of a message, a setting object's
repr or an error. Every fault is a DeliveryError
(exit 7) on one line, and neither sending nor a failed publish changes anything on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Mapping

from briefing.config.delivery import PASSWORD_ENV, USER_ENV, DeliverySettings, is_loopback
from briefing.errors import DeliveryError, UsageError
from briefing.write.atomic import write_files

PUBLISHED = ("pdf", "md", "html", "json")


@dataclass(frozen=True)
class Credentials:
    """The SMTP login, read from the environment; the password never shows in a repr."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class LatestBrief:
    """The brief files in an output folder, with the title and date that name them."""

    folder: Path
    title: str
    as_of: str
    pdf: Path | None
    md: Path | None


@dataclass(frozen=True)
class SendResult:
    """What was sent, to whom, through which server."""

    subject: str
    recipients: tuple[str, ...]
    server: str
    tls: str
    attachment: str
    size: int


# --- the login ----------------------------------------------------------------------------------

def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The SMTP login from BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD, or None for no login."""
    environ = os.environ if environ is None else environ
    user, password = environ.get(USER_ENV, ""), environ.get(PASSWORD_ENV, "")
    if not user and not password:
        return None
    if not user or not password:
        missing = USER_ENV if not user else PASSWORD_ENV
        raise UsageError(f"{missing} is not set: set both {USER_ENV} and {PASSWORD_ENV}, or neither")
    return Credentials(user, password)


# --- the brief ----------------------------------------------------------------------------------

def latest_brief(folder: Path) -> LatestBrief:
    """The brief last built into ``folder``, named by its brief.json."""
    meta = folder / "brief.json"
    if not folder.is_dir():
        raise DeliveryError(f"{folder}: no such folder; build the brief first (briefing build --out {folder})")
    if not meta.is_file():
        raise DeliveryError(f"{folder}: no brief here (brief.json is missing); build it with `briefing build --out {folder}`")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        title, as_of = str(data["title"]), str(data["as_of"])
        dt.date.fromisoformat(as_of)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise DeliveryError(f"{meta}: not a readable brief ({type(exc).__name__}: {exc})") from None
    pdf, md = folder / "brief.pdf", folder / "brief.md"
    return LatestBrief(folder, title, as_of, pdf if pdf.is_file() else None, md if md.is_file() else None)


def compose(brief: LatestBrief, settings: DeliverySettings, now: dt.datetime) -> EmailMessage:
    """The e-mail: the Markdown brief as its text, the PDF attached, subject from title and date."""
    if not settings.to:
        raise DeliveryError("no recipients: give --to ADDRESS or set to = [...] under [delivery] in briefing.toml")
    if brief.pdf is None:
        raise DeliveryError(f"{brief.folder}: brief.pdf is missing; build it with --format pdf")
    try:
        pdf = brief.pdf.read_bytes()
        body = brief.md.read_text(encoding="utf-8") if brief.md else f"{brief.title}\nAs of {brief.as_of}\n\nThe brief is attached as a PDF.\n"
    except (OSError, UnicodeDecodeError) as exc:
        raise DeliveryError(f"{brief.folder}: cannot read the brief: {exc}") from None
    sender = settings.sender or f"briefing@{socket.gethostname() or 'localhost'}"
    msg = EmailMessage()
    msg["Subject"] = f"{brief.title} — {brief.as_of}"
    msg["From"] = sender
    msg["To"] = ", ".join(settings.to)
    msg["Date"] = formatdate(now.timestamp(), localtime=True)
    msg["Message-ID"] = make_msgid("brief", domain=sender.rpartition("@")[2].strip("> ") or None)
    msg.set_content(body, subtype="plain", charset="utf-8")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"brief-{brief.as_of}.pdf")
    return msg


# --- sending ------------------------------------------------------------------------------------

def send(folder: Path, settings: DeliverySettings, credentials: Credentials | None = None,
         now: dt.datetime | None = None) -> SendResult:
    """E-mail the latest brief in ``folder`` to ``settings.to``; one DeliveryError on any fault."""
    brief = latest_brief(folder)
    msg = compose(brief, settings, now or dt.datetime.now(dt.timezone.utc))
    tls = settings.tls_mode
    if credentials and tls == "none" and not is_loopback(settings.smtp_host):
        raise DeliveryError(f"refusing to send the SMTP password unencrypted to {settings.server}; use --tls starttls or ssl")
    try:
        _deliver(msg, settings, credentials, tls)
    except DeliveryError as exc:
        raise DeliveryError(_scrub(exc.message, credentials)) from None
    return SendResult(
        subject=str(msg["Subject"]), recipients=settings.to, server=settings.server, tls=tls,
        attachment=f"brief-{brief.as_of}.pdf", size=brief.pdf.stat().st_size if brief.pdf else 0,
    )


def _deliver(msg: EmailMessage, settings: DeliverySettings, credentials: Credentials | None, tls: str) -> None:
    server, host, port, timeout = settings.server, settings.smtp_host, settings.smtp_port, settings.timeout
    context = ssl.create_default_context()  # verifies the certificate and host name; SSL_CERT_FILE adds a CA
    try:
        if tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            client.ehlo()
            if tls == "starttls":
                if not client.has_extn("starttls"):
                    raise DeliveryError(f"{server} does not offer STARTTLS; use --tls ssl, or --tls none to send in clear")
                client.starttls(context=context)
                client.ehlo()
            if credentials:
                if not client.has_extn("auth"):
                    raise DeliveryError(f"{server} offers no login (AUTH) on this connection; many servers offer it "
                                        f"only over TLS (--tls starttls), or unset {USER_ENV} and {PASSWORD_ENV}")
                client.login(credentials.user, credentials.password)
            refused = client.send_message(msg)
    except DeliveryError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"{server} refused the login of {credentials.user if credentials else '?'}: {_reply(exc)}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        who = ", ".join(f"{a} ({_reply_of(*r)})" for a, r in sorted(exc.recipients.items()))
        raise DeliveryError(f"{server} refused every recipient: {who}") from None
    except smtplib.SMTPSenderRefused as exc:
        raise DeliveryError(f"{server} refused the sender {exc.sender}: {_reply(exc)}") from None
    except smtplib.SMTPDataError as exc:
        raise DeliveryError(f"{server} refused the message: {_reply(exc)}") from None
    except smtplib.SMTPConnectError as exc:
        raise DeliveryError(f"cannot reach the SMTP server {server}: {_reply(exc)}") from None
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib reports a read time-out as a disconnect
            raise DeliveryError(f"the SMTP server {server} did not answer within {settings.timeout:g}s") from None
        raise DeliveryError(f"{server} closed the connection ({exc or 'no reason given'}); check --smtp and --tls") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{server} answered {_reply(exc)}") from None
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"SMTP with {server} failed: {exc}") from None
    except ssl.SSLError as exc:  # before OSError: it is one
        raise DeliveryError(f"TLS with {server} failed: {getattr(exc, 'verify_message', None) or exc.reason or exc}") from None
    except TimeoutError:
        raise DeliveryError(f"the SMTP server {server} did not answer within {settings.timeout:g}s") from None
    except OSError as exc:
        raise DeliveryError(f"cannot reach the SMTP server {server}: {exc.strerror or exc}") from None
    if refused:
        who = ", ".join(f"{a} ({_reply_of(*r)})" for a, r in sorted(refused.items()))
        raise DeliveryError(f"sent, but {server} refused some recipients: {who}")


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_of(exc.smtp_code, exc.smtp_error)


def _reply_of(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _scrub(text: str, credentials: Credentials | None) -> str:
    """Never let the password through, even if a server echoes it."""
    if credentials and credentials.password:
        text = text.replace(credentials.password, "********")
    return text


# --- publishing ---------------------------------------------------------------------------------

def publish(folder: Path, dest: Path) -> list[Path]:
    """Copy the latest brief to ``dest`` under dated names (brief-2024-11-05.pdf, ...), atomically.

    Every file is written to a temporary name first and then renamed: a failure leaves ``dest`` as
    it was, and a reader of ``dest`` never sees half a file.
    """
    brief = latest_brief(folder)
    files: dict[str, bytes] = {}
    try:
        for ext in PUBLISHED:
            src = folder / f"brief.{ext}"
            if src.is_file():
                files[f"brief-{brief.as_of}.{ext}"] = src.read_bytes()
    except OSError as exc:
        raise DeliveryError(f"{folder}: cannot read the brief: {exc.strerror or exc}") from None
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeliveryError(f"publish: {dest}: cannot create the folder: {exc.strerror or exc}") from None
    try:
        return write_files(dest, files)
    except OSError as exc:
        raise DeliveryError(f"publish: {dest}: cannot write the brief: {exc.strerror or exc}") from None
