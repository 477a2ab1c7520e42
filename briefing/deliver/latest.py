"""The brief last built into an output folder, as delivery finds it: its files, and the title,
date and branding its brief.json gives them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import DeliveryError

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
        """Each format built, by its extension."""
        return {ext: self.folder / f"brief.{ext}" for ext in FORMATS if (self.folder / f"brief.{ext}").is_file()}


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
    found = {ext: folder / f"brief.{ext}" for ext in ("pdf", "md", "docx")}
    present = {ext: path if path.is_file() else None for ext, path in found.items()}
    return LatestBrief(folder, title, as_of, present["pdf"], present["md"], present["docx"],
                       marking if isinstance(marking, str) else None,
                       organisation if isinstance(organisation, str) else None)
