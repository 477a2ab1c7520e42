"""bench/scale.py --scheduler: the per-source work on a Dask cluster beside local processes, and what
N workers would give (Amdahl, from the measured per-source and serial costs).

``--scheduler local-cluster`` starts a LocalCluster of 2 worker processes of one thread each on
127.0.0.1 for the run (the machine's 2 cores); any other value is the address of a running
scheduler. For each size, ``briefing build FOLDER --out NEW --scheduler ADDRESS`` runs as a whole
process beside the local one, and the ``amdahl`` child measures in one process, with every
per-source task run here one after the other: the client's own part of reading (the files' bytes
and their store keys), the per-source work (read, settle and sketch; summarise the originals), and
the near-duplicate marking; synthesis, fit and rendering come from the ``stages`` child.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def scheduler(address: str) -> Iterator[str]:
    """The scheduler's address: a LocalCluster started for the run, or the one given."""
    if address != "local-cluster":
        yield address
        return
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def child_amdahl(folder: Path) -> dict:
    """The per-source work and the client's serial part of it, each timed on its own, in one process."""
    from briefing.analyse.duplicates import mark_duplicates
    from briefing.build import Report, number_sources
    from briefing.config.engine import EngineSettings
    from briefing.engine import open_engine
    from briefing.read import ReadOptions, file_bytes
    from briefing.read.collect import collect
    from briefing.sourcework import settle_inputs, settled_key, summarise_sources

    options = ReadOptions()
    inputs = collect([str(folder)])
    t = time.process_time()
    for name in inputs:
        settled_key(name, file_bytes(Path(name), options), options)
    client_read = time.process_time() - t
    with open_engine(EngineSettings("local", workers=1)) as engine:
        t = time.process_time()
        settled = settle_inputs(inputs, options, engine)
        settle = time.process_time() - t - client_read
        t = time.process_time()
        sources = mark_duplicates(*number_sources(settled, (), Report()))
        duplicates = time.process_time() - t
        t = time.process_time()
        summarise_sources([s for s in sources if not s.duplicate_of], engine)
        summarise = time.process_time() - t
    return {"client_read": client_read, "settle": settle, "duplicates": duplicates, "summarise": summarise,
            "sources": len(sources)}


def amdahl(row: dict, workers: int) -> float | None:
    """The build's predicted time on ``workers`` workers: the serial part plus the per-source part / N."""
    a, st = row.get("amdahl"), row["stages"].get("times", {})
    if not a or "fit" not in st:
        return None
    serial = a["client_read"] + a["duplicates"] + sum(st.get(k, 0.0) for k in ("synthesise", "fit", "markdown", "html", "pdf"))
    return serial + (a["settle"] + a["summarise"]) / workers + row["stages"].get("imports", 0.0)


def table(results: dict) -> str:
    """The cluster beside local processes, and the Amdahl estimate for N workers."""
    runs, sizes = results["runs"], [n for n in results["sizes"] if "cluster" in results["runs"][str(n)]]
    lines = [f"The per-source work on a Dask cluster ({results.get('scheduler', '?')}) beside local processes "
             "(whole `briefing build` processes; the same bytes is checked):", "",
             "| documents | local processes (s) | Dask cluster (s) | cluster ÷ local | same bytes | peak MiB local / cluster client |",
             "|---:|---:|---:|---:|---|---|"]
    for n in sizes:
        r = runs[str(n)]
        loc, clu = r["cli"], r["cluster"]
        lines.append(f"| {n:,} | {loc['wall']:.1f} | {clu['wall']:.1f} | {clu['wall'] / loc['wall']:.2f}× | "
                     f"{clu.get('same', '–')} | {max(loc['maxrss'], loc.get('tree_pss', 0)) / 2**20:.0f} / "
                     f"{max(clu['maxrss'], clu.get('tree_pss', 0)) / 2**20:.0f} |")
    lines += ["", "Where a build's time goes, one process, every task run here (CPU seconds): the per-source work "
              "spreads over workers; the rest runs on the building machine:", "",
              "| documents | per-source: read + settle + sketch | summarise | client: read files + keys | "
              "near-duplicates | synthesise + fit + render + PDF | per-source share | predicted build, 1 / 2 / 8 / 32 / ∞ workers (s) |",
              "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n in results["sizes"]:
        r = runs[str(n)]
        a, st = r.get("amdahl"), r["stages"].get("times", {})
        if not a or "fit" not in st:
            continue
        rest = sum(st.get(k, 0.0) for k in ("synthesise", "fit", "markdown", "html", "pdf"))
        par = a["settle"] + a["summarise"]
        share = par / (par + rest + a["client_read"] + a["duplicates"])
        preds = " / ".join(f"{amdahl(r, w):.1f}" for w in (1, 2, 8, 32)) + f" / {amdahl(r, 10**9):.1f}"
        lines.append(f"| {n:,} | {a['settle']:.2f} | {a['summarise']:.2f} | {a['client_read']:.2f} | "
                     f"{a['duplicates']:.2f} | {rest:.2f} | {share:.0%} | {preds} |")
    return "\n".join(lines)
