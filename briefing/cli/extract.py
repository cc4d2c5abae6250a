"""``briefing extract``: the structured meetings as JSON or CSV tables, no rendering."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    argument,
    config_option,
    error_line,
    library_errors,
    load,
)


@app.command()
def extract(
    paths: list[Path] = argument(..., "PATH"),
    as_json: bool = typer.Option(False, "--json", help="Print {meetings, articles} as JSON."),
    csv_dir: Path = typer.Option(
        None, "--csv", metavar="DIR", help="Write the tables as CSV files into DIR."
    ),
    config: Path = config_option(),
) -> None:
    """Extract the meetings of the reports as JSON or CSV, without rendering.

    Each PATH is a report file or a folder of them (read recursively). Reports of the
    same meeting from different outlets are merged into one meeting.

    --json prints {"meetings": [...], "articles": [...]}: every meeting follows the
    JSON Schema that `briefing schema` prints; every input is listed under articles,
    with the reason when it is not a bilateral meeting. --csv DIR writes the tables
    (meetings, participants, topics, figures, agreements, sources) as CSV.

    \b
    Examples:
      briefing extract examples/s000-azertac.json --json
      briefing extract reports/ --csv tables/
    """
    from briefing.config import check_inputs
    from briefing.pipeline import extract_paths

    with library_errors():
        cfg = load(config)
        result = extract_paths(check_inputs(paths, cfg), cfg)  # none exists: nothing written
        if csv_dir is not None:
            from briefing.tables import build_tables, write_tables_csv

            written = write_tables_csv(build_tables(result.meetings, result.articles()), csv_dir)
            typer.echo(f"{len(written)} tables written to {csv_dir}", err=as_json)
    for err in result.errors:
        error_line(str(err))
    if as_json or csv_dir is None:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    raise typer.Exit(EXIT_PARTIAL if result.errors else EXIT_OK)
