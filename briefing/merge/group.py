"""Which reports describe one meeting: grouping per pair of states, and meeting ids.

1. Dated reports join when their dates are at most a day apart (outlets in other time
   zones, or datelines of the day after) unless they name disjoint participants, or,
   on different days, different cities: the same pair meets many times a year.
2. A report without a date joins the meeting it matches best by participants, place
   and content (shared figures, fuzzy-equal agreements, word-shingle Jaccard of the
   story text), when the match is strong enough; otherwise it starts a meeting of its
   own, which later undated reports can join.

Ids are ``YYYY-MM-DD-iso1-iso2`` or ``undated-iso1-iso2-<hash>``; a meeting already in
the archive (``known_ids``: article id -> meeting id) keeps its id.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing.merge.facts import most_common
from briefing.merge.similar import (
    WEEKDAYS,
    city_key,
    jaccard,
    name_tokens,
    parse_date,
    same_agreement,
    same_person,
    shingles,
    stated_weekday,
    story_text,
)
from briefing.model import Extraction, Participant, content_id

# A dateless report joins a meeting when its match score reaches this (see _match_score).
JOIN_THRESHOLD = 0.5
# Dated reports this many days apart can still be one meeting (time zones, late datelines).
MAX_DAY_GAP = 1


@dataclass
class Group:
    """Reports believed to describe one meeting, in deterministic order."""

    pair: tuple[str, str]
    members: list[Extraction] = field(default_factory=list)
    # article id -> shingle set, shared by all groups of a run (see group_extractions)
    shingle_cache: dict[str, set[str]] = field(default_factory=dict)

    @property
    def dates(self) -> list[dt.date]:
        return [d for d in (parse_date(m.date) for m in self.members) if d]

    @property
    def cities(self) -> set[str]:
        return {c for c in (city_key(m.location.city) for m in self.members) if c}

    @property
    def participants(self) -> list[Participant]:
        """Each person once (by name and state), however many reports name them."""
        seen: dict[tuple, Participant] = {}
        for p in (p for m in self.members for p in m.participants):
            seen.setdefault((name_tokens(p.name), p.country), p)
        return list(seen.values())

    def shingles_of(self, ex: Extraction) -> set[str]:
        """The story's shingles, computed once per report and run."""
        if ex.article.id not in self.shingle_cache:
            self.shingle_cache[ex.article.id] = shingles(story_text(ex))
        return self.shingle_cache[ex.article.id]


def _participant_overlap(a: list[Participant], b: list[Participant]) -> float | None:
    """Share of the smaller side's people found on the other side; None if one is empty."""
    if not a or not b:
        return None
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(any(same_person(p, q) for q in big) for p in small) / len(small)


def _figure_overlap(ex: Extraction, group: Group) -> float:
    values = {round(f.value_usd, -6) for f in ex.figures if f.value_usd}
    others = {round(f.value_usd, -6) for m in group.members for f in m.figures if f.value_usd}
    return 1.0 if values & others else 0.0


def _agreement_overlap(ex: Extraction, group: Group) -> float:
    names = [a.name for m in group.members for a in m.agreements]
    return 1.0 if any(same_agreement(a.name, n) for a in ex.agreements for n in names) else 0.0


def _match_score(ex: Extraction, group: Group) -> float:
    """How well a report without a date fits a group (about 0..1.3; joins at 0.5).

    People (0.35), place (+0.25 same city, -0.5 a different one), story text (0.4, a
    word-shingle Jaccard of 0.3 counts as full), shared figure values (0.15) and
    agreements (0.1), and a weekday that fits the group's date (0.05). A different kind
    of meeting (a phone call vs talks in person) costs 0.3: the same two leaders talk
    about the same subjects many times a year, so people and words alone are not enough.
    """
    overlap = _participant_overlap(ex.participants, group.participants)
    score = 0.35 * (overlap if overlap is not None else 0.3)
    city = city_key(ex.location.city)
    if city and group.cities:
        score += 0.25 if city in group.cities else -0.5
    types = {m.meeting_type for m in group.members if m.meeting_type}
    if ex.meeting_type and types and ex.meeting_type not in types:
        score -= 0.3
    mine = group.shingles_of(ex)
    text = max((jaccard(mine, group.shingles_of(m)) for m in group.members), default=0.0)
    score += 0.4 * min(1.0, text / 0.3)
    score += 0.15 * _figure_overlap(ex, group) + 0.1 * _agreement_overlap(ex, group)
    dates = group.dates
    weekdays = {day for m in ex.date_mentions if (day := stated_weekday(m))}
    if dates and weekdays and WEEKDAYS[dates[0].weekday()] in weekdays:
        score += 0.05
    return score


def _date_fits(ex: Extraction, group: Group) -> bool:
    """A report cannot describe a meeting that happened long before or after it was
    published."""
    published = parse_date(ex.article.published)
    if published is None or not group.dates:
        return True
    return all(-60 <= (published - d).days <= 1 for d in group.dates)


def _dated_compatible(a: Extraction, group: Group) -> bool:
    day = parse_date(a.date)
    assert day is not None
    for other in group.members:
        other_day = parse_date(other.date)
        assert other_day is not None  # dated reports are grouped before undated ones
        gap = abs((day - other_day).days)
        if gap > MAX_DAY_GAP:
            return False
        overlap = _participant_overlap(a.participants, other.participants)
        if overlap == 0.0:
            return False
        ca, cb = city_key(a.location.city), city_key(other.location.city)
        if gap and ca and cb and ca != cb:
            return False
    return True


def report_order(ex: Extraction) -> tuple:
    return (ex.date is None, ex.date or "", ex.article.published or "", ex.article.id)


def group_extractions(extractions: Iterable[Extraction]) -> list[Group]:
    """Group bilateral-meeting extractions into meetings (see the module docstring)."""
    by_pair: dict[tuple[str, str], list[Extraction]] = {}
    seen: set[str] = set()
    for ex in sorted(extractions, key=report_order):
        pair = ex.pair()
        if pair is None or ex.article.id in seen:
            continue
        seen.add(ex.article.id)
        by_pair.setdefault(pair, []).append(ex)
    groups: list[Group] = []
    cache: dict[str, set[str]] = {}
    for pair in sorted(by_pair):
        pair_groups: list[Group] = []
        by_day: dict[dt.date, list[Group]] = {}  # dated groups by each of their days
        for ex in by_pair[pair]:  # dated first (sort key), so undated ones see all dates
            day = parse_date(ex.date)
            if day:
                near = [
                    g
                    for gap in range(-MAX_DAY_GAP, MAX_DAY_GAP + 1)
                    for g in by_day.get(day + dt.timedelta(days=gap), [])
                ]
                near.sort(key=lambda g: pair_groups.index(g))
                target = next((g for g in near if _dated_compatible(ex, g)), None)
            else:
                scored = [
                    (_match_score(ex, g), -i)
                    for i, g in enumerate(pair_groups)
                    if _date_fits(ex, g)
                ]
                best = max(scored, default=None)
                target = pair_groups[-best[1]] if best and best[0] >= JOIN_THRESHOLD else None
            if target is None:
                target = Group(pair, shingle_cache=cache)
                pair_groups.append(target)
            target.members.append(ex)
            if day:
                by_day.setdefault(day, []).append(target)
        groups.extend(pair_groups)
    return groups


def base_id(date: str | None, pair: tuple[str, str], article_ids: list[str]) -> str:
    """Content-derived id. Undated meetings hash their first article id, so adding a
    later report (a larger id) does not change it even without the archive."""
    iso = f"{pair[0]}-{pair[1]}".lower()
    if date:
        return f"{date}-{iso}"
    return f"undated-{iso}-{content_id(min(article_ids), length=8)}"


def assign_ids(groups: list[Group], known_ids: dict[str, str]) -> list[str]:
    ids: list[str | None] = [None] * len(groups)
    used: set[str] = set()
    for i, g in enumerate(groups):  # archived ids first: they must not move
        votes = Counter(known_ids[m.article.id] for m in g.members if m.article.id in known_ids)
        for candidate, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if candidate not in used:
                ids[i] = candidate
                used.add(candidate)
                break
    for i, g in enumerate(groups):
        if ids[i] is not None:
            continue
        members = sorted(g.members, key=report_order)
        date = most_common([m.date for m in members if m.date], tiebreak=lambda d: d)
        base = base_id(date, g.pair, [m.article.id for m in members])
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        ids[i] = candidate
        used.add(candidate)
    return [i for i in ids if i is not None]
