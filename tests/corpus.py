"""A small hand-made corpus for the tests of the per-source work: news reports with figures, names
and dates, a statement, near-copies, and inputs that are skipped (a binary file, page furniture)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEEDS

PLACES = ("Amara Bay", "Port Linden", "Kessel", "the Vardar valley", "Nordholm", "Saint Olave", "Tarn", "Brisk")
AGENCIES = ("the Red Cross", "the World Food Programme", "UNICEF", "the coast guard", "the Interior Ministry")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def news(k: int) -> str:
    """A short news report, different for each ``k``, about the same storm."""
    place, other = PLACES[k % len(PLACES)], PLACES[(k * 3 + 1) % len(PLACES)]
    agency = AGENCIES[k % len(AGENCIES)]
    day = DAYS[k % len(DAYS)]
    return (
        f"Storm leaves {1000 + 37 * k:,} displaced in {place}\n\n"
        f"{agency[0].upper() + agency[1:]} said on {day} that {1000 + 37 * k:,} people had been displaced in {place} "
        f"after the cyclone made landfall on March {3 + k % 20}, 2025.\n\n"
        f"Officials in {other} reported {12 + k} deaths and said {40 + 5 * k} schools would stay closed until further notice.\n\n"
        f"\"We urge every family in {place} to move to higher ground,\" the regional governor said, adding that "
        f"{k + 2} relief convoys were on their way.\n"
    )


def make_corpus(folder: Path, n: int = 8) -> Path:
    """Write the corpus into ``folder``: the seeds, ``n`` reports, a statement, copies and bad inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEEDS.iterdir()):
        shutil.copy(path, folder / path.name)
    for k in range(n):
        (folder / f"report-{k:03}.txt").write_text(news(k), encoding="utf-8")
    # a near-copy of a report, republished with a line added: marked as a copy, not summarised
    (folder / "wire-copy.txt").write_text(news(1) + "\nThis story was first published by a wire service.\n", encoding="utf-8")
    (folder / "statement.md").write_text(
        "# Statement by the Ministry of Foreign Affairs on Cyclone Amara\n\n"
        "We condemn the delays in opening the border crossings and urge all parties to let relief through.\n\n"
        "The Ministry has pledged 4 million euros in emergency aid, to be paid on 10 March 2025.\n",
        encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)  # skipped: binary, not text
    (folder / "furniture.txt").write_text("Share this article\n\nAll rights reserved\n", encoding="utf-8")
    return folder


def add_reports(folder: Path, start: int, count: int) -> None:
    """Add ``count`` new reports to a corpus folder, numbered from ``start``."""
    for k in range(start, start + count):
        (folder / f"report-{k:03}.txt").write_text(news(k), encoding="utf-8")
