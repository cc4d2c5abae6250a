"""Is the report about a meeting between exactly two states, and was it a call?

Both are weighings of evidence over the page, with fitted weights (``weights.yaml``):

- ``meeting``: how sure the two sides are (the state model's probabilities of the best
  two candidates and of the third), whether the headline and the lead report a meeting,
  talks or a call, whether a person of each side is named, and what speaks against one:
  a summit or a third state in the lead, only a planned visit, remarks or an interview, a
  company or an international organisation on the other side, a statistics story.
  A report that is not taken gets the reason of the feature that weighed most against
  it (``cues.yaml`` ``reasons``), so users see why.
- ``call`` and ``video``: call cues in the headline, lead and meeting sentences against
  signs of being together (a visit, a venue, a handshake).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.document import Document
from briefing.extract.entities import Entity, People
from briefing.extract.offices import organisations_re
from briefing.extract.sides import TWO_SIDES_RE, Candidate, mention_contexts
from briefing.extract.weights import model
from briefing.vocab import data_pattern, load_data

_EARLY = 3
_PLURAL_COUNTERPART_RE = re.compile(
    r"\bcounterparts\b|\b(?:with|and)\s+(?:the\s+)?leaders\s+of\b", re.I
)
_NEAR = 6


@dataclass(frozen=True)
class _Cues:
    negatives: tuple[tuple[str, re.Pattern[str]], ...]  # feature, pattern
    multilateral: re.Pattern[str]
    statistics: re.Pattern[str]
    future: re.Pattern[str]
    past: re.Pattern[str]
    hypothetical: re.Pattern[str]
    spokesperson: re.Pattern[str]
    sidelines: re.Pattern[str]
    background: re.Pattern[str]
    reasons: dict[str, str]
    phone: re.Pattern[str]
    video: re.Pattern[str]
    spoke: re.Pattern[str]
    in_person: re.Pattern[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    c = load_data("cues.yaml")

    def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
        return re.compile("|".join(patterns), re.I)

    return _Cues(
        tuple((n["feature"], re.compile(n["pattern"], re.I)) for n in c["not_meeting"]),
        re.compile(c["multilateral"], re.I),
        re.compile(c["statistics"], re.I),
        re.compile(c["future"], re.I),
        re.compile(c["past_meeting"], re.I),
        re.compile(c["hypothetical"], re.I),
        re.compile(c["spokesperson"], re.I),
        data_pattern(c["sidelines"]),
        re.compile(c["background"], re.I),
        dict(c["reasons"]),
        any_of(c["phone_call"]),
        any_of(c["video_call"]),
        any_of(c["spoke"]),
        any_of(c["in_person"]),
    )


def _texts(doc: Document, idx: Iterable[int]) -> list[str]:
    return [doc.sents[i].text for i in idx]


def meeting_features(
    doc: Document,
    people: People,
    cands: list[Candidate],
    chosen: dict[str, tuple[Entity, float] | None],
) -> dict[str, float]:
    """Evidence for and against a bilateral meeting (see the module docstring)."""
    cues = _cues()
    prose = doc.prose()
    lead = doc.lead
    top = [
        i
        for i, s in enumerate(doc.sents)
        if s.zone == "title" or (s.zone == "header" and (lead is None or i < lead))
    ]
    opening = _texts(doc, [*top, *([lead] if lead is not None else [])])
    early = _texts(doc, prose[:_EARLY])
    near = [i for i in prose[:_NEAR]]
    meeting_near = [i for i in near if doc.sents[i].meeting]
    p = [c.probability for c in cands] + [0.0, 0.0, 0.0]
    # where the meeting is reported: sentences with a meeting cue (headline lines too)
    where = set(meeting_near) | {i for i in top if doc.sents[i].meeting}
    present = 0  # sides with a person or an office holder there
    named = 0  # ... with a person named there
    if any(TWO_SIDES_RE.search(doc.sents[i].text) for i in where if doc.sents[i].zone == "prose"):
        present = len(chosen)  # "the two leaders agreed": both sides are there
    for st, c in chosen.items():
        person = c is not None and bool(c[0].sents & where)
        named += person
        if present < len(chosen) and (
            person or any(r.state == st and r.sentence in where for r in people.roles)
        ):
            present += 1
    in_lead = [e for e in people.entities if e.state and lead in e.sents]
    same_state = (
        len(in_lead) >= 2
        and len({e.state for e in in_lead}) == 1
        and not any(
            r.state and r.state != in_lead[0].state and r.sentence == lead for r in people.roles
        )
    )
    lead_states = _side_states(doc, lead) if lead is not None else set()
    for i in prose[:2]:  # an opening that lists the states of a gathering
        if cues.multilateral.search(doc.sents[i].text):
            lead_states |= _side_states(doc, i)
    lead_text = doc.sents[lead].text if lead is not None else ""
    future_only = (
        bool(cues.future.search(lead_text))
        and not _happened(lead_text, cues)
        and not any(_happened(t, cues) for t in _texts(doc, near))
    )
    f = {
        "p1": p[0],
        "p2": p[1],
        "p3": p[2],
        "meeting_title": float(any(doc.sents[i].meeting for i in top)),
        "meeting_lead": float(lead is not None and doc.sents[lead].meeting),
        "meeting_near": min(3, len(meeting_near)) / 3,
        "named": named / 2,
        "people": present / 2,
        "same_state": float(same_state),
        "multilateral": float(any(cues.multilateral.search(t) for t in opening)),
        "multilateral_early": float(any(cues.multilateral.search(t) for t in early)),
        "sidelines": float(any(cues.sidelines.search(t) for t in [*opening, *early])),
        "many_states": float(max(0, len(lead_states) - 2)),
        "future_only": float(future_only),
        # no sentence says, in the past (or the present of news) and of this meeting, that
        # the sides met: a visit still to come
        "no_past": float(
            not any(
                _happened(t, cues) and not cues.background.search(t)
                for t in [lead_text, *_texts(doc, meeting_near)]
            )
        ),
        "organisation_lead": float(bool(organisations_re().search(lead_text))),
        # the share of the sentences reporting the meeting that speak of it in the future
        "future_share": sum(
            bool(cues.future.search(t) and not cues.past.search(t))
            for t in _texts(doc, meeting_near or near[:1])
        )
        / max(1, len(meeting_near or near[:1])),
        # "his Jordanian and Iraqi counterparts": several other sides
        "counterparts": float(any(_PLURAL_COUNTERPART_RE.search(t) for t in opening)),
        "hypothetical": float(
            bool(cues.hypothetical.search(lead_text) and cues.spokesperson.search(lead_text))
        ),
        "statistics": float(not present and any(cues.statistics.search(t) for t in early)),
        "organisation": float(
            any(e.organisation and e.sents & set(meeting_near) for e in people.entities)
        ),
    }
    # in the lead and the first sentence of prose (a scraped title or the lines above the
    # story may be another story's)
    said = [lead_text, *_texts(doc, prose[:1])]
    for name, pattern in cues.negatives:
        f[name] = float(any(pattern.search(t) for t in said))
    return f


def _happened(text: str, cues: _Cues) -> bool:
    """Does ``text`` say the sides met, in the past or the present of news, and not as a
    plan ("will meet", "expected to hold talks")? A future word just before the verb
    makes it a plan; one elsewhere in the sentence ("will work together, said the
    presidents, who met ...") does not."""
    for m in cues.past.finditer(text):
        if not _PLANNED_RE.search(text[max(0, m.start() - 30) : m.start()]):
            return True
    return False


_PLANNED_RE = re.compile(
    r"\b(?:will|shall|would|can|could|may|might|to|be|expected|scheduled|set|due|plans?|"
    r"planned|intends?|going|hopes?|hoped|wants?)\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)


def _side_states(doc: Document, i: int) -> set[str]:
    """States sentence ``i`` names as parties, not as a venue or a subject."""
    return {st for st, reads in mention_contexts(doc, i).items() if reads["side"]}


def decide(features: dict[str, float]) -> tuple[bool, float, str | None]:
    """(is a bilateral meeting, its probability, the reason when not)."""
    m = model("meeting")
    prob = m.probability(features)
    if prob >= m.threshold:
        return True, prob, None
    return False, prob, reason(features)


def reason(features: dict[str, float]) -> str:
    """The first reason (in the order of ``cues.yaml`` ``reasons``) whose feature is
    present and counts against a meeting; else why no pair was found."""
    cues = _cues()
    weights = model("meeting").weights
    for name, text in cues.reasons.items():
        if features.get(name, 0.0) > 0 and weights.get(name, 0.0) <= 0:
            return text
    if features.get("p2", 0.0) < 0.2:
        return cues.reasons["one_state"]
    if features.get("people", 0.0) < 1:
        return cues.reasons["no_people"]
    return cues.reasons["no_meeting"]


def call_features(doc: Document, principals: Iterable[Entity]) -> dict[str, float]:
    """Cues of a phone or video call against cues of meeting in person."""
    cues = _cues()
    lead = doc.lead
    prose = doc.prose()
    top = [
        i
        for i, s in enumerate(doc.sents)
        if s.zone == "title" or (s.zone == "header" and (lead is None or i < lead))
    ]
    lead_text = doc.sents[lead].text if lead is not None else ""
    meeting = [i for i in prose if doc.sents[i].meeting]
    story = _texts(doc, prose)
    title = _texts(doc, top)

    def share(rx: re.Pattern[str], texts: list[str]) -> float:
        return sum(bool(rx.search(t)) for t in texts) / max(1, len(texts))

    return {
        "phone_lead": float(bool(cues.phone.search(lead_text))),
        "phone_title": float(any(cues.phone.search(t) for t in title)),
        "phone_meeting": share(cues.phone, _texts(doc, meeting)),
        "phone_any": float(any(cues.phone.search(t) for t in story)),
        "video_lead": float(bool(cues.video.search(lead_text))),
        "video_title": float(any(cues.video.search(t) for t in title)),
        "video_any": float(any(cues.video.search(t) for t in story)),
        "spoke_lead": float(bool(cues.spoke.search(lead_text))),
        "in_person_lead": float(bool(cues.in_person.search(lead_text))),
        "in_person_title": float(any(cues.in_person.search(t) for t in title)),
        "in_person_meeting": share(cues.in_person, _texts(doc, meeting)),
    }


def type_of(texts: Iterable[str]) -> str | None:
    """ "video_call" or "phone_call" when the texts say so, else None."""
    cues = _cues()
    texts = list(texts)
    if any(cues.video.search(t) for t in texts):
        return "video_call"
    if any(cues.phone.search(t) for t in texts):
        return "phone_call"
    return None


def meeting_type(features: dict[str, float]) -> str:
    """ "phone_call", "video_call" or "meeting"."""
    if model("call").probability(features) < model("call").threshold:
        return "meeting"
    return (
        "video_call"
        if model("video").probability(features) >= model("video").threshold
        else "phone_call"
    )
