"""``briefing meetings`` and ``briefing show``: read the archive from the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_USAGE, die, library_errors

DB_HELP = "SQLite archive. Default: build.db from the config, else output/briefing.sqlite."
CONFIG_HELP = "Config file. Default: ./briefing.toml when present."


def _db_path(db: Path | None, config: Path | None) -> Path:
    from briefing.archive import default_db_path
    from briefing.config import load_config

    return db if db is not None else default_db_path(load_config(config))


def _money(value: float | None, currency: str | None = None) -> str:
    if value is None:
        return ""
    sign = "$" if currency in (None, "USD") else currency + " "
    return f"{sign}{value / 1e9:.3g} bn" if abs(value) >= 1e9 else f"{sign}{value / 1e6:.3g} m"


def _figure_text(f: dict[str, Any]) -> str:
    parts = [_money(f.get("value_usd")) or _money(f.get("value"), f.get("currency"))]
    if f.get("change_pct") is not None:
        parts.append(f"{f['change_pct']:+g}%")
    text = " ".join(p for p in parts if p)
    if f.get("approximate"):
        text = "≈ " + text
    return text + (" (derived)" if f.get("derived") else "")


@app.command()
def meetings(
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    pair: str = typer.Option(None, "--pair", help="Only this pair of states, e.g. AZE-CHN."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    config: Path = typer.Option(None, "--config", "-c", help=CONFIG_HELP),
) -> None:
    """List the meetings in the archive, newest first.

    Example:  briefing meetings --db output/briefing.sqlite --pair AZE-CHN
    """
    from briefing.archive import load_meetings

    with library_errors():
        rows = load_meetings(_db_path(db, config), pair)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} meeting{'s' if len(rows) != 1 else ''}")
    for col in ("Id", "Date", "Pair", "Place", "Participants", "Sources", "Relationship", "Trade"):
        table.add_column(
            col, justify="right" if col == "Sources" else "left", no_wrap=col in ("Id", "Date")
        )  # ids are copied into `show`
    for m in rows:
        table.add_row(
            m["id"],
            m["date"] or "undated",
            "–".join(m["countries"]),
            m["place"] or "",
            "\n".join(p["name"] for p in m["participants"]),
            str(m["n_sources"]),
            m["relationship_level"] or "",
            "\n".join(f"{f['period'] or '?'}: {_figure_text(f)}" for f in m["trade_figures"]),
        )
    Console().print(table)


def _section(title: str, columns: list[str], rows: list[list[str]]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    return table


def _n(fact: dict[str, Any]) -> str:
    """Corroboration: how many distinct articles support the fact."""
    return str(len(fact.get("sources", [])))


@app.command()
def show(
    meeting_id: str = typer.Argument(..., metavar="ID", help="Meeting id (see briefing meetings)."),
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the full JSON record."),
    config: Path = typer.Option(None, "--config", "-c", help=CONFIG_HELP),
) -> None:
    """Print one meeting of the archive: facts with their sources, conflicts, reports.

    Example:  briefing show 2025-04-23-aze-chn --db output/briefing.sqlite
    """
    from briefing.archive import load_meeting

    with library_errors():
        path = _db_path(db, config)
        m = load_meeting(path, meeting_id)
    if m is None:
        raise die(
            f"no meeting {meeting_id!r} in {path}; list them with `briefing meetings`", EXIT_USAGE
        )
    if as_json:
        typer.echo(json.dumps(m, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    loc, rel = m.get("location") or {}, m.get("relationship") or {}
    console = Console()
    console.print(
        f"[bold]{m['id']}[/bold]  {m.get('meeting_type') or 'meeting'} of "
        f"{' and '.join(m['countries'])}",
        markup=True,
        highlight=False,
    )
    console.print(
        f"date: {m.get('date') or 'unknown'}   place: "
        f"{', '.join(x for x in (loc.get('city'), loc.get('country')) if x) or 'unknown'}"
        f"   relationship: {rel.get('level') or 'not stated'}",
        highlight=False,
    )
    console.print(
        _section(
            "Participants",
            ["Name", "Title", "Country", "Sources"],
            [
                [p["name"], p.get("title") or "", p.get("country") or "", _n(p)]
                for p in m.get("participants", [])
            ],
        )
    )
    console.print(
        _section(
            "Figures",
            ["Metric", "Period", "Value", "Sources"],
            [
                [f["metric"], f.get("period") or f.get("period_expr") or "", _figure_text(f), _n(f)]
                for f in m.get("figures", [])
            ],
        )
    )
    console.print(
        _section(
            "Agreements",
            ["Name", "Status", "Date", "Sources"],
            [[a["name"], a["status"], a.get("date") or "", _n(a)] for a in m.get("agreements", [])],
        )
    )
    console.print(
        _section(
            "Topics",
            ["Topic", "Sources"],
            [[t["topic"], _n(t)] for t in m.get("topic_evidence", [])],
        )
    )
    if m.get("conflicts"):
        by_id = {s["article_id"]: s.get("publisher") or s["article_id"] for s in m["sources"]}
        console.print(
            _section(
                "Conflicts",
                ["Field", "Description", "Sources say"],
                [
                    [
                        c["field"],
                        c["description"],
                        "\n".join(f"{by_id.get(aid, aid)}: {v}" for aid, v in c["values"].items()),
                    ]
                    for c in m["conflicts"]
                ],
            )
        )
    console.print(
        _section(
            "Sources",
            ["Article", "Publisher", "Published", "Title"],
            [
                [
                    s["article_id"],
                    s.get("publisher") or "",
                    s.get("published") or "",
                    s.get("title") or "",
                ]
                for s in m.get("sources", [])
            ],
        )
    )
