"""Speed, scale and memory: briefing on corpora of 10 to 10,000 real news documents, beside sumy.

The corpus is made from the news articles of ../shared/eval/multinews-dev.jsonl (132 documents).
A corpus of N documents is the first N of one deterministic sequence: the originals first, then
documents re-drawn from them with light seeded variation (paragraphs shuffled, a sentence dropped
and another repeated, some numbers changed, a name swapped for another from the corpus), so that
no two files are byte-identical and exact de-duplication cannot collapse them. Near-duplicate
detection may still group them, as it would a wire story republished by many sites.

For each size, each in a fresh subprocess so that its peak memory is its own (the larger of the
largest process's ru_maxrss, from wait4, and the process tree's PSS sampled four times a second,
so that worker processes count):

* stages: the library functions in-process: read (collect, read, settle, de-duplicate), analyse,
  synthesise (``briefing.build.analyse``'s own stage timings), then fit to one page (whose last
  layout is the PDF's), render Markdown and HTML, write the PDF (``briefing.render``); and whether
  the brief fits page 1;
* cli: ``briefing build FOLDER --out NEW`` as a whole process (imports included);
* floor: reading and splitting into sentences only (``collect``, ``read_all``, ``make_sources``);
* lexrank / textrank: sumy's summarisers on the same files with our sentence splitter (as in
  bench/quality.py), each with a timeout (default 600 s); once one times out, larger sizes are
  not tried.

Prints Markdown tables (per-stage times, whole process, memory, growth exponents, baselines,
floor multiples), writes the plot to bench/scale.png and the raw figures to --json when given.

With ``--scheduler ADDRESS`` (or ``local-cluster``: a LocalCluster of 2 worker processes started
for the run), each size is also built with the per-source work on that Dask cluster, and the
``amdahl`` child times the per-source work apart from the rest (bench/cluster.py).

Usage: python bench/scale.py [--sizes 10,100,1000,10000] [--quick] [--seed 7] [--timeout 600]
                             [--no-baselines] [--json FILE] [--plot FILE] [--scheduler ADDRESS]
Needs: pip install '.[bench]'
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import cluster  # noqa: E402 - bench/cluster.py: --scheduler
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "multinews-dev.jsonl"
DEFAULT_SIZES = (10, 100, 1000, 10000)
QUICK_SIZES = (10, 30, 100)
GiB = 1024 ** 3

# --- the corpus -----------------------------------------------------------------------------------

_PARA_SPLIT = re.compile(r"\s*\n \n\s*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")
_NUMBER = re.compile(r"(?<![\d.,])\d{1,6}(?![\d,]|\.\d)")
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b")


def originals(eval_file: Path) -> list[list[str]]:
    """Every non-empty document of the evaluation file as a list of paragraphs, in file order."""
    docs = []
    for line in eval_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        for doc in json.loads(line)["documents"]:
            paragraphs = [p.strip() for p in _PARA_SPLIT.split(doc.get("text") or "") if p.strip()]
            if paragraphs:
                docs.append(paragraphs)
    return docs


def name_pool(docs: list[list[str]]) -> list[str]:
    """Capitalised words seen mid-sentence in the corpus (mostly names), sorted for determinism."""
    return sorted({m.group() for d in docs for p in d for m in _NAME.finditer(p)})


def vary(paragraphs: list[str], rng: random.Random, names: list[str]) -> list[str]:
    """A light, seeded variation of one document: enough that no copy is byte-identical."""
    paras = list(paragraphs)
    rng.shuffle(paras)
    sentences = [_SENTENCE.split(p) for p in paras]
    long_ones = [i for i, s in enumerate(sentences) if len(s) > 1]
    if long_ones:
        i = rng.choice(long_ones)
        del sentences[i][rng.randrange(len(sentences[i]))]
    i = rng.randrange(len(sentences))
    j = rng.randrange(len(sentences[i]))
    sentences[i].insert(j, sentences[i][j])
    paras = [" ".join(s) for s in sentences]

    def number(m: re.Match) -> str:
        if rng.random() < 0.4:
            v = int(m.group())
            return str(max(0, v + rng.choice((-1, 1)) * max(1, v // 10)))
        return m.group()

    paras = [_NUMBER.sub(number, p) for p in paras]
    found = sorted({m.group() for p in paras for m in _NAME.finditer(p)})
    if found and names:
        old, new = rng.choice(found), rng.choice(names)
        paras = [re.sub(rf"\b{old}\b", new, p) for p in paras]
    return paras


def make_corpus(eval_file: Path, n: int, folder: Path, seed: int) -> int:
    """Write the first ``n`` documents of the sequence as .txt files; return the bytes written."""
    docs = originals(eval_file)
    names = name_pool(docs)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for k in range(n):
        if k < len(docs):
            paras = docs[k]
        else:
            rng = random.Random(seed * 1_000_003 + k)
            paras = vary(docs[rng.randrange(len(docs))], rng, names)
        data = ("\n\n".join(paras) + "\n").encode("utf-8")
        (folder / f"doc{k:05}.txt").write_bytes(data)
        total += len(data)
    return total


# --- the children: each runs in a fresh process and prints one JSON line --------------------------

def child_stages(folder: Path, out: Path) -> dict:
    """The library stages one after the other, with the time of each and the peak memory after it.

    A stage that fails ends the run with the figures so far and its error, so that a failure at
    one size still shows where the time went before it.
    """
    t0 = time.perf_counter()
    from briefing.render import fit, pdf, templates as render
    from briefing.build import Report, analyse
    from briefing.config.settings import Settings

    result: dict = {"imports": time.perf_counter() - t0, "times": {}, "maxrss_after": {}}
    times, rss = result["times"], result["maxrss_after"]

    def mark(stage: str, t: float) -> None:
        times[stage] = time.perf_counter() - t
        rss[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    try:
        report = Report()
        brief = analyse(Settings(paths=(str(folder),), out=out), None, report)
        for k in ("read", "analyse", "synthesise"):
            times[k] = report.timings.get(k, 0.0)
        rss["synthesise"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        result.update(sources=report.sources, copies=report.duplicates, skipped=len(report.skipped))
        env = render.environment(None)
        roots = [render.shipped_templates()]
        t = time.perf_counter()
        fitted = fit.fit_to_page(brief, env, roots)  # its layout (with the annex) is the PDF's
        mark("fit", t)
        t = time.perf_counter()
        md = render.render_markdown(fitted.brief, env)
        mark("markdown", t)
        t = time.perf_counter()
        render.render_html(fitted.brief, env)  # brief.html, timed
        mark("html", t)
        t = time.perf_counter()
        pdf = pdf.write_pdf(fitted.document)
        mark("pdf", t)
        result.update(items=fit.brief_items(fitted.brief), dropped=fitted.brief.dropped, md_bytes=len(md),
                      pdf_bytes=len(pdf), brief_pages=fit.brief_pages(fitted))
    except Exception as exc:  # the figures so far are the point; the error is reported with them
        result["error"] = f"{type(exc).__name__}: {exc}"
    return result


def child_floor(folder: Path) -> dict:
    from briefing.build import Report, make_sources, read_all
    from briefing.read.collect import collect
    from briefing.read import ReadOptions

    t = time.perf_counter()
    report = Report()
    options = ReadOptions()
    sources = make_sources(read_all(collect([str(folder)]), options, report), options, report)
    elapsed = time.perf_counter() - t
    return {"time": elapsed, "sources": len(sources),
            "paragraphs": sum(len(s.paragraphs) for s in sources),
            "sentences": sum(len(p.sentences) for s in sources for p in s.paragraphs)}


def child_sumy(folder: Path, method: str, count: int = 10) -> dict:
    sys.path.insert(0, str(BENCH))
    from quality import OurTokenizer
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    t = time.perf_counter()
    tok = OurTokenizer()
    paragraphs = []
    for path in sorted(folder.glob("*.txt")):
        for p in path.read_text(encoding="utf-8").split("\n\n"):
            sents = [Sentence(s, tok) for s in tok.to_sentences(p.strip())]
            if sents:
                paragraphs.append(Paragraph(sents))
    doc = ObjectDocumentModel(paragraphs)
    read = time.perf_counter() - t
    summarizer = (LexRankSummarizer if method == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    t = time.perf_counter()
    picked = summarizer(doc, count)
    rank = time.perf_counter() - t
    return {"read": read, "rank": rank, "time": read + rank, "picked": len(picked),
            "sentences": sum(len(p.sentences) for p in paragraphs)}


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc; just ``pid`` elsewhere)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return out


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes: shared pages (fork's copy-on-write) counted once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_child(cmd: list[str], timeout: float, cwd: Path = ROOT) -> dict:
    """Run ``cmd``; return its wall time, peak memory, exit code and output.

    ``maxrss`` is the largest single process's peak (ru_maxrss from wait4: the child or any worker
    it forked); ``tree_pss`` is the peak of the whole process tree's memory, sampled four times a
    second as the sum of each process's PSS, so that worker processes count without counting the
    pages they share with their parent twice.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        timed_out = False
        tree_pss, next_sample = 0, 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter() - t
            if now > timeout:
                for p in reversed(_tree(proc.pid)):
                    try:
                        os.kill(p, 9)
                    except OSError:
                        pass
                pid, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            if now >= next_sample:
                tree_pss = max(tree_pss, sum(_pss(p) for p in _tree(proc.pid)))
                next_sample = now + 0.25
            time.sleep(0.05)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "maxrss": usage.ru_maxrss * 1024, "tree_pss": tree_pss, "code": proc.returncode,
                "timed_out": timed_out, "stdout": out.read().decode(errors="replace"),
                "stderr": err.read().decode(errors="replace")}


def child_result(run: dict) -> dict | None:
    if run["timed_out"] or run["code"] != 0:
        return None
    return json.loads(run["stdout"].strip().splitlines()[-1])


# --- the parent -------------------------------------------------------------------------------------

def exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def measure(sizes: list[int], eval_file: Path, seed: int, timeout: float, baselines: bool, work: Path,
            scheduler: str | None = None) -> dict:
    me = [sys.executable, str(Path(__file__).resolve())]
    results: dict = {"sizes": sizes, "runs": {}}
    gave_up: dict[str, int] = {}
    for n in sizes:
        folder = work / f"corpus-{n}"
        size = make_corpus(eval_file, n, folder, seed)
        row: dict = {"bytes": size}
        print(f"[{n} documents, {size / 1e6:.1f} MB]", file=sys.stderr)

        run = run_child(me + ["--child", "stages", "--folder", str(folder), "--out", str(work / f"stages-{n}")], 3600)
        row["stages"] = {"wall": run["wall"], "maxrss": run["maxrss"], "tree_pss": run["tree_pss"], **(child_result(run) or {"failed": run["stderr"][-2000:]})}
        if "error" in row["stages"]:
            print(f"  stages failed: {row['stages']['error']}", file=sys.stderr)
        print(f"  stages {run['wall']:.1f}s {run['maxrss'] / 2**20:.0f} MiB", file=sys.stderr)

        run = run_child(me + ["--child", "floor", "--folder", str(folder)], 3600)
        row["floor"] = {"wall": run["wall"], "maxrss": run["maxrss"], **(child_result(run) or {"failed": run["stderr"][-2000:]})}
        print(f"  floor {row['floor'].get('time', float('nan')):.1f}s", file=sys.stderr)

        out = work / f"cli-{n}"
        run = run_child(["briefing", "build", str(folder), "--out", str(out)], 3600)
        row["cli"] = {"wall": run["wall"], "maxrss": run["maxrss"], "tree_pss": run["tree_pss"], "code": run["code"],
                      "line": run["stdout"].strip().splitlines()[-1] if run["stdout"].strip() else run["stderr"][-500:]}
        check = ROOT.parent / "shared" / "tools" / "check_brief.py"
        if check.exists() and run["code"] in (0, 8):
            c = subprocess.run([sys.executable, str(check), str(out)], capture_output=True, text=True)
            row["cli"]["check"] = "pass" if c.returncode == 0 else "fail"
            row["cli"]["check_line"] = (c.stdout.strip().splitlines() or [""])[-1]
        print(f"  cli {run['wall']:.1f}s {run['maxrss'] / 2**20:.0f} MiB exit {run['code']}", file=sys.stderr)
        if scheduler:
            measure_cluster(row, me, folder, out, work / f"cluster-{n}", scheduler)
        shutil.rmtree(out, ignore_errors=True)

        for method in ("lexrank", "textrank") if baselines else ():
            if method in gave_up:
                row[method] = {"skipped": f"timed out at {gave_up[method]}"}
                continue
            run = run_child(me + ["--child", method, "--folder", str(folder)], timeout)
            if run["timed_out"]:
                gave_up[method] = n
                row[method] = {"timed_out": timeout, "maxrss": run["maxrss"]}
            else:
                row[method] = {"wall": run["wall"], "maxrss": run["maxrss"], "tree_pss": run["tree_pss"],
                               **(child_result(run) or {"failed": run["stderr"][-2000:]})}
            print(f"  {method} {run['wall']:.1f}s{' (timed out)' if run['timed_out'] else ''}", file=sys.stderr)
        results["runs"][str(n)] = row
        shutil.rmtree(folder, ignore_errors=True)
    return results


def measure_cluster(row: dict, me: list[str], folder: Path, local_out: Path, out: Path, scheduler: str) -> None:
    """The same build with the per-source work on the Dask cluster, and the Amdahl child (bench/cluster.py)."""
    run = run_child(["briefing", "build", str(folder), "--out", str(out), "--scheduler", scheduler], 3600)
    same = all((out / f).read_bytes() == (local_out / f).read_bytes() for f in ("brief.md", "brief.json", "brief.html", "brief.pdf"))
    row["cluster"] = {"wall": run["wall"], "maxrss": run["maxrss"], "tree_pss": run["tree_pss"], "code": run["code"],
                      "same": "yes" if same else "NO"}
    print(f"  cluster {run['wall']:.1f}s, same bytes: {row['cluster']['same']}", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    run = run_child(me + ["--child", "amdahl", "--folder", str(folder)], 3600)
    row["amdahl"] = child_result(run) or {}


def _s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def peak(run: dict) -> int:
    """A run's peak memory: its largest process's ru_maxrss or its process tree's sampled PSS, whichever is more."""
    return max(run.get("maxrss", 0), run.get("tree_pss", 0))


def _mib(b: float | None) -> str:
    return "–" if b is None else f"{b / 2**20:.0f}"


def pipeline(row: dict) -> float | None:
    st = row["stages"]
    keys = ("read", "analyse", "synthesise")
    return sum(st["times"][k] for k in keys) if all(k in st.get("times", {}) for k in keys) else None


def tables(results: dict) -> str:
    sizes = results["sizes"]
    runs = results["runs"]
    lines = []
    stage_keys = ("read", "analyse", "synthesise", "fit", "markdown", "html", "pdf")
    lines += ["Per stage, in-process (seconds; `read` includes settling and de-duplication, `fit` the "
              "WeasyPrint layouts that fit page 1, the last of which the PDF is written from; `pdf` the writing):", "",
              "| documents | " + " | ".join(stage_keys) + " | all stages | sources (copies) | items (dropped) | brief pages |",
              "|---:|" + "---:|" * (len(stage_keys) + 4)]
    for n in sizes:
        st = runs[str(n)]["stages"]
        if "times" not in st:
            lines.append(f"| {n:,} | failed: {st.get('failed', '').strip().splitlines()[-1:]} |")
            continue
        t = st["times"]
        error = f" (stopped: {st['error'][:120]})" if "error" in st else ""
        lines.append(f"| {n:,} | " + " | ".join(_s(t.get(k)) for k in stage_keys) + f" | {_s(sum(t.values()))}{error} | "
                     f"{st.get('sources', 0):,} ({st.get('copies', 0):,}) | {st.get('items', '–')} ({st.get('dropped', '–')}) | "
                     f"{st.get('brief_pages', '–')} |")
    lines += ["", "Peak memory of the in-process run's main process after each stage (MiB, ru_maxrss; the peak so far, so it only grows; worker processes not included):", "",
              "| documents | after read + analyse + synthesise | after fit | after Markdown + HTML | after PDF |",
              "|---:|---:|---:|---:|---:|"]
    for n in sizes:
        m = runs[str(n)]["stages"].get("maxrss_after", {})
        lines.append(f"| {n:,} | " + " | ".join(_mib(m.get(k)) for k in ("synthesise", "fit", "html", "pdf")) + " |")
    lines += ["", "Whole process, memory and the floor:", "",
              "| documents | MB of text | `briefing build` (s) | exit | check_brief | peak memory, build (MiB) | "
              "largest process / all processes (MiB) | peak memory, stages (MiB) | floor: read + split (s) | sentences | "
              "build ÷ floor | analyse+synthesise ÷ floor |",
              "|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|"]
    for n in sizes:
        r = runs[str(n)]
        fl = r["floor"].get("time")
        cli = r["cli"]
        st = r["stages"]
        rest = (st["times"]["analyse"] + st["times"]["synthesise"]) if pipeline(r) else None
        lines.append(f"| {n:,} | {r['bytes'] / 1e6:.2f} | {_s(cli['wall'])} | {cli['code']} | {cli.get('check', '–')} | "
                     f"{_mib(peak(cli))} | {_mib(cli['maxrss'])} / {_mib(cli.get('tree_pss'))} | {_mib(peak(st))} | {_s(fl)} | {r['floor'].get('sentences', 0):,} | "
                     + (f"{cli['wall'] / fl:.1f}× | " if fl else "– | ") + (f"{rest / fl:.1f}× |" if rest and fl else "– |"))
    lines += ["", "Growth between sizes (exponent k in time ∝ n^k; 1 is linear) and the factor itself:", "",
              "| from → to | build time | ×| pipeline (read+analyse+synthesise) | × | peak memory, build | × |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for a, b in zip(sizes, sizes[1:]):
        ra, rb = runs[str(a)], runs[str(b)]
        cells = []
        for va, vb in ((ra["cli"]["wall"], rb["cli"]["wall"]), (pipeline(ra), pipeline(rb)),
                       (peak(ra["cli"]), peak(rb["cli"]))):
            if va and vb:
                cells += [f"{exponent(a, va, b, vb):.2f}", f"{vb / va:.1f}×"]
            else:
                cells += ["–", "–"]
        lines.append(f"| {a:,} → {b:,} | " + " | ".join(cells) + " |")
    if any(m in runs[str(sizes[0])] for m in ("lexrank", "textrank")):
        lines += ["", "Side by side with sumy on the same files (our sentence splitter; 10 sentences picked). "
                  "`ranking` is sumy's reading + ranking in-process against our read + analyse + synthesise; "
                  "`process` is each whole process, imports included (ours also lays out and writes the PDF):", "",
                  "| documents | sentences | LexRank (s) | TextRank (s) | ours, pipeline (s) | ours, `briefing build` (s) | "
                  "LexRank ÷ ours, ranking | LexRank ÷ ours, process | TextRank ÷ ours, ranking | TextRank ÷ ours, process | "
                  "peak MiB LexRank / TextRank |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for n in sizes:
            r = runs[str(n)]
            ours_p, ours_w = pipeline(r), r["cli"]["wall"]
            cells, ratios, mem = [], [], []
            sentences = "–"
            for m in ("lexrank", "textrank"):
                b = r.get(m, {})
                if "time" in b:
                    sentences = f"{b['sentences']:,}"
                    cells.append(_s(b["time"]))
                    ratios.append((f"{b['time'] / ours_p:.1f}×" if ours_p else "–", f"{b['wall'] / ours_w:.1f}×"))
                    mem.append(_mib(peak(b)))
                elif "timed_out" in b:
                    cells.append(f"> {b['timed_out']:.0f} (timed out)")
                    ratios.append((f"> {b['timed_out'] / ours_p:.0f}×" if ours_p else "–", f"> {b['timed_out'] / ours_w:.0f}×"))
                    mem.append(f"≥ {_mib(b['maxrss'])}")
                else:
                    cells.append("not run (" + b.get("skipped", "failed") + ")")
                    ratios.append(("–", "–"))
                    mem.append("–")
            lines.append(f"| {n:,} | {sentences} | {cells[0]} | {cells[1]} | {_s(ours_p)} | {_s(ours_w)} | "
                         f"{ratios[0][0]} | {ratios[0][1]} | {ratios[1][0]} | {ratios[1][1]} | {' / '.join(mem)} |")
    return "\n".join(lines)


def targets(results: dict) -> str:
    runs, sizes = results["runs"], results["sizes"]
    out = []

    def verdict(ok: bool) -> str:
        return "holds" if ok else "MISSED"

    if "1000" in runs and "10000" in runs:
        a, b = runs["1000"], runs["10000"]
        g = b["cli"]["wall"] / a["cli"]["wall"]
        gp = pipeline(b) / pipeline(a) if pipeline(a) and pipeline(b) else float("nan")
        out.append(f"- time 1,000 → 10,000 at most 12×: `briefing build` {g:.1f}×, read + analyse + synthesise "
                   f"{gp:.1f}× → {verdict(max(g, gp) <= 12)}")
        m = peak(b["cli"])
        out.append(f"- peak memory at 10,000 under 700 MiB (issue 15): {m / 2**20:.0f} MiB → {verdict(m < 700 * 2**20)}")
        pages = b["stages"].get("brief_pages")
        check = b["cli"].get("check", "–")
        out.append(f"- the brief from 10,000 documents fits one page: {pages} page(s) before the annex, check_brief "
                   f"{check} → {verdict(pages == 1 and check == 'pass')}")
        w = b["cli"]["wall"]
        out.append(f"- and builds in under a minute: {w:.0f} s → {verdict(w < 60)}")
    if "100" in runs and "600" in runs:
        k = exponent(100, runs["100"]["cli"]["wall"], 600, runs["600"]["cli"]["wall"])
        out.append(f"- growth from 100 to 600 documents near-linear, exponent at most 1.15 (issue 15): {k:.2f} → {verdict(k <= 1.15)}")
    if "time" in runs.get("100", {}).get("lexrank", {}):
        r = runs["100"]
        ratio = r["cli"]["wall"] / r["lexrank"]["time"]
        out.append(f"- at 100 documents at most 0.05× LexRank's time (issue 15; whole `briefing build` against LexRank's "
                   f"read + rank): {ratio:.3f}× → {verdict(ratio <= 0.05)}")
    done = [n for n in sizes if "time" in runs[str(n)].get("lexrank", {})]
    if done:
        n = max(done)
        r = runs[str(n)]
        ratio = r["lexrank"]["time"] / pipeline(r)
        whole = r["lexrank"]["wall"] / r["cli"]["wall"]
        out.append(f"- at {n:,} documents (the largest LexRank finished) at least 20× faster: like for like (text in, "
                   f"ranked sentences out) {ratio:.1f}× → {verdict(ratio >= 20)}; whole processes, ours also laying "
                   f"out the PDF, {whole:.1f}× → {verdict(whole >= 20)}")
    return "\n".join(out)


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes, runs = results["sizes"], results["runs"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    series = {
        "briefing build (whole process)": [runs[str(n)]["cli"]["wall"] for n in sizes],
        "read + analyse + synthesise": [pipeline(runs[str(n)]) for n in sizes],
        "floor: read + split": [runs[str(n)]["floor"].get("time") for n in sizes],
    }
    for m, label in (("lexrank", "sumy LexRank"), ("textrank", "sumy TextRank")):
        if any("time" in runs[str(n)].get(m, {}) for n in sizes):
            series[label] = [runs[str(n)].get(m, {}).get("time") for n in sizes]
    for label, ys in series.items():
        pts = [(n, y) for n, y in zip(sizes, ys) if y]
        ax1.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    ax1.set(xscale="log", yscale="log", xlabel="documents", ylabel="seconds", title="Time")
    ax1.axhline(60, color="grey", lw=0.8, ls=":", label="target at 10,000: 1 minute")
    ax1.legend(fontsize=8)
    mem = {"briefing build": [peak(runs[str(n)]["cli"]) for n in sizes],
           "stages (in-process)": [peak(runs[str(n)]["stages"]) for n in sizes]}
    for m, label in (("lexrank", "sumy LexRank"), ("textrank", "sumy TextRank")):
        if any("time" in runs[str(n)].get(m, {}) for n in sizes):
            mem[label] = [peak(runs[str(n)][m]) if "time" in runs[str(n)].get(m, {}) else None for n in sizes]
    for label, ys in mem.items():
        pts = [(n, y / 2**20) for n, y in zip(sizes, ys) if y]
        ax2.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    ax2.axhline(700, color="grey", lw=0.8, ls=":", label="target at 10,000: 700 MiB")
    ax2.set(xscale="log", yscale="log", xlabel="documents", ylabel="peak memory (MiB)", title="Peak memory")
    ax2.legend(fontsize=8)
    fig.suptitle("briefing on multinews-dev news text (re-drawn with seeded variation above 132 documents)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=None, help="comma-separated corpus sizes (default 10,100,1000,10000)")
    ap.add_argument("--quick", action="store_true", help=f"small sizes for CI ({','.join(map(str, QUICK_SIZES))})")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds each sumy run may take")
    ap.add_argument("--no-baselines", action="store_true", help="skip sumy's LexRank and TextRank")
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    ap.add_argument("--plot", type=Path, help="where to write the plot (default bench/scale.png; none with --quick)")
    ap.add_argument("--scheduler", help="also build on this Dask scheduler (local-cluster: 2 local workers) and estimate N workers")
    ap.add_argument("--child", choices=("stages", "floor", "lexrank", "textrank", "amdahl"), help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        sys.path.insert(0, str(ROOT))
        if args.child == "stages":
            result = child_stages(args.folder, args.out)
        elif args.child == "floor":
            result = child_floor(args.folder)
        elif args.child == "amdahl":
            result = cluster.child_amdahl(args.folder)
        else:
            result = child_sumy(args.folder, args.child)
        result["maxrss_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps(result))
        return 0

    if not args.eval.exists():
        print(f"no evaluation file at {args.eval}", file=sys.stderr)
        return 2
    sizes = sorted({int(s) for s in args.sizes.split(",")}) if args.sizes else list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    with tempfile.TemporaryDirectory(prefix="briefing-scale-") as tmp, \
            (cluster.scheduler(args.scheduler) if args.scheduler else contextlib.nullcontext()) as address:
        results = measure(sizes, args.eval, args.seed, args.timeout, not args.no_baselines, Path(tmp), address)
    results["scheduler"] = args.scheduler
    results["machine"] = machine()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(f"{results['machine']}\n")
    print(tables(results))
    if args.scheduler:
        print()
        print(cluster.table(results))
    print()
    print(targets(results))
    target = args.plot or (None if args.quick else BENCH / "scale.png")
    if target:
        plot(results, target)
        print(f"\nplot: {target}")
    return 0


def machine() -> str:
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return (f"{os.cpu_count()} cores, {mem / 2**20:.1f} GiB memory, Python {sys.version.split()[0]}, "
            f"{sys.platform}")


if __name__ == "__main__":
    sys.exit(main())
