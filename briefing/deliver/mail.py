"""Delivery: e-mail the latest brief over SMTP, or publish it to a distribution folder.

Settings come from ``[delivery]`` in ``briefing.toml`` with command-line overrides; the SMTP user
and password only ever come from the environment (BRIEFING_SMTP_USER, BRIEFING_SMTP_PASSWORD) and
are never part of a message, a setting object's repr or an error. Every fault is a DeliveryError
(exit 7) on one line, and neither sending nor a failed publish changes anything on disk.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path
from typing import Any, Mapping

from briefing.errors import ConfigError, DeliveryError, OutputError, UsageError

TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_TIMEOUT = 30.0  # seconds for each SMTP connect, read and write
USER_ENV = "BRIEFING_SMTP_USER"
PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"
MANIFEST = Path("briefing.toml")
PUBLISHED = ("pdf", "md", "html", "json")


@dataclass(frozen=True)
class DeliverySettings:
    """Where and how the brief is sent: the ``[delivery]`` table of briefing.toml."""

    to: tuple[str, ...] = ()
    sender: str | None = None  # default: briefing@<this host>
    smtp_host: str = "localhost"
    smtp_port: int = 25
    tls: str | None = None  # None: ssl on port 465, none on loopback, else starttls
    timeout: float = DEFAULT_TIMEOUT

    @property
    def server(self) -> str:
        host = f"[{self.smtp_host}]" if ":" in self.smtp_host else self.smtp_host
        return f"{host}:{self.smtp_port}"

    @property
    def tls_mode(self) -> str:
        if self.tls:
            return self.tls
        if self.smtp_port == 465:
            return "ssl"
        return "none" if _is_loopback(self.smtp_host) else "starttls"


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


# --- settings -----------------------------------------------------------------------------------

def load_delivery(table: Mapping[str, Any], where: str = "[delivery]") -> DeliverySettings:
    """Validate the ``[delivery]`` table of the manifest; every problem is listed at once."""
    values, problems = _read_table(table)
    if problems:
        raise ConfigError([f"{where} {message}" for _, message in problems])
    return DeliverySettings(**values)


def delivery_problems(table: Any) -> list[tuple[str, str]]:
    """What is wrong with a ``[delivery]`` table, as (key, message) pairs; config.py places them on their lines."""
    if not isinstance(table, dict):
        return [("", "delivery: must be a table: [delivery]")]
    return _read_table(table)[1]


def _read_table(table: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    known = ("to", "from", "smtp", "tls", "timeout")
    for key in sorted(set(table) - set(known)):
        if key.lower() in ("user", "password"):
            problems.append((key, f"{key}: the SMTP login comes from {USER_ENV} and {PASSWORD_ENV} only, never from a file"))
        else:
            problems.append((key, f"{key}: unknown setting (known: {', '.join(known)})"))
    values: dict[str, Any] = {}
    parsers = {
        "to": lambda v: parse_addresses([v] if isinstance(v, str) else _strings(v, "to")),
        "from": lambda v: parse_sender(v if isinstance(v, str) else "", "from"),
        "smtp": lambda v: parse_smtp(v if isinstance(v, str) else "", "smtp"),
        "tls": lambda v: parse_tls(v if isinstance(v, str) else "", "tls"),
        "timeout": _timeout,
    }
    fields = {"to": "to", "from": "sender", "tls": "tls", "timeout": "timeout"}
    for key, parse in parsers.items():
        if key not in table:
            continue
        try:
            value = parse(table[key])
        except UsageError as exc:
            problems.append((key, exc.message))
            continue
        if key == "smtp":
            values["smtp_host"], values["smtp_port"] = value
        else:
            values[fields[key]] = value
    return values, problems


def _strings(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise UsageError(f"{key}: give an address or a list of addresses")
    return value


def _timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 600:
        raise UsageError("timeout: give a number of seconds between 0 and 600")
    return float(value)


def delivery_from_manifest(path: Path = MANIFEST) -> DeliverySettings:
    """The ``[delivery]`` settings of a manifest file; the defaults when there is no such file.

    config.py validates the rest of the manifest and leaves ``[delivery]`` to this module.
    """
    if not path.is_file():
        if path != MANIFEST:
            raise ConfigError(f"{path}: no such file")
        return DeliverySettings()
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise ConfigError(f"{path}: reading it needs Python 3.11 or the tomli package") from None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    table = data.get("delivery", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: delivery must be a table, [delivery]")
    return load_delivery(table, f"{path}: [delivery]")


def override(
    settings: DeliverySettings,
    to: list[str] | None = None,
    sender: str | None = None,
    smtp: str | None = None,
    tls: str | None = None,
    timeout: float | None = None,
) -> DeliverySettings:
    """The manifest settings with the command-line options that were given put over them."""
    values: dict[str, Any] = {}
    if to:
        values["to"] = parse_addresses(to, "--to")
    if sender:
        values["sender"] = parse_sender(sender, "--from")
    if smtp:
        values["smtp_host"], values["smtp_port"] = parse_smtp(smtp, "--smtp")
    if tls:
        values["tls"] = parse_tls(tls, "--tls")
    if timeout is not None:
        if not 0 < timeout <= 600:
            raise UsageError("--timeout: give a number of seconds between 0 and 600")
        values["timeout"] = float(timeout)
    return replace(settings, **values)


def parse_addresses(values: list[str] | tuple[str, ...], option: str = "to") -> tuple[str, ...]:
    """Recipients, repeated or comma-separated; each must look like name@domain."""
    found: list[str] = []
    for _name, addr in getaddresses(list(values)):
        if not addr:
            continue
        _check_address(addr, option)
        found.append(addr)
    return tuple(dict.fromkeys(found))


def parse_sender(value: str, option: str = "from") -> str:
    addresses = [a for _, a in getaddresses([value]) if a]
    if len(addresses) != 1:
        raise UsageError(f"{option}: {value!r} is not one e-mail address")
    _check_address(addresses[0], option)
    return value.strip()


def _check_address(addr: str, option: str) -> None:
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain or any(c.isspace() or c in "<>,;" for c in addr):
        raise UsageError(f"{option}: {addr!r} is not an e-mail address")


def parse_smtp(value: str, option: str = "smtp") -> tuple[str, int]:
    """HOST:PORT (or [IPv6]:PORT); HOST alone means port 25."""
    value = value.strip()
    host, port_text = value, ""
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else rest
    elif value.count(":") == 1:
        host, _, port_text = value.partition(":")
    if not host or (port_text and not port_text.isdigit()):
        raise UsageError(f"{option}: {value!r} is not HOST:PORT")
    port = int(port_text) if port_text else 25
    if not 0 < port < 65536:
        raise UsageError(f"{option}: port {port} is out of range")
    return host, port


def parse_tls(value: str, option: str = "tls") -> str:
    mode = value.strip().lower()
    if mode not in TLS_MODES:
        raise UsageError(f"{option}: {value!r} is not one of {', '.join(TLS_MODES)}")
    return mode


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


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
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
    if credentials and tls == "none" and not _is_loopback(settings.smtp_host):
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
    from briefing.write.atomic import write_outputs

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
        return write_outputs(dest, files)
    except OutputError as exc:
        raise DeliveryError(f"publish: {exc.message}") from None
