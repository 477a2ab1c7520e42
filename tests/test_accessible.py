"""The PDF a screen reader and a records office can take: tagged (PDF/UA-1) by default, XMP
metadata, language, title in the window, links that say where they go, colours at WCAG AA
contrast; PDF/A-3b on request; branding and a marking on every page of every format."""

from __future__ import annotations

import json
import re
import shutil
import struct
import zlib

from pypdf import PdfReader

from conftest import ROOT, SEEDS, run_cli


def test_the_pdf_is_tagged_with_metadata_language_and_its_title_in_the_window(seeds_build, seeds_brief):
    reader = PdfReader(str(seeds_build / "brief.pdf"))
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    assert tree["/K"] and tree["/ParentTree"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": seeds_brief["title"]}
    assert b"pdfuaid:part=\"1\"" in root["/Metadata"].get_object().get_data()
    assert _tags(tree) >= {"/H1", "/H2", "/L", "/LI", "/Link", "/P"}


def _tags(node, seen=None, depth=0) -> set[str]:
    """The structure types under a structure element."""
    seen = set() if seen is None else seen
    node = node.get_object()
    if depth > 40:
        return seen
    if hasattr(node, "get") and node.get("/S"):
        seen.add(str(node["/S"]))
    kids = node.get("/K") if hasattr(node, "get") else None
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            _tags(kid, seen, depth + 1)
    return seen


def test_every_citation_link_says_which_source_and_paragraph(seeds_build, seeds_brief):
    reader = PdfReader(str(seeds_build / "brief.pdf"))
    links = [a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object()["/Subtype"] == "/Link"]
    cited = {(c["source"], c["paragraph"]) for s in seeds_brief["sections"] for i in s["items"] for c in i["citations"][:4]}
    described = set()
    for link in links:
        m = re.fullmatch(r"s(\d+)-p(\d+)", str(link["/Dest"]))
        assert m, link
        assert link["/Contents"] == f"source {m[1]}, paragraph {m[2]}"
        described.add((int(m[1]), int(m[2])))
    assert described == cited


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_text_colour_has_wcag_aa_contrast_on_every_background():
    css = (ROOT / "templates" / "brief.css").read_text() + (ROOT / "templates" / "brief.html.j2").read_text()
    variables = dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", css))

    def colours(pattern: str, text: str) -> set[str]:
        found = set()
        for value in re.findall(pattern, text):
            var = re.fullmatch(r"var\(--(\w+)\)", value)
            found.add(variables[var[1]] if var else value)
        return {c.lower() for c in found if c.startswith("#")}

    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    text = set().union(*(colours(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|var\(--\w+\))", body) for _, body in rules))
    grounds = {"#ffffff"}.union(*(colours(r"background:\s*(#[0-9a-fA-F]{6}|var\(--\w+\))", body)
                                  for selector, body in rules if "::before" not in selector))
    assert len(text) >= 6 and len(grounds) >= 4, (text, grounds)
    low = [(t, g, round(contrast(t, g), 2)) for t in text for g in grounds if contrast(t, g) < 4.5]
    assert not low, low
    assert contrast("#8a94a3", "#ffffff") < 4.5  # the old footer grey fails the same check


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\0" + bytes((29, 79, 145)) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


BRANDED = """\
[brief]
author = "Duty Officer"
organisation = "Ministry of Examples"
marking = "TLP:AMBER"
logo = "logo.png"
pdf_variant = "pdf/a-3b"

[[source]]
path = "seeds"
"""


def test_branding_marking_and_pdf_a(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "logo.png").write_bytes(_png(40, 20))
    (tmp_path / "briefing.toml").write_text(BRANDED, encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "output"
    reader = PdfReader(str(out / "brief.pdf"))
    assert len(reader.pages) >= 2
    for page in reader.pages:  # the marking is on every page, the annex's too
        assert (page.extract_text() or "").count("TLP:AMBER") >= 2
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert reader.trailer["/Root"]["/StructTreeRoot"]["/K"]  # PDF/A-3b is tagged too
    assert reader.metadata.author == "Duty Officer" and "TLP:AMBER" in reader.metadata.subject
    assert "ministry of examples" in reader.pages[0].extract_text().lower()
    assert "/XObject" in str(reader.pages[0]["/Resources"].keys()) or reader.pages[0].images  # the logo
    html = (out / "brief.html").read_text()
    assert 'class="marking"' in html and "data:image/png;base64," in html and "Ministry of Examples" in html
    assert (out / "brief.md").read_text().startswith("**TLP:AMBER**")
    brief = json.loads((out / "brief.json").read_text())
    assert (brief["marking"], brief["author"], brief["organisation"]) == ("TLP:AMBER", "Duty Officer", "Ministry of Examples")


def test_a_logo_that_is_not_an_image_is_a_manifest_error(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "logo.png").write_text("not a picture")
    (tmp_path / "briefing.toml").write_text(BRANDED.replace('pdf_variant = "pdf/a-3b"', 'pdf_variant = "pdf/x-4"'), encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "briefing.toml:5: [brief] logo:" in lines[0] and "not a PNG or JPEG image" in lines[0]
    assert "briefing.toml:6: [brief] pdf_variant: 'pdf/x-4' is not one of pdf/ua-1, pdf/a-3b" in lines[1]
    assert not (tmp_path / "output").exists()


def test_no_file_is_left_to_load(seeds_build):
    html = (seeds_build / "brief.html").read_text()
    for found in re.findall(r"""(?:src|href)=["']([^"'#][^"']*)["']|url\(["']?([^"')]+)""", html):
        ref = found[0] or found[1]
        assert ref.startswith(("data:", "http://", "https://")), ref  # links to originals are navigation, not loads
    assert html.count("data:font/woff2;base64,") == 4


def test_a_hyphenated_marking_stays_on_one_line_in_every_margin(tmp_path):
    # 'OFFICIAL-SENSITIVE' once broke after its hyphen in the footer, beside the title: read as 'OFFICIAL-'
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "logo.png").write_bytes(_png(40, 20))
    (tmp_path / "briefing.toml").write_text(BRANDED.replace("TLP:AMBER", "OFFICIAL-SENSITIVE"), encoding="utf-8")
    result = run_cli("build", "--format", "pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for page in PdfReader(str(tmp_path / "output" / "brief.pdf")).pages:
        text = page.extract_text() or ""
        assert text.count("OFFICIAL-SENSITIVE") == 2, text[-200:]  # the top and the bottom margin, whole
