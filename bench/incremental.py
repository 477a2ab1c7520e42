"""A rebuild after new documents arrive, against a cold build of the same corpus (issue 15).

The corpus is bench/scale.py's (the multinews articles, then seeded variations). A brief of the
first 1,000 documents is built into an output folder, which fills its per-source store. Then, for
each of +1 and +20 new documents, from a copy of that folder:

* rebuild: ``briefing build FOLDER --out OUT`` with the new documents added; the store gives the
  1,000 it holds, so only the new ones are read, settled and summarised;
* cold: the same build into a copy of the folder without its store (the same previous brief, so
  What changed is the same), which reads, settles and summarises every document.

Each is a fresh process (imports included), best of ``--repeat`` (default 3) with the median beside,
alternating rebuild and cold so that the machine's other work disturbs both alike; CPU time (user +
system of the process and its workers) is reported too. The four files of each rebuild are compared
byte for byte with the cold build's. ``-v``'s stage times of the last run of each show where the
time goes.

Usage: python bench/incremental.py [--base 1000] [--added 1,20] [--repeat 3] [--seed 7] [--json FILE]
       [--scheduler ADDRESS]
Needs: ../shared/eval/multinews-dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import scale  # noqa: E402 - bench/scale.py: the corpus and the measured child process

FILES = ("brief.md", "brief.html", "brief.json", "brief.pdf")
STORE = ".briefing-store.sqlite"
EPOCH = "1741759200"  # fixed, so that both builds are dated alike and compare byte for byte


def build(folder: Path, out: Path, scheduler: str | None) -> dict:
    """One ``briefing build`` as a fresh process: wall and CPU time, peak memory, stage times."""
    cmd = [sys.executable, "-m", "briefing", "build", str(folder), "--out", str(out), "--force", "--keep", "0", "-v"]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    before = os.times()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    run = scale.run_child(cmd, 3600)
    after = os.times()
    if run["code"] not in (0, 8):
        raise SystemExit(f"build failed ({run['code']}): {run['stderr'][-2000:]}")
    stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"^stage (\w+): ([\d.]+)s", run["stderr"], re.M)}
    return {"wall": run["wall"], "cpu": (after.children_user - before.children_user) + (after.children_system - before.children_system),
            "peak": scale.peak(run), "stages": stages, "files": {name: (out / name).read_bytes() for name in FILES if (out / name).exists()}}


def scenario(work: Path, folder: Path, corpus: Path, added: int, n_base: int, repeat: int, scheduler: str | None) -> dict:
    """Rebuild after ``added`` new documents against a cold build of the same corpus, ``repeat`` times each.

    The new documents go into the same folder as the base ones (a source's path is part of what
    the store keys it by), and are taken out again afterwards.
    """
    new = [folder / f"doc{k:05}.txt" for k in range(n_base, n_base + added)]
    for path in new:
        shutil.copy(corpus / path.name, path)
    runs: dict[str, list[dict]] = {"rebuild": [], "cold": []}
    for _ in range(repeat):
        for kind in ("rebuild", "cold"):
            out = work / f"out-{added}-{kind}"
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(work / "out-base", out)
            if kind == "cold":
                (out / STORE).unlink()
            runs[kind].append(build(folder, out, scheduler))
    for path in new:
        path.unlink()
    same = all(runs["rebuild"][-1]["files"].get(n) == runs["cold"][-1]["files"].get(n) for n in FILES)
    summary: dict = {}
    for kind, rs in runs.items():
        summary[kind] = {"best": min(r["wall"] for r in rs), "median": statistics.median(r["wall"] for r in rs),
                         "cpu": min(r["cpu"] for r in rs), "peak": max(r["peak"] for r in rs), "stages": rs[-1]["stages"]}
    summary["same_bytes"] = same
    return summary


def table(results: dict) -> str:
    n = results["base"]
    lines = [f"Rebuild after new documents on {n:,} (the store holds the {n:,}) against a cold build of the same corpus "
             f"(fresh processes, best of {results['repeat']}; median and CPU time beside):", "",
             "| corpus | rebuild best (s) | median | CPU (s) | cold best (s) | median | CPU (s) | rebuild ÷ cold (best) | "
             "CPU ratio | same bytes (md, html, json, pdf) | peak MiB rebuild / cold |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for added, s in results["scenarios"].items():
        r, c = s["rebuild"], s["cold"]
        lines.append(f"| {n:,} + {added} | {r['best']:.2f} | {r['median']:.2f} | {r['cpu']:.2f} | {c['best']:.2f} | "
                     f"{c['median']:.2f} | {c['cpu']:.2f} | **{r['best'] / c['best']:.2f}×** | {r['cpu'] / c['cpu']:.2f}× | "
                     f"{'yes' if s['same_bytes'] else 'NO'} | {r['peak'] / 2**20:.0f} / {c['peak'] / 2**20:.0f} |")
    lines += ["", "Stage times of the last run of each (`briefing build -v`, seconds):", "",
              "| corpus | build | " + " | ".join(STAGES) + " |", "|---|---|" + "---:|" * len(STAGES)]
    for added, s in results["scenarios"].items():
        for kind in ("rebuild", "cold"):
            st = s[kind]["stages"]
            lines.append(f"| {n:,} + {added} | {kind} | " + " | ".join(f"{st.get(k, 0):.2f}" for k in STAGES) + " |")
    return "\n".join(lines)


STAGES = ("check", "read", "analyse", "synthesise", "fit", "render", "pdf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=int, default=1000)
    ap.add_argument("--added", default="1,20")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--eval", type=Path, default=scale.DEFAULT_EVAL)
    ap.add_argument("--scheduler", help="run the per-source work on this Dask scheduler")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if not args.eval.exists():
        print(f"no evaluation file at {args.eval}", file=sys.stderr)
        return 2
    added = [int(a) for a in args.added.split(",")]
    results: dict = {"base": args.base, "repeat": args.repeat, "scenarios": {}}
    with tempfile.TemporaryDirectory(prefix="briefing-incremental-") as tmp:
        work = Path(tmp)
        corpus = work / "all"
        scale.make_corpus(args.eval, args.base + max(added), corpus, args.seed)
        base = work / "base"
        base.mkdir()
        for k in range(args.base):
            shutil.copy(corpus / f"doc{k:05}.txt", base / f"doc{k:05}.txt")
        print(f"[{args.base:,} documents: first build, which fills the store]", file=sys.stderr)
        first = build(base, work / "out-base", args.scheduler)
        results["first"] = {"wall": first["wall"], "cpu": first["cpu"], "peak": first["peak"],
                            "store_bytes": (work / "out-base" / STORE).stat().st_size}
        for a in added:
            print(f"[+{a}]", file=sys.stderr)
            results["scenarios"][a] = scenario(work, base, corpus, a, args.base, args.repeat, args.scheduler)
    results["machine"] = scale.machine()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(f"{results['machine']}\n")
    print(table(results))
    f = results["first"]
    print(f"\nFirst build of {args.base:,}: {f['wall']:.1f} s, {f['peak'] / 2**20:.0f} MiB; "
          f"the store it left: {f['store_bytes'] / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
