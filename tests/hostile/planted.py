"""What someone who can write into a source folder plants there (issue 14), and PDFs that cost time.

Symbolic links out of the folder (to the canary, to the folder above), to a device, link loops, a
FIFO, a second name for a good file, file names that try to forge log lines and drive the
terminal, a title full of invisible characters, a sparse 10 GB file, and a 300-page PDF whose
pages share one 1 MB content stream. ``plant`` returns what each is expected to do.
"""

from __future__ import annotations

import io
import os
import zlib
from pathlib import Path

# a name that would forge a log line and set the terminal's title if printed raw
FORGED_NAME = "forged\nbriefing: built: 0 sources\x1b]0;pwned\x07.txt"
INVISIBLE = "\u202e\u200b\u2066\u2067\u2068\u2069\ufeff"


def plant(src: Path, canary: Path, put, link, *, big: bool) -> None:  # noqa: ANN001
    """Write the planted entries into ``src`` with the corpus's ``put`` and ``link`` helpers."""
    link("leak.txt", canary.resolve(), "a symbolic link to the canary, outside the folder", refused="outside", in_folder_only=True)
    link("up", Path(".."), "a symbolic link to the folder above, which holds the canary", refused="folder outside",
         in_folder_only=True)
    link("loop", Path("."), "a symbolic link loop", in_folder_only=True)
    link("loop2", Path("."), "a second link loop (two make a glob's ** exponential)", in_folder_only=True)
    link("again.txt", Path("good1.txt"), "a second name for a good file (read once)", in_folder_only=True)
    if Path("/dev/zero").exists():
        link("zero.txt", Path("/dev/zero"), "a symbolic link to /dev/zero", refused="character device")
    os.mkfifo(src / "pipe.txt")
    put("pipe.txt", None, "a FIFO named .txt", refused="FIFO")
    put(FORGED_NAME, bytes(range(256)) * 64, "a name with a newline and a terminal escape", refused="binary")
    put("invisible.md", invisible_title(), "a title full of bidirectional and zero-width characters")
    if big:
        put("shared.pdf", shared_stream_pdf(300), "a small PDF whose 300 pages share one 1 MB content stream")
        with open(src / "sparse.txt", "wb") as fh:
            fh.truncate(10 * 1024**3)
        put("sparse.txt", None, "a sparse 10 GB file", refused="limit is")


def invisible_title() -> str:
    return (f"---\ntitle: 'Pier{INVISIBLE} repairs\u200b begin'\nissuer: 'Port\u202e office'\n---\n\n"
            "The port office said on Thursday that repairs to the northern pier will begin next week "
            "and last about ten days.\n")


def shared_stream_pdf(pages: int, size: int = 1_000_000) -> bytes:
    """A PDF of ``pages`` pages whose /Contents all point at one FlateDecode stream of ``size`` bytes."""
    ops, n, i = [], 0, 0
    while n < size:
        line = f"BT /F1 9 Tf 40 {800 - (i % 70) * 11} Td (Inspectors checked section {i} of the quay.) Tj ET\n"
        ops.append(line)
        n += len(line)
        i += 1
    return _pdf([zlib.compress("".join(ops).encode("latin-1"), 9)], [0] * pages)


def distinct_streams_pdf(pages: int, size: int, first: int | None = None) -> bytes:
    """A PDF of ``pages`` pages, each with its own content stream of about ``size`` bytes of text
    (the first page ``first`` bytes, when given)."""
    streams = []
    for p in range(pages):
        ops, n, i = [], 0, 0
        while n < (first if p == 0 and first is not None else size):
            line = f"BT /F1 9 Tf 40 {800 - (i % 70) * 11} Td (Page {p}: section {i} of the quay was checked.) Tj ET\n"
            ops.append(line)
            n += len(line)
            i += 1
        streams.append(zlib.compress("".join(ops).encode("latin-1"), 9))
    return _pdf(streams, list(range(pages)))


def _pdf(streams: list[bytes], page_streams: list[int]) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, EncodedStreamObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    font_ref = writer._add_object(font)
    refs = []
    for data in streams:
        stream = EncodedStreamObject()
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        stream._data = data  # already compressed: pypdf writes it as it is
        refs.append(writer._add_object(stream))
    for k in page_streams:
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Contents")] = refs[k]
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
