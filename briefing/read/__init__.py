"""Readers: one module per input kind, chosen by content first and by file name second.

``READERS`` is the registry, in the order their ``sniff`` is tried. Only readers touch input files
or the network.
"""

from __future__ import annotations

from pathlib import Path

from briefing.errors import SourceError
from briefing.model import Document
from briefing.read.base import ReadOptions, Reader, decode, fingerprint, looks_binary, within_limits
from briefing.read.pdf import PdfReader
from briefing.read.feed import FeedReader
from briefing.read.html import HtmlReader
from briefing.read.text import MarkdownReader, TextReader

READERS: list[Reader] = [PdfReader(), FeedReader(), HtmlReader(), MarkdownReader(), TextReader()]

__all__ = ["READERS", "ReadOptions", "Reader", "decode", "fingerprint", "read_bytes", "read_file", "reader_for"]


def register(reader: Reader, first: bool = True) -> None:
    """Add a reader to the registry; content sniffing tries it before the plain-text readers."""
    if first:
        READERS.insert(0, reader)
    else:
        READERS.append(reader)


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
        raise SourceError(origin, f"too large ({len(data):,} bytes; the limit is {options.max_bytes:,})")
    reader = None
    try:
        reader = reader_for(name or origin, data)
        if reader.name in ("text", "markdown") and looks_binary(data):
            raise SourceError(origin, "binary file, not text")
        return within_limits(origin, reader.read(origin, data, options), options)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in a reader skips this source; it never ends the build
        which = f"the {reader.name} reader" if reader is not None else "choosing a reader"
        detail = " ".join(str(exc).split())
        detail = f": {detail[:97]}..." if len(detail) > 100 else f": {detail}" if detail else ""
        raise SourceError(origin, f"{which} failed ({type(exc).__name__}{detail})") from exc


def read_file(path: Path, options: ReadOptions) -> list[Document]:
    """Read one file from disk."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise SourceError(origin, f"too large ({size:,} bytes; the limit is {options.max_bytes:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(origin, "no such file") from None
    except IsADirectoryError:
        raise SourceError(origin, "is a folder") from None
    except PermissionError:
        raise SourceError(origin, "permission denied") from None
    except OSError as exc:
        raise SourceError(origin, exc.strerror or str(exc)) from None
    return read_bytes(origin, data, options)
