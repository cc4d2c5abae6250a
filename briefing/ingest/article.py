"""Building an Article from text plus metadata, with the checks every reader shares, and
the options every reader takes (``ReadOptions``)."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefing.errors import InputError
from briefing.model import Article

if TYPE_CHECKING:  # pragma: no cover
    from briefing.config import Config

log = logging.getLogger(__name__)

META_KEYS = ("title", "published", "publisher", "url")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: How a numeric date such as 11/02/2025 is read: day first or month first.
DATE_ORDERS = ("DMY", "MDY")


@dataclass(frozen=True)
class ReadOptions:
    """How reports are read: the size limit of a file, the order of numeric dates, and
    whether a folder may be left through a symbolic link."""

    max_bytes: int = DEFAULT_MAX_BYTES
    date_order: str = "DMY"
    follow_symlinks: bool = False

    @classmethod
    def of(cls, config: Config) -> ReadOptions:
        """The options of ``config``: ``[build] max_input_bytes``, ``[sources] date_order``
        (default: the order of ``[report] locale``) and ``follow_symlinks``."""
        s = config.sources
        return cls(
            max_bytes=config.build.max_input_bytes,
            date_order=s.date_order or locale_date_order(config.report.locale),
            follow_symlinks=s.follow_symlinks,
        )


@lru_cache(maxsize=16)
def locale_date_order(locale: str) -> str:
    """ "DMY" when the locale writes the day before the month in a short date (en_GB
    dd/MM/y), "MDY" when after (en_US M/d/yy); Babel's CLDR patterns say which."""
    from babel import Locale, UnknownLocaleError

    try:
        pattern = Locale.parse(locale).date_formats["short"].pattern
    except (UnknownLocaleError, ValueError, TypeError, KeyError):
        return "DMY"
    day, month = pattern.find("d"), pattern.find("M")
    return "MDY" if 0 <= month < day else "DMY"


# C0/C1 controls other than tab/newline and the bidi override/isolate characters, which
# can reorder rendered text; they never carry meaning in a news report.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Normalise newlines and unicode (NFC), drop control and bidi-override characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


#: Publication years a news report can plausibly carry. Outside them the date is corrupt
#: metadata (9999-12-31 and 0001-01-01 are common "no date" placeholders), and relative
#: dates resolved against it would leave the calendar.
MIN_YEAR, MAX_YEAR = 1900, 2199


def normalise_date(value: Any, path: str, date_order: str = "DMY") -> str | None:
    """A publication date as YYYY-MM-DD (None when absent); InputError when unusable.
    A numeric date that reads both ways (11/02/2025) follows ``date_order``."""
    day = _as_date(value, path, date_order)
    if day is None:
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError(
            path,
            f"'published' year {day.year} is out of range "
            f"({MIN_YEAR}-{MAX_YEAR}); fix or remove the date",
        )
    return day.isoformat()


#: 11/02/2025, 11.02.25, 2-11-2025: day and month in either order, then the year.
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})")


def _numeric_date(text: str, path: str, date_order: str) -> dt.date | None:
    """A numeric date read day first or month first: by whichever part cannot be a month,
    else by ``date_order`` (logged as ambiguous); None when ``text`` is not one."""
    m = _NUMERIC_DATE.fullmatch(text)
    if m is None:
        return None
    first, second, year = int(m[1]), int(m[3]), int(m[4])
    if len(m[4]) == 2:
        year += 2000 if year < 70 else 1900
    if first > 12 or second > 12 or first == second:
        day, month = (first, second) if first > 12 or first == second else (second, first)
    else:
        day, month = (first, second) if date_order == "DMY" else (second, first)
        log.info(
            "%s: ambiguous date %r read %s first as %04d-%02d-%02d ([sources] date_order,"
            " else [report] locale)",
            path,
            text,
            "day" if date_order == "DMY" else "month",
            year,
            month,
            day,
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InputError(path, f"'published' is not a date: {text[:40]!r}") from None


def _as_date(value: Any, path: str, date_order: str = "DMY") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(path, f"'published' must be a date string, got {type(value).__name__}")
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    numeric = _numeric_date(text, path, date_order)
    if numeric is not None:
        return numeric
    import dateparser

    try:
        parsed = dateparser.parse(
            text, languages=["en"], settings={"STRICT_PARSING": True, "DATE_ORDER": date_order}
        )
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise InputError(path, f"'published' is not a date: {text[:40]!r}")
    return parsed.date()


def make_article(
    text: str, meta: dict[str, Any], path: str, *, key: str | None = None, date_order: str = "DMY"
) -> Article:
    """Validate and build an Article. Its id hashes ``key`` (canonical URL, guid, file:
    ``briefing/ingest/identity.py``) when there is one, else the text."""
    for name in ("title", "publisher", "url"):
        value = meta.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(path, f"'{name}' must be a string, got {type(value).__name__}")
    text = clean_text(text)
    if not text.strip():
        raise InputError(path, "no text: the report is empty")
    return Article(
        id=Article.key_id(key) if key else Article.make_id(text),
        text=text,
        title=_clean_field(meta.get("title")),
        published=normalise_date(meta.get("published"), path, date_order),
        publisher=_clean_field(meta.get("publisher")),
        url=_clean_field(meta.get("url")),
        path=path,
        key=key,
    )


def _clean_field(value: str | None) -> str | None:
    """A one-line metadata field: cleaned like the text, whitespace runs collapsed."""
    return " ".join(clean_text(value).split()) or None if value else None
