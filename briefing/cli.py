"""The command line: parse options, call the library, print, map errors to exit codes. No logic."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer

from briefing import __version__
from briefing.errors import BriefingError, UsageError

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


PATHS = typer.Argument(None, help="Files, folders or URLs to read (default: seeds/).", show_default=False)


@app.command()
def build(
    paths: Optional[List[str]] = typer.Argument(None, help="Files, folders, globs or URLs to read (default: the sources of ./briefing.toml, else seeds/).", show_default=False),
    manifest: Optional[Path] = typer.Option(None, "--manifest", "-m", metavar="FILE", help="The manifest to read (default: ./briefing.toml when there is one and no PATHS are given)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default: output/)."),
    formats: Optional[List[str]] = typer.Option(None, "--format", "-f", help="Formats to write: md, pdf, html, json, docx, or all (repeat or comma-separate; default md, pdf, html, json)."),
    title: Optional[str] = typer.Option(None, "--title", help="The brief's title (default: the most representative source title)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The 'as of' date, YYYY-MM-DD (default: the latest source date)."),
    page_size: Optional[str] = typer.Option(None, "--page-size", help="A4 or Letter (default A4)."),
    template_dir: Optional[Path] = typer.Option(None, "--template-dir", help="Folder whose templates override the shipped ones by file name."),
    since: Optional[str] = typer.Option(None, "--since", help="Skip feed entries older than this: a window back from now (or from the end of the --as-of day) such as 90m, 48h, 7d, 2w, or a date like 2024-11-01."),
    follow_links: Optional[bool] = typer.Option(None, "--follow-links/--no-follow-links", help="Feeds: read each entry's linked page instead of its summary (default: no)."),
    force: bool = typer.Option(False, "--force", help="Build even when no source, setting or template changed since the last build."),
    wait: float = typer.Option(30.0, "--wait", metavar="SECONDS", help="How long to wait for another build into the same folder to finish before giving up (exit 6)."),
    keep: int = typer.Option(30, "--keep", metavar="N", help="Dated copies of past briefs kept in OUT/archive/ (0: keep none)."),
    send_brief: bool = typer.Option(False, "--send", help="E-mail the brief if this run changed it ([delivery] in briefing.toml)."),
    publish_to: Optional[Path] = typer.Option(None, "--publish", metavar="DIR", help="Copy the brief into DIR under dated names (brief-2024-11-05.pdf, ...)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each source and each stage's time (on stderr)."),
) -> None:
    """Build the one-page brief: brief.md, brief.pdf, brief.html and brief.json (brief.docx with --format all).

    Prints one line: built (or unchanged) with counts and time, or the error.

    Examples:

      briefing build

      briefing build seeds/ reports/extra.md --out /srv/briefs --format pdf,md

      briefing build --title "DPRK troops in Russia" --as-of 2024-11-05 --page-size Letter

      briefing build --manifest morning.toml --since 24h --follow-links

      briefing build --send --publish /srv/share/briefs -v
    """
    from briefing.build import build as run_build
    from briefing.config.options import clock, make_settings
    from briefing.deliver.mail import credentials_from_env

    settings = _run(make_settings, tuple(paths or ()), manifest=manifest, out=out, formats=formats, title=title,
                    as_of=as_of, page_size=page_size, template_dir=template_dir, since=since,
                    follow_links=follow_links, force=force, wait=wait, keep=keep, send=send_brief, now=clock())
    credentials = _run(credentials_from_env) if send_brief else None  # half a login stops the run first
    report = _run(run_build, settings, _progress)
    for skipped in report.skipped:
        _err(f"warning: skipped {skipped.origin}: {skipped.cause}")
    if verbose:
        _verbose(report)
    typer.echo(_report_line(report, settings.out))
    if publish_to:
        from briefing.deliver.publish import publish as publish_brief

        _published(_run(publish_brief, settings.out, publish_to, settings.now), publish_to)
    if send_brief and report.status != "unchanged":
        from briefing.deliver.mail import send as send_latest

        _sent(_run(send_latest, settings.out, settings.delivery, credentials, template_dir=settings.template_dir))
    raise typer.Exit(report.exit_code)


def _report_line(report, out: Path) -> str:
    """The one line a build prints: what it did, where, and what it left out or kept."""
    names = ", ".join(p.name for p in report.written) or "nothing rewritten"
    notes = f"; {report.dropped} lower-ranked items left out to fit one page" if report.dropped else ""
    if report.changes:
        c = report.changes
        notes += f"; what changed: {len(c.new)} new, {len(c.changed)} changed, {len(c.dropped)} dropped"
    if report.archived:
        notes += f"; copy in {report.archived}/"
    return f"{report.line()} -> {out}/ ({names}){notes}"


def _verbose(report) -> None:
    for s in report.read:
        date = s.date.isoformat() if s.date else "undated"
        typer.echo(f"source {s.id}: {s.origin} ({s.kind}, {date}, {len(s.paragraphs)} paragraphs, {s.words} words)", err=True)
    for stage, secs in report.timings.items():
        typer.echo(f"stage {stage}: {secs:.2f}s", err=True)


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
    from briefing.config.starter import write_starter

    written = _run(write_starter, path, force)
    typer.echo(f"wrote {written}: name your sources in it, then run `briefing build`")


@app.command()
def sources(paths: Optional[List[str]] = PATHS) -> None:
    """List the parsed sources: id, kind, title, issuer, date, paragraphs, words.

    Examples:

      briefing sources

      briefing sources reports/ feeds.xml
    """
    from briefing.build import Report, make_sources, read_all
    from briefing.read.collect import collect
    from briefing.read import ReadOptions

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
    from briefing.build import inspect_source

    data = _run(inspect_source, file)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
    from briefing.build import analyse
    from briefing.config.options import clock, make_settings
    from briefing.render.prose import prose

    settings = _run(make_settings, tuple(paths or ()), out=Path("output"), title=title, as_of=as_of, now=clock())
    brief = _run(analyse, settings)
    typer.echo(prose(brief, words, citations=not no_citations), nl=False)


# --- scheduling and delivery ---------------------------------------------------------------------

def _sent(result) -> None:
    typer.echo(f"sent: {result.subject!r} to {', '.join(result.recipients)} via {result.server} "
               f"(tls {result.tls}; {result.attachment}, {result.size / 1024:.0f} kB)")


def _published(paths, dest: Path) -> None:
    typer.echo(f"published: {', '.join(p.name for p in paths)} -> {dest}/")


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
    from briefing.config.options import delivery_settings
    from briefing.deliver.mail import credentials_from_env, send as send_latest

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
    expression: Optional[str] = typer.Argument(None, metavar="CRON", help='Five cron fields, quoted: "0 6 * * *" is 06:00 every day.', show_default=False),
    build_args: Optional[List[str]] = typer.Argument(None, metavar="BUILD_ARGS", help="Arguments for `briefing build` (sources, --send, ...), after --.", show_default=False),
    workdir: Optional[Path] = typer.Option(None, "--dir", help="The folder the build runs in (default: this one)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder, relative to --dir."),
    log: Optional[Path] = typer.Option(None, "--log", help="Log file (default: OUT/briefing.log; the journal with --systemd)."),
    env_file: Optional[Path] = typer.Option(None, "--env-file", help="A file of VAR=value lines the job loads (e.g. the SMTP login), so no secret sits in the crontab."),
    install: bool = typer.Option(False, "--install", help="Put the line into your crontab (replacing an earlier one for the same OUT)."),
    remove: bool = typer.Option(False, "--remove", help="Take the job for OUT out of your crontab."),
    systemd: bool = typer.Option(False, "--systemd", help="Print a systemd user service and timer instead of a crontab line."),
) -> None:
    """Print (or install) the crontab line that rebuilds the brief on a schedule.

    The line uses absolute paths, cd's into the working folder, sets PATH and LANG, unsets
    SOURCE_DATE_EPOCH, and appends one dated line per run to the log.

    Examples:

      briefing schedule "0 6 * * *"

      briefing schedule "0 6 * * *" --install

      briefing schedule "30 5 * * 1-5" --dir /srv/brief --env-file /srv/brief/smtp.env --install -- reports/ --send

      briefing schedule --remove

      briefing schedule "0 6 * * *" --systemd
    """
    from briefing.deliver import schedule as sched

    if sum((install, remove, systemd)) > 1:
        _run(_usage, "choose one of --install, --remove and --systemd")
    if remove:
        found = _run(sched.remove, out, workdir)
        typer.echo("removed the briefing job from your crontab" if found else "no briefing job for that output folder in your crontab")
        return
    if expression is None:
        _run(_usage, 'give a cron expression, e.g. briefing schedule "0 6 * * *"')
    job = _run(sched.make_job, expression, workdir, out, log, tuple(build_args or ()), env_file)
    if systemd:
        units = _run(sched.systemd_units, job)
        typer.echo(units.service)
        typer.echo(units.timer, nl=False)
        return
    if install:
        replaced = _run(sched.install, job)
        typer.echo(f"{'replaced' if replaced else 'installed'} in your crontab: {sched.crontab_line(job)}")
        typer.echo(f"check it: crontab -l; tail {sched.cron_log(job)}")
        return
    typer.echo(sched.crontab_entry(job), nl=False)


def _usage(message: str) -> None:
    raise UsageError(message)


def main() -> None:
    app(prog_name="briefing")
