"""``briefing show``: one meeting of the archive, each fact with the sentences it was read
from and the report that said it, in the words the briefing note uses (labels.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_USAGE,
    argument,
    config_option,
    die,
    existing_archive,
    library_errors,
    load,
    out_option,
)


def _quotes(fact: dict[str, Any], publisher: dict[str, str]) -> list[str]:
    """Each distinct sentence behind ``fact``, quoted, followed by who reported it."""
    from briefing.cli._text import block, one_line

    seen: dict[str, list[str]] = {}
    for ev in fact.get("evidence", []):
        by = seen.setdefault(one_line(ev["text"]), [])
        name = publisher.get(ev["article_id"], ev["article_id"])
        if name not in by:
            by.append(name)
    return [block(f"“{text}” — {', '.join(names)}", 6) for text, names in seen.items()]


def _section(
    title: str, facts: list[tuple[str, dict[str, Any]]], publisher: dict[str, str]
) -> list[str]:
    """``title``, then each fact's line and its quoted sentences."""
    from briefing.cli._text import block

    if not facts:
        return []
    lines = ["", title]
    for line, fact in facts:
        lines.append(block(line, 2))
        lines += _quotes(fact, publisher)
    return lines


def _sources_line(fact: dict[str, Any]) -> str:
    n = len(fact.get("sources") or {e["article_id"] for e in fact.get("evidence", [])})
    return f"  [{n} source{'s' if n != 1 else ''}]"


def format_meeting(m: dict[str, Any], labels: dict[str, dict[str, str]]) -> str:
    """The text ``briefing show`` prints for one stored meeting record."""
    from briefing.cli._text import block, figure_text
    from briefing.render.labels import kind_text

    publisher = {s["article_id"]: s.get("publisher") or s["article_id"] for s in m["sources"]}
    word = {
        kind: labels.get(kind, {}) for kind in ("topics", "metrics", "meeting_types", "statuses")
    }
    loc, rel = m.get("location") or {}, m.get("relationship") or {}
    kind = kind_text(labels, m.get("meeting_type") or "meeting", m.get("meeting_kind"))
    place = ", ".join(x for x in (loc.get("city"), loc.get("country")) if x) or "unknown"
    lines = [
        f"{m['id']}  {kind}: {' and '.join(m['countries'])}",
        f"date: {m.get('date') or 'unknown'}   place: {place}",
    ]
    if rel.get("level"):
        since = ", ".join(
            x
            for x in (
                f"since {rel['since']}" if rel.get("since") else "",
                f"before: {rel['previous_level']}" if rel.get("previous_level") else "",
            )
            if x
        )
        level = f"{rel['level']} ({since})" if since else rel["level"]
        lines += _section("Relationship", [(level + _sources_line(rel), rel)], publisher)
    people = [
        (
            ", ".join(x for x in (p["name"], p.get("title"), p.get("country")) if x)
            + _sources_line(p),
            p,
        )
        for p in m.get("participants", [])
    ]
    lines += _section("Participants", people, publisher)
    figures = [
        (
            f"{word['metrics'].get(f['metric'], f['metric'])} "
            f"{f.get('period') or f.get('period_expr') or ''}: {figure_text(f)}".replace(" :", ":")
            + _sources_line(f),
            f,
        )
        for f in m.get("figures", [])
    ]
    lines += _section("Figures", figures, publisher)
    agreements = [
        (
            f"{a['name']} ({word['statuses'].get(a['status'], a['status'])}"
            f"{', ' + a['date'] if a.get('date') else ''})" + _sources_line(a),
            a,
        )
        for a in m.get("agreements", [])
    ]
    lines += _section("Agreements", agreements, publisher)
    topics = [
        (word["topics"].get(t["topic"], t["topic"].replace("_", " ")) + _sources_line(t), t)
        for t in m.get("topic_evidence", [])
    ]
    lines += _section("Topics", topics, publisher)
    if m.get("conflicts"):
        lines += ["", "Conflicts"]
        for c in m["conflicts"]:
            lines.append(block(f"{c['field']}: {c['description']}", 2))
            lines += [block(f"{publisher.get(a, a)}: {v}", 6) for a, v in c["values"].items()]
    lines += ["", "Sources"]
    for s in m["sources"]:
        said = ", ".join(x for x in (s.get("publisher"), s.get("published"), s.get("title")) if x)
        lines.append(block(f"{said or s['article_id']}  {s.get('path_or_url') or ''}".rstrip(), 2))
    return "\n".join(lines)


@app.command()
def show(
    meeting_id: str = argument(..., "ID"),
    out: Path = out_option("Output folder of the builds"),
    templates: Path = typer.Option(
        None,
        "--templates",
        "-t",
        metavar="DIR",
        help="Your templates folder, for its labels.yaml. Default: build.templates.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full JSON record."),
    config: Path = config_option(),
) -> None:
    """Print one meeting: each fact with its sentences and sources.

    ID is a meeting id, as `briefing meetings` lists them. Each fact is followed by the sentences it was read from and the reports that said
    them; then the conflicts between reports, and the sources.

    Topics, metrics and statuses are worded as in the briefing note, including the
    labels.yaml of your templates folder.

    \b
    Example:
      briefing show 2025-04-23-aze-chn --out output/
    """
    from briefing.archive import load_meeting

    with library_errors():
        cfg = load(config, out)
        path = existing_archive(cfg)
        m = load_meeting(path, meeting_id)
        if m is None:
            raise die(
                f"no meeting {meeting_id!r} in {path}; list them with `briefing meetings`",
                EXIT_USAGE,
            )
        if as_json:
            typer.echo(json.dumps(m, ensure_ascii=False, indent=2))
            return
        from briefing.render.labels import load_labels
        from briefing.render.loader import search_path

        labels = load_labels(search_path(cfg, templates))
    typer.echo(format_meeting(m, labels))
