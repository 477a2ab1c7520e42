"""Reproducible builds: the same inputs give byte-identical files in any output folder."""

from __future__ import annotations

import shutil

from conftest import SEEDS, run_cli

FILES = ("brief.md", "brief.html", "brief.json", "brief.pdf")
EPOCH = "1730800000"  # 2024-11-05T09:46:40Z


def _build(src, out, env):
    result = run_cli("build", str(src), "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    return {name: (out / name).read_bytes() for name in FILES}


def test_source_date_epoch_builds_are_byte_identical_in_any_folder(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    one = _build(src, tmp_path / "out", {"SOURCE_DATE_EPOCH": EPOCH})
    two = _build(src, tmp_path / "elsewhere" / "deeper" / "brief-output", {"SOURCE_DATE_EPOCH": EPOCH})
    for name in FILES:
        assert one[name] == two[name], f"{name} differs between output folders"
        assert b"elsewhere" not in two[name] and str(tmp_path / "out").encode() not in one[name]
    # SOURCE_DATE_EPOCH is also the time that names the archive copy
    assert (tmp_path / "out" / "archive" / "2024-11-05" / "brief.pdf").read_bytes() == one["brief.pdf"]


def test_builds_are_byte_identical_without_source_date_epoch_too(tmp_path):
    """The PDF's dates come from the brief's as-of date, and its fonts are stamped with it."""
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    one = _build(src, tmp_path / "a", None)
    two = _build(src, tmp_path / "b", None)
    assert one == two
