"""The starter `briefing init` writes: a commented manifest and the folders it names, each with a
short note saying what goes there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.config.settings import MANIFEST
from briefing.errors import OutputError, UsageError

STARTER = '''\
# briefing.toml: the sources of a brief and how it is written.
#
# `briefing build` in this folder reads this file. Options on the command line override the
# settings below (e.g. `briefing build --since 24h --format pdf`). Paths are relative to this file.

[brief]
# title = "DPRK troops in Russia"     # default: the most representative source title
page_size = "A4"                      # A4 or Letter
formats = ["md", "pdf", "html", "json"]  # add "docx" for Word, or write ["all"]
# pdf_variant = "pdf/a-3b"            # default pdf/ua-1 (tagged); pdf/a-3b is also archivable
# author = "Desk officer"             # who issues the brief: header, footer and metadata
# organisation = "Ministry of Foreign Affairs"
# marking = "OFFICIAL"                # a handling marking shown on every page and in the mail subject
# logo = "logo.png"                   # a PNG or JPEG of at most 1 MB, shown in the header
out = "output"                        # the output folder
# template_dir = "templates"          # templates here override the shipped ones by file name
# since = "48h"                       # skip feed entries older than this: 90m, 48h, 7d, 2w or a date
follow_links = false                  # true: read each feed entry's linked page, not its summary

# One [[source]] per file, folder, glob, URL or feed: exactly one of path, glob, url or feed.
# Optional overrides for what is read from it: title, issuer, kind, date and reliability (your own
# grading, e.g. "A1" or "high"; it is shown in brief.json).
# Kinds: official statement, joint statement, readout, remarks, press release, transcript,
# news report, feed entry, web page, document.

[[source]]
path = "sources"                      # a file or a folder (read recursively)

# [[source]]
# glob = "saved/**/*.html"            # every match; none today is skipped with a warning

# [[source]]
# url = "https://www.example.org/press/statement-on-the-talks"
# issuer = "Ministry of Foreign Affairs"
# kind = "official statement"
# date = 2024-11-05
# reliability = "A1"

# [[source]]
# feed = "https://www.example.org/press/rss.xml"   # a URL or a file; each entry is a source
# reliability = "B2"
'''


# The folders the starter names, with the note put in each. A note has no file ending, so a build
# that reads the folder never takes it for a source.
NOTE = "README"
FOLDERS = {
    "sources": """\
Put the sources of your brief in this folder: news reports, statements and readouts (.txt, .md),
saved web pages (.html), PDFs (.pdf) and RSS or Atom feeds (.xml, .rss, .atom). Folders inside it
are read too. Then run `briefing build` in the folder that holds briefing.toml.

Files without one of those endings, like this note, are not read.
""",
    "output": """\
`briefing build` writes the brief here: brief.md, brief.pdf, brief.html and brief.json, with dated
copies of earlier briefs in archive/. The folder is set by `out` in briefing.toml.
""",
}


@dataclass(frozen=True)
class Starter:
    """What `briefing init` wrote: the manifest, and the folders it made (not those already there)."""

    manifest: Path
    folders: tuple[Path, ...]


def write_starter(path: Path = Path(MANIFEST), force: bool = False) -> Starter:
    """Write the commented starter manifest and make the folders it names; refuse to replace a manifest unless forced."""
    if path.is_dir():
        raise UsageError(f"{path}: is a folder")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; use --force to overwrite it")
    try:
        path.write_text(STARTER, encoding="utf-8")
        return Starter(path, tuple(_make_folders(path.parent)))
    except OSError as exc:
        raise OutputError(f"{exc.filename or path}: cannot write it: {exc.strerror or exc}") from None


def _make_folders(base: Path) -> list[Path]:
    """Each folder the starter names, with its note; a folder that is there already is left as it is."""
    made = []
    for name, note in FOLDERS.items():
        folder = base / name
        if folder.exists():
            continue
        folder.mkdir(parents=True)
        (folder / NOTE).write_text(note, encoding="utf-8")
        made.append(folder)
    return made
