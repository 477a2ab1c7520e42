"""kill -9 at any moment of a build leaves the previous brief complete and valid."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, SEEDS

ROUNDS = 6


def _corpus(folder: Path, n: int = 8) -> None:
    """Reports made from the seeds' paragraphs, each with its own date and figures."""
    paragraphs = [p.strip() for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")
                  if len(p.split()) > 12]
    folder.mkdir()
    for i in range(n):
        body = paragraphs[i % len(paragraphs):] + paragraphs[: i % len(paragraphs)]
        lines = [f"Report {i + 1}: North Korean troops in Russia, day {i + 1}", f"{i + 1} November 2024 —",
                 f"On {i + 1} November, officials said about {1000 * (i + 3):,} North Korean soldiers were in Kursk Oblast."]
        (folder / f"report_{i:02d}.txt").write_text("\n\n".join(lines + body[:8]) + "\n", encoding="utf-8")


def _build(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "briefing", "build", str(src), "--out", str(out), "--wait", "30"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _check_brief(out: Path) -> str:
    """The four files are whole and valid; return the title."""
    from pypdf import PdfReader

    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert brief["title"] and brief["sections"] and brief["sources"]
    md = (out / "brief.md").read_text(encoding="utf-8")
    assert md.startswith("# ") and "## Sources" in md and "## Source paragraphs" in md
    html = (out / "brief.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    pdf = PdfReader(str(out / "brief.pdf"))
    assert len(pdf.pages) >= 2
    assert "Situation brief".upper() in (pdf.pages[0].extract_text() or "").upper()
    return brief["title"]


def test_kill_9_at_random_moments_leaves_the_previous_brief_whole(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _corpus(src)
    started = time.monotonic()
    first = _build(src, out)
    assert first.wait(300) == 0, first.stderr.read()
    cold = time.monotonic() - started
    _check_brief(out)

    rng = random.Random(9)
    for n in range(ROUNDS):
        with open(src / "report_00.txt", "a", encoding="utf-8") as fh:  # so that the run is a real build
            fh.write(f"\nOn 9 November, a further {n + 2},500 North Korean soldiers were reported near the front, round {n}.\n")
        proc = _build(src, out)
        time.sleep(rng.uniform(0.05, cold * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        _check_brief(out)  # whether the kill came before, during or after the renames
        for copy in (out / "archive").iterdir():
            if not copy.name.startswith("."):
                assert {p.name for p in copy.iterdir()} == {"brief.md", "brief.html", "brief.json", "brief.pdf"}

    last = _build(src, out)
    assert last.wait(300) == 0, last.stderr.read()
    _check_brief(out)
    assert not list(out.glob(".*.tmp")) and not list((out / "archive").glob(".tmp-*"))  # leftovers cleaned


def test_a_run_dying_between_renames_leaves_whole_files_and_the_next_run_repairs(tmp_path, monkeypatch):
    """The narrowest window: some files renamed into place, the others and the cache not yet."""
    import os

    import pytest

    import briefing.build as build_module
    import briefing.write.atomic as atomic_module
    from briefing.config.settings import Settings

    src, out = tmp_path / "src", tmp_path / "out"
    _corpus(src, 3)
    settings = Settings(paths=(str(src),), out=out)
    build_module.build(settings)
    old = {name: (out / name).read_bytes() for name in ("brief.md", "brief.html", "brief.json", "brief.pdf")}
    with open(src / "report_00.txt", "a", encoding="utf-8") as fh:
        fh.write("\nOn 9 November, a further 2,500 North Korean soldiers were reported near the front.\n")

    renames = []
    real_replace = os.replace

    def dying_replace(a, b):
        if len(renames) == 2:
            raise SystemExit("killed")  # as if the process died here
        renames.append(Path(b).name)
        real_replace(a, b)

    monkeypatch.setattr(atomic_module.os, "replace", dying_replace)
    with pytest.raises(SystemExit):
        build_module.build(settings)
    monkeypatch.undo()
    now = {name: (out / name).read_bytes() for name in old}
    assert [name for name in old if now[name] != old[name]] == renames  # two new files, two old ones
    _check_brief(out)
    report = build_module.build(settings)
    assert report.status == "built"  # the cache no longer matches the files: built again, consistent
    _check_brief(out)
    assert not list(out.glob(".*.tmp"))


def test_primitives_leave_nothing_half_written(tmp_path):
    """write_file, write_files and write_folder: whole results, or the old state and no temporaries."""
    import pytest

    from briefing.write.atomic import remove_temps, write_file, write_files, write_folder

    folder = tmp_path / "f"
    folder.mkdir()
    write_file(folder / "a.txt", b"one")
    write_file(folder / "a.txt", b"two")
    assert (folder / "a.txt").read_bytes() == b"two" and oct((folder / "a.txt").stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in write_files(folder, {"b": b"B", "c": b"C"})] == ["b", "c"]
    (folder / "d").mkdir()  # a folder where a file should go: the rename fails, nothing else moves
    with pytest.raises(OSError):
        write_files(folder, {"b": b"new", "d": b"D"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b", "c", "d"]
    assert (folder / "b").read_bytes() == b"new"  # renamed in order, before the failure; no temporary left
    with pytest.raises(OSError):
        write_files(folder, {"b": b"newer", "no-such-folder/c": b"C"})  # fails while writing: nothing renamed
    assert (folder / "b").read_bytes() == b"new"
    copy = write_folder(tmp_path / "copy", {"x.md": b"x"})
    assert copy.is_dir() and (copy / "x.md").read_bytes() == b"x"
    with pytest.raises(OSError):
        write_folder(tmp_path / "copy" / "x.md" / "no", {"y": b"y"})  # its parent is a file
    (folder / ".e.abc.tmp").write_bytes(b"half")
    (folder / ".tmp-xyz").mkdir()
    remove_temps(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b", "c", "d"]
