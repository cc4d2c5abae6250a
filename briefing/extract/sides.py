"""The two sides of a meeting: which states met, and who spoke for each.

Every state the page names is a candidate: by name, demonym, capital or seat of
government ("the Kremlin"), through a person the page or the registry ties to it, through
the dateline, or as the publisher's own state. Each candidate gets features read over the
whole page (named in the headline, in the lead, in sentences that report the meeting,
through a person who met, as someone's counterpart, only as a venue, ...) and a
probability of being a side from the fitted ``state`` model (``weights.yaml``); the two
most probable states are the pair. For each side, the person who met is chosen the same
way among the people of that state (the ``participant`` model).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.extract import countries, dates
from briefing.extract.document import Document
from briefing.extract.entities import Entity, People
from briefing.extract.gazetteer import STATE_KINDS, Gazetteer
from briefing.extract.people import PersonMention
from briefing.extract.weights import model
from briefing.vocab import load_data, phrases_re

# The lead speaks of the two sides without naming them: "the two leaders", "both sides".
TWO_SIDES_RE = re.compile(
    r"\b(?:the|both)\s+(?:two\s+)?(?:leaders|sides|presidents|prime ministers|premiers|"
    r"ministers|foreign ministers|countries|nations|heads of state|delegations|states)\b",
    re.I,
)
_CHOICES = 4  # people weighed per side in the assignment
_SURE = 0.9  # a state this probable is a side whatever the headline says
_HEADLINE_PAIR = 0.75  # how probable the headline's two states are taken to be sides
_EARLY = 3  # prose sentences from the lead that count as the opening
_NEAR = 6  # prose sentences from the lead where meeting sentences count most


@lru_cache(maxsize=1)
def _context() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Words before a state that make it a subject of the talks rather than a side
    ("the situation in Gaza", "the war in Ukraine"), words that make it a venue ("in",
    "at", "in Rio de Janeiro, " before "Brazil"), and the offices of heads of state and
    government."""
    cues = load_data("cues.yaml")
    return (
        re.compile(
            r"(?:" + phrases_re(cues["subject_context"]).pattern + r")\s+(?:the\s+)?$", re.I
        ),
        re.compile(
            r"\b(?:in|at)\s+(?:the\s+)?(?:(?:[A-ZÀ-Ỹ][\w'’.-]*|de|da|do|del|la|el|al)\s+){0,4}"
            r"(?:[A-ZÀ-Ỹ][\w'’.-]*,\s*)?$"
            r"|\b(?:in|at|to|from)\s+(?:the\s+)?$"
        ),
        phrases_re(cues["high_offices"]),
    )


# A capital opening a sentence as a dateline does: "KUALA LUMPUR - ", "Baku, June 3".
_DATELINE_RE = re.compile(r"(?<![\w,] )[^\W\d][\w'’. -]*?\s*(?:[,(]|\s[-–—]\s)")


def mention_contexts(doc: Document, i: int) -> dict[str, Counter[str]]:
    """Per state named in sentence ``i``, how its mentions read: ``subject`` (of the
    talks), ``venue`` (where), ``side`` (the rest)."""
    subject_ctx, venue_ctx, _ = _context()
    s = doc.sents[i]
    out: dict[str, Counter[str]] = {}
    for h in s.hits:
        if h.kind not in STATE_KINDS and h.kind != "city":
            continue
        start = h.start - s.sentence.start if s.evidential else h.start
        before = s.text[max(0, start - 60) : start]
        kind = (
            "subject"
            if subject_ctx.search(before)
            else "venue"
            if venue_ctx.search(before)
            else "side"
        )
        if kind == "side" and (
            h.kind == "city" or h.kind == "capital" and _DATELINE_RE.match(s.text, start)
        ):
            kind = "venue"  # a city is a place before it is a side; so is a dateline's
        out.setdefault(h.key, Counter())[kind] += 1
    for m in s.mentions:
        for st in [m.country, *m.plural_countries]:
            if st:
                out.setdefault(st, Counter())["side"] += 2
    return out


@dataclass
class Candidate:
    state: str
    features: dict[str, float] = field(default_factory=dict)
    probability: float = 0.0


def _mentions_by_sentence(doc: Document, people: People) -> list[Counter[str]]:
    """Per sentence, how often each state is named (hits, people, roles)."""
    out: list[Counter[str]] = [Counter() for _ in doc.sents]
    for i, s in enumerate(doc.sents):
        for h in s.hits:
            if h.kind in STATE_KINDS or h.kind == "city":
                out[i][h.key] += 1
    for e in people.entities:
        if e.state:
            for i in e.sents:
                out[i][e.state] += 1
    for r in people.roles:
        if r.state:
            out[r.sentence][r.state] += 1
    return out


def candidates(
    doc: Document, people: People, gaz: Gazetteer, dateline: dates.Dateline | None
) -> list[Candidate]:
    """Every state the page points to, with its features, most probable first."""
    per_sent = _mentions_by_sentence(doc, people)
    contexts = {i: mention_contexts(doc, i) for i in doc.prose()}
    prose = doc.prose()
    lead = doc.lead
    top = [
        i
        for i, s in enumerate(doc.sents)
        if s.zone == "title" or (s.zone == "header" and (lead is None or i < lead))
    ]
    early = prose[:_EARLY]
    meeting = [i for i in prose[:_NEAR] if doc.sents[i].meeting]
    meeting_any = [i for i in prose if doc.sents[i].meeting]
    states = {k for c in per_sent for k in c}
    publisher = countries.page_states(doc.article.publisher, doc.article.url, gaz)
    if dateline is not None:  # "NEW YORK, Sept 20 (Xinhua) --": the agency's own state
        credited = countries.credited_agency_states(doc.text, dateline.start, dateline.end)
        publisher = list(dict.fromkeys([*publisher, *credited]))
    official = countries.is_official_page(doc.article.publisher, doc.article.url)
    dl_state = _dateline_state(dateline, gaz)
    states |= set(publisher)
    if dl_state:
        states.add(dl_state)
    total = Counter[str]()
    for i in [*top, *prose]:
        total.update(per_sent[i])
    most = max(total.values(), default=1)
    pairs = [
        pr
        for i in [*top, *early]
        for pr in countries.pairs(
            doc.sents[i].hits, doc.text if doc.sents[i].evidential else doc.sents[i].text
        )
    ]
    counterpart_states = {
        m.country for s in doc.sents for m in s.mentions if m.counterpart and m.country
    }
    named = {e.state: e for e in people.entities if e.state}
    where = {i for i, s in enumerate(doc.sents) if s.meeting or i == lead or s.zone == "title"}
    loose = float(
        any(e.state is None and not e.organisation and e.sents & where for e in people.entities)
        or any(r.state is None and r.sentence in where for r in people.roles)
    )
    out = []
    for st in sorted(states):
        ents = [e for e in people.entities if e.state == st and not e.organisation]
        roles = [r for r in people.roles if r.state == st]
        kinds = {h.kind for s in doc.sents for h in s.hits if h.key == st}
        place_only = bool(kinds) and kinds <= {"city", "capital", "seat"} and not ents and not roles
        reads = Counter[str]()
        for i in prose:
            reads.update(contexts[i].get(st, Counter()))
        n = sum(reads.values())
        subject, venue = reads["subject"], reads["venue"]
        first = next((k for k, i in enumerate(prose) if per_sent[i][st]), None)
        f = {
            "title": float(any(per_sent[i][st] for i in top)),
            "title_person": float(any(i in top for e in ents for i in e.sents)),
            "lead": float(lead is not None and per_sent[lead][st] > 0),
            "lead_person": float(lead is not None and any(lead in e.sents for e in ents)),
            "early": sum(per_sent[i][st] > 0 for i in early) / max(1, len(early)),
            "meeting": sum(per_sent[i][st] > 0 for i in meeting) / max(1, len(meeting)),
            "meeting_person": float(any(i in meeting_any for e in ents for i in e.sents)),
            "role": float(any(r.sentence in meeting_any or r.sentence in top for r in roles)),
            "count": math.log1p(total[st]) / math.log(10),
            "share": total[st] / most,
            "first": 1.0 - first / max(1, len(prose)) if first is not None else 0.0,
            "counterpart": float(st in counterpart_states),
            "place_only": float(place_only),
            "subject": subject / n if n else 0.0,
            "venue": venue / n if n else 0.0,
            "dateline": float(st == dl_state),
            "publisher": float(st in publisher),
            "official": float(official and st in publisher),
            "pair": float(any(st in pr for pr in pairs)),
            "person": float(st in named),
            # a person of no written state meets: an agency's or a ministry's own side
            "dateline_loose": float(st == dl_state) * loose,
            "publisher_loose": float(st in publisher) * loose,
            "title_loose": float(any(per_sent[i][st] for i in top)) * loose,
        }
        out.append(Candidate(st, f))
    m = model("state")
    for c in out:
        c.probability = m.probability(c.features)
    out.sort(key=lambda c: (-c.probability, c.state))
    return out


def _dateline_state(dateline: dates.Dateline | None, gaz: Gazetteer) -> str | None:
    if dateline is None:
        return None
    for h in gaz.find(dateline.place):
        if h.kind in ("capital", "city", "town", "seat", "country"):
            return h.key
    return None


def choose_pair(doc: Document, cands: list[Candidate], people: People) -> list[str]:
    """The two most probable states, sorted; or the two states of a headline that names
    exactly two, as parties, over a lead that speaks of "the two leaders" or "both
    sides" without naming them (a convention of headlines the weights cannot learn from
    the few reports that follow it), unless the page is sure of another state: then
    their probability is raised to ``_HEADLINE_PAIR`` and ``cands`` reordered."""
    pair = sorted(c.state for c in cands[:2])
    headline = headline_pair(doc, people)
    if headline:
        others = [c for c in cands[:2] if c.state not in headline]
        if all(c.probability < _SURE for c in others):
            for c in cands:  # the convention speaks for them as the weights would not
                if c.state in headline:
                    c.probability = max(c.probability, _HEADLINE_PAIR)
            cands.sort(key=lambda c: (-c.probability, c.state))
            return headline
    return pair


def headline_pair(doc: Document, people: People) -> list[str] | None:
    """The two states the headline names as parties, by name or through the people it
    names ("Sunak hosts Ramaphosa"), when the lead speaks of the two sides without
    naming them ("the two leaders", "both sides"), else None."""
    lead = doc.lead
    if lead is None or not TWO_SIDES_RE.search(doc.sents[lead].text):
        return None
    titles = [
        i for i, s in enumerate(doc.sents) if s.zone == "title" or (s.zone == "header" and i < lead)
    ]
    for i in titles[:2]:
        states = {st for st, reads in mention_contexts(doc, i).items() if reads["side"]}
        states |= {e.state for e in people.entities if e.state and i in e.sents}
        if len(states) == 2:
            return sorted(states)
    return None


# -- participants --------------------------------------------------------------------


def participant_features(
    doc: Document, e: Entity, side_entities: list[Entity], people: People
) -> dict[str, float]:
    """Evidence that ``e`` is the person who met for their state."""
    _, _, high = _context()
    prose = doc.prose()
    top = {i for i, s in enumerate(doc.sents) if s.zone in ("title", "header")}
    meeting = {i for i in prose if doc.sents[i].meeting}
    office = e.office or ""
    order = sorted(side_entities, key=lambda x: min(x.sents, default=10**6))
    first = min((prose.index(i) for i in e.sents if i in prose), default=None)
    return {
        "title": float(bool(e.sents & top)),
        "lead": float(doc.lead is not None and doc.lead in e.sents),
        "meeting": min(3, len(e.sents & meeting)) / 3,
        "mentions": math.log1p(len(e.sents)) / math.log(10),
        "high_office": float(bool(high.search(office))),
        "office": float(bool(office)),
        "first_of_side": float(bool(order) and order[0] is e),
        "first": 1.0 - first / max(1, len(prose)) if first is not None else 0.0,
        "counterpart": float(e.counterpart),
        "registry": float(e.registry_office is not None),
        # spoken for rather than present: "a message from President X"
        "absent": sum(_absent(doc, m) for m in e.mentions) / max(1, len(e.mentions)),
        "envoy": float(bool(_ENVOY_RE.search(office))),
        "loose": float(e.state is None),
    }


def _absent(doc: Document, m: PersonMention) -> bool:
    s = doc.sents[m.sentence]
    start = m.start - s.sentence.start if s.evidential else m.start
    before = s.text[max(0, start - 60) : start]
    return bool(_absent_re().search(before))


_ENVOY_RE = re.compile(r"\b(?:Ambassador|Envoy|Representative|Charg[eé])", re.I)


@lru_cache(maxsize=1)
def _absent_re() -> re.Pattern[str]:
    phrases = load_data("cues.yaml")["absent_person"]
    return re.compile(
        r"(?:"
        + phrases_re(phrases).pattern
        + r")\s+(?:(?:the|his|her|its|[A-Z][\w'’.-]*)\s+){0,6}$",
        re.I,
    )


def side_candidates(people: People, st: str) -> list[Entity]:
    """The people who may have met for ``st``: those of that state, and those of no known
    state the story does not place on the other side ("X thanked his Peruvian
    colleague": X is not Peruvian)."""
    return [
        e
        for e in people.entities
        if not e.organisation and (e.state == st or e.state is None and st not in e.not_states)
    ]


def scored_people(doc: Document, ents: list[Entity], people: People) -> list[tuple[Entity, float]]:
    """``ents`` named where the meeting is reported (headline, lead, meeting sentences),
    each with its probability of being the one who met (the ``participant`` model), most
    probable first."""
    m = model("participant")
    where = {i for i, s in enumerate(doc.sents) if s.meeting or s.zone == "title" or i == doc.lead}
    scored = [
        (e, m.probability(participant_features(doc, e, ents, people)))
        for e in ents
        if e.sents & where
    ]
    scored.sort(key=lambda x: (-x[1], min(x[0].sents, default=0)))
    return scored


def choose_participants(
    doc: Document, people: People, pair: list[str]
) -> dict[str, tuple[Entity, float] | None]:
    """For each side, the person who met: the assignment with the highest total
    probability, each person on one side at most, a person of no known state allowed on
    either side (an official page's own minister, unnamed as such) and then given it."""
    options = [scored_people(doc, side_candidates(people, st), people) for st in pair]
    best: tuple[float, tuple[tuple[Entity, float] | None, ...]] = (-1.0, (None,) * len(pair))
    for combo in itertools.product(*[[*o[:_CHOICES], None] for o in options]):
        ids = [id(c[0]) for c in combo if c is not None]
        if len(ids) != len(set(ids)):
            continue
        total = sum(c[1] for c in combo if c is not None)
        if total > best[0]:
            best = (total, combo)
    chosen = dict(zip(pair, best[1], strict=True))
    for st, c in chosen.items():
        if c is not None and c[0].state is None:
            c[0].states[st] = c[0].states.get(st, 0.0) + 1.0
    return chosen
