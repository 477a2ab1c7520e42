"""The settings of a run as frozen, typed objects: what the manifest says and what a build uses."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from wcmatch import glob as wcglob

from briefing.config.delivery import DeliverySettings
from briefing.config.engine import EngineSettings, StoreSettings
from briefing.config.values import DEFAULT_FORMATS, Since, keep_of, seconds_of
from briefing.errors import UsageError
from briefing.read.base import ReadOptions
from briefing.read.collect import is_url

MANIFEST = "briefing.toml"
OVERRIDES = ("title", "issuer", "kind", "date", "reliability")
# How an entry's glob matches a source's path: ``**`` spans folders, ``*`` and ``?`` stay within
# one; hidden names match too (a hidden file named by another entry still gets the overrides).
GLOB_FLAGS = wcglob.GLOBSTAR | wcglob.DOTGLOB


@dataclass(frozen=True)
class SourceEntry:
    """One ``[[source]]`` of the manifest: what to read, and what to say about what is read."""

    target: str  # the path, glob or URL as the build reads it (paths joined to the manifest's folder)
    how: str  # "path", "glob", "url" or "feed"
    title: str | None = None
    issuer: str | None = None
    kind: str | None = None
    date: dt.date | None = None
    reliability: str | None = None
    line: int = 0

    @property
    def overrides(self) -> bool:
        return any(getattr(self, name) is not None for name in OVERRIDES)

    def matches(self, origin: str) -> bool:
        """Return True for a source read from this entry (a feed's entries are ``origin#id``)."""
        candidates = [origin] + [origin[:i] for i, c in enumerate(origin) if c == "#"]
        if is_url(self.target):
            return self.target in candidates
        if any(is_url(c) for c in candidates):
            return False
        if self.how == "glob":
            pattern = os.path.abspath(self.target)
            return any(wcglob.globmatch(os.path.abspath(c), pattern, flags=GLOB_FLAGS) for c in candidates)
        root = os.path.abspath(self.target)
        return any(a == root or a.startswith(root.rstrip(os.sep) + os.sep) for a in map(os.path.abspath, candidates))


@dataclass(frozen=True)
class Branding:
    """Who issues the brief and how it is marked: ``[brief] author, organisation, marking, logo``.

    Shown in the header and footer of the PDF, HTML and DOCX, in their metadata and in the mail's
    subject; the marking ("OFFICIAL", "TLP:AMBER") on every page."""

    author: str | None = None
    organisation: str | None = None
    marking: str | None = None
    logo: str | None = None  # a data: URL of a PNG or JPEG (read once, so the brief carries it)


@dataclass(frozen=True)
class Manifest:
    """A validated ``briefing.toml``: its sources and the settings of ``[brief]`` it gives (None: not given)."""

    path: Path
    sources: tuple[SourceEntry, ...] = ()
    title: str | None = None
    page_size: str | None = None
    formats: tuple[str, ...] | None = None
    template_dir: Path | None = None
    out: Path | None = None
    since: Since | None = None
    follow_links: bool | None = None
    follow_symlinks: bool | None = None
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    branding: Branding = field(default_factory=Branding)
    pdf_variant: str | None = None
    engine: EngineSettings = field(default_factory=EngineSettings)
    store: StoreSettings = field(default_factory=StoreSettings)


# Metadata of the Settings fields that steer a run without changing the brief's bytes: the cache
# (write/cache.py) leaves them out of its key. Every other field, present or future, is in the key.
RUN_ONLY = {"run_only": True}


@dataclass(frozen=True)
class Settings:
    """Everything that decides what a build reads and writes, and how the run goes."""

    paths: tuple[str, ...] = ("seeds",)
    out: Path = field(default=Path("output"), metadata=RUN_ONLY)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    title: str | None = None
    as_of: dt.date | None = None
    page_size: str = "A4"
    template_dir: Path | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    sources: tuple[SourceEntry, ...] = ()  # the manifest's entries, whose overrides apply to what is read
    manifest: Path | None = None
    branding: Branding = field(default_factory=Branding)
    pdf_variant: str = "pdf/ua-1"  # or "pdf/a-3b": tagged and archivable
    force: bool = field(default=False, metadata=RUN_ONLY)  # build even when the cache says nothing changed
    wait: float = field(default=30.0, metadata=RUN_ONLY)  # seconds to wait for another run's lock
    keep: int = field(default=30, metadata=RUN_ONLY)  # dated copies kept in OUT/archive (0: none)
    delivery: DeliverySettings = field(default_factory=DeliverySettings, metadata=RUN_ONLY)
    now: dt.datetime | None = field(default=None, metadata=RUN_ONLY)  # the run's time (None: build() takes it)
    # where the per-source work runs and where its results are kept: the same bytes either way
    engine: EngineSettings = field(default_factory=EngineSettings, metadata=RUN_ONLY)
    store: StoreSettings = field(default_factory=StoreSettings, metadata=RUN_ONLY)

    def __post_init__(self) -> None:
        for name, parse in (("wait", seconds_of), ("keep", keep_of)):
            try:
                parse(getattr(self, name))
            except ValueError as exc:
                raise UsageError(f"{name}: {exc}") from None
