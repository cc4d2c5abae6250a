"""People of a report: person mentions grouped into one entity per person, each with the
state and office the whole page gives it.

A report introduces a person once with a state ("Turkish President X" in the headline,
"X of Turkey" in a caption, "his Chinese counterpart X") and later calls him by name
alone; the state read anywhere resolves every mention. When the page gives no state, the
registry of office holders (``registry.py``: shipped data, the user's additions, what
the archive has learned) may: "Sunak hosts Ramaphosa" needs nothing else.

Unnamed office holders ("the Turkish President said ...") are kept apart as *roles*:
they are evidence that a state took part, and name the office of a side whose person is
named elsewhere without one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from briefing.extract import known_names
from briefing.extract.document import Document
from briefing.extract.names import is_particle, same_person, scan_name
from briefing.extract.people import PersonMention
from briefing.extract.registry import Registry
from briefing.vocab import fold_key

# Votes a state gets from one mention, by how the page ties it to the person.
_VOTE_WRITTEN = 2.0  # "Turkish President X", "X of Turkey", "his Turkish counterpart X"
_VOTE_REGISTRY = 1.5  # the registry knows X held an office of that state on the day
_VOTE_REGISTRY_OTHER = 0.5  # ... at another time
_VOTE_ASSUMED = 0.4  # the state an office's title usually belongs to ("Foreign Secretary")


@dataclass
class Entity:
    """One person of the report."""

    name: str
    mentions: list[PersonMention] = field(default_factory=list)
    states: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    offices: Counter[str] = field(default_factory=Counter)
    sents: set[int] = field(default_factory=set)  # sentences naming the person
    counterpart: bool = False  # introduced as someone's counterpart
    not_states: set[str] = field(default_factory=set)  # "X thanked his Peruvian colleague"
    organisation: bool = False  # holds an office of an international body
    registry_office: str | None = None

    @property
    def state(self) -> str | None:
        if not self.states:
            return None
        top = max(self.states.values())
        return min(s for s, v in self.states.items() if v == top)

    @property
    def office(self) -> str | None:
        """The office the page gives most often, a short form counting for the full one
        it is part of ("Minister" for "Foreign Affairs Minister")."""
        if not self.offices:
            return self.registry_office
        counts: dict[str, int] = {}
        for o, n in self.offices.items():
            fuller = [f for f in self.offices if f != o and re.search(rf"\b{re.escape(o)}\b", f)]
            for f in fuller or [o]:
                counts[f] = counts.get(f, 0) + n
        top = max(counts.values())
        return max((o for o, v in counts.items() if v == top), key=lambda o: (len(o), o))

    @property
    def tokens(self) -> list[str]:
        """Name words later mentions may use on their own ("Fuentes", "Zhao")."""
        parts = [p for p in self.name.split() if len(p) > 1 and not is_particle(p)]
        return list(dict.fromkeys([self.name, *parts[-1:], *parts[:1]]))


@dataclass
class Role:
    """An office holder named by office and state only ("the Turkish President")."""

    sentence: int
    office: str | None  # None: named only as someone's counterpart
    state: str | None
    mention: PersonMention


@dataclass
class People:
    entities: list[Entity]
    roles: list[Role]

    def of_state(self, state: str) -> list[Entity]:
        return [e for e in self.entities if e.state == state]


def _match(entities: list[Entity], m: PersonMention) -> Entity | None:
    name = m.name or ""
    hits = [e for e in entities if same_person(e.name, name)]
    if len(hits) > 1 and m.country:
        agree = [e for e in hits if e.state == m.country]
        hits = agree or hits
    return hits[0] if hits else None


def _registry_mentions(doc: Document, knowledge: Registry) -> list[PersonMention]:
    """Names of office holders the registry knows, where the scanner found no person."""
    out: list[PersonMention] = []
    for i, s in enumerate(doc.sents):
        taken = [(m.start, m.end) for m in s.mentions]
        base = s.sentence.start if s.evidential else 0
        for a, b, name in known_names.find(knowledge, s.text):
            # a name the registry knows in part runs on as written ("Mohammed bin Zayed
            # Al Nahyan", "Lula da Silva")
            run = scan_name(s.text, a, [])
            if (
                run is not None
                and run[0] == a
                and run[1] > b
                and len(s.text[a : run[1]].split()) <= 6
            ):
                b, name = run[1], s.text[a : run[1]]
            start, end = base + a, base + b
            if any(x <= start < y or start <= x < end for x, y in taken):
                continue
            out.append(PersonMention(i, start, end, name, None, None))
    return out


def resolve(doc: Document, knowledge: Registry | None = None) -> People:
    """Group the page's person mentions into entities and give each its state."""
    entities: list[Entity] = []
    roles: list[Role] = []
    mentions = [m for s in doc.sents for m in s.mentions]
    if knowledge is not None:
        mentions += _registry_mentions(doc, knowledge)
    _trim_headline_names(doc, mentions)
    # longer names first, so "President Fuentes" joins "Rosa Fuentes", not the reverse
    named = sorted((m for m in mentions if m.name), key=lambda m: (-len(m.name or ""), m.start))
    for m in named:
        e = _match(entities, m)
        if e is None:
            e = Entity(m.name or "")
            entities.append(e)
        e.mentions.append(m)
        e.sents.add(m.sentence)
        if m.country:
            e.states[m.country] += _VOTE_ASSUMED if m.assumed else _VOTE_WRITTEN
        if m.office and not m.counterpart:
            e.offices[m.office] += 1
        e.counterpart = e.counterpart or m.counterpart
        e.organisation = e.organisation or m.organisation
    for m in mentions:
        if not m.name and (m.office or m.counterpart):
            states: list[str | None] = list(m.plural_countries) or [m.country]
            for state in states:  # "the Presidents of X and Y"
                roles.append(Role(m.sentence, m.office, state, m))
    if knowledge is not None:
        entities = _same_holder(entities, knowledge, doc.pub)
    for e in entities:
        _find_bare(doc, e)
        _other_side(doc, e)
        if knowledge is not None:
            _consult(e, knowledge, doc.pub)
    entities.sort(
        key=lambda e: min(m.start if doc.sents[m.sentence].evidential else -1 for m in e.mentions)
    )
    return People(entities, roles)


def _same_holder(entities: list[Entity], registry: Registry, day: dt.date | None) -> list[Entity]:
    """Entities the registry says are one person ("Lula" and "Luiz Inácio Lula da
    Silva") become one, under the longest name the report writes."""
    by_person: dict[tuple[str, str], Entity] = {}
    out: list[Entity] = []
    for e in entities:
        held = registry.resolve(e.name, day)
        key = (held.state, held.name) if held is not None else None
        first = by_person.get(key) if key else None
        if first is None:
            if key:
                by_person[key] = e
            out.append(e)
            continue
        if len(e.name) > len(first.name):
            first.name = e.name
        first.mentions += e.mentions
        first.sents |= e.sents
        for st, votes in e.states.items():
            first.states[st] = first.states.get(st, 0.0) + votes
        first.offices.update(e.offices)
        first.counterpart = first.counterpart or e.counterpart
        first.organisation = first.organisation or e.organisation
    return out


def _trim_headline_names(doc: Document, mentions: list[PersonMention]) -> None:
    """A name read in a Title Case headline runs on into the words after it ("Irfaan Ali
    Holds Official Talks"): cut it to the longest start that the story writes as a name."""
    prose = {fold_key(m.name) for m in mentions if m.name and doc.sents[m.sentence].zone == "prose"}
    for m in mentions:
        if not m.name or doc.sents[m.sentence].zone == "prose" or fold_key(m.name) in prose:
            continue
        words = m.name.split()
        for n in range(len(words) - 1, 1, -1):
            if fold_key(" ".join(words[:n])) in prose:
                m.name = " ".join(words[:n])
                break


def _find_bare(doc: Document, e: Entity) -> None:
    """Sentences naming the person by a word of the name alone ("Fuentes said")."""
    words = [t for t in e.tokens[1:] if len(t) > 2] or e.tokens[:1]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    for i, s in enumerate(doc.sents):
        if i not in e.sents and pattern.search(s.text):
            e.sents.add(i)


_OTHER_SIDE_RE = re.compile(
    r"\b(?:his|her|their)\s+(\S+(?:\s+\S+)?)\s+(?:colleague|counterpart|guest|host|partner)s?\b",
    re.I,
)


def _other_side(doc: Document, e: Entity) -> None:
    """States the person is not of: "X thanked his Peruvian colleague" (X is not
    Peruvian), read in the sentences where X acts."""
    for i in e.sents:
        s = doc.sents[i]
        for m in _OTHER_SIDE_RE.finditer(s.text):
            start = s.sentence.start + m.start(1) if s.evidential else m.start(1)
            end = start + len(m.group(1))
            e.not_states |= {
                h.key for h in s.hits if start <= h.start < end and h.kind in ("demonym", "country")
            }


def _consult(e: Entity, registry: Registry, day: dt.date | None) -> None:
    """Votes from the registry of office holders for the person's state and office: the
    holdings in force on the day (or, undated, the current ones) when they all belong to
    one state; a weaker vote when the only holdings are from another time."""
    holdings = [h for h in registry.lookup(e.name, day) if h.match != "ambiguous"]
    if not holdings:
        return
    current = [h for h in holdings if day is None or h.in_force(day) is not False]
    pool = current or holdings
    if len({h.state for h in pool}) != 1:
        return
    e.states[pool[0].state] += _VOTE_REGISTRY if current else _VOTE_REGISTRY_OTHER
    if current and e.registry_office is None:
        e.registry_office = current[0].office
