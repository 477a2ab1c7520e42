"""History: a dated copy of each brief that changed, bounded by --keep; a bad archive stops the run."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from briefing.write import archive
from conftest import SEEDS, run_cli

DAY = 86400
EPOCH = 1730793600  # 2024-11-05T08:00:00Z


def _seeds(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    return src


def _add_paragraph(src: Path, n: int) -> None:
    with open(src / "004_1225735960cc5bd0.txt", "a", encoding="utf-8") as fh:
        fh.write(f"\nThe ministers will meet again in Brussels on {n + 10} December to review the response.\n")


def test_folder_names_by_day_then_time_then_number():
    now = dt.datetime(2024, 11, 5, 6, 15, 2, tzinfo=dt.timezone.utc)
    assert archive.folder_name(now, set()) == "2024-11-05"
    assert archive.folder_name(now, {"2024-11-05"}) == "2024-11-05T061502"
    assert archive.folder_name(now, {"2024-11-05", "2024-11-05T061502"}) == "2024-11-05T061502-2"
    assert archive.folder_name(now, {"2024-11-05", "2024-11-05T061502", "2024-11-05T061502-2"}) == "2024-11-05T061502-3"


def test_copies_sort_oldest_first_and_prune_only_dated_folders(tmp_path):
    names = ["2024-11-05T061502-10", "2024-11-06", "2024-11-05", "2024-11-05T061502", "2024-11-05T061502-2", "notes"]
    for name in names:
        (tmp_path / name).mkdir()
    assert [p.name for p in archive.dated_copies(tmp_path)] == [
        "2024-11-05", "2024-11-05T061502", "2024-11-05T061502-2", "2024-11-05T061502-10", "2024-11-06"]
    gone = archive.prune(tmp_path, 2)
    assert [p.name for p in gone] == ["2024-11-05", "2024-11-05T061502", "2024-11-05T061502-2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-11-05T061502-10", "2024-11-06", "notes"]


def test_each_changed_brief_is_kept_and_the_oldest_pruned(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    for n in range(4):
        if n:
            _add_paragraph(src, n)
        env = {"SOURCE_DATE_EPOCH": str(EPOCH + n * DAY)}
        result = run_cli("build", str(src), "--out", str(out), "--format", "md,json", "--keep", "2", env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("built:")
    kept = sorted(p.name for p in (out / "archive").iterdir())
    assert kept == ["2024-11-07", "2024-11-08"]
    for name in ("brief.md", "brief.json"):  # the top-level files are the latest copy
        assert (out / name).read_bytes() == (out / "archive" / "2024-11-08" / name).read_bytes()
    # a second change on the same day gets the time; an unchanged run archives nothing
    _add_paragraph(src, 9)
    env = {"SOURCE_DATE_EPOCH": str(EPOCH + 3 * DAY + 3600)}
    assert run_cli("build", str(src), "--out", str(out), "--format", "md,json", "--keep", "2", env=env).returncode == 0
    assert run_cli("build", str(src), "--out", str(out), "--format", "md,json", "--keep", "2", env=env).stdout.startswith("unchanged:")
    assert sorted(p.name for p in (out / "archive").iterdir()) == ["2024-11-08", "2024-11-08T090000"]


def test_keep_0_keeps_no_copy(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    assert run_cli("build", str(src), "--out", str(out), "--format", "md", "--keep", "0").returncode == 0
    assert not (out / "archive").exists()


def test_an_unwritable_archive_is_one_line_exit_5_and_the_brief_untouched(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    assert run_cli("build", str(src), "--out", str(out), "--format", "md,json", "--keep", "0").returncode == 0
    before = {name: (out / name).read_bytes() for name in ("brief.md", "brief.json")}
    (out / "archive").write_text("a file where the archive folder should be")
    _add_paragraph(src, 1)
    result = run_cli("build", str(src), "--out", str(out), "--format", "md,json")
    assert result.returncode == 5, result.stdout + result.stderr
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in result.stderr
    assert "archive" in err and "the previous brief is untouched" in err
    assert {name: (out / name).read_bytes() for name in ("brief.md", "brief.json")} == before
    assert json.loads(before["brief.json"])["sections"]


def test_negative_keep_or_wait_is_a_usage_error(tmp_path):
    for option, value in (("--keep", "-1"), ("--wait", "-5")):
        result = run_cli("build", str(SEEDS), "--out", str(tmp_path / "out"), option, value)
        assert result.returncode == 2 and option in result.stderr, result.stderr
