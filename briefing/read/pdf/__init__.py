"""PDF: the text layer, rebuilt into paragraphs, with running headers, footers and page numbers dropped.

``lines`` gets each page's lines with their position and font and drops the running lines;
``paragraphs`` rebuilds the paragraphs (breaks, hyphenation, headings). This module opens the file
and reads its metadata.

Limits and errors: only the first ``options.max_pdf_pages`` pages are read (the rest is ignored
and a warning is logged); a page whose text cannot be extracted is skipped. Not a PDF, a password
needed to open it, no text layer (scanned pages) or an unreadable one are SourceErrors.
"""

from __future__ import annotations

from briefing.model import Document
from briefing.read.base import ReadOptions
from briefing.read.pdf.sniff import looks_like_pdf

__all__ = ["PdfReader"]


class PdfReader:
    """PDF files with a text layer."""

    name = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes) -> bool:
        return looks_like_pdf(head)

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        # pypdf and the layout rules load on the first PDF read, not on the no-change path
        from briefing.read.pdf.document import read_pdf

        return read_pdf(origin, data, options)
