"""RSS/Atom feeds and article URLs: feedparser for the feed, trafilatura for the text.

A feed entry usually carries a teaser, sometimes the whole story. When the entry's own
content is long enough to be the story it is used as is (no request); otherwise the
entry's link is fetched and the page's main text extracted. A feed read from a report
folder (``read_feed_bytes``) has no fetcher: it uses what the entry carries, so reading
local files never touches the network.

One entry that cannot be read is reported (InputError naming its link) and the other
entries still come through.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.errors import InputError
from briefing.ingest.article import make_article
from briefing.ingest.decode import decode_bytes
from briefing.ingest.html import html_to_text
from briefing.model import Article

if TYPE_CHECKING:  # pragma: no cover
    from briefing.ingest.fetch import Fetcher

log = logging.getLogger(__name__)

#: A carried entry text with at least this many words is taken to be the story itself;
#: shorter ones are teasers, and the linked page is fetched instead (when we can).
MIN_STORY_WORDS = 120

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_feed(source: str, fetcher: Fetcher, *, max_bytes: int) -> Iterator[Article | InputError]:
    """Articles of the feed at ``source`` (an http(s) URL or a file path)."""
    if is_url(source):
        try:
            response = fetcher.fetch(source)
        except InputError as exc:
            yield exc
            return
        data, where = response.body, source
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                yield InputError(
                    source, f"feed file is {size} bytes, over the {max_bytes}-byte limit"
                )
                return
            data, where = path.read_bytes(), source
        except OSError as exc:
            yield InputError(source, f"cannot read feed ({exc.strerror or exc})")
            return
    yield from iter_feed(data, where, fetcher)


def read_feed_bytes(data: bytes, path: str) -> list[Article]:
    """Articles of a feed file found among the reports (no network: carried text only).

    Entries that cannot be read are logged; the file is an error only when none can."""
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in iter_feed(data, path, fetcher=None):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            articles.append(item)
    if errors and not articles:
        raise errors[0]
    for exc in errors:
        log.warning("skipped %s", exc)
    return articles


def iter_feed(
    data: bytes,
    source: str,
    fetcher: Fetcher | None,
) -> Iterator[Article | InputError]:
    """Parse feed bytes and turn each entry into an Article (or an InputError)."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            why = parsed.get("bozo_exception")
            yield InputError(source, f"not a valid RSS/Atom feed ({why})")
        elif not parsed.get("version"):
            yield InputError(source, "not an RSS/Atom feed")
        else:
            log.info("feed %s has no entries", source)
        return
    publisher = parsed.feed.get("title") or None
    broken = _xml_problem(parsed)
    for n, entry in enumerate(parsed.entries):
        where = entry.get("link") or f"{source}#entry-{n + 1}"
        try:
            yield _entry_article(entry, source, publisher, fetcher, where)
        except InputError as exc:
            # A cut-off feed still yields its first entries, empty: say why they are.
            yield InputError(exc.path, f"{exc.reason}; {broken}") if broken else exc


def _xml_problem(parsed: Any) -> str | None:
    """ "the feed is not well-formed XML (...)" when feedparser had to recover from a
    parse error (not for its milder complaints, such as a wrong declared encoding)."""
    from xml.sax import SAXParseException

    exc = parsed.get("bozo_exception")
    if not parsed.get("bozo") or not isinstance(exc, SAXParseException):
        return None
    return (
        f"the feed is not well-formed XML ({exc.getMessage()} at line "
        f"{exc.getLineNumber()}, column {exc.getColumnNumber()})"
    )


def _entry_article(
    entry: Any, source: str, publisher: str | None, fetcher: Fetcher | None, where: str
) -> Article:
    link = entry.get("link")
    meta = {
        "title": entry.get("title") or None,
        "published": _entry_date(entry),
        "publisher": publisher,
        "url": link,
    }
    carried = _carried_text(entry, where)
    if fetcher is not None and link and is_url(link) and len(carried.split()) < MIN_STORY_WORDS:
        page = read_article_url(link, fetcher)
        # The feed's metadata is structured; the page's is scraped: prefer the feed's.
        merged = {k: meta[k] or getattr(page, k) for k in meta}
        return make_article(page.text, merged, link)
    if not carried.strip():
        raise InputError(where, "feed entry carries no text and has no link to fetch")
    return make_article(carried, meta, source)


def _carried_text(entry: Any, where: str) -> str:
    """The longest text the entry carries (full content before summary), as plain text."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", [])]
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or "text/html"))
    best = ""
    for value, kind in candidates:
        text = _as_text(value, kind, where)
        if len(text) > len(best):
            best = text
    return best


def _as_text(value: str, kind: str, where: str) -> str:
    if not value.strip():
        return ""
    if "html" not in kind and not _TAG.search(value):
        return value.strip()
    try:
        text, _ = html_to_text(f"<html><body><article>{value}</article></body></html>", where)
    except InputError:
        return ""
    return text.strip()


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    return None


def read_article_url(url: str, fetcher: Fetcher) -> Article:
    """Fetch an article page and extract its main text and metadata with trafilatura."""
    response = fetcher.fetch(url)
    kind = (response.content_type or "").split(";")[0].strip().lower()
    if kind and not (kind.startswith("text/") or "html" in kind or "xml" in kind):
        raise InputError(url, f"not an article page (Content-Type {kind})")
    text = _decode(response.body, url, response.charset)
    if kind == "text/plain":
        return make_article(text, {"url": url}, url)
    body, meta = html_to_text(text, url, url=response.final_url)
    meta["url"] = url
    return make_article(body, meta, url)


def _decode(body: bytes, url: str, charset: str | None) -> str:
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common; fall back to detection
    return decode_bytes(body, url)
