"""A reader's check of built briefs: does each item stand on its own, as an analyst reads it?

Builds briefs with the installed `briefing` CLI (a subprocess per brief, fresh output folders) from
the evaluation material in ../shared/eval and judges only what it wrote (brief.json, brief.md):
it never imports `briefing`, so the tool is not graded by its own rules. The rules are in
bench/reader_rules.py; each flag names its rule and gives a one-line reason.

Corpora: the 50 Multi-News clusters (each written as text files as bench/quality.py does), the
three White House statements built together, the 17 web pages built together, the seeds, and with
--holdout the public-domain clusters of bench/holdout/.

Usage: python bench/reader_check.py [--corpus multinews,statements,html,seeds] [--holdout]
                                    [--limit N] [--show] [--json FILE] [--keep DIR] [--reuse]
Needs: pip install .
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from quality import write_cluster  # noqa: E402  (bench/ is not a package)
from reader_rules import (Flag, Item, Vocabulary, dangling, duplicates, flat, fragment, furniture,  # noqa: E402
                          label_problem, misfiled)
from reader_words import FILE_NAME, FULL_DATE, MONTHS  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
HOLDOUT = BENCH / "holdout"
CORPORA = ("multinews", "statements", "html", "seeds")
ISO_DAY = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
URL_DAY = re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)/")
PAGE_DATE = re.compile(r"(?:article:published_time|datePublished|dc\.date)\W{1,30}(?:content=\W)?"
                       r"((?:19|20)\d\d-\d\d-\d\d)", re.I)
DATE_LINE = re.compile(r"^(?:[A-Z][a-z]+day,?\s+)?(\d{1,2})\s+([A-Z][a-z]+)\s+((?:19|20)\d\d)\W*$")


@dataclass
class Job:
    """One brief to build: its corpus, name, input paths and the dates its sources are known by."""

    corpus: str
    name: str
    paths: list[str]
    known: list[dt.date | None]  # one per input document, None when unknown
    out: Path = Path()
    error: str = ""
    flags: list[Flag] = field(default_factory=list)
    items: int = 0
    seconds: float = 0.0


def day(text: str | None, pattern: re.Pattern = ISO_DAY) -> dt.date | None:
    """The first date `pattern` finds in `text` (year, month, day groups), or None."""
    m = pattern.search(text or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def dateline(text: str) -> dt.date | None:
    """The date of a text file whose second paragraph is only a date ('Tuesday, 5 November 2024 —')."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    for p in paragraphs[1:2]:
        m = DATE_LINE.match(p.rstrip("—– -"))
        if m and m.group(2)[:3].lower() in MONTHS:
            return dt.date(int(m.group(3)), MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
        d = day(p) if len(p) <= 12 else None
        if d:
            return d
    return None


def front_matter_date(text: str) -> dt.date | None:
    """The `date:` of a Markdown file's YAML front matter."""
    if not text.startswith("---"):
        return None
    head = text.split("\n---", 1)[0]
    m = re.search(r"^date:\s*['\"]?(.+?)['\"]?\s*$", head, re.M)
    return day(m.group(1)) if m else None


def multinews_jobs(eval_dir: Path, work: Path) -> list[Job]:
    """One job per Multi-News cluster, its documents written as text files."""
    jobs = []
    for line in (eval_dir / "multinews-dev.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cluster = json.loads(line)
        folder = work / "in" / cluster["id"]
        folder.mkdir(parents=True, exist_ok=True)
        write_cluster(cluster, folder)
        known = [day(str(d.get("date") or "")) for d in cluster["documents"]]
        jobs.append(Job("multinews", cluster["id"], [str(folder)], known))
    return jobs


def indexed_jobs(eval_dir: Path, corpus: str) -> list[Job]:
    """The statements or the web pages, built together, dated by their index (or the page's own markup)."""
    folder = eval_dir / corpus
    paths, known = [], []
    for line in (folder / "index.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        path = folder / entry["file"]
        paths.append(str(path))
        if corpus == "statements":
            known.append(day(entry.get("date")))
        else:  # the page's published date, else a date in its URL
            page = path.read_text(encoding="utf-8", errors="replace")
            found = [d for d in (day(m.group(1)) for m in PAGE_DATE.finditer(page)) if d and d.year >= 1990]
            known.append(found[0] if found else day(entry.get("url"), URL_DAY))
    return [Job(corpus, corpus, paths, known)]


def folder_jobs(corpus: str, folders: list[Path]) -> list[Job]:
    """One job per folder of .txt/.md files, dated by front matter or a date line."""
    jobs = []
    for folder in folders:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
        texts = [p.read_text(encoding="utf-8") for p in files]
        known = [front_matter_date(t) or dateline(t) for t in texts]
        jobs.append(Job(corpus, folder.name, [str(p) for p in files], known))
    return jobs


def make_jobs(corpora: list[str], eval_dir: Path, work: Path, limit: int) -> list[Job]:
    """Every brief to build, corpus by corpus."""
    jobs = []
    for corpus in corpora:
        if corpus == "multinews":
            found = multinews_jobs(eval_dir, work)
        elif corpus in ("statements", "html"):
            found = indexed_jobs(eval_dir, corpus)
        elif corpus == "seeds":
            found = folder_jobs("seeds", [ROOT / "seeds"])
        else:
            found = folder_jobs("holdout", sorted(p for p in HOLDOUT.iterdir() if p.is_dir()))
        jobs.extend(found[:limit] if limit else found)
    return jobs


def build(job: Job, epoch: int, reuse: bool) -> None:
    """Build one brief (json and md) into job.out with the installed CLI; record a failure as job.error."""
    if reuse and (job.out / "brief.json").exists():
        return
    job.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    t = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefing", "build", *job.paths, "--out", str(job.out),
                             "--format", "json,md", "--force", "--keep", "0"],
                            capture_output=True, text=True, env=env, timeout=600)
    job.seconds = time.perf_counter() - t
    if not (job.out / "brief.json").exists():
        job.error = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]


def check(job: Job, build_day: dt.date) -> None:
    """Run the reader's rules on one built brief."""
    if job.error:
        return
    brief = json.loads((job.out / "brief.json").read_text(encoding="utf-8"))
    md = (job.out / "brief.md").read_text(encoding="utf-8")
    job.items = sum(len(s.get("items", [])) for s in brief.get("sections", []))
    job.flags = check_brief(brief, md, job.known, build_day)


def page_items(brief: dict) -> list[Item]:
    """Every item of the brief in page order."""
    return [Item(s.get("key", ""), i, it.get("text", ""), it.get("label"))
            for s in brief.get("sections", []) for i, it in enumerate(s.get("items", []))]


def as_of_problem(brief: dict, md: str, known: list[dt.date | None], build_day: dt.date) -> str | None:
    """Rule: as_of is not the newest known source date, or is the build day passed off as the date of the facts."""
    as_of = day(brief.get("as_of"))
    dated = [d for d in known if d]
    head = md.split("\n## ", 1)[0].lower()
    if as_of is None:
        return f"as_of {brief.get('as_of')!r} is not a date"
    if dated and as_of < max(dated):
        return f"as_of {as_of} is older than the newest source ({max(dated)})"
    if dated and len(dated) == len(known) and as_of > max(dated):
        return f"as_of {as_of} is later than every source (newest {max(dated)})"
    if as_of == build_day and not dated and not re.search(r"undated|no date|not dated|built on", head):
        return f"as_of {as_of} is the build day, and the page does not say the sources are undated"
    if len(dated) < len(known):
        later = reported_after(brief, as_of)
        if later:
            return f"as_of {as_of} is older than a date the sources report as past ({later})"
    return None


FUTURE = re.compile(r"\b(?:will|would|expected|scheduled|plans?|due|next|until|upcoming|could|may|might|to be|"
                    r"set to|by)\b", re.I)


def reported_after(brief: dict, as_of: dt.date) -> str | None:
    """A full date later than as_of in a source sentence that does not speak of the future."""
    for s in brief.get("sources", []):
        for p in s.get("paragraphs", []):
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", p.get("text", "")):
                if FUTURE.search(sentence):
                    continue
                for m in FULL_DATE.finditer(sentence):
                    when = parse_full_date(m.group())
                    if when and when > as_of:
                        return m.group()
    return None


def parse_full_date(text: str) -> dt.date | None:
    """'Sept. 4, 2018' or '4 September 2018' as a date."""
    year = int(re.search(r"(?:19|20)\d\d", text).group())
    month = next((i for name, i in MONTHS.items() if re.search(rf"\b{name}", text, re.I)), None)
    dayn = re.search(r"\b(\d{1,2})\b(?!\d)", text.replace(str(year), ""))
    try:
        return dt.date(year, month, int(dayn.group(1))) if month and dayn else None
    except ValueError:
        return None


def title_problems(brief: dict) -> list[tuple[str, str]]:
    """Rules: the title is a body sentence (in a paragraph, over 14 words, a full stop), or not a title at all."""
    title = (brief.get("title") or "").strip()
    found = []
    words = title.split()
    if FILE_NAME.search(title):
        found.append(("title not a headline", "the title is a file name"))
    gone = furniture(Item("title", -1, title), headline=True)
    if gone:
        found.append(("title not a headline", f"the title is page furniture: {gone}"))
    reasons = []
    if len(words) > 14:
        reasons.append(f"{len(words)} words")
    if re.search(r"(?<!\.)\.[\"”’']?$", title):
        reasons.append("ends with a full stop")
    where = body_position(title, brief)
    if where:
        reasons.append(where)
    if reasons:
        found.append(("title is a body sentence", "; ".join(reasons)))
    return found


def body_position(title: str, brief: dict) -> str | None:
    """Where the title sits in the body: a whole sentence-paragraph, or a run of 6+ words after a paragraph's start."""
    key = flat(title)
    if not key:
        return None
    for s in brief.get("sources", []):
        for p in s.get("paragraphs", []):
            text = p.get("text", "")
            pk = flat(text)
            if pk == key and text.rstrip().endswith((".", "!", "?", '"', "”")):
                return f"it is a paragraph of source {s.get('id')}"
            # a headline glued to the start of a lead paragraph is still a headline; further in, it is body text
            if len(key.split()) >= 6 and key in pk and not pk.startswith(key):
                return f"it is inside a paragraph of source {s.get('id')}"
    return None


def check_brief(brief: dict, md: str, known: list[dt.date | None], build_day: dt.date) -> list[Flag]:
    """Every flag the reader's rules raise on one brief: per item, then for the whole brief."""
    items = page_items(brief)
    vocab = Vocabulary([p.get("text", "") for s in brief.get("sources", []) for p in s.get("paragraphs", [])])
    flags = []
    rules = (("dangling reference", lambda it: dangling(it, vocab)), ("fragment", fragment),
             ("furniture", furniture), ("label not a speaker", lambda it: label_problem(it, vocab)),
             ("misfiled", misfiled))
    repeats = duplicates(items)
    for k, it in enumerate(items):
        for rule, fn in rules:
            reason = fn(it)
            if reason:
                flags.append(Flag(it.section, it.index, rule, reason, it.text, it.label))
        if k in repeats:
            flags.append(Flag(it.section, it.index, "duplicate", repeats[k], it.text, it.label))
    wrong = as_of_problem(brief, md, known, build_day)
    if wrong:
        flags.append(Flag("as_of", -1, "as-of wrong", wrong, str(brief.get("as_of"))))
    for rule, reason in title_problems(brief):
        flags.append(Flag("title", -1, rule, reason, brief.get("title") or ""))
    return flags


def summary_rows(jobs: list[Job]) -> list[tuple[str, int, int, int, dict[str, int]]]:
    """Per corpus and overall: briefs, items, flagged items, flags per rule."""
    rows = []
    for corpus in sorted({j.corpus for j in jobs}, key=lambda c: (CORPORA + ("holdout",)).index(c)) + ["all"]:
        sel = [j for j in jobs if corpus in ("all", j.corpus)]
        per_rule: dict[str, int] = {}
        flagged = 0
        for j in sel:
            items = {(f.section, f.index) for f in j.flags if f.index >= 0}
            flagged += len(items)
            for f in j.flags:
                per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
        rows.append((corpus, len(sel), sum(j.items for j in sel), flagged, per_rule))
    return rows


def print_report(jobs: list[Job], show: bool) -> None:
    """Markdown tables: flagged items per corpus, flags per rule; with show, every flag."""
    rows = summary_rows(jobs)
    rules = sorted({r for row in rows for r in row[4]})
    print("| corpus | briefs | items | flagged items | rate |")
    print("|---|---|---|---|---|")
    for corpus, briefs, items, flagged, _ in rows:
        print(f"| {corpus} | {briefs} | {items} | {flagged} | {flagged / max(items, 1):.1%} |")
    print("\n| rule | " + " | ".join(r[0] for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for rule in rules:
        print(f"| {rule} | " + " | ".join(str(r[4].get(rule, 0)) for r in rows) + " |")
    for j in jobs:
        if j.error:
            print(f"\nbuild failed: {j.corpus}/{j.name}: {j.error}")
    if show:
        for j in jobs:
            for f in j.flags:
                where = f"{f.section}[{f.index}]" if f.index >= 0 else "brief"
                label = f" **{f.label}:**" if f.label else ""
                print(f"\n- {j.corpus}/{j.name} {where} **{f.rule}** ({f.reason}){label} {f.text}")


def build_epoch(work: Path, reuse: bool) -> int:
    """The time every build of this run is given (SOURCE_DATE_EPOCH), kept beside the briefs for --reuse."""
    saved = work / "epoch"
    if reuse and saved.exists():
        return int(saved.read_text())
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    work.mkdir(parents=True, exist_ok=True)
    saved.write_text(f"{epoch}\n")
    return epoch


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the evaluation folder (../shared/eval)")
    ap.add_argument("--corpus", default=",".join(CORPORA), help="comma-separated: " + ", ".join(CORPORA))
    ap.add_argument("--holdout", action="store_true", help="also build and check bench/holdout/")
    ap.add_argument("--limit", type=int, default=0, help="at most N briefs per corpus")
    ap.add_argument("--show", action="store_true", help="print every flag with its brief and rule")
    ap.add_argument("--json", type=Path, help="write the raw results here")
    ap.add_argument("--keep", type=Path, help="build into this folder (kept) instead of a temporary one")
    ap.add_argument("--reuse", action="store_true", help="with --keep: check briefs already built there")
    ap.add_argument("--jobs", type=int, default=2, help="builds run at once")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = [c for c in args.corpus.split(",") if c]
    unknown = [c for c in corpora if c not in CORPORA]
    if unknown:
        print(f"unknown corpus: {', '.join(unknown)} (known: {', '.join(CORPORA)})", file=sys.stderr)
        return 2
    if set(corpora) - {"seeds"} and not args.eval.is_dir():
        print(f"no evaluation material at {args.eval} (it lives beside the checkout, never in it)", file=sys.stderr)
        return 2
    corpora += ["holdout"] if args.holdout else []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        epoch = build_epoch(work, args.reuse)
        build_day = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
        jobs = make_jobs(corpora, args.eval, work, args.limit)
        for job in jobs:
            job.out = work / "out" / job.corpus / job.name
        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            list(pool.map(lambda j: build(j, epoch, args.reuse), jobs))
        for job in jobs:
            check(job, build_day)
    print_report(jobs, args.show)
    if args.json:
        raw = [{"corpus": j.corpus, "name": j.name, "items": j.items, "error": j.error, "seconds": round(j.seconds, 2),
                "flags": [asdict(f) for f in j.flags]} for j in jobs]
        args.json.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if any(j.error for j in jobs) else 0


if __name__ == "__main__":
    sys.exit(main())
