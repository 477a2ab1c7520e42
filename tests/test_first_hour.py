"""The first hour on a fresh machine (issue 12): each place a new user got stuck, end to end through
the CLI, on real files, real processes, a real pseudo-terminal and a loopback server."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, loopback_server, run_cli

FIRST_HOUR = ROOT / "tests" / "data" / "first_hour"
FEED = FIRST_HOUR / "ministry-updates.rss"
HEADLINES = [
    "Statement by the Minister of the Interior on the landfall of Cyclone Amara",
    "Readout of the Minister's call with the Governor of the Northern Province",
    "Press briefing on evacuation centres and emergency shelter",
    "Coastal districts ordered to evacuate ahead of Cyclone Amara",
]
STATEMENT = "seeds/004_1225735960cc5bd0.txt"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- installing: what a plain `pip install .` may lack is named with the package to install --------

# Python's own way of failing an import, for modules this installation is made to lack: a finder
# first on sys.meta_path, installed by a sitecustomize module on PYTHONPATH.
BLOCKER = """\
import sys

class _Lacking:
    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if top in {missing!r}:
            raise ModuleNotFoundError(f"No module named {{top!r}}", name=top)
        if top in {unloadable!r}:
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
                          "No such file or directory")
        return None

sys.meta_path.insert(0, _Lacking())
"""


def lacking(tmp_path: Path, missing: tuple[str, ...] = (), unloadable: tuple[str, ...] = ()) -> dict:
    """The environment of an installation without ``missing`` modules and whose ``unloadable`` ones
    cannot load their system library."""
    site = tmp_path / "site"
    write(site / "sitecustomize.py", BLOCKER.format(missing=set(missing), unloadable=set(unloadable)))
    return {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}


def test_a_reader_whose_library_is_missing_names_the_package_to_install(tmp_path):
    # pip 23.2 ignores lxml's html_clean extra: every page was "could not read the HTML (ImportError)"
    shutil.copy(FIRST_HOUR / "amara-landfall.html", tmp_path)
    shutil.copy(SEEDS / "004_1225735960cc5bd0.txt", tmp_path)
    result = run_cli("build", str(tmp_path), "--out", str(tmp_path / "out"), "--format", "md",
                     env=lacking(tmp_path, missing=("lxml_html_clean",)))
    assert result.returncode == 8, result.stderr  # built from the text; the page is skipped
    assert result.stderr.splitlines() == [
        f"briefing: warning: skipped {tmp_path / 'amara-landfall.html'}: the html reader needs the Python package "
        "lxml_html_clean, which is not installed: pip install lxml_html_clean"]


def test_the_install_check_loads_every_reader(tmp_path):
    check = "from briefing.read.engines import check; print(check())"
    assert run_cli_python(check).stdout.strip() == "[]"
    lacks = run_cli_python(check, env=lacking(tmp_path, missing=("pypdf", "lxml_html_clean"))).stdout
    assert "the pdf reader needs the Python package pypdf" in lacks
    assert "the html reader needs the Python package lxml_html_clean" in lacks


def run_cli_python(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=120)


def test_a_missing_system_library_is_one_line_naming_the_package(tmp_path):
    result = run_cli("build", STATEMENT, "--out", str(tmp_path / "out"),
                     env=lacking(tmp_path, unloadable=("weasyprint",)))
    assert result.returncode == 1
    assert result.stderr == ("briefing: error: this installation needs the system library libpango-1.0-0, which is "
                             "not installed (Debian: apt-get install libpango-1.0-0)\n")


def test_the_readme_never_points_at_shared_and_its_quick_start_makes_a_venv():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    quick = readme.split("## Quick start", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert quick == ["python3 -m venv .venv && . .venv/bin/activate && pip install . && briefing build",
                     "pip install '.[test]' && python -m pytest"]


def test_a_clone_without_shared_passes_the_what_changed_tests(tmp_path):
    # test_changes.py needed ../shared/tools/check_brief.py: a plain clone failed there
    clone = tmp_path / "clone"
    for name in ("briefing", "templates", "seeds", "tests"):
        shutil.copytree(ROOT / name, clone / name, ignore=shutil.ignore_patterns("__pycache__", "golden"))
    shutil.copy(ROOT / "pyproject.toml", clone)
    assert not (tmp_path / "shared").exists()
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_changes.py",
                          "-k", "paragraph_added or contract", "-rs"],
                         cwd=clone, capture_output=True, text=True, timeout=600)
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert re.search(r"1 passed, 1 skipped", ran.stdout), ran.stdout[-2000:]
    assert "../shared/tools/check_brief.py is not beside the checkout" in ran.stdout


# --- a folder with nothing in it, then `briefing init` ------------------------------------------------

def test_build_in_an_empty_folder_says_what_to_do(tmp_path):
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr == (f"briefing: error: nothing to read: no briefing.toml and no seeds/ folder in {tmp_path}; "
                             "name what to read (briefing build reports/ feed.xml), or run `briefing init` to start "
                             "a briefing.toml here\n")


def test_init_makes_a_working_starter(tmp_path):
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("wrote briefing.toml and sources/ and output/: put your sources in sources/ (or name "
                             "them in briefing.toml), then run `briefing build`\n")
    for folder in ("sources", "output"):
        assert (tmp_path / folder / "README").read_text().strip(), folder
    empty = run_cli("build", cwd=tmp_path)  # the folder is there, with only its note
    assert empty.returncode == 3 and "sources: folder holds no files to read" in empty.stderr, empty.stderr
    shutil.copy(SEEDS / "004_1225735960cc5bd0.txt", tmp_path / "sources")
    built = run_cli("build", "--format", "md", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("built: 1 source, ")  # the note is not a source
    assert (tmp_path / "output" / "brief.md").exists()
    again = run_cli("init", "--force", cwd=tmp_path)  # folders already there are left alone
    assert again.stdout.startswith("wrote briefing.toml: put your sources in sources/")
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == ["004_1225735960cc5bd0.txt", "README"]


# --- sources, summarize and inspect read what build reads ----------------------------------------------

LONG_TITLE = "Statement of the Ministry of Foreign Affairs on the situation in the Northern Province after the storm"


@pytest.fixture
def desk(tmp_path) -> Path:
    """A working folder with a manifest whose sources are not in seeds/ and get overrides."""
    write(tmp_path / "reports" / "ministry.txt", f"{LONG_TITLE}\n\n5 March 2025\n\nThe Ministry condemned the "
          "looting of relief stores in Port Selwyn and urged residents to cooperate with the police.\n")
    shutil.copy(SEEDS / "004_1225735960cc5bd0.txt", tmp_path / "reports" / "joint.txt")
    write(tmp_path / "briefing.toml", '[brief]\nout = "today"\n\n[[source]]\npath = "reports"\n\n'
          '[[source]]\npath = "reports/joint.txt"\ntitle = "Joint statement on DPRK-Russia cooperation"\n'
          'issuer = "G7 foreign ministers"\nreliability = "A1"\n')
    write(tmp_path / "other.toml", '[[source]]\npath = "reports/ministry.txt"\nkind = "press release"\n')
    return tmp_path


def test_sources_honours_the_manifest_and_lists_full_titles_when_piped(desk):
    result = run_cli("sources", cwd=desk)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "kind", "title", "issuer", "date", "paras", "words"]
    assert any("Joint statement on DPRK-Russia cooperation" in line and "G7 foreign ministers" in line for line in lines)
    assert any(LONG_TITLE in line for line in lines), "a pipe gets full titles"
    assert "…" not in result.stdout

    rows = json.loads(run_cli("sources", "--format", "json", cwd=desk).stdout)
    joint = next(r for r in rows if r["origin"].endswith("joint.txt"))
    assert (joint["issuer"], joint["reliability"], joint["kind"]) == ("G7 foreign ministers", "A1", "joint statement")
    assert set(rows[0]) == {"id", "kind", "title", "issuer", "date", "paragraphs", "words", "reliability", "origin", "url"}

    table = list(csv.DictReader(io.StringIO(run_cli("sources", "--manifest", "other.toml", "--format", "csv",
                                                    cwd=desk).stdout)))
    assert [(r["kind"], r["title"], r["date"]) for r in table] == [("press release", LONG_TITLE, "2025-03-05")]

    bad = run_cli("sources", "--format", "yaml", cwd=desk)
    assert bad.returncode == 2 and bad.stderr == "briefing: error: --format: 'yaml' is not one of table, json, csv\n"


def test_summarize_honours_the_manifest(desk):
    result = run_cli("summarize", "--words", "200", cwd=desk)
    assert result.returncode == 0, result.stderr  # it read reports/, not seeds/ (which is not there)
    assert "looting of relief stores" in result.stdout
    other = run_cli("summarize", "--manifest", "other.toml", "--words", "60", "--no-citations", cwd=desk)
    assert other.returncode == 0, other.stderr
    assert "looting" in other.stdout and "DPRK" not in other.stdout


def test_inspect_lists_every_entry_of_a_feed():
    result = run_cli("inspect", str(FEED))
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [e["title"] for e in entries] == HEADLINES  # the feed's order, not only the first
    second = json.loads(run_cli("inspect", str(FEED), "--entry", "2").stdout)
    assert second["title"] == HEADLINES[1] and second["kind"] == "readout"
    wrong = run_cli("inspect", str(FEED), "--entry", "9")
    assert wrong.returncode == 2 and wrong.stderr == f"briefing: error: --entry 9: {FEED} has 4 entries\n"
    single = run_cli("inspect", STATEMENT)
    assert isinstance(json.loads(single.stdout), dict)  # one source is one object, as before


# --- shell completion --------------------------------------------------------------------------------

def test_shell_completion_is_on(tmp_path):
    # Typer's own switch for tests: the shell is named, not guessed from the processes above this one
    named = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = run_cli("--show-completion", "bash", env=named)
    assert shown.returncode == 0, shown.stderr
    assert "_BRIEFING_COMPLETE=complete_bash" in shown.stdout and "complete -o default -F" in shown.stdout
    completed = run_cli(env={"COMP_WORDS": "briefing sched", "COMP_CWORD": "1", "_BRIEFING_COMPLETE": "complete_bash"})
    assert completed.stdout.split() == ["schedule"]  # what bash gets on <Tab>
    both = run_cli(env={"COMP_WORDS": "briefing sch", "COMP_CWORD": "1", "_BRIEFING_COMPLETE": "complete_bash"})
    assert sorted(both.stdout.split()) == ["schedule", "schema"]  # a shared prefix offers each command
    installed = run_cli("--install-completion", "bash", env={**named, "HOME": str(tmp_path)})
    assert installed.returncode == 0, installed.stderr
    assert "briefing" in (tmp_path / ".bashrc").read_text()


# --- progress and counts ------------------------------------------------------------------------------

def on_a_terminal(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal (as a user at a terminal sees it) and stdout on a pipe."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the process ends
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=300)
    reader.join(timeout=10)
    os.close(leader)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    return proc.returncode, out.decode(), screen


def test_a_terminal_gets_a_progress_bar_and_a_pipe_or_quiet_gets_none(tmp_path):
    code, out, screen = on_a_terminal("build", str(SEEDS), "--out", str(tmp_path / "tty"))
    assert code == 0, screen
    assert re.search(r"reading|analysing", screen) and re.search(r"2/2 sources\s+\d+s", screen), screen
    assert "fitting to one page" in screen and "writing the PDF" in screen
    assert re.match(r"built: 2 sources, \d+ items", out)
    code, out, screen = on_a_terminal("build", str(SEEDS), "--out", str(tmp_path / "quiet"), "--quiet")
    assert code == 0 and screen.strip() == "", screen
    piped = run_cli("build", str(SEEDS), "--out", str(tmp_path / "piped"), "--format", "md")
    assert piped.returncode == 0 and piped.stderr == ""


def test_counts_are_said_right(tmp_path):
    from briefing.build import Report
    from briefing.progress import counted, report_line

    result = run_cli("build", STATEMENT, "--out", str(tmp_path / "one"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built: 1 source, ")
    assert [counted(n, "source") for n in (0, 1, 2)] == ["0 sources", "1 source", "2 sources"]
    line = report_line(Report(sources=1, items=1, dropped=1, duplicates=1), tmp_path)
    assert line.startswith("built: 1 source (1 copy of others), 1 item, ")
    assert "; 1 lower-ranked item left out to fit one page" in line


# --- headline digests --------------------------------------------------------------------------------

def test_a_feed_of_headlines_alone_builds_a_cited_brief(tmp_path):
    # every entry was "no text left after removing page furniture", and the build exited 3
    out = tmp_path / "out"
    result = run_cli("build", str(FEED), "--out", str(out), "--format", "md,json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    brief = json.loads((out / "brief.json").read_text())
    by_title = {s["title"]: s for s in brief["sources"]}
    assert sorted(by_title) == sorted(HEADLINES)
    for title, source in by_title.items():
        assert [p["text"] for p in source["paragraphs"]] == [title]  # the headline is the one paragraph
        assert source["issuer"] == "Ministry of the Interior — Updates"
        assert source["url"].startswith("https://interior.example.gov/updates/2025/03/")
    assert by_title[HEADLINES[0]]["date"] == "2025-03-04"
    kinds = [by_title[t]["kind"] for t in HEADLINES]
    assert kinds == ["official statement", "readout", "transcript", "feed entry"]  # from the feed's categories
    cited = {c["source"] for s in brief["sections"] for it in s["items"] for c in it["citations"]}
    assert cited, "the headlines are cited like any paragraph"
    assert all(by_id["paragraphs"] for by_id in brief["sources"])


class _Pages(BaseHTTPRequestHandler):
    """The feed at /updates.rss (not counted in ``seen``), and each entry's linked page: a short
    article, so that --follow-links has something to read."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/updates.rss":
            self._send(self.server.feed, "application/rss+xml")
            return
        self.server.seen.append(self.path)
        body = ("<html><head><title>Update</title></head><body><article><h1>Update</h1>"
                f"<p>The Ministry said on 4 March 2025 that relief convoys had reached the northern districts "
                f"and that the page at {self.path} was read in full by the build.</p>"
                "<p>Officials added that 15,000 people were sheltering in evacuation centres across the province.</p>"
                "</article></body></html>").encode()
        self._send(body, "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def test_follow_links_still_reads_the_linked_pages_of_a_headline_feed(tmp_path, monkeypatch):
    with loopback_server(_Pages, monkeypatch) as httpd:
        # the feed is named by URL on the pages' own host and port: links from a feed file to this
        # machine are never followed (issue 14), links to the host of a feed the user named are
        httpd.feed = FEED.read_text(encoding="utf-8").replace("https://interior.example.gov", httpd.base).encode()
        result = run_cli("build", httpd.base + "/updates.rss", "--follow-links", "--out", str(tmp_path / "out"),
                         "--format", "json", env={"NO_PROXY": "*"})
        assert result.returncode == 0, result.stderr
        assert len(httpd.seen) == 4
    brief = json.loads((tmp_path / "out" / "brief.json").read_text())
    texts = [" ".join(p["text"] for p in s["paragraphs"]) for s in brief["sources"]]
    assert all("was read in full by the build" in text for text in texts), texts


# --- the "done when": a page, a PDF and a headline feed, no source skipped --------------------

def test_a_page_a_pdf_and_a_headline_feed_build_with_no_skipped_source(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(FIRST_HOUR), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "skipped" not in result.stdout
    brief = json.loads((out / "brief.json").read_text())
    assert sorted({s["format"] for s in brief["sources"]}) == ["feed", "html", "pdf"]
    assert len(brief["sources"]) == 6 and brief.get("skipped") in (None, [])
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF-")
