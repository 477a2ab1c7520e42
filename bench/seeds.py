"""The seeds: a cold `briefing build` against WeasyPrint alone, a Markdown-only build and a
no-change rebuild against a cold build.

Every figure is the wall time of a whole fresh process (interpreter start and imports included),
the best of --repeat runs (default 5), with its CPU time (user + system) beside, which other
work on the machine disturbs less than the wall time:

* cold build: ``briefing build seeds --out NEW`` into a folder that does not exist yet;
* no-change rebuild: the same command again into the folder the cold build just wrote;
* Markdown only: ``briefing build seeds --out NEW --format md`` (it still lays the page out, to
  hold the items the PDF's page one would, but writes no PDF);
* WeasyPrint alone: a fresh ``python`` that imports WeasyPrint and lays out the cold build's own
  ``brief.html`` to PDF, ``HTML(string=..., base_url=<templates folder>).write_pdf()``;
* ``briefing --version``: the cost of starting the CLI at all, for scale.

Targets (issues 7 and 15): cold build at most 1.5x WeasyPrint alone; Markdown-only build at most
half a cold build; no-change rebuild at most a fifth of a cold build.

Usage: python bench/seeds.py [--repeat 5] [--seeds seeds]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WEASYPRINT_ALONE = """
import sys, time
t = time.perf_counter()
from weasyprint import HTML
html = open(sys.argv[1], encoding="utf-8").read()
pdf = HTML(string=html, base_url=sys.argv[2]).write_pdf()
print(time.perf_counter() - t, len(pdf))
"""


def timed(cmd: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and CPU time (user + system, its own and its children's) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 8):
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.strip()[-1000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu, result


def templates_url() -> str:
    sys.path.insert(0, str(ROOT))
    from briefing.render.templates import shipped_templates

    return shipped_templates().resolve().as_uri() + "/"


RUNS = ("cold", "alone", "markdown", "rebuild", "version")


def measure(seeds: str, repeat: int) -> tuple[dict[str, list[tuple[float, float]]], list[str], list[float], int]:
    """Each run ``repeat`` times: (wall, CPU) per run, what the rebuilds said, WeasyPrint's own
    in-process time, and the pages of brief.pdf."""
    times: dict[str, list[tuple[float, float]]] = {run: [] for run in RUNS}
    statuses: list[str] = []
    inside: list[float] = []
    with tempfile.TemporaryDirectory(prefix="briefing-seeds-") as tmp:
        base = templates_url()
        for i in range(repeat):
            out = Path(tmp) / f"out-{i}"
            cmds = {
                "cold": ["briefing", "build", seeds, "--out", str(out)],
                "rebuild": ["briefing", "build", seeds, "--out", str(out)],
                "markdown": ["briefing", "build", seeds, "--out", str(Path(tmp) / f"md-{i}"), "--format", "md"],
                "alone": [sys.executable, "-c", WEASYPRINT_ALONE, str(out / "brief.html"), base],
                "version": ["briefing", "--version"],
            }
            for run, cmd in cmds.items():  # in this order: the rebuild and WeasyPrint need the cold build
                wall, cpu, result = timed(cmd)
                times[run].append((wall, cpu))
                if run == "rebuild":
                    statuses.append(result.stdout.strip().split(":")[0])
                elif run == "alone":
                    inside.append(float(result.stdout.split()[0]))
            print(f"run {i + 1}: " + ", ".join(f"{run} {times[run][-1][0]:.2f}s" for run in RUNS), file=sys.stderr)
        pages = _pages(Path(tmp) / "out-0" / "brief.pdf")
    return times, statuses, inside, pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seeds", default="seeds", help="the folder to build (default: seeds)")
    args = ap.parse_args(argv)

    times, statuses, inside, pages = measure(args.seeds, args.repeat)
    wall = {run: min(w for w, _ in times[run]) for run in RUNS}
    cpu = {run: min(c for _, c in times[run]) for run in RUNS}
    median = {run: _median([w for w, _ in times[run]]) for run in RUNS}
    print(f"seeds: {len(list((ROOT / args.seeds).iterdir()))} files; brief.pdf {pages} pages; best of {args.repeat} "
          f"fresh processes each; CPU is user + system time\n")
    print("| run | best (s) | median (s) | CPU, best (s) | ratio | ratio of CPU |")
    print("|---|---:|---:|---:|---|---|")
    rows = (("cold", "cold `briefing build` (new output folder)", "alone", "WeasyPrint alone"),
            ("alone", "WeasyPrint alone on the same brief.html (import + layout + write)", None,
             f"in-process part {min(inside):.2f} s"),
            ("markdown", "cold `briefing build --format md` (new output folder)", "cold", "cold build"),
            ("rebuild", f"no-change rebuild (same output folder; said `{_common(statuses)}`)", "cold", "cold build"),
            ("version", "`briefing --version` (CLI start-up)", "cold", "cold build"))
    for run, label, against, name in rows:
        ratio = f"{wall[run] / wall[against]:.2f}× {name} | {cpu[run] / cpu[against]:.2f}×" if against else f"1 ({name}) | 1"
        print(f"| {label} | {wall[run]:.2f} | {median[run]:.2f} | {cpu[run]:.2f} | {ratio} |")
    print()
    for run, against, limit, text in (("cold", "alone", 1.5, "cold build at most 1.5× WeasyPrint alone"),
                                      ("markdown", "cold", 0.5, "Markdown-only build at most 0.5× a cold build"),
                                      ("rebuild", "cold", 0.2, "no-change rebuild at most 0.2× a cold build")):
        w, c = wall[run] / wall[against], cpu[run] / cpu[against]
        print(f"- {text}: {w:.2f}× (CPU {c:.2f}×) → {'holds' if w <= limit else 'MISSED'}")
    return 0


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def _common(xs: list[str]) -> str:
    return max(set(xs), key=xs.count) if xs else ""


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


if __name__ == "__main__":
    sys.exit(main())
