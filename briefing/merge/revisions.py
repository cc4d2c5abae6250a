"""What a publisher's update of an article changed, for the note to say so.

When a report is read again under its identity with another text (``briefing/ingest/
identity.py``), its new extractions replace the old ones in every meeting, the archive
keeps the earlier text as a revision, and the meeting lists an ``Update``: the report's
revision number and the facts that revision added, removed or changed. Facts are
compared by what they are about (a person, a figure's metric and period, a document, a
topic, the date, the place, the kind of meeting, the relationship level), per pair of
states, since one report may cover several meetings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from briefing.merge.figures import figure_text
from briefing.model import Change, Extraction

#: The order in which a change list names kinds of fact.
KINDS = ("date", "place", "type", "participant", "figure", "agreement", "topic", "relationship")


def facts_of(ex: Extraction) -> dict[tuple[str, str], str]:
    """(kind, what it is about) -> its value, worded, for every fact of an extraction."""
    out: dict[tuple[str, str], str] = {}
    if ex.date:
        out["date", "date"] = ex.date
    if ex.location.city or ex.location.country:
        out["place", "place"] = ", ".join(x for x in (ex.location.city, ex.location.country) if x)
    if ex.meeting_type:
        out["type", "kind of meeting"] = ex.meeting_type.replace("_", " ")
    for p in ex.participants:
        out["participant", p.name] = ", ".join(x for x in (p.title, p.country) if x) or p.name
    for f in ex.figures:
        what = " ".join(
            x for x in (f.metric.replace("_", " "), f.direction, f.period or f.period_expr) if x
        )
        key = ("figure", what)
        n = 2
        while key in out:  # one report giving two values: two facts
            key, n = ("figure", f"{what} ({n})"), n + 1
        out[key] = figure_text(f)
    for a in ex.agreements:
        out["agreement", a.name] = a.status
    for t in ex.topics:
        out["topic", t.topic.replace("_", " ")] = "discussed"
    if ex.relationship.level:
        out["relationship", "relationship level"] = ex.relationship.level
    return out


def diff(old: Iterable[Extraction], new: Iterable[Extraction]) -> dict[str, list[dict[str, Any]]]:
    """pair ("AZE-CHN"; "" for a report of no meeting) -> the changes, as records."""

    def by_pair(exs: Iterable[Extraction]) -> dict[str, dict[tuple[str, str], str]]:
        out: dict[str, dict[tuple[str, str], str]] = {}
        for ex in exs:
            out.setdefault("-".join(ex.pair() or ()), {}).update(facts_of(ex))
        return out

    before, after = by_pair(old), by_pair(new)
    changes: dict[str, list[dict[str, Any]]] = {}
    for pair in sorted(set(before) | set(after)):
        a, b = before.get(pair, {}), after.get(pair, {})
        keys = sorted(set(a) | set(b), key=lambda k: (KINDS.index(k[0]), k[1]))
        changes[pair] = [
            Change(kind, what, a.get((kind, what)), b.get((kind, what))).to_dict()
            for kind, what in keys
            if a.get((kind, what)) != b.get((kind, what))
        ]
    return changes
