"""Merging the facts of one meeting's reports: date, weekday, place, people, topics,
agreements and relationship (figures: ``briefing/merge/figures.py``).

Each meeting takes the union of its reports' facts; every fact keeps the evidence of all
the reports that support it; disagreements become ``Conflict`` records instead of being
silently resolved, and the value kept is the conflict rule's (``briefing/merge/rule.py``).
A meeting may have thousands of reports (a feed flooded with one story): people and
documents are compared by their distinct spellings, not report by report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TypeVar

from briefing.merge.rule import Sources, vote
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


def claims_shown(claims: dict[str, T], sources: Sources) -> dict[str, T]:
    """The claims a conflict lists: each independent source's, and a copy's only where it
    says something else than the report it copies (an edited copy), sorted by id."""
    return {
        aid: value
        for aid, value in sorted(claims.items())
        if (lead := sources.source_of.get(aid, aid)) == aid or claims.get(lead) != value
    }


def merge_date(
    members: list[Extraction], conflicts: list[Conflict], sources: Sources
) -> str | None:
    dated = {m.article.id: d for m in members if (d := m.date)}
    date = vote(dated, sources, order=lambda d: d)
    if date is not None and len(set(dated.values())) > 1:
        conflicts.append(
            Conflict(
                "date",
                f"Sources give different dates; {date} is used ({_why(dated, date, sources)}).",
                claims_shown(dated, sources),
            )
        )
    return date


def _why(claims: dict[str, T], kept: T, sources: Sources) -> str:
    """Which step of the rule kept ``kept`` over the runner-up."""
    by_value: dict[T, list[str]] = {}
    for aid, value in claims.items():
        by_value.setdefault(value, []).append(aid)
    runner_up = [v for v in sources.rank(by_value) if v != kept][:1]
    return sources.why(by_value[kept], by_value[runner_up[0]]) if runner_up else ""


def weekday_conflicts(
    members: list[Extraction], date: str | None, sources: Sources
) -> list[Conflict]:
    """A report whose weekdays all miss the merged date's weekday contradicts it.

    Reports name several days ("arrived on Monday ... talks on Wednesday"), so a report
    that names the right weekday anywhere agrees; otherwise its first weekday (the lead
    states the meeting) is the conflicting claim. One conflict per independent source at
    most (a copy repeats its source's).
    """
    day = parse_date(date)
    if day is None:
        return []
    actual = WEEKDAYS[day.weekday()]
    dated_by = sorted(
        m.article.id
        for m in members
        if m.date == date and sources.source_of.get(m.article.id, m.article.id) == m.article.id
    )
    out = []
    for m in members:
        if sources.source_of.get(m.article.id, m.article.id) != m.article.id:
            continue
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


def merge_location(
    members: list[Extraction], conflicts: list[Conflict], sources: Sources
) -> Location:
    cities = {m.article.id: city_key(m.location.city) for m in members}
    best = vote(cities, sources)
    if best is None:
        country = vote({m.article.id: m.location.country for m in members}, sources)
        ev = union_evidence(
            *(m.location.evidence for m in members if m.location.country == country)
        )
        return Location(None, country, ev)
    chosen = [m for m in members if cities[m.article.id] == best]
    named = {m.article.id: m.location.city for m in members if cities[m.article.id]}
    if len({city_key(c) for c in named.values()}) > 1:
        keys = {aid: cities[aid] for aid in named}
        conflicts.append(
            Conflict(
                "location",
                f"Sources name different places; {chosen[0].location.city} is used"
                f" ({_why(keys, best, sources)}).",
                claims_shown(named, sources),
            )
        )
    country = vote({m.article.id: m.location.country for m in chosen}, sources)
    return Location(
        chosen[0].location.city, country, union_evidence(*(m.location.evidence for m in chosen))
    )


def merge_participants(members: list[Extraction]) -> list[Participant]:
    """One participant per person however many reports name them: the spellings of a
    name (``Aliyev``, ``Ilham Aliyev``, ``Ilham Əliyev``) are matched once each."""
    everyone = [p for m in members for p in m.participants]
    spellings: dict[tuple, list[Participant]] = {}
    for p in everyone:
        spellings.setdefault((name_tokens(p.name), p.country), []).append(p)
    buckets: list[list[tuple]] = []
    # Full names first, so a bare surname attaches to the person it abbreviates.
    for form in sorted(spellings, key=lambda f: -len(f[0])):
        p = spellings[form][0]
        home = next((b for b in buckets if any(same_person(p, spellings[q][0]) for q in b)), None)
        if home is None:
            buckets.append([form])
        else:
            home.append(form)
    first_seen: dict[tuple, int] = {}
    for i, p in enumerate(everyone):
        first_seen.setdefault((name_tokens(p.name), p.country), i)
    buckets.sort(key=lambda b: min(first_seen[f] for f in b))
    out = []
    for forms in buckets:
        bucket = [p for f in forms for p in spellings[f]]
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
    evidence: dict[str, list[list[Evidence]]] = {}
    cues: dict[str, set[str]] = {}
    for m in members:
        for t in m.topics:
            evidence.setdefault(t.topic, []).append(t.evidence)
            cues.setdefault(t.topic, set()).update(t.cues)
    return [TopicHit(k, union_evidence(*evidence[k]), sorted(cues[k])) for k in sorted(evidence)]


def merge_agreements(members: list[Extraction], anchor: dt.date | None) -> list[Agreement]:
    from briefing.extract.periods import resolve_date_expr

    buckets: list[list[Agreement]] = []
    names_of: list[set[str]] = []  # each bucket's distinct names, compared once each
    for m in members:
        for a in m.agreements:
            if a.date is None and a.date_expr and anchor is not None:
                a = replace(a, date=resolve_date_expr(a.date_expr, anchor))
            bucket = next(
                (
                    i
                    for i, names in enumerate(names_of)
                    if any(same_agreement(a.name, n) for n in names)
                ),
                None,
            )
            if bucket is None:
                buckets.append([a])
                names_of.append({a.name})
            else:
                buckets[bucket].append(a)
                names_of[bucket].add(a.name)
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


def merge_relationship(
    members: list[Extraction], anchor: dt.date | None, sources: Sources
) -> Relationship:
    from briefing.extract.periods import resolve_date_expr

    rels = [
        replace(m.relationship, level=m.relationship.level.lower())
        if m.relationship.level
        else m.relationship
        for m in members
    ]
    level = vote({m.article.id: r.level for m, r in zip(members, rels, strict=True)}, sources)
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


#: Date mentions a meeting lists (each report gives a few; a flood of copies, thousands).
MAX_MENTIONS = 50


def merge_mentions(members: list[Extraction], sources: Sources) -> list[DateMention]:
    """The date mentions of the independent sources (a copy repeats its source's)."""
    leaders = [
        m for m in members if sources.source_of.get(m.article.id, m.article.id) == m.article.id
    ]
    return [d for m in leaders for d in m.date_mentions][:MAX_MENTIONS]
