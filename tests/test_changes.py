"""What changed: new facts, revised figures and dropped items since the previous brief, cited."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import SEEDS, SHARED, run_cli

NEWS = "000_82b7d47260e03002.txt"  # the news report; its paragraphs are one line each
NEW_PARAGRAPH = ("Ukraine's defence ministry said on Tuesday that North Korean units had begun artillery training "
                 "with Russian brigades near the border, according to intercepted radio messages.")


def _seeds(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    return src


def _build(src: Path, out: Path, *extra: str) -> dict:
    result = run_cli("build", str(src), "--out", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return json.loads((out / "brief.json").read_text())


def _edit(src: Path, old: str, new: str) -> None:
    path = src / NEWS
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _section(brief: dict, key: str) -> dict | None:
    return next((s for s in brief["sections"] if s["key"] == key), None)


def _paragraph(brief: dict, citation: dict) -> str:
    source = next(s for s in brief["sources"] if s["id"] == citation["source"])
    return next(p["text"] for p in source["paragraphs"] if p["n"] == citation["paragraph"])


@pytest.fixture(scope="module")
def new_fact(tmp_path_factory) -> SimpleNamespace:
    """The seeds built, rebuilt unchanged, then built again with a paragraph added at the top."""
    tmp_path = tmp_path_factory.mktemp("new-fact")
    src, out = _seeds(tmp_path), tmp_path / "out"
    first = _build(src, out)
    again = _build(src, out, "--force")  # an unchanged rebuild: nothing is new
    _edit(src, "Tuesday, 5 November 2024 —\n\n", f"Tuesday, 5 November 2024 —\n\n{NEW_PARAGRAPH}\n\n")
    return SimpleNamespace(src=src, out=out, first=first, again=again, brief=_build(src, out))


def test_a_paragraph_added_at_the_top_is_the_one_new_fact(new_fact):
    src, out, first, again, brief = new_fact.src, new_fact.out, new_fact.first, new_fact.again, new_fact.brief
    assert first["changes"] is None and _section(first, "changes") is None  # the first build has none
    assert again["changes"] is None and _section(again, "changes") is None

    assert [s["key"] for s in brief["sections"]][:2] == ["bottom_line", "changes"]
    section = _section(brief, "changes")
    assert section["title"] == "What changed"
    assert [it["text"] for it in section["items"]] == [NEW_PARAGRAPH]  # not the paragraphs renumbered below it
    assert brief["changes"]["new"][0]["text"] == NEW_PARAGRAPH
    assert brief["changes"]["changed"] == [] and brief["changes"]["dropped"] == []
    assert brief["changes"]["since"] == first["as_of"]
    (cite,) = section["items"][0]["citations"]
    assert _paragraph(brief, cite) == NEW_PARAGRAPH
    md = (out / "brief.md").read_text()
    assert md.index("## Bottom line") < md.index("## What changed") < md.index("## Key developments")
    assert (out / "brief.html").read_text().count('id="sec-changes"') == 1
    from pypdf import PdfReader

    page_one = PdfReader(str(out / "brief.pdf")).pages[0].extract_text()
    assert "WHAT CHANGED" in page_one.upper() and "artillery training" in page_one

    # rebuilt with nothing changed, the brief stays the same, What changed and all
    assert run_cli("build", str(src), "--out", str(out), "--force").stdout.startswith("unchanged:")


def test_a_brief_with_what_changed_meets_the_contract(new_fact):
    checker = SHARED / "tools" / "check_brief.py"
    if not checker.exists():
        pytest.skip("../shared/tools/check_brief.py is not beside the checkout")
    check = subprocess.run([sys.executable, str(checker), str(new_fact.out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_a_revised_figure_is_changed_and_a_removed_paragraph_dropped(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    first = _build(src, out, "--format", "md,json")
    turner = "On 1 November, US House Intelligence Committee Chair Mike Turner"
    assert any(it["text"].startswith(turner) for s in first["sections"] for it in s["items"])

    _edit(src, "already 11,000 North Korean soldiers", "already 12,000 North Korean soldiers")
    lines = (src / NEWS).read_text(encoding="utf-8").split("\n")
    (src / NEWS).write_text("\n".join(line for line in lines if not line.startswith(turner)), encoding="utf-8")
    brief = _build(src, out, "--format", "md,json")

    (changed,) = brief["changes"]["changed"]
    assert "12,000 North Korean soldiers" in changed["text"] and changed["note"] == "previously 11,000"
    assert "12,000" in _paragraph(brief, changed["citations"][0])
    dropped = [d["text"] for d in brief["changes"]["dropped"]]
    assert dropped and all("Turner" in text for text in dropped)
    assert not any("11,000" in text for text in dropped)  # the revised figure is not also "dropped"
    md = (out / "brief.md").read_text()
    assert "*(previously 11,000)*" in md and "No longer in the sources: “On 1 November, US House" in md


def test_a_broken_previous_brief_means_no_comparison(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    _build(src, out, "--format", "md,json")
    (out / "brief.json").write_text('{"title": "not a brief"')
    _edit(src, "Tuesday, 5 November 2024 —\n\n", f"Tuesday, 5 November 2024 —\n\n{NEW_PARAGRAPH}\n\n")
    brief = _build(src, out, "--format", "md,json")
    assert brief["changes"] is None and _section(brief, "changes") is None
