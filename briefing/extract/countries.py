"""Countries around the report: state pairs written as one ("Chilean-Peruvian",
"Canada-U.S.", "between X and Y"), and the page's own state (an official site's, from
its publisher or its host) with the office of a leader's own site ("President of
Russia"). Which two states met is weighed in ``sides.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.extract.gazetteer import STATE_KINDS, Gazetteer, Hit
from briefing.vocab import fold, load_data, phrase_regex

_PAIR_GAP_RE = re.compile(r"^(?:-|–|/|\s/\s)$")  # "Uzbek-Belarusian"; " - " is a dateline's
_BETWEEN_RE = re.compile(r"^\s*(?:and|&)\s+(?:the\s+)?$")


def pairs(hits: list[Hit], text: str) -> list[tuple[str, str]]:
    """State pairs written as "X-Y" (or "between X and Y"), in text order."""
    out = []
    places = [h for h in hits if h.kind in STATE_KINDS]
    for a, b in zip(places, places[1:], strict=False):
        if a.key == b.key:
            continue
        gap = text[a.end : b.start]
        between = _BETWEEN_RE.match(gap) and re.search(
            r"\bbetween\s+(?:the\s+)?$", text[max(0, a.start - 12) : a.start]
        )
        if _PAIR_GAP_RE.match(gap) or between:
            out.append((a.key, b.key))
    return out


@lru_cache(maxsize=1)
def _vanity_tlds() -> frozenset[str]:
    return frozenset(load_data("cues.yaml")["vanity_tlds"])


@lru_cache(maxsize=1)
def _official() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_data("cues.yaml")
    return (re.compile(cues["official_publisher"], re.I), re.compile(cues["official_host"], re.I))


def is_official_page(publisher: str | None, url: str | None) -> bool:
    """A government's own page (ministry, presidency, ".gov." host): its readouts leave
    their own leader's state unwritten, so the page's state is strong evidence for a side
    whose country the text does not give."""
    by_name, by_host = _official()
    host = re.match(r"(?:[a-z]+://)?([^/:?#]+)", (url or "").strip().lower())
    return bool(by_name.search(publisher or "") or (host and by_host.search(host.group(1) + ".")))


def page_office(publisher: str | None, gaz: Gazetteer) -> tuple[str, str] | None:
    """(state, office) of a leader's own site ("President of Russia"), whose readouts
    name the leader without the office."""
    m = re.match(load_data("cues.yaml")["publisher_office"], publisher or "", re.I)
    if not m:
        return None
    states = page_states(publisher, None, gaz)
    return (states[0], m.group(1).title()) if len(states) == 1 else None


@lru_cache(maxsize=1)
def _agencies() -> tuple[list[tuple[re.Pattern[str], str]], dict[str, str]]:
    """(name pattern, state) of the national news agencies (``agencies.yaml``), and
    their hosts by state."""
    names: list[tuple[re.Pattern[str], str]] = []
    hosts: dict[str, str] = {}
    for state, entry in load_data("agencies.yaml")["agencies"].items():
        for name in entry.get("names", []):
            if name.isupper():  # an abbreviation: in capitals only ("SPA", not "spa")
                names.append((re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), state))
            else:
                names.append((re.compile(phrase_regex(fold(name)), re.I), state))
        for host in entry.get("domains", []):
            hosts[host.lower()] = state
    return names, hosts


def _agency_states(publisher: str, host: str) -> list[str]:
    names, hosts = _agencies()
    folded = fold(publisher)
    found = [
        state
        for pattern, state in names
        if pattern.search(publisher if pattern.flags & re.I == 0 else folded)
    ]
    found += [state for h, state in hosts.items() if host == h or host.endswith("." + h)]
    return found


_CREDIT = re.compile(r"\(([^()\n]{2,40})\)|/([^/\n]{2,20})/")  # "(Xinhua)", "/TASS/"


def credited_agency_states(text: str, start: int, end: int) -> list[str]:
    """States of the national agencies credited in brackets or slashes around a dateline
    ``text[start:end]``: "BEIJING, May 13 (Xinhua) --", "(MENAFN- IANS) Tehran",
    "Moscow, 5 June /TASS/" (not a name in the lead: "Petra" is a given name too)."""
    window = text[max(0, start - 40) : end + 30]
    return [
        state
        for m in _CREDIT.finditer(window)
        for state in _agency_states(m.group(1) or m.group(2), "")
    ]


def page_states(publisher: str | None, url: str | None, gaz: Gazetteer) -> list[str]:
    """States the page itself belongs to: named in the publisher ("Ministry of Foreign
    Affairs of Japan"), its national news agency ("Saudi Press Agency", also on a site
    that reposts it: "Gulf Daily (SPA)", ``agencies.yaml``), or the site's country domain
    (".kz"). Official readouts and agency reports often leave their own state unwritten
    ("Head of State X had a telephone conversation with President of Y Z"); this is the
    weakest evidence, used only to fill a missing side."""
    import pycountry

    found = [h.key for h in gaz.find(publisher or "") if h.kind in STATE_KINDS]
    host = re.match(r"(?:[a-z]+://)?([^/:?#]+)", (url or "").strip().lower())
    found += _agency_states(publisher or "", host.group(1) if host else "")
    tld = host.group(1).rsplit(".", 1)[-1] if host and "." in host.group(1) else ""
    if len(tld) == 2 and tld not in _vanity_tlds():
        entry = pycountry.countries.get(alpha_2="GB" if tld == "uk" else tld.upper())
        if entry is not None:
            found.append(entry.alpha_3)
    return list(dict.fromkeys(found))
