"""Person mentions of a sentence: a person named with an office ("Kenyan President Amani
Otieno", "Zhao Ming, Premier of the State Council of China", "the President of Finland,
Mikko Laine"), as someone's counterpart ("his Peruvian counterpart Mario Quispe Rojas"),
as a state's leader ("Kenyan leader X"), after a possessive state ("Russia's Pavel
Orlov"), in the frames readouts use for their own leader ("X held talks with ..."), and
office holders named without a name ("the Prime Minister"). The office is kept without
its country; the country comes from the demonym or "of <country>" around it
(``offices.py``); names are read by ``names.py``. Which person met for each side is
decided over the whole page in ``sides.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefing.extract.gazetteer import Gazetteer, Hit
from briefing.extract.names import scan_name
from briefing.extract.nlp import Sentence
from briefing.extract.offices import (
    accredited_to,
    body_after,
    country_before,
    frames,
    more_portfolios,
    name_after_body,
    name_for_office,
    organisation_office,
    place_after,
    plural_sides,
    with_state_before,
)
from briefing.vocab import fold, fold_key

_BARE_START_RE = re.compile(r"(?:^|[,;]\s+|\band\s+)(?=[A-ZÀ-Ỹ])")


@dataclass
class PersonMention:
    """One mention of a person (or, with ``name`` None, of an office holder)."""

    sentence: int
    start: int  # offsets in Article.text
    end: int
    name: str | None
    office: str | None
    country: str | None
    counterpart: bool = False
    plural_countries: list[str] = field(default_factory=list)  # "Presidents of X and Y"
    organisation: bool = False  # an office of an international body ("EU Council President")
    # ``country`` is only the state the office's title usually belongs to ("Foreign
    # Secretary": GBR), not written: India has a Foreign Secretary too
    assumed: bool = False

    @property
    def key(self) -> str | None:
        return fold_key(self.name) if self.name else None


def sentence_mentions(
    idx: int, sent: Sentence, hits: list[Hit], gaz: Gazetteer, headline: bool = False
) -> list[PersonMention]:
    """Person mentions in one sentence (``hits`` are its gazetteer hits). In a
    ``headline``, "X, Irish Taoiseach discuss ..." names two subjects, not an apposition."""
    text = sent.text
    off = sent.start
    local = [Hit(h.kind, h.key, h.start - off, h.end - off, h.text, h.city) for h in hits]
    # cities are not blocked: "Milan", "Sofia" and "Florence" are first names too
    blocked = [(h.start, h.end) for h in local if h.kind not in ("city", "town", "capital")]
    out: list[PersonMention] = []
    used_names: set[tuple[int, int]] = set()

    def add(
        start: int,
        end: int,
        span: tuple[int, int] | None,
        office: str | None,
        country: str | None,
        **kw: Any,
    ) -> None:
        name = None
        if span is not None:
            if span in used_names:
                return
            used_names.add(span)
            name = text[span[0] : span[1]]
            end = max(end, span[1])
            start = min(start, span[0])
        out.append(PersonMention(idx, start + off, end + off, name, office, country, **kw))

    titles = [
        h for h in local if h.kind == "title" and not (len(h.text) <= 3 and h.text.islower())
    ]  # "pm" in "5 pm"
    first_of: dict[int, tuple[str, str | None]] = {}  # "T1 and T2 Name": T2 -> T1
    chain_start: dict[int, int] = {}  # where the chain of offices ending at T2 begins
    for a, b in zip(titles, titles[1:], strict=False):
        if (
            re.fullmatch(r"\s+and\s+", text[a.end : b.start])
            and not frames()["plural"].search(fold(a.text))
            and not frames()["plural"].search(fold(b.text))
        ):
            first_of[b.start] = first_of.get(a.start) or (
                a.key,
                country_before(text, a.start, local),
            )
            chain_start[b.start] = chain_start.get(a.start, a.start)
    chained = {a.start for a, b in zip(titles, titles[1:], strict=False) if b.start in first_of}
    for h in titles:
        if h.start in chained:
            continue  # its name comes after the next office of the chain
        office = h.key
        info = gaz.office_info.get(office, {})
        country = country_before(text, h.start, local)
        if h.start in first_of:
            office = f"{first_of[h.start][0]} and {office}"
            country = first_of[h.start][1] or country
        pos = h.end
        if re.search(r"\b(?:Minister|Secretary)\b", office):
            office, pos = more_portfolios(text, pos, office, gaz.portfolios)
        if frames()["plural"].search(fold(h.text)):
            sides = plural_sides(text, h, local)
            if len(sides) >= 2:
                add(h.start, h.end, None, office, None, plural_countries=sides)
            continue
        place, pos = place_after(text, pos, local)
        if place is None and frames()["envoy"].search(office):
            pos = accredited_to(text, pos, local)  # "Hungarian Ambassador to Azerbaijan X"
        if place:
            country = place.key
        elif info.get("complement"):
            body, pos2 = body_after(text, pos, local, gaz.portfolios, gaz.not_person_words)
            if body:
                office = f"{office} {body}"
                pos = pos2
                place, pos = place_after(text, pos, local)
                if place:
                    country = place.key
        # honorifics between office and name ("Minister Mr. X", "Secretary the Honorable")
        p = pos
        while True:
            m = gaz.honorific_re.match(text, p)
            if not m:
                break
            p = m.end()
        span = name_for_office(
            headline,
            text,
            with_state_before(text, chain_start.get(h.start, h.start), local),
            p,
            pos,
            blocked,
        )
        if span is None:
            span = name_after_body(text, pos, gaz)
            if span is not None:  # the body is part of the office
                office = " ".join(f"{office} {text[pos : span[0]]}".split())
                pos = span[0]
        if span is not None:
            after_place, _ = place_after(text, span[1], local)
            if after_place and country is None:
                country = after_place.key
        assumed = country is None and info.get("default_country") is not None
        if assumed:
            country = info.get("default_country")
        org = country is None and organisation_office(text, h.start, pos)
        if span is None:
            add(h.start, pos, None, office, country, organisation=org, assumed=assumed)
        else:
            add(h.start, pos, span, office, country, organisation=org, assumed=assumed)

    for m in frames()["counterpart"].finditer(text):
        who = "who" if m.group("who") is not None else "state"
        country = next(
            (
                h.key
                for h in local
                if m.start(who) <= h.start < m.end(who) and h.kind in ("demonym", "country")
            ),
            None,
        )
        if who == "state" and country is None:
            continue  # "Mr Li's counterpart", "Finance counterpart": no state before it
        span = scan_name(text, m.end(), blocked)
        if span:
            add(m.start(), m.end(), span, None, country, counterpart=True)
        elif country:  # "received his Moroccan counterpart": that state's office holder
            add(m.start(), m.end(), None, None, country, counterpart=True)
    for m in frames()["leader"].finditer(text):
        country = country_before(text, m.start(), local)
        span = scan_name(text, m.end(), blocked)
        if span and country:
            add(m.start(), m.end(), span, None, country)
    for h in local:  # "Russia's Pavel Orlov": a name right after a possessive state
        poss = re.match(r"['’]s\s+(?=[A-ZÀ-Ỹ])", text[h.end :]) if h.kind == "country" else None
        span = scan_name(text, h.end + poss.end(), blocked) if poss else None
        words = text[span[0] : span[1]].split() if span else []
        if (
            span
            and 2 <= len(words) <= 4
            and not any(fold(w.strip(".,")) in gaz.not_person_words for w in words)
        ):
            add(h.start, span[1], span, None, h.key)
    _bare_mentions(text, off, local, out, add, gaz)
    out.sort(key=lambda x: x.start)
    return out


def _bare_mentions(
    text: str,
    off: int,
    local: list[Hit],
    found: list[PersonMention],
    add: Callable[..., None],
    gaz: Gazetteer,
) -> None:
    """Names standing without an office, as official readouts write their own leader:
    "Vladimir Sokolov held talks with ...", "... talks with Ana Costa", "X and Y signed".
    Only in those frames, and only runs of two to four capitalised words that are no
    place, office or organisation."""
    blocked = [(h.start, h.end) for h in local]
    blocked += [(m.start - off, m.end - off) for m in found]

    def name_at(pos: int) -> tuple[int, int] | None:
        span = scan_name(text, pos, blocked)
        if span is None:
            return None
        words = text[span[0] : span[1]].split()
        if not 2 <= len(words) <= 4:
            return None
        if any(fold(w.strip(".,")) in gaz.not_person_words for w in words):
            return None
        return span

    starts: list[tuple[int, bool]] = [(m.end(), True) for m in _BARE_START_RE.finditer(text)]
    starts += [(m.end(), False) for m in frames()["with"].finditer(text)]
    for pos, needs_verb in sorted(starts):
        span = name_at(pos)
        if span is None:
            continue
        rest = text[span[1] :]
        if needs_verb and not (
            frames()["verb"].match(rest) or re.match(r"\s+and\s+[A-ZÀ-Ỹ]", rest)
        ):
            continue
        add(span[0], span[1], span, None, None)


def non_principal(sent: Sentence, mention: PersonMention, gaz: Gazetteer) -> bool:
    """Is the mention introduced as someone other than a principal ("accompanied by X",
    "the wife of X")? (``titles.yaml`` ``non_principal``)"""
    before = fold(sent.text[max(0, mention.start - sent.start - 30) : mention.start - sent.start])
    return any(re.search(rf"\b{re.escape(w)}\s*$", before) for w in gaz.non_principal)
