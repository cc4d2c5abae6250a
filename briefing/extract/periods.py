"""Time expressions of facts: the period of a trade figure and the date of a document.

Reports say "last year", "the first four months of this year", "in January-July" or
"adopted last July"; a briefing needs "2024", "2025-01/2025-03" or "2024-07". The finders
locate such phrases in a sentence (so extractors can keep them as written) and the
resolvers turn a phrase into a value against an anchor date (the meeting date). Phrases
that name their year resolve without an anchor; relative ones need it, and stay ``None``
when the anchor is unknown so the merge stage can resolve them later.

Periods are "YYYY" for a calendar year (also when written as "January-December" or "12
months"), "YYYY-MM" for one month and "YYYY-MM/YYYY-MM" for another span of months, also one across the turn of a
year ("the four quarters to the end of Q3 2024" -> "2023-10/2024-09").
Dates are "YYYY-MM-DD", "YYYY-MM" or "YYYY", as precise as the phrase allows.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from briefing.vocab import month_names, months, weekdays

_MONTHS = month_names()
_MONTH_NUMBERS = months()
_MONTH_RE = (
    r"(?:" + "|".join(_MONTHS) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
    r"\.?(?![a-z]))"
)
_WEEKDAYS = tuple(w.lower() for w in weekdays())
_NUMBER_WORDS = {
    w: i + 1
    for i, w in enumerate(
        (
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        )
    )
}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": 4,
    "final": 4,
}

_YEAR = r"(?:19|20)\d\d"
_YEAR_REF = (
    rf"(?:{_YEAR}|this year|the present year|the current year|current year|last year|"
    r"the previous year|the past year|previous year|the same year)"
)
_COUNT = r"(?:\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_OF_YEAR = rf"(?:,?\s+(?:of\s+|in\s+)?(?P<year>{_YEAR_REF}))?"

# Period phrases, most specific first; each names its groups for _period_value.
_PERIOD_PATTERNS = [
    (
        "rolling",
        rf"(?:the\s+)?(?:(?P<n>{_COUNT})\s+(?P<unit>quarters|months)|(?P<whole>year))\s+"
        rf"(?:to|ending|ended|up\s+to|through)\s+(?:the\s+end\s+of\s+)?"
        rf"(?:Q(?P<q>[1-4])|(?P<m1>{_MONTH_RE}))(?:\s+|,\s*)(?P<year>{_YEAR})",
    ),
    (
        "months",
        rf"(?:the\s+)?(?:first\s+|(?P<past>last|past)\s+)?(?P<n>{_COUNT})(?:\s+|-)months?"
        rf"{_OF_YEAR}",
    ),
    (
        "quarter",
        r"(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|last|final)"
        rf"\s+quarter{_OF_YEAR}",
    ),
    ("quarter", rf"\bQ(?P<q>[1-4])(?:\s+(?P<year>{_YEAR}))?"),
    ("half", rf"(?:the\s+)?(?P<h>first|second)\s+half{_OF_YEAR}"),
    ("half", rf"\bH(?P<h>[12])(?:\s+(?P<year>{_YEAR}))?"),
    (
        "range",
        rf"(?:from\s+)?(?P<m1>{_MONTH_RE})\s*(?:-|–|—|through|to|until)\s*"
        rf"(?P<m2>{_MONTH_RE}){_OF_YEAR}",
    ),
    ("since_start", r"since the (?:beginning|start) of (?:the|this) year"),
    ("month", rf"(?<![\d\w])(?P<m1>{_MONTH_RE})(?!\s+\d{{1,2}}\b){_OF_YEAR}"),
    (
        "year",
        rf"(?:the\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?(?<![\d\-–/])"
        rf"(?P<year>{_YEAR_REF})(?!\s*[-–/]\s*\d)",
    ),
]


def _alternation(patterns: list[tuple[str, str]]) -> re.Pattern[str]:
    """One regex matching any of ``patterns`` (inner group names dropped: they repeat)."""
    return re.compile(
        "|".join(re.sub(r"\(\?P<\w+>", "(?:", pat) for _, pat in patterns), re.IGNORECASE
    )


PERIOD_RE = _alternation(_PERIOD_PATTERNS)
_LEADING_PREPOSITION = re.compile(r"^(?:in|during|for|throughout|over)\s+", re.IGNORECASE)
_PERIOD_ONE = [(kind, re.compile(pat, re.IGNORECASE)) for kind, pat in _PERIOD_PATTERNS]

_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    ("iso", rf"(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"),
    ("dmy_num", rf"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>{_YEAR})"),
    ("mdy", rf"(?P<mn>{_MONTH_RE})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})"),
    ("dmy", rf"(?P<d>{_DAY})\s+(?:of\s+)?(?P<mn>{_MONTH_RE}),?\s+(?P<y>{_YEAR})"),
    ("my", rf"(?P<mn>{_MONTH_RE}),?\s+(?:of\s+)?(?P<y>{_YEAR})"),
    ("md", rf"(?P<mn>{_MONTH_RE})\s+(?P<d>{_DAY})\b(?!,?\s+(?:{_YEAR}|\d))"),
    ("dm", rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mn>{_MONTH_RE})\b(?!,?\s+{_YEAR})"),
    (
        "month_of_year",
        rf"(?:\b(?:in|since)\s+)?(?P<mn>{_MONTH_RE})\s+(?:of\s+)?"
        r"(?P<rel>last|this|the previous|the current)\s+year\b",
    ),
    ("last_month_name", rf"(?P<rel>last|this past|earlier this)\s+(?P<mn>{_MONTH_RE})"),
    ("in_month", rf"\b(?:in|since)\s+(?P<mn>{_MONTH_RE})\b(?!\s+\d)"),
    (
        "same_day",
        r"\b(?:today|this morning|this afternoon|this evening|tonight|"
        r"(?:following|after|during|at|on the sidelines of) the (?:meeting|talks|"
        r"negotiations|visit|summit|ceremony)|(?:on|during) the same day)\b",
    ),
    ("yesterday", r"\byesterday\b"),
    ("rel_month", r"\b(?:last|this|earlier this) month\b"),
    ("rel_year", r"\b(?:last|this|earlier this|the previous|the past|a) year(?! ago)\b"),
    ("years_ago", rf"\b(?P<n>{_COUNT}|a) years? ago\b"),
    ("weekday", r"\b(?:on\s+|last\s+)?(?P<wd>" + "|".join(_WEEKDAYS) + r")\b"),
    ("year", rf"\b(?:in|since|of|from)\s+(?P<y>{_YEAR})\b(?!\s*[-–]\s*\d)"),
]
DATE_RE = _alternation(_DATE_PATTERNS)
_DATE_ONE = [(kind, re.compile(pat, re.IGNORECASE)) for kind, pat in _DATE_PATTERNS]


@dataclass(frozen=True)
class Mention:
    """A time phrase found in a sentence: its span (relative to the searched text)."""

    start: int
    end: int
    text: str


def find_periods(text: str) -> list[Mention]:
    """Period phrases of a sentence, left to right, as written."""
    out = []
    for m in PERIOD_RE.finditer(text):
        phrase = m.group(0).strip(" ,")
        if phrase.lower() in {"may", "march"} and not _looks_like_month(text, m.start()):
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" ,")))
        out.append(Mention(start, start + len(phrase), phrase))
    return out


def find_dates(text: str) -> list[Mention]:
    """Date phrases of a sentence ("last July", "in July 2024", "today"), left to right."""
    out = []
    for m in DATE_RE.finditer(text):
        phrase = m.group(0)
        if re.fullmatch(
            r"(?:in|since)\s+(?:may|march)", phrase, re.IGNORECASE
        ) and not _looks_like_month(text, m.end() - 3):
            continue
        out.append(Mention(m.start(), m.end(), phrase))
    return out


def _looks_like_month(text: str, pos: int) -> bool:
    """ "May" and "March" are months only when written with a capital (not "may agree")."""
    return text[pos : pos + 1].isupper()


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTH_NUMBERS.get(key) or _MONTH_NUMBERS[key[:4] if key.startswith("sept") else key[:3]]


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _year_of(ref: str | None, anchor: datetime.date | None) -> int | None:
    """The year a year reference names: explicit, or relative to the anchor."""
    if ref is None:
        return None
    ref = ref.lower().strip()
    if re.fullmatch(_YEAR, ref):
        return int(ref)
    if anchor is None:
        return None
    if ref in {"last year", "the previous year", "previous year", "the past year"}:
        return anchor.year - 1
    return anchor.year


def _span(year: int, first: int, last: int) -> str:
    """ "2025-01/2025-03"; a single month is "2025-01"."""
    if first == last:
        return f"{year:04d}-{first:02d}"
    return f"{year:04d}-{first:02d}/{year:04d}-{last:02d}"


def _implicit_year(last_month: int, anchor: datetime.date | None) -> int | None:
    """A span of months without a year is the latest one that has begun by the anchor."""
    if anchor is None:
        return None
    return anchor.year if last_month <= anchor.month else anchor.year - 1


def resolve_period(expr: str, anchor: datetime.date | None) -> str | None:
    """Period value of ``expr`` ("2024" or "YYYY-MM/YYYY-MM"), or None when the phrase is
    not a period or needs an anchor that is unknown."""
    expr = _LEADING_PREPOSITION.sub("", expr.strip())
    for kind, pattern in _PERIOD_ONE:
        m = pattern.fullmatch(expr)
        if m:
            return _period_value(kind, m, anchor)
    return None


def _period_value(kind: str, m: re.Match[str], anchor: datetime.date | None) -> str | None:
    groups = m.groupdict()
    year_ref = groups.get("year")
    if kind == "year":
        if year_ref and year_ref.lower() == "the past year":
            return None
        year = _year_of(year_ref, anchor)
        return None if year is None else f"{year:04d}"
    if kind == "rolling":
        return _rolling(groups)
    if kind == "since_start":
        return None if anchor is None else _span(anchor.year, 1, anchor.month)
    if kind == "months":
        if groups["past"]:
            return None
        first, last = 1, _count(groups["n"])
    elif kind == "quarter":
        q = groups["q"].lower()
        q = int(q) if q.isdigit() else _ORDINALS[q]
        first, last = 3 * q - 2, 3 * q
    elif kind == "half":
        h = groups["h"].lower()
        h = int(h) if h.isdigit() else _ORDINALS[h]
        first, last = 6 * h - 5, 6 * h
    elif kind == "range":
        first, last = _month_number(groups["m1"]), _month_number(groups["m2"])
    else:  # month
        first = last = _month_number(groups["m1"])
    if not 1 <= first <= last <= 12:
        return None
    year = _year_of(year_ref, anchor) if year_ref else _implicit_year(last, anchor)
    if year is None:
        return None
    return f"{year:04d}" if (first, last) == (1, 12) else _span(year, first, last)


def _rolling(groups: dict[str, str | None]) -> str | None:
    """The span of a rolling period ("the 12 months to June 2024", "the four quarters to
    the end of Q3 2024"): it ends with the month or quarter named and reaches back."""
    year = int(groups["year"] or 0)
    last = 3 * int(groups["q"]) if groups["q"] else _month_number(groups["m1"] or "")
    if groups["whole"]:
        months = 12
    else:
        months = _count(groups["n"] or "") * (3 if groups["unit"] == "quarters" else 1)
    if not 1 <= months <= 24:
        return None
    first = year * 12 + last - months  # months since year 0, of the first month, minus one
    start_year, start_month = divmod(first, 12)
    if (start_month + 1, last, months) == (1, 12, 12):
        return f"{year:04d}"
    if months == 1:
        return f"{year:04d}-{last:02d}"
    return f"{start_year:04d}-{start_month + 1:02d}/{year:04d}-{last:02d}"


def resolve_date_expr(expr: str, anchor: datetime.date | None) -> str | None:
    """Date value of ``expr`` ("YYYY-MM-DD", "YYYY-MM" or "YYYY"), or None. A bare year
    ("1951", read from a name such as "the 1951 Treaty") is its own value."""
    expr = expr.strip()
    if re.fullmatch(_YEAR, expr):
        return expr
    for kind, pattern in _DATE_ONE:
        m = pattern.fullmatch(expr)
        if m:
            return _date_value(kind, m, anchor)
    for m in DATE_RE.finditer(expr):  # a longer phrase ("signed today"): its first date
        return resolve_date_expr(m.group(0), anchor)
    return None


def _day_this_year(month: int, day: int, anchor: datetime.date) -> str | None:
    """A day written without a year: the latest such day not after the anchor."""
    for year in (anchor.year, anchor.year - 1):
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            continue
        if value <= anchor:
            return value.isoformat()
    return None


def _date_value(kind: str, m: re.Match[str], anchor: datetime.date | None) -> str | None:
    g = m.groupdict()
    if kind in {"iso", "dmy_num", "mdy", "dmy"}:
        month = int(g["m"]) if kind in {"iso", "dmy_num"} else _month_number(g["mn"])
        day = int(re.sub(r"\D", "", g["d"]))
        try:
            return datetime.date(int(g["y"]), month, day).isoformat()
        except ValueError:
            return None
    if kind == "my":
        return f"{int(g['y']):04d}-{_month_number(g['mn']):02d}"
    if kind == "year":
        return g["y"]
    if anchor is None:
        return None
    text = m.group(0).lower()
    if kind == "month_of_year":
        back = g["rel"].lower() in {"last", "the previous"}
        return f"{anchor.year - 1 if back else anchor.year:04d}-{_month_number(g['mn']):02d}"
    if kind in {"last_month_name", "in_month"}:
        month = _month_number(g["mn"])
        strict = kind == "last_month_name" and not text.startswith("earlier")
        same_year = month < anchor.month or (month == anchor.month and not strict)
        return f"{anchor.year if same_year else anchor.year - 1:04d}-{month:02d}"
    if kind in {"md", "dm"}:
        return _day_this_year(_month_number(g["mn"]), int(re.sub(r"\D", "", g["d"])), anchor)
    if kind == "same_day":
        return anchor.isoformat()
    if kind == "yesterday":
        return (anchor - datetime.timedelta(days=1)).isoformat()
    if kind == "rel_month":
        if text.startswith("last"):
            year, month = (
                (anchor.year, anchor.month - 1) if anchor.month > 1 else (anchor.year - 1, 12)
            )
            return f"{year:04d}-{month:02d}"
        return f"{anchor.year:04d}-{anchor.month:02d}"
    if kind == "rel_year":
        previous = text.startswith(("last", "the previous", "the past", "a year"))
        return f"{anchor.year - 1 if previous else anchor.year:04d}"
    if kind == "years_ago":
        n = 1 if g["n"].lower() == "a" else _count(g["n"])
        return f"{anchor.year - n:04d}"
    if kind == "weekday":
        days = (anchor.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
        return (anchor - datetime.timedelta(days=days)).isoformat()
    return None
