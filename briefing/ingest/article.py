"""Building an Article from text plus metadata, with the checks every reader shares."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from briefing.errors import InputError
from briefing.model import Article

META_KEYS = ("title", "published", "publisher", "url")

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


def normalise_date(value: Any, path: str) -> str | None:
    """A publication date as YYYY-MM-DD (None when absent); InputError when unusable."""
    day = _as_date(value, path)
    if day is None:
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError(
            path,
            f"'published' year {day.year} is out of range "
            f"({MIN_YEAR}-{MAX_YEAR}); fix or remove the date",
        )
    return day.isoformat()


def _as_date(value: Any, path: str) -> dt.date | None:
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
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise InputError(path, f"'published' is not a date: {text[:40]!r}")
    return parsed.date()


def make_article(text: str, meta: dict[str, Any], path: str) -> Article:
    """Validate and build an Article; ids hash the text so re-reads are recognised."""
    for key in ("title", "publisher", "url"):
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(path, f"'{key}' must be a string, got {type(value).__name__}")
    text = clean_text(text)
    if not text.strip():
        raise InputError(path, "no text: the report is empty")
    return Article(
        id=Article.make_id(text),
        text=text,
        title=_clean_field(meta.get("title")),
        published=normalise_date(meta.get("published"), path),
        publisher=_clean_field(meta.get("publisher")),
        url=_clean_field(meta.get("url")),
        path=path,
    )


def _clean_field(value: str | None) -> str | None:
    """A one-line metadata field: cleaned like the text, whitespace runs collapsed."""
    return " ".join(clean_text(value).split()) or None if value else None
