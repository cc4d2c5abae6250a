"""Model records as JSON and back, and the listing shape of a stored meeting.

The archive stores each extraction as JSON and rebuilds it on the next run, so that old
and new reports of a pair can be merged together; it stores each meeting as its
``Meeting.to_dict()`` record and lists meetings by ``meeting_summary``. Decoding ignores
keys the current model does not know, so an archive written by another release still
loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from typing import Any, TypeVar

from briefing.model import (
    TRADE_METRICS,
    Agreement,
    Article,
    DateMention,
    Evidence,
    Extraction,
    Figure,
    Location,
    Participant,
    Relationship,
    TopicHit,
)

T = TypeVar("T")


def _build(cls: type[T], data: dict[str, Any]) -> T:
    """A model dataclass from a dict, ignoring keys the current model does not know."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    kwargs = {k: v for k, v in data.items() if k in names}
    if "evidence" in kwargs:
        kwargs["evidence"] = [Evidence(**e) for e in kwargs["evidence"]]
    return cls(**kwargs)


def extraction_to_json(ex: Extraction) -> str:
    """Everything of an extraction except its article (stored in ``articles``)."""
    data = asdict(ex)
    data.pop("article")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def extraction_from_json(article: Article, text: str) -> Extraction:
    """The extraction ``extraction_to_json`` wrote, with its article put back."""
    d = json.loads(text)
    return Extraction(
        article=article,
        is_bilateral_meeting=d["is_bilateral_meeting"],
        reason=d.get("reason"),
        meeting_type=d.get("meeting_type"),
        date=d.get("date"),
        date_mentions=[_build(DateMention, x) for x in d.get("date_mentions", [])],
        location=_build(Location, d.get("location", {})),
        countries=list(d.get("countries", [])),
        participants=[_build(Participant, x) for x in d.get("participants", [])],
        topics=[_build(TopicHit, x) for x in d.get("topics", [])],
        figures=[_build(Figure, x) for x in d.get("figures", [])],
        agreements=[_build(Agreement, x) for x in d.get("agreements", [])],
        relationship=_build(Relationship, d.get("relationship", {})),
        story_spans=[(s[0], s[1]) for s in d.get("story_spans", [])],
    )


def extraction_facts(ex: Extraction) -> Iterator[tuple[str, dict[str, Any], Evidence | None]]:
    """(kind, value, evidence) for every fact of an extraction, one row per sentence: the
    rows of the archive's queryable ``facts`` table."""

    def rows(
        kind: str, value: dict[str, Any], evidence: list[Evidence]
    ) -> Iterator[tuple[str, dict[str, Any], Evidence | None]]:
        value = {k: v for k, v in value.items() if k not in ("evidence", "sources")}
        if not evidence:
            yield kind, value, None
        for e in evidence:
            yield kind, value, e

    if ex.date:
        yield "date", {"date": ex.date}, None
    for d in ex.date_mentions:
        yield from rows("date_mention", d.to_dict(), d.evidence)
    if ex.location.city or ex.location.country:
        yield from rows("location", ex.location.to_dict(), ex.location.evidence)
    for p in ex.participants:
        yield from rows("participant", p.to_dict(), p.evidence)
    for t in ex.topics:
        yield from rows("topic", t.to_dict(), t.evidence)
    for f in ex.figures:
        yield from rows("figure", f.to_dict(), f.evidence)
    for a in ex.agreements:
        yield from rows("agreement", a.to_dict(), a.evidence)
    if ex.relationship.level:
        yield from rows("relationship", ex.relationship.to_dict(), ex.relationship.evidence)


def meeting_summary(record: dict[str, Any]) -> dict[str, Any]:
    """The listing shape of one meeting record (``Meeting.to_dict()``): what ``briefing
    meetings``, the index page, a note's previous meetings and the e-mail show of it."""
    loc = record.get("location") or {}
    figures = [
        {
            "metric": f["metric"],
            "period": f.get("period"),
            "value_usd": f.get("value_usd"),
            "value": f.get("value"),
            "currency": f.get("currency"),
            "change_pct": f.get("change_pct"),
            "approximate": f.get("approximate", False),
            "derived": f.get("derived", False),
            "n_sources": len(f.get("sources", [])),
        }
        for f in record.get("figures", [])
        if f["metric"] in TRADE_METRICS
    ]
    kind = record.get("meeting_kind") or {}
    sources = record.get("sources", [])
    return {
        "id": record["id"],
        "date": record.get("date"),
        "place": loc.get("city"),
        "location_country": loc.get("country"),
        "countries": list(record.get("countries", [])),
        "meeting_type": record.get("meeting_type"),
        "meeting_kind": {k: kind.get(k) for k in ("kind", "event", "first_visit")}
        if kind
        else None,
        "participants": [
            {"name": p["name"], "title": p.get("title"), "country": p.get("country")}
            for p in record.get("participants", [])
        ],
        "n_sources": len(sources),
        "publishers": sorted({s["publisher"] for s in sources if s.get("publisher")}),
        "topics": list(record.get("topics", [])),
        "relationship_level": (record.get("relationship") or {}).get("level"),
        "trade_figures": figures,
        "n_conflicts": len(record.get("conflicts", [])),
    }


def newest_first(summaries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Meeting summaries (or records) newest first, undated ones last in id order."""
    items = list(summaries)
    dated = sorted(
        (m for m in items if m.get("date")), key=lambda m: (m["date"], m["id"]), reverse=True
    )
    undated = sorted((m for m in items if not m.get("date")), key=lambda m: m["id"])
    return [*dated, *undated]
