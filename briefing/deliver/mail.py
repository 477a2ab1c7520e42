"""Delivery by mail: the latest brief as a message that reads well, sent over SMTP (smtp.py).

The message is ``multipart/alternative``: an HTML part (the brief's page without its annex,
citations linking to the originals where they have a URL) and a plain-text part (the page as
text, plain [2¶3] markers, the sources with their URLs), with the PDF (and the DOCX, when built)
attached. The settings (``config.delivery.DeliverySettings``) come from ``[delivery]`` in
``briefing.toml`` with command-line overrides; the SMTP user and password only ever come from the
environment (BRIEFING_SMTP_USER, BRIEFING_SMTP_PASSWORD) and are never part of a message, a
setting object's repr or an error. Headers are built only from cleaned values (text/safe.py):
no line break or invisible character of a title or a display name reaches them. Every fault is a
DeliveryError (exit 7) on one line, and sending changes nothing on disk.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path
from typing import Mapping

from briefing.config.delivery import PASSWORD_ENV, USER_ENV, DeliverySettings, is_loopback
from briefing.deliver.latest import LatestBrief, latest_brief
from briefing.deliver.parts import message_parts
from briefing.deliver.smtp import exchange
from briefing.errors import DeliveryError, UsageError
from briefing.text.safe import clean


@dataclass(frozen=True)
class Credentials:
    """The SMTP login, read from the environment; the password never shows in a repr."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class SendResult:
    """What was sent, to whom, through which server."""

    subject: str
    recipients: tuple[str, ...]
    server: str
    tls: str
    attachment: str  # the attached files' names, comma-separated
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


# --- the message --------------------------------------------------------------------------------

def subject(brief: LatestBrief) -> str:
    """"[OFFICIAL] Title — 2024-11-05 · Organisation", one clean line."""
    marking = f"[{brief.marking}] " if brief.marking else ""
    organisation = f" · {brief.organisation}" if brief.organisation else ""
    return clean(f"{marking}{brief.title} — {brief.as_of}{organisation}")


def sender_header(sender: str) -> Address:
    """The From header from the sender's address and its display name, cleaned."""
    name, addr = getaddresses([clean(sender)])[0]
    local, _, domain = addr.rpartition("@")
    return Address(display_name=clean(name), username=clean(local), domain=clean(domain))


def compose(brief: LatestBrief, settings: DeliverySettings, now: dt.datetime,
            template_dir: Path | None = None) -> EmailMessage:
    """The e-mail: text and HTML alternatives of the page, the PDF (and DOCX) attached."""
    if not settings.to:
        raise DeliveryError("no recipients: give --to ADDRESS or set to = [...] under [delivery] in briefing.toml")
    if brief.pdf is None:
        raise DeliveryError(f"{brief.folder}: brief.pdf is missing; build it with --format pdf")
    text, html = message_parts(brief, template_dir)
    sender = settings.sender or f"briefing@{socket.gethostname() or 'localhost'}"
    msg = EmailMessage()
    msg["Subject"] = subject(brief)
    msg["From"] = sender_header(sender)
    msg["To"] = ", ".join(settings.to)
    msg["Date"] = formatdate(now.timestamp(), localtime=True)
    msg["Message-ID"] = make_msgid("brief", domain=clean(sender.rpartition("@")[2].strip("> ")) or None)
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    for name, data, kind in _attachments(brief):
        maintype, _, subtype = kind.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachments(brief: LatestBrief) -> list[tuple[str, bytes, str]]:
    found = [(brief.pdf, "pdf", "application/pdf"), (brief.docx, "docx", DOCX_TYPE)]
    try:
        return [(f"brief-{brief.as_of}.{ext}", path.read_bytes(), kind) for path, ext, kind in found if path]
    except OSError as exc:
        raise DeliveryError(f"{brief.folder}: cannot read the brief: {exc.strerror or exc}") from None


# --- sending ------------------------------------------------------------------------------------

def send(folder: Path, settings: DeliverySettings, credentials: Credentials | None = None,
         now: dt.datetime | None = None, template_dir: Path | None = None) -> SendResult:
    """E-mail the latest brief in ``folder`` to ``settings.to``; one DeliveryError on any fault."""
    brief = latest_brief(folder)
    msg = compose(brief, settings, now or dt.datetime.now(dt.timezone.utc), template_dir)
    tls = settings.tls_mode
    if credentials and tls == "none" and not is_loopback(settings.smtp_host):
        raise DeliveryError(f"refusing to send the SMTP password unencrypted to {settings.server}; use --tls starttls or ssl")
    try:
        exchange(msg, settings, credentials, tls)
    except DeliveryError as exc:
        raise DeliveryError(_scrub(exc.message, credentials)) from None
    attached = [part for part in msg.iter_attachments()]
    return SendResult(
        subject=str(msg["Subject"]), recipients=settings.to, server=settings.server, tls=tls,
        attachment=", ".join(part.get_filename() for part in attached),
        size=sum(len(part.get_content()) for part in attached),
    )


def _scrub(text: str, credentials: Credentials | None) -> str:
    """Never let the password through, even if a server echoes it."""
    if credentials and credentials.password:
        text = text.replace(credentials.password, "********")
    return text
