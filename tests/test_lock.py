"""One build at a time per output folder: the second run waits or exits 6; a dead run's lock is free."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing.write import lock
from briefing.errors import LockedError
from conftest import ROOT, SEEDS, run_cli

NOW = dt.datetime(2024, 11, 5, 6, 0, tzinfo=dt.timezone.utc)


def _seeds(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    return src


def test_a_held_lock_stops_a_second_run_with_exit_6_and_one_line(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    out.mkdir()
    with lock.hold(out, 0, NOW):
        result = run_cli("build", str(src), "--out", str(out), "--wait", "0")
    assert result.returncode == 6, result.stderr
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in result.stderr
    assert str(out) in err and f"pid {os.getpid()}" in err and "--wait" in err
    assert not list(out.glob("brief.*"))  # it wrote nothing


def test_the_second_run_waits_for_the_first_then_builds(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    out.mkdir()
    held = threading.Event()

    def hold_briefly() -> None:
        with lock.hold(out, 0, NOW):
            held.set()
            time.sleep(2.0)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    held.wait(10)
    started = time.monotonic()
    result = run_cli("build", str(src), "--out", str(out), "--format", "md,json", "--wait", "60")
    holder.join()
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 1.5
    assert json.loads((out / "brief.json").read_text())["sections"]


def test_wait_runs_out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with lock.hold(out, 0, NOW):
        started = time.monotonic()
        with pytest.raises(LockedError) as info:
            with lock.hold(out, 0.5, NOW):
                pass
        assert time.monotonic() - started >= 0.5
    assert info.value.exit_code == 6
    assert f"pid {os.getpid()} (started 2024-11-05T06:00:00+00:00)" in info.value.message
    assert "after waiting 0.5s" in info.value.message


def test_a_lock_file_left_by_a_dead_process_does_not_block(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (out / lock.LOCK_NAME).write_text(f"pid {dead.stdout.strip()} started 2024-11-04T06:00:00+00:00\n")
    result = run_cli("build", str(src), "--out", str(out), "--format", "md", "--wait", "0")
    assert result.returncode == 0, result.stderr
    assert (out / lock.LOCK_NAME).read_text().startswith("pid ")


def test_a_killed_holder_releases_the_lock(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    code = ("import datetime as dt, sys, time; from pathlib import Path; from briefing.write import lock\n"
            "with lock.hold(Path(sys.argv[1]), 0, dt.datetime.now(dt.timezone.utc)):\n"
            "    print('held', flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(LockedError, match=f"pid {proc.pid}"):
            with lock.hold(out, 0, NOW):
                pass
    finally:
        proc.kill()
        proc.wait()
    with lock.hold(out, 0, NOW):
        pass


def test_two_real_builds_overlapping_end_cleanly(tmp_path):
    src, out = _seeds(tmp_path), tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(src), "--out", str(out), "--force"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # until the first run holds the lock
        path = out / lock.LOCK_NAME
        if path.exists() and path.read_text().startswith(f"pid {first.pid} "):
            break
        time.sleep(0.02)
    second = run_cli("build", str(src), "--out", str(out), "--wait", "0")
    third = run_cli("build", str(src), "--out", str(out), "--wait", "120")
    assert first.wait(120) == 0, first.stderr.read()
    assert second.returncode == 6, second.stdout + second.stderr  # the first was still building
    assert f"pid {first.pid}" in second.stderr and len(second.stderr.strip().splitlines()) == 1
    assert third.returncode == 0, third.stderr
    assert third.stdout.startswith("unchanged:")  # it waited for the first run, then found its brief
    assert json.loads((out / "brief.json").read_text())["sections"]
    from pypdf import PdfReader

    assert len(PdfReader(str(out / "brief.pdf")).pages) >= 2


def test_a_forked_worker_outliving_its_killed_parent_does_not_hold_the_lock(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    code = ("import datetime as dt, os, sys, time; from pathlib import Path; from briefing.write import lock\n"
            "with lock.hold(Path(sys.argv[1]), 0, dt.datetime.now(dt.timezone.utc)):\n"
            "    child = os.fork()\n"
            "    if child == 0:\n"
            "        time.sleep(60); os._exit(0)\n"
            "    print(child, flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())
    try:
        with pytest.raises(LockedError):
            with lock.hold(out, 0, NOW):
                pass
        proc.kill()
        proc.wait()
        with lock.hold(out, 5, NOW):  # the worker still runs, the lock is free
            os.kill(child, 0)
    finally:
        os.kill(child, 9)
