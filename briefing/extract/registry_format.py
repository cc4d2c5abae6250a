"""The syntax of the office holders' data (``officeholders.yaml``, ``[[registry]]``
tables): dates of office, holder lines, aliases, and the comparison key of a name.
See ``briefing/data/README.md``."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

from briefing.vocab import fold_key, load_data

_APOSTROPHES = re.compile(r"['ʻʼ`]")
_POSSESSIVE = re.compile(r"'s$")
_INITIALS = re.compile(r"(?<!\S)\w(?: \w)+(?!\S)")  # one-letter words in a row


def parse_date(text: str | date, *, last: bool = False) -> date:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: the first day of the month or year, or
    with ``last`` the last one. A ``date`` (as TOML gives) is returned as it is."""
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(p) for p in text.strip().split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1] if last else 1)
    if len(parts) == 1 and len(text) == 4:
        return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)
    raise ValueError(f"not a date (YYYY-MM-DD, YYYY-MM or YYYY): {text!r}")


def parse_end(text: str | date, start: date) -> date:
    """Last day in office for a ``to`` written as the day the office passed on (the
    successor's first day, so a handover day has one holder), or as a month or year
    (its last day: the handover day is not known)."""
    if isinstance(text, date) or text.count("-") == 2:
        return max(start, parse_date(text) - timedelta(days=1))
    return parse_date(text, last=True)


@cache
def _honorifics() -> frozenset[str]:
    titles = load_data("titles.yaml")
    forms = [*titles["honorifics"], *titles["honorifics_upper"]]
    return frozenset(fold_key(f).replace("'", "") for f in forms)


def name_key(text: str, *, strip_honorifics: bool = False) -> str:
    """Comparison key of a name: folded (``vocab.fold_key``), apostrophes and a final
    possessive dropped, initials joined ("J. D." = "JD"), a final "Jr"/"Sr" dropped;
    with ``strip_honorifics`` also leading courtesy words ("Mr", "H.E.", "Sheikh")."""
    return key_forms(text, strip_honorifics)[-1]


@cache
def _spellings() -> dict[str, str]:
    """Each variant spelling of a name word, with the first spelling of its group
    (``names.yaml`` ``spelling_variants``)."""
    out = {}
    for group in load_data("names.yaml")["spelling_variants"]:
        for word in group:
            out[str(word)] = str(group[0])
    return out


def spelling_key(word: str) -> str:
    """One spelling for the romanisations of a name word ("faysal" -> "faisal")."""
    return _spellings().get(word, word)


def key_forms(text: str, strip_honorifics: bool) -> list[str]:
    """The key of ``text`` (one spelling for each romanised word, :func:`spelling_key`),
    then (with ``strip_honorifics``) the key after each leading
    courtesy word is dropped: "H.E. Sheikh Tamim" -> "he sheikh tamim", "sheikh tamim",
    "tamim" (so a listed "Sheikh Tamim" is found before the bare name)."""
    key = fold_key(text)
    if "'" in key or "ʻ" in key:
        key = _APOSTROPHES.sub("", _POSSESSIVE.sub("", key))
    if key.endswith((" jr", " sr")):
        key = key[:-3]
    key = " ".join(spelling_key(w) for w in key.split())
    forms = [_INITIALS.sub(lambda m: m.group(0).replace(" ", ""), key)]
    if strip_honorifics:
        words = forms[0].split()
        while n := next((n for n in (3, 2, 1) if " ".join(words[:n]) in _honorifics()), 0):
            if n >= len(words):
                break
            del words[:n]
            forms.append(" ".join(words))
    return forms


def parse_aliases(field: str | Iterable[str] | None) -> list[tuple[str, bool]]:
    """(alias, ambiguous) pairs from "A, ~B" or a list of such strings."""
    items = field.split(",") if isinstance(field, str) else list(field or ())
    out = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"alias {item!r} is not text")
        if item.strip():
            out.append((item.strip().lstrip("~").strip(), item.strip().startswith("~")))
    return out


def parse_line(line: str) -> tuple[str, str, str | None, list[tuple[str, bool]]]:
    """``name | from | to | aliases`` -> (name, from, to or None, aliases); ``to`` is
    the text as written ("?" for an unknown end)."""
    fields = [f.strip() for f in line.split("|")]
    if not 2 <= len(fields) <= 4 or not fields[0] or not fields[1]:
        raise ValueError("expected 'name | from | to | aliases'")
    fields += [""] * (4 - len(fields))
    return fields[0], fields[1], fields[2] or None, parse_aliases(fields[3])


def offices(block: str) -> list[tuple[str, list[str]]]:
    """A state's block of the data file as (office, holder lines) in file order."""
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if line[0].isspace() and out:
            out[-1][1].append(text)
        elif not line[0].isspace() and text.endswith(":") and len(text) > 1:
            out.append((text[:-1].strip(), []))
        else:
            raise ValueError(f"neither an 'office:' line nor a holder under one: {text!r}")
    return out
