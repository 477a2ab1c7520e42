"""Summary quality on real news clusters: briefing against Lead, LexRank and TextRank.

For each cluster of ../shared/eval/multinews-dev.jsonl the documents are written as text files,
`briefing summarize --words 250 --no-citations` is run on them, and ROUGE-1/2/L F1 (rouge-score,
stemming on) is computed against the human reference, beside three baselines at the same 250
words, in the same run: Lead (first sentences of each document in turn), and sumy's LexRank and
TextRank given our own sentence splitter. It also reports the share of brief items whose
citations support them (>= 80% of the item's content words in the cited paragraphs).

Usage: python bench/quality.py [--eval FILE] [--limit N] [--words 250]
Needs: pip install '.[bench]'
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "multinews-dev.jsonl"
WORD = re.compile(r"[\w']+")
STOP = set("a an the of to in on for and or but by with from as at is are was were be been it its this that these "
           "those their they them he she his her we our us not no than then also has have had would could should "
           "will may might can do does did which who whom whose what when where why how into over under about after "
           "before during against between among such any all more most other some very".split())


def write_cluster(cluster: dict, folder: Path) -> list[str]:
    """Write a cluster's documents as text files (title, date line, paragraphs) and return their texts."""
    texts = []
    for i, doc in enumerate(cluster["documents"]):
        paragraphs = [p.strip() for p in re.split(r"\s*\n \n\s*", doc.get("text") or "") if p.strip()]
        head = []
        if doc.get("title"):
            head.append(doc["title"])
        if doc.get("date"):
            head.append(str(doc["date"]))
        body = "\n\n".join(head + paragraphs)
        (folder / f"doc{i:02}.txt").write_text(body + "\n", encoding="utf-8")
        texts.append("\n\n".join(paragraphs))
    return texts


def truncate(sentences: list[str], words: int) -> str:
    out, n = [], 0
    for s in sentences:
        k = len(s.split())
        if n + k > words:
            if not out:
                out.append(" ".join(s.split()[:words]))
            break
        out.append(s)
        n += k
    return " ".join(out)


def lead(texts: list[str], words: int) -> str:
    """The first sentence of each document in turn, then the second of each, and so on."""
    from briefing.text.sentences import split_sentences

    per_doc = [[s for p in t.split("\n\n") for s in split_sentences(p)] for t in texts]
    order = []
    for i in range(max((len(d) for d in per_doc), default=0)):
        order.extend(d[i] for d in per_doc if i < len(d))
    return truncate(order, words)


class OurTokenizer:
    """sumy's tokenizer interface backed by briefing's sentence splitter (no NLTK data needed)."""

    language = "english"

    def to_sentences(self, paragraph: str):
        from briefing.text.sentences import split_sentences

        return split_sentences(paragraph)

    def to_words(self, sentence: str):
        return WORD.findall(sentence)


def sumy_summary(texts: list[str], words: int, method: str) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tok = OurTokenizer()
    paragraphs = []
    for t in texts:
        for p in t.split("\n\n"):
            sents = [Sentence(s, tok) for s in tok.to_sentences(p)]
            if sents:
                paragraphs.append(Paragraph(sents))
    doc = ObjectDocumentModel(paragraphs)
    summarizer = (LexRankSummarizer if method == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    n_sent = sum(len(p.sentences) for p in paragraphs)
    if not n_sent:
        return ""
    # sumy returns its best sentences in document order; keep its ranking instead, best first
    captured: dict[str, list] = {}
    best = summarizer._get_best_sentences

    def grab(sentences, count, rating, *a, **k):
        key = rating if callable(rating) else rating.__getitem__
        captured["ranked"] = sorted(sentences, key=key, reverse=True)
        return best(sentences, count, rating, *a, **k)

    summarizer._get_best_sentences = grab
    summarizer(doc, n_sent)
    return truncate([str(s) for s in captured.get("ranked", [])], words)


def ours(folder: Path, words: int) -> tuple[str, float]:
    t = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefing", "summarize", str(folder), "--words", str(words),
                             "--no-citations"], capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - t
    if result.returncode != 0:
        print(f"  briefing failed on {folder}: {result.stderr.strip()}", file=sys.stderr)
        return "", elapsed
    return result.stdout, elapsed


def support_share(folder: Path) -> tuple[int, int]:
    """Items in the brief whose citations support >= 80% of their content words."""
    from briefing.build import analyse
    from briefing.config.settings import Settings

    brief = analyse(Settings(paths=(str(folder),)))
    ok = n = 0
    for section in brief.sections:
        for item in section.items:
            n += 1
            pool = set()
            for c in item.citations:
                pool.update(WORD.findall(brief.source(c.source).paragraph(c.paragraph).text.lower().replace("’", "'")))
            words = [w for w in WORD.findall(item.text.lower().replace("’", "'")) if w not in STOP]
            if not words or sum(w in pool for w in words) / len(words) >= 0.8:
                ok += 1
    return ok, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--words", type=int, default=250)
    args = ap.parse_args(argv)
    if not args.eval.exists():
        print(f"no evaluation file at {args.eval}", file=sys.stderr)
        return 2
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    clusters = [json.loads(line) for line in args.eval.read_text().splitlines() if line.strip()]
    if args.limit:
        clusters = clusters[: args.limit]
    systems = ("briefing", "lead", "lexrank", "textrank")
    scores = {s: {"rouge1": [], "rouge2": [], "rougeL": []} for s in systems}
    times = {s: 0.0 for s in systems}
    supported = total = 0
    for k, cluster in enumerate(clusters, 1):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            texts = write_cluster(cluster, folder)
            outputs = {}
            outputs["briefing"], dt_ours = ours(folder, args.words)
            times["briefing"] += dt_ours
            for name, fn in (("lead", lambda: lead(texts, args.words)),
                             ("lexrank", lambda: sumy_summary(texts, args.words, "lexrank")),
                             ("textrank", lambda: sumy_summary(texts, args.words, "textrank"))):
                t = time.perf_counter()
                outputs[name] = fn()
                times[name] += time.perf_counter() - t
            ok, n = support_share(folder)
            supported += ok
            total += n
        for name, text in outputs.items():
            assert len(text.split()) <= args.words + 1, (name, len(text.split()))
            result = scorer.score(cluster["reference"], text)
            for metric in scores[name]:
                scores[name][metric].append(result[metric].fmeasure * 100)
        print(f"{k:2}/{len(clusters)} {cluster['id']}: " + "  ".join(
            f"{s} R2={scores[s]['rouge2'][-1]:.1f}" for s in systems), file=sys.stderr)

    print(f"\n{len(clusters)} clusters, {args.words} words, ROUGE F1 x100 (rouge-score, stemming on)\n")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L | time (s) |")
    print("|---|---|---|---|---|")
    for s in systems:
        m = {k: statistics.mean(v) for k, v in scores[s].items()}
        print(f"| {s} | {m['rouge1']:.2f} | {m['rouge2']:.2f} | {m['rougeL']:.2f} | {times[s]:.1f} |")
    best = max(("lead", "lexrank", "textrank"), key=lambda s: statistics.mean(scores[s]["rouge2"]))
    d2 = statistics.mean(scores["briefing"]["rouge2"]) - statistics.mean(scores[best]["rouge2"])
    dl = statistics.mean(scores["briefing"]["rougeL"]) - statistics.mean(scores[best]["rougeL"])
    print(f"\nbriefing vs best baseline by ROUGE-2 ({best}): ROUGE-2 {d2:+.2f}, ROUGE-L {dl:+.2f}")
    print(f"brief items supported by their citations: {supported}/{total} = {supported / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
