"""Parsing a page into a tree, and refusing the pages that would take too long or lose text."""

from __future__ import annotations

import re

from briefing.errors import SourceError
from briefing.read.base import ReadOptions

_XML_DECL = re.compile(r"\A\s*<\?xml[^>]*\?>")


def parse(text: str):  # noqa: ANN201 - an lxml tree, or None
    """Parse with trafilatura's loader (lxml); fragments without <html> are wrapped first."""
    # lxml and trafilatura load on the first page read, not on the no-change path
    from lxml import html as lxml_html
    from trafilatura.utils import load_html

    text = _XML_DECL.sub("", text, count=1)
    try:
        tree = load_html(text)
    except Exception:  # noqa: BLE001 - fall back to lxml's own document parser
        tree = None
    if tree is None or len(tree) == 0:
        if "<body" not in text[:100_000].lower():
            text = f"<html><body>{text}</body></html>"
        try:
            tree = lxml_html.document_fromstring(text)
        except Exception:  # noqa: BLE001
            return None
    return tree


def check_shape(origin: str, tree, options: ReadOptions) -> None:  # noqa: ANN001
    """Refuse a page with more elements than trafilatura extracts from in bounded time (its time
    grows faster than the page), or nested deeper than ``max_nesting``: libxml2 drops whatever lies
    deeper than 256 levels, so such a page would lose its text without a word."""
    from lxml import etree  # see parse()

    elements = depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        elements += 1
        depth += 1
        deepest = max(deepest, depth)
        if elements > options.max_html_elements:
            raise SourceError(origin, f"too many HTML elements (over {options.max_html_elements:,}; max_html_elements)")
    if deepest > options.max_nesting:
        raise SourceError(origin, f"HTML nested more than {options.max_nesting} levels deep (max_nesting); refused")
