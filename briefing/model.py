"""The data shapes that flow through the pipeline, in one place.

ingest -> Article; extract -> Extraction (one per article); merge -> Meeting (one per
bilateral meeting, built from one or more Extractions). Every fact carries its
``evidence``: the sentences (article id + character span in ``Article.text``) it was
read from, so a briefing can footnote it and the merge stage can count corroboration
as the number of distinct articles among its evidence.

Plain dataclasses, no behaviour beyond their ``to_dict`` records (rebuilt from stored
JSON by ``briefing/serialize.py``), so any stage can be run, tested or shipped to a worker
process on its own. The vocabularies the stages share (metrics, statuses, meeting types)
are defined here once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: Kinds of meeting; on a tie between reports the merge keeps the earlier one.
MEETING_TYPES = ("meeting", "phone_call", "video_call")
#: Finer kinds of an in-person meeting (``MeetingKind.kind``), as the reports call it; on a
#: tie between reports the merge keeps the earlier one here.
MEETING_KINDS = ("state_visit", "official_visit", "working_visit", "sidelines", "envoy_received")
#: The figures that measure trade between the two states, in the order the note's headline,
#: the charts and the meeting listings consider them.
TRADE_METRICS = ("trade_turnover", "exports", "imports")
#: Every figure metric, in the order a meeting lists its figures.
FIGURE_METRICS = (*TRADE_METRICS, "investment", "other")
#: Agreement statuses, strongest claim first: when reports of one meeting give a document
#: different statuses equally often, the merge keeps the earlier one here.
AGREEMENT_STATUSES = ("signed", "referenced", "proposed")
#: Position of each status in ``AGREEMENT_STATUSES`` (lower is stronger), for sort keys.
AGREEMENT_STATUS_RANK = {status: rank for rank, status in enumerate(AGREEMENT_STATUSES)}


def content_id(*parts: str, length: int = 12) -> str:
    """Stable short id derived from content, never from run order or time."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Article:
    """One report as read from a file, feed or URL. ``text`` is the plain text used for
    extraction; all evidence spans are offsets into it."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    publisher: str | None = None
    url: str | None = None
    path: str | None = None  # where it was read from (file path or URL)

    @staticmethod
    def make_id(text: str) -> str:
        """Article ids hash the normalised text: the same report read twice (or from a
        different file name) gets the same id."""
        return "a" + content_id(" ".join(text.split()))

    def source_dict(self) -> dict[str, Any]:
        """The ``sources`` entry of the meeting schema."""
        return {
            "article_id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "path_or_url": self.url or self.path,
        }


@dataclass(frozen=True)
class Evidence:
    """Provenance of a fact: the sentence of an article it was read from."""

    article_id: str
    start: int
    end: int
    text: str


def _fact_record(fact: Any, *, sources: bool = True) -> dict[str, Any]:
    """The record of a fact: its fields in order, then (``sources``) the ids of the
    articles that support it, then its evidence. Every fact class's ``to_dict``."""
    record = {f.name: getattr(fact, f.name) for f in fields(fact) if f.name != "evidence"}
    if sources:
        record["sources"] = sorted({e.article_id for e in fact.evidence})
    record["evidence"] = [asdict(e) for e in fact.evidence]
    return record


def corroboration(evidence: list[Evidence]) -> int:
    """Number of distinct articles that support a fact."""
    return len({e.article_id for e in evidence})


@dataclass
class Participant:
    name: str
    title: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self)


@dataclass
class Location:
    city: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self, sources=False)


@dataclass
class DateMention:
    """One piece of date evidence for the meeting day, kept so that the merge stage can
    flag contradictions (a weekday that does not match the date)."""

    kind: str  # "dateline", "explicit", "relative", "weekday", "published"
    phrase: str  # as written: "April 23", "on Tuesday", "today"
    value: str | None  # resolved YYYY-MM-DD, None when it cannot be resolved
    weekday: str | None = None  # "Tuesday" when the phrase names a weekday
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self, sources=False)


@dataclass
class TopicHit:
    topic: str  # id from the taxonomy (spec/topics.md)
    evidence: list[Evidence] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)  # the cue phrases that matched

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self)


@dataclass
class Figure:
    """A trade or investment figure. ``period_expr`` keeps a relative period ("last
    year") so a later stage can resolve it once a meeting date is known.

    An amount in US dollars is ``value_usd``; an amount in another currency is ``value``
    with its ISO 4217 ``currency`` and is never converted (no exchange rate of the day
    is known), so ``value_usd`` stays None. A report giving both ("US$5.4 billion
    (RM24.1 billion)") fills both."""

    metric: str
    value_usd: float | None = None
    change_pct: float | None = None
    period: str | None = None  # "2024", "YYYY-MM" or "YYYY-MM/YYYY-MM"
    approximate: bool = False
    period_expr: str | None = None  # the period phrase as written, e.g. "last year"
    direction: str | None = None  # for exports/imports: "AZE->CHN" when the text says
    derived: bool = False  # computed, not read (e.g. prior-period value from growth)
    derived_from: str | None = None  # human-readable note on how it was derived
    value: float | None = None  # amount in ``currency`` when that is not US dollars
    currency: str | None = None  # ISO 4217 code of ``value``: "EUR", "ZAR", "CAD"
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self)


@dataclass
class Agreement:
    name: str
    status: str  # signed | referenced | proposed
    date: str | None = None  # YYYY-MM-DD or YYYY-MM
    date_expr: str | None = None  # "today", "last July": resolved later when possible
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self)


@dataclass
class Relationship:
    level: str | None = None
    previous_level: str | None = None
    since: str | None = None  # YYYY-MM-DD or YYYY-MM
    since_expr: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self, sources=False)


@dataclass
class MeetingKind:
    """What kind of occasion an in-person meeting was, beyond ``meeting_type``: a state,
    official or working visit, talks on the sidelines of a named ``event``, an envoy
    received; ``first_visit`` when the reports call it a first visit. Read by the merge
    stage from the sentences that describe the meeting (``briefing/merge/occasion.py``)."""

    kind: str | None = None  # one of MEETING_KINDS, or None (only first_visit known)
    event: str | None = None  # the gathering on whose sidelines it was held, as written
    first_visit: bool = False
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self, sources=False)


@dataclass
class NextStep:
    """Something the sides agreed to do or announced ("agreed to set up a working group",
    "invited the Premier to visit Baku next year"), worded from its verb as written."""

    text: str
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _fact_record(self)


@dataclass
class Extraction:
    """Everything read from one article. ``is_bilateral_meeting`` False comes with a
    ``reason`` that the CLI lists next to the article."""

    article: Article
    is_bilateral_meeting: bool
    reason: str | None = None
    meeting_type: str | None = None
    date: str | None = None
    date_mentions: list[DateMention] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    countries: list[str] = field(default_factory=list)  # two ISO alpha-3, sorted
    participants: list[Participant] = field(default_factory=list)
    topics: list[TopicHit] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    relationship: Relationship = field(default_factory=Relationship)
    story_spans: list[tuple[int, int]] = field(default_factory=list)  # kept text (noise dropped)

    def pair(self) -> tuple[str, str] | None:
        """The two states of a bilateral meeting, sorted; None for anything else. Reports
        are grouped, stored and re-merged by this pair."""
        codes = sorted(set(self.countries))
        if not self.is_bilateral_meeting or len(codes) != 2:
            return None
        return codes[0], codes[1]

    def to_dict(self) -> dict[str, Any]:
        """Schema-shaped record for this article alone (used by ``briefing eval``)."""
        return {
            "is_bilateral_meeting": self.is_bilateral_meeting,
            "reason": self.reason,
            "meeting_type": self.meeting_type,
            "date": self.date,
            "date_mentions": [d.to_dict() for d in self.date_mentions],
            "location": self.location.to_dict(),
            "countries": list(self.countries),
            "participants": [p.to_dict() for p in self.participants],
            "topics": sorted(t.topic for t in self.topics),
            "topic_evidence": [t.to_dict() for t in self.topics],
            "figures": [f.to_dict() for f in self.figures],
            "agreements": [a.to_dict() for a in self.agreements],
            "relationship": self.relationship.to_dict(),
            "sources": [self.article.source_dict()],
        }


@dataclass
class Conflict:
    """Sources disagree on a field. ``values`` maps each article id to what it says."""

    field: str  # "date", "weekday", "location", "figure", ...
    description: str
    # dataclasses.field, spelt out: the attribute above shadows the short name here
    values: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "description": self.description, "values": self.values}


@dataclass
class Meeting:
    """One bilateral meeting, merged from the extractions of one or more articles."""

    id: str
    meeting_type: str | None
    date: str | None
    location: Location
    countries: list[str]
    participants: list[Participant]
    topics: list[TopicHit]
    figures: list[Figure]
    agreements: list[Agreement]
    relationship: Relationship
    articles: list[Article]
    date_mentions: list[DateMention] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kind: MeetingKind | None = None  # the finer kind of an in-person meeting
    next_steps: list[NextStep] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The record of ``spec/meeting.schema.json`` (plus provenance keys)."""
        return {
            "id": self.id,
            "is_bilateral_meeting": True,
            "meeting_type": self.meeting_type,
            "meeting_kind": self.kind.to_dict() if self.kind else None,
            "date": self.date,
            "location": self.location.to_dict(),
            "countries": list(self.countries),
            "participants": [p.to_dict() for p in self.participants],
            "topics": [t.topic for t in self.topics],
            "topic_evidence": [t.to_dict() for t in self.topics],
            "figures": [f.to_dict() for f in self.figures],
            "agreements": [a.to_dict() for a in self.agreements],
            "relationship": self.relationship.to_dict(),
            "sources": [a.source_dict() for a in self.articles],
            "date_mentions": [d.to_dict() for d in self.date_mentions],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "next_steps": [n.to_dict() for n in self.next_steps],
        }
