"""The commands that make a brief: build, init, sources, inspect, schema, summarize."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer

from briefing.cli.common import FOLLOW, MANIFEST, PATHS, SINCE, SYMLINKS, _err, _published, _run, _sent, _usage, app
from briefing.text.safe import json_safe, printable


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

