"""The ``[delivery]`` settings: where and how the brief is e-mailed, validated with the manifest.

The SMTP user and password are never settings: they come from the environment only (see
deliver/mail.py), and a ``user`` or ``password`` key in the table is refused.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace
from email.utils import getaddresses
from typing import Any, Mapping

from briefing.errors import ConfigError, UsageError

TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_TIMEOUT = 30.0  # seconds for each SMTP connect, read and write
USER_ENV = "BRIEFING_SMTP_USER"
PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"
KEYS = ("to", "from", "smtp", "tls", "timeout")


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
        return "none" if is_loopback(self.smtp_host) else "starttls"


def load_delivery(table: Mapping[str, Any], where: str = "[delivery]") -> DeliverySettings:
    """Validate a ``[delivery]`` table on its own; every problem is listed at once."""
    settings, problems = read_delivery(table)
    if problems:
        raise ConfigError([f"{where} {message}" for _, message in problems])
    return settings


def read_delivery(table: Any) -> tuple[DeliverySettings, list[tuple[str, str]]]:
    """The settings a ``[delivery]`` table gives, and its problems as (key, message) pairs."""
    if not isinstance(table, dict):
        return DeliverySettings(), [("", "delivery: must be a table: [delivery]")]
    problems: list[tuple[str, str]] = []
    for key in sorted(set(table) - set(KEYS)):
        if key.lower() in ("user", "password"):
            problems.append((key, f"{key}: the SMTP login comes from {USER_ENV} and {PASSWORD_ENV} only, never from a file"))
        else:
            problems.append((key, f"{key}: unknown setting (known: {', '.join(KEYS)})"))
    parsers = {
        "to": lambda v: {"to": parse_addresses([v] if isinstance(v, str) else _strings(v, "to"))},
        "from": lambda v: {"sender": parse_sender(v if isinstance(v, str) else "", "from")},
        "smtp": lambda v: dict(zip(("smtp_host", "smtp_port"), parse_smtp(v if isinstance(v, str) else "", "smtp"))),
        "tls": lambda v: {"tls": parse_tls(v if isinstance(v, str) else "", "tls")},
        "timeout": lambda v: {"timeout": parse_timeout(v, "timeout")},
    }
    values: dict[str, Any] = {}
    for key, parse in parsers.items():
        if key in table:
            try:
                values.update(parse(table[key]))
            except UsageError as exc:
                problems.append((key, exc.message))
    return DeliverySettings(**values), problems


def override(
    settings: DeliverySettings,
    to: list[str] | None = None,
    sender: str | None = None,
    smtp: str | None = None,
    tls: str | None = None,
    timeout: float | None = None,
) -> DeliverySettings:
    """The manifest's settings with the command-line options that were given put over them."""
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
        values["timeout"] = parse_timeout(timeout, "--timeout")
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
    """One address, with or without a display name."""
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
    """starttls, ssl or none, in any case."""
    mode = value.strip().lower()
    if mode not in TLS_MODES:
        raise UsageError(f"{option}: {value!r} is not one of {', '.join(TLS_MODES)}")
    return mode


def parse_timeout(value: Any, option: str = "timeout") -> float:
    """Seconds for each step of the SMTP exchange: more than 0, at most 600."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 600:
        raise UsageError(f"{option}: give a number of seconds between 0 and 600")
    return float(value)


def _strings(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise UsageError(f"{key}: give an address or a list of addresses")
    return value


def is_loopback(host: str) -> bool:
    """Return True for localhost and loopback addresses, where a login may travel unencrypted."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
