"""Is the report about a meeting between exactly two states? If not, say why.

A bilateral meeting needs a sentence that reports a meeting, talks or a call and names
the two sides: two people of different states, or one person and an office holder or
state on the other side ("the Presidents of Chile and Peru held talks"). Reports of
summits, interviews, remarks to reporters, a leader meeting a company, announcements of a
visit still to come, and statistics stories are not, and get a human-readable reason.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.extract.people import Principal
from briefing.extract.vocab import load_data


@lru_cache(maxsize=1)
def _cues() -> tuple[list[tuple[re.Pattern[str], str, bool]], re.Pattern[str], re.Pattern[str]]:
    cues = load_data("cues.yaml")
    negatives = [
        (re.compile(n["pattern"], re.I), n["reason"], bool(n.get("counterpart")))
        for n in cues["not_meeting"]
    ]
    return negatives, re.compile(cues["multilateral"], re.I), re.compile(cues["statistics"], re.I)


@lru_cache(maxsize=1)
def _tense() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_data("cues.yaml")
    return re.compile(cues["future"], re.I), re.compile(cues["past_meeting"], re.I)


@lru_cache(maxsize=1)
def _hearsay() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_data("cues.yaml")
    return re.compile(cues["hypothetical"], re.I), re.compile(cues["spokesperson"], re.I)


def _spokesperson_on_possible_meeting(lead: str) -> bool:
    """The lead is a spokesperson's comment on a meeting that may happen ("no date yet
    for a possible call between A and B, the spokesman told reporters", "said in an
    interview he was ready to meet B"): both leaders are named, but no contact between
    them is reported."""
    hypothetical, spokesperson = _hearsay()
    return bool(hypothetical.search(lead) and spokesperson.search(lead))


def _only_planned(lead: str, story: list[str]) -> bool:
    """The lead announces a future meeting and no sentence says one took place."""
    future, past = _tense()
    if not future.search(lead) or past.search(lead):
        return False
    return not any(past.search(s) and not future.search(s) for s in story)


_BILATERAL_LEAD_RE = re.compile(
    r"\b(?:met|meets|meeting with|talks|bilateral|sidelines|margins|"
    r"call|conversation|phone|telephone|video|received|receives|"
    r"hosted|hosts|discussed|agreed|spoke)\b",
    re.I,
)


_GATHERING_RE = re.compile(
    r"\b(?:trilateral|quadrilateral|multilateral)\s+(?:meeting|summit|talks"
    r"|format)\b",
    re.I,
)


def opens_with_gathering(opening: str, opening_states: set[str], lead: str | None) -> bool:
    """The story opens with a summit or plenary of more than two states ("The plenary
    session ... with the leaders of A, B, C and D") and its lead sentence reports no
    bilateral contact of its own, only what one leader said there; or it opens with a
    trilateral meeting and a later sentence names what its leaders discussed."""
    _, multilateral, _ = _cues()
    if len(opening_states) <= 2 or not multilateral.search(opening):
        return False
    if _GATHERING_RE.search(opening) and opening != lead:
        return True  # "A trilateral meeting of A, B and C was held ... X, Y and Z discussed"
    return not (lead and _BILATERAL_LEAD_RE.search(lead))


def decide(
    principals: list[Principal],
    countries: list[str],
    lead: str | None,
    lead_states: set[str],
    story: list[str],
) -> tuple[bool, str | None]:
    """(is_bilateral_meeting, reason when not). ``lead_states`` are the states whose
    office holders the lead sentence names."""
    negatives, multilateral, statistics = _cues()
    text = " ".join(story)
    if lead is None:
        for rx, reason, counterpart in negatives:
            if not counterpart and rx.search(text):
                return False, reason
        if multilateral.search(text):
            return False, "a multilateral summit or forum, not a meeting of two states"
        if statistics.search(text):
            return False, "a trade or statistics story; no meeting or call is reported"
        return False, "no meeting, talks or call between representatives of two states found"
    if len(lead_states) > 2:
        return False, "a meeting of more than two states, not a bilateral one"
    if any(m.organisation for p in principals for m in p.mentions):
        return False, "a meeting with an international organisation, not between two states"
    sides = {p.country for p in principals if p.country}
    named = [p for p in principals if p.name]
    # "attended the Meeting of the Council of Heads of State of ...": a summit lead with no
    # bilateral contact of its own, even when a host and a guest state are named.
    if multilateral.search(lead) and (len(sides) < 2 or not _BILATERAL_LEAD_RE.search(lead)):
        return False, "a multilateral summit or forum, not a meeting of two states"
    if _spokesperson_on_possible_meeting(lead):
        return False, (
            "remarks (a spokesperson's, an interview) about a possible meeting, "
            "not one that took place"
        )
    if len(principals) < 2:
        for rx, reason, counterpart in negatives:
            if counterpart and rx.search(lead):
                return False, reason
        for rx, reason, counterpart in negatives:
            if not counterpart and rx.search(lead):
                return False, reason
        return False, "only one side of a meeting is named; no second state found"
    if len(sides) == 1 and len(named) == 2 and all(p.country for p in principals):
        return False, "both people named represent the same state"
    if len(countries) < 2:
        return False, "only one state could be identified"
    if _only_planned(lead, story):
        return False, "a planned future visit or meeting, not one that has taken place"
    return True, None
