"""The manifest (briefing.toml): its settings, its problems reported at once with their lines,
`briefing init`, and a build it drives end to end over feeds and URLs served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefing.config.manifest import load_manifest
from briefing.config.options import make_settings
from briefing.config.settings import Manifest, SourceEntry
from briefing.config.starter import STARTER
from briefing.config.values import since_cutoff, since_of
from briefing.errors import ConfigError
from conftest import SEEDS, run_cli

NO_PROXY = {"http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": "", "all_proxy": "",
            "ALL_PROXY": "", "no_proxy": "*", "NO_PROXY": "*"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- reading a manifest ---------------------------------------------------------------------------

def test_load_manifest_reads_settings_and_sources(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "templates").mkdir()
    manifest = write(tmp_path / "briefing.toml", """
[brief]
title = "Cyclone Amara"
page_size = "letter"
formats = ["pdf", "md"]
template_dir = "templates"
out = "briefs/today"
since = "48h"
follow_links = true

[[source]]
path = "reports"
issuer = "Field office"

[[source]]
glob = "saved/**/*.html"

[[source]]
url = "https://www.example.org/press/statement"
kind = "statement"
date = 2025-03-04
reliability = "A1"

[[source]]
feed = "https://relief.example/rss.xml"
reliability = "B2"
""")
    m = load_manifest(manifest)
    assert m.title == "Cyclone Amara"
    assert m.page_size == "Letter"
    assert m.formats == ("md", "pdf")  # canonical order
    assert m.template_dir == tmp_path / "templates"
    assert m.out == tmp_path / "briefs" / "today"
    assert m.since == dt.timedelta(hours=48)
    assert m.follow_links is True
    assert [(e.how, e.target) for e in m.sources] == [
        ("path", str(tmp_path / "reports")),
        ("glob", str(tmp_path / "saved" / "**" / "*.html")),
        ("url", "https://www.example.org/press/statement"),
        ("feed", "https://relief.example/rss.xml"),
    ]
    statement = m.sources[2]
    assert (statement.kind, statement.date, statement.reliability) == ("official statement", dt.date(2025, 3, 4), "A1")
    assert m.sources[0].issuer == "Field office" and m.sources[0].line == 11


def test_every_problem_is_reported_with_its_line(tmp_path):
    manifest = write(tmp_path / "briefing.toml", """\
# a manifest with six mistakes
[brief]
page_size = "A3"
formats = ["md", "odt"]
sinse = "48h"
since = "tomorrow"

[[source]]
path = "no-such-folder"

[[source]]
url = "https://example.org/a"
kind = "blog post"
date = "2025-02-30"

[[source]]
issuer = "Nobody"
""")
    with pytest.raises(ConfigError) as caught:
        load_manifest(manifest)
    problems = caught.value.problems
    assert [p.split(":")[1] for p in problems] == ["3", "4", "5", "6", "9", "13", "14", "16"]
    text = "\n".join(problems)
    for needle in ("'A3'", "odt", "did you mean 'since'", "'tomorrow'", "no-such-folder: no such file or folder",
                   "'blog post' is not a kind", "'2025-02-30'", "names no path, glob, url or feed"):
        assert needle in text, needle


def test_cli_reports_all_problems_at_once_exit_2(tmp_path):
    write(tmp_path / "briefing.toml", """\
[brief]
page_size = "A3"
titel = "typo"

[[source]]
path = "missing"
""")
    result = run_cli("build", "--format", "odt", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4, lines
    assert all(line.startswith("briefing: error: ") for line in lines)
    assert lines[0].startswith("briefing: error: briefing.toml:2: [brief] page_size")
    assert lines[1].startswith("briefing: error: briefing.toml:3: [brief] titel") and "'title'" in lines[1]
    assert lines[2].startswith("briefing: error: briefing.toml:6: [[source]] 1: path")
    assert lines[3].startswith("briefing: error: --format: unknown format odt")
    assert not (tmp_path / "output").exists()  # nothing ran


def test_toml_syntax_error_names_its_line(tmp_path):
    write(tmp_path / "m.toml", '[brief]\ntitle = "unclosed\n')
    result = run_cli("build", "--manifest", str(tmp_path / "m.toml"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"briefing: error: {tmp_path / 'm.toml'}:2: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_manifest_and_empty_manifest(tmp_path):
    result = run_cli("build", "--manifest", "nope.toml", cwd=tmp_path)
    assert result.returncode == 2 and "nope.toml: no such file" in result.stderr
    write(tmp_path / "briefing.toml", '[brief]\ntitle = "No sources"\n')
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 2 and "names no sources" in result.stderr


def test_since_windows_and_dates():
    assert since_of("90m") == dt.timedelta(minutes=90)
    assert since_of("48h") == dt.timedelta(hours=48)
    assert since_of(" 7D ") == dt.timedelta(days=7)
    assert since_of("2w") == dt.timedelta(weeks=2)
    assert since_of("2025-03-01") == dt.datetime(2025, 3, 1)
    assert since_of(dt.date(2025, 3, 1)) == dt.datetime(2025, 3, 1)
    assert since_of("2025-03-01T06:00:00Z") == dt.datetime(2025, 3, 1, 6, tzinfo=dt.timezone.utc)
    for bad in ("0h", "yesterday", "48", "h", 48):
        with pytest.raises(ValueError):
            since_of(bad)
    now = dt.datetime(2025, 3, 6, 12, tzinfo=dt.timezone.utc)
    assert since_cutoff(dt.timedelta(hours=48), None, now) == dt.datetime(2025, 3, 4, 12, tzinfo=dt.timezone.utc)
    # with --as-of, a window counts back from the end of that day
    assert since_cutoff(dt.timedelta(days=2), dt.date(2025, 3, 5), now) == dt.datetime(2025, 3, 4)
    assert since_cutoff(dt.datetime(2025, 1, 1), None, now) == dt.datetime(2025, 1, 1)


def test_command_line_overrides_the_manifest(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    write(tmp_path / "briefing.toml", """
[brief]
title = "From the manifest"
page_size = "Letter"
formats = ["md"]
out = "briefs"
since = "7d"
follow_links = true

[[source]]
path = "reports"
reliability = "C3"
""")
    monkeypatch.chdir(tmp_path)
    now = dt.datetime(2025, 3, 6, tzinfo=dt.timezone.utc)
    plain = make_settings(now=now)
    assert plain.manifest == Path("briefing.toml")
    assert (plain.title, plain.page_size, plain.formats, plain.out) == ("From the manifest", "Letter", ("md",), Path("briefs"))
    assert plain.paths == ("reports",)
    assert plain.read.since == now - dt.timedelta(days=7) and plain.read.follow_links is True
    assert [e.reliability for e in plain.sources] == ["C3"]

    over = make_settings(title="Mine", page_size="A4", formats=["json"], out=Path("x"), since="1d",
                         follow_links=False, now=now)
    assert (over.title, over.page_size, over.formats, over.out) == ("Mine", "A4", ("json",), Path("x"))
    assert over.read.since == now - dt.timedelta(days=1) and over.read.follow_links is False

    # paths on the command line: ./briefing.toml is not read unless named
    other = make_settings(["elsewhere"], now=now)
    assert other.paths == ("elsewhere",) and other.manifest is None and other.title is None
    named = make_settings(["elsewhere"], manifest=Path("briefing.toml"), now=now)
    assert named.paths == ("elsewhere",) and named.title == "From the manifest"

    monkeypatch.chdir(tmp_path / "reports")  # no manifest here
    assert make_settings(now=now).paths == ("seeds",)


def test_entries_match_what_is_read_from_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = SourceEntry(target="reports", how="path")
    assert folder.matches("reports/a.txt") and folder.matches("reports/sub/b.md")
    assert not folder.matches("reports-old/a.txt") and not folder.matches("other/a.txt")
    assert SourceEntry(target="reports/a.txt", how="path").matches(str(tmp_path / "reports" / "a.txt"))
    assert SourceEntry(target="feeds/agency.xml", how="feed").matches("feeds/agency.xml#urn:item:7")
    glob = SourceEntry(target="saved/**/*.html", how="glob")
    assert glob.matches("saved/a.html") and glob.matches("saved/2025/03/b.html")
    assert not glob.matches("saved/a.htm") and not glob.matches("other/saved/a.html")
    one_level = SourceEntry(target="saved/*.html", how="glob")
    assert one_level.matches("saved/a.html") and not one_level.matches("saved/2025/b.html")
    url = SourceEntry(target="https://relief.example/rss.xml", how="feed")
    assert url.matches("https://relief.example/rss.xml") and url.matches("https://relief.example/rss.xml#relief-2")
    assert not url.matches("https://relief.example/rss.xml2") and not url.matches("relief.example/rss.xml")


# --- briefing init -------------------------------------------------------------------------------

def test_init_writes_a_starter_that_loads(tmp_path):
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = tmp_path / "briefing.toml"
    assert manifest.read_text() == STARTER
    assert sum(line.lstrip().startswith("#") for line in STARTER.splitlines()) >= 15  # commented
    (tmp_path / "sources").mkdir(exist_ok=True)  # init makes it since issue 12
    m = load_manifest(manifest)
    assert isinstance(m, Manifest) and [e.how for e in m.sources] == ["path"]
    shutil.copy(SEEDS / "004_1225735960cc5bd0.txt", tmp_path / "sources")
    built = run_cli("build", "--format", "md", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "output" / "brief.md").exists()


def test_init_refuses_to_overwrite_without_force(tmp_path):
    manifest = write(tmp_path / "briefing.toml", "# mine\n")
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "briefing: error: briefing.toml already exists; use --force to overwrite it"
    assert manifest.read_text() == "# mine\n"
    assert run_cli("init", "--force", cwd=tmp_path).returncode == 0
    assert manifest.read_text() == STARTER
    assert run_cli("init", "other.toml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "other.toml").exists()


# --- logging -------------------------------------------------------------------------------------

def test_library_warnings_print_as_one_line_and_nothing_else(tmp_path):
    script = tmp_path / "warn.py"
    write(script, """
import logging, sys, warnings
from briefing.cli import _log_to_stderr
_log_to_stderr()
logging.getLogger("briefing.read.pdf").warning("report.pdf: 400 pages;\\nreading only the first %d", 300)
logging.getLogger("pypdf._reader").warning("incorrect startxref pointer(1)")
logging.getLogger("weasyprint").error("ignored CSS")
logging.getLogger("fontTools.subset").warning("noise")
warnings.warn("a library's UserWarning")
logging.getLogger("briefing.build").info("not shown")
""")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "briefing: warning: report.pdf: 400 pages; reading only the first 300\n"


# --- end to end: a manifest of paths, a glob, URLs and a feed served locally -----------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | Relief Updates</title>
<meta property="og:site_name" content="Relief Updates"><meta property="article:published_time" content="{date}">
</head><body><nav><a href="/">Home</a> <a href="/updates">Updates</a> <a href="/donate">Donate</a></nav>
<div class="cookies">This site uses cookies. <button>OK</button></div>
<main><article><h1>{title}</h1>{body}</article></main>
<aside><h2>Related</h2><ul><li><a href="/x">Older updates</a></li><li><a href="/y">Our work</a></li></ul></aside>
<footer>© 2025 Relief Updates</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Relief Updates</title><link>{base}/</link><description>Updates</description>
<item><title>Flash update No. 2</title><link>{base}/updates/2.html</link><guid isPermaLink="false">u2</guid>
<pubDate>Wed, 05 Mar 2025 18:00:00 +0000</pubDate>
<description>Partners estimate that 180,000 people need assistance in Sofala province.</description></item>
<item><title>Flash update No. 1</title><link>{base}/updates/1.html</link><guid isPermaLink="false">u1</guid>
<pubDate>Tue, 04 Mar 2025 12:00:00 +0000</pubDate>
<description>Cyclone Amara made landfall near Beira with winds of up to 185 km/h.</description></item>
<item><title>Preparedness note</title><link>{base}/updates/0.html</link><guid isPermaLink="false">u0</guid>
<pubDate>Mon, 10 Feb 2025 09:00:00 +0000</pubDate>
<description>Partners pre-positioned supplies in Beira ahead of the cyclone season.</description></item>
</channel></rss>"""

UPDATE_2 = [
    "Partners estimate that 180,000 people need assistance in Sofala province after Cyclone Amara.",
    "More than 12,000 houses were destroyed or damaged and 85 schools lost their roofs, according to preliminary "
    "assessments by the provincial authorities.",
    "Water and sanitation services are being scaled up in the 120 accommodation centres to prevent a cholera outbreak.",
]
UPDATE_1 = [
    "Cyclone Amara made landfall near Beira with winds of up to 185 km/h in the early hours of 4 March.",
    "Power and telecommunications are down across much of Beira, and the airport is closed until further notice.",
]
STATEMENT = [
    "The Government of Mozambique expresses its deep sorrow for the lives lost in Sofala province as a result of "
    "Tropical Cyclone Amara.",
    "The Government has deployed 600 members of the armed forces to support search and rescue operations in "
    "Beira and Dondo, and calls on international partners to support the flash appeal.",
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: ANN002
        pass


@pytest.fixture()
def site(tmp_path):
    """A real HTTP server on 127.0.0.1 (port chosen by the system) serving a feed and pages."""
    root = tmp_path / "www"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def html(title: str, date: str, paragraphs: list[str]) -> str:
        return PAGE.format(title=title, date=date, body="".join(f"<p>{p}</p>" for p in paragraphs))

    write(root / "feed.xml", FEED.format(base=base))
    write(root / "updates" / "2.html", html("Flash update No. 2", "2025-03-05", UPDATE_2))
    write(root / "updates" / "1.html", html("Flash update No. 1", "2025-03-04", UPDATE_1))
    write(root / "mfa" / "statement.html", html("Government statement on Cyclone Amara", "2025-03-04", STATEMENT))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def project(tmp_path, site):
    work = tmp_path / "brief"
    write(work / "notes" / "beira.md", "# Beira: field notes\n\n5 March 2025\n\nThe field team reported that the "
          "road between Beira and Dondo was under water in several places and two bridges had been damaged.\n\n"
          "Helicopters will be needed to reach communities in Búzi district, the team said.\n")
    write(work / "saved" / "wire-1.txt", "Death toll from Cyclone Amara rises to 21\n\n5 March 2025\n\nThe death "
          "toll from Tropical Cyclone Amara in Mozambique rose to 21 on Wednesday, the disaster management institute "
          "said, as heavy rains continued over Sofala province.\n\nThe United Nations said it would launch a flash "
          "appeal for 45 million dollars, officials said.\n")
    write(work / "briefing.toml", f"""\
# the morning brief on Cyclone Amara
[brief]
title = "Cyclone Amara: morning brief"
formats = ["md", "json"]
out = "today"
since = "7d"
follow_links = true

[[source]]
path = "notes"
issuer = "Field team"
reliability = "B2"

[[source]]
glob = "saved/*.txt"

[[source]]
url = "{site}/mfa/statement.html"
kind = "official statement"
issuer = "Government of Mozambique"
reliability = "A1"

[[source]]
feed = "{site}/feed.xml"
reliability = "B1"

[[source]]
url = "{site}/gone.html"
""")
    return work


def test_manifest_drives_a_build_over_feeds_and_urls(project, site):
    result = run_cli("build", "--as-of", "2025-03-06", cwd=project, env=NO_PROXY)
    assert result.returncode == 8, result.stdout + result.stderr  # built, but gone.html is skipped
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"briefing: warning: skipped {site}/gone.html: HTTP 404 File not found"]
    assert result.stdout.startswith("built: 5 sources, 1 skipped")
    out = project / "today"
    assert sorted(p.name for p in out.glob("brief.*")) == ["brief.json", "brief.md"]
    brief = json.loads((out / "brief.json").read_text())
    assert brief["title"] == "Cyclone Amara: morning brief"
    assert brief["skipped"] == [{"path": f"{site}/gone.html", "cause": "HTTP 404 File not found"}]
    by_path = {s["path"]: s for s in brief["sources"]}

    statement = by_path[f"{site}/mfa/statement.html"]
    assert (statement["kind"], statement["issuer"], statement["reliability"]) == (
        "official statement", "Government of Mozambique", "A1")
    assert statement["id"] == 1  # a primary source comes first
    notes = by_path["notes/beira.md"]
    assert (notes["issuer"], notes["reliability"]) == ("Field team", "B2")
    assert by_path["saved/wire-1.txt"]["reliability"] is None

    entries = sorted((s for s in brief["sources"] if s["format"] == "feed"), key=lambda s: s["date"])
    assert [s["title"] for s in entries] == ["Flash update No. 1", "Flash update No. 2"]  # the February one is too old
    assert {s["reliability"] for s in entries} == {"B1"}
    texts = [" ".join(p["text"] for p in s["paragraphs"]) for s in entries]
    assert "airport is closed" in texts[0] and "85 schools" in texts[1]  # the linked pages, not the summaries
    assert entries[1]["url"] == f"{site}/updates/2.html"
    for section in brief["sections"]:
        for item in section["items"]:
            for c in item["citations"]:
                assert any(p["n"] == c["paragraph"] for p in brief["sources"][c["source"] - 1]["paragraphs"])


def test_command_line_options_override_the_manifest_build(project, site):
    result = run_cli("build", "--as-of", "2025-03-06", "--since", "60d", "--no-follow-links", "--format", "json",
                     "--out", "elsewhere", "--title", "Override", cwd=project, env=NO_PROXY)
    assert result.returncode == 8, result.stderr
    brief = json.loads((project / "elsewhere" / "brief.json").read_text())
    assert brief["title"] == "Override"
    assert not (project / "today").exists()
    entries = [s for s in brief["sources"] if s["format"] == "feed"]
    assert len(entries) == 3  # the February entry is inside 60 days
    summaries = {s["title"]: " ".join(p["text"] for p in s["paragraphs"]) for s in entries}
    assert "85 schools" not in summaries["Flash update No. 2"]  # the feed's summary, not the page
    assert all(s["reliability"] == "B1" for s in entries)


def test_paths_on_the_command_line_replace_the_manifest_sources(project, site):
    result = run_cli("build", "notes", "--manifest", "briefing.toml", "--format", "json", cwd=project, env=NO_PROXY)
    assert result.returncode == 0, result.stderr
    brief = json.loads((project / "today" / "brief.json").read_text())
    assert [s["path"] for s in brief["sources"]] == ["notes/beira.md"]
    assert brief["sources"][0]["reliability"] == "B2"  # the manifest's overrides still apply


def test_delivery_is_read_with_the_manifest_once(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    write(tmp_path / "briefing.toml", '[[source]]\npath = "reports"\n\n[delivery]\nto = ["desk@example.org"]\n'
                                      'smtp = "mail.example.org:587"\n')
    monkeypatch.chdir(tmp_path)
    now = dt.datetime(2025, 3, 6, tzinfo=dt.timezone.utc)
    settings = make_settings(now=now)
    assert settings.delivery.to == ("desk@example.org",) and settings.delivery.server == "mail.example.org:587"
    assert settings.now == now
    # PATHS replace the manifest, but `build PATHS --send` still mails as its [delivery] says
    sending = make_settings(["reports"], send=True, now=now)
    assert sending.manifest is None and sending.sources == () and sending.delivery.to == ("desk@example.org",)
    assert make_settings(["reports"], now=now).delivery.to == ()


def test_wait_and_keep_are_checked_as_options_and_as_settings(tmp_path, monkeypatch):
    from briefing.config.settings import Settings
    from briefing.errors import UsageError

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        make_settings(["x"], wait=-5, keep=-1, now=dt.datetime(2025, 3, 6))
    assert caught.value.problems == ("--wait: -5 is not a number of seconds (0 or more)",
                                     "--keep: -1 is not a number of copies (0 or more)")
    with pytest.raises(UsageError) as caught:
        Settings(keep=-1)
    assert caught.value.message == "keep: -1 is not a number of copies (0 or more)"  # a library call names no flag
