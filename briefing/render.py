"""Rendering: the Jinja environment, Markdown and HTML, the PDF, and the fit to one page.

The PDF engine may only load our own templates, CSS and fonts: ``LocalFetcher`` refuses every
other URL, whatever a source or a user template contains. Source text is escaped everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from .errors import TemplateError
from .model import Brief, Citation, Section, Source

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")


def shipped_templates() -> Path:
    """The templates folder shipped with the package (or the source checkout's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "brief.html.j2").is_file():
            return candidate
    raise TemplateError("the shipped templates are missing: reinstall briefing")


def environment(template_dir: Path | None = None):
    """A Jinja environment: the user's folder first, then the shipped templates.

    Sandboxed: a template reads the model's public attributes but cannot reach Python's internals
    (``__class__``, ``__globals__``, ...), so it cannot import, open files or fetch.
    """
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    folders = [str(template_dir)] if template_dir else []
    folders.append(str(shipped_templates()))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(f) for f in folders]),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2", "htm"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=format_date,
        md=md_escape,
        marker=marker,
        anchor=anchor,
        web_url=web_url,
        plural=plural,
        fragment=text_fragment,
    )
    return env


def format_date(d: dt.date | None, style: str = "long") -> str:
    if d is None:
        return "undated"
    if style == "short":
        return f"{d.day} {d.strftime('%b')} {d.year}"
    return f"{d.day} {d.strftime('%B')} {d.year}"


def marker(c: Citation) -> str:
    """The compact citation marker: [2¶3], or [3 p.2 ¶4] when the paragraph has a page."""
    if c.page:
        return f"[{c.source} p.{c.page} ¶{c.paragraph}]"
    return f"[{c.source}¶{c.paragraph}]"


def anchor(c: Citation) -> str:
    return f"s{c.source}-p{c.paragraph}"


def plural(noun: str, n: int) -> str:
    """"news report" -> "news reports", "feed entry" -> "feed entries", "remarks" stays."""
    if n == 1 or noun.endswith("s"):
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def web_url(url: str | None) -> str:
    """The URL when it is http or https (a link back to the original), else an empty string.

    Brackets, parentheses, backslashes and backticks are percent-encoded: in a Markdown link a
    source's URL could otherwise end the link early and start markup of its own (an image).
    """
    if url and re.match(r"(?i)^https?://[^\s<>\"']+$", url):
        return _URL_UNSAFE.sub(lambda m: f"%{ord(m[0]):02X}", url)
    return ""


_URL_UNSAFE = re.compile(r"[()\[\]\\`{}|^]")


def text_fragment(text: str, words: int = 8) -> str:
    """A ``#:~:text=`` directive that lands a browser on the paragraph: its first and last words."""
    from urllib.parse import quote

    parts = text.split()
    if len(parts) <= 2 * words:
        return quote(" ".join(parts), safe="")
    return quote(" ".join(parts[:words]), safe="") + "," + quote(" ".join(parts[-words:]), safe="")


def md_escape(text: str) -> str:
    """Escape source text so that nothing in it becomes Markdown or HTML markup."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text))
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    return re.sub(r"^(\s*)([-+]|\d+[.)])(\s)", r"\1\\\2\3", text)


def _render(env, name: str, **context) -> str:
    import jinja2

    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{name}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{name}: {exc}") from None


def cited(brief: Brief) -> list[tuple]:
    """The annex: each source with the paragraphs the brief cites, in order."""
    wanted: dict[int, set[int]] = {}
    for section in brief.sections:
        for item in section.items:
            for c in item.citations:
                wanted.setdefault(c.source, set()).add(c.paragraph)
    out = []
    for s in brief.sources:
        if s.id in wanted:
            out.append((s, [s.paragraph(n) for n in sorted(wanted[s.id])]))
    return out


SOURCES_ON_PAGE = 12  # beyond this many sources, page 1 lists only those the brief cites
ANNEX_SOURCES = 300  # the HTML/PDF annex lists this many sources at most; brief.md and brief.json list all
MARKERS_SHOWN = 4  # citation markers printed per item; the rest are counted ("+26") and in brief.json


def listed_sources(brief: Brief) -> tuple[Source, ...]:
    """The sources page 1 lists: all of them when few, else those the brief cites (the annex
    lists every source), so that the page holds the brief whatever the number of sources."""
    if len(brief.sources) <= SOURCES_ON_PAGE:
        return brief.sources
    ids = {c.source for s in brief.sections for it in s.items for c in it.citations[:MARKERS_SHOWN]}
    return tuple(s for s in brief.sources if s.id in ids)


def context(brief: Brief, *, annex: bool = True) -> dict:
    kinds: dict[str, int] = {}
    for s in brief.sources:
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    listed = listed_sources(brief)
    return {
        "brief": brief,
        "sections": brief.sections,
        "sources": brief.sources,
        "listed": listed,
        "shown": MARKERS_SHOWN,
        "annex_sources": brief.sources[:ANNEX_SOURCES],
        "unlisted": len(brief.sources) - len(listed),
        "annex": cited(brief) if annex else [],
        "kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        "page_size": brief.page_size,
    }


def render_markdown(brief: Brief, env) -> str:
    return _render(env, "brief.md.j2", **context(brief))


def render_html(brief: Brief, env, *, annex: bool = True) -> str:
    css = _render(env, "brief.css")
    return _render(env, "brief.html.j2", css=css, **context(brief, annex=annex))


# --- PDF ------------------------------------------------------------------------------------------

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


def page_count(brief: Brief, env, roots: list[Path]) -> int:
    """Pages the brief itself (without the annex) takes when rendered."""
    return len(pdf_document(render_html(brief, env, annex=False), roots).pages)


def fit_to_page(brief: Brief, env, roots: list[Path]) -> Brief:
    """Drop the lowest-ranked items until the brief fits on page one (measured, not estimated)."""
    if page_count(brief, env, roots) <= 1:
        return brief
    order = _drop_order(brief)
    lo, hi = 1, len(order)  # the smallest number of drops that fits
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        trial = _without(brief, set(order[:mid]))
        if page_count(trial, env, roots) <= 1:
            best, hi = trial, mid - 1
        else:
            lo = mid + 1
    if best is None:
        best = _without(brief, set(order))
    return replace(best, dropped=brief_items(brief) - brief_items(best))


def brief_items(brief: Brief) -> int:
    return sum(len(s.items) for s in brief.sections)


# Items each section keeps before any other section gives up its last ones; conflicts go last.
MIN_KEEP = {"bottom_line": 2, "changes": 2, "key_developments": 2, "positions": 2, "timeline": 3, "figures": 1,
            "conflicts": 2}
_YIELD_FIRST = ("figures", "key_developments", "positions", "timeline", "changes", "bottom_line", "conflicts")


def _drop_order(brief: Brief) -> list[tuple[str, int]]:
    """Items in the order they leave the page: sections take turns giving up their lowest-ranked
    item, the section with most to spare first, so no section is emptied while others are full."""
    remaining = {
        s.key: sorted(range(len(s.items)), key=lambda i: (s.items[i].score, -i), reverse=True)
        for s in brief.sections
    }  # best first; the lowest-ranked is popped from the end
    order: list[tuple[str, int]] = []
    for floor in (MIN_KEEP, {k: 1 for k in MIN_KEEP}, {k: 0 for k in MIN_KEEP}):
        while True:
            spare = [(len(v) - floor.get(k, 1), -_YIELD_FIRST.index(k) if k in _YIELD_FIRST else 0, k)
                     for k, v in remaining.items() if len(v) > floor.get(k, 1)]
            if not spare:
                break
            _, _, key = max(spare)
            order.append((key, remaining[key].pop()))
    return order


def _without(brief: Brief, drop: set[tuple[str, int]]) -> Brief:
    sections = []
    for s in brief.sections:
        items = tuple(it for i, it in enumerate(s.items) if (s.key, i) not in drop)
        if items or not s.items:  # a section emptied by the fit goes; one that never had items stays
            sections.append(Section(s.key, s.title, items))
    return replace(brief, sections=tuple(sections))


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

