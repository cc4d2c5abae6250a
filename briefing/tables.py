"""Meetings as pandas tables: one DataFrame per fact kind, one row per fact.

The meetings table is keyed by ``id``; every other table refers to it as ``meeting_id``.
Every fact row keeps its provenance (``meeting_id``, the ids of the articles that
support it, the corroboration count and the evidence spans), so a CSV export can be
traced back to the sentences it came from without the JSON.

Every CSV the tool writes (``extract --csv``, ``meetings --csv``) is written by
``csv_text``, which neutralises cells a spreadsheet would run as formulas (``csv_cell``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.atomic import atomic_write
from briefing.errors import DeliveryError
from briefing.model import Evidence, Meeting, corroboration

if TYPE_CHECKING:
    import pandas

_PROVENANCE = ["article_ids", "corroboration", "evidence_spans", "evidence_text"]

COLUMNS: dict[str, list[str]] = {
    "meetings": [
        "id",
        "date",
        "meeting_type",
        "country_1",
        "country_2",
        "city",
        "location_country",
        "relationship_level",
        "previous_level",
        "relationship_since",
        "n_sources",
        "n_participants",
        "n_topics",
        "n_figures",
        "n_agreements",
        "n_conflicts",
    ],
    "participants": ["meeting_id", "name", "title", "country", *_PROVENANCE],
    "topics": ["meeting_id", "topic", "cues", *_PROVENANCE],
    "figures": [
        "meeting_id",
        "metric",
        "value_usd",
        "value",
        "currency",
        "change_pct",
        "period",
        "period_expr",
        "approximate",
        "direction",
        "derived",
        "derived_from",
        *_PROVENANCE,
    ],
    "agreements": ["meeting_id", "name", "status", "date", "date_expr", *_PROVENANCE],
    "sources": [
        "meeting_id",
        "article_id",
        "title",
        "publisher",
        "published",
        "url",
        "reason",
    ],
}


def _provenance(evidence: list[Evidence]) -> dict[str, Any]:
    """Ids, count and ``article:start-end`` spans; the first sentence as a readable hint."""
    return {
        "article_ids": ";".join(sorted({e.article_id for e in evidence})),
        "corroboration": corroboration(evidence),
        "evidence_spans": ";".join(f"{e.article_id}:{e.start}-{e.end}" for e in evidence),
        "evidence_text": evidence[0].text if evidence else None,
    }


def _meeting_row(m: Meeting) -> dict[str, Any]:
    countries = [*m.countries, None, None][:2]
    return {
        "id": m.id,
        "date": m.date,
        "meeting_type": m.meeting_type,
        "country_1": countries[0],
        "country_2": countries[1],
        "city": m.location.city,
        "location_country": m.location.country,
        "relationship_level": m.relationship.level,
        "previous_level": m.relationship.previous_level,
        "relationship_since": m.relationship.since,
        "n_sources": len(m.articles),
        "n_participants": len(m.participants),
        "n_topics": len(m.topics),
        "n_figures": len(m.figures),
        "n_agreements": len(m.agreements),
        "n_conflicts": len(m.conflicts),
    }


def _rows(meetings: list[Meeting], articles: list[dict] | None) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    cited: set[str] = set()
    for m in meetings:
        rows["meetings"].append(_meeting_row(m))
        for p in m.participants:
            rows["participants"].append(
                {
                    "meeting_id": m.id,
                    "name": p.name,
                    "title": p.title,
                    "country": p.country,
                    **_provenance(p.evidence),
                }
            )
        for t in m.topics:
            rows["topics"].append(
                {
                    "meeting_id": m.id,
                    "topic": t.topic,
                    "cues": ";".join(t.cues),
                    **_provenance(t.evidence),
                }
            )
        for f in m.figures:
            rows["figures"].append(
                {
                    "meeting_id": m.id,
                    "metric": f.metric,
                    "value_usd": f.value_usd,
                    "value": f.value,
                    "currency": f.currency,
                    "change_pct": f.change_pct,
                    "period": f.period,
                    "period_expr": f.period_expr,
                    "approximate": f.approximate,
                    "direction": f.direction,
                    "derived": f.derived,
                    "derived_from": f.derived_from,
                    **_provenance(f.evidence),
                }
            )
        for a in m.agreements:
            rows["agreements"].append(
                {
                    "meeting_id": m.id,
                    "name": a.name,
                    "status": a.status,
                    "date": a.date,
                    "date_expr": a.date_expr,
                    **_provenance(a.evidence),
                }
            )
        for art in m.articles:
            cited.add(art.id)
            rows["sources"].append(
                {
                    "meeting_id": m.id,
                    "article_id": art.id,
                    "title": art.title,
                    "publisher": art.publisher,
                    "published": art.published,
                    "url": art.url or art.path,
                    "reason": None,
                }
            )
    for row in articles or []:
        article_id = row.get("id") or row.get("article_id")
        if article_id in cited:
            continue
        rows["sources"].append(
            {
                "meeting_id": None,
                "article_id": article_id,
                "title": row.get("title"),
                "publisher": row.get("publisher"),
                "published": row.get("published"),
                "url": row.get("url") or row.get("path_or_url") or row.get("path"),
                "reason": row.get("reason"),
            }
        )
    return rows


def build_tables(
    meetings: list[Meeting], articles: list[dict] | None = None
) -> dict[str, pandas.DataFrame]:
    """The six tables (meetings, participants, topics, figures, agreements, sources).

    ``articles`` (dicts as in ``briefing extract --json``) adds the inputs that are not
    part of any meeting to ``sources``, with their ``reason``. Tables always have their
    columns, even when empty, so downstream code can rely on them.
    """
    import pandas as pd

    return {
        name: pd.DataFrame(rows, columns=COLUMNS[name])
        for name, rows in _rows(meetings, articles).items()
    }


#: OWASP's list: a spreadsheet runs a cell that starts with one of these as a formula (TAB
#: and CR too: some spreadsheets drop them and run what follows).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet could run as a formula (``=HYPERLINK(...)``, ``@SUM(...)``
    in a report) gets a leading apostrophe, as OWASP recommends: the spreadsheet then
    shows the text, apostrophe included, and runs nothing. A cell is judged as it is and
    as a spreadsheet that trims blanks on import reads it (`` =1+1``, ``\n@SUM(1)``), and
    it is never trimmed: the apostrophe goes in front of the text as it is, so no blank
    taken away can make a formula of it. Numbers (a real ``-3.5``) are kept as numbers."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START)
    ):
        return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Iterable[Iterable[Any]]) -> str:
    """The one CSV writer of the tool: a header line, then every cell through
    ``csv_cell``; text cells are quoted (OWASP: a separator or line break inside a cell
    then never starts a new cell, even in a spreadsheet that splits on ``;``), numbers
    bare, empty cells (None) as ``""``."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def table_csv(table: pandas.DataFrame) -> str:
    """One table as CSV text (``csv_text``); missing values (NaN, None) are empty."""
    cells = table.astype(object).where(table.notna(), None)
    return csv_text(list(table.columns), cells.itertuples(index=False, name=None))


def write_tables_csv(tables: dict[str, pandas.DataFrame], out_dir: Path) -> list[Path]:
    """Write ``<name>.csv`` per table; each file appears whole or not at all, with the
    mode of every other output file (``atomic_write``), formula cells neutralised."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeliveryError(f"{out_dir}: cannot write CSV tables ({exc})") from None
    written: list[Path] = []
    for name in sorted(tables):
        written.append(atomic_write(out_dir / f"{name}.csv", table_csv(tables[name])))
    return written
