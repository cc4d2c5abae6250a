"""Further meetings a report covers besides its headline's: "On the sidelines, the minister
also met his counterparts from Hungary and Serbia", "Later, President X received the
Prime Minister of Y".

A sentence of the story that reports a meeting (a meeting cue), names a person or an
office holder of a third state (or "counterparts from X and Y"), and has one side of the
headline's meeting as its subject (that side's person named in it, or "He/She/The
minister ... also/later/separately") reports a further meeting: that side and the third
state. Each gets its own participants and its own facts, read from the sentences about
the third state; the headline's meeting stays first. Kept narrow on purpose: a third
state only talked about ("discussed the situation in Syria") never makes a meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.document import Document
from briefing.extract.entities import Entity, People
from briefing.extract.gazetteer import STATE_KINDS, Gazetteer
from briefing.vocab import load_data

# The headline's side as the subject: "He also met ...", "Separately, the minister
# received ...", "On the sidelines, Szabo later held talks with ...".
_ANAPHOR_RE = re.compile(
    r"^\s*(?:[A-Z][^,]{0,60},\s*)?"
    r"(?:he|she|the (?:minister|president|prime minister|premier|leader|chancellor|secretary)"
    r"|[A-Z][\w'’-]+)\b",
    re.I,
)
_SEQUENCE_RE = re.compile(
    r"\b(?:also|later|separately|then|further|additionally|afterwards)\b", re.I
)
_COUNTERPARTS_FROM_RE = re.compile(r"\bcounterparts?\s+(?:from|of)\s+", re.I)
# "then Minister X", "his then counterpart": a sentence about an earlier meeting.
_THEN_RE = re.compile(
    r"\bthen (?:[A-Z][\w.]*|(?:[a-z]+ )?(?:minister|president|premier|counterpart))\b"
)
_MAX_FURTHER = 4


@lru_cache(maxsize=1)
def _background() -> re.Pattern[str]:
    return re.compile(load_data("cues.yaml")["background"], re.I)


@lru_cache(maxsize=1)
def _multilateral() -> re.Pattern[str]:
    return re.compile(load_data("cues.yaml")["multilateral"], re.I)


@dataclass
class Further:
    """A further meeting: the headline side that met, the other state, the person the
    report names for it (if any), and the sentences that tell of it."""

    own: str
    other: str
    own_person: Entity | None
    other_person: Entity | None
    sentences: list[int]


def further_meetings(
    doc: Document,
    people: People,
    pair: list[str],
    principals: list[Entity],
    story: list[int],
    gaz: Gazetteer,
) -> list[Further]:
    """Further meetings in the story, in the order it tells them."""
    found: dict[tuple[str, str], Further] = {}
    by_state = {e.state: e for e in principals if e.state}
    subject = min(principals, key=lambda e: min(m.start for m in e.mentions), default=None)
    for i in story:
        s = doc.sents[i]
        if (
            i == doc.lead
            or not s.meeting
            or not s.evidential
            or _multilateral().search(s.text)
            or _background().search(s.text)
            or _THEN_RE.search(s.text)
        ):
            continue
        own = next((e for e in principals if i in e.sents), None)
        if (
            own is None
            and subject is not None
            and _ANAPHOR_RE.match(s.text)
            and _SEQUENCE_RE.search(s.text[:100])
        ):
            own = subject
        if own is None or own.state is None:
            continue
        for other in _third_states(doc, people, i, pair, gaz):
            key = (own.state, other)
            if key in found or len(found) >= _MAX_FURTHER:
                continue
            person = next(
                (e for e in people.entities if e.state == other and i in e.sents and e is not own),
                None,
            )
            found[key] = Further(own.state, other, by_state.get(own.state), person, [i])
    for f in found.values():
        f.sentences += _about(doc, people, f.other, f.sentences[0], story)
    return list(found.values())


def _third_states(
    doc: Document, people: People, i: int, pair: list[str], gaz: Gazetteer
) -> list[str]:
    """States of the people, office holders and "counterparts from X and Y" a sentence
    names, other than the pair's."""
    s = doc.sents[i]
    states = [m.country for m in s.mentions if (m.name or m.office) and m.country]
    states += [r.state for r in people.roles if r.sentence == i and r.state]
    for m in _COUNTERPARTS_FROM_RE.finditer(s.text):
        start = s.sentence.start + m.end()
        listed = [h for h in s.hits if h.start >= start and h.kind in STATE_KINDS]
        for h in listed[:4]:
            states.append(h.key)
    return [st for st in dict.fromkeys(states) if st not in pair]


def _about(doc: Document, people: People, state: str, first: int, story: list[int]) -> list[int]:
    """Sentences after the first that stay with the further meeting: they name its third
    state or its person, until a sentence names neither."""
    out = []
    names = [t for e in people.entities if e.state == state for t in e.tokens[1:]]
    for i in story:
        if i <= first:
            continue
        s = doc.sents[i]
        if state in doc.states_in(i) or any(
            re.search(rf"\b{re.escape(n)}\b", s.text) for n in names
        ):
            out.append(i)
        else:
            break
    return out
