"""The pieces of WordprocessingML that python-docx has no call for: internal hyperlinks, bookmarks,
page-number fields, and a package whose bytes depend only on its content.

python-docx is imported by the caller (render/docx.py), inside the function that builds the
document; this module only builds XML elements with its ``OxmlElement`` and ``qn``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold: no clock in the bytes


def oxml():
    from docx.oxml import OxmlElement  # python-docx: loaded only when a DOCX is built
    from docx.oxml.ns import qn

    return OxmlElement, qn


def run(paragraph, text: str, style: str | None = None):
    """Append a run in the character style of id ``style``. (python-docx's own lookup by name
    scans every style for each run: a tenth of a second per page.)"""
    added = paragraph.add_run(text)
    if style:
        added._r.style = style
    return added


def styled(paragraph, style: str):
    """Give a paragraph the paragraph style of id ``style`` ("ListBullet")."""
    paragraph._p.style = style
    return paragraph


def bookmark(paragraph, name: str, number: int) -> None:
    """Bookmark the whole paragraph as ``name`` (a citation link's target)."""
    element, qn = oxml()
    start, end = element("w:bookmarkStart"), element("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    p = paragraph._p  # python-docx's XML element of the paragraph
    properties = p.pPr
    if properties is not None:
        properties.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def hyperlink(paragraph, text: str, *, anchor: str | None = None, url: str | None = None,
              style: str | None = None, tooltip: str | None = None, bold: bool = False) -> None:
    """Append a link: to a bookmark of this document (``anchor``) or to a web page (``url``)."""
    element, qn = oxml()
    link = element("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    else:
        from docx.opc.constants import RELATIONSHIP_TYPE

        link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    if tooltip:
        link.set(qn("w:tooltip"), tooltip)
    link.set(qn("w:history"), "1")
    added = run(paragraph, text, style)
    added.bold = bold or None
    link.append(added._r)  # the run moves into the link
    paragraph._p.append(link)


def field(paragraph, instruction: str, shown: str = "1") -> None:
    """Append a field such as PAGE or NUMPAGES, showing ``shown`` until Word updates it."""
    element, qn = oxml()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, shown), ("end", None)):
        added = paragraph.add_run()
        if kind:
            char = element("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            added._r.append(char)
        elif text == instruction:
            code = element("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            added._r.append(code)
        else:
            added.text = text


def drop_thumbnail(document) -> None:
    """Remove the thumbnail python-docx's template carries: a picture of some other document."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)


def pinned_bytes(document, when: dt.datetime) -> bytes:
    """The document's bytes with every zip entry dated ``ZIP_TIME`` and its properties dated
    ``when``: the same brief gives the same bytes."""
    props = document.core_properties
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
    props.revision = 1
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
