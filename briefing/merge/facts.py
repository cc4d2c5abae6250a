"""Merging the facts of one meeting's reports: date, weekday, place, people, topics,
agreements and relationship (figures: ``briefing/merge/figures.py``).

Each meeting takes the union of its reports' facts; every fact keeps the evidence of all
the reports that support it; disagreements become ``Conflict`` records instead of being
silently resolved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

from briefing.merge.similar import (
    WEEKDAYS,
    city_key,
    name_tokens,
    parse_date,
    same_agreement,
    same_person,
    stated_weekday,
)
from briefing.model import (
    AGREEMENT_STATUS_RANK,
    Agreement,
    Conflict,
    DateMention,
    Evidence,
    Extraction,
    Location,
    Participant,
    Relationship,
    TopicHit,
)

T = TypeVar("T")


def union_evidence(*lists: Iterable[Evidence]) -> list[Evidence]:
    out: dict[tuple[str, int, int], Evidence] = {}
    for lst in lists:
        for e in lst:
            out.setdefault((e.article_id, e.start, e.end), e)
    return sorted(out.values(), key=lambda e: (e.article_id, e.start, e.end))


def most_common(values: list[T], tiebreak: Callable[[T], object] | None = None) -> T | None:
    """Most frequent value; ties go to ``tiebreak`` order, else to first seen."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(present)
    first = {v: i for i, v in reversed(list(enumerate(present)))}
    order = (
        (lambda v: (-counts[v], tiebreak(v))) if tiebreak else (lambda v: (-counts[v], first[v]))
    )
    return min(counts, key=order)


def merge_date(members: list[Extraction], conflicts: list[Conflict]) -> str | None:
    dated = {m.article.id: m.date for m in members if m.date}
    date = most_common(list(dated.values()), tiebreak=lambda d: d)
    if len(set(dated.values())) > 1:
        conflicts.append(
            Conflict(
                "date",
                f"Sources give different dates; {date} is used.",
                dict(sorted(dated.items())),
            )
        )
    return date


def weekday_conflicts(members: list[Extraction], date: str | None) -> list[Conflict]:
    """A report whose weekdays all miss the merged date's weekday contradicts it.

    Reports name several days ("arrived on Monday ... talks on Wednesday"), so a report
    that names the right weekday anywhere agrees; otherwise its first weekday (the lead
    states the meeting) is the conflicting claim. One conflict per report at most.
    """
    day = parse_date(date)
    if day is None:
        return []
    actual = WEEKDAYS[day.weekday()]
    dated_by = sorted(m.article.id for m in members if m.date == date)
    out = []
    for m in members:
        said = sorted(
            ((d, weekday) for d in m.date_mentions if (weekday := stated_weekday(d))),
            key=lambda stated: min((e.start for e in stated[0].evidence), default=0),
        )
        if not said or any(weekday == actual for _, weekday in said):
            continue
        weekday = said[0][1]
        values = {m.article.id: weekday}
        values.update({aid: f"{date} ({actual})" for aid in dated_by if aid not in values})
        out.append(
            Conflict(
                "weekday",
                f"{m.article.publisher or m.article.id} says the meeting was on {weekday},"
                f" but {date} is a {actual}.",
                dict(sorted(values.items())),
            )
        )
    return out


def merge_location(members: list[Extraction], conflicts: list[Conflict]) -> Location:
    cities = [city_key(m.location.city) for m in members]
    best = most_common(cities)
    if best is None:
        country = most_common([m.location.country for m in members])
        ev = union_evidence(
            *(m.location.evidence for m in members if m.location.country == country)
        )
        return Location(None, country, ev)
    chosen = [m for m, c in zip(members, cities, strict=True) if c == best]
    named = {m.article.id: m.location.city for m, c in zip(members, cities, strict=True) if c}
    if len({city_key(c) for c in named.values()}) > 1:
        conflicts.append(
            Conflict(
                "location",
                f"Sources name different places; {chosen[0].location.city} is used.",
                dict(sorted(named.items())),
            )
        )
    country = most_common([m.location.country for m in chosen])
    return Location(
        chosen[0].location.city, country, union_evidence(*(m.location.evidence for m in chosen))
    )


def merge_participants(members: list[Extraction]) -> list[Participant]:
    merged: list[list[Participant]] = []
    everyone = [p for m in members for p in m.participants]
    # Full names first, so a bare surname attaches to the person it abbreviates.
    for p in sorted(everyone, key=lambda p: -len(name_tokens(p.name))):
        for bucket in merged:
            if any(same_person(p, q) for q in bucket):
                bucket.append(p)
                break
        else:
            merged.append([p])
    first_seen = {id(p): i for i, p in enumerate(everyone)}
    merged.sort(key=lambda b: min(first_seen[id(p)] for p in b))
    out = []
    for bucket in merged:
        # The fullest form, then the most reported, then the one that keeps its diacritics.
        counts = Counter(p.name for p in bucket)
        name = min(
            counts,
            key=lambda n: (
                -len(name_tokens(n)),
                -counts[n],
                -sum(not c.isascii() for c in n),
                -len(n),
                n,
            ),
        )
        titles = [p.title for p in bucket if p.title]
        title = most_common(titles, tiebreak=lambda t: -len(t))
        country = most_common([p.country for p in bucket])
        out.append(Participant(name, title, country, union_evidence(*(p.evidence for p in bucket))))
    return out


def merge_topics(members: list[Extraction]) -> list[TopicHit]:
    by_topic: dict[str, TopicHit] = {}
    for m in members:
        for t in m.topics:
            hit = by_topic.setdefault(t.topic, TopicHit(t.topic))
            hit.evidence = union_evidence(hit.evidence, t.evidence)
            hit.cues = sorted(set(hit.cues) | set(t.cues))
    return [by_topic[k] for k in sorted(by_topic)]


def merge_agreements(members: list[Extraction], anchor: dt.date | None) -> list[Agreement]:
    from briefing.extract.periods import resolve_date_expr

    buckets: list[list[Agreement]] = []
    for m in members:
        for a in m.agreements:
            if a.date is None and a.date_expr and anchor is not None:
                a = replace(a, date=resolve_date_expr(a.date_expr, anchor))
            bucket = next(
                (b for b in buckets if any(same_agreement(a.name, x.name) for x in b)), None
            )
            if bucket is None:
                buckets.append([a])
            else:
                bucket.append(a)
    out = []
    for b in buckets:
        name = max((a.name for a in b), key=len)
        status = most_common(
            [a.status for a in b], tiebreak=lambda s: AGREEMENT_STATUS_RANK.get(s, 9)
        )
        dates = [a.date for a in b if a.date]
        date = most_common(dates, tiebreak=lambda d: (-len(d), d))
        out.append(
            Agreement(
                name,
                status or "referenced",
                date,
                next((a.date_expr for a in b if a.date_expr), None),
                union_evidence(*(a.evidence for a in b)),
            )
        )
    return out


def merge_relationship(members: list[Extraction], anchor: dt.date | None) -> Relationship:
    from briefing.extract.periods import resolve_date_expr

    rels = [
        replace(m.relationship, level=m.relationship.level.lower())
        if m.relationship.level
        else m.relationship
        for m in members
    ]
    level = most_common([r.level for r in rels])
    agree = [r for r in rels if r.level == level] if level else rels
    since = [
        r.since or (resolve_date_expr(r.since_expr, anchor) if r.since_expr and anchor else None)
        for r in agree
    ]
    return Relationship(
        level=level,
        previous_level=most_common([r.previous_level for r in agree]),
        since=most_common([s for s in since if s], tiebreak=lambda d: (-len(d), d)),
        since_expr=next((r.since_expr for r in agree if r.since_expr), None),
        evidence=union_evidence(*(r.evidence for r in agree if r.level or r.evidence)),
    )


def merge_mentions(members: list[Extraction]) -> list[DateMention]:
    return [d for m in members for d in m.date_mentions]
