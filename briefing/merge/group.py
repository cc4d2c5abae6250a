"""Which reports describe one meeting: grouping per pair of states, and meeting ids.

1. Dated reports join when their dates are at most a day apart (outlets in other time
   zones, or datelines of the day after) unless they name disjoint participants, or,
   on different days, different cities: the same pair meets many times a year.
2. A report without a date joins the meeting it matches best by participants, place
   and content (shared figures, fuzzy-equal agreements, word-shingle Jaccard of the
   story text), when the match is strong enough; otherwise it starts a meeting of its
   own, which later undated reports can join.

Ids are ``YYYY-MM-DD-iso1-iso2`` or ``undated-iso1-iso2-<hash>``; a meeting already in
the archive (``known_ids``: (article id, pair) -> meeting id) keeps its id.

A report is compared with what a group holds (its days, cities, distinct sets of people,
figure values, agreement names), kept as reports join, and with at most
``MAX_COMPARED`` of its reports' texts: a meeting with thousands of reports (a feed
flooded with one story) merges in time that grows with the reports, not their square.
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
# Reports of a group whose story text a dateless report is compared with.
MAX_COMPARED = 20


def _people_key(people: list[Participant]) -> tuple:
    return tuple(sorted((name_tokens(p.name), p.country or "") for p in people))


@dataclass
class Group:
    """Reports believed to describe one meeting, in deterministic order, with what the
    matching of further reports needs of them (updated by ``add``)."""

    pair: tuple[str, str]
    members: list[Extraction] = field(default_factory=list)
    # (article id, pair) -> shingle set, shared by all groups of a run (see group_extractions)
    shingle_cache: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    dates: list[dt.date] = field(default_factory=list)  # each dated report's day
    span: tuple[dt.date, dt.date] | None = None  # the first and last of them
    cities_on: dict[dt.date | None, set[str]] = field(default_factory=dict)  # by day
    people_sets: dict[tuple, list[Participant]] = field(default_factory=dict)  # distinct
    persons: dict[tuple, Participant] = field(default_factory=dict)  # each person once
    values: set[float] = field(default_factory=set)  # figure amounts, to the million
    agreement_names: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)

    def add(self, ex: Extraction) -> None:
        self.members.append(ex)
        day = parse_date(ex.date)
        if day:
            self.dates.append(day)
            self.span = (
                (min(day, self.span[0]), max(day, self.span[1])) if self.span else (day, day)
            )
        city = city_key(ex.location.city)
        if city:
            self.cities_on.setdefault(day, set()).add(city)
        if ex.participants:
            self.people_sets.setdefault(_people_key(ex.participants), ex.participants)
        for p in ex.participants:
            self.persons.setdefault((name_tokens(p.name), p.country), p)
        self.values |= {round(f.value_usd, -6) for f in ex.figures if f.value_usd}
        self.agreement_names |= {a.name for a in ex.agreements}
        if ex.meeting_type:
            self.types.add(ex.meeting_type)

    @property
    def cities(self) -> set[str]:
        return set().union(*self.cities_on.values())

    @property
    def participants(self) -> list[Participant]:
        """Each person once (by name and state), however many reports name them."""
        return list(self.persons.values())

    def shingles_of(self, ex: Extraction) -> set[str]:
        """The story's shingles, computed once per report and run."""
        key = (ex.article.id, "-".join(ex.countries))
        if key not in self.shingle_cache:
            self.shingle_cache[key] = shingles(story_text(ex))
        return self.shingle_cache[key]


def _participant_overlap(a: list[Participant], b: list[Participant]) -> float | None:
    """Share of the smaller side's people found on the other side; None if one is empty."""
    if not a or not b:
        return None
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(any(same_person(p, q) for q in big) for p in small) / len(small)


def _figure_overlap(ex: Extraction, group: Group) -> float:
    values = {round(f.value_usd, -6) for f in ex.figures if f.value_usd}
    return 1.0 if values & group.values else 0.0


def _agreement_overlap(ex: Extraction, group: Group) -> float:
    names = group.agreement_names
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
    if ex.meeting_type and group.types and ex.meeting_type not in group.types:
        score -= 0.3
    mine = group.shingles_of(ex)
    compared = group.members[:MAX_COMPARED]
    text = max((jaccard(mine, group.shingles_of(m)) for m in compared), default=0.0)
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
    if published is None or group.span is None:
        return True
    first, last = group.span
    return (published - last).days >= -60 and (published - first).days <= 1


def _dated_compatible(a: Extraction, group: Group) -> bool:
    """Every report of the group is at most a day away, names some of the same people
    (or none), and, a day away, no other city."""
    day = parse_date(a.date)
    assert day is not None and group.span is not None  # dated reports are grouped first
    if any(abs((day - d).days) > MAX_DAY_GAP for d in group.span):
        return False
    if any(_participant_overlap(a.participants, p) == 0.0 for p in group.people_sets.values()):
        return False
    city = city_key(a.location.city)
    return not city or all(
        other == day or cities <= {city} for other, cities in group.cities_on.items()
    )


def report_order(ex: Extraction) -> tuple:
    return (ex.date is None, ex.date or "", ex.article.published or "", ex.article.id)


def group_extractions(extractions: Iterable[Extraction]) -> list[Group]:
    """Group bilateral-meeting extractions into meetings (see the module docstring)."""
    by_pair: dict[tuple[str, str], list[Extraction]] = {}
    seen: set[tuple[str, tuple[str, str]]] = set()  # one extraction per report and pair
    for ex in sorted(extractions, key=report_order):
        pair = ex.pair()
        if pair is None or (ex.article.id, pair) in seen:
            continue
        seen.add((ex.article.id, pair))
        by_pair.setdefault(pair, []).append(ex)
    groups: list[Group] = []
    cache: dict[tuple[str, str], set[str]] = {}
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
            target.add(ex)
            if day:
                by_day.setdefault(day, []).append(target)
        groups.extend(pair_groups)
    return groups


def base_id(date: str | None, pair: tuple[str, str], text_hashes: list[str]) -> str:
    """Content-derived id. Undated meetings hash the smallest hash of their reports'
    texts (not their ids, which hash where a file lives), so adding a later report does
    not change it, and the same reports give the same id wherever they are read."""
    iso = f"{pair[0]}-{pair[1]}".lower()
    if date:
        return f"{date}-{iso}"
    return f"undated-{iso}-{content_id(min(text_hashes), length=8)}"


def assign_ids(groups: list[Group], known_ids: dict[tuple[str, str], str]) -> list[str]:
    ids: list[str | None] = [None] * len(groups)
    used: set[str] = set()
    for i, g in enumerate(groups):  # archived ids first: they must not move
        pair = "-".join(g.pair)
        votes = Counter(
            known_ids[m.article.id, pair] for m in g.members if (m.article.id, pair) in known_ids
        )
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
        base = base_id(date, g.pair, [m.article.text_hash for m in members])
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        ids[i] = candidate
        used.add(candidate)
    return [i for i in ids if i is not None]
