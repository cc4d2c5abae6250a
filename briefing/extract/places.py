"""Place of the meeting: city and country, weighed over the page.

Every city the headline, the dateline and the story name is a candidate (cities of the
gazetteer, seats of government mapped to their city, "the Malaysian capital", and towns
the gazetteer does not know, written as "in the border city of X" or "in X, Country").
Each gets features (introduced by "in/at" in the headline, in the lead, in a sentence
that reports the meeting; arrived in; the dateline's city; in one of the two states; a
seat of government; named for another, future meeting) and a probability from the fitted
``place`` model (``weights.yaml``); the most probable is the place when it is probable
enough. Without a city, the host state is read from "a visit to X" or from who received
whom. Calls have no place.

The city is given by the gazetteer's name ("Kyiv" for "Kiev"; "the White House" ->
Washington), or as written when that is the start of it ("New York").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from briefing.extract.dates import Dateline
from briefing.extract.document import Document, meeting_re
from briefing.extract.entities import Entity
from briefing.extract.gazetteer import Gazetteer, Hit
from briefing.extract.weights import model
from briefing.model import Evidence, Location
from briefing.vocab import fold

_INTRO_RE = re.compile(
    r"\b(?:in|at|to)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}$"
    # a named venue, then its town: "at the Grand Hotel on Coral Island, <city>"
    r"|\bat\s+(?:the\s+)?[A-ZÀ-Ỹ][\w'’.-]*(?:\s+(?:[A-ZÀ-Ỹ][\w'’.-]*|of|on|and|the|de))*,?\s*$"
)
# An invitation or plan names the place of another meeting: "invited him to visit <city>",
# "to pay an official visit to <city>", "the next round will be held in <city>".
_ELSEWHERE_RE = re.compile(
    r"\b(?:to\s+(?:visit\s+|pay\s+(?:a|an)\s+(?:[a-z]+\s+)?visit\s+to\s+)|invit\w*\s+(?:\w+\s+){0,4}to\s+"
    r"|next\s+(?:\w+\s+){0,3}(?:in|at)\s+|will\s+(?:\w+\s+){0,3}(?:in|to)\s+)(?:the\s+)?$",
    re.I,
)
_ARRIVE_RE = re.compile(
    r"\b(?:visit(?:s|ing)?\s+to|visiting|arriv\w*\s+in|trip\s+to|stay\s+in|tour\s+of|landed\s+in|"
    r"(?:came|come|comes|has\s+come|travell?ed|flew|arrived)\s+to)\s+(?:the\s+)?$",
    re.I,
)
_THE_CAPITAL_RE = re.compile(r"\b(?:in|at)\s+the\s+capital\b(?!\s+(?:of|city\s+of)\b)")
_HOSTING_RE = re.compile(r"\b(?:received|receives|hosted|hosts|welcomed|welcomes)\b", re.I)
_ANAPHORIC_VISIT_RE = re.compile(r"\bvisit(?:ing|s)?\b", re.I)
_HERE_RE = re.compile(r"\bhere\b|\bon the (?:sidelines|margins|fringes?) of\b", re.I)
_THE_BEFORE_RE = re.compile(r"\b(?:in|at|to)\s+the\s+$")
_CAPITAL_AFTER_RE = re.compile(r"\s+capital\b")
_CITY_OF_RE = re.compile(
    r"\b(?:in|at)\s+the\s+(?:[a-z]+\s+){0,2}(?:city|town|resort|port)\s+of\s+"
    r"([A-ZÀ-Ỹ][\w'’-]+(?:\s+[A-ZÀ-Ỹ][\w'’-]+){0,2})"
)
_TOWN_COUNTRY_RE = re.compile(r"\b(?:in|at)\s+([A-ZÀ-Ỹ][\w'’-]+(?:\s+[A-ZÀ-Ỹ][\w'’-]+){0,2}),\s*$")
CITY_KINDS = ("capital", "city", "town", "seat")


@dataclass
class PlaceCandidate:
    city: str
    country: str | None
    features: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    probability: float = 0.0


def _name(h: Hit) -> str | None:
    """The gazetteer's name of the city (a seat's city), or the name as written when it is
    the start of the gazetteer's ("New York" for "New York City")."""
    if h.city and fold(h.city).startswith(fold(h.text)) and not h.text.isupper():
        return h.text
    return h.city


def candidates(
    doc: Document,
    story: list[int],
    pair: list[str],
    dateline: Dateline | None,
    gaz: Gazetteer,
) -> list[PlaceCandidate]:
    """Cities the page points to as the meeting's place, with their features, most
    probable first."""
    found: dict[str, PlaceCandidate] = {}
    marks: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    firsts: dict[str, int] = {}
    dl = (dateline.start, dateline.end) if dateline else (-1, -1)
    dl_hit = _dateline_city(dateline, gaz)
    top = [i for i, s in enumerate(doc.sents) if s.zone == "title"]
    in_story = set(story)
    # the story first; other prose too (a venue named in a paragraph the story's ties
    # left out), marked as such
    order = [*top, *story, *(i for i in doc.prose() if i not in in_story)]

    def note(city: str, country: str | None, mark: str, i: int | None) -> None:
        key = fold(city)
        c = found.setdefault(key, PlaceCandidate(city, country))
        marks.setdefault(key, set()).add(mark)
        if i is not None:
            counts[key] = counts.get(key, 0) + 1
            firsts.setdefault(key, order.index(i))
            s = doc.sents[i]
            if s.evidential and not any(e.start == s.sentence.start for e in c.evidence):
                c.evidence.append(s.sentence.evidence())

    if dl_hit is not None and dateline is not None and (name := _name(dl_hit)):
        note(name, dl_hit.key, "dateline", None)
        found[fold(name)].evidence.append(
            Evidence(doc.article.id, dateline.start, dateline.end, dateline.phrase)
        )
    for i in order:
        s = doc.sents[i]
        where = (
            "title"
            if s.zone == "title"
            else "lead"
            if i == doc.lead
            else "story"
            if i in in_story
            else "prose"
        )
        base = s.sentence.start if s.evidential else 0
        for h in s.hits:
            if dl[0] <= h.start < dl[1]:
                continue
            before = s.text[max(0, h.start - base - 80) : h.start - base]
            if h.kind in CITY_KINDS and (name := _name(h)):
                note(name, h.key, where, i)
                _context_marks(marks[fold(name)], before, where, s.meeting, h.kind)
                if _meeting_cue_before(before):
                    marks[fold(name)].add("after_meeting")
            elif (
                h.kind in ("demonym", "country")
                and _THE_BEFORE_RE.search(before)
                and _CAPITAL_AFTER_RE.match(s.text[h.end - base :])  # "in the Malaysian capital"
            ):
                capitals = gaz.countries.get(h.key, {}).get("capitals") or []
                if capitals:
                    note(capitals[0], h.key, "the_capital", i)
                    # read as the city written there would be: "talks ... in the X capital"
                    _context_marks(marks[fold(capitals[0])], before, where, s.meeting, "capital")
        if where == "title":
            continue
        for m in _CITY_OF_RE.finditer(s.text):  # "in the border city of X"
            if not gaz.find(m.group(1)):
                country = dl_hit.key if dl_hit and dl_hit.key in pair else None
                note(m.group(1), country, "city_of", i)
        for h in s.hits:  # "in Kananaskis, Canada"
            town = (
                _TOWN_COUNTRY_RE.search(s.text[: h.start - base]) if h.kind == "country" else None
            )
            if town and not gaz.find(town.group(1)):
                note(town.group(1), h.key, "town_country", i)
    here = any(_HERE_RE.search(doc.sents[i].text) for i in story[:6])
    out = []
    for key, c in found.items():
        tags = marks[key]
        c.features = {
            **{f: float(f in tags) for f in _MARKS},
            "in_pair": float(c.country in pair),
            "here_dateline": float("dateline" in tags and here),
            "count": math.log1p(counts.get(key, 0)) / math.log(10),
            "first": 1.0 - firsts[key] / max(1, len(order)) if key in firsts else 0.0,
        }
        out.append(c)
    pm = model("place")
    for c in out:
        c.probability = pm.probability(c.features)
    out.sort(key=lambda c: (-c.probability, c.city))
    return out


_MARKS = (
    "after_meeting",
    "prose",
    "prose_in",
    "title",
    "title_in",
    "lead",
    "lead_in",
    "story",
    "story_in",
    "meeting_in",
    "arrive",
    "elsewhere",
    "dateline",
    "seat",
    "capital",
    "town",
    "the_capital",
    "city_of",
    "town_country",
)


def _meeting_cue_before(before: str) -> bool:
    """A meeting cue in the same clause, shortly before the place: "held talks in X",
    "met ... at the X"."""
    clause = re.split(r"[;.]|,\s+(?:while|and|but|which|who)\b", before[-70:])[-1]
    return bool(meeting_re().search(clause))


def _context_marks(marks: set[str], before: str, where: str, meeting: bool, kind: str) -> None:
    if kind in ("seat", "capital", "town"):
        marks.add(kind)
    if _ELSEWHERE_RE.search(before):
        marks.add("elsewhere")
    elif _ARRIVE_RE.search(before):
        marks.add("arrive")
    elif _INTRO_RE.search(before):
        marks.add(f"{where}_in")
        if meeting and where != "title":
            marks.add("meeting_in")


def _dateline_city(dateline: Dateline | None, gaz: Gazetteer) -> Hit | None:
    if dateline is None:
        return None
    for h in gaz.find(dateline.place):
        if h.kind in ("capital", "city", "town") or (h.kind == "seat" and h.city):
            return h
    return None


def meeting_place(
    doc: Document,
    story: list[int],
    meeting_type: str | None,
    dateline: Dateline | None,
    principals: list[Entity],
    pair: list[str],
    gaz: Gazetteer,
) -> Location:
    """The meeting's place: the most probable city when probable enough, else the host
    state alone; nothing for a call."""
    if meeting_type in ("phone_call", "video_call"):
        return Location()
    cands = candidates(doc, story, pair, dateline, gaz)
    if cands and cands[0].probability >= model("place").threshold:
        best = cands[0]
        return Location(best.city, best.country, best.evidence)
    return _host_state(doc, story, principals, pair, gaz)


def _host_state(
    doc: Document, story: list[int], principals: list[Entity], pair: list[str], gaz: Gazetteer
) -> Location:
    """The host state without a city ("a visit to X"; the side a visitor came to; the
    side that received or hosted the other), and its capital when the story says the
    meeting was "in the capital"."""
    found = _host(doc, story, principals, pair)
    if found.country and found.city is None:
        said = next((i for i in story if _THE_CAPITAL_RE.search(doc.sents[i].text)), None)
        capitals = gaz.countries.get(found.country, {}).get("capitals") or []
        if said is not None and capitals and doc.sents[said].evidential:
            return Location(
                capitals[0], found.country, [*found.evidence, doc.sents[said].sentence.evidence()]
            )
    return found


def _host(doc: Document, story: list[int], principals: list[Entity], pair: list[str]) -> Location:
    for i in story:
        s = doc.sents[i]
        if not s.evidential:
            continue
        for h in s.hits:
            if (
                h.kind == "country"
                and h.key in pair
                and _ARRIVE_RE.search(s.text[: h.start - s.sentence.start])
            ):
                return Location(None, h.key, [s.sentence.evidence()])
    lead = doc.lead
    if lead is None or len(principals) != 2:
        return Location()
    text = doc.sents[lead].text
    first, second = sorted(principals, key=lambda e: min(m.start for m in e.mentions))
    if _ANAPHORIC_VISIT_RE.search(text):
        # the visitor is the one the visit words follow; the other side hosts
        for host, guest in ((first, second), (second, first)):
            for m in guest.mentions:
                if m.sentence == lead and host.state:
                    start = m.start - doc.sents[lead].sentence.start
                    window = text[max(0, start - 12) : start + (m.end - m.start) + 40]
                    if re.search(r"\bvisiting\b|\bvisit\b", window, re.I):
                        return Location(None, host.state, [doc.sents[lead].sentence.evidence()])
    if _HOSTING_RE.search(text) and first.state:
        return Location(None, first.state, [doc.sents[lead].sentence.evidence()])
    return Location()
