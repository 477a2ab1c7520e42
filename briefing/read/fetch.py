"""Fetching URLs: bounded, identified, cached with conditional requests. Standard library only.

``fetch`` gets one URL's bytes under the limits in ``ReadOptions`` (time-out per connect and per
read, a size cap, a bounded number of redirects) and raises ``FetchError`` with a one-line cause.
With ``options.cache_dir`` set, each URL's body is remembered with its ETag and Last-Modified, the
next request is conditional, and a 304 answer returns the remembered body (``from_cache=True``).
Every request to a host and port the user did not name goes only to public addresses (``guard``).

Fetching knows nothing of readers: the registry (``briefing.read.read_url``) reads what it fetched.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from pathlib import Path

from briefing.errors import FetchError
from briefing.read.base import ReadOptions
from briefing.read.guard import (
    PublicHTTPHandler, PublicHTTPSHandler, Refused, origin_of, public_addresses, through_proxy,
)
from briefing.write.atomic import write_file

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024

# The file name ending a content type suggests, so that the reader registry can choose by name.
_SUFFIXES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "application/rss+xml": ".xml",
    "application/x-rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/rdf+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
}
# URL endings trusted when the content type says nothing useful (missing, octet-stream, ...)
_URL_SUFFIXES = (".html", ".htm", ".pdf", ".xml", ".rss", ".atom", ".txt", ".md", ".markdown")


@dataclass(frozen=True)
class FetchResult:
    """One fetched URL. ``url`` is the final URL, after redirects."""

    url: str
    status: int
    content_type: str | None  # the Content-Type header as sent, parameters included
    data: bytes
    etag: str | None = None
    last_modified: str | None = None
    from_cache: bool = False  # the server answered 304 and ``data`` is the remembered body

    @property
    def suffix(self) -> str:
        """A file-name suffix for the content (``.html``, ``.pdf``, ``.xml``, ``.txt``), or ''."""
        return suffix_for(self.content_type, self.url)


def _media_type(content_type: str | None) -> str | None:
    """The content type without parameters, lower case: ``text/html``."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


def suffix_for(content_type: str | None, url: str = "") -> str:
    """Suggest a file-name suffix from a content type, else from the URL's path; '' when unknown."""
    mt = _media_type(content_type)
    if mt in _SUFFIXES:
        return _SUFFIXES[mt]
    if mt and (mt.endswith("+xml")):
        return ".xml"
    path_suffix = Path(urllib.parse.urlsplit(url).path).suffix.lower() if url else ""
    if path_suffix in _URL_SUFFIXES:
        return ".html" if path_suffix == ".htm" else path_suffix
    return ""


def fetch(url: str, options: ReadOptions, named: bool = True, trusted: tuple[str, int] | None = None) -> FetchResult:
    """GET ``url`` within the limits of ``options``; raise FetchError(url, cause) when it fails.

    ``named``: the user named ``url``, so its host and port may be anything, a local service too.
    Otherwise it comes from content (a feed entry's link) and only ``trusted`` (the host and port
    of the feed the user named, if any) is exempt. Any other host, the target of every redirect
    included, must resolve to public addresses only.
    """
    cached = _cache_load(options.cache_dir, url)
    trusted = origin_of(url) if named else trusted
    current = url
    for _hop in range(options.max_redirects + 1):
        request_url = _checked(url, current)
        request = urllib.request.Request(request_url, headers=_headers(options, cached), method="GET")
        try:
            response = _opener(request_url, trusted).open(request, timeout=options.timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code in _REDIRECTS:
                    location = exc.headers.get("Location") if exc.headers else None
                    if not location:
                        raise FetchError(url, f"HTTP {exc.code} redirect without a Location") from None
                    current = urllib.parse.urljoin(current, location.strip())
                    continue
                if exc.code == 304 and cached is not None:
                    return _not_modified(url, current, exc.headers, cached, options)
                raise FetchError(url, _status_text(exc.code, exc.reason)) from None
        except urllib.error.URLError as exc:
            raise FetchError(url, _cause(exc.reason, options)) from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError(url, _cause(exc, options)) from None
        with response:
            final = response.geturl() or current
            data = _read_body(url, response, options)
            headers = response.headers
            result = FetchResult(
                url=final,
                status=response.status,
                content_type=headers.get("Content-Type"),
                data=data,
                etag=headers.get("ETag"),
                last_modified=headers.get("Last-Modified"),
            )
        if options.cache_dir and (result.etag or result.last_modified) and result.status == 200:
            _cache_store(options.cache_dir, url, result)
        return result
    raise FetchError(url, "too many redirects")


# ---------------------------------------------------------------------------------------------
# requests


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back to ``fetch`` (as an HTTPError), which counts and checks them."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None


def _opener(url: str, trusted: tuple[str, int] | None) -> urllib.request.OpenerDirector:
    """An opener for one request: to public addresses only, unless ``url`` is on the trusted host."""
    # built per call: the proxy settings are read from the environment when it is built
    origin = origin_of(url)
    if origin == trusted:
        return urllib.request.build_opener(_NoRedirect())
    if through_proxy(url):
        public_addresses(*origin)  # the proxy connects; check the name here first (Refused, gaierror)
        return urllib.request.build_opener(_NoRedirect())
    return urllib.request.build_opener(_NoRedirect(), PublicHTTPHandler(), PublicHTTPSHandler())


def _checked(original: str, url: str) -> str:
    """Refuse other schemes and malformed URLs; encode what http.client would refuse to send."""
    if any(ord(c) < 32 or ord(c) == 127 for c in url.strip()):
        raise FetchError(original, "not a valid URL")
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(original, "not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(original, "only http and https URLs are read")
    host = parts.hostname
    if not host:
        raise FetchError(original, "not a valid URL (no host)")
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchError(original, "not a valid URL (bad host name)") from None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    safe = "/:@!$&'()*+,;=%~-._"
    path = urllib.parse.quote(parts.path or "/", safe=safe)
    query = urllib.parse.quote(parts.query, safe=safe + "?")
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _headers(options: ReadOptions, cached: dict | None) -> dict[str, str]:
    headers = {
        "User-Agent": options.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
        "application/xml;q=0.9,application/pdf,text/plain;q=0.8,*/*;q=0.5",
    }
    if cached is not None:
        if cached.get("etag"):
            headers["If-None-Match"] = cached["etag"]
        if cached.get("last_modified"):
            headers["If-Modified-Since"] = cached["last_modified"]
    return headers


def _read_body(url: str, response, options: ReadOptions) -> bytes:  # noqa: ANN001
    limit = options.max_bytes
    length = response.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > limit:
        raise FetchError(url, f"response larger than {limit:,} bytes")
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            chunk = response.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FetchError(url, f"response larger than {limit:,} bytes")
    except FetchError:
        raise
    except http.client.IncompleteRead:
        raise FetchError(url, "connection closed before the whole response arrived") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(url, _cause(exc, options)) from None
    return b"".join(chunks)


def _not_modified(url: str, final: str, headers: Message | None, cached: dict, options: ReadOptions) -> FetchResult:
    etag = (headers.get("ETag") if headers else None) or cached.get("etag")
    last_modified = (headers.get("Last-Modified") if headers else None) or cached.get("last_modified")
    result = FetchResult(
        url=cached.get("url") or final,
        status=304,
        content_type=cached.get("content_type"),
        data=cached["body"],
        etag=etag,
        last_modified=last_modified,
        from_cache=True,
    )
    if (etag, last_modified) != (cached.get("etag"), cached.get("last_modified")) and options.cache_dir:
        _cache_store(options.cache_dir, url, result)
    return result


def _status_text(code: int, reason: str | None) -> str:
    reason = " ".join(str(reason or "").split())
    if not reason:
        try:
            reason = HTTPStatus(code).phrase
        except ValueError:
            reason = ""
    return f"HTTP {code} {reason}".strip()


def _cause(exc: object, options: ReadOptions) -> str:
    """A one-line cause for a network failure."""
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason
    if isinstance(exc, Refused):
        return f"not fetched: {exc}; links and redirects from sources may lead only to public addresses"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"timed out after {options.timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return "host not found"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid: {exc.verify_message or exc.reason or exc}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(exc, http.client.IncompleteRead):
        return "connection closed before the whole response arrived"
    if isinstance(exc, (http.client.InvalidURL, ValueError)):
        return "not a valid URL"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response ({type(exc).__name__})"
    if isinstance(exc, OSError):
        if "timed out" in str(exc):
            return f"timed out after {options.timeout:g} s"
        return exc.strerror or str(exc) or type(exc).__name__
    return str(exc) or type(exc).__name__


# ---------------------------------------------------------------------------------------------
# the cache: one file per URL, a JSON header line then the body, replaced atomically


def _cache_path(cache_dir: str, url: str) -> Path:
    return Path(cache_dir) / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:40] + ".http")


def _cache_load(cache_dir: str | None, url: str) -> dict | None:
    """The remembered response for ``url``, or None (also when the entry is unreadable)."""
    if not cache_dir:
        return None
    try:
        raw = _cache_path(cache_dir, url).read_bytes()
        header, _, body = raw.partition(b"\n")
        meta = json.loads(header.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("request") != url or meta.get("size") != len(body):
        return None
    if not (meta.get("etag") or meta.get("last_modified")):
        return None
    return {**meta, "body": body}


def _cache_store(cache_dir: str, url: str, result: FetchResult) -> None:
    """Remember ``result`` for ``url``; a cache that cannot be written is not an error."""
    meta = {
        "request": url,
        "url": result.url,
        "content_type": result.content_type,
        "etag": result.etag,
        "last_modified": result.last_modified,
        "size": len(result.data),
    }
    target = _cache_path(cache_dir, url)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file(target, json.dumps(meta, ensure_ascii=True).encode("ascii") + b"\n" + result.data, mode=0o600)
    except OSError:
        pass
