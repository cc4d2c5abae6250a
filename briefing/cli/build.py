"""``briefing build``: reports in, one PDF and HTML briefing per meeting out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_PARTIAL,
    argument,
    config_option,
    error_line,
    library_errors,
    load,
    out_option,
)

if TYPE_CHECKING:  # pragma: no cover
    from briefing.errors import BriefingError
    from briefing.pipeline import BuildReport

#: A failure shared by more briefings than this lists only the first ones by id.
SHOWN_IDS = 3


def report_errors(errors: list[BriefingError]) -> None:
    """One line per error; briefings that failed for the same reason (a broken template
    fails them all) share one line naming how many and which."""
    from briefing.errors import RenderError

    same: dict[str, list[str]] = {}
    for err in errors:
        if isinstance(err, RenderError) and err.key:
            same.setdefault(err.reason, []).append(err.key)
        else:
            error_line(str(err))
    for reason, keys in same.items():
        if len(keys) == 1:
            error_line(f"{keys[0]}: {reason}")
            continue
        keys.sort()  # they arrive in completion order
        shown = ", ".join(keys[:SHOWN_IDS]) + (", ..." if len(keys) > SHOWN_IDS else "")
        error_line(f"{reason} ({len(keys)} briefings: {shown})")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary(report: BuildReport) -> str:
    """``3 briefings, 4 files written, 1 up to date, 1 briefing failed, 2 inputs failed,
    1 other error``: every failure is counted, whichever stage or disk it came from (the
    index page, the archive); a run that built nothing at all says so first."""
    n = len(report.result.meetings) or len(report.skipped)  # skipped: nothing new at all
    parts = [_plural(n, "briefing"), f"{_plural(len(report.written), 'file')} written"]
    if report.skipped:
        parts.append(f"{len(report.skipped)} up to date")
    if report.not_built:
        parts.append(f"{_plural(len(report.not_built), 'briefing')} failed")
    if report.result.errors:
        parts.append(f"{_plural(len(report.result.errors), 'input')} failed")
    queued = len(report.email.errors()) if report.email is not None else 0
    if report.email is not None:
        from briefing.cli.send import summary as mail_summary

        parts.append(mail_summary(report.email, eml=False, dry_run=False))
    # Each failed briefing and e-mail is one error of ``failed``; the rest are the run's.
    others = len(report.failed) - len(report.not_built) - queued
    if others:
        parts.append(_plural(others, "other error" if len(parts) > 2 else "error"))
    return ("nothing built: " if report.nothing_built else "") + ", ".join(parts)


@app.command()
def build(
    paths: list[Path] = argument(None, "PATH"),
    out: Path = out_option(),
    fmt: str = typer.Option(
        None, "--format", "-f", metavar="FORMAT", help="pdf, html or both. Default: both."
    ),
    templates: Path = typer.Option(
        None,
        "--templates",
        "-t",
        metavar="DIR",
        help="Folder of templates and CSS overriding the defaults by name.",
    ),
    config: Path = config_option(),
    jobs: int = typer.Option(
        None,
        "--jobs",
        "-j",
        metavar="N",
        help="Briefings rendered in parallel. Default: all cores.",
    ),
    executor: str = typer.Option(
        "local", "--executor", metavar="NAME", help="local (a process pool) or dask (a cluster)."
    ),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        metavar="URL",
        help="Dask scheduler, e.g. tcp://10.0.0.5:8786. Default: a LocalCluster here.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Re-extract and re-render everything, changed or not."
    ),
    email: bool = typer.Option(
        False, "--email", help="Then mail the new briefings (email section of the config)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors."),
    log_file: Path = typer.Option(None, "--log-file", metavar="FILE", help="Also log to FILE."),
    log_format: str = typer.Option("text", "--log-format", metavar="FORMAT", help="text or json."),
) -> None:
    """Build a briefing (PDF and HTML) for each meeting in the reports.

    Each PATH is a report file or a folder of them (read recursively). Reports of the
    same meeting from different outlets are merged into one briefing. Bad files are
    reported one line each; the rest still builds (exit code 1).

    Without PATHs, the sources section of briefing.toml (folders, feeds, URLs) is read,
    else its build.inputs, else ./examples.
    Only briefings whose reports, templates or settings changed are rendered again
    (--force: all). The config is checked first: a bad setting stops the run before
    anything is written. Exit codes: 0 done, 1 some inputs, briefings or emails failed
    (the rest were built), 2 usage or config error, 3 another run holds the lock,
    4 nothing was built (everything failed, or the archive or output folder did).

    \b
    Examples:
      briefing build examples/ --out output/ --format both
      briefing build reports/ --executor dask --scheduler tcp://10.0.0.5:8786
      briefing build --email --quiet --log-file output/briefing.log
    """
    from briefing.log import setup_logging
    from briefing.pipeline import build as run_build

    with library_errors(failed=EXIT_NOTHING):
        cfg = load(config, out)  # first: a run that cannot start creates no log file
        setup_logging(quiet=quiet, log_file=log_file, log_format=log_format)
        report = run_build(
            paths or None,
            formats=fmt,
            templates=templates,
            config=cfg,
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
            force=force,
            email=email,
        )
    report_errors(report.errors)
    if not quiet:  # under cron, --quiet: no mail unless something went wrong
        typer.echo(summary(report))
    raise typer.Exit(
        EXIT_OK if report.ok else EXIT_NOTHING if report.nothing_built else EXIT_PARTIAL
    )
