"""The PDF reader, on PDFs rendered by WeasyPrint inside the tests (no binary fixtures)."""

from __future__ import annotations

import base64
import datetime as dt
import io

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import SourceError
from briefing.read import READERS, read_bytes, reader_for
from briefing.read.base import ReadOptions, fingerprint
from briefing.read.pdf import PdfReader

weasyprint = pytest.importorskip("weasyprint")

TITLE = "Joint Statement on Maritime Security"

# One long sentence (commas only), so wherever the page break falls it falls mid-sentence.
LONG = (
    "The ministers pledged to deepen cooperation on coast guard training, "
    + "".join(
        f"to expand information sharing among the {n} maritime centres of the region, "
        for n in ("three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
    )
    + "and to hold joint patrols every quarter from next year."
)

STYLE = """
@page { size: A5; margin: 2.2cm 2cm;
  @top-center { content: "%(title)s"; font-size: 9pt }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt } }
body { font-size: 11pt; line-height: 1.4 }
p { margin: 0 0 0.9em 0 }
""" % {"title": TITLE}


def render(body: str, style: str = STYLE, head: str = "") -> bytes:
    html = f"<html><head><meta charset='utf-8'>{head}<style>{style}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def read(data: bytes, **options) -> object:
    docs = PdfReader().read("brief.pdf", data, ReadOptions(**options))
    assert len(docs) == 1
    return docs[0]


@pytest.fixture(scope="module")
def two_pages() -> bytes:
    body = f"""
    <h1>{TITLE}</h1>
    <p>The ministers met in Jakarta on 4 March to discuss the security of sea lanes in the
    Indo-Pacific region. They agreed that freedom of navigation remains essential for trade.</p>
    <p>They condemned the recent attacks on commercial vessels and called on all parties to respect
    inter-<br>national law, including the United Nations Convention on the Law of the Sea.</p>
    <p>{LONG}</p>
    <p>Officials will meet again in September to review progress.</p>
    """
    head = (
        f"<title>{TITLE}</title><meta name='author' content='Jane Doe'>"
        "<meta name='dcterms.created' content='2024-03-05'>"
    )
    data = render(body, head=head)
    assert page_count(data) == 2, "the test document should span exactly two pages"
    return data


def test_two_page_document_paragraphs_pages_and_metadata(two_pages: bytes) -> None:
    doc = read(two_pages)
    texts = [b.text for b in doc.blocks]
    assert texts == [
        TITLE,
        "The ministers met in Jakarta on 4 March to discuss the security of sea lanes in the "
        "Indo-Pacific region. They agreed that freedom of navigation remains essential for trade.",
        "They condemned the recent attacks on commercial vessels and called on all parties to respect "
        "international law, including the United Nations Convention on the Law of the Sea.",
        LONG,
        "Officials will meet again in September to review progress.",
    ]
    assert [b.page for b in doc.blocks] == [1, 1, 1, 1, 2]
    assert doc.blocks[0].heading and not any(b.heading for b in doc.blocks[1:])
    assert doc.format == "pdf"
    assert doc.title == TITLE
    assert doc.author == "Jane Doe"
    assert doc.date == dt.date(2024, 3, 5)
    assert doc.issuer is None  # the Producer (WeasyPrint) is software, not an issuer
    assert doc.content_hash == fingerprint(two_pages)


def test_running_header_footer_and_page_numbers_are_dropped(two_pages: bytes) -> None:
    doc = read(two_pages)
    text = "\n".join(b.text for b in doc.blocks)
    assert "Page 1" not in text and "Page 2" not in text and " of 2" not in text
    # the title is kept once, as the heading on page 1, and not as the running header
    assert text.count(TITLE) == 1


def test_paragraph_split_across_page_break_is_one_block(two_pages: bytes) -> None:
    # the long paragraph really is split over the two pages in the PDF
    pages = pypdf.PdfReader(io.BytesIO(two_pages)).pages
    assert "coast guard training" in pages[0].extract_text()
    assert "joint patrols every quarter" in pages[1].extract_text()
    doc = read(two_pages)
    split = [b for b in doc.blocks if "joint patrols every quarter" in b.text]
    assert len(split) == 1
    assert split[0].text.startswith("The ministers pledged") and split[0].page == 1


def test_hyphens_at_line_ends() -> None:
    body = """
    <p>They stressed inter-<br>national law, the Indo-<br>Pacific partnership, self-<br>reliance in
    energy, the 2023-<br>24 budget and the fast-<br>growing economies of the region.</p>
    <p style="width: 5.5em; hyphens: manual">Partners pledged extra&shy;ordinary support.</p>
    <p>A UN-led, cross-border pipe-<br>line and another pipeline were opened near Saudi-<br>led and
    government-<br>led projects in fast-moving markets -<br>a dash.</p>
    """
    doc = read(render(body, style="p { margin: 0 0 1em 0 }"))
    texts = [b.text for b in doc.blocks]
    assert texts == [
        # "fast-" keeps its hyphen because the document writes "fast-moving"
        "They stressed international law, the Indo-Pacific partnership, self-reliance in energy, "
        "the 2023-24 budget and the fast-growing economies of the region.",
        "Partners pledged extraordinary support.",
        # "pipeline" is spelled whole elsewhere; "-led" is a suffix the document hyphenates
        "A UN-led, cross-border pipeline and another pipeline were opened near Saudi-led and "
        "government-led projects in fast-moving markets - a dash.",
    ]


def test_paragraphs_marked_only_by_a_first_line_indent() -> None:
    style = "@page { size: A5; margin: 2cm } p { margin: 0; text-indent: 2em; text-align: justify }"
    first = "The council adopted the resolution after a long debate on the wording of its main clause. " * 3
    second = "The vote was delayed twice because two members asked for more time to consult their capitals. " * 3
    doc = read(render(f"<p>{first}</p><p>{second}</p>", style=style))
    assert [b.text for b in doc.blocks] == [first.strip(), second.strip()]


def test_bold_and_larger_headings_are_blocks_of_their_own() -> None:
    body = """
    <h2>Background</h2>
    <p>The talks began in January.</p>
    <p><b>Key outcomes</b></p>
    <p>Both sides agreed on a ceasefire line.</p>
    """
    doc = read(render(body, style="p, h2 { margin: 0 }"))
    assert [(b.text, b.heading) for b in doc.blocks] == [
        ("Background", True),
        ("The talks began in January.", False),
        ("Key outcomes", True),
        ("Both sides agreed on a ceasefire line.", False),
    ]
    assert doc.title == "Background"  # no /Title metadata: the first heading of page 1


def test_list_items_are_blocks_of_their_own() -> None:
    body = """
    <p>The leaders agreed on three points:</p>
    <ul><li>Monitoring will be expanded.</li>
        <li>Humanitarian corridors will stay open through the winter for all civilians who need them.</li></ul>
    <ol><li>First numbered item</li><li>Second numbered item</li></ol>
    <p>&#8226; An inline bullet written as text</p>
    """
    doc = read(render(body, style="p, ul, ol { margin: 0 }"))
    assert [b.text for b in doc.blocks] == [
        "The leaders agreed on three points:",
        "Monitoring will be expanded.",
        "Humanitarian corridors will stay open through the winter for all civilians who need them.",
        "First numbered item",
        "Second numbered item",
        "An inline bullet written as text",
    ]


def test_two_columns_paragraph_continues_in_the_next_column() -> None:
    long = " ".join(["Both leaders agreed that sustained pressure and coordinated sanctions are needed"] * 30) + "."
    style = "@page { size: A5; margin: 1.5cm } body { column-count: 2; font-size: 9pt } p { margin: 0 0 1em 0 }"
    doc = read(render(f"<p>Opening remarks were brief.</p><p>{long}</p><p>Closing remarks.</p>", style=style))
    assert [b.text for b in doc.blocks] == ["Opening remarks were brief.", long, "Closing remarks."]


def test_leading_junk_before_the_header_is_tolerated(two_pages: bytes) -> None:
    data = b"\r\n\r\n" + two_pages
    assert reader_for("download", data).name == "pdf"
    doc = read(data)
    assert doc.blocks[0].text == TITLE


def test_bare_page_numbers_and_headers_missing_from_first_page() -> None:
    style = """
    @page { size: A6; margin: 1.8cm 1.2cm; @top-center { content: "UN Security Council"; font-size: 8pt }
            @bottom-right { content: counter(page); font-size: 8pt } }
    @page :first { @top-center { content: none } }
    body { font-size: 10pt } p { margin: 0 0 1em 0 }
    """
    paras = [f"Paragraph number {w} says something short and complete." for w in
             ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
              "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")]
    data = render("".join(f"<p>{p}</p>" for p in paras), style=style)
    assert page_count(data) >= 3
    doc = read(data)
    assert [b.text for b in doc.blocks] == paras
    assert all(b.page is not None and 1 <= b.page <= page_count(data) for b in doc.blocks)
    assert [b.page for b in doc.blocks] == sorted(b.page for b in doc.blocks)
    assert doc.blocks[-1].page == page_count(data)


def test_only_the_first_max_pdf_pages_are_read() -> None:
    style = "@page { size: A6; margin: 1.5cm } p { break-after: page }"
    data = render("<p>First page.</p><p>Second page.</p><p>Third page.</p>", style=style)
    assert page_count(data) == 3
    doc = read(data, max_pdf_pages=2)
    assert [(b.text, b.page) for b in doc.blocks] == [("First page.", 1), ("Second page.", 2)]


def test_sniff() -> None:
    reader = PdfReader()
    assert reader.sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert reader.sniff(b"\r\n  %PDF-1.4\n")
    assert reader.sniff(b"\x00\x00junk\x89\x01%PDF-1.4\n")
    assert not reader.sniff(b"Hello, world\n")
    assert not reader.sniff(b"A note about the format: %PDF-1.7 files start like this.\n")
    assert not reader.sniff(b" " * 2000 + b"%PDF-1.4")


def test_registered_first_and_chosen_by_content_or_name(two_pages: bytes) -> None:
    assert isinstance(READERS[0], PdfReader)
    assert reader_for("statement.bin", two_pages).name == "pdf"
    assert reader_for("statement.pdf", b"no header here").name == "pdf"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nThis is a text file pretending to be a PDF.\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        b"Just some text in a file whose name ends in .pdf\n",
    ],
)
def test_fake_pdf_is_a_clear_source_error(data: bytes) -> None:
    with pytest.raises(SourceError) as err:
        read_bytes("fake.pdf", data, ReadOptions())
    assert err.value.origin == "fake.pdf"
    assert err.value.cause.startswith("not a valid PDF")
    assert "\n" not in err.value.message


def test_damaged_pdfs_raise_only_source_errors(two_pages: bytes) -> None:
    damaged = [two_pages[: len(two_pages) // 2], two_pages[: len(two_pages) - 40]]
    for k in range(1, 8):  # overwrite a run of bytes at a few places
        i = len(two_pages) * k // 8
        damaged.append(two_pages[:i] + b"\x00garbage)>>]" * 8 + two_pages[i + 96:])
    for data in damaged:
        try:
            docs = PdfReader().read("damaged.pdf", data, ReadOptions())
        except SourceError as exc:
            assert exc.cause and "\n" not in exc.message
        else:
            assert docs and docs[0].format == "pdf"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=64)), min_size=1, max_size=4))
def test_mutated_pdfs_raise_only_source_errors(two_pages: bytes, cuts) -> None:
    data = bytearray(two_pages)
    for where, junk in cuts:
        i = int(where * (len(data) - 1))
        data[i : i + len(junk)] = junk
    try:
        docs = PdfReader().read("fuzzed.pdf", bytes(data), ReadOptions())
    except SourceError as exc:
        assert exc.cause and "\n" not in exc.message
    else:
        assert docs and all(b.text for b in docs[0].blocks)


def _encrypted(data: bytes, user: str, owner: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user, owner)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_needing_a_password_is_refused(two_pages: bytes) -> None:
    with pytest.raises(SourceError) as err:
        PdfReader().read("locked.pdf", _encrypted(two_pages, "secret", "secret"), ReadOptions())
    assert "encrypted" in err.value.cause and "password" in err.value.cause


def test_encrypted_pdf_with_empty_user_password_is_read(two_pages: bytes) -> None:
    doc = read(_encrypted(two_pages, "", "owner-secret"))
    assert doc.blocks[0].text == TITLE and len(doc.blocks) == 5


def _png() -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_image_only_pdf_has_no_text_layer() -> None:
    data = render(f"<img src='{_png()}' style='width: 10cm'>", style="@page { size: A5 }")
    with pytest.raises(SourceError) as err:
        PdfReader().read("scan.pdf", data, ReadOptions())
    assert err.value.cause.startswith("no text layer")
    assert "OCR" in err.value.cause


def test_blank_pdf_has_no_text_layer() -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(SourceError, match="no text layer"):
        PdfReader().read("blank.pdf", out.getvalue(), ReadOptions())


def test_metadata_title_junk_falls_back_to_first_line() -> None:
    data = render("<p>Press Release</p><p>The ministry announced new measures today.</p>",
                  head="<title>Microsoft Word - draft_v3.docx</title>", style="p { margin: 0 0 1em 0 }")
    doc = read(data)
    assert doc.title == "Press Release"
