"""Write a hostile source corpus: pages that try to fetch and leak, bombs, odd encodings, huge files.

Every file is built from two inputs that the test controls: ``server`` (the base URL of a recording
HTTP server on 127.0.0.1) and ``canary`` (a local file holding a random string that must never
appear in any output). ``write_corpus`` returns what each file is expected to do: be read, or be
refused with a cause.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from hostile.planted import plant

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# A sentence a reader may keep: the hostile files carry it so that a page whose markup is stripped
# still has text, and its words are easy to find in the outputs.
PROSE = (
    "The harbour authority said on Monday that the ferry service to the northern islands would "
    "resume within a week, after inspectors cleared the damaged pier for light traffic."
)


@dataclass(frozen=True)
class Entry:
    name: str
    what: str  # what the file tries
    refused: str | None = None  # a phrase the refusal's cause contains; None: the file is read
    in_folder_only: bool = False  # a link refused only in a folder: named on its own, it is the user's choice


def write_corpus(src: Path, server: str, canary: Path, *, big: bool = True) -> list[Entry]:
    """Write the hostile corpus into ``src``; return the expectations for each file."""
    src.mkdir(parents=True, exist_ok=True)
    file_url = canary.resolve().as_uri()
    entries: list[Entry] = []

    def put(name: str, data: bytes | str | None, what: str, refused: str | None = None) -> None:
        path = src / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        if data is not None:  # None: already there (a FIFO, a sparse file)
            path.write_bytes(data)
        entries.append(Entry(name, what, refused))

    def link(name: str, target: Path, what: str, refused: str | None = None, in_folder_only: bool = False) -> None:
        (src / name).symlink_to(target)
        entries.append(Entry(name, what, refused, in_folder_only))

    # the good parts: the seeds
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt"))[:2]):
        shutil.copy(seed, src / f"good{i + 1}.txt")
        entries.append(Entry(f"good{i + 1}.txt", "a good source"))

    put("page.html", hostile_page(server, file_url), "remote images, stylesheets, frames, scripts, file: references, <base>, refresh")
    put("notes.md", hostile_markdown(server, file_url), "Markdown images and links, raw HTML, file: links")
    put("markup.txt", hostile_text(server, file_url), "Markdown and HTML syntax as plain text")

    put("laughs.rss", billion_laughs(), "billion laughs", refused="entities")
    put("quadratic.rss", quadratic_blowup(), "quadratic blow-up", refused="entities")
    put("xxe-file.rss", external_entity(file_url), "external entity to the canary", refused="entities")
    put("xxe-http.atom", external_entity(f"{server}/xxe", atom=True), "external entity to the server", refused="entities")
    put("dtd-http.rss", external_dtd(f"{server}/feed.dtd"), "external DTD on the server")
    put("entries.rss", hostile_feed(server, file_url), "entries with scripts, images and file: links")

    put("deep.html", deep_html(50_000), "HTML nested 50,000 deep", refused="nested")
    put("slow.md", slow_markdown(200_000), "Markdown inline syntax that backtracks (200 KB of unclosed markers)")
    put("kind.md", hostile_front_matter(server), "front matter whose kind, title and issuer are markup")
    put("controls.txt", control_text(), "NUL and control characters")
    put("utf16.txt", ("\ufeff" + latin_prose()).encode("utf-16-le"), "UTF-16 with a BOM")
    put("latin1.txt", latin_prose().encode("latin-1"), "Latin-1")
    put("fake.pdf", b"%PDF-1.7\n" + PROSE.encode() * 20, "a text file named .pdf with a PDF header", refused="PDF")
    put("binary.txt", bytes(range(256)) * 64, "binary bytes named .txt", refused="binary")
    put("empty.md", b"  \n\n ", "an empty file", refused="empty")
    put("one-line.txt", one_line(5 * 1024 * 1024), "5 MB on a single line")
    put("pages.pdf", many_pages(500), "a 500-page PDF")
    put("initials.txt", "Initials\n\n" + "A. " * 350_000, "1 MB of initials on one line (quadratic for a naive sentence splitter)")
    if big:
        put("huge.txt", big_text(30 * 1024 * 1024), "30 MB of text", refused="limit is")
        put("under.txt", big_text(20 * 1024 * 1024 - 4096), "text just under the size limit")
    plant(src, canary, put, link, big=big)
    return entries


def hostile_page(server: str, file_url: str) -> str:
    return f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<base href="{server}/base/">
<meta http-equiv="refresh" content="0; url={server}/refresh">
<title>Ferry service to resume</title>
<link rel="canonical" href="https://example.org/ferry)![p]({server}/canonical.png">
<link rel="stylesheet" href="{server}/link.css">
<link rel="stylesheet" href="{file_url}">
<link rel="preload" href="{server}/preload.woff2" as="font">
<link rel="icon" href="relative-icon.png">
<style>@import url("{server}/import.css"); @import "{file_url}";
body {{ background: url({server}/bg.png); }} @font-face {{ font-family: x; src: url({server}/font.woff); }}</style>
<script src="{server}/script.js"></script>
<script>fetch("{server}/fetch"); document.write('<img src="{server}/written.png">');</script>
</head>
<body style="background-image: url('{server}/inline-bg.png')">
<article>
<h1>Ferry service to resume</h1>
<p>{PROSE} <img src="{server}/inline.png" alt="pier"> <img src="{file_url}" alt="canary"></p>
<p>Officials told reporters that <a href="javascript:alert(document.cookie)">the timetable</a> would be
posted at <a href="{file_url}">the port office</a>, and that repairs to the pier cost about 2 million euros.</p>
<iframe src="{server}/frame.html"></iframe>
<object data="{server}/object.swf" type="application/x-shockwave-flash"></object>
<embed src="{server}/embed.svg">
<video src="{server}/video.mp4" poster="{server}/poster.png"></video>
<svg><image href="{server}/svg-image.png"/></svg>
<p>The port director said the text &lt;img src="{server}/escaped.png"&gt; and &lt;script&gt;alert(1)&lt;/script&gt;
was found painted on the ferry terminal wall on Sunday night, along with the words file:///etc/passwd.</p>
<p>Inspectors said the northern pier will reopen to foot passengers on Thursday, and to cars a week later, weather permitting.</p>
</article>
</body></html>
"""


def hostile_markdown(server: str, file_url: str) -> str:
    return f"""---
title: Harbour notes
---

# Harbour notes

![pier]({server}/md-image.png) The ferry operator said on Tuesday that three vessels were ready to sail once the pier reopens.

The operator said [the timetable](javascript:alert(1)) and [the notice]({file_url}) would follow, and <img src="{server}/raw.png"> that tickets bought before the storm remain valid.

<script src="{server}/md-script.js"></script>
<iframe src="{server}/md-frame.html"></iframe>
<object data="{server}/md-object"></object>
<link rel="stylesheet" href="{server}/md-link.css">
<style>@import url({server}/md-import.css);</style>

The harbour master said <a href="{server}/md-link">two cranes</a> had been moved to the southern quay, <b>all</b> of them undamaged.

[ref]: {server}/md-ref
"""


def hostile_text(server: str, file_url: str) -> str:
    return f"""Markup as text

The council said on Wednesday that the sign reading ![x]({server}/txt-image.png) and [click]({file_url}) had been removed from the ferry terminal.

The mayor said the message <script src="{server}/txt.js"></script> <img src="{server}/txt.png"> <iframe src="{file_url}"></iframe> was spray-painted overnight.

A spokesman said the hackers wrote <style>@import url({server}/txt.css);</style> and <a href="javascript:alert(1)">this</a> and <object data="{server}/txt-obj"></object> on the notice board.

The police said the graffiti included `code`, **bold**, # a heading, > a quote, | a | table | and <!-- a comment --> as well as &amp; and &#60;script&#62;.
"""


def billion_laughs() -> str:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE rss [", '<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = f"&lol{i - 1};" if i > 1 else "&lol;"
        lines.append(f'<!ENTITY lol{i} "{prev * 10}">')
    lines.append("]>")
    lines.append("<rss version=\"2.0\"><channel><title>Laughs</title><item><title>&lol9;</title>"
                 f"<description>{PROSE} &lol9;</description></item></channel></rss>")
    return "\n".join(lines)


def quadratic_blowup() -> str:
    big = "A" * 100_000
    ref = "&a;" * 20_000
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "{big}">]>\n'
            f"<rss version=\"2.0\"><channel><title>Quadratic</title><item><title>Q</title>"
            f"<description>{PROSE} {ref}</description></item></channel></rss>")


def external_entity(target: str, atom: bool = False) -> str:
    if atom:
        return (f'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "{target}">]>\n'
                '<feed xmlns="http://www.w3.org/2005/Atom"><title>XXE</title><id>urn:x</id><updated>2024-11-05T00:00:00Z</updated>'
                f"<entry><title>Entry</title><id>urn:x:1</id><updated>2024-11-05T00:00:00Z</updated>"
                f"<summary>{PROSE} &xxe;</summary></entry></feed>")
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target}">]>\n'
            f"<rss version=\"2.0\"><channel><title>XXE</title><item><title>&xxe;</title>"
            f"<description>{PROSE} &xxe;</description></item></channel></rss>")


def external_dtd(target: str) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{target}">\n'
            "<rss version=\"2.0\"><channel><title>Port bulletin</title><item><title>Pier inspection</title>"
            "<pubDate>Tue, 05 Nov 2024 09:00:00 GMT</pubDate>"
            f"<description>{PROSE}</description></item></channel></rss>")


def hostile_feed(server: str, file_url: str) -> str:
    body = (f'<p>The coastguard said two tugs had been sent to the pier on Tuesday.</p>'
            f'<script src="{server}/feed.js"></script><img src="{server}/feed.png">'
            f'<iframe src="{server}/feed-frame"></iframe><a href="{file_url}">canary</a>'
            f'<p style="background:url({server}/feed-bg.png)">The tugs will stay until the weather improves, a spokeswoman said.</p>')
    from html import escape

    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Coastguard</title>'
            f"<link>{server}/feed</link>"
            f"<item><title>Tugs sent to the pier</title><link>{server}/entry</link>"
            "<pubDate>Tue, 05 Nov 2024 10:00:00 GMT</pubDate>"
            f"<description>{escape(body)}</description></item></channel></rss>")


def deep_html(depth: int) -> str:
    return ("<!DOCTYPE html><html><head><title>Deep</title></head><body>" + "<div>" * depth
            + f"<p>{PROSE}</p>" + "</div>" * depth + "</body></html>")


def control_text() -> str:
    lines = ["Control characters", "",
             "The\x00 harbour\x01 authority\x07 said on Friday\x7f that the ferry\x0b service would\u200b resume\ufeff next week.", ""]
    lines += [PROSE, ""] * 20  # enough plain text that the controls stay sparse, as in a damaged file
    return "\n".join(lines)


def slow_markdown(size: int) -> str:
    """Unclosed emphasis, comments, tags and links: quadratic for a regex that scans to the end."""
    chunk = "**a <!--b <script c <http://d [e](f ![g](h "
    return "# Slow\n\n" + PROSE + "\n\n" + chunk * (size // len(chunk)) + "\n\n" + PROSE.replace("Monday", "Friday") + "\n"


def hostile_front_matter(server: str) -> str:
    return f"""---
title: '<img src="{server}/title.png"> Pier notice'
kind: '<img src="{server}/kind.png"> notice'
issuer: '<script src="{server}/issuer.js"></script> Port office'
url: 'https://example.org/x)![p]({server}/fm-url.png'
---

The port office said on Thursday that the southern quay will close for two days of crane repairs next week.

A spokesman said the closure would not affect the ferry timetable announced on Monday.
"""


def latin_prose() -> str:
    return ("Réouverture du port\n\nLe maître de port a déclaré lundi que la jetée endommagée serait rouverte "
            "aux piétons jeudi, et aux voitures une semaine plus tard, si le temps le permet.\n\n"
            "Selon l'opérateur, trois navires sont prêts à appareiller dès la réouverture de la jetée.\n")


def one_line(size: int) -> bytes:
    sentence = (PROSE + " ").encode()
    return (sentence * (size // len(sentence) + 1))[:size]


def big_text(size: int) -> bytes:
    """Numbered paragraphs, each a little different, so that none is dropped as a repeat."""
    out, total, i = [], 0, 0
    while total < size:
        i += 1
        para = f"Notice {i}: {PROSE.replace('a week', f'{i % 97 + 2} days')}\n\n".encode()
        out.append(para)
        total += len(para)
    return b"".join(out)[:size]


def many_pages(n: int) -> bytes:
    """A valid PDF of ``n`` pages of varied text (built with pypdf, no layout engine)."""
    import random

    from pypdf import PdfWriter
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    rng = random.Random(500)
    words = ("inspectors engineers divers pier quay ferry harbour crane tug storm repairs concrete "
             "steel section bollard ramp council operator survey report damage load").split()
    writer = PdfWriter()
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })
    font_ref = writer._add_object(font)
    for i in range(1, n + 1):
        page = writer.add_blank_page(width=595, height=842)
        ops = [f"BT /F1 8 Tf 72 810 Td (Pier survey, page {i}) Tj ET"]
        y = 760
        for _ in range(4):
            line = f"The {' '.join(rng.choices(words, k=9))} were checked on day {rng.randint(1, 90)}."
            ops.append(f"BT /F1 11 Tf 72 {y} Td ({line}) Tj ET")
            y -= 26
        stream = ContentStream(None, writer)
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref}),
        })
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
