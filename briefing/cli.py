"""The command line: parse options, call the library, print, map errors to exit codes. No logic."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import BriefingError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn a folder of sources about one situation into a one-page situation brief in which "
    "every statement cites the source paragraph that supports it.\n\n"
    "Examples:\n\n"
    "  briefing build                      # seeds/ -> output/brief.{md,pdf,html,json}\n\n"
    "  briefing build reports/ --out today --page-size Letter\n\n"
    "  briefing sources reports/\n\n"
    "  briefing inspect reports/statement.md",
)


def _err(message: str) -> None:
    typer.echo(f"briefing: {message}", err=True)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(f"… {message}", err=True)


def _run(fn, *args, **kwargs):
    """Call into the library; turn its errors into one line and an exit code."""
    try:
        return fn(*args, **kwargs)
    except BriefingError as exc:
        for line in getattr(exc, "problems", None) or (exc.message,):  # a ConfigError lists several
            _err(f"error: {line}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _err("interrupted")
        raise typer.Exit(130) from None
    except MemoryError:
        _err("error: out of memory")
        raise typer.Exit(1) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """briefing: one-page, fully cited situation briefs."""
    _log_to_stderr()


class _OneLine(logging.Handler):
    """The library's log records as one line each: ``briefing: warning: ...``."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            _err(f"{record.levelname.lower()}: {' '.join(record.getMessage().split())}")
        except Exception:  # noqa: BLE001 - logging must never break a run
            self.handleError(record)


def _log_to_stderr() -> None:
    """Show briefing's warnings on stderr; other libraries' log records and Python warnings go nowhere."""
    log = logging.getLogger("briefing")
    if any(isinstance(h, _OneLine) for h in log.handlers):
        return
    log.addHandler(_OneLine(logging.WARNING))
    log.setLevel(logging.WARNING)
    log.propagate = False
    logging.getLogger().addHandler(logging.NullHandler())  # no "last resort" output for pypdf, weasyprint, ...
    logging.captureWarnings(True)  # warnings.warn() from libraries becomes a log record, dropped


def _settings(paths, out, formats, title, as_of, page_size, template_dir, *, manifest=None, since=None, follow_links=None):
    """Settings from ./briefing.toml (or ``manifest``) with the given options over it (None: not given)."""
    from .config import clock, make_settings

    return make_settings(
        tuple(paths or ()), manifest=manifest, out=out, formats=formats, title=title, as_of=as_of,
        page_size=page_size, template_dir=template_dir, since=since, follow_links=follow_links, now=clock(),
    )


PATHS = typer.Argument(None, help="Files, folders or URLs to read (default: seeds/).", show_default=False)


@app.command()
def build(
    paths: Optional[List[str]] = typer.Argument(None, help="Files, folders, globs or URLs to read (default: the sources of ./briefing.toml, else seeds/).", show_default=False),
    manifest: Optional[Path] = typer.Option(None, "--manifest", "-m", metavar="FILE", help="The manifest to read (default: ./briefing.toml when there is one and no PATHS are given)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: output/)."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="Formats to write: md, pdf, html, json (repeat or comma-separate; default all)."),
    title: Optional[str] = typer.Option(None, "--title", help="The brief's title (default: the most representative source title)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The 'as of' date, YYYY-MM-DD (default: the latest source date)."),
    page_size: Optional[str] = typer.Option(None, "--page-size", help="A4 or Letter (default A4)."),
    template_dir: Optional[Path] = typer.Option(None, "--template-dir", help="Folder whose templates override the shipped ones by file name."),
    since: Optional[str] = typer.Option(None, "--since", help="Skip feed entries older than this: a window back from now (or from the end of the --as-of day) such as 90m, 48h, 7d, 2w, or a date like 2024-11-01."),
    follow_links: Optional[bool] = typer.Option(None, "--follow-links/--no-follow-links", help="Feeds: read each entry's linked page instead of its summary (default: no)."),
) -> None:
    """Build the one-page brief: brief.md, brief.pdf, brief.html and brief.json.

    Examples:

      briefing build

      briefing build seeds/ reports/extra.md --out /srv/briefs --format pdf,md

      briefing build --title "DPRK troops in Russia" --as-of 2024-11-05 --page-size Letter

      briefing build --manifest morning.toml --since 24h --follow-links
    """
    from .build import build as run_build

    settings = _run(_settings, paths, out, formats, title, as_of, page_size, template_dir,
                    manifest=manifest, since=since, follow_links=follow_links)
    report = _run(run_build, settings, _progress)
    for skipped in report.skipped:
        _err(f"warning: skipped {skipped.origin}: {skipped.cause}")
    names = ", ".join(p.name for p in report.written)
    dropped = f"; {report.dropped} lower-ranked items left out to fit one page" if report.dropped else ""
    typer.echo(f"{report.line()} -> {settings.out}/ ({names}){dropped}")
    raise typer.Exit(report.exit_code)


@app.command()
def init(
    path: Path = typer.Argument(Path("briefing.toml"), help="Where to write the manifest."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter manifest, briefing.toml, to edit: its sources and settings.

    Examples:

      briefing init

      briefing init briefs/morning.toml --force
    """
    from .config import write_starter

    written = _run(write_starter, path, force)
    typer.echo(f"wrote {written}: name your sources in it, then run `briefing build`")


@app.command()
def sources(paths: Optional[List[str]] = PATHS) -> None:
    """List the parsed sources: id, kind, title, issuer, date, paragraphs, words.

    Examples:

      briefing sources

      briefing sources reports/ feeds.xml
    """
    from .build import Report, collect, make_sources, read_all
    from .readers import ReadOptions

    report = Report()
    options = ReadOptions()
    inputs = _run(collect, tuple(paths) if paths else ("seeds",))
    found = _run(lambda: make_sources(read_all(inputs, options, report), options, report))
    rows = [("id", "kind", "title", "issuer", "date", "paras", "words")]
    for s in found:
        rows.append((str(s.id), s.kind, _cut(s.title, 48), _cut(s.issuer or "-", 30),
                     s.date.isoformat() if s.date else "-", str(len(s.paragraphs)), str(s.words)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        typer.echo("  ".join(c.ljust(w) if i < 4 else c.rjust(w) if i > 4 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
    for skipped in report.skipped:
        _err(f"warning: skipped {skipped.origin}: {skipped.cause}")
    if not found:
        _err("error: no readable sources")
        raise typer.Exit(3)


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def inspect(file: str = typer.Argument(..., help="One source file or URL.")) -> None:
    """Print one source's structured summary as JSON, with its numbered paragraphs.

    Examples:

      briefing inspect seeds/004_1225735960cc5bd0.txt

      briefing inspect report.pdf | jq '.figures'
    """
    from .build import inspect_source

    data = _run(inspect_source, file)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def summarize(
    paths: Optional[List[str]] = PATHS,
    words: int = typer.Option(150, "--words", "-w", min=1, help="At most this many words."),
    no_citations: bool = typer.Option(False, "--no-citations", help="Leave out the [2¶3] citation markers."),
    title: Optional[str] = typer.Option(None, "--title", help="The brief's title."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The 'as of' date, YYYY-MM-DD."),
) -> None:
    """Print the brief's content as plain prose of at most N words, most important first.

    The Bottom line comes first, then Key developments, Positions, and so on: for an e-mail body,
    a chat message or a pager.

    Examples:

      briefing summarize --words 60

      briefing summarize reports/ --words 250 --no-citations | mail -s "Brief" desk@example.org
    """
    from .build import analyse
    from .prose import summarize as to_prose

    settings = _run(_settings, paths, Path("output"), None, title, as_of, None, None)
    brief = _run(analyse, settings)
    typer.echo(to_prose(brief, words, citations=not no_citations), nl=False)


def main() -> None:
    app(prog_name="briefing")
