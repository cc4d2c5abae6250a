"""Merging new reports with those the archive already holds.

Merging against the archive is what lets tonight's rewrite join last week's meeting, and
``known_ids`` (article id -> stored meeting id) keeps that meeting's id. Both functions
merge pair by pair, so memory is bounded by the largest pair rather than the archive.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefing.archive import Archive, pair_key
from briefing.merge import meeting_order, merge
from briefing.model import Extraction, Meeting


def update_archive(archive: Archive, extractions: Iterable[Extraction]) -> list[Meeting]:
    """Store new extractions, re-merge their pairs with every stored report of those pairs,
    save and return the meetings of those pairs (other pairs are untouched)."""
    extractions = list(extractions)
    with archive.transaction():
        # A report re-read as another pair (or as no meeting) leaves its old pair too.
        pairs = archive.pairs_of(ex.article.id for ex in extractions)
        archive.add_extractions(extractions)
        pairs |= {"-".join(codes) for ex in extractions if (codes := ex.pair())}
        if not pairs:
            return []
        known = archive.meeting_ids_by_article()
        fresh = {ex.article.id: ex for ex in extractions}
        meetings = []
        for pair in sorted(pairs):
            meetings += merge(archive.extractions([pair], reuse=fresh), known_ids=known)
        archive.save_meetings(meetings, pairs=pairs)
    return sorted(meetings, key=meeting_order)


def all_meetings(archive: Archive, merged: Iterable[Meeting] = ()) -> list[Meeting]:
    """Every meeting of the archive. ``merged``: meetings ``update_archive`` has just
    built; their pairs are not merged again."""
    meetings = list(merged)
    done = {pair_key(m.countries) for m in meetings if len(m.countries) == 2}
    known = archive.meeting_ids_by_article()
    for pair in sorted(archive.pairs() - done):
        meetings += merge(archive.extractions([pair]), known_ids=known)
    return sorted(meetings, key=meeting_order)
