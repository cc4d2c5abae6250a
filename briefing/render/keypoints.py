"""The note's opening "Key points": what came out of the meeting, the figures that moved,
and what is new against the pair's previous meeting in the archive.

Prepared as data (the template words it, so a user template can reword it): ``outcome``
(documents signed, a relationship raised, next steps agreed or announced, documents
proposed and still to be signed), ``figures`` (the headline trade value and later
growth), ``new`` (a first meeting of the pair in the archive, a first meeting in a host
state, a first visit as reported, a level or a trade value that changed since the
previous meeting) and ``disagree`` (the fields the reports disagree on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefing.model import Evidence, Figure, Meeting
from briefing.render.fmt import Formatter
from briefing.render.labels import Labels, label


def _previous_figure(
    head: Figure, previous: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The latest value of the headline's metric for an earlier period, as reported at a
    previous meeting of the pair: (that meeting's row, its figure)."""
    period = head.period or ""
    for row in previous:  # newest first
        for f in row.get("trade_figures", []):
            if (
                f["metric"] == head.metric
                and f.get("value_usd") is not None
                and not f.get("derived")
                and f.get("period")
                and f["period"] < period
                and len(f["period"]) == len(period)
            ):
                return row, f
    return None


def _new(
    meeting: Meeting,
    previous: list[dict[str, Any]],
    head: Figure | None,
    headline: dict[str, Any] | None,
    fmt: Formatter,
) -> list[dict[str, Any]]:
    """What is new against the archive: each item has ``kind`` and the words it needs."""
    names = " and ".join(fmt.country(c) or c for c in meeting.countries)
    out: list[dict[str, Any]] = []
    if meeting.kind and meeting.kind.first_visit:
        out.append({"kind": "first_visit"})
    if not previous:
        if meeting.date and len(meeting.countries) == 2:
            out.append({"kind": "first_meeting", "pair": names})
        return out
    last = previous[0]
    when = fmt.date(last.get("date"))
    host = meeting.location.country
    if host and meeting.meeting_type == "meeting":
        hosts = {row.get("location_country") for row in previous}
        if host not in hosts:
            out.append({"kind": "first_here", "country": fmt.country(host), "n": len(previous)})
    rel = meeting.relationship
    before = next((r["relationship_level"] for r in previous if r.get("relationship_level")), None)
    if rel.level and before and before != rel.level and rel.previous_level != before:
        out.append({"kind": "level", "level": rel.level, "before": before, "date": when})
    found = _previous_figure(head, previous) if head and headline else None
    if found and head and head.value_usd is not None and headline:
        row, f = found
        out.append(
            {
                "kind": "figure",
                "metric_label": headline["metric_label"],
                "value": headline["value"],
                "period": headline["period"],
                "up": head.value_usd > f["value_usd"],
                "before_value": fmt.money(f["value_usd"], f.get("approximate", False)),
                "before_period": fmt.period(f.get("period")),
                "date": fmt.date(row.get("date")),
            }
        )
    place = fmt.place(last.get("place"), last.get("location_country"))
    out.append({"kind": "last_meeting", "date": when, "place": place, "n": len(previous)})
    return out


def key_points(
    meeting: Meeting,
    *,
    agreements: list[dict[str, Any]],
    relationship: dict[str, Any],
    head: Figure | None,
    headline: dict[str, Any] | None,
    later_growth: list[dict[str, Any]],
    conflicts: list[dict[str, Any]],
    previous: list[dict[str, Any]],
    fmt: Formatter,
    labels: Labels,
    cites: Callable[[list[Evidence]], list[int]],
) -> dict[str, Any]:
    """The key points of one note (see the module docstring); ``previous``: the pair's
    earlier meetings from the archive, newest first, as ``history.previous_meetings``
    gives them (ISO dates)."""
    by_status = {s: [a for a in agreements if a["status"] == s] for s in ("signed", "proposed")}
    return {
        "signed": by_status["signed"],
        "upgrade": relationship if relationship["upgraded"] else None,
        "next_steps": [
            {"text": step.text, "cites": cites(step.evidence)} for step in meeting.next_steps
        ],
        "proposed": by_status["proposed"],
        "figures": [f for f in [headline, *later_growth] if f],
        "new": _new(meeting, previous, head, headline, fmt),
        "disagree": sorted({label(labels, "fields", c["field"]) or "" for c in conflicts}),
    }
