"""A briefing's history section: the earlier meetings of its pair and the history charts.

``briefing_history`` reads the archive (SQL only, cheap), so a run computes it for every
meeting and hashes it to decide which briefings are stale; ``briefing_extras`` turns it
into what ``render_html(extra=...)`` takes, drawing the charts, so only the briefings that
are rendered again pay for matplotlib (in the worker that renders them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from briefing.config import Config
from briefing.model import Meeting
from briefing.render.fmt import person

if TYPE_CHECKING:  # pragma: no cover
    from briefing.archive import Archive


def previous_meetings(archive: Archive, meeting: Meeting | dict[str, Any]) -> list[dict[str, Any]]:
    """Earlier meetings of the same pair, newest first, ready for the briefing's
    "previous meetings" section: the summary keys plus ``participants`` as one line
    of text and ``href``/``pdf``, the sibling briefing files in the output folder.
    An undated meeting has no "earlier", so it gets none."""
    data = meeting.to_dict() if isinstance(meeting, Meeting) else meeting
    date = data.get("date")
    if not date or len(data.get("countries", [])) != 2:
        return []
    return [
        {
            **m,
            "participants": ", ".join(person(p["name"], p.get("title")) for p in m["participants"]),
            "href": f"{m['id']}.html",
            "pdf": f"{m['id']}.pdf",
        }
        for m in archive.meetings(data["countries"])
        if m["date"] and m["date"] < date and m["id"] != data["id"]
    ]


def pair_history(
    archive: Archive, pair: str | Sequence[str], *, until: str | None = None
) -> dict[str, list[tuple[str, Any]]]:
    """Series across the pair's stored meetings (those up to ``until``, a date, when
    given: a briefing shows the history as of its meeting), oldest first, for the charts.

    ``relationship``: (meeting date, declared level) for dated meetings that name one.
    ``trade``: (year, trade turnover in USD), one value per year: a read value beats a
    derived one, then more sources, then the latest meeting. Only whole years, so the
    series never mixes a quarter with a year.
    """
    records = sorted(
        (d for d in archive.records(pair) if until is None or (d.get("date") or "") <= until),
        key=lambda d: (d.get("date") or "", d["id"]),
    )
    levels = [
        (d["date"], d["relationship"]["level"])
        for d in records
        if d.get("date") and (d.get("relationship") or {}).get("level")
    ]
    best: dict[str, tuple[tuple[bool, int, str], float]] = {}
    for d in records:
        for f in d.get("figures", []):
            period = f.get("period") or ""
            if (
                f["metric"] != "trade_turnover"
                or f.get("value_usd") is None
                or len(period) != 4
                or not period.isdigit()
            ):
                continue
            rank = (not f.get("derived", False), len(f.get("sources", [])), d.get("date") or "")
            if period not in best or rank >= best[period][0]:
                best[period] = (rank, float(f["value_usd"]))
    trade = [(p, best[p][1]) for p in sorted(best)]
    return {"relationship": levels, "trade": trade}


def briefing_history(archive: Archive, meeting: Meeting) -> dict[str, Any]:
    """The archive's part of one briefing as plain data: the previous meetings of the pair
    and the series for the history charts."""
    history = (
        pair_history(archive, meeting.countries, until=meeting.date)
        if len(meeting.countries) == 2
        else {"relationship": [], "trade": []}
    )
    return {"previous_meetings": previous_meetings(archive, meeting), "history": history}


def briefing_extras(history: dict[str, Any], *, config: Config) -> dict[str, Any]:
    """``render_html(extra=...)`` from ``briefing_history``: the previous meetings and the
    history charts (only those with enough points)."""
    from briefing.render.charts import relationship_timeline_svg, trade_series_svg

    accent = config.report.accent_color
    charts = {
        "relationship": relationship_timeline_svg(
            history["history"]["relationship"], accent=accent, locale=config.report.locale
        ),
        "trade": trade_series_svg(
            history["history"]["trade"], accent=accent, locale=config.report.locale
        ),
    }
    return {
        "previous_meetings": history["previous_meetings"],
        "history_charts": {k: v for k, v in charts.items() if v},
    }
