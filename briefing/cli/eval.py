"""``briefing eval``: score the extractor against gold-annotated reports."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_OK, EXIT_USAGE, argument, die


@app.command("eval")
def eval_command(
    paths: list[Path] = argument(..., "PATH"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every miss."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    part: str = typer.Option(
        None,
        "--part",
        metavar="PART",
        help="Score only one part of a development corpus: dev or validation "
        "(split by a hash of the file name; docs/evaluation.md).",
    ),
) -> None:
    """Score the extraction against gold-annotated reports.

    Each gold report is extracted and compared with its annotation: precision, recall
    and F1 for participants, topics, figures and agreements, accuracy for the
    single-valued fields, and the median extraction time per report.

    Each PATH is a gold file or a folder of them (*.json). A gold file is a report
    (JSON: title, text, published, publisher, url) with a gold object shaped like the
    meeting schema (briefing schema). examples/gold holds the two example reports,
    annotated.

    \b
    Examples:
      briefing eval examples/gold
      briefing eval corpus/dev corpus/seeds -v
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
