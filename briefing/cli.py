"""The command line: parse options, call the library, print, map errors to exit codes. No logic."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer

from briefing import __version__
from briefing.errors import BriefingError, UsageError
from briefing.text.safe import json_safe, printable

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
        from briefing.read.engines import missing_cause  # here: importing read/ loads its registry

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


@app.command()
def build(
    paths: Optional[List[str]] = PATHS,
    manifest: Optional[Path] = MANIFEST,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: output/)."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="Formats to write: md, pdf, html, json, docx, or all (repeat or comma-separate; default md, pdf, html, json)."),
    title: Optional[str] = typer.Option(None, "--title", help="The brief's title (default: the most representative source title)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The 'as of' date, YYYY-MM-DD (default: the latest source date)."),
    page_size: Optional[str] = typer.Option(None, "--page-size", help="A4 or Letter (default A4)."),
    template_dir: Optional[Path] = typer.Option(None, "--template-dir", help="Folder whose templates override the shipped ones by file name."),
    since: Optional[str] = SINCE,
    follow_links: Optional[bool] = FOLLOW,
    follow_symlinks: Optional[bool] = SYMLINKS,
    force: bool = typer.Option(False, "--force", help="Build even when no source, setting or template changed since the last build."),
    wait: float = typer.Option(30.0, "--wait", metavar="SECONDS", help="How long to wait for another build into the same folder to finish before giving up (exit 6)."),
    keep: int = typer.Option(30, "--keep", metavar="N", help="Dated copies of past briefs kept in OUT/archive/ (0: keep none)."),
    send_brief: bool = typer.Option(False, "--send", help="E-mail the brief unless it was mailed already, also when this run changed nothing ([delivery] in briefing.toml)."),
    publish_to: Optional[Path] = typer.Option(None, "--publish", metavar="DIR", help="Copy the brief into DIR under dated names (brief-2024-11-05.pdf, ...)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each source and each stage's time (on stderr)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display on a terminal (it is never shown when stderr is not one)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Where each source is read, settled and summarised: local (processes of this machine, the default), threads, or a Dask scheduler such as tcp://host:8786 (pip install 'briefing[dask]'). Also [engine] scheduler and BRIEFING_SCHEDULER."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", help="Local processes or threads for the per-source work (default: the cores, at most 8)."),
) -> None:
    """Build the one-page brief: brief.md, brief.pdf, brief.html and brief.json (brief.docx with --format all).

    Prints one line: built (or unchanged) with counts and time, or the error. On a terminal a
    progress bar shows meanwhile (not with --quiet, nor when output goes to a file or a pipe).

    Examples:

      briefing build

      briefing build seeds/ reports/extra.md --out /srv/briefs --format pdf,md

      briefing build --title "DPRK troops in Russia" --as-of 2024-11-05 --page-size Letter

      briefing build --manifest morning.toml --since 24h --follow-links

      briefing build --send --publish /srv/share/briefs -v

      briefing build --scheduler tcp://10.0.0.5:8786
    """
    from briefing.build import build as run_build
    from briefing.config.options import clock, make_settings
    from briefing.deliver.mail import credentials_from_env
    from briefing.progress import TerminalProgress, report_line, verbose_lines

    settings = _run(make_settings, tuple(paths or ()), manifest=manifest, out=out, formats=formats, title=title,
                    as_of=as_of, page_size=page_size, template_dir=template_dir, since=since,
                    follow_links=follow_links, follow_symlinks=follow_symlinks, force=force, wait=wait, keep=keep,
                    send=send_brief, now=clock(), explain_missing=True,
                    scheduler=scheduler, workers=workers)
    credentials = _run(credentials_from_env) if send_brief else None  # half a login stops the run first
    with TerminalProgress() if sys.stderr.isatty() and not quiet else nullcontext() as progress:
        report = _run(run_build, settings, progress)
    for skipped in report.skipped:
        _err(f"warning: skipped {skipped.origin}: {skipped.cause}")
    for line in verbose_lines(report) if verbose else ():
        typer.echo(printable(line), err=True)
    typer.echo(printable(report_line(report, settings.out)))
    if publish_to:
        from briefing.deliver.publish import publish as publish_brief

        _published(_run(publish_brief, settings.out, publish_to, settings.now), publish_to)
    if send_brief:  # a brief not mailed yet, also when this run changed nothing (an earlier send failed)
        from briefing.build import send_brief as send_unsent

        sent = _run(send_unsent, settings.out, settings.delivery, credentials, again=False,
                    template_dir=settings.template_dir)
        if sent:
            _sent(sent)
    raise typer.Exit(report.exit_code)


@app.command()
def init(
    path: Path = typer.Argument(Path("briefing.toml"), help="Where to write the manifest."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing manifest."),
) -> None:
    """Start a brief: a commented briefing.toml to edit, and the sources/ folder it reads.

    The folders the manifest names (sources/, output/) are made beside it, each with a README
    saying what goes there; folders already there are left as they are.

    Examples:

      briefing init

      briefing init briefs/morning.toml --force
    """
    from briefing.config.starter import write_starter

    starter = _run(write_starter, path, force)
    made = "".join(f" and {folder}/" for folder in starter.folders)
    sources = starter.manifest.parent / "sources"
    typer.echo(f"wrote {starter.manifest}{made}: put your sources in {sources}/ (or name them in "
               f"{starter.manifest.name}), then run `briefing build`")


@app.command()
def sources(
    paths: Optional[List[str]] = PATHS,
    manifest: Optional[Path] = MANIFEST,
    since: Optional[str] = SINCE,
    follow_links: Optional[bool] = FOLLOW,
    follow_symlinks: Optional[bool] = SYMLINKS,
    fmt: str = typer.Option("table", "--format", "-f", metavar="table|json|csv", help="table (default), json or csv."),
) -> None:
    """List the sources a build would read: id, kind, title, issuer, date, paragraphs, words.

    Reads what `briefing build` reads (PATHS, else ./briefing.toml or --manifest, else seeds/),
    with the manifest's overrides. The table cuts long titles on a terminal only; json and csv
    also give each source's origin, url and reliability.

    Examples:

      briefing sources

      briefing sources reports/ feeds.xml

      briefing sources --manifest morning.toml --format csv > sources.csv

      briefing sources --format json | jq '.[].title'
    """
    from briefing.config.options import clock, make_settings
    from briefing.survey import LIST_FORMATS, list_sources, listing

    if fmt not in LIST_FORMATS:
        _run(_usage, f"--format: {fmt!r} is not one of {', '.join(LIST_FORMATS)}")
    settings = _run(make_settings, tuple(paths or ()), manifest=manifest, since=since, follow_links=follow_links,
                    follow_symlinks=follow_symlinks, now=clock(), explain_missing=True)
    found, report = _run(list_sources, settings)
    for skipped in report.skipped:
        _err(f"warning: skipped {skipped.origin}: {skipped.cause}")
    if not found:
        _err("error: no readable sources")
        raise typer.Exit(3)
    typer.echo(listing(found, fmt, cut=sys.stdout.isatty()), nl=False)


@app.command()
def inspect(
    file: str = typer.Argument(..., help="One source file or URL."),
    entry: Optional[int] = typer.Option(None, "--entry", "-e", min=1, metavar="N", help="A feed's entry N alone (from 1)."),
) -> None:
    """Print one source's structured summary as JSON, with its numbered paragraphs.

    A feed prints a list: one summary for each of its entries, in the feed's order; --entry N
    prints entry N alone.

    Examples:

      briefing inspect seeds/004_1225735960cc5bd0.txt

      briefing inspect report.pdf | jq '.figures'

      briefing inspect updates.rss --entry 2
    """
    from briefing.survey import inspect_source

    data = _run(inspect_source, file, entry=entry)
    typer.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))  # a name cannot drive the terminal


@app.command()
def schema() -> None:
    """Print the JSON Schema of brief.json (the contract other tools can rely on).

    Examples:

      briefing schema > brief.schema.json

      briefing schema | python -c "import json, sys; print(json.load(sys.stdin)['title'])"
    """
    from briefing.render.brief_json import schema_text

    typer.echo(schema_text(), nl=False)


@app.command()
def summarize(
    paths: Optional[List[str]] = PATHS,
    manifest: Optional[Path] = MANIFEST,
    words: int = typer.Option(150, "--words", "-w", min=1, help="At most this many words."),
    no_citations: bool = typer.Option(False, "--no-citations", help="Leave out the [2¶3] citation markers."),
    title: Optional[str] = typer.Option(None, "--title", help="The brief's title."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The 'as of' date, YYYY-MM-DD."),
    since: Optional[str] = SINCE,
    follow_links: Optional[bool] = FOLLOW,
    follow_symlinks: Optional[bool] = SYMLINKS,
) -> None:
    """Print the brief's content as plain prose of at most N words, most important first.

    The Bottom line comes first, then Key developments, Positions, and so on: for an e-mail body,
    a chat message or a pager. Reads what `briefing build` reads (PATHS, else ./briefing.toml or
    --manifest, else seeds/), with the manifest's settings and overrides.

    Examples:

      briefing summarize --words 60

      briefing summarize --manifest morning.toml --since 24h

      briefing summarize reports/ --words 250 --no-citations | mail -s "Brief" desk@example.org
    """
    from briefing.build import analyse
    from briefing.config.options import clock, make_settings
    from briefing.render.prose import prose

    settings = _run(make_settings, tuple(paths or ()), manifest=manifest, title=title, as_of=as_of, since=since,
                    follow_links=follow_links, follow_symlinks=follow_symlinks, now=clock(), explain_missing=True)
    brief = _run(analyse, settings)
    typer.echo(prose(brief, words, citations=not no_citations), nl=False)


# --- scheduling and delivery ---------------------------------------------------------------------

def _sent(result) -> None:
    typer.echo(printable(f"sent: {result.subject!r} to {', '.join(result.recipients)} via {result.server} "
                         f"(tls {result.tls}; {result.attachment}, {result.size / 1024:.0f} kB)"))


def _published(paths, dest: Path) -> None:
    typer.echo(printable(f"published: {', '.join(p.name for p in paths)} -> {dest}/"))


OUT = typer.Option(Path("output"), "--out", "-o", help="The output folder that holds the brief.")


@app.command()
def send(
    out: Path = OUT,
    to: Optional[List[str]] = typer.Option(None, "--to", help="A recipient (repeat, or comma-separate)."),
    sender: Optional[str] = typer.Option(None, "--from", help="The sender address (default: briefing@<this host>)."),
    smtp: Optional[str] = typer.Option(None, "--smtp", metavar="HOST:PORT", help="The SMTP server (default: localhost:25)."),
    tls: Optional[str] = typer.Option(None, "--tls", help="starttls, ssl (implicit TLS) or none (default: ssl on port 465, none on localhost, else starttls)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds to wait for each step of the SMTP exchange (default 30)."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", "-m", metavar="FILE", help="The manifest whose [delivery] table to use (default: ./briefing.toml if there is one)."),
) -> None:
    """E-mail the latest brief: its page as HTML and as text, the PDF (and DOCX) attached.

    Settings not given here come from [delivery] in ./briefing.toml (to, from, smtp, tls,
    timeout). The login comes only from the environment: BRIEFING_SMTP_USER and
    BRIEFING_SMTP_PASSWORD. Any failure is one line and exit code 7.

    Examples:

      briefing send --to desk@example.org --smtp mail.example.org:587

      BRIEFING_SMTP_USER=bot BRIEFING_SMTP_PASSWORD=... briefing send --out /srv/briefs --to a@example.org --to b@example.org

      briefing send --smtp smtp.example.org:465 --tls ssl --to desk@example.org
    """
    from briefing.build import send_brief as send_latest
    from briefing.config.options import delivery_settings
    from briefing.deliver.mail import credentials_from_env

    settings = _run(delivery_settings, manifest, to=to, sender=sender, smtp=smtp, tls=tls, timeout=timeout)
    _sent(_run(send_latest, out, settings, _run(credentials_from_env)))


@app.command()
def publish(
    dest: Path = typer.Argument(..., metavar="DIR", help="The distribution folder (created if missing)."),
    out: Path = OUT,
) -> None:
    """Copy the latest brief into a distribution folder under dated names, atomically.

    Writes DIR/brief-<as_of>.pdf (and .md, .html, .json, .docx, as built; a changed brief of an
    as-of date already published also gets the time: brief-<as_of>T061502.pdf), then
    DIR/latest.*, DIR/index.html (newest first) and DIR/feed.atom. A reader of DIR never sees half
    a file, and a failure is one line (exit code 7).

    Examples:

      briefing publish /srv/share/briefs

      briefing publish ~/Dropbox/briefs --out /srv/briefs/output
    """
    from briefing.config.options import clock
    from briefing.deliver.publish import publish as publish_brief

    _published(_run(publish_brief, out, dest, clock()), dest)


@app.command()
def schedule(
    expression: Optional[str] = typer.Argument(None, metavar="CRON", help='Five cron fields, quoted ("0 6 * * *" is 06:00 every day), or @daily, @hourly, @weekly, @monthly, @yearly.', show_default=False),
    build_args: Optional[List[str]] = typer.Argument(None, metavar="BUILD_ARGS", help="Arguments for `briefing build` (sources, --send, ...), after --.", show_default=False),
    workdir: Optional[Path] = typer.Option(None, "--dir", help="The folder the build runs in (default: this one)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder, relative to --dir."),
    log: Optional[Path] = typer.Option(None, "--log", help="Log file (default: OUT/briefing.log; the journal with --systemd)."),
    env_file: Optional[Path] = typer.Option(None, "--env-file", help="A file of VAR=value lines the job loads (e.g. the SMTP login), so no secret sits in the crontab; only you may read it (chmod 600)."),
    install: bool = typer.Option(False, "--install", help="Put the line into your crontab (replacing an earlier one for the same OUT)."),
    remove: bool = typer.Option(False, "--remove", help="Take the job for OUT out of your crontab."),
    systemd: bool = typer.Option(False, "--systemd", help="Print a systemd user service and timer instead of a crontab line."),
) -> None:
    """Print (or install) the crontab line that rebuilds the brief on a schedule.

    The line uses absolute paths, cd's into the working folder, sets PATH and LANG, unsets
    SOURCE_DATE_EPOCH, and appends one dated line per run to the log. The next three run times
    are said in words (on stderr when the line is printed, so that stdout is the line alone).
    Day and month names (mon-fri, jan) and cron's shorthands (@daily, ...) are accepted.

    Examples:

      briefing schedule "0 6 * * *"

      briefing schedule @daily

      briefing schedule "0 6 * * *" --install

      briefing schedule "30 5 * * 1-5" --dir /srv/brief --env-file /srv/brief/smtp.env --install -- reports/ --send

      briefing schedule --remove

      briefing schedule "0 6 * * *" --systemd
    """
    from briefing.config.options import clock
    from briefing.deliver import schedule as sched
    from briefing.deliver.cron import in_words, next_runs

    if sum((install, remove, systemd)) > 1:
        _run(_usage, "choose one of --install, --remove and --systemd")
    if remove:
        found = _run(sched.remove, out, workdir)
        typer.echo("removed the briefing job from your crontab" if found else "no briefing job for that output folder in your crontab")
        return
    if expression is None:
        _run(_usage, 'give a cron expression, e.g. briefing schedule "0 6 * * *"')
    job = _run(sched.make_job, expression, workdir, out, log, tuple(build_args or ()), env_file)
    runs = f"next runs: {in_words(next_runs(job.when, clock()))}"
    if systemd:
        units = _run(sched.systemd_units, job)
        typer.echo(units.service)
        typer.echo(units.timer, nl=False)
        typer.echo(runs, err=True)
        return
    if install:
        replaced = _run(sched.install, job)
        typer.echo(f"{'replaced' if replaced else 'installed'} in your crontab: {sched.crontab_line(job)}")
        typer.echo(runs)
        typer.echo(f"check it: crontab -l; tail {sched.cron_log(job)}")
        return
    typer.echo(sched.crontab_entry(job), nl=False)
    typer.echo(runs, err=True)


def _usage(message: str) -> None:
    raise UsageError(message)


class _Terminated(BaseException):
    """SIGTERM, raised where the run is, so that it unwinds as for Ctrl-C: the lock is released,
    temporary files are removed, and the outputs in place stay whole. A BaseException: no
    ``except Exception`` in the library may absorb it."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated()


def _default_sigterm_in_child() -> None:
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a worker process just ends, as before
    except ValueError:
        pass  # forked from another thread: it never had our handler's effect there


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_default_sigterm_in_child)
    try:
        app(prog_name="briefing")
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the one line short
        _err("terminated")
        sys.exit(143)
