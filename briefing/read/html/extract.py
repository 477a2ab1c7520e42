"""The article in a page: main-content detection and metadata by trafilatura (default, balanced
settings: on our benchmark its precision- and recall-oriented modes both scored lower)."""

from __future__ import annotations

import datetime as dt
import logging

from briefing.model import Block
from briefing.text.markup import body_blocks

_EXTENSIVE_DATE_LIMIT = 500_000  # characters of HTML


def _quiet_engines() -> None:
    """Silence the extraction engines' own logging, once, when this module is first loaded.

    trafilatura and htmldate log "discarding data" and the like at WARNING/ERROR; our callers learn
    about a page that yields nothing from the SourceError instead.
    """
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


_quiet_engines()


def extract(tree, stated_date: dt.date | None, size: int, today: dt.date | None):  # noqa: ANN001, ANN201
    """Run trafilatura on the parsed page (it copies the tree); return (blocks, metadata) or None.

    htmldate's extensive search (dates guessed from the text, partly via dateparser) costs up to
    seconds on long pages, so it only runs when the page states no published date of its own and
    is not huge. Dates after ``today`` (the run's date) are not guessed; without it, htmldate
    takes its own clock's date.
    """
    import trafilatura  # the extraction engine loads on the first page read

    date_config = {"original_date": True, "extensive_search": stated_date is None and size <= _EXTENSIVE_DATE_LIMIT}
    if today is not None:
        date_config["max_date"] = today.isoformat()
    meta = trafilatura.extract_metadata(tree, date_config=date_config)
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if doc is None or doc.body is None:
        return None
    blocks: list[Block] = body_blocks(doc.body)
    return blocks, meta
