"""Merge the extractions of many reports into one record per bilateral meeting.

Outlets rewrite the same wire story; counting each report as an event inflates the
record, and keeping only one report loses the facts only another outlet gave. So each
meeting takes the union of its reports' facts, every fact lists all the articles that
support it, sites that republish one wire copy are one independent source
(corroboration counts independent sources), disagreements become ``Conflict`` records
settled by a written rule, and values implied by the reports (the previous year's trade
from a growth rate) are added as derived facts.

The stage in modules: ``similar`` (when two reports, people or documents are the same),
``group`` (which reports are one meeting, and its id), ``copies`` (which reports are
copies of one story), ``rule`` (the conflict rule), ``facts`` and ``figures`` (merging
each kind of fact), ``occasion`` (the finer kind of meeting and its next steps),
``bounds`` (what one report and one meeting may hold), ``revisions`` (what a publisher's
update changed), ``update`` (merging new reports with those the archive holds). A meeting
already in the archive keeps its id when new reports of it arrive, so links in earlier
briefings and e-mails stay valid.
"""

from __future__ import annotations

from briefing.merge.bounds import settle_evidence
from briefing.merge.copies import copy_groups
from briefing.merge.facts import (
    merge_agreements,
    merge_date,
    merge_location,
    merge_mentions,
    merge_participants,
    merge_relationship,
    merge_topics,
    weekday_conflicts,
)
from briefing.merge.figures import derive_figures, merge_figures
from briefing.merge.group import Group, assign_ids, group_extractions, report_order
from briefing.merge.occasion import meeting_kind, next_steps
from briefing.merge.rule import Sources, is_official, vote
from briefing.merge.similar import jaccard, parse_date, same_agreement, same_person
from briefing.model import MEETING_TYPES, Article, Conflict, Extraction, Meeting

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


def precedence(a: Article) -> tuple:
    """The order in which a meeting's reports lead their copies: the first published, an
    official readout before a news report, the longest (copies are trimmed), then by
    where it lives."""
    return (
        a.published or "9999-99-99",
        not is_official(a),
        -len(a.text),
        a.key or a.url or a.path or "",
        a.id,
    )


def copies_of(articles: list[Article]) -> dict[str, str]:
    """article id -> the id of the article it copies, for the copies among ``articles``
    (each led by the first in ``precedence``)."""
    ordered = sorted(articles, key=precedence)
    leads = copy_groups(ordered, lambda a: a.text)
    return {ordered[i].id: ordered[lead].id for i, lead in leads.items() if i != lead}


def _merge_group(group: Group, meeting_id: str) -> Meeting:
    members = sorted(group.members, key=report_order)
    articles = sorted((m.article for m in members), key=lambda a: (a.published or "9999", a.id))
    copies = copies_of(articles)
    sources = Sources.of(articles, copies)
    conflicts: list[Conflict] = []
    date = merge_date(members, conflicts, sources)
    anchor = parse_date(date)
    conflicts.extend(weekday_conflicts(members, date, sources))
    location = merge_location(members, conflicts, sources)
    figures = merge_figures(members, anchor, conflicts, sources)
    type_rank = {t: i for i, t in enumerate(MEETING_TYPES)}
    meeting_type = vote(
        {m.article.id: m.meeting_type for m in members},
        sources,
        order=lambda t: type_rank.get(t, 9),
    )
    participants = merge_participants(members)
    agreements = merge_agreements(members, anchor)
    meeting = Meeting(
        id=meeting_id,
        meeting_type=meeting_type,
        date=date,
        location=location,
        countries=list(group.pair),
        participants=participants,
        topics=merge_topics(members),
        figures=figures,
        agreements=agreements,
        relationship=merge_relationship(members, anchor, sources),
        articles=articles,
        date_mentions=merge_mentions(members, sources),
        conflicts=sorted(conflicts, key=lambda c: (c.field, c.description)),
        copies=copies,
        kind=meeting_kind(members, meeting_type, participants),
        next_steps=next_steps(members, agreements),
    )
    return settle_evidence(meeting)


def merge(
    extractions: list[Extraction], *, known_ids: dict[tuple[str, str], str] | None = None
) -> list[Meeting]:
    """One ``Meeting`` per bilateral meeting, sorted by date (undated last) and id.
    ``known_ids``: (article id, pair such as "AZE-CHN") -> the meeting id the archive
    gave it, kept."""
    groups = group_extractions(extractions)
    ids = assign_ids(groups, known_ids or {})
    meetings = [_merge_group(g, mid) for g, mid in zip(groups, ids, strict=True)]
    return sorted(meetings, key=meeting_order)
