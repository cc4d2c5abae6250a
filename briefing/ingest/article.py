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


def normalise_date(value: Any, path: str) -> str | None:
    """A publication date as YYYY-MM-DD (None when absent); InputError when unusable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise InputError(path, f"'published' must be a date string, got {type(value).__name__}")
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        raise InputError(path, f"'published' is not a date: {text[:40]!r}")
    return parsed.date().isoformat()


def make_article(text: str, meta: dict[str, Any], path: str) -> Article:
    """Validate and build an Article; ids hash the text so re-reads are recognised."""
    for key in ("title", "publisher", "url"):
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(path, f"'{key}' must be a string, got {type(value).__name__}")
    text = clean_text(text)
    if not text.strip():
        raise InputError(path, "no text: the report is empty")
    title = meta.get("title")
    return Article(
        id=Article.make_id(text),
        text=text,
        title=clean_text(title).strip() or None if title else None,
        published=normalise_date(meta.get("published"), path),
        publisher=(meta.get("publisher") or None),
        url=(meta.get("url") or None),
        path=path,
    )
