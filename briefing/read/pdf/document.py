"""One PDF read: opened (refusing what is not a PDF or needs a password), its pages' lines read
(``lines``), rebuilt into paragraphs (``paragraphs``), and its metadata found."""

from __future__ import annotations

import io
import logging
import re

from briefing.errors import SourceError
from briefing.model import Block, Document
from briefing.read.base import ReadOptions, fingerprint
from briefing.read.budget import OverBudget, taken
from briefing.read.pdf.lines import CONTROLS, Line, drop_running_lines, page_lines, unreadable
from briefing.read.pdf.paragraphs import paragraphs
from briefing.read.pdf.sniff import HEADER_SEARCH, looks_like_pdf
from briefing.text.dates import metadata_date

log = logging.getLogger(__name__)
# pypdf reports every oddity of a damaged file through logging; without a handler of its own those
# records would reach the user's terminal through logging's last-resort handler.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_JUNK_TITLE = re.compile(
    r"^(?:untitled|document\d*|new document|slide \d+|title|\W*)$|\.(?:docx?|pdf|indd|rtf|odt|tmp|tex|html?|xlsx?|pptx?)$",
    re.I,
)
_APP_PREFIX = re.compile(r"^(?:microsoft\s+(?:word|powerpoint|excel)|word|powerpoint)\s*-\s*", re.I)
_SOFTWARE = re.compile(r"microsoft|adobe|acrobat|latex|tex\b|weasyprint|quartz|ghostscript|libreoffice|openoffice", re.I)


def read_pdf(origin: str, data: bytes, options: ReadOptions) -> list[Document]:
    """Read a PDF's text layer into a Document; whatever goes wrong is this source's SourceError."""
    try:
        return _read(origin, data, options)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a hostile file provokes, report it as this source's
        raise SourceError(origin, f"cannot read this PDF: {_short(exc)}") from None


def _read(origin: str, data: bytes, options: ReadOptions) -> list[Document]:
    if not looks_like_pdf(data[: HEADER_SEARCH + 16]):
        raise SourceError(origin, "not a valid PDF: no %PDF- header")
    pdf = _open(origin, data)
    pages = _read_pages(origin, pdf, options)
    if not any(pages):
        raise SourceError(origin, "no text layer (scanned images?); run OCR first")
    if unreadable(pages):
        raise SourceError(origin, "text layer is unreadable (fonts without a Unicode map?); run OCR first")
    blocks = paragraphs(drop_running_lines(pages))
    if not blocks:
        raise SourceError(origin, "no text layer (scanned images?); run OCR first")
    meta = _metadata(pdf, options)
    return [
        Document(
            origin=origin,
            blocks=tuple(blocks),
            format="pdf",
            title=meta.get("title") or _first_title(blocks),
            issuer=meta.get("issuer"),
            author=meta.get("author"),
            date=meta.get("date"),
            content_hash=fingerprint(data),
        )
    ]


def _read_pages(origin: str, pdf, options: ReadOptions) -> list[list[Line]]:  # noqa: ANN001
    """The lines of each page read, up to ``max_pdf_pages``; a page that fails is empty.

    A page whose content streams were all read already for an earlier page (a small file can
    share one large stream among hundreds of pages) is not read again. When the time budget runs
    out (``read.budget``), the pages read so far are kept.
    """
    try:
        n_pages = len(pdf.pages)
    except Exception as exc:  # noqa: BLE001 - a broken page tree is one more way to be invalid
        raise SourceError(origin, f"not a valid PDF: {_short(exc)}") from None
    if n_pages == 0:
        raise SourceError(origin, "not a valid PDF: no pages")
    limit = max(1, options.max_pdf_pages)
    if n_pages > limit:
        log.warning("%s: %d pages; reading only the first %d (max_pdf_pages)", origin, n_pages, limit)
    pages, failures, streams, repeated = [], [], set(), 0
    for i in range(min(n_pages, limit)):
        try:
            refs = _content_refs(pdf.pages[i])
            if refs and refs <= streams:
                repeated += 1
                lines = []
            else:
                streams |= refs
                lines = page_lines(pdf.pages[i])
        except OverBudget:
            taken()  # no more rings: what was read is kept, or the source is skipped below
            if not any(pages):
                raise  # nothing to keep: the source is skipped with the budget as its cause
            log.warning("%s: reading only the first %d of %d pages: the time budget of %g s (max_seconds) ran out",
                        origin, i, n_pages, options.max_seconds)
            break
        except Exception as exc:  # noqa: BLE001 - one bad page should not lose the others
            failures.append(exc)
            lines = []
        for ln in lines:
            ln.page = i + 1
        pages.append(lines)
    if repeated:
        log.warning("%s: %d page(s) repeat the content of an earlier page; read once", origin, repeated)
    if failures and len(failures) == len(pages):
        raise SourceError(origin, f"not a valid PDF: cannot extract text ({_short(failures[0])})")
    if failures:
        log.warning("%s: skipped %d page(s) whose text could not be extracted", origin, len(failures))
    return pages


def _content_refs(page) -> set[tuple[int, int]]:  # noqa: ANN001
    """The objects holding the page's content streams (none for content written into the page)."""
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    refs: set[tuple[int, int]] = set()
    if hasattr(contents, "idnum"):
        refs.add((contents.idnum, contents.generation))
        contents = contents.get_object()
    if isinstance(contents, list):
        for item in contents:
            if not hasattr(item, "idnum"):
                return set()  # a stream written into the array cannot be shared: read the page
            refs.add((item.idnum, item.generation))
    return refs


# --- opening -------------------------------------------------------------------------------------


def _open(origin: str, data: bytes):  # noqa: ANN202 - a pypdf.PdfReader
    import pypdf  # the PDF engine loads on the first PDF read
    from pypdf.errors import DependencyError

    try:
        pdf = pypdf.PdfReader(io.BytesIO(data), strict=False)
        encrypted = pdf.is_encrypted
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on malformed input
        raise SourceError(origin, f"not a valid PDF: {_short(exc)}") from None
    if encrypted:
        try:
            opened = pdf.decrypt("")
        except DependencyError:
            raise SourceError(origin, "encrypted PDF; cannot decrypt it here (install 'cryptography')") from None
        except Exception:  # noqa: BLE001
            opened = 0
        if not opened:
            raise SourceError(origin, "encrypted PDF; remove the password first")
    return pdf


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 100 else text[:97] + "..."


# --- metadata ------------------------------------------------------------------------------------


def _metadata(pdf, options: ReadOptions) -> dict:  # noqa: ANN001
    try:
        info = pdf.metadata or {}
    except Exception:  # noqa: BLE001 - broken metadata is no reason to refuse the text
        return {}

    def text(*keys: str) -> str | None:
        for key in keys:
            try:
                value = info.get(key)
                value = value.get_object() if hasattr(value, "get_object") else value
            except Exception:  # noqa: BLE001
                continue
            if isinstance(value, str):
                clean = " ".join(value.translate(CONTROLS).split())
                if clean:
                    return clean
        return None

    out: dict = {}
    title = text("/Title")
    if title:
        title = _APP_PREFIX.sub("", title).strip()
        if title and not _JUNK_TITLE.search(title) and not re.fullmatch(r"[\w.-]+_[\w.-]+", title):
            out["title"] = title
    author = text("/Author")
    if author and not re.fullmatch(r"(?i)user|admin(istrator)?|owner|unknown|author|\W*", author):
        out["author"] = author
    issuer = text("/Company", "/Publisher", "/Organization", "/Organisation", "/Issuer")
    if issuer and not _SOFTWARE.search(issuer):
        out["issuer"] = issuer
    out["date"] = metadata_date(text("/CreationDate"), options.today)  # D:YYYYMMDDHHmmSS+HH'mm'
    return out


def _first_title(blocks: list[Block]) -> str | None:
    """The first heading on page 1, else its first block when that is short and not a sentence."""
    first_page = [b for b in blocks if b.page == blocks[0].page]
    for b in first_page[:5]:
        if b.heading and len(b.text) <= 200:
            return b.text
    b = first_page[0]
    if len(b.text.split()) <= 15 and len(b.text) <= 120 and not re.search(r"[.!?]$", b.text):
        return b.text
    return None
