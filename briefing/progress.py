"""What a run tells its user: the steps ``build()`` reports while it runs, the terminal display the
CLI shows them with, and counts said right ("1 source", "2 sources").

The library only calls its progress callback with ``Step`` values (and, from the lock, a line of
text); it never prints. ``TerminalProgress`` is the CLI's callback on a terminal: one bar across
reading and analysing, with counts and the time since the build started, then the fit and PDF
stages, each with its elapsed time. Rich loads with the first step, so a run that has nothing to
do (or prints to a pipe) never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

STAGES = {"read": "reading", "analyse": "analysing", "fit": "fitting to one page", "pdf": "writing the PDF"}


@dataclass(frozen=True)
class Step:
    """How far a build has gone: a stage, and for reading and analysing, sources done of total."""

    stage: str  # a key of STAGES
    done: int = 0
    total: int = 0

    def __str__(self) -> str:
        words = STAGES.get(self.stage, self.stage)
        return f"{words} {self.done}/{self.total}" if self.total else words


Progress = Callable[[Union[Step, str]], None]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: "1 source", "0 sources", "3 copies"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


class TerminalProgress:
    """A build's progress on a terminal (stderr), removed when the build ends."""

    def __init__(self) -> None:
        self._bar = None
        self._task = None
        self._stage = ""

    def __call__(self, step: Step | str) -> None:
        if self._bar is None:
            self._start()
        if not isinstance(step, Step):
            self._bar.console.print(str(step), markup=False, highlight=False)  # above the bar
            return
        count = f"{step.done}/{counted(step.total, 'source')}" if step.total else ""
        self._bar.update(self._task, description=STAGES.get(step.stage, step.stage), completed=step.done,
                         total=step.total or None, count=count)
        if not self._bar.live.is_started:
            self._bar.start()  # after the first update, so that the first frame shows the first stage
        elif step.stage != self._stage or step.done == step.total:
            self._bar.refresh()  # a stage's start and end are shown, however quick; counts in between at 5/s
        self._stage = step.stage

    def _start(self) -> None:
        # Rich loads here, on the first step: never on the no-change path or when output is piped
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        # task.elapsed runs from the first step to the last (Rich's own elapsed column stops the first time
        # the bar is full, at the end of reading)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
                             TextColumn("{task.elapsed:.0f}s", style="progress.elapsed"),
                             console=Console(stderr=True), transient=True, refresh_per_second=5)
        self._task = self._bar.add_task("starting", total=None, count="")

    def close(self) -> None:
        """Take the display off the terminal (before the run's own line is printed)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def report_line(report, out) -> str:  # noqa: ANN001 - a build.Report and its output folder
    """The one line a build prints: what it did, where, and what it left out or kept."""
    names = ", ".join(p.name for p in report.written) or "nothing rewritten"
    notes = f"; {counted(report.dropped, 'lower-ranked item')} left out to fit one page" if report.dropped else ""
    if report.changes:
        c = report.changes
        notes += f"; what changed: {len(c.new)} new, {len(c.changed)} changed, {len(c.dropped)} dropped"
    if report.archived:
        notes += f"; copy in {report.archived}/"
    return f"{report.line()} -> {out}/ ({names}){notes}"


def verbose_lines(report) -> list[str]:  # noqa: ANN001 - a build.Report
    """What `build -v` adds on stderr: each source read, then each stage's time."""
    lines = []
    for s in report.read:
        date = s.date.isoformat() if s.date else "undated"
        lines.append(f"source {s.id}: {s.origin} ({s.kind}, {date}, {counted(len(s.paragraphs), 'paragraph')}, "
                     f"{counted(s.words, 'word')})")
    return lines + [f"stage {stage}: {secs:.2f}s" for stage, secs in report.timings.items()]
