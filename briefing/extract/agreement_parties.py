"""Documents with a third party: not documents of the two states alone.

The rule of ``spec/annotation.md`` leaves out documents with third parties: a
multilateral treaty, a bloc's free trade agreement, a third pair's peace accord. A
party is named before the kind ("the X-Y Free Trade Agreement"), after "between" or
"with" inside the name, or right after it ("... concluded last year with X"); an
international organisation (``titles.yaml``) or a state outside the meeting there makes
the document a third party's. A state the document is only about ("agreement on the
reconstruction of X") is no party.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.extract.agreement_rules import Name
from briefing.vocab import alternation, load_data

_PARTY = re.compile(r"\b(?:with|between|among)\s+(?:the\s+)?")
_PARTY_AFTER = 40  # "the border accord it concluded last year with X": X is a party
_SIGNED_WITH = re.compile(r"[\s,]*(?:\w+ly\s+)?(?:(?:signed|concluded|reached|agreed)\s+)?")


@lru_cache(maxsize=1)
def _bodies() -> re.Pattern[str]:
    """International organisations (``titles.yaml``): a document with one as a party is
    not a document of the two states alone."""
    names = load_data("titles.yaml")["organisations"]
    acronyms = [n for n in names if n.isupper()]
    words = [n for n in names if not n.isupper()]
    return re.compile(rf"(?i:{alternation(words)})|{alternation(acronyms)}")


@lru_cache(maxsize=1)
def _multilateral() -> re.Pattern[str]:
    """Words that make a name a document of more than two parties ("multilateral",
    "Paris Agreement"), wherever they stand in it."""
    return re.compile(alternation(load_data("agreements.yaml")["multilateral"]), re.I)


def foreign_states(text: str, countries: list[str]) -> list[int]:
    """Where the sentence names a state other than the meeting's two (none when the two
    are not known)."""
    if len(set(countries)) != 2:
        return []
    from briefing.extract.gazetteer import get_gazetteer

    return [
        h.start
        for h in get_gazetteer().find(text)
        if h.kind in {"country", "demonym"} and h.key not in countries
    ]


def third_party(name: Name, text: str, foreign: list[int]) -> bool:
    """A document with a third party: an international organisation or a state outside
    the meeting named as a party, before the kind ("India-EU Free Trade Agreement",
    "North American ..."), after "between" / "with" in the name, or right after the name
    ("the status-of-forces pact with X"). A state the document is about ("agreement
    on the reconstruction of X") is no party."""
    parties = [(name.start, name.start + name.kind_start)]
    for m in _PARTY.finditer(text, name.start, min(len(text), name.end + _PARTY_AFTER)):
        if m.start() < name.end or _SIGNED_WITH.fullmatch(text, name.end, m.start()):
            parties.append((m.end(), min(len(text), m.end() + 40)))
    if _multilateral().search(name.text) or any(_bodies().search(text, a, b) for a, b in parties):
        return True
    return any(a <= at < b for at in foreign for a, b in parties)
