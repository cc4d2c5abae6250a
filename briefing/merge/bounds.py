"""Bounds on what one report and one meeting hold, so that no input can make a merge or a
briefing unbounded: a report of 100,000 sentences, a feed of 5,000 copies of one story.

A report keeps at most ``MAX_FACTS`` facts of a kind and ``MAX_REPORT_EVIDENCE``
sentences per fact (``bound_extraction``: applied to every extraction, before it is
stored or merged). A meeting keeps at most ``MAX_EVIDENCE`` sentences per fact, but
always one from each independent source that states it, so corroboration stays exact;
what is left out is counted in the fact's ``more_evidence`` (``settle_evidence``, which
also marks the sentences of copies with the source they copy).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from briefing.model import Evidence, Extraction, Meeting

#: Sentences kept per fact of a meeting (more when more independent sources state it).
MAX_EVIDENCE = 12
#: Sentences kept per fact of one report.
MAX_REPORT_EVIDENCE = 20
#: Facts of one kind (figures, agreements, people, topics) kept per report.
MAX_FACTS = 100


def _facts(holder: Extraction | Meeting) -> Iterator[Any]:
    yield holder.location
    yield holder.relationship
    yield from holder.participants
    yield from holder.topics
    yield from holder.figures
    yield from holder.agreements


def bound_extraction(ex: Extraction) -> Extraction:
    """``ex`` with at most ``MAX_FACTS`` facts of a kind and ``MAX_REPORT_EVIDENCE``
    sentences per fact (the first ones; the rest counted in ``more_evidence``)."""
    if not any(
        len(getattr(ex, kind)) > MAX_FACTS
        for kind in ("participants", "topics", "figures", "agreements", "date_mentions")
    ) and all(len(f.evidence) <= MAX_REPORT_EVIDENCE for f in _facts(ex)):
        return ex
    ex = replace(
        ex,
        participants=ex.participants[:MAX_FACTS],
        topics=ex.topics[:MAX_FACTS],
        figures=ex.figures[:MAX_FACTS],
        agreements=ex.agreements[:MAX_FACTS],
        date_mentions=ex.date_mentions[:MAX_FACTS],
    )
    for fact in _facts(ex):
        if len(fact.evidence) > MAX_REPORT_EVIDENCE:
            fact.more_evidence += len(fact.evidence) - MAX_REPORT_EVIDENCE
            fact.evidence = fact.evidence[:MAX_REPORT_EVIDENCE]
    return ex


def settle_evidence(meeting: Meeting) -> Meeting:
    """Mark the sentences of copies (``Evidence.copy_of``) and keep at most
    ``MAX_EVIDENCE`` sentences per fact, one of each independent source first, in the
    order of ``meeting.articles``."""
    order = {a.id: n for n, a in enumerate(meeting.articles)}
    for fact in _facts(meeting):
        kept, left_out = _settle(fact.evidence, meeting.copies, order)
        fact.evidence = kept
        fact.more_evidence += left_out
    if meeting.kind is not None:
        meeting.kind.evidence = _settle(meeting.kind.evidence, meeting.copies, order)[0]
    for step in meeting.next_steps:  # a few, not counted
        step.evidence = _settle(step.evidence, meeting.copies, order)[0]
    return meeting


def _settle(
    evidence: list[Evidence], copies: Mapping[str, str], order: Mapping[str, int]
) -> tuple[list[Evidence], int]:
    def source(e: Evidence) -> str:
        return copies.get(e.article_id, e.article_id)

    kept = evidence
    if len(evidence) > MAX_EVIDENCE:
        first: dict[str, Evidence] = {}
        rest: list[Evidence] = []
        for e in sorted(evidence, key=lambda e: (order.get(e.article_id, len(order)), e.start)):
            if source(e) in first:
                rest.append(e)
            else:
                first[source(e)] = e
        kept = [*first.values(), *rest[: max(0, MAX_EVIDENCE - len(first))]]
        kept.sort(key=lambda e: (e.article_id, e.start, e.end))
    marked = [
        replace(e, copy_of=copies[e.article_id]) if e.article_id in copies else e for e in kept
    ]
    return marked, len(evidence) - len(kept)
