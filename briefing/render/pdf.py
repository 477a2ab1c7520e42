"""The PDF: WeasyPrint lays out the brief's HTML, loading only our own templates, CSS and fonts.

``LocalFetcher`` refuses every other URL, whatever a source or a user template contains.
"""

from __future__ import annotations

import datetime as dt
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


def pdf_document(html: str, roots: list[Path]):
    """Lay out the HTML with WeasyPrint, loading only files from ``roots``."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = _fetcher_class()(roots)
    base = roots[-1].resolve().as_uri() + "/"
    return weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render()


def write_pdf(html: str, roots: list[Path], created: dt.date | None = None) -> bytes:
    """The PDF's bytes. The fonts embedded in it are stamped ``created`` (the brief's as-of date)
    unless SOURCE_DATE_EPOCH is set, instead of the clock, so the same brief gives the same bytes."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None or created is None:
        return pdf_document(html, roots).write_pdf()
    # fontTools stamps each subset font with SOURCE_DATE_EPOCH, else the time: give it the date
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(created.year, created.month, created.day,
                                                          tzinfo=dt.timezone.utc).timestamp()))
    try:
        return pdf_document(html, roots).write_pdf()
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
