"""Amounts of money as written: number, scale and currency ("€2 billion", "R25 billion",
"RM1.2 bil", "500 million yuan", "Rs. 300 crore", "$3.7 billion").

The currencies, their symbols, codes and names live in ``data/figures.yaml``. Every
amount keeps the currency it is written in (an ISO 4217 code): converting would need the
exchange rate of the day, which a report does not give. A bare "$" or "dollars" is the
``dollar`` of the release: US dollars, unless the publisher is a government whose own
currency is a dollar (:func:`local_dollar`: a Canadian release's "$40 billion" is CAD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from briefing.vocab import alternation, fold, load_data, phrase_regex

USD = "USD"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


@dataclass(frozen=True)
class Amount:
    """One amount found in a text: its span, value in units of ``currency``, and code."""

    start: int
    end: int
    text: str
    value: float
    currency: str


@dataclass(frozen=True)
class _Money:
    pattern: re.Pattern[str]
    codes: dict[str, str]  # symbol or folded word -> ISO code ("" for the bare dollar)
    shared: dict[str, dict[str, str]]  # symbol -> {state: code}
    scales: dict[str, float]
    words: dict[str, int]


def _symbol_regex(symbol: str, scale: str) -> str:
    """A symbol before a number. Letters-only symbols ("R", "RM", "Rs.") must touch the
    number (one space allowed, a lone letter needs a scale word after the number) and
    are case-sensitive; other symbols ("€", "US$", "C$") may stand a space away."""
    body = re.escape(symbol).replace(r"\ ", r"\s?")
    if re.fullmatch(r"[A-Za-z.]+", symbol):
        lone = rf"(?=\s?[\d.,]+[\s\-]?(?i:{scale})(?![a-z]))" if len(symbol) == 1 else ""
        return rf"(?<![\w$])(?-i:{body})(?=\s?\d){lone}"
    if symbol.startswith("$"):
        return rf"(?<![\w$]){body}"
    return rf"(?<![\w]){body}" if symbol[0].isalpha() else body


def _word_regex(word: str) -> str:
    """A currency word after a number; an all-capitals code keeps its case."""
    if re.fullmatch(r"[A-Z$]{3,4}", word):
        return rf"(?-i:{re.escape(word)})(?!\w)"
    return phrase_regex(word)


@lru_cache(maxsize=1)
def _money() -> _Money:
    d = load_data("figures.yaml")
    codes: dict[str, str] = {}
    before: list[str] = []
    after: list[str] = []
    for code, forms in d["currencies"].items():
        for sym in forms.get("before", []):
            codes[sym] = code
            before.append(sym)
        for word in forms.get("after", []):
            codes[_word_key(word)] = code
            after.append(word)
    for sym in d["bare_dollar"]["before"]:
        codes[sym] = ""
        before.append(sym)
    for word in d["bare_dollar"]["after"]:
        codes[_word_key(word)] = ""
        after.append(word)
    scales = {k.lower(): float(v) for k, v in d["scales"].items()}
    words = {k.lower(): int(v) for k, v in d["number_words"].items()}
    num = rf"(?P<num>{_NUM}|" + "|".join(sorted(words, key=len, reverse=True)) + ")"
    scale = r"(?P<scale>" + "|".join(sorted(scales, key=len, reverse=True)) + r")(?![a-z])"
    scale_words = "|".join(sorted(scales, key=len, reverse=True))
    sym = "|".join(
        _symbol_regex(s, scale_words) for s in sorted(set(before), key=len, reverse=True)
    )
    word = "|".join(_word_regex(w) for w in sorted(set(after), key=len, reverse=True))
    pattern = (
        rf"(?:(?=[^\d\n]{{1,12}}\d)(?P<sym>{sym})\s?{num}(?:[\s\-]?{scale})?(?!\s*%)(?!\d))"
        rf"|(?:(?<![\w$]){num}(?:[\s\-]?{scale})?\s?(?P<word>{word}))"
    )
    pattern = pattern.replace("(?P<num>", "(?P<num1>", 1).replace("(?P<scale>", "(?P<scale1>", 1)
    shared = {k: dict(v) for k, v in d["shared_symbols"].items()}
    return _Money(re.compile(pattern, re.I), codes, shared, scales, words)


def _word_key(word: str) -> str:
    return re.sub(r"[\s\-]+", " ", fold(word)) if not word.isupper() else word


def number(text: str, words: dict[str, int] | None = None) -> float:
    """ "1,250.5" -> 1250.5; "1,1" (a decimal comma) -> 1.1; "five" -> 5."""
    low = text.lower()
    words = words if words is not None else _money().words
    if low in words:
        return float(words[low])
    if _GROUPED.fullmatch(low):
        return float(low.replace(",", ""))
    return float(low.replace(",", "."))


def find_amounts(text: str, dollar: str = USD, states: tuple[str, ...] = ()) -> list[Amount]:
    """Amounts of money in ``text``, left to right. A bare "$"/"dollars" is ``dollar``;
    a symbol two currencies share ("¥") is the one of a state among ``states``."""
    money = _money()
    out = []
    for m in money.pattern.finditer(text):
        num = m.group("num") or m.group("num1")
        scale = (m.group("scale") or m.group("scale1") or "").lower()
        written = m.group("sym") or m.group("word")
        key = written if m.group("sym") else _word_key(written)
        code = money.codes.get(key) or dollar
        for state, other in money.shared.get(key, {}).items():
            if state in states:
                code = other
        value = number(num, money.words) * money.scales.get(scale, 1.0)
        out.append(Amount(m.start(), m.end(), m.group(0), value, code))
    return out


def money_pattern() -> re.Pattern[str]:
    """The compiled pattern of every written amount (for a quick "any money here?")."""
    return _money().pattern


@lru_cache(maxsize=1)
def _local_dollars() -> tuple[re.Pattern[str], list[tuple[str, list[str], re.Pattern[str]]]]:
    d = load_data("figures.yaml")
    official = re.compile(alternation(d["government_words"]), re.I)
    return official, [
        (code, list(where["hosts"]), re.compile(alternation(where["names"]), re.I))
        for code, where in d["local_dollars"].items()
    ]


def local_dollar(publisher: str | None, url: str | None) -> str:
    """The currency a bare "$" means in a release: the local dollar of a Canadian,
    Australian, New Zealand, Hong Kong or Singapore government page (by the address's
    host, or a publisher naming that government), else US dollars."""
    official, dollars = _local_dollars()
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.lower().rstrip(".")
    by_government = bool(publisher and official.search(publisher))
    for code, hosts, names in dollars:
        if any(host == h or host.endswith("." + h) for h in hosts):
            return code
        if by_government and names.search(publisher or ""):
            return code
    return USD
