"""Saved web pages: the article's own text and its metadata, without the page around it.

One module per step:

* ``sniff``: recognise a page and decode it with its declared charset (nothing is ever fetched);
* ``parse``: parse it, refusing pages too large or too deeply nested to read in bounded time;
* ``extract``: main-content detection and metadata by trafilatura; its XML body becomes blocks
  in ``text.markup``, so that headings, paragraphs and list items keep their own boundaries and
  ``<br><br>`` runs inside one ``<p>`` become paragraphs;
* ``stories``: pages made of several stories in repeated containers (newsletters, live pages) get
  the sibling stories that trafilatura's single-body choice left out;
* ``clean``: page furniture goes (``text.furniture``): ``Advertisement``, ``Share this``, bylines,
  credits, cookie notices, lists of links, the headline repeated as the first block (it is the
  title), the "Related" / "Most read" lists under their headings, headings with nothing under them;
* ``meta``: the published date from the page's article metadata before trafilatura's wider guess,
  author names tidied (capitals, trailing datelines, the site's own name), title and URL.

A ``.html`` file with no tags at all is plain text, and is read by the text reader.
"""

from __future__ import annotations

from briefing.model import Document
from briefing.read.base import ReadOptions
from briefing.read.html.sniff import looks_like_html

__all__ = ["HtmlReader"]


class HtmlReader:
    """Saved web pages: the main article text, with title, site, author, date and URL."""

    name = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def sniff(self, head: bytes) -> bool:
        return looks_like_html(head)

    def read(self, origin: str, data: bytes, options: ReadOptions) -> list[Document]:
        # the page's rules and engines load on the first page read, not on the no-change path
        from briefing.read.html.page import read_page

        return read_page(origin, data, options)
