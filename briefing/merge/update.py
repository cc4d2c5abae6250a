"""Merging new reports with those the archive already holds.

Merging against the archive is what lets tonight's rewrite join last week's meeting, and
``known_ids`` ((article id, pair) -> stored meeting id) keeps that meeting's id. Both
functions merge pair by pair, so memory is bounded by the largest pair rather than the
archive.

A report read again under its identity with another text is a new revision: its
extractions replace the old ones in every meeting, the archive keeps the earlier text
with what changed (``briefing/merge/revisions.py``), and each meeting of the report
lists the update.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.archive import Archive, pair_key
from briefing.archive.revisions import keep_revisions, previous_versions, updates_of
from briefing.merge import meeting_order, merge
from briefing.merge.revisions import diff
from briefing.model import Change, Extraction, Meeting, Update


def update_archive(archive: Archive, extractions: Iterable[Extraction]) -> list[Meeting]:
    """Store new extractions (all of each article's, in order), re-merge their pairs with
    every stored report of those pairs, save and return the meetings of those pairs
    (other pairs are untouched)."""
    extractions = list(extractions)
    articles = list({ex.article.id: ex.article for ex in extractions}.values())
    with archive.transaction():
        replaced = previous_versions(archive, articles)
        old_ids = {row["id"] for rows in replaced.values() for row in rows}
        # A report re-read as another pair (or as no meeting) leaves its old pair too.
        pairs = archive.pairs_of([*(a.id for a in articles), *old_ids])
        before = archive.extractions(articles=old_ids) if old_ids else []
        changes = {
            aid: diff(
                [ex for ex in before if ex.article.id in {r["id"] for r in rows}],
                [ex for ex in extractions if ex.article.id == aid],
            )
            for aid, rows in replaced.items()
        }
        archive.add_extractions(extractions)
        keep_revisions(archive, replaced, changes)
        pairs |= {"-".join(codes) for ex in extractions if (codes := ex.pair())}
        if not pairs:
            return []
        known = archive.meeting_ids_by_article()
        fresh: dict[tuple[str, int], Extraction] = {}
        seq: dict[str, int] = {}
        for ex in extractions:
            n = seq[ex.article.id] = seq.get(ex.article.id, -1) + 1
            fresh[ex.article.id, n] = ex
        meetings = []
        for pair in sorted(pairs):
            meetings += merge(archive.extractions([pair], reuse=fresh), known_ids=known)
        attach_updates(archive, meetings)
        archive.save_meetings(meetings, pairs=pairs)
    return sorted(meetings, key=meeting_order)


def all_meetings(archive: Archive, merged: Iterable[Meeting] = ()) -> list[Meeting]:
    """Every meeting of the archive. ``merged``: meetings ``update_archive`` has just
    built; their pairs are not merged again."""
    meetings = list(merged)
    done = {pair_key(m.countries) for m in meetings if len(m.countries) == 2}
    known = archive.meeting_ids_by_article()
    rest: list[Meeting] = []
    for pair in sorted(archive.pairs() - done):
        rest += merge(archive.extractions([pair]), known_ids=known)
    return sorted([*meetings, *attach_updates(archive, rest)], key=meeting_order)


def remerge(archive: Archive, pairs: Iterable[str]) -> list[Meeting]:
    """Merge ``pairs`` again from what the archive holds and save them (meetings left
    without reports go): after articles were removed."""
    pairs = set(pairs)
    known = archive.meeting_ids_by_article()
    meetings: list[Meeting] = []
    with archive.transaction():
        for pair in sorted(pairs):
            meetings += merge(archive.extractions([pair]), known_ids=known)
        attach_updates(archive, meetings)
        archive.save_meetings(meetings, pairs=pairs)
    return sorted(meetings, key=meeting_order)


def attach_updates(archive: Archive, meetings: list[Meeting]) -> list[Meeting]:
    """Give each meeting the updates of its revised reports (in the order of its
    articles, newest revision first): what each revision changed in this meeting's pair."""
    found = updates_of(archive, (a.id for m in meetings for a in m.articles))
    for m in meetings:
        pair = pair_key(m.countries)
        m.updates = [
            Update(a.id, revision, [Change(**c) for c in changes.get(pair, [])])
            for a in m.articles
            for revision, changes in found.get(a.id, [])
        ]
    return meetings
