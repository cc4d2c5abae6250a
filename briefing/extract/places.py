"""Place of the meeting: city and country, never the news agency's dateline unless the
story puts the meeting there.

In order: a city or seat of government introduced by "in/at/to" in a sentence that
reports the meeting ("in Rio de Janeiro, Brazil", "to the White House"); a town the
gazetteer does not know, written with its country ("in Kananaskis, Canada"); "in the
<demonym> capital"; "in the (border) city of X"; "here" or "on the sidelines of" plus
the dateline city; the dateline city when it lies in one of the two states (the report
was filed from the meeting place); the host country from "visit to <country>",
"visiting <country>", "a visit there" / "received" (country only). Calls have no place
unless one is written.
"""

from __future__ import annotations

import re

from briefing.extract.dates import Dateline
from briefing.extract.entities import Entity
from briefing.extract.gazetteer import Gazetteer, Hit
from briefing.extract.nlp import Sentence
from briefing.model import Evidence, Location

_INTRO_RE = re.compile(
    r"\b(?:in|at|to)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}$"
    # a named venue, then its town: "at the Grand Hotel on Coral Island, <city>"
    r"|\bat\s+(?:the\s+)?[A-ZÀ-Ỹ][\w'’.-]*(?:\s+(?:[A-ZÀ-Ỹ][\w'’.-]*|of|on|and|the|de))*,\s*$"
)
# An invitation or plan names the place of another meeting: "invited him to visit <city>",
# "to pay an official visit to <city>".
_ELSEWHERE_RE = re.compile(
    r"\bto\s+(?:visit\s+|pay\s+(?:a|an)\s+(?:[a-z]+\s+)?visit\s+to\s+)$", re.I
)
# "at the Presidential Secretariat in the capital": the capital of the host state.
_THE_CAPITAL_RE = re.compile(r"\b(?:in|at)\s+the\s+capital\b(?!\s+(?:of|city\s+of)\b)")
_VISIT_RE = re.compile(
    r"\b(?:visit(?:s|ing)?\s+to|visiting|arrived\s+in|trip\s+to|stay\s+in|tour\s+of|"
    r"(?:came|come|comes|has\s+come|travell?ed|flew|arrived)\s+to)\s+(?:the\s+)?$",
    re.I,
)
_ANAPHORIC_VISIT_RE = re.compile(r"\bvisit(?:ing|s)?\b", re.I)
_HOSTING_RE = re.compile(r"\b(?:received|receives|hosted|hosts|welcomed|welcomes)\b", re.I)
_HERE_RE = re.compile(r"\bhere\b", re.I)
_SIDELINES_RE = re.compile(r"\bon the (?:sidelines|margins|fringes?) of\b", re.I)
_THE_BEFORE_RE = re.compile(r"\b(?:in|at|to)\s+the\s+$")
_CAPITAL_AFTER_RE = re.compile(r"\s+capital\b")
# A town the gazetteer may not know, introduced as one: "in the border city of Tumbes".
_CITY_OF_RE = re.compile(
    r"\b(?:in|at)\s+the\s+(?:[a-z]+\s+){0,2}(?:city|town|resort|port)\s+of\s+"
    r"([A-ZÀ-Ỹ][\w'’-]+(?:\s+[A-ZÀ-Ỹ][\w'’-]+){0,2})"
)
# A town the gazetteer may not know, written with its country: "in Kananaskis, Canada".
_TOWN_COUNTRY_RE = re.compile(r"\b(?:in|at)\s+([A-ZÀ-Ỹ][\w'’-]+(?:\s+[A-ZÀ-Ỹ][\w'’-]+){0,2}),\s*$")
CITY_KINDS = ("capital", "city", "seat")


def _ev(article_id: str, sent: Sentence) -> list[Evidence]:
    return [Evidence(article_id, sent.start, sent.end, sent.text)]


def _dateline_city(dateline: Dateline | None, gaz: Gazetteer) -> Hit | None:
    if dateline is None:
        return None
    for h in gaz.find(dateline.place):
        if h.kind in ("capital", "city") or (h.kind == "seat" and h.city):
            return h
    return None


def meeting_place(
    sentences: list[Sentence],
    hits: list[list[Hit]],
    order: list[int],
    meeting_type: str | None,
    dateline: Dateline | None,
    principals: list[Entity],
    countries: list[str],
    gaz: Gazetteer,
    article_id: str,
) -> Location:
    """The meeting's location (see the module docstring for the order of evidence); a
    host state found without a city takes its capital when the story says the meeting
    was "in the capital"."""
    if meeting_type in ("phone_call", "video_call"):
        return Location()
    found = _meeting_place(sentences, hits, order, dateline, principals, countries, gaz, article_id)
    if found.city is None and found.country:
        capitals = gaz.countries.get(found.country, {}).get("capitals") or []
        said = next(
            (sentences[i] for i in order if _THE_CAPITAL_RE.search(sentences[i].text)), None
        )
        if capitals and said is not None:
            return Location(capitals[0], found.country, [*found.evidence, *_ev(article_id, said)])
    return found


def _meeting_place(
    sentences: list[Sentence],
    hits: list[list[Hit]],
    order: list[int],
    dateline: Dateline | None,
    principals: list[Entity],
    countries: list[str],
    gaz: Gazetteer,
    article_id: str,
) -> Location:
    dl_span = (dateline.start, dateline.end) if dateline else (-1, -1)
    for i in order:
        sent = sentences[i]
        for h in hits[i]:
            if h.kind not in CITY_KINDS or dl_span[0] <= h.start < dl_span[1]:
                continue
            before = sent.text[: h.start - sent.start]
            if not _INTRO_RE.search(before) or _ELSEWHERE_RE.search(before):
                continue
            city = h.city if h.kind != "seat" or h.city else None
            return Location(city, h.key, _ev(article_id, sent))
    for i in order[:1]:
        sent = sentences[i]
        for h in hits[i]:
            m = (
                _TOWN_COUNTRY_RE.search(sent.text[: h.start - sent.start])
                if h.kind == "country"
                else None
            )
            if m and not gaz.find(m.group(1)):
                return Location(m.group(1), h.key, _ev(article_id, sent))
    dl_city = _dateline_city(dateline, gaz)
    for i in order[:1]:  # "in the border city of X": the dateline's country when it is a side
        m = _CITY_OF_RE.search(sentences[i].text)
        if m and not any(h.kind in ("country", "demonym") for h in gaz.find(m.group(1))):
            country = dl_city.key if dl_city is not None and dl_city.key in countries else None
            return Location(m.group(1), country, _ev(article_id, sentences[i]))
    for i in order:  # "in the Malaysian capital"
        sent = sentences[i]
        for h in hits[i]:
            if (
                h.kind in ("demonym", "country")
                and _THE_BEFORE_RE.search(sent.text[: h.start - sent.start])
                and _CAPITAL_AFTER_RE.match(sent.text[h.end - sent.start :])
            ):
                capitals = gaz.countries.get(h.key, {}).get("capitals") or [None]
                city = dl_city.city if dl_city is not None and dl_city.key == h.key else capitals[0]
                return Location(city, h.key, _ev(article_id, sent))
    if dl_city is not None:
        for i in order:  # "here", or a meeting on the sidelines of an event the agency covers
            if _HERE_RE.search(sentences[i].text) or _SIDELINES_RE.search(sentences[i].text):
                return Location(dl_city.city, dl_city.key, _ev(article_id, sentences[i]))
        if dl_city.key in countries:
            ev = (
                [Evidence(article_id, dateline.start, dateline.end, dateline.phrase)]
                if dateline
                else []
            )
            return Location(dl_city.city, dl_city.key, ev)
    for i in order:
        sent = sentences[i]
        for h in hits[i]:
            if h.kind != "country":
                continue
            if _VISIT_RE.search(sent.text[: h.start - sent.start]) and h.key in countries:
                return Location(None, h.key, _ev(article_id, sent))
    if len(principals) == 2 and order:
        lead = sentences[order[0]]
        first, second = principals
        if _ANAPHORIC_VISIT_RE.search(lead.text):
            # the visitor is the one the visit words follow; the other side hosts
            for host, guest in ((first, second), (second, first)):
                for m in guest.mentions:
                    if m.sentence == order[0] and host.state:
                        window = lead.text[
                            max(0, m.start - lead.start - 12) : m.end - lead.start + 40
                        ]
                        if re.search(r"\bvisiting\b|\bvisit\b", window, re.I):
                            return Location(None, host.state, _ev(article_id, lead))
        if _HOSTING_RE.search(lead.text) and first.state:
            return Location(None, first.state, _ev(article_id, lead))
    return Location()
