"""Questions to the archive: which meetings, of which pair of states, in which period.

``briefing meetings`` is a thin wrapper over ``find_meetings``:

    >>> from briefing.query import find_meetings, resolve_pair
    >>> resolve_pair("United States-China")
    'CHN-USA'
    >>> find_meetings("output/briefing.sqlite", pair="Russia-Turkey", since="2024")  # doctest: +SKIP

A pair is given as ISO alpha-3 codes or as the names the extractor knows (the country
gazetteer, so "Türkiye", "Turkey" and "TUR" are one state). Arguments are checked before
the archive is opened, so a mistyped pair or date is a usage error, not an empty list.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from briefing.config import did_you_mean
from briefing.errors import ConfigError

PAIR_EXAMPLES = 'RUS-TUR, Russia-Turkey or "United States-China"'
_SEPARATORS = re.compile(r"[-–,/]")
_DAY = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _country(name: str) -> str | None:
    """ISO alpha-3 code of a country code or name, by the extractor's gazetteer."""
    from briefing.extract.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    name = " ".join(name.split())
    if len(name) == 3 and name.isalpha() and name.upper() in gaz.countries:
        return name.upper()
    text = name[:1].upper() + name[1:]  # the matcher wants proper names capitalised
    hits = gaz.find(text)
    if (
        len(hits) == 1
        and hits[0].kind == "country"
        and (hits[0].start, hits[0].end)
        == (
            0,
            len(text),
        )
    ):
        return hits[0].key
    return None


def _near_miss(name: str) -> str:
    from briefing.extract.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    names = [n for e in gaz.countries.values() for n in [e["name"], *e.get("aliases", [])]]
    return did_you_mean(name.strip(), [*names, *gaz.countries])


def resolve_pair(text: str) -> str:
    """``"Russia-Turkey"``, ``"tur,rus"`` or ``"United States–China"`` -> the archive's
    pair key (``"RUS-TUR"``: two ISO alpha-3 codes, sorted). ConfigError saying which
    part is not a known state, and what is expected, otherwise."""
    raw = text.strip()
    cuts = [m.start() for m in _SEPARATORS.finditer(raw)] or [
        i for i, ch in enumerate(raw) if ch == " "
    ]
    unknown = raw
    for cut in cuts:
        left, right = raw[:cut].strip(), raw[cut + 1 :].strip()
        first = _country(left) if left else None
        second = _country(right) if right else None
        if first and second:
            if first == second:
                raise ConfigError(f"--pair {text!r}: two different states are needed")
            return "-".join(sorted((first, second)))
        if first or second:
            unknown = right if first else left
    if not cuts:
        reason = "a pair is two states"
    elif not unknown:
        reason = "one of the two states is missing"
    else:
        reason = f"{unknown!r} is not a country name or ISO alpha-3 code{_near_miss(unknown)}"
    raise ConfigError(
        f"--pair {text!r}: {reason}; expected two ISO alpha-3 codes or country names, "
        f"e.g. {PAIR_EXAMPLES}"
    )


def check_day(value: str, option: str) -> str:
    """``2025-04-23``, ``2025-04`` or ``2025``, checked to be a real day/month/year."""
    value = value.strip()
    ok = bool(_DAY.fullmatch(value))
    if ok:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            ok = False
    if not ok:
        raise ConfigError(f"{option} {value!r}: expected a date like 2025-04-23, 2025-04 or 2025")
    return value


def find_meetings(
    db: str | Path,
    *,
    pair: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Meeting summaries of an existing archive, newest first (undated last).

    ``since``/``until`` are inclusive and may be a day, a month or a year (``until
    2024`` keeps all of 2024); with either, undated meetings are left out. ``limit``
    keeps the first (newest) ones."""
    from briefing.archive import load_meetings

    key = resolve_pair(pair) if pair else None
    since = check_day(since, "--since") if since else None
    until = check_day(until, "--until") if until else None
    if limit is not None and limit < 1:
        raise ConfigError(f"--limit {limit}: must be at least 1")
    rows = load_meetings(db, key)
    if since or until:
        rows = [
            r
            for r in rows
            if r["date"]
            and (not since or r["date"][: len(since)] >= since)
            and (not until or r["date"][: len(until)] <= until)
        ]
    return rows[:limit] if limit else rows
