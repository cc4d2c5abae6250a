"""Meetings as pandas tables: one DataFrame per fact kind, one row per fact.

The meetings table is keyed by ``id``; every other table refers to it as ``meeting_id``.
Every fact row keeps its provenance (``meeting_id``, the ids of the articles that
support it, the corroboration count and the evidence spans), so a CSV export can be
traced back to the sentences it came from without the JSON.
"""

from __future__ import annotations

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


#: A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(...)`` in a report)
    gets a leading apostrophe; numbers and other text are kept as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_tables_csv(tables: dict[str, pandas.DataFrame], out_dir: Path) -> list[Path]:
    """Write ``<name>.csv`` per table; each file appears whole or not at all, with the
    mode of every other output file (``atomic_write``), text cells neutralised."""
    from pandas.api.types import is_numeric_dtype

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeliveryError(f"{out_dir}: cannot write CSV tables ({exc})") from None
    written: list[Path] = []
    for name in sorted(tables):
        table = tables[name]
        text_columns = [c for c in table.columns if not is_numeric_dtype(table[c])]
        safe = table.assign(**{c: table[c].map(csv_cell) for c in text_columns})
        written.append(atomic_write(out_dir / f"{name}.csv", safe.to_csv(index=False)))
    return written
