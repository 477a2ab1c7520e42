"""The commands that run after a build: send, publish, schedule."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from briefing.cli.common import _published, _run, _sent, _usage, app

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


