"""Merge the extractions of many reports into one record per bilateral meeting.

Outlets rewrite the same wire story; counting each report as an event inflates the
record, and keeping only one report loses the facts only another outlet gave. So each
meeting takes the union of its reports' facts, every fact lists all the articles that
support it (corroboration = distinct article ids), disagreements become ``Conflict``
records instead of being silently resolved, and values implied by the reports (the
previous year's trade from a growth rate) are added as derived facts.

Grouping, per pair of states:

1. Dated reports join when their dates are at most a day apart (outlets in other time
   zones, or datelines of the day after) unless they name disjoint participants, or,
   on different days, different cities: the same pair meets many times a year.
2. A report without a date joins the meeting it matches best by participants, place
   and content (shared figures, fuzzy-equal agreements, word-shingle Jaccard of the
   story text), when the match is strong enough; otherwise it starts a meeting of its
   own, which later undated reports can join.

Ids are ``YYYY-MM-DD-iso1-iso2`` or ``undated-iso1-iso2-<hash>``; a meeting already in
the archive (``known_ids``: article id -> meeting id) keeps its id when new reports of
it arrive, so links in earlier briefings and e-mails stay valid.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TypeVar

from briefing.model import (
    MEETING_TYPES,
    Agreement,
    Conflict,
    DateMention,
    Evidence,
    Extraction,
    Figure,
    Location,
    Meeting,
    Participant,
    Relationship,
    TopicHit,
    content_id,
)

T = TypeVar("T")

# A dateless report joins a meeting when its match score reaches this (see _match_score).
JOIN_THRESHOLD = 0.5
# Dated reports this many days apart can still be one meeting (time zones, late datelines).
MAX_DAY_GAP = 1
# Two figures of the same metric and period disagree when they differ by more than this.
FIGURE_TOLERANCE = 0.01
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_STATUS_RANK = {"signed": 0, "referenced": 1, "proposed": 2}


# ----------------------------------------------------------------------------- text


# Letters that Unicode decomposition leaves alone, with their usual Latin romanisation.
_ROMANISE = str.maketrans(
    {
        "ə": "a",
        "Ə": "A",
        "ı": "i",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
    }
)


def _fold(text: str) -> str:
    """Lower-case ASCII fold: 'Əliyev' and 'Aliyev', 'Gábor' and 'Gabor' compare equal."""
    text = text.translate(_ROMANISE)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def _stem(word: str) -> str:
    """Crude suffix stripping, enough to equate 'establishment' and 'establishing'."""
    for suffix in ("ments", "ment", "ings", "ing", "ions", "ion", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from briefing.extract.vocab import load_data

    return frozenset(load_data("stopwords.yaml")["stop_words"])


def _shingles(text: str) -> set[str]:
    """Content-word unigrams and bigrams of the story.

    Similarity is computed as exact Jaccard over these sets rather than with MinHash
    signatures: a report is only compared with the few meetings of its own pair of
    states, so exact sets are both cheaper and more precise than estimating, and no
    well-kept library is needed for it (datasketch would add a dependency for nothing).
    Unigrams carry rewrites (outlets paraphrase, so long shingles rarely survive);
    bigrams reward copied wording.
    """
    stop = _stop_words()
    words = [_stem(w) for w in _words(text) if w not in stop and len(w) > 2]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _story_text(ex: Extraction) -> str:
    """The kept story paragraphs (teasers and boilerplate excluded) or the whole text."""
    text = ex.article.text
    if ex.story_spans:
        return "\n".join(text[s:e] for s, e in ex.story_spans)
    return text


# ----------------------------------------------------------------------- matching


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(_words(name))


def same_person(a: Participant, b: Participant) -> bool:
    """Tolerant name match: 'Aliyev' ~ 'Ilham Aliyev' ~ 'Ilham Əliyev', same state."""
    if a.country and b.country and a.country != b.country:
        return False
    ta, tb = _name_tokens(a.name), _name_tokens(b.name)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return set(short) <= set(long_) and (short[-1] == long_[-1] or short[0] == long_[0])


@lru_cache(maxsize=4096)
def _agreement_tokens(name: str) -> frozenset[str]:
    stop = _stop_words()
    return frozenset(_stem(w) for w in _words(name) if w not in stop)


def same_agreement(a: str, b: str) -> bool:
    """Fuzzy token match of document names.

    'Joint Statement on the establishment of a comprehensive strategic partnership' and
    'Joint Statement establishing a comprehensive strategic partnership' have the same
    stemmed content words; a name that only adds words ('... between A and B') is the
    same document too, while 'Joint Declaration on X' and 'Joint Statement on X' differ
    in the word that names the kind of document, which keeps their Jaccard low.
    """
    ta, tb = _agreement_tokens(a), _agreement_tokens(b)
    if not ta or not tb:
        return _fold(a).strip() == _fold(b).strip()
    inter = len(ta & tb)
    if inter / len(ta | tb) >= 0.6:
        return True
    return inter == min(len(ta), len(tb)) and min(len(ta), len(tb)) >= 3


@lru_cache(maxsize=65536)
def _city_key(city: str | None) -> str | None:
    return " ".join(_words(city)) if city else None


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# ------------------------------------------------------------------------ groups


@dataclass
class _Group:
    """Reports believed to describe one meeting, in deterministic order."""

    pair: tuple[str, str]
    members: list[Extraction] = field(default_factory=list)
    # article id -> shingle set, shared by all groups of a run (see group_extractions)
    shingle_cache: dict[str, set[str]] = field(default_factory=dict)

    @property
    def dates(self) -> list[dt.date]:
        return [d for d in (_parse_date(m.date) for m in self.members) if d]

    @property
    def cities(self) -> set[str]:
        return {c for c in (_city_key(m.location.city) for m in self.members) if c}

    @property
    def participants(self) -> list[Participant]:
        """Each person once (by name and state), however many reports name them."""
        seen: dict[tuple, Participant] = {}
        for p in (p for m in self.members for p in m.participants):
            seen.setdefault((_name_tokens(p.name), p.country), p)
        return list(seen.values())

    def shingles(self, ex: Extraction) -> set[str]:
        if ex.article.id not in self.shingle_cache:
            self.shingle_cache[ex.article.id] = _shingles(_story_text(ex))
        return self.shingle_cache[ex.article.id]


def _participant_overlap(a: list[Participant], b: list[Participant]) -> float | None:
    """Share of the smaller side's people found on the other side; None if one is empty."""
    if not a or not b:
        return None
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(any(same_person(p, q) for q in big) for p in small) / len(small)


def _figure_overlap(ex: Extraction, group: _Group) -> float:
    values = {round(f.value_usd, -6) for f in ex.figures if f.value_usd}
    others = {round(f.value_usd, -6) for m in group.members for f in m.figures if f.value_usd}
    return 1.0 if values & others else 0.0


def _agreement_overlap(ex: Extraction, group: _Group) -> float:
    names = [a.name for m in group.members for a in m.agreements]
    return 1.0 if any(same_agreement(a.name, n) for a in ex.agreements for n in names) else 0.0


def _match_score(ex: Extraction, group: _Group) -> float:
    """How well a report without a date fits a group (about 0..1.3; joins at 0.5).

    People (0.35), place (+0.25 same city, -0.5 a different one), story text (0.4, a
    word-shingle Jaccard of 0.3 counts as full), shared figure values (0.15) and
    agreements (0.1), and a weekday that fits the group's date (0.05). A different kind
    of meeting (a phone call vs talks in person) costs 0.3: the same two leaders talk
    about the same subjects many times a year, so people and words alone are not enough.
    """
    overlap = _participant_overlap(ex.participants, group.participants)
    score = 0.35 * (overlap if overlap is not None else 0.3)
    city = _city_key(ex.location.city)
    if city and group.cities:
        score += 0.25 if city in group.cities else -0.5
    types = {m.meeting_type for m in group.members if m.meeting_type}
    if ex.meeting_type and types and ex.meeting_type not in types:
        score -= 0.3
    mine = group.shingles(ex)
    text = max((jaccard(mine, group.shingles(m)) for m in group.members), default=0.0)
    score += 0.4 * min(1.0, text / 0.3)
    score += 0.15 * _figure_overlap(ex, group) + 0.1 * _agreement_overlap(ex, group)
    dates = group.dates
    weekdays = {m.weekday.capitalize() for m in ex.date_mentions if _names_weekday(m)}
    if dates and weekdays and WEEKDAYS[dates[0].weekday()] in weekdays:
        score += 0.05
    return score


def _date_fits(ex: Extraction, group: _Group) -> bool:
    """A report cannot describe a meeting that happened long before or after it was
    published."""
    published = _parse_date(ex.article.published)
    if published is None or not group.dates:
        return True
    return all(-60 <= (published - d).days <= 1 for d in group.dates)


def _dated_compatible(a: Extraction, group: _Group) -> bool:
    day = _parse_date(a.date)
    assert day is not None
    for other in group.members:
        gap = abs((day - _parse_date(other.date)).days)
        if gap > MAX_DAY_GAP:
            return False
        overlap = _participant_overlap(a.participants, other.participants)
        if overlap == 0.0:
            return False
        ca, cb = _city_key(a.location.city), _city_key(other.location.city)
        if gap and ca and cb and ca != cb:
            return False
    return True


def _sort_key(ex: Extraction) -> tuple:
    return (ex.date is None, ex.date or "", ex.article.published or "", ex.article.id)


def group_extractions(extractions: Iterable[Extraction]) -> list[_Group]:
    """Group bilateral-meeting extractions into meetings (see the module docstring)."""
    by_pair: dict[tuple[str, str], list[Extraction]] = {}
    seen: set[str] = set()
    for ex in sorted(extractions, key=_sort_key):
        countries = sorted(set(ex.countries))
        if not ex.is_bilateral_meeting or len(countries) != 2 or ex.article.id in seen:
            continue
        seen.add(ex.article.id)
        by_pair.setdefault((countries[0], countries[1]), []).append(ex)
    groups: list[_Group] = []
    cache: dict[str, set[str]] = {}
    for pair in sorted(by_pair):
        pair_groups: list[_Group] = []
        by_day: dict[dt.date, list[_Group]] = {}  # dated groups by each of their days
        for ex in by_pair[pair]:  # dated first (sort key), so undated ones see all dates
            day = _parse_date(ex.date)
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
                target = _Group(pair, shingle_cache=cache)
                pair_groups.append(target)
            target.members.append(ex)
            if day:
                by_day.setdefault(day, []).append(target)
        groups.extend(pair_groups)
    return groups


# ------------------------------------------------------------------------ merging


def _union_evidence(*lists: Iterable[Evidence]) -> list[Evidence]:
    out: dict[tuple[str, int, int], Evidence] = {}
    for lst in lists:
        for e in lst:
            out.setdefault((e.article_id, e.start, e.end), e)
    return sorted(out.values(), key=lambda e: (e.article_id, e.start, e.end))


def _most_common(values: list[T], tiebreak: Callable[[T], object] | None = None) -> T | None:
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


def _merge_date(members: list[Extraction], conflicts: list[Conflict]) -> str | None:
    dated = {m.article.id: m.date for m in members if m.date}
    date = _most_common(list(dated.values()), tiebreak=lambda d: d)
    if len(set(dated.values())) > 1:
        conflicts.append(
            Conflict(
                "date",
                f"Sources give different dates; {date} is used.",
                dict(sorted(dated.items())),
            )
        )
    return date


def _names_weekday(d: DateMention) -> bool:
    """The report itself says "on Tuesday": a weekday computed from a dateline or the
    publication date is no claim about the meeting day."""
    return bool(d.weekday) and d.kind != "published" and (d.weekday.lower() in d.phrase.lower())


def _weekday_conflicts(members: list[Extraction], date: str | None) -> list[Conflict]:
    """A report whose weekdays all miss the merged date's weekday contradicts it.

    Reports name several days ("arrived on Monday ... talks on Wednesday"), so a report
    that names the right weekday anywhere agrees; otherwise its first weekday (the lead
    states the meeting) is the conflicting claim. One conflict per report at most.
    """
    day = _parse_date(date)
    if day is None:
        return []
    actual = WEEKDAYS[day.weekday()]
    dated_by = sorted(m.article.id for m in members if m.date == date)
    out = []
    for m in members:
        said = sorted(
            (d for d in m.date_mentions if _names_weekday(d)),
            key=lambda d: min((e.start for e in d.evidence), default=0),
        )
        if not said or any(d.weekday.capitalize() == actual for d in said):
            continue
        weekday = said[0].weekday.capitalize()
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


def _merge_location(members: list[Extraction], conflicts: list[Conflict]) -> Location:
    cities = [_city_key(m.location.city) for m in members]
    best = _most_common(cities)
    if best is None:
        country = _most_common([m.location.country for m in members])
        ev = _union_evidence(
            *(m.location.evidence for m in members if m.location.country == country)
        )
        return Location(None, country, ev)
    chosen = [m for m, c in zip(members, cities, strict=True) if c == best]
    named = {m.article.id: m.location.city for m, c in zip(members, cities, strict=True) if c}
    if len({_city_key(c) for c in named.values()}) > 1:
        conflicts.append(
            Conflict(
                "location",
                f"Sources name different places; {chosen[0].location.city} is used.",
                dict(sorted(named.items())),
            )
        )
    country = _most_common([m.location.country for m in chosen])
    return Location(
        chosen[0].location.city, country, _union_evidence(*(m.location.evidence for m in chosen))
    )


def _merge_participants(members: list[Extraction]) -> list[Participant]:
    merged: list[list[Participant]] = []
    everyone = [p for m in members for p in m.participants]
    # Full names first, so a bare surname attaches to the person it abbreviates.
    for p in sorted(everyone, key=lambda p: -len(_name_tokens(p.name))):
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
                -len(_name_tokens(n)),
                -counts[n],
                -sum(not c.isascii() for c in n),
                -len(n),
                n,
            ),
        )
        titles = [p.title for p in bucket if p.title]
        title = _most_common(titles, tiebreak=lambda t: -len(t))
        country = _most_common([p.country for p in bucket])
        out.append(
            Participant(name, title, country, _union_evidence(*(p.evidence for p in bucket)))
        )
    return out


def _merge_topics(members: list[Extraction]) -> list[TopicHit]:
    by_topic: dict[str, TopicHit] = {}
    for m in members:
        for t in m.topics:
            hit = by_topic.setdefault(t.topic, TopicHit(t.topic))
            hit.evidence = _union_evidence(hit.evidence, t.evidence)
            hit.cues = sorted(set(hit.cues) | set(t.cues))
    return [by_topic[k] for k in sorted(by_topic)]


def _resolved_figures(m: Extraction, anchor: dt.date | None) -> list[Figure]:
    from briefing.extract.periods import resolve_period

    out = []
    for f in m.figures:
        if f.period is None and f.period_expr and anchor is not None:
            f = replace(f, period=resolve_period(f.period_expr, anchor))
        out.append(f)
    return out


def _figure_key(f: Figure, index: int) -> tuple:
    """Same metric, direction and period: the same fact. An unresolved period groups by its
    phrase; a figure with neither stays a fact of its own (``index``)."""
    if f.period:
        return (f.metric, f.direction, f.period)
    if f.period_expr:
        return (f.metric, f.direction, "expr:" + _fold(f.period_expr))
    return (f.metric, f.direction, f"#{index}")


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) > FIGURE_TOLERANCE * max(abs(a), abs(b), 1e-9)


def _compatible(a: Figure, b: Figure) -> bool:
    """No number of one contradicts the other. Amounts in two different currencies
    ("$5.4 billion", "RM24 billion") are not compared: no rate of the day is known."""
    return (
        not _differs(a.value_usd, b.value_usd)
        and not _differs(a.change_pct, b.change_pct)
        and (a.currency != b.currency or not _differs(a.value, b.value))
    )


def _same_numbers(a: Figure, b: Figure) -> bool:
    """Both give the same amount (or, when one has no amount, the same change)."""
    if (a.value_usd is not None and b.value_usd is not None) or (
        a.value is not None and a.currency == b.currency and b.value is not None
    ):
        return _compatible(a, b)
    return (
        a.change_pct is not None
        and b.change_pct is not None
        and not _differs(a.change_pct, b.change_pct)
    )


def _fmt_figure(f: Figure) -> str:
    parts = []
    for value, sign in ((f.value_usd, "$"), (f.value, f"{f.currency} ")):
        if value is not None:
            parts.append(
                f"{sign}{value / 1e9:.3g} billion"
                if value >= 1e9
                else f"{sign}{value / 1e6:.3g} million"
            )
    if f.change_pct is not None:
        parts.append(f"{f.change_pct:+g}%")
    return ", ".join(parts) or "no value"


def _combine(figs: list[tuple[str, Figure]]) -> Figure:
    """Figures that agree, as one fact with the union of their numbers and evidence."""
    base = figs[0][1]
    valued = next((f for _, f in figs if f.value is not None), None)
    return replace(
        base,
        value_usd=next((f.value_usd for _, f in figs if f.value_usd is not None), None),
        value=valued.value if valued else None,
        currency=valued.currency if valued else None,
        change_pct=next((f.change_pct for _, f in figs if f.change_pct is not None), None),
        approximate=any(f.approximate for _, f in figs),
        period_expr=next((f.period_expr for _, f in figs if f.period_expr), None),
        evidence=_union_evidence(*(f.evidence for _, f in figs)),
    )


def _merge_figure_group(figs: list[tuple[str, Figure]], conflicts: list[Conflict]) -> list[Figure]:
    """The figures of one metric and period: one fact with the value most sources give,
    and a conflict naming each source's value when another source disagrees. When one
    report itself gives two values they are two different facts, not a disagreement."""
    clusters: list[list[tuple[str, Figure]]] = []
    for aid, f in figs:
        home = next((c for c in clusters if _compatible(_combine(c), f)), None)
        if home is None:
            clusters.append([(aid, f)])
        else:
            home.append((aid, f))
    if len(clusters) == 1:
        return [_combine(clusters[0])]
    articles = [{aid for aid, _ in c} for c in clusters]
    if any(a & b for i, a in enumerate(articles) for b in articles[i + 1 :]):
        return [_combine(c) for c in clusters]
    clusters.sort(key=lambda c: (-len({aid for aid, _ in c}), min(aid for aid, _ in c)))
    merged = _combine(clusters[0])
    values = {aid: _fmt_figure(_combine(c)) for c in clusters for aid, _ in c}
    label = merged.metric.replace("_", " ")
    conflicts.append(
        Conflict(
            "figure",
            f"Sources give different values for {label} ({merged.period or 'period unknown'});"
            f" {_fmt_figure(merged)} is used.",
            dict(sorted(values.items())),
        )
    )
    return [merged]


def _previous_period(period: str | None) -> str | None:
    """'2024' -> '2023'; '2025-01/2025-03' -> '2024-01/2024-03', '2025-02' -> '2024-02'
    (growth rates of part of a year compare with the same months a year earlier)."""
    if not period:
        return None
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) - 1)
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return f"{int(period[:4]) - 1}{period[4:]}"
    m = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", period)
    if m:
        return f"{int(m[1]) - 1}-{m[2]}/{int(m[3]) - 1}-{m[4]}"
    return None


def derive_figures(figures: list[Figure]) -> list[Figure]:
    """Previous-period values implied by a value and its growth rate, marked derived."""
    have = {(f.metric, f.direction, f.period) for f in figures if f.value_usd is not None}
    out = []
    for f in figures:
        prev = _previous_period(f.period)
        if (
            f.derived
            or f.value_usd is None
            or f.change_pct is None
            or f.change_pct <= -100
            or prev is None
            or (f.metric, f.direction, prev) in have
        ):
            continue
        value = float(f"{f.value_usd / (1 + f.change_pct / 100):.3g}")
        out.append(
            Figure(
                metric=f.metric,
                value_usd=value,
                period=prev,
                approximate=True,
                direction=f.direction,
                derived=True,
                derived_from=(
                    f"computed: {_fmt_figure(replace(f, change_pct=None))} in {f.period}"
                    f" after {f.change_pct:g}% growth implies about "
                    f"{_fmt_figure(Figure(f.metric, value))} in {prev}"
                ),
                evidence=list(f.evidence),
            )
        )
        have.add((f.metric, f.direction, prev))
    return out


def _merge_figures(
    members: list[Extraction], anchor: dt.date | None, conflicts: list[Conflict]
) -> list[Figure]:
    groups: dict[tuple, list[tuple[str, Figure]]] = {}
    loose: list[tuple[str, Figure]] = []  # no period at all: matched by their numbers
    for m in members:
        for f in _resolved_figures(m, anchor):
            if f.period or f.period_expr:
                groups.setdefault(_figure_key(f, 0), []).append((m.article.id, f))
            else:
                loose.append((m.article.id, f))
    for i, (aid, f) in enumerate(loose):
        home = next(
            (
                g
                for key, g in groups.items()
                if key[:2] == (f.metric, f.direction) and any(_same_numbers(f, x) for _, x in g)
            ),
            None,
        )
        if home is None:
            groups[_figure_key(f, i)] = [(aid, f)]
        else:
            home.append((aid, f))
    merged = [f for g in groups.values() for f in _merge_figure_group(g, conflicts)]
    merged.extend(derive_figures(merged))
    metric_order = {"trade_turnover": 0, "exports": 1, "imports": 2, "investment": 3}
    return sorted(
        merged,
        key=lambda f: (
            metric_order.get(f.metric, 9),
            f.direction or "",
            f.period or "",
            f.derived,
            f.value_usd or 0,
            f.change_pct or 0,
        ),
    )


def _merge_agreements(members: list[Extraction], anchor: dt.date | None) -> list[Agreement]:
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
        status = _most_common([a.status for a in b], tiebreak=lambda s: _STATUS_RANK.get(s, 9))
        dates = [a.date for a in b if a.date]
        date = _most_common(dates, tiebreak=lambda d: (-len(d), d))
        out.append(
            Agreement(
                name,
                status or "referenced",
                date,
                next((a.date_expr for a in b if a.date_expr), None),
                _union_evidence(*(a.evidence for a in b)),
            )
        )
    return out


def _merge_relationship(members: list[Extraction], anchor: dt.date | None) -> Relationship:
    from briefing.extract.periods import resolve_date_expr

    rels = [
        replace(m.relationship, level=m.relationship.level.lower())
        if m.relationship.level
        else m.relationship
        for m in members
    ]
    level = _most_common([r.level for r in rels])
    agree = [r for r in rels if r.level == level] if level else rels
    since = [
        r.since or (resolve_date_expr(r.since_expr, anchor) if r.since_expr and anchor else None)
        for r in agree
    ]
    return Relationship(
        level=level,
        previous_level=_most_common([r.previous_level for r in agree]),
        since=_most_common([s for s in since if s], tiebreak=lambda d: (-len(d), d)),
        since_expr=next((r.since_expr for r in agree if r.since_expr), None),
        evidence=_union_evidence(*(r.evidence for r in agree if r.level or r.evidence)),
    )


def _merge_mentions(members: list[Extraction]) -> list[DateMention]:
    return [d for m in members for d in m.date_mentions]


def _merge_group(group: _Group, meeting_id: str) -> Meeting:
    members = sorted(group.members, key=_sort_key)
    conflicts: list[Conflict] = []
    date = _merge_date(members, conflicts)
    anchor = _parse_date(date)
    conflicts.extend(_weekday_conflicts(members, date))
    location = _merge_location(members, conflicts)
    figures = _merge_figures(members, anchor, conflicts)
    type_rank = {t: i for i, t in enumerate(MEETING_TYPES)}
    return Meeting(
        id=meeting_id,
        meeting_type=_most_common(
            [m.meeting_type for m in members], tiebreak=lambda t: type_rank.get(t, 9)
        ),
        date=date,
        location=location,
        countries=list(group.pair),
        participants=_merge_participants(members),
        topics=_merge_topics(members),
        figures=figures,
        agreements=_merge_agreements(members, anchor),
        relationship=_merge_relationship(members, anchor),
        articles=sorted((m.article for m in members), key=lambda a: (a.published or "9999", a.id)),
        date_mentions=_merge_mentions(members),
        conflicts=sorted(conflicts, key=lambda c: (c.field, c.description)),
    )


# ---------------------------------------------------------------------------- ids


def base_id(date: str | None, pair: tuple[str, str], article_ids: list[str]) -> str:
    """Content-derived id. Undated meetings hash their first article id, so adding a
    later report (a larger id) does not change it even without the archive."""
    iso = f"{pair[0]}-{pair[1]}".lower()
    if date:
        return f"{date}-{iso}"
    return f"undated-{iso}-{content_id(min(article_ids), length=8)}"


def _assign_ids(groups: list[_Group], known_ids: dict[str, str]) -> list[str]:
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
        members = sorted(g.members, key=_sort_key)
        date = _most_common([m.date for m in members if m.date], tiebreak=lambda d: d)
        base = base_id(date, g.pair, [m.article.id for m in members])
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        ids[i] = candidate
        used.add(candidate)
    return [i for i in ids if i is not None]


def merge(
    extractions: list[Extraction], *, known_ids: dict[str, str] | None = None
) -> list[Meeting]:
    """One ``Meeting`` per bilateral meeting, sorted by date (undated last) and id."""
    groups = group_extractions(extractions)
    ids = _assign_ids(groups, known_ids or {})
    meetings = [_merge_group(g, mid) for g, mid in zip(groups, ids, strict=True)]
    return sorted(meetings, key=lambda m: (m.date is None, m.date or "", m.id))
