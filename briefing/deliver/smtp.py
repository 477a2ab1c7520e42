"""The SMTP exchange, bounded: every fault becomes one DeliveryError, and a hostile server can make
it neither grow nor last.

``smtplib`` reads a reply line by line until a line does not continue (``220-``), keeping every
line: a server that sends an endless greeting, each line in time, grows the client without bound
and never trips the per-read timeout. Here each reply may hold at most ``MAX_REPLY`` bytes, and
the whole exchange must end by a deadline (``DEADLINE_TIMES`` the per-step timeout).
"""

from __future__ import annotations

import smtplib
import ssl
import time

from briefing.config.delivery import PASSWORD_ENV, USER_ENV, DeliverySettings
from briefing.errors import DeliveryError

MAX_REPLY = 64 * 1024  # bytes in one reply: a real EHLO answer is under 1 KB
DEADLINE_TIMES = 5  # the whole exchange may take this many times the per-step timeout


class ReplyTooLong(OSError):
    """A reply passed MAX_REPLY bytes."""


class PastDeadline(OSError):
    """The exchange passed its overall deadline."""


class _CappedReader:
    """The socket's reader, counting the bytes of the current reply and watching the deadline."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.left = MAX_REPLY
        self.deadline = float("inf")

    def start(self, deadline: float) -> None:
        self.left, self.deadline = MAX_REPLY, deadline

    def readline(self, limit: int = -1) -> bytes:
        if time.monotonic() > self.deadline:
            raise PastDeadline("the exchange passed its deadline")
        line = self.raw.readline(limit)
        self.left -= len(line)
        if self.left < 0:
            raise ReplyTooLong(f"a reply passed {MAX_REPLY:,} bytes")
        return line

    def close(self) -> None:
        self.raw.close()


class _Bounded:
    """Mixed into smtplib's clients: replies read through a _CappedReader, against a deadline."""

    deadline = float("inf")

    def getreply(self):
        if self.file is None and self.sock is not None:
            self.file = _CappedReader(self.sock.makefile("rb"))
        if isinstance(self.file, _CappedReader):
            self.file.start(self.deadline)
        return super().getreply()


class BoundedSMTP(_Bounded, smtplib.SMTP):
    pass


class BoundedSMTPSSL(_Bounded, smtplib.SMTP_SSL):
    pass


def connect(settings: DeliverySettings, tls: str, context: ssl.SSLContext) -> smtplib.SMTP:
    """A client connected to the server, its deadline set; the greeting is read in ``connect``."""
    deadline = time.monotonic() + DEADLINE_TIMES * settings.timeout
    cls = BoundedSMTPSSL if tls == "ssl" else BoundedSMTP
    client = cls(timeout=settings.timeout, **({"context": context} if tls == "ssl" else {}))
    client.deadline = deadline
    client._host = settings.smtp_host  # as SMTP(host) sets it: the name TLS verifies the certificate for
    client.connect(settings.smtp_host, settings.smtp_port)
    return client


def exchange(msg, settings: DeliverySettings, credentials, tls: str) -> None:
    """Send ``msg``: connect, say hello, secure, log in, send; raise DeliveryError on any fault."""
    server = settings.server
    context = ssl.create_default_context()  # verifies the certificate and host name; SSL_CERT_FILE adds a CA
    try:
        with connect(settings, tls, context) as client:
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
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(failure(exc, settings, credentials)) from None
    if refused:
        who = ", ".join(f"{a} ({_reply_of(*r)})" for a, r in sorted(refused.items()))
        raise DeliveryError(f"sent, but {server} refused some recipients: {who}")


def failure(exc: BaseException, settings: DeliverySettings, credentials) -> str:
    """One line that says what went wrong with the server."""
    server, cause = settings.server, exc.__context__
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"{server} refused the login of {credentials.user if credentials else '?'}: {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        who = ", ".join(f"{a} ({_reply_of(*r)})" for a, r in sorted(exc.recipients.items()))
        return f"{server} refused every recipient: {who}"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"{server} refused the sender {exc.sender}: {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPDataError):
        return f"{server} refused the message: {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPConnectError):
        return f"cannot reach the SMTP server {server}: {_reply(exc)}"
    if isinstance(exc, ReplyTooLong) or isinstance(cause, ReplyTooLong):
        return f"the SMTP server {server} sent a reply of more than {MAX_REPLY:,} bytes; gave up"
    if isinstance(exc, PastDeadline) or isinstance(cause, PastDeadline):
        return f"the SMTP server {server} did not finish within {DEADLINE_TIMES * settings.timeout:g}s; gave up"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if isinstance(cause, TimeoutError):  # smtplib reports a read time-out as a disconnect
            return f"the SMTP server {server} did not answer within {settings.timeout:g}s"
        return f"{server} closed the connection ({exc or 'no reason given'}); check --smtp and --tls"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{server} answered {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPException):
        return f"SMTP with {server} failed: {exc}"
    if isinstance(exc, ssl.SSLError):  # before OSError: it is one
        return f"TLS with {server} failed: {getattr(exc, 'verify_message', None) or exc.reason or exc}"
    if isinstance(exc, TimeoutError):
        return f"the SMTP server {server} did not answer within {settings.timeout:g}s"
    return f"cannot reach the SMTP server {server}: {exc.strerror or exc}"


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_of(exc.smtp_code, exc.smtp_error)


def _reply_of(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()
