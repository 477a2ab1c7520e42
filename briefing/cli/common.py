"""What every command shares: the Typer app, the one-line errors and their exit codes, the
log handler, the options several commands take."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from briefing import __version__
from briefing.errors import BriefingError, UsageError
from briefing.text.safe import printable

app = typer.Typer(
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn a folder of sources about one situation into a one-page situation brief in which "
    "every statement cites the source paragraph that supports it.\n\n"
    "Examples:\n\n"
    "  briefing build                      # seeds/ -> output/brief.{md,pdf,html,json}\n\n"
    "  briefing init                       # start a brief here: briefing.toml and sources/\n\n"
    "  briefing build reports/ --out today --page-size Letter\n\n"
    "  briefing sources reports/\n\n"
    "  briefing inspect reports/statement.md",
)


def _err(message: str) -> None:
    # print, not typer.echo: with a progress bar up, Rich's stand-in for sys.stderr puts the line above
    # the bar, where click would write past it to the stream underneath. Names in messages come from
    # file names, URLs and sources: escaped, they cannot forge a log line or send the terminal escape
    # sequences
    print(f"briefing: {printable(message)}", file=sys.stderr, flush=True)


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
    except (ImportError, OSError) as exc:  # a library or a system library this installation lacks
        from briefing.read.engines import (
            missing_cause,  # here: importing read/ loads its registry
        )

        cause = missing_cause(exc)
        if cause is None:
            raise
        _err(f"error: this installation {cause}")
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


PATHS = typer.Argument(None, help="Files, folders, globs or URLs to read (default: the sources of ./briefing.toml, else seeds/).",
                       show_default=False)
MANIFEST = typer.Option(None, "--manifest", "-m", metavar="FILE",
                        help="The manifest to read (default: ./briefing.toml when there is one and no PATHS are given).")
SINCE = typer.Option(None, "--since", help="Skip feed entries older than this: a window back from now (or from the end "
                     "of the --as-of day) such as 90m, 48h, 7d, 2w, or a date like 2024-11-01.")
FOLLOW = typer.Option(None, "--follow-links/--no-follow-links",
                      help="Feeds: read each entry's linked page instead of its summary (default: no).")
SYMLINKS = typer.Option(None, "--follow-symlinks/--no-follow-symlinks",
                        help="Folders and globs: also read symbolic links to files outside them (default: no; such a "
                        "link is skipped with a warning).")



def _usage(message: str) -> None:
    raise UsageError(message)


def _sent(result) -> None:
    typer.echo(printable(f"sent: {result.subject!r} to {', '.join(result.recipients)} via {result.server} "
                         f"(tls {result.tls}; {result.attachment}, {result.size / 1024:.0f} kB)"))


def _published(paths, dest: Path) -> None:
    typer.echo(printable(f"published: {', '.join(p.name for p in paths)} -> {dest}/"))
