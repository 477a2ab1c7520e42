"""The brief last built into an output folder, as delivery finds it: its files, and the title,
date and branding its brief.json gives them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import DeliveryError
from briefing.write.cache import read as read_cache

FORMATS = ("pdf", "md", "html", "json", "docx")


@dataclass(frozen=True)
class LatestBrief:
    """The brief files in an output folder, with the title and date that name them."""

    folder: Path
    title: str
    as_of: str
    pdf: Path | None
    md: Path | None
    docx: Path | None = None
    marking: str | None = None
    organisation: str | None = None

    def files(self) -> dict[str, Path]:
        """Each format of this brief, by its extension."""
        return {ext: path for ext in FORMATS if (path := _ours(self.folder, ext))}


def _ours(folder: Path, ext: str) -> Path | None:
    """brief.EXT when the last build wrote it: a file an earlier build left (a DOCX from a build
    with --format all, before one without) is not this brief's. Without a build record (the cache
    of build.py), every brief.EXT present counts."""
    path = folder / f"brief.{ext}"
    if not path.is_file():
        return None
    written = read_cache(folder).outputs
    return path if "brief.json" not in written or path.name in written else None


def latest_brief(folder: Path) -> LatestBrief:
    """The brief last built into ``folder``, named by its brief.json."""
    meta = folder / "brief.json"
    if not folder.is_dir():
        raise DeliveryError(f"{folder}: no such folder; build the brief first (briefing build --out {folder})")
    if not meta.is_file():
        raise DeliveryError(f"{folder}: no brief here (brief.json is missing); build it with `briefing build --out {folder}`")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        title, as_of = str(data["title"]), str(data["as_of"])
        dt.date.fromisoformat(as_of)
        marking, organisation = data.get("marking"), data.get("organisation")
    except RecursionError:
        raise DeliveryError(f"{meta}: not a readable brief (nested beyond reason)") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DeliveryError(f"{meta}: not a readable brief ({type(exc).__name__}: {exc})") from None
    return LatestBrief(folder, title, as_of, _ours(folder, "pdf"), _ours(folder, "md"), _ours(folder, "docx"),
                       marking if isinstance(marking, str) else None,
                       organisation if isinstance(organisation, str) else None)
