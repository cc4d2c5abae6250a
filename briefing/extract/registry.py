"""Registry of office holders: who held which office of which state, and when.

A report often names a leader without his state ("Sunak hosts Ramaphosa at No 10"); an
analyst knows both. The registry answers :meth:`Registry.lookup` (every holding a name
may refer to, best first) and :meth:`Registry.resolve` (the one holding a name stands
for on a date, when that is not in doubt) from three sources, in this order of priority:

``config``    ``[[registry]]`` tables of ``briefing.toml`` (:meth:`Registry.extend`): the
              user's corrections and additions, e.g. holders newer than the data;
``registry``  ``briefing/data/officeholders.yaml``, shipped, dated :func:`as_of`;
``archive``   holders learned from earlier reports (:meth:`Registry.learn`).

The shipped file (syntax in its header and ``briefing/data/README.md``) is indexed once
per process, on first use; each :class:`Registry` shares that index and keeps only its
own additions, so configured or learned holders never leak into another registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from briefing.errors import BriefingError, ConfigError
from briefing.extract.registry_format import (
    key_forms,
    name_key,
    offices,
    parse_aliases,
    parse_date,
    parse_end,
    parse_line,
)
from briefing.vocab import fold_key, load_data

DATA_FILE = "officeholders.yaml"
SOURCES = ("config", "registry", "archive")  # priority order
EXTRA_STATES = frozenset({"XKX"})  # Kosovo: the user-assigned code, not in ISO 3166-1
ENTRY_KEYS = ("name", "state", "office", "from", "to", "aliases")
_MATCH_RANK = {"name": 0, "alias": 1, "ambiguous": 2}


class Holding(NamedTuple):
    """One person in one office of one state for one period. ``end``: the last day in
    office, None while in office (as of :func:`as_of`). ``end_unknown``: lasted at least
    until ``end`` (or from ``start``) and may have gone on (``to: ?`` lines, the archive's
    sightings). ``match``: how a looked-up name matched: ``name`` (the full name),
    ``alias`` (a listed form, or the full name without its middle names) or
    ``ambiguous`` (a form marked common or shared: a candidate, never an answer)."""

    name: str
    state: str
    office: str
    start: date
    end: date | None
    source: str = "registry"
    end_unknown: bool = False
    match: str = "name"

    def in_force(self, on: date) -> bool | None:
        """True if known to be in force on ``on``, None if it may be, False if not."""
        if on < self.start:
            return False
        if self.end is not None and on <= self.end:
            return True
        return None if self.end_unknown else self.end is None


def _add_keys(keys: dict[str, str], name: str, aliases: Iterable[tuple[str, bool]]) -> None:
    """Add a name (unless empty) and (alias, ambiguous) pairs to a person's ``keys``
    (key -> match kind), the best kind kept."""
    forms = [(a, "ambiguous" if ambiguous else "alias") for a, ambiguous in aliases]
    for form, match in [(name, "name"), *forms] if name else forms:
        key = name_key(form)
        if key and _MATCH_RANK[match] < _MATCH_RANK.get(keys.get(key, ""), 9):
            keys[key] = match


class _Shipped(NamedTuple):
    """The shipped data, indexed: holdings and people are referred to by number."""

    as_of: date
    holdings: tuple[Holding, ...]
    people: dict[tuple[str, str], int]  # (state, name key) -> person number
    members: tuple[tuple[int, ...], ...]  # person number -> holding numbers
    by_key: dict[str, list[tuple[int, str]]]  # name key -> (person number, match)
    ends: dict[tuple[str, str], list[str]]  # (first word, last word) -> full-name keys


@cache
def _shipped() -> _Shipped:
    """The shipped data, parsed and indexed once per process."""
    data = load_data(DATA_FILE)
    holdings: list[Holding] = []
    people: dict[tuple[str, str], int] = {}
    members: list[list[int]] = []
    keys: list[dict[str, str]] = []
    for state, block in data["states"].items():
        try:
            listed = offices(block)
        except ValueError as exc:
            raise BriefingError(f"{DATA_FILE} {state}: {exc}") from None
        for office, lines in listed:
            for line in lines:
                try:
                    name, start, end, aliases = parse_line(line)
                    holding = Holding(
                        name,
                        state,
                        office,
                        parse_date(start),
                        None if end in (None, "?") else parse_end(end, parse_date(start)),
                        end_unknown=end == "?",
                    )
                except ValueError as exc:
                    raise BriefingError(f"{DATA_FILE} {state} {office}: {line}: {exc}") from None
                key = name_key(name)
                person = people.setdefault((state, key), len(members))
                if person == len(members):
                    members.append([])
                    keys.append({key: "name"})
                members[person].append(len(holdings))
                holdings.append(holding)
                _add_keys(keys[person], "", aliases)
    index: dict[str, list[tuple[int, str]]] = {}
    for person, person_keys in enumerate(keys):
        for key, match in person_keys.items():
            index.setdefault(key, []).append((person, match))
    as_of = date.fromisoformat(str(data["as_of"]))
    members_t = tuple(tuple(m) for m in members)
    return _Shipped(as_of, tuple(holdings), people, members_t, index, _ends(index))


def _ends(index: Mapping[str, list[tuple[int, str]]]) -> dict[tuple[str, str], list[str]]:
    """Full-name keys of three words or more by (first word, last word)."""
    ends: dict[tuple[str, str], list[str]] = {}
    for key, entries in index.items():
        words = key.split()
        if len(words) > 2 and any(match == "name" for _, match in entries):
            ends.setdefault((words[0], words[-1]), []).append(key)
    return ends


class Registry:
    """Shipped, configured and learned holders. Holdings and people are numbered: the
    shipped ones first, then this registry's."""

    def __init__(self) -> None:
        self._base = _shipped()
        self._added: list[Holding] = []
        self._people: dict[tuple[str, str], int] = {}  # people new to this registry
        self._members: dict[int, list[int]] = {}  # person -> added holding numbers
        self._index: dict[str, list[tuple[int, str]]] = {}  # added keys
        self._learned: dict[tuple[str, str, str], int] = {}  # -> holding number

    def holdings(self) -> list[Holding]:
        """Every holding: the shipped ones in file order, then the added ones."""
        return [*self._base.holdings, *self._added]

    def extend(self, entries: Iterable[Mapping[str, Any]], source: str = "config") -> int:
        """Add holdings given as mappings of :data:`ENTRY_KEYS` (``[[registry]]`` tables;
        see ``briefing/data/README.md``). A bad entry raises :class:`ConfigError` naming
        it, and nothing is added. Returns how many were given."""
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        parsed = []
        for number, entry in enumerate(entries, 1):
            try:
                parsed.append(_entry(entry, source))
            except (ValueError, TypeError) as exc:
                label = entry.get("name") if isinstance(entry, Mapping) else None
                where = f"[[registry]] entry {number}" + (f" ({label})" if label else "")
                raise ConfigError(f"{where}: {exc}") from None
        for holding, aliases in parsed:
            if source == "archive":
                self._remember(holding, aliases, surname=True)
            else:
                self._add(holding, aliases)
        return len(parsed)

    def learn(
        self,
        name: str,
        state: str,
        office: str,
        seen_on: date,
        aliases: Iterable[str] = (),
        *,
        surname: bool = True,
    ) -> bool:
        """Remember that a report of ``seen_on`` named ``name`` as ``office`` of
        ``state`` ("President X of Y"), so that a later report naming only X resolves to
        Y and that office. The learned holding spans the first to the last day it was
        seen, its end unknown after that, and ranks after shipped and configured ones.
        With ``surname`` the last word of a name of two words or more (four letters or
        more) finds him too, as Western-order names are written. Returns False when
        nothing was new: the data or the config have him in that office on that date,
        or an earlier sighting covers the date."""
        holding = Holding(name, state, office, seen_on, seen_on, "archive", end_unknown=True)
        return self._remember(holding, [(a, False) for a in aliases], surname)

    def lookup(self, name: str, on: date | None = None) -> list[Holding]:
        """Every holding ``name`` may refer to, each with its ``match``, best first: in
        force on ``on``, then possibly, then not (with no date: current holdings first);
        then config, shipped, archive; then full name, alias, ambiguous form; then the
        nearest in time. Case, diacritics, dots, hyphens, apostrophes and courtesy words
        are ignored; a name with middle names left out ("Recep Erdogan") finds the full
        name."""
        found = self._matches(key_forms(name, strip_honorifics=True))
        ranked = sorted(found.items(), key=lambda item: self._rank(item[0], item[1], on))
        return [self._holding(number)._replace(match=match) for number, match in ranked]

    @property
    def revision(self) -> int:
        """Grows with every holding configured or learned (for caches of derived data)."""
        return len(self._added)

    def name_keys(self) -> dict[str, str]:
        """Every name key (:func:`name_key`) with its best match kind, to find names in
        text (``known_names.py``)."""
        out: dict[str, str] = {}
        for index in (self._base.by_key, self._index):
            for key, entries in index.items():
                best = min((m for _, m in entries), key=_MATCH_RANK.__getitem__)
                if _MATCH_RANK[best] < _MATCH_RANK.get(out.get(key, ""), 9):
                    out[key] = best
        return out

    def resolve(self, name: str, on: date | None = None) -> Holding | None:
        """The holding ``name`` stands for on ``on`` when that is not in doubt: the best
        candidates (by force on the date, then by source) all belong to one person and
        none of them matched by an ambiguous form. None otherwise."""
        candidates = self.lookup(name, on)
        if not candidates:
            return None
        best = _tier(candidates[0], on)
        tier = [h for h in candidates if _tier(h, on) == best]
        if any(h.match == "ambiguous" for h in tier):
            return None
        return tier[0] if len({(h.state, name_key(h.name)) for h in tier}) == 1 else None

    def _remember(self, holding: Holding, aliases: list[tuple[str, bool]], surname: bool) -> bool:
        """File a holding seen in the archive, unless the data or the config already have
        it on that date; a person seen again in the same office widens his sighting."""
        person, office = name_key(holding.name), fold_key(holding.office)
        words = person.split()
        if surname and len(words) > 1 and len(words[-1]) >= 4:
            aliases = [*aliases, (words[-1], False)]
        for number in self._matches([person]):
            known = self._holding(number)
            same = known.state == holding.state and fold_key(known.office) == office
            if same and known.source != "archive" and known.in_force(holding.start) is not False:
                return False
        slot = (holding.state, person, office)
        if slot not in self._learned:
            self._learned[slot] = self._add(holding, aliases)
            return True
        number = self._learned[slot]
        old = self._holding(number)
        start = min(old.start, holding.start)
        end = max(old.end or old.start, holding.end or holding.start)
        if (start, end) == (old.start, old.end):
            return False
        self._added[number - len(self._base.holdings)] = old._replace(start=start, end=end)
        return True

    def _holding(self, number: int) -> Holding:
        base, added = self._base.holdings, self._added
        return base[number] if number < len(base) else added[number - len(base)]

    def _matches(self, forms: Iterable[str]) -> dict[int, str]:
        """Holding number -> best match kind, for the first key form that matches; a
        form that runs on into a longer chain of descent than the registry writes
        ("Faisal bin Farhan bin Abdallah" for "Faisal bin Farhan") is also tried cut
        before each further "bin"/"ibn"."""
        found: dict[int, str] = {}
        for key in dict.fromkeys(_with_shorter_descent(forms)):
            for person, match in self._people_of(key):
                base = self._base.members[person] if person < len(self._base.members) else ()
                for number in (*base, *self._members.get(person, ())):
                    if _MATCH_RANK[match] < _MATCH_RANK.get(found.get(number, ""), 9):
                        found[number] = match
            if found:
                break
        return found

    def _people_of(self, key: str) -> list[tuple[int, str]]:
        found = [*self._base.by_key.get(key, ()), *self._index.get(key, ())]
        if found or " " not in key:
            return found
        words = key.split()
        ends = (words[0], words[-1])
        for full in [*self._base.ends.get(ends, ()), *_ends(self._index).get(ends, ())]:
            parts = full.split()
            rest = iter(parts[1:-1])
            if len(parts) > len(words) and all(word in rest for word in words[1:-1]):
                for index in (self._base.by_key, self._index):
                    found += [(p, "alias") for p, m in index.get(full, ()) if m == "name"]
        return found

    def _rank(self, number: int, match: str, on: date | None) -> tuple[int, ...]:
        holding = self._holding(number)
        force, source = _tier(holding, on)
        if on is None:
            distance = -(holding.end or date.max).toordinal()
        else:  # days between the date and the holding, 0 within it
            distance = max((holding.start - on).days, (on - (holding.end or on)).days, 0)
        return (force, source, _MATCH_RANK[match], distance, number)

    def _add(self, holding: Holding, aliases: Iterable[tuple[str, bool]]) -> int:
        """Number the holding, file it under its person (a shipped one if the name and
        state are known) and index the person's new keys. Returns its number."""
        number = len(self._base.holdings) + len(self._added)
        self._added.append(holding)
        who = (holding.state, name_key(holding.name))
        person = self._base.people.get(who)
        if person is None:
            person = self._people.setdefault(who, len(self._base.members) + len(self._people))
        self._members.setdefault(person, []).append(number)
        keys: dict[str, str] = {}
        _add_keys(keys, holding.name, aliases)
        for key, match in keys.items():
            self._index.setdefault(key, []).append((person, match))
        return number


def _tier(holding: Holding, on: date | None) -> tuple[int, int]:
    """(force, source) rank: force 0 in force, 1 possibly, 2 not; with no date, current
    holdings count as in force (no clock involved, so results are reproducible)."""
    if on is None:
        force = 1 if holding.end_unknown else 0 if holding.end is None else 2
    else:
        force = {True: 0, None: 1, False: 2}[holding.in_force(on)]
    return force, SOURCES.index(holding.source)


def _entry(entry: Mapping[str, Any], source: str) -> tuple[Holding, list[tuple[str, bool]]]:
    """A configured or learned holding from its mapping; ValueError says what is wrong."""
    if not isinstance(entry, Mapping):
        raise ValueError("not a table")
    unknown = sorted(set(entry) - set(ENTRY_KEYS))
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}")
    for label in ("name", "state", "office"):
        if not isinstance(entry.get(label), str) or not entry[label].strip():
            raise ValueError(f"'{label}' must be non-empty text")
    name, state, office = (entry[k].strip() for k in ("name", "state", "office"))
    state = state.upper()
    if state not in known_states():
        raise ValueError(f"state {state!r} is not an ISO 3166-1 alpha-3 code")
    if "from" not in entry:
        raise ValueError("'from' is missing")
    start = parse_date(entry["from"])
    to, end = entry.get("to"), None
    if to not in (None, "", "?"):
        if parse_date(to, last=True) < start:
            raise ValueError("'to' is before 'from'")
        # the archive's 'to' is the last day seen, the others' the day the office passed on
        end = parse_date(to, last=True) if source == "archive" else parse_end(to, start)
    holding = Holding(name, state, office, start, end, source, to == "?" or source == "archive")
    return holding, parse_aliases(entry.get("aliases"))


@cache
def known_states() -> frozenset[str]:
    """Codes the registry accepts: ISO 3166-1 alpha-3 (``countries.yaml``), XKX."""
    return frozenset(load_data("countries.yaml")) | EXTRA_STATES


@cache
def shipped_registry() -> Registry:
    """One registry of the shipped data alone, shared within the process (do not extend
    it: make a :class:`Registry` of your own to add holders)."""
    return Registry()


def as_of() -> date:
    """Date of the shipped data (for the note's footer): holders without an end were
    in office that day."""
    return _shipped().as_of


_DESCENT = re.compile(r" (?:bin|ibn|bint|ben) ")


def _with_shorter_descent(forms: Iterable[str]) -> list[str]:
    """``forms``, then each cut before its later "bin"/"ibn" words, longest first (the
    first "bin" stays: "Faisal" alone is no one's name)."""
    forms = list(forms)
    out = list(forms)
    for key in forms:
        cuts = [m.start() for m in _DESCENT.finditer(key)][1:]
        out += [key[:c] for c in reversed(cuts)]
    return out
