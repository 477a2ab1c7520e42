"""The build cache: a run with nothing changed is a no-op; any change, --force or a bad cache builds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.write import cache
from briefing.config.settings import Settings
from conftest import ROOT, SEEDS, run_cli


def _seeds(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    return src


def _state(out: Path) -> dict[str, int]:
    """Every file the build keeps in ``out`` with its modification time (ns)."""
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".briefing.lock"}


def test_second_build_with_no_change_rewrites_nothing(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    first = run_cli("build", str(src), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("built: 2 sources")
    before = _state(out)
    second = run_cli("build", str(src), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("unchanged: 2 sources"), second.stdout
    assert "nothing rewritten" in second.stdout
    assert _state(out) == before  # the brief, the cache and the archive, all untouched


def test_no_change_path_loads_neither_the_pdf_engine_nor_the_analysis(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    assert run_cli("build", str(src), "--out", str(out)).returncode == 0
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", "build", str(src), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("unchanged:"), result.stdout + result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "weasyprint" not in imported
    assert not {m for m in imported if m.startswith(("briefing.analyse", "briefing.synthesise"))}


_LIBRARY_RUN = """
import sys
from pathlib import Path
from briefing.build import build
from briefing.config.settings import Settings
report = build(Settings(paths=(sys.argv[1],), out=Path(sys.argv[2]), force=sys.argv[3] == "force"))
print(report.status, "weasyprint" in sys.modules)
"""


def _library_build(src: Path, out: Path, force: bool = False) -> str:
    result = subprocess.run([sys.executable, "-c", _LIBRARY_RUN, str(src), str(out), "force" if force else "-"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_force_builds_again_but_rewrites_an_identical_brief_no_more(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    assert _library_build(src, out) == "built True"
    assert _library_build(src, out) == "unchanged False"
    before = _state(out)
    assert _library_build(src, out, force=True) == "unchanged True"  # laid out again: same bytes
    after = _state(out)
    assert {k: v for k, v in after.items() if k.startswith("brief.")} == {k: v for k, v in before.items() if k.startswith("brief.")}


@pytest.mark.parametrize("text", ["", "{not json", "[]", '{"format": 1}', '{"format": 1, "version": "0.1.0", "key": 1, "inputs": [], "outputs": 2}', "\x00\xff"])
def test_a_corrupt_cache_reads_as_empty(tmp_path, text):
    (tmp_path / cache.CACHE_NAME).write_text(text, encoding="latin-1")
    assert cache.read(tmp_path) == cache.Cache()
    assert not cache.Cache().fresh("", {}, tmp_path)


def test_a_corrupt_cache_means_a_full_build(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    assert run_cli("build", str(src), "--out", str(out)).returncode == 0
    (out / cache.CACHE_NAME).write_text("{garbage", encoding="utf-8")
    assert _library_build(src, out) == "unchanged True"  # built in full; the same bytes, so not rewritten
    assert json.loads((out / cache.CACHE_NAME).read_text())["key"]
    assert _library_build(src, out) == "unchanged False"


def test_changed_input_deleted_or_edited_output_and_changed_option_rebuild(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    assert run_cli("build", str(src), "--out", str(out), "--format", "md,json").returncode == 0
    (out / "brief.md").write_text("edited by hand\n")
    result = run_cli("build", str(src), "--out", str(out), "--format", "md,json")
    assert result.stdout.startswith("built:") and (out / "brief.md").read_text().startswith("# ")
    (out / "brief.json").unlink()
    assert run_cli("build", str(src), "--out", str(out), "--format", "md,json").stdout.startswith("built:")
    assert (out / "brief.json").is_file()
    assert run_cli("build", str(src), "--out", str(out), "--format", "md,json", "--title", "Other").stdout.startswith("built:")
    with open(src / "004_1225735960cc5bd0.txt", "a", encoding="utf-8") as fh:
        fh.write("\nThe ministers will meet again in Brussels on 12 December to review the response.\n")
    assert run_cli("build", str(src), "--out", str(out), "--format", "md,json", "--title", "Other").stdout.startswith("built:")


def test_a_changed_template_rebuilds(tmp_path):
    src, out, tpl = _seeds(tmp_path), tmp_path / "out", tmp_path / "tpl"
    tpl.mkdir()
    shutil.copy(ROOT / "templates" / "brief.md.j2", tpl / "brief.md.j2")
    args = ("build", str(src), "--out", str(out), "--format", "md", "--template-dir", str(tpl))
    assert run_cli(*args).stdout.startswith("built:")
    assert run_cli(*args).stdout.startswith("unchanged:")
    (tpl / "brief.md.j2").write_text((tpl / "brief.md.j2").read_text() + "\nEND OF BRIEF\n")
    assert run_cli(*args).stdout.startswith("built:")
    assert (out / "brief.md").read_text().rstrip().endswith("END OF BRIEF")


def test_temporary_files_of_killed_runs_are_removed(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    assert run_cli("build", str(src), "--out", str(out), "--format", "md").returncode == 0
    (out / ".brief.md.x1y2.tmp").write_text("half")
    (out / f"{cache.CACHE_NAME}.abc.tmp").write_text("{")
    (out / "archive" / ".tmp-k9").mkdir()
    (out / "archive" / ".tmp-k9" / "brief.md").write_text("half")
    result = run_cli("build", str(src), "--out", str(out), "--format", "md")
    assert result.stdout.startswith("unchanged:")
    assert not list(out.glob(".*.tmp")) and not list((out / "archive").glob(".tmp-*"))


def test_key_leaves_out_run_only_settings_and_holds_the_rest(tmp_path):
    roots = [ROOT / "templates"]
    base = cache.key(Settings(out=Path("a")), roots)
    assert cache.key(Settings(out=Path("b"), force=True, wait=0, keep=3), roots) == base
    assert cache.key(Settings(page_size="Letter"), roots) != base
    assert cache.key(Settings(formats=("md",)), roots) != base
    empty = cache.key(Settings(), [tmp_path] + roots)
    (tmp_path / "brief.css").write_text("body { color: red }")
    assert cache.key(Settings(), [tmp_path] + roots) != empty


def test_url_inputs_are_never_fresh(tmp_path):
    (tmp_path / "brief.md").write_text("x")
    outputs = {"brief.md": cache.file_hash(tmp_path / "brief.md")}
    local = cache.Cache(key="k", inputs={"a.txt": "h"}, outputs=outputs)
    assert local.fresh("k", {"a.txt": "h"}, tmp_path)
    remote = cache.Cache(key="k", inputs={"https://example.org/feed": cache.URL}, outputs=outputs)
    assert not remote.fresh("k", {"https://example.org/feed": cache.URL}, tmp_path)
    assert cache.fingerprint(["https://example.org/feed"]) == {"https://example.org/feed": cache.URL}


def test_a_brief_dated_by_the_run_is_fresh_for_that_day_only(tmp_path):
    """With no dated source, the brief is as of the run's date: the next day is a new brief."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "note.txt").write_text(
        "Ministers meet on the crisis\n\nThe foreign ministers of several countries expressed serious concern "
        "about the deployment of troops near the border on the first day of talks.\n", encoding="utf-8")
    args = ("build", str(src), "--out", str(out), "--format", "md,json")
    day_one, day_two = {"SOURCE_DATE_EPOCH": "1730793600"}, {"SOURCE_DATE_EPOCH": "1730880000"}
    assert run_cli(*args, env=day_one).stdout.startswith("built:")
    assert run_cli(*args, env=day_one).stdout.startswith("unchanged:")
    assert run_cli(*args, env=day_two).stdout.startswith("built:")
    assert json.loads((out / "brief.json").read_text())["as_of"] == "2024-11-06"


def test_the_cache_key_covers_the_code_of_every_stage():
    import briefing

    assert cache.PACKAGE == Path(briefing.__file__).resolve().parent
    assert (cache.PACKAGE / "analyse" / "summary.py").is_file() and (cache.PACKAGE / "synthesise").is_dir()
