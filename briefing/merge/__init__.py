"""Merge the extractions of many reports into one record per bilateral meeting.

Outlets rewrite the same wire story; counting each report as an event inflates the
record, and keeping only one report loses the facts only another outlet gave. So each
meeting takes the union of its reports' facts, every fact lists all the articles that
support it (corroboration = distinct article ids), disagreements become ``Conflict``
records instead of being silently resolved, and values implied by the reports (the
previous year's trade from a growth rate) are added as derived facts.

The stage in modules: ``similar`` (when two reports, people or documents are the same),
``group`` (which reports are one meeting, and its id), ``facts`` and ``figures`` (merging
each kind of fact), ``occasion`` (the finer kind of meeting and its next steps),
``update`` (merging new reports with those the archive holds).
A meeting already in the archive keeps its id when new reports of it arrive, so links in
earlier briefings and e-mails stay valid.
"""

from __future__ import annotations

from briefing.merge.facts import (
    merge_agreements,
    merge_date,
    merge_location,
    merge_mentions,
    merge_participants,
    merge_relationship,
    merge_topics,
    most_common,
    weekday_conflicts,
)
from briefing.merge.figures import derive_figures, merge_figures
from briefing.merge.group import Group, assign_ids, group_extractions, report_order
from briefing.merge.occasion import meeting_kind, next_steps
from briefing.merge.similar import jaccard, parse_date, same_agreement, same_person
from briefing.model import MEETING_TYPES, Conflict, Extraction, Meeting

__all__ = [
    "derive_figures",
    "jaccard",
    "meeting_order",
    "merge",
    "same_agreement",
    "same_person",
]


def meeting_order(m: Meeting) -> tuple[bool, str, str]:
    """The order of ``merge``'s result: by date, undated last, then id."""
    return (m.date is None, m.date or "", m.id)


def _merge_group(group: Group, meeting_id: str) -> Meeting:
    members = sorted(group.members, key=report_order)
    conflicts: list[Conflict] = []
    date = merge_date(members, conflicts)
    anchor = parse_date(date)
    conflicts.extend(weekday_conflicts(members, date))
    location = merge_location(members, conflicts)
    figures = merge_figures(members, anchor, conflicts)
    type_rank = {t: i for i, t in enumerate(MEETING_TYPES)}
    meeting_type = most_common(
        [t for m in members if (t := m.meeting_type)], tiebreak=lambda t: type_rank.get(t, 9)
    )
    participants = merge_participants(members)
    agreements = merge_agreements(members, anchor)
    return Meeting(
        id=meeting_id,
        meeting_type=meeting_type,
        date=date,
        location=location,
        countries=list(group.pair),
        participants=participants,
        topics=merge_topics(members),
        figures=figures,
        agreements=agreements,
        relationship=merge_relationship(members, anchor),
        articles=sorted((m.article for m in members), key=lambda a: (a.published or "9999", a.id)),
        date_mentions=merge_mentions(members),
        conflicts=sorted(conflicts, key=lambda c: (c.field, c.description)),
        kind=meeting_kind(members, meeting_type, participants),
        next_steps=next_steps(members, agreements),
    )


def merge(
    extractions: list[Extraction], *, known_ids: dict[str, str] | None = None
) -> list[Meeting]:
    """One ``Meeting`` per bilateral meeting, sorted by date (undated last) and id."""
    groups = group_extractions(extractions)
    ids = assign_ids(groups, known_ids or {})
    meetings = [_merge_group(g, mid) for g, mid in zip(groups, ids, strict=True)]
    return sorted(meetings, key=meeting_order)
