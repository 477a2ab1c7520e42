"""The command line end to end: real processes on real temporary files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import SEEDS, SHARED, run_cli


def test_build_writes_the_four_files(seeds_build):
    for name in ("brief.md", "brief.pdf", "brief.html", "brief.json"):
        assert (seeds_build / name).stat().st_size > 500, name
    assert not list(seeds_build.glob(".*.tmp")), "temporary files left behind"


def test_build_defaults_to_seeds_and_output(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    result = run_cli("build", "--format", "md,json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "brief.md").exists()
    assert (tmp_path / "output" / "brief.json").exists()
    assert not (tmp_path / "output" / "brief.pdf").exists()
    assert re.match(r"built: 2 sources, \d+ items", result.stdout)


def test_version_and_help_have_examples():
    result = run_cli("--version")
    assert result.returncode == 0 and re.fullmatch(r"briefing \d+\.\d+\.\d+\n", result.stdout)
    for command in ("build", "sources", "inspect"):
        help_text = run_cli(command, "--help").stdout
        assert "Examples" in help_text and f"briefing {command}" in help_text, command


def test_sources_table_lists_each_source():
    result = run_cli("sources", str(SEEDS))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["id", "kind", "title", "issuer", "date", "paras", "words"]
    assert len(lines) == 3
    assert "joint statement" in lines[1] and "news report" in lines[2]
    assert "2024-11-05" in lines[2]


def test_inspect_prints_structured_summary():
    result = run_cli("inspect", str(SEEDS / "004_1225735960cc5bd0.txt"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "joint statement"
    assert [p["n"] for p in data["paragraphs"]] == [1, 2, 3, 4]
    assert any(r["name"].endswith("1718, 1874 and 2270") for r in data["references"])
    names = {a["name"] for a in data["actors"]}
    assert {"North Korea", "Russia", "Ukraine", "South Korea"} <= names


# --- bad input: one line naming the file and the cause, a non-zero exit, no traceback ---------

def _one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    err = result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err, (needle, err)


def test_missing_path(tmp_path):
    result = run_cli("build", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    _one_line_error(result, "nope", "no such file or folder")


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("build", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    _one_line_error(result, "empty", "no files")


def test_empty_file_alone(tmp_path):
    (tmp_path / "blank.txt").write_text("  \n\n")
    result = run_cli("build", str(tmp_path / "blank.txt"), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    _one_line_error(result, "blank.txt", "empty file")


def test_binary_file_alone(tmp_path):
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 40)
    result = run_cli("build", str(tmp_path / "photo.txt"), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    _one_line_error(result, "photo.txt", "binary")


def test_bad_file_among_good_ones_is_skipped(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    (src / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 500)
    (src / "empty.md").write_text("")
    result = run_cli("build", str(src), "--out", str(tmp_path / "out"), "--format", "md,json")
    assert result.returncode == 8, result.stderr  # built, partially
    assert "Traceback" not in result.stderr
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2
    assert any("blob.txt" in w and "binary" in w for w in warnings)
    assert any("empty.md" in w and "empty file" in w for w in warnings)
    brief = json.loads((tmp_path / "out" / "brief.json").read_text())
    assert len(brief["sources"]) == 2
    assert {s["path"] for s in brief["skipped"]} == {str(src / "blob.txt"), str(src / "empty.md")}


def test_template_syntax_error(tmp_path):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "brief.md.j2").write_text("# {{ brief.title }\n{% for x in %}\n")
    result = run_cli("build", str(SEEDS), "--out", str(tmp_path / "out"), "--template-dir", str(tpl))
    assert result.returncode == 4
    _one_line_error(result, "brief.md.j2", "syntax error")


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("build", str(SEEDS), "--out", str(blocker / "out"), "--format", "md")
    assert result.returncode == 5
    _one_line_error(result, str(blocker / "out"), "cannot")


def test_bad_options(tmp_path):
    for args, needle in (
        (["--format", "odt"], "odt"),
        (["--page-size", "A3"], "A3"),
        (["--as-of", "yesterday"], "yesterday"),
        (["--template-dir", str(tmp_path / "none")], "none"),
    ):
        result = run_cli("build", str(SEEDS), "--out", str(tmp_path / "out"), *args)
        assert result.returncode == 2, args
        _one_line_error(result, needle)


def test_failed_build_leaves_previous_outputs_untouched(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", str(SEEDS), "--out", str(out), "--format", "md,json").returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("brief.*")}  # the brief and its archive
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "brief.md.j2").write_text("{% if %}")
    result = run_cli("build", str(SEEDS), "--out", str(out), "--format", "md,json", "--template-dir", str(tpl))
    assert result.returncode == 4
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("brief.*")} == before


def test_user_template_overrides_shipped_one(tmp_path):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "brief.md.j2").write_text("CUSTOM {{ brief.title }}\n{% for s in sections %}{% for i in s.items %}- {{ i.text }}\n{% endfor %}{% endfor %}")
    out = tmp_path / "out"
    result = run_cli("build", str(SEEDS), "--out", str(out), "--format", "md", "--template-dir", str(tpl))
    assert result.returncode == 0, result.stderr
    assert (out / "brief.md").read_text().startswith("CUSTOM G7")


def test_runs_from_any_folder(tmp_path):
    result = run_cli("build", str(SEEDS), "--out", str(tmp_path / "o"), "--format", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "<h1>" in (tmp_path / "o" / "brief.html").read_text()


def test_check_brief_contract(seeds_build):
    checker = SHARED / "tools" / "check_brief.py"
    if not checker.exists():
        pytest.skip("../shared/tools/check_brief.py is not beside the checkout")
    result = subprocess.run([sys.executable, str(checker), str(seeds_build)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("OK")
