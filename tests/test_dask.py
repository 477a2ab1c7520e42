"""The per-source work on a real Dask cluster (a LocalCluster of worker processes on loopback): the
same bytes as a local build, a worker killed mid-build survived, a source that fails on a worker
skipped with its cause, an unreachable scheduler one line before any output, and a default install
that imports nothing of Dask."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, run_cli
from corpus import make_corpus

distributed = pytest.importorskip("distributed", reason="Dask is the optional extra briefing[dask] (in the test extra)")

import cloudpickle  # noqa: E402 - a dependency of distributed

from briefing.build import build  # noqa: E402
from briefing.config.engine import EngineSettings, StoreSettings  # noqa: E402
from briefing.config.settings import Settings  # noqa: E402
from briefing.engine import open_engine  # noqa: E402
from briefing.engine.outcome import Failed  # noqa: E402
from briefing.progress import Step  # noqa: E402
from briefing.read import ReadOptions  # noqa: E402

FILES = ("brief.md", "brief.html", "brief.json", "brief.pdf")
EPOCH = {"SOURCE_DATE_EPOCH": "1741759200"}  # 2025-03-12T06:00:00Z
NOW = dt.datetime(2025, 3, 12, 6, 0, tzinfo=dt.timezone.utc)
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers run this module's test functions


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each on 127.0.0.1; a task whose worker dies twice fails."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None, silence_logs=logging.CRITICAL) as local:
            yield local


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_a_cluster_builds_the_same_bytes_as_local_processes_and_threads(cluster, tmp_path):
    src = make_corpus(tmp_path / "src", n=12)
    runs = {}
    for name, scheduler in (("local", "local"), ("threads", "threads"), ("dask", cluster.scheduler_address)):
        out = tmp_path / name
        result = run_cli("build", str(src), "--out", str(out), "--scheduler", scheduler, env=EPOCH, timeout=300)
        assert result.returncode == 8, result.stderr  # two inputs are skipped, on the workers as here
        runs[name] = (_files(out), [line for line in result.stderr.splitlines() if "skipped" in line])
    assert runs["dask"] == runs["local"] == runs["threads"]
    assert any("binary.txt: binary file, not text" in line for line in runs["dask"][1])
    assert any("furniture.txt: no text left after removing page furniture" in line for line in runs["dask"][1])


def test_a_rebuild_on_the_cluster_takes_from_the_store_what_it_holds(cluster, tmp_path):
    src = make_corpus(tmp_path / "src", n=6)
    settings = Settings(paths=(str(src),), out=tmp_path / "out", now=NOW, keep=0, force=True, formats=("md", "json"),
                        engine=EngineSettings(cluster.scheduler_address))
    first = build(settings)
    build(Settings(paths=(str(src),), out=tmp_path / "local", now=NOW, keep=0, formats=("md", "json")))
    again = build(settings)
    assert first.reused == {"read": 0, "analysed": 0}
    assert again.reused["read"] == len(list(src.iterdir())) and again.reused["analysed"] == again.sources - again.duplicates
    assert (tmp_path / "out" / "brief.json").read_bytes() == (tmp_path / "local" / "brief.json").read_bytes()


def test_a_warning_made_on_a_worker_is_told_here(cluster, tmp_path, caplog):
    src = tmp_path / "src"
    src.mkdir()
    (src / "long.txt").write_text("\n\n".join(f"Paragraph {n} says that {n} convoys arrived on Monday." for n in range(1, 9)))
    build(Settings(paths=(str(src),), out=tmp_path / "out", now=NOW, keep=0, formats=("json",),
                   read=ReadOptions(max_paragraphs=3), store=StoreSettings(max_mb=0),
                   engine=EngineSettings(cluster.scheduler_address)))
    assert [r.getMessage() for r in caplog.records if "reading only" in r.getMessage()] == [
        f"{src / 'long.txt'}: reading only the first 3 paragraphs (max_paragraphs)"]


def test_a_worker_killed_mid_build_is_survived(cluster, client, tmp_path):
    src = make_corpus(tmp_path / "src", n=40)
    pids = sorted(client.run(os.getpid).values())
    killed = []

    def kill_one_worker(step: Step | str) -> None:
        if not killed and isinstance(step, Step) and step.stage == "read" and 0 < step.done < step.total:
            os.kill(pids[0], signal.SIGKILL)  # the nanny starts a new worker; its tasks go to the other
            killed.append(step)

    base = dict(paths=(str(src),), now=NOW, keep=0, formats=("md", "json"))
    on_cluster = build(Settings(out=tmp_path / "dask", engine=EngineSettings(cluster.scheduler_address), **base),
                       kill_one_worker)
    local = build(Settings(out=tmp_path / "local", **base))
    assert killed and on_cluster.skipped == local.skipped
    for name in ("brief.md", "brief.json"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    client.wait_for_workers(2, timeout=60)


def _kills_its_worker_on(item: int) -> int:
    if item == 3:
        os._exit(1)  # as a worker killed by the kernel for its memory would
    return item * 2


def test_an_item_whose_workers_keep_dying_is_that_items_failure_alone(cluster, client):
    client.wait_for_workers(2, timeout=60)
    with open_engine(EngineSettings(cluster.scheduler_address)) as engine:
        results = dict(engine.map(_kills_its_worker_on, [1, 3]))
    assert results == {0: 2, 1: Failed("every Dask worker that ran it died (too little memory per worker?)")}
    client.wait_for_workers(2, timeout=60)


def _raises_on(item: int) -> int:
    if item == 2:
        raise ValueError(f"cannot do {item}")
    return item


def test_an_item_that_raises_on_a_worker_comes_back_with_its_cause(cluster):
    with open_engine(EngineSettings(cluster.scheduler_address)) as engine:
        results = dict(engine.map(_raises_on, range(4)))
    assert results[2] == Failed("ValueError: cannot do 2") and results[3] == 3


def test_an_unreachable_scheduler_fails_in_one_line_before_any_output(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", str(SEEDS), "--out", str(out), "--format", "md,json", env=EPOCH).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".briefing.lock"}
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    manifest = tmp_path / "briefing.toml"
    manifest.write_text(f'[[source]]\npath = "{SEEDS}"\n\n[engine]\nscheduler = "tcp://127.0.0.1:{port}"\ntimeout = 1\n')
    result = run_cli("build", "--manifest", str(manifest), "--out", str(out), "--format", "md,json", "--force", env=EPOCH)
    assert result.returncode == 10
    assert result.stderr.count("\n") == 1 and f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != ".briefing.lock"}
    assert after == before


def test_the_default_path_imports_nothing_of_dask(tmp_path):
    result = run_cli("build", str(SEEDS), "--out", str(tmp_path / "out"), "--format", "md", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert "briefing.sourcework" in imported  # the per-source work ran here
    assert not [name for name in imported if name.split(".")[0] in ("dask", "distributed", "cloudpickle")]


def test_a_scheduler_address_is_checked_with_the_options(tmp_path):
    result = run_cli("build", str(SEEDS), "--out", str(tmp_path / "out"), "--scheduler", "not an address")
    assert result.returncode == 2
    assert "--scheduler: 'not an address' is not local, threads or a Dask scheduler's address" in result.stderr
    assert not (tmp_path / "out").exists()
