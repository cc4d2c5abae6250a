"""``briefing build``: reports in, one PDF and HTML briefing per meeting out."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, die, error_line


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
) -> None:
    """Build one briefing (PDF and HTML) per bilateral meeting found in the reports.

    Reports of the same meeting from different outlets are merged into one briefing.
    Bad files are reported one line each; the rest still builds (exit code 1).

    Example:  briefing build examples/ --out output/ --format both
    """
    from briefing.config import load_config
    from briefing.errors import BriefingError, ConfigError
    from briefing.pipeline import build as run_build

    try:
        cfg = load_config(config)
        report = run_build(paths or None, out=out, formats=fmt, templates=templates, config=cfg)
    except ConfigError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    except BriefingError as exc:
        raise die(str(exc), EXIT_PARTIAL) from None
    for err in report.errors:
        error_line(str(err))
    n = len(report.result.meetings)
    typer.echo(f"{n} briefing{'s' if n != 1 else ''}, {len(report.written)} files written")
    raise typer.Exit(EXIT_OK if report.ok else EXIT_PARTIAL)
