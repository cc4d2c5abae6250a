"""``briefing build``: reports in, one PDF and HTML briefing per meeting out."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    error_line,
    library_errors,
)


@app.command()
def build(
    paths: list[Path] = typer.Argument(
        None, help="Report files or folders (recursive). Default: examples/ or config."
    ),
    out: Path = typer.Option(None, "--out", "-o", help="Output folder. Default: output/."),
    fmt: str = typer.Option(None, "--format", "-f", help="pdf, html or both (default both)."),
    templates: Path = typer.Option(
        None, "--templates", "-t", help="Folder of templates/CSS overriding the defaults by name."
    ),
    config: Path = typer.Option(
        None, "--config", "-c", help="Config file. Default: ./briefing.toml when present."
    ),
    jobs: int = typer.Option(
        None, "--jobs", "-j", help="Briefings rendered in parallel. Default: all cores."
    ),
    executor: str = typer.Option(
        "local", "--executor", help="local (process pool) or dask (a Dask cluster)."
    ),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler, e.g. tcp://10.0.0.5:8786. Default: a LocalCluster on this machine.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Re-extract and re-render everything, changed or not."
    ),
    email: bool = typer.Option(
        False, "--email", help="Then mail the new briefings (email section of the config)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors."),
    log_file: Path = typer.Option(None, "--log-file", help="Also log to this file."),
    log_format: str = typer.Option("text", "--log-format", help="text or json."),
) -> None:
    """Build one briefing (PDF and HTML) per bilateral meeting found in the reports.

    Reports of the same meeting from different outlets are merged into one briefing.
    Bad files are reported one line each; the rest still builds (exit code 1).

    Example:  briefing build examples/ --out output/ --format both

    Example:  briefing build reports/ --executor dask --scheduler tcp://10.0.0.5:8786

    Without PATHs, the sources section of briefing.toml (folders, feeds, URLs) is read. Only
    briefings whose reports, templates or settings changed are rendered again (--force:
    all). Exit codes: 0 done, 1 some inputs/briefings/emails failed, 2 usage or config
    error, 3 another run holds the lock.

    Example:  briefing build --email --quiet --log-file output/briefing.log
    """
    from briefing.config import load_config
    from briefing.log import setup_logging
    from briefing.pipeline import build as run_build

    with library_errors():
        setup_logging(quiet=quiet, log_file=log_file, log_format=log_format)
        cfg = load_config(config)
        report = run_build(
            paths or None,
            out=out,
            formats=fmt,
            templates=templates,
            config=cfg,
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
            force=force,
            email=email,
        )
    for err in report.errors:
        error_line(str(err))
    n = len(report.result.meetings) or len(report.skipped)  # skipped: nothing new at all
    line = f"{n} briefing{'s' if n != 1 else ''}, {len(report.written)} files written"
    if report.skipped:
        line += f", {len(report.skipped)} up to date"
    if report.email is not None:
        line += f", {len(report.email.sent)} emails sent, {len(report.email.failed)} queued"
    if not quiet:  # under cron, --quiet: no mail unless something went wrong
        typer.echo(line)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_PARTIAL)
