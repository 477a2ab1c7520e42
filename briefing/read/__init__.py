"""Readers: one module per input kind, chosen by content first and by file name second.

``READERS`` is the registry, in the order their ``sniff`` is tried. ``read_file`` and ``read_url``
read one input through it (``read_bytes``), hold the result to the limits in ``ReadOptions``, and
with ``follow_links`` replace each feed entry's summary by its linked page. Only readers touch
input files or the network (``fetch`` gets a URL's bytes).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import FetchError, SourceError
from briefing.model import Document
from briefing.read.base import ReadOptions, Reader, file_kind, looks_binary
from briefing.read.budget import OverBudget, time_budget
from briefing.read.engines import missing_cause, require
from briefing.read.feed import FeedReader, with_page
from briefing.read.html import HtmlReader
from briefing.read.limits import within_limits
from briefing.read.markdown import MarkdownReader
from briefing.read.pdf import PdfReader
from briefing.read.plain import TextReader
from briefing.text.safe import printable

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from briefing.read.fetch import FetchResult

READERS: list[Reader] = [PdfReader(), FeedReader(), HtmlReader(), MarkdownReader(), TextReader()]

__all__ = ["READERS", "ReadOptions", "Reader", "file_bytes", "read_bytes", "read_file", "read_url", "reader_for"]


def reader_for(name: str, data: bytes) -> Reader:
    """Choose the reader for ``data`` named ``name``: by content first, then by name, else text."""
    head = data[:4096]
    for reader in READERS:
        if reader.sniff(head):
            return reader
    suffix = Path(name.split("?")[0]).suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    return READERS[-1]


def read_file(path: Path, options: ReadOptions) -> list[Document]:
    """Read one regular file from disk, never more than ``max_bytes`` of it."""
    return read_bytes(str(path), file_bytes(path, options), options)


def file_bytes(path: Path, options: ReadOptions) -> bytes:
    """The bytes of one regular file (at most ``max_bytes`` + 1), or SourceError saying why not.

    Its size is taken from ``stat`` before anything is read; a FIFO, a device or a socket is
    refused without being opened for long (it is opened without blocking, and checked again).
    """
    origin = str(path)
    try:
        kind = _file_kind(os.stat(path))
        if kind:
            raise SourceError(origin, kind)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())  # the file opened, which may not be the one stat saw
            kind = _file_kind(st)
            if kind or st.st_size > options.max_bytes:
                raise SourceError(origin, kind or _too_large(st.st_size, options))
            return fh.read(options.max_bytes + 1)  # a file growing while it is read is still bounded
    except FileNotFoundError:
        raise SourceError(origin, "no such file") from None
    except PermissionError:
        raise SourceError(origin, "permission denied") from None
    except OSError as exc:
        raise SourceError(origin, exc.strerror or str(exc)) from None


def _file_kind(st: os.stat_result) -> str | None:
    """Why a file cannot be read as a source (a folder, a FIFO, a device), or None for a regular file."""
    if stat.S_ISREG(st.st_mode):
        return None
    return "is a folder" if stat.S_ISDIR(st.st_mode) else f"{file_kind(st.st_mode)}, not a regular file"


def _too_large(size: int, options: ReadOptions) -> str:
    return f"too large ({size:,} bytes; the limit is {options.max_bytes:,})"


def read_url(url: str, options: ReadOptions, named: bool = True, trusted: tuple[str, int] | None = None) -> list[Document]:
    """Fetch ``url`` and read it into Documents whose ``url`` is the final URL.

    The reader is chosen by the content, then by the content type, then by the URL. The documents'
    ``origin`` is ``url`` as given. Entries of a feed keep their own links (the feed's final URL
    when an entry has none). ``named`` and ``trusted`` say where it may lead (``fetch``).
    """
    from briefing.read.fetch import fetch  # the network stack (ssl, http) loads only for URLs

    result = fetch(url, options, named, trusted)
    docs = read_bytes(url, result.data, options, name=_name_for(result))
    return [doc if doc.format == "feed" and doc.url else dataclasses.replace(doc, url=result.url) for doc in docs]


def read_bytes(origin: str, data: bytes, options: ReadOptions, name: str | None = None) -> list[Document]:
    """Read one input's bytes into Documents held to the limits in ``options``, or raise SourceError.

    ``name`` (default ``origin``) is what the reader is chosen by when no reader claims the content,
    e.g. a name ending in the suffix a URL's content type suggests.

    Any other exception from a reader is a bug in it: it becomes this source's SourceError (the
    exception's type and message are the cause, the exception its ``__cause__``), so that one bad
    file is skipped and never ends the build.
    """
    if not data.strip():
        raise SourceError(origin, "empty file")
    if len(data) > options.max_bytes:
        raise SourceError(origin, _too_large(len(data), options))
    reader = None
    try:
        reader = reader_for(name or origin, data)
        if reader.name in ("text", "markdown") and looks_binary(data):
            raise SourceError(origin, "binary file, not text")
        # a missing library is named with its package, not a generic skip; loading it is not
        # reading, so it happens before the time budget starts
        require(reader.name, origin)
        with time_budget(options.max_seconds):
            docs = within_limits(origin, reader.read(origin, data, options), options)
    except SourceError:
        raise
    except OverBudget:
        raise SourceError(origin, f"took longer than {options.max_seconds:g} s to read (max_seconds)") from None
    except (ImportError, OSError) as exc:
        cause = missing_cause(exc)
        if cause is None:
            raise _reader_failed(origin, reader, exc) from exc
        raise SourceError(origin, f"the {reader.name} reader {cause}" if reader else cause) from exc
    except Exception as exc:  # noqa: BLE001 - a bug in a reader skips this source; it never ends the build
        raise _reader_failed(origin, reader, exc) from exc
    if options.follow_links and reader.name == "feed":
        docs = _LinkFollower(options, origin).follow(docs)
    return docs


def _reader_failed(origin: str, reader: Reader | None, exc: Exception) -> SourceError:
    """A reader's unexpected exception as this source's SourceError: its type and message are the cause."""
    which = f"the {reader.name} reader" if reader is not None else "choosing a reader"
    detail = " ".join(str(exc).split())
    detail = f": {detail[:97]}..." if len(detail) > 100 else f": {detail}" if detail else ""
    return SourceError(origin, f"{which} failed ({type(exc).__name__}{detail})")


def _name_for(result: FetchResult) -> str:
    """A name whose suffix tells the registry the content type, for when sniffing says nothing."""
    base = result.url.split("#", 1)[0].split("?", 1)[0]
    suffix = result.suffix
    if suffix and Path(urllib.parse.urlsplit(base).path).suffix.lower() != suffix:
        return base.rstrip("/") + "/index" + suffix if base.endswith("/") else base + suffix
    return base


class _LinkFollower:
    """Read feed entries' linked pages; a host that cannot be reached is not tried again.

    The links come from the feed's content: they may lead only to public addresses, except those
    on the host and port of a feed the user named by URL (``fetch``).
    """

    def __init__(self, options: ReadOptions, feed: str) -> None:
        from briefing.read.guard import origin_of  # light, but only feeds read with follow_links need it

        self.options = dataclasses.replace(options, follow_links=False)  # a linked feed is not followed further
        self.trusted = origin_of(feed) if feed.startswith(("http://", "https://")) else None
        self.dead_hosts: set[str] = set()

    def follow(self, entries: list[Document]) -> list[Document]:
        """Each entry with its linked page's text, else as it is (its own summary)."""
        out = []
        for entry in entries:
            page = self.page(entry.url) if entry.url else None
            out.append(with_page(entry, page, self.options) if page is not None else entry)
        return out

    def page(self, link: str) -> Document | None:
        host = urllib.parse.urlsplit(link).hostname or ""
        if host in self.dead_hosts:
            return None
        try:
            docs = read_url(link, self.options, named=False, trusted=self.trusted)
        except FetchError as exc:
            if exc.cause.startswith(("timed out", "connection refused", "host not found", "not fetched")):
                self.dead_hosts.add(host)
            if exc.cause.startswith("not fetched"):
                log.warning("%s: link not followed: %s", printable(link), exc.cause)
            return None
        except Exception:  # noqa: BLE001 - any failure falls back to the entry's summary
            return None
        return next((doc for doc in docs if doc.blocks), None)
