"""Where a URL that comes from a source may lead: to public addresses only.

A URL the user names (on the command line or in the manifest) may point anywhere, a service on this
machine included: that is the user's choice, and so are redirects that stay on its host and port.
A URL that comes from content instead — a feed entry's link read with ``--follow-links``, or a
redirect to another host — must not reach loopback, private, shared, link-local (the cloud metadata
service at 169.254.169.254), multicast, reserved or unspecified addresses: a hostile feed or server
would otherwise make the build read an internal service and publish its answer.

The check is made on every address the host name resolves to, and the connection is then made to
an address that was checked, never to a second lookup that a hostile DNS server could answer
differently. Through a proxy the proxy connects; the check is then made on this machine's
resolution of the name, before the request.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.parse
import urllib.request


class Refused(OSError):
    """A URL from content leads to an address that is not public."""


def origin_of(url: str) -> tuple[str, int] | None:
    """The host and port a URL leads to (lower case, the scheme's port by default), or None."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    return (parts.hostname, port) if parts.hostname and port else None


def why_not_public(address: str) -> str | None:
    """Why ``address`` (an IP address) may not be reached from content, or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and (ip.ipv4_mapped or ip.sixtofour):
        ip = ip.ipv4_mapped or ip.sixtofour
    for test, what in (("is_loopback", "a loopback address"), ("is_link_local", "a link-local address"),
                       ("is_multicast", "a multicast address"), ("is_unspecified", "an unspecified address"),
                       ("is_private", "a private address"), ("is_reserved", "a reserved address")):
        if getattr(ip, test):
            return what
    return None if ip.is_global else "not a public address"


def public_addresses(host: str, port: int) -> list[tuple]:
    """Resolve ``host``; raise Refused when any of its addresses is not public (a name that lists a
    public and a private address could be answered either way), OSError when it does not resolve."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in infos:
        why = why_not_public(sockaddr[0])
        if why:
            shown = host if host == sockaddr[0] else f"{host} ({sockaddr[0]})"
            raise Refused(f"{shown} is {why}")
    return infos


def public_connection(address: tuple[str, int], timeout: object = socket._GLOBAL_DEFAULT_TIMEOUT,
                      source_address: tuple | None = None, **_: object) -> socket.socket:
    """``socket.create_connection`` to a public address of the host, checked before connecting."""
    host, port = address
    error: OSError | None = None
    for family, kind, proto, _name, sockaddr in public_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)  # type: ignore[arg-type]
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError(f"{host}: no address to connect to")


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._create_connection = public_connection


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._create_connection = public_connection  # TLS is then set up on the checked socket, by name


class PublicHTTPHandler(urllib.request.HTTPHandler):
    """Open http URLs only to public addresses."""

    def http_open(self, req):  # noqa: ANN001, ANN201
        return self.do_open(_PublicHTTPConnection, req)


class PublicHTTPSHandler(urllib.request.HTTPSHandler):
    """Open https URLs only to public addresses."""

    def https_open(self, req):  # noqa: ANN001, ANN201
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


def through_proxy(url: str) -> bool:
    """True when the environment's proxy settings send ``url`` through a proxy."""
    parts = urllib.parse.urlsplit(url)
    proxies = urllib.request.getproxies()
    return parts.scheme in proxies and not urllib.request.proxy_bypass(parts.hostname or "")
