"""The seeds: a cold `briefing build` against WeasyPrint alone, a Markdown-only build and a
no-change rebuild against a cold build.

Every figure is the wall time of a whole fresh process (interpreter start and imports included),
the best of --repeat runs (default 5):

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


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - t
    if result.returncode not in (0, 8):
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.strip()[-1000:]}")
    return elapsed, result


def templates_url() -> str:
    sys.path.insert(0, str(ROOT))
    from briefing.render.templates import shipped_templates

    return shipped_templates().resolve().as_uri() + "/"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seeds", default="seeds", help="the folder to build (default: seeds)")
    args = ap.parse_args(argv)

    cold, rebuild, markdown, alone, alone_inside, version = [], [], [], [], [], []
    statuses: list[str] = []
    with tempfile.TemporaryDirectory(prefix="briefing-seeds-") as tmp:
        base = templates_url()
        for i in range(args.repeat):
            out = Path(tmp) / f"out-{i}"
            t, _ = timed(["briefing", "build", args.seeds, "--out", str(out)])
            cold.append(t)
            t, second = timed(["briefing", "build", args.seeds, "--out", str(out)])
            rebuild.append(t)
            statuses.append(second.stdout.strip().split(":")[0])
            t, _ = timed(["briefing", "build", args.seeds, "--out", str(Path(tmp) / f"md-{i}"), "--format", "md"])
            markdown.append(t)
            t, r = timed([sys.executable, "-c", WEASYPRINT_ALONE, str(out / "brief.html"), base])
            alone.append(t)
            alone_inside.append(float(r.stdout.split()[0]))
            t, _ = timed(["briefing", "--version"])
            version.append(t)
            print(f"run {i + 1}: cold {cold[-1]:.2f}s, rebuild {rebuild[-1]:.2f}s ({statuses[-1]}), "
                  f"Markdown only {markdown[-1]:.2f}s, WeasyPrint alone {alone[-1]:.2f}s", file=sys.stderr)
        pages = _pages(Path(tmp) / "out-0" / "brief.pdf")

    c, r, m, w, v = min(cold), min(rebuild), min(markdown), min(alone), min(version)
    print(f"seeds: {len(list((ROOT / args.seeds).iterdir()))} files; brief.pdf {pages} pages; best of {args.repeat} "
          f"fresh processes each\n")
    print("| run | best (s) | median (s) | ratio |")
    print("|---|---:|---:|---|")
    print(f"| cold `briefing build` (new output folder) | {c:.2f} | {_median(cold):.2f} | {c / w:.2f}× WeasyPrint alone |")
    print(f"| WeasyPrint alone on the same brief.html (import + layout + write) | {w:.2f} | {_median(alone):.2f} | "
          f"1 (in-process part {min(alone_inside):.2f} s) |")
    print(f"| cold `briefing build --format md` (new output folder) | {m:.2f} | {_median(markdown):.2f} | "
          f"{m / c:.2f}× cold build |")
    print(f"| no-change rebuild (same output folder; said `{_common(statuses)}`) | {r:.2f} | {_median(rebuild):.2f} | "
          f"{r / c:.2f}× cold build |")
    print(f"| `briefing --version` (CLI start-up) | {v:.2f} | {_median(version):.2f} | {v / c:.2f}× cold build |")
    print()
    print(f"- cold build at most 1.5× WeasyPrint alone: {c / w:.2f}× → {'holds' if c / w <= 1.5 else 'MISSED'}")
    print(f"- Markdown-only build at most 0.5× a cold build: {m / c:.2f}× → {'holds' if m / c <= 0.5 else 'MISSED'}")
    print(f"- no-change rebuild at most 0.2× a cold build: {r / c:.2f}× → {'holds' if r / c <= 0.2 else 'MISSED'}")
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
