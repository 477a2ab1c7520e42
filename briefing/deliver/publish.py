"""Publishing: the latest brief copied into a shared folder that people can follow.

Each published brief is an *edition*: its files named by its as-of date (``brief-2024-11-05.pdf``,
``.md``, ``.html``, ``.json``, ``.docx``). A changed brief with an as-of date already published
gets the run's time too (``brief-2024-11-05T061502.pdf``, then ``-2``, ...): nothing is ever
silently replaced, and publishing the same brief again adds nothing. Beside the editions:
``latest.*`` (copies of the newest edition, by as-of date and time), ``index.html`` (every
edition, newest first: date, title, bottom line, links) and ``feed.atom`` (an Atom feed of the
editions, for a feed reader). Every file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from briefing.deliver.latest import FORMATS, latest_brief
from briefing.errors import DeliveryError
from briefing.write.atomic import write_files

_EDITION = re.compile(r"brief-(\d{4}-\d\d-\d\d)(?:T(\d{6}))?(?:-(\d+))?\.(\w+)")
LATEST = "latest"
INDEX, FEED = "index.html", "feed.atom"


@dataclass(frozen=True)
class Edition:
    """One published brief: its name (``brief-2024-11-05`` or ``...T061502``) and formats."""

    stem: str
    as_of: dt.date
    time: str  # "061502", or "" for the as-of date's first edition
    number: int
    formats: tuple[str, ...]
    title: str = ""
    bottom_line: str = ""

    @property
    def order(self) -> tuple:
        return self.as_of, self.time, self.number

    @property
    def updated(self) -> dt.datetime:
        """When it was published, as far as its name says: the time, else midnight of the as-of date."""
        clock = dt.time(int(self.time[:2]), int(self.time[2:4]), int(self.time[4:])) if self.time else dt.time()
        return dt.datetime.combine(self.as_of, clock, tzinfo=dt.timezone.utc)


def publish(folder: Path, dest: Path, now: dt.datetime) -> list[Path]:
    """Publish the latest brief in ``folder`` to ``dest``; return the files written."""
    brief = latest_brief(folder)
    try:
        files = {ext: path.read_bytes() for ext, path in brief.files().items()}
    except OSError as exc:
        raise DeliveryError(f"{folder}: cannot read the brief: {exc.strerror or exc}") from None
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeliveryError(f"publish: {dest}: cannot create the folder: {exc.strerror or exc}") from None
    try:
        written = []
        stem = new_stem(dest, brief.as_of, files, now)
        if stem:
            written += write_files(dest, {f"{stem}.{ext}": data for ext, data in files.items()})
        written += _write_views(dest)
    except OSError as exc:
        raise DeliveryError(f"publish: {dest}: cannot write the brief: {exc.strerror or exc}") from None
    return written


def new_stem(dest: Path, as_of: str, files: dict[str, bytes], now: dt.datetime) -> str | None:
    """The name for this brief's edition; None when the newest edition of its date holds it already."""
    same_day = [e for e in editions(dest) if e.as_of.isoformat() == as_of]
    if same_day and _holds(dest, same_day[0], files):
        return None
    taken = {e.stem for e in same_day}
    stem = f"brief-{as_of}"
    if stem not in taken:
        return stem
    stamped, n = f"{stem}T{now.astimezone(dt.timezone.utc):%H%M%S}", 1
    stem = stamped
    while stem in taken:
        n += 1
        stem = f"{stamped}-{n}"
    return stem


def _holds(dest: Path, edition: Edition, files: dict[str, bytes]) -> bool:
    try:
        return set(edition.formats) == set(files) and all(
            (dest / f"{edition.stem}.{ext}").read_bytes() == data for ext, data in files.items())
    except OSError:
        return False


def editions(dest: Path) -> list[Edition]:
    """The editions in ``dest``, newest first (by as-of date, then time, then number)."""
    found: dict[str, dict] = {}
    for path in dest.iterdir() if dest.is_dir() else ():
        m = _EDITION.fullmatch(path.name)
        if not m or m[4] not in FORMATS or not path.is_file():
            continue
        try:
            day = dt.date.fromisoformat(m[1])
        except ValueError:
            continue
        stem = path.name[: -len(m[4]) - 1]
        entry = found.setdefault(stem, {"as_of": day, "time": m[2] or "", "number": int(m[3] or 1), "formats": []})
        entry["formats"].append(m[4])
    made = [Edition(stem, e["as_of"], e["time"], e["number"], tuple(x for x in FORMATS if x in e["formats"]))
            for stem, e in found.items()]
    return sorted(made, key=lambda e: e.order, reverse=True)


def described(dest: Path, edition: Edition) -> Edition:
    """The edition with the title and bottom line of its brief.json (when it has a readable one)."""
    try:
        data = json.loads((dest / f"{edition.stem}.json").read_text(encoding="utf-8"))
        bottom = next((s["items"] for s in data["sections"] if s.get("key") == "bottom_line"), [])
        return replace(edition, title=str(data["title"]), bottom_line=" ".join(str(i["text"]) for i in bottom[:2]))
    except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError):
        return replace(edition, title=edition.stem)


def _write_views(dest: Path) -> list[Path]:
    """latest.*, index.html and feed.atom from the editions in ``dest``."""
    from briefing.deliver.views import feed, index  # the templates and feedgen: loaded to publish only

    found = [described(dest, e) for e in editions(dest)]
    if not found:
        return []
    newest = found[0]
    latest = {f"{LATEST}.{ext}": (dest / f"{newest.stem}.{ext}").read_bytes() for ext in newest.formats}
    written = write_files(dest, latest)
    for ext in set(FORMATS) - set(newest.formats):
        (dest / f"{LATEST}.{ext}").unlink(missing_ok=True)  # a format the newest edition lacks
    feed_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, dest.resolve().as_uri())}"
    written += write_files(dest, {INDEX: index(found).encode(), FEED: feed(found, feed_id)})
    return written
