"""The PDF: WeasyPrint lays out the brief's HTML, loading only our own templates, CSS and fonts.

``LocalFetcher`` refuses every other URL, whatever a source or a user template contains.
WeasyPrint, pydyf and fontTools are imported inside the functions that use them: a run with nothing
changed never loads them.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import struct
from pathlib import Path

MAX_DATA_URL = 2 * 1024 * 1024  # characters; a template's data: URL (an inline logo) may be this long


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serve only files inside the template folders and small data: URLs; refuse every other URL
        (http, https, ftp, file: outside the folders, also through symbolic links or ``..``)."""

        def __init__(self, roots: list[Path]) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.roots = [r.resolve() for r in roots]
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(r) for r in self.roots) and path.is_file():
                    kind = {".css": "text/css", ".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff",
                            ".woff2": "font/woff2", ".png": "image/png", ".svg": "image/svg+xml"}.get(path.suffix.lower(), "application/octet-stream")
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            elif parts.scheme == "data" and len(url) <= MAX_DATA_URL:
                from urllib.request import DataHandler, Request

                with DataHandler().data_open(Request(url)) as response:  # decoded here: nothing is fetched
                    return URLFetcherResponse(url, response.read(), {"Content-Type": response.headers.get("Content-Type", "")})
            self.refused.append(url[:200])
            raise ValueError(f"refused to load {url[:80]}: the brief loads only its own templates")

    return LocalFetcher


@functools.cache
def _engine():
    """WeasyPrint, with its warnings (fontTools subsetting, HarfBuzz missing) kept quiet: they are
    about the engine, not the brief."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


@functools.lru_cache(maxsize=4)
def _fonts(roots: tuple[Path, ...]):
    """One font configuration per set of template folders, for the whole process: the fonts of
    their @font-face rules are loaded and registered once, not on every layout. (Per set, so that
    a font of one template folder never stands in for another's of the same name.)"""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def lay_out(html: str, roots: list[Path]):
    """Lay out the HTML with WeasyPrint (a ``weasyprint.Document``), loading only files from ``roots``."""
    weasyprint = _engine()
    fetcher = _fetcher_class()(roots)
    base = roots[-1].resolve().as_uri() + "/"
    fonts = _fonts(tuple(r.resolve() for r in roots))
    return weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(font_config=fonts)


VARIANTS = ("pdf/ua-1", "pdf/a-3b")  # tagged (the default); tagged and archivable (PDF/A-3b)


def write_pdf(document, created: dt.date | None = None, variant: str | None = "pdf/ua-1") -> bytes:
    """The PDF's bytes, from a laid-out document.

    ``variant``: "pdf/ua-1" (tagged: a structure tree, XMP metadata, the title shown in the
    window, the language), "pdf/a-3b" (tagged too, and archivable) or None (untagged). Each link
    is described by its element's ``title`` ("source 2, paragraph 3"), not its raw target. The
    fonts embedded in it are stamped with SOURCE_DATE_EPOCH when it is set, else ``created`` (the
    brief's as-of date), never the clock, so that the same brief gives the same bytes."""
    epoch = font_epoch(created)
    options = {"pdf_variant": variant, "pdf_tags": variant is not None} if variant else {}
    return document.write_pdf(finisher=functools.partial(_finish, epoch=epoch), **options)


def _finish(document, pdf, epoch: int | None) -> None:
    """WeasyPrint's finisher: describe the links, stamp the fonts."""
    _describe_links(document)
    if epoch is not None:
        _stamp_fonts(document, pdf, epoch)


def _describe_links(document) -> None:
    """Give each link annotation its element's title as /Contents: what a screen reader says for
    it. (WeasyPrint puts the link's target there, such as "s2-p3".)"""
    import pydyf

    for page in document.pages:
        boxes = [page._page_box]  # WeasyPrint keeps each page's box tree here; no public accessor
        while boxes:
            box = boxes.pop()
            annotation = getattr(box, "link_annotation", None)
            title = box.element.get("title") if annotation is not None and box.element is not None else None
            if title:
                annotation["Contents"] = pydyf.String(title)
            boxes.extend(getattr(box, "children", ()))


def font_epoch(created: dt.date | None) -> int | None:
    """The time to stamp embedded fonts with (seconds since 1970): SOURCE_DATE_EPOCH when it is
    set, else midnight (UTC) at the start of ``created``; None: no date to give."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch)
    if created is None:
        return None
    return int(dt.datetime(created.year, created.month, created.day, tzinfo=dt.timezone.utc).timestamp())


def _stamp_fonts(document, pdf, epoch: int) -> None:
    """Give each embedded font the modification time ``epoch``: fontTools stamps the fonts it
    subsets with SOURCE_DATE_EPOCH when set, else the clock. Only the head table's date and the
    two checksums it enters are rewritten, in place, so the bytes are those fontTools writes with
    SOURCE_DATE_EPOCH=epoch. Runs as WeasyPrint's finisher, on the PDF's objects before they are
    written."""
    import pydyf
    from fontTools.misc.timeTools import timestampSinceEpoch

    fonts = {id(font.file_content) for font in document.fonts.values()}
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and len(obj.stream) == 1 and id(obj.stream[0]) in fonts:
            stamped = _stamped(obj.stream[0], timestampSinceEpoch(epoch))
            if stamped is not None:
                obj.stream[0] = stamped


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _stamped(font: bytes, modified: int) -> bytes | None:
    """``font`` (an sfnt: TrueType or OpenType) with its head table's modification date set to
    ``modified``; None when it has no head table it can be found in (left as it is)."""
    if len(font) < 12 or font[:4] not in (b"\0\1\0\0", b"OTTO", b"true"):
        return None
    count = struct.unpack(">H", font[4:6])[0]
    for record in range(12, min(12 + 16 * count, len(font) - 15), 16):
        tag, _, offset, length = struct.unpack(">4sIII", font[record:record + 16])
        if tag != b"head" or length < 54 or offset + length > len(font):
            continue
        data = bytearray(font)
        data[offset + 8:offset + 12] = bytes(4)  # checkSumAdjustment, counted as 0
        data[offset + 28:offset + 36] = struct.pack(">q", modified)
        data[record + 4:record + 8] = struct.pack(">I", _checksum(bytes(data[offset:offset + length])))
        adjustment = (0xB1B0AFBA - _checksum(bytes(data))) & 0xFFFFFFFF
        data[offset + 8:offset + 12] = struct.pack(">I", adjustment)
        return bytes(data)
    return None
