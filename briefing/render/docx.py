"""brief.docx: the page and its annex as a Word document, built from the model with python-docx.

The same items as the PDF's page 1 (it is rendered from the fitted brief), then the annex on a
page of its own. Word's heading styles carry the structure (Title, Heading 1 for sections and
the annex, Heading 2 for each source in it), so the navigation pane works and a ministry's
template restyles the brief when it is pasted in. Each citation marker is an internal hyperlink
to a bookmark on its annex paragraph (``s2_p3``); source titles link to their originals. The
branding goes into the header and footer of every page, the marking on each, and into the core
properties. The bytes depend only on the brief: zip entries and property dates are pinned to
SOURCE_DATE_EPOCH or the as-of date (docx_parts.pinned_bytes).
"""

from __future__ import annotations

import base64
import datetime as dt
import io

from briefing.config.settings import Branding
from briefing.model import Brief, Citation, Item, Section, SectionKey, Source
from briefing.render.docx_parts import bookmark, drop_thumbnail, field, hyperlink, pinned_bytes, run, styled
from briefing.render.pdf import font_epoch
from briefing.render.templates import (
    MARKERS_SHOWN, cited, describe, format_date, listed_sources, marker, plural, web_url,
)

ACCENT, MUTED, WARN, MARK = "1D4F91", "5A6577", "9A5B00", "8B1A1A"  # as brief.css, at AA contrast
PAGES = {"A4": (210, 297), "Letter": (215.9, 279.4)}  # millimetres


def bookmark_name(c: Citation) -> str:
    """The annex paragraph's bookmark: Word's names take letters, digits and underscores."""
    return f"s{c.source}_p{c.paragraph}"


def render_docx(brief: Brief, branding: Branding | None = None) -> bytes:
    """The brief as DOCX bytes."""
    import docx  # python-docx: loaded only when a DOCX is built

    branding = branding or Branding()
    document = docx.Document()
    drop_thumbnail(document)
    _styles(document)
    _page(document, brief, branding)
    _title(document, brief, branding)
    for section in brief.sections:
        _section(document, brief, section)
    _sources(document, brief)
    _annex(document, brief)
    props = document.core_properties
    props.title, props.author = brief.title, branding.author or branding.organisation or "briefing"
    props.subject = f"Situation brief as of {format_date(brief.as_of)}"
    props.keywords = branding.marking or ""
    props.comments, props.last_modified_by, props.category = "", props.author, "Situation brief"
    return pinned_bytes(document, _when(brief.as_of))


def _when(as_of: dt.date) -> dt.datetime:
    epoch = font_epoch(as_of)  # SOURCE_DATE_EPOCH when set, else the as-of date: never the clock
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc)


def _styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.size = Pt(9.5)
    normal.paragraph_format.space_after = Pt(2)
    # tighter than python-docx's template, nearer the PDF's page; a ministry's template restyles them
    for name, size, before in (("Title", 18, 0), ("Heading 1", 11, 7), ("Heading 2", 10, 6)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(2)
    document.styles["List Bullet"].paragraph_format.space_after = Pt(1)
    citation = document.styles.add_style("Citation", WD_STYLE_TYPE.CHARACTER)
    citation.font.size, citation.font.bold, citation.font.color.rgb = Pt(7.5), True, RGBColor.from_string(ACCENT)
    quiet = document.styles.add_style("Quiet", WD_STYLE_TYPE.CHARACTER)
    quiet.font.color.rgb = RGBColor.from_string(MUTED)
    marking = document.styles.add_style("Marking", WD_STYLE_TYPE.CHARACTER)
    marking.font.bold, marking.font.color.rgb = True, RGBColor.from_string(MARK)


def _page(document, brief: Brief, branding: Branding) -> None:
    """Page size and margins as the PDF's; header and footer on every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    width, height = PAGES.get(brief.page_size, PAGES["A4"])
    section = document.sections[0]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Mm(13)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if branding.marking:
        run(head, branding.marking, "Marking")
    if branding.organisation:
        run(head, ("  ·  " if branding.marking else "") + branding.organisation, "Quiet")
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if branding.marking:
        run(foot, branding.marking + "  ·  ", "Marking")
    run(foot, f"{brief.title}  ·  Page ", "Quiet")
    field(foot, "PAGE")
    run(foot, " of ", "Quiet")
    field(foot, "NUMPAGES")
    for added in foot.runs:
        added.font.size = Pt(7.5)


def _title(document, brief: Brief, branding: Branding) -> None:
    from docx.shared import Mm

    if branding.logo:
        data = base64.b64decode(branding.logo.partition(",")[2])
        document.add_paragraph().add_run().add_picture(io.BytesIO(data), height=Mm(10))
    kicker = document.add_paragraph()
    run(kicker, ((branding.organisation + " · ") if branding.organisation else "") + "Situation brief", "Quiet")
    document.add_heading(brief.title, level=0)
    kinds: dict[str, int] = {}
    for s in brief.sources:
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    counted = ", ".join(f"{n} {plural(kind, n)}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    line = document.add_paragraph()
    run(line, "Sources undated; built on " if getattr(brief, "undated", False) else "As of ", "Quiet")
    line.add_run(format_date(brief.as_of)).bold = True
    n = len(brief.sources)
    extra = f" · {len(brief.skipped)} skipped" if brief.skipped else ""
    extra += f" · {branding.author}" if branding.author else ""
    run(line, f" · {n} source{'' if n == 1 else 's'} ({counted}){extra}", "Quiet")


def _section(document, brief: Brief, section: Section) -> None:
    document.add_heading(section.title, level=1)
    previous: Item | None = None
    for item in section.items:
        if section.key == SectionKey.CONFLICTS and (previous is None or item.note != previous.note):
            document.add_paragraph().add_run(item.note or "").italic = True
        _item(document, section.key, item)
        previous = item
    changes = brief.changes
    if section.key == SectionKey.CHANGES and changes and changes.dropped:
        quoted = "; ".join(f"“{text[:90]}”" for text in changes.dropped[:2])
        more = f" and {len(changes.dropped) - 2} more" if len(changes.dropped) > 2 else ""
        run(document.add_paragraph(), f"No longer in the sources: {quoted}{more}.", "Quiet").italic = True


def _item(document, key: str, item: Item) -> None:
    paragraph = styled(document.add_paragraph(), "ListBullet")
    if item.label:
        paragraph.add_run(item.label if key == SectionKey.TIMELINE else f"{item.label}:").bold = True
        paragraph.add_run("  " if key == SectionKey.TIMELINE else " ")
    paragraph.add_run(item.text + " ")
    for c in item.citations[:MARKERS_SHOWN]:
        hyperlink(paragraph, marker(c), anchor=bookmark_name(c), style="Citation", tooltip=describe(c))
    if len(item.citations) > MARKERS_SHOWN:
        first = item.citations[MARKERS_SHOWN]
        hyperlink(paragraph, f" +{len(item.citations) - MARKERS_SHOWN}", anchor=bookmark_name(first), style="Citation",
                  tooltip=f"{len(item.citations) - MARKERS_SHOWN} more citations, from {describe(first)}")
    if item.origins > 1 and key != SectionKey.TIMELINE:
        run(paragraph, f" {item.origins} sources", "Quiet")
    if key == SectionKey.CHANGES and item.note:
        run(paragraph, f" ({item.note})", "Quiet")


def _source_line(document, s: Source) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{s.id}  ").bold = True
    url = web_url(s.url)
    if url:
        hyperlink(paragraph, s.title, url=url, tooltip=f"the original of source {s.id}", bold=True)
    else:
        paragraph.add_run(s.title).bold = True
    issuer = f", {s.issuer}" if s.issuer and s.issuer not in s.title else ""
    date = (format_date(s.date, "short") + (" (inferred)" if s.date_inferred else "")) if s.date else "undated"
    copy = f", copy of source {s.duplicate_of}" if s.duplicate_of else ""
    run(paragraph, f"  {s.kind}{issuer}, {date}{copy}", "Quiet")


def _sources(document, brief: Brief) -> None:
    document.add_heading("Sources", level=1)
    listed = listed_sources(brief)
    for s in listed:
        _source_line(document, s)
    unlisted = len(brief.sources) - len(listed)
    if unlisted:
        run(document.add_paragraph(), f"{unlisted} more source{'' if unlisted == 1 else 's'} not cited on this page: "
            f"all {len(brief.sources)} are listed at the end of the annex.", "Quiet").italic = True


def _annex(document, brief: Brief) -> None:
    heading = document.add_heading("Source paragraphs", level=1)
    heading.paragraph_format.page_break_before = True
    run(document.add_paragraph(), "Every paragraph the brief cites, as it stands in its source.", "Quiet")
    number = 0
    for source, paragraphs in cited(brief):
        document.add_heading(f"{source.id}. {source.title}", level=2)
        url = web_url(source.url)
        for p in paragraphs:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"¶{p.n}" + (f" p.{p.page}" if p.page else "") + " ").bold = True
            paragraph.add_run(p.text)
            if url:
                paragraph.add_run(" ")
                hyperlink(paragraph, "original", url=url, style="Quiet",
                          tooltip=f"the original of source {source.id}, paragraph {p.n}")
            number += 1
            bookmark(paragraph, bookmark_name(Citation(source.id, p.n)), number)
    if len(listed_sources(brief)) < len(brief.sources):
        document.add_heading("All sources", level=2)
        for s in brief.sources:
            _source_line(document, s)
