"""CPU seconds of the per-source work on a folder of text files, in one process (no workers).

Reads and settles every file (what a settling worker does), then summarises every settled source
(what a summarising worker does), and prints the CPU time of each. One process, so that the
figures are the work itself and not the spread of a pool on a shared machine.

    python bench/settle_cpu.py /tmp/corpus-1000            # a corpus from scale.make_corpus
    python bench/settle_cpu.py /tmp/corpus-1000 --profile  # and the 25 costliest functions
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from briefing.analyse.settle import settle
from briefing.analyse.summary import analyse_source
from briefing.errors import SourceError
from briefing.read import ReadOptions, read_bytes


def run(files: list[tuple[str, bytes]]) -> dict:
    """Read, settle and summarise each file; the CPU seconds of each part."""
    options = ReadOptions()
    t0 = time.process_time()
    sources = []
    for origin, data in files:
        for doc in read_bytes(origin, data, options):
            try:
                sources.append(settle(doc, options.max_paragraphs))
            except SourceError:
                pass  # no text left once furniture is removed: skipped, as a build skips it
    t1 = time.process_time()
    for source in sources:
        analyse_source(source)
    t2 = time.process_time()
    return {"files": len(files), "sources": len(sources), "read_settle": t1 - t0, "summarise": t2 - t1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--profile", action="store_true", help="also print cProfile's 25 costliest functions")
    args = ap.parse_args()
    files = [(str(p), p.read_bytes()) for p in sorted(args.folder.glob("*.txt"))]
    profile = cProfile.Profile() if args.profile else None
    if profile:
        profile.enable()
    r = run(files)
    if profile:
        profile.disable()
    print(f"{r['files']} files, {r['sources']} sources: read + settle {r['read_settle']:.2f} s CPU, "
          f"summarise {r['summarise']:.2f} s CPU")
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
