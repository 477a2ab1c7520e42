"""The brief through its templates: the Jinja environment and its filters, Markdown and HTML.

Source text is escaped everywhere; templates run in Jinja's sandbox.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from markupsafe import Markup

from briefing.config.settings import Branding
from briefing.errors import TemplateError
from briefing.model import Brief, Citation, SectionKey, Source

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")


def shipped_templates() -> Path:
    """The templates folder shipped with the package (or the source checkout's)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "brief.html.j2").is_file():
            return candidate
    raise TemplateError("the shipped templates are missing: reinstall briefing")


def environment(template_dir: Path | None = None, branding: Branding | None = None):
    """A Jinja environment: the user's folder first, then the shipped templates.

    Sandboxed: a template reads the model's public attributes but cannot reach Python's internals
    (``__class__``, ``__globals__``, ...), so it cannot import, open files or fetch. ``branding``
    (``[brief] author, organisation, marking, logo``) is a global of every template.
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
        describe=describe,
        css_string=css_string,
    )
    env.globals["branding"] = branding or Branding()
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


def describe(c: Citation) -> str:
    """What a citation link points to, in words: "source 2, paragraph 3" (a link's accessible name)."""
    page = f", page {c.page}" if c.page else ""
    return f"source {c.source}{page}, paragraph {c.paragraph}"


def css_string(text: str):
    """Text as the inside of a CSS string: every character but letters, digits and spaces escaped
    (``\\3a `), so a value cannot end the string, the rule or the <style> element."""
    return Markup("".join(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):x} " for ch in str(text)))


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


def render_template(env, name: str, **context) -> str:
    """Render any template of the environment (the published folder's index.html)."""
    return _render(env, name, **context)


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


LANG = "en"  # the language of the brief's own words (headings, labels); the analysis reads English


def context(brief: Brief, *, annex: bool = True, mail: bool = False) -> dict:
    """What the templates see. ``mail``: citations link to the originals (none without a URL),
    since a mail client has no annex to jump to."""
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
        "keys": SectionKey,
        "lang": LANG,
        "mail": mail,
        "cite_href": (lambda c: original_link(brief, c)) if mail else (lambda c: "#" + anchor(c)),
    }


def original_link(brief: Brief, c: Citation) -> str:
    """The cited paragraph in its original on the web (a text fragment), or "" when it has none."""
    source = brief.source(c.source)
    url = web_url(source.url)
    if not url:
        return ""
    return f"{url}#:~:text={text_fragment(source.paragraph(c.paragraph).text)}"


def render_markdown(brief: Brief, env) -> str:
    return _render(env, "brief.md.j2", **context(brief))


def render_html(brief: Brief, env, *, annex: bool = True, mail: bool = False) -> str:
    css = _render(env, "brief.css")
    return _render(env, "brief.html.j2", css=css, **context(brief, annex=annex, mail=mail))


def render_text(brief: Brief, env) -> str:
    """The page as plain text (the mail's text part): plain [2¶3] markers, sources with their URLs."""
    return _render(env, "brief.txt.j2", **context(brief, annex=False))
