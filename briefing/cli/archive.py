"""``briefing meetings``: list the archive's meetings as a table, CSV, JSON or JSON lines.

The output formats are those of sqlite-utils: ``--csv``, ``--json`` (one array),
``--nl`` (one JSON object per line). Without them a terminal gets a table fitted to its
width; a pipe gets plain tab-separated columns with a header line, nothing cut.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_USAGE,
    config_option,
    die,
    library_errors,
    load,
    out_option,
)

COLUMNS = ("id", "date", "pair", "place", "participants", "sources", "relationship", "trade")


def _row(m: dict[str, Any], sep: str) -> dict[str, str]:
    """One meeting summary as the text of each column; ``sep`` joins list values."""
    from briefing.cli._text import figure_text

    people = (
        f"{p['name']} ({p['title']})" if p.get("title") else p["name"] for p in m["participants"]
    )
    return {
        "id": m["id"],
        "date": m["date"] or "",
        "pair": "-".join(m["countries"]),
        "place": m["place"] or "",
        "participants": sep.join(people),
        "sources": str(m["n_sources"]),
        "relationship": m["relationship_level"] or "",
        "trade": sep.join(f"{f['period'] or '?'}: {figure_text(f)}" for f in m["trade_figures"]),
    }


def _print_csv(rows: list[dict[str, Any]]) -> None:
    """The tool's one CSV writer (formula cells neutralised, text quoted)."""
    from briefing.tables import csv_text

    typer.echo(csv_text(COLUMNS, (_row(m, "; ").values() for m in rows)), nl=False)


def _print_tsv(rows: list[dict[str, Any]]) -> None:
    """Into a pipe: every value whole, one meeting per line, columns tab-separated."""
    from briefing.cli._text import one_line

    typer.echo("\t".join(COLUMNS))
    for m in rows:
        typer.echo("\t".join(one_line(v) for v in _row(m, "; ").values()))


def _print_table(rows: list[dict[str, Any]]) -> None:
    """On a terminal: a table fitted to its width, lists one item per line."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} meeting{'s' if len(rows) != 1 else ''}")
    for col in COLUMNS:  # ids and dates are copied into `show`: never wrapped
        table.add_column(
            col.capitalize(),
            justify="right" if col == "sources" else "left",
            no_wrap=col in ("id", "date"),
        )
    for m in rows:
        table.add_row(*_row(m, "\n").values())
    Console().print(table)


@app.command()
def meetings(
    out: Path = out_option("Output folder of the builds"),
    pair: str = typer.Option(
        None,
        "--pair",
        metavar="STATES",
        help='Only meetings of these two states, as ISO codes or names: RUS-TUR, Russia-Turkey, "United States-China".',
    ),
    since: str = typer.Option(
        None,
        "--since",
        metavar="DATE",
        help="Only meetings on or after DATE: 2025-04-23, 2025-04 or 2025.",
    ),
    until: str = typer.Option(
        None, "--until", metavar="DATE", help="Only meetings on or before DATE (2024: all of 2024)."
    ),
    limit: int = typer.Option(None, "--limit", metavar="N", help="At most N meetings, the newest."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV, with a header line."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON array."),
    as_nl: bool = typer.Option(
        False, "--nl", help="Print newline-delimited JSON, one meeting per line."
    ),
    config: Path = config_option(),
) -> None:
    """List the meetings in the archive, newest first.

    On a terminal: a table. Into a pipe: tab-separated columns, with a header line and
    nothing cut. --csv, --json and --nl print every meeting for other programs.

    \b
    Examples:
      briefing meetings --pair Russia-Turkey --since 2024
      briefing meetings --out /tmp/x --csv > meetings.csv
      briefing meetings --nl | jq .id
    """
    from briefing.archive import default_db_path
    from briefing.query import find_meetings

    if as_csv + as_json + as_nl > 1:
        raise die("choose one of --csv, --json and --nl", EXIT_USAGE)
    with library_errors():
        cfg = load(config, out)
        rows = find_meetings(default_db_path(cfg), pair=pair, since=since, until=until, limit=limit)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif as_nl:
        for m in rows:
            typer.echo(json.dumps(m, ensure_ascii=False))
    elif as_csv:
        _print_csv(rows)
    else:
        from briefing.cli._text import on_terminal

        (_print_table if on_terminal() else _print_tsv)(rows)
