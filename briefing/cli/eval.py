"""``briefing eval``: score the extractor against gold-annotated reports."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_OK, EXIT_USAGE, die


@app.command("eval")
def eval_command(
    paths: list[Path] = typer.Argument(..., help="Gold files or folders of them (*.json)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every miss."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    part: str = typer.Option(
        None,
        "--part",
        help="Score only one part of a development corpus: dev or validation "
        "(split by a hash of the file name; docs/evaluation.md).",
    ),
) -> None:
    """Extract each gold report and print precision/recall/F1 for participants, topics,
    figures and agreements, accuracy for the single-valued fields, and the median
    extraction time per report.

    Example:  briefing eval corpus/dev corpus/seeds -v
    """
    from briefing.errors import BriefingError
    from briefing.evaluate import evaluate, format_report

    try:
        report = evaluate(paths, part)
    except BriefingError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(report, verbose))
    raise typer.Exit(EXIT_OK)
