"""Gazetteers (countries, cities, seats of government, offices) and one phrase matcher
over all of them, loaded from ``briefing/data`` once per process.

Phrases are matched as runs of whole tokens (``nlp.token_spans``), looked up by their
first token: one dictionary probe per word of the text.

Matching runs on a *folded* copy of the text (lower case, diacritics removed, curly
apostrophes straightened) that keeps every character at its offset, so "SÃO PAULO",
"Sao Paulo" and "São Paulo" all hit the same entry and spans still point into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefing.vocab import DATA_DIR, fold, load_data

# Kinds of hits that name a state (a large city does too, but as a place first).
STATE_KINDS = frozenset({"country", "demonym", "capital", "seat"})
# Kinds whose hits must be written with a capital letter ("china" is porcelain).
PROPER_KINDS = frozenset({"country", "demonym", "capital", "city", "town", "seat", "ignore"})


@dataclass(frozen=True)
class Hit:
    """One gazetteer match. ``key`` is the ISO alpha-3 code for place kinds and the
    office for titles; ``city`` the canonical city for cities, capitals and seats."""

    kind: str  # country | demonym | capital | city | seat | title | ignore
    key: str
    start: int
    end: int
    text: str
    city: str | None = None


class Gazetteer:
    """All lookup tables plus the phrase matcher built from them."""

    def __init__(self) -> None:
        self.countries: dict[str, dict[str, Any]] = load_data("countries.yaml")
        titles = load_data("titles.yaml")
        cues = load_data("cues.yaml")
        self.office_info: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, str] = {}  # label -> "kind|key|city"
        phrases: dict[str, set[str]] = {}

        def add(
            kind: str, key: str, phrase: str, city: str | None = None, folded: bool = False
        ) -> None:
            label = f"{kind}|{key}|{city or ''}"
            phrases.setdefault(label, set()).add(phrase if folded else fold(phrase))

        # "Republic of <name>" is generated for every country unless it names another
        # state ("Republic of China" is Taiwan's official name, not China's).
        written = {
            fold(n) for e in self.countries.values() for n in [e["name"], *e.get("aliases", [])]
        }
        for iso, entry in self.countries.items():
            for name in [entry["name"], *entry.get("aliases", [])]:
                add("country", iso, name)
                if name.startswith("Republic of ") or fold(f"Republic of {name}") in written:
                    continue
                add("country", iso, f"Republic of {name}")
            for dem in entry.get("demonyms", []):
                add("demonym", iso, dem)
            for seat in entry.get("seats", []):
                add("seat", iso, seat["name"], seat.get("city"))
        self._add_cities(add, phrases)
        for office in titles["offices"]:
            self.office_info[office["office"]] = office
            for form in office["forms"]:
                add("title", office["office"], form)
        for portfolio in titles["portfolios"]:
            for pattern in titles["minister_forms"]:
                form = pattern.format(p=portfolio)
                self.office_info.setdefault(form, {"office": form})
                add("title", form, form)
        for phrase in cues.get("not_places", []):
            add("ignore", "", phrase)
        forms = sorted(titles["honorifics"], key=len, reverse=True)
        self.honorific_re = re.compile(
            r"\s+(?:" + "|".join(re.escape(f) for f in forms) + r")(?=\s)", re.IGNORECASE
        )
        self.portfolios = sorted(titles["portfolios"], key=len, reverse=True)
        self.non_principal = [fold(w) for w in titles["non_principal"]]
        self.not_person_words = {fold(w) for w in titles["not_person_words"]}
        self._phrases = phrases
        self._index: dict[str, list[tuple[tuple[str, ...], str]]] | None = None

    def _add_cities(self, add: Any, phrases: dict[str, set[str]]) -> None:
        """Cities of ``cities.tsv`` (GeoNames): national capitals, cities of a million
        people or more (``city``: they stand for their state too, "talks in Moscow"), the
        rest as ``town`` (a place, not evidence of a state); then ``venues.yaml`` (resorts
        and retreats) and the capitals of ``countries.yaml``. A name shared by several
        cities is a capital's, else the most populous one's (the file is sorted that way),
        and a city's own name comes before another's alternate name."""
        taken = {p for forms in phrases.values() for p in forms}

        def place(kind: str, iso: str, forms: list[str], city: str) -> None:
            for form in forms:
                key = fold(form)
                if key not in taken:
                    taken.add(key)
                    add(kind, iso, key, city, folded=True)

        rows = city_rows()
        for alternate in (False, True):  # a city's own name before any other's alternate
            for name, iso, population, capital, alternates in sorted(rows, key=lambda r: not r[3]):
                kind = "capital" if capital else "city" if population >= BIG_CITY else "town"
                place(kind, iso, alternates if alternate else [name], name)
        for name, entry in load_data("venues.yaml").items():
            kind = "capital" if entry.get("capital") else "town"
            place(kind, entry["country"], [name, *entry.get("variants", [])], name)
        for iso, entry in self.countries.items():
            for name in entry.get("capitals", []):
                place("capital", iso, [name], name)

    def _build(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """Every phrase as its tokens, indexed by the first one. A hyphenated phrase is
        also indexed with spaces for its hyphens: pages write "Guinea Bissau" and
        "Timor Leste" as often as the hyphenated names."""
        from briefing.extract.nlp import token_spans

        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for label, given in self._phrases.items():
            forms = set(given) | {_HYPHEN.sub(" ", f) for f in given if _HYPHEN.search(f)}
            for form in sorted(forms):
                if _ONE_TOKEN.fullmatch(form):
                    index.setdefault(form, []).append(((form,), label))
                    continue
                tokens = tuple(form[a:b] for a, b in token_spans(form))
                if tokens:
                    index.setdefault(tokens[0], []).append((tokens, label))
        return index

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Non-overlapping hits in ``text`` (longest first wins), offsets + ``offset``.
        A phrase matches a run of whole tokens of the folded text, whatever the spaces
        between them."""
        from briefing.extract.nlp import token_spans

        if self._index is None:
            self._index = self._build()
        folded = fold(text)
        spans = token_spans(folded)
        words = [folded[a:b] for a, b in spans]
        found = []
        for i, word in enumerate(words):
            for tokens, label in self._index.get(word, ()):
                n = len(tokens)
                if n == 1 or tuple(words[i : i + n]) == tokens:
                    found.append((spans[i][0], spans[i + n - 1][1], label))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        hits: list[Hit] = []
        last_end = -1
        for start, end, label in found:
            if start < last_end:
                continue
            kind, key, city = label.split("|")
            raw = text[start:end]
            if kind in PROPER_KINDS and not raw[:1].isupper():
                continue
            if kind in _CITY_KINDS and fold(raw) != fold(city) and _NAME_AFTER.match(text, end):
                continue  # another language's name for a city, as a given name: "Amani X"
            last_end = end
            if kind == "ignore":
                continue
            hits.append(Hit(kind, key, start + offset, end + offset, raw, city or None))
        return hits

    def country_name(self, iso: str) -> str:
        entry = self.countries.get(iso)
        return entry["name"] if entry else iso


_CITY_KINDS = frozenset({"capital", "city", "town"})
_NAME_AFTER = re.compile(r" [A-Z][a-z]")  # a capitalised word right after
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_ONE_TOKEN = re.compile(r"[a-z0-9]+")  # a folded phrase of one token, as most are
BIG_CITY = 1_000_000  # people: a city this large stands for its state


@lru_cache(maxsize=1)
def city_rows() -> list[tuple[str, str, int, bool, list[str]]]:
    """(name, ISO alpha-3, population, capital, alternate names) of ``cities.tsv``."""
    rows = []
    with open(DATA_DIR / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            name, iso, population, capital, alternates = line.rstrip("\n").split("\t")
            rows.append(
                (
                    name,
                    iso,
                    int(population),
                    capital == "1",
                    [a for a in alternates.split("|") if a],
                )
            )
    return rows


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (matcher built on first use)."""
    return Gazetteer()
