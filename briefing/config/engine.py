"""The ``[engine]`` and ``[store]`` settings: where the per-source work runs, where its results are kept.

``[engine] scheduler`` is ``local`` (processes of this machine, the default), ``threads``, or the
address of a Dask scheduler (``tcp://host:8786``); ``BRIEFING_SCHEDULER`` in the environment and
``--scheduler`` on the command line override it, in that order. ``workers`` is how many local
processes or threads run (a Dask cluster's size is its workers'). ``fetch`` says who fetches URLs
and feeds: the client (default, with its fetch cache) or the workers. ``timeout`` is how long to
try to reach a Dask scheduler and find a worker there (default 10 seconds).

``[store] path`` is the per-source store (default ``OUT/.briefing-store.sqlite``; several briefs
may share one), ``max_mb`` its size bound (0: no store).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

LOCAL, THREADS = "local", "threads"
SCHEDULER_ENV = "BRIEFING_SCHEDULER"
FETCH_BY = ("client", "workers")
CONNECT_TIMEOUT = 10.0  # seconds to reach a Dask scheduler and find a worker
STORE_KEYS = ("path", "max_mb")
STORE_NAME = ".briefing-store.sqlite"
DEFAULT_STORE_MB = 512
DASK_EXTRA = "pip install 'briefing[dask]'"
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?\[?[\w.:-]+\]?:\d{1,5}/?")


@dataclass(frozen=True)
class EngineSettings:
    """Where the per-source work (read, settle, sketch, summarise) runs."""

    scheduler: str = LOCAL  # local, threads, or a Dask scheduler's address
    workers: int | None = None  # local processes or threads (None: the cores, at most 8)
    fetch: str = "client"  # who fetches URLs and feeds: the client or the workers
    timeout: float = CONNECT_TIMEOUT  # seconds to reach a Dask scheduler and find a worker there

    @property
    def dask(self) -> bool:
        return self.scheduler not in (LOCAL, THREADS)


@dataclass(frozen=True)
class StoreSettings:
    """The per-source store: where it is and how large it may grow."""

    path: Path | None = None  # None: STORE_NAME in the output folder
    max_mb: int = DEFAULT_STORE_MB  # 0: no store

    def file(self, out: Path) -> Path | None:
        """The store's file for a build into ``out``; None when there is to be no store."""
        if self.max_mb == 0:
            return None
        return self.path if self.path is not None else out / STORE_NAME


def scheduler_of(value: Any) -> str:
    """Accept local, threads or a scheduler address such as tcp://10.0.0.5:8786."""
    text = value.strip() if isinstance(value, str) else ""
    if text.lower() in (LOCAL, THREADS):
        return text.lower()
    if _ADDRESS.fullmatch(text):
        return text if "://" in text else f"tcp://{text}"
    raise ValueError(f"{value!r} is not local, threads or a Dask scheduler's address such as tcp://host:8786")


def workers_of(value: Any) -> int:
    """Accept a number of workers, 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not a number of workers (1 or more)")
    return value


def fetch_of(value: Any) -> str:
    """Accept client or workers."""
    if value not in FETCH_BY:
        raise ValueError(f"{value!r} is not one of {', '.join(FETCH_BY)}")
    return value


def timeout_of(value: Any) -> float:
    """Accept a number of seconds, more than 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"{value!r} is not a number of seconds (more than 0)")
    return float(value)


def size_of(value: Any) -> int:
    """Accept a size in MiB, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} is not a size in MiB (0 or more; 0: no store)")
    return value


def read_engine(table: Any) -> tuple[EngineSettings, list[tuple[str, str]]]:
    """The settings an ``[engine]`` table gives, and its problems as (key, message) pairs."""
    values, problems = _table(table, "engine", {"scheduler": scheduler_of, "workers": workers_of, "fetch": fetch_of,
                                              "timeout": timeout_of})
    return EngineSettings(**values), problems


def read_store(table: Any, base: Path) -> tuple[StoreSettings, list[tuple[str, str]]]:
    """The settings a ``[store]`` table gives (``path`` relative to ``base``), and its problems."""
    def path_of(value: Any) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("give the store's file as a non-empty string")
        path = Path(value.strip()).expanduser()
        return path if path.is_absolute() else base / path

    values, problems = _table(table, "store", {"path": path_of, "max_mb": size_of})
    return StoreSettings(**values), problems


def _table(table: Any, name: str, parsers: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    if not isinstance(table, dict):
        return {}, [("", f"{name}: must be a table: [{name}]")]
    problems = [(key, f"{key}: unknown setting (known: {', '.join(parsers)})") for key in sorted(set(table) - set(parsers))]
    values: dict[str, Any] = {}
    for key, parse in parsers.items():
        if key in table:
            try:
                values[key] = parse(table[key])
            except ValueError as exc:
                problems.append((key, f"{key}: {exc}"))
    return values, problems


def engine_settings(base: EngineSettings, scheduler: str | None, workers: int | None,
                    environ: Mapping[str, str]) -> EngineSettings:
    """The manifest's engine, then ``BRIEFING_SCHEDULER``, then the options; raise ValueError naming the culprit."""
    settings = base
    if environ.get(SCHEDULER_ENV, "").strip():
        try:
            settings = replace(settings, scheduler=scheduler_of(environ[SCHEDULER_ENV]))
        except ValueError as exc:
            raise ValueError(f"{SCHEDULER_ENV}: {exc}") from None
    if scheduler is not None:
        try:
            settings = replace(settings, scheduler=scheduler_of(scheduler))
        except ValueError as exc:
            raise ValueError(f"--scheduler: {exc}") from None
    if workers is not None:
        try:
            settings = replace(settings, workers=workers_of(workers))
        except ValueError as exc:
            raise ValueError(f"--workers: {exc}") from None
    if settings.dask and importlib.util.find_spec("distributed") is None:
        raise ValueError(f"the Dask scheduler {settings.scheduler} needs Dask, which is not installed: {DASK_EXTRA}")
    return settings
