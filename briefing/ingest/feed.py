"""RSS/Atom feeds and article URLs: feedparser for the feed, trafilatura for the text.

A feed entry usually carries a teaser, sometimes the whole story. When the entry's own
content is long enough to be the story it is used as is (no request); otherwise the
entry's link is fetched (a few pages at a time, ``FETCH_WORKERS``) and the page's main
text extracted. A feed read from a report folder (``read_feed_bytes``) has no network:
it uses what the entry carries, so reading local files never touches the network.

Every entry is its own unit. A feed on the web degrades gracefully, since nobody but its
publisher can fix it: a teaser whose page fails is read from the entry's summary, with a
warning naming the feed and the entry; a page that keeps failing is tried again on the
next runs and reported once (``briefing/ingest/pages.py``); none of this is an error of
the run. An entry of a feed file among the reports that cannot be read is an error
naming the file and the entry's position, and the other entries are still read.

An entry is identified by its guid, else its link; its publisher is the page's site name
(og:site_name) when the page was read, else the feed's site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import logging
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefing.errors import InputError
from briefing.ingest.article import ReadOptions, make_article
from briefing.ingest.decode import decode_bytes
from briefing.ingest.html import html_to_text
from briefing.ingest.identity import guid_key, page_key, url_key
from briefing.ingest.pages import GIVE_UP_AFTER, PageState
from briefing.model import Article

if TYPE_CHECKING:  # pragma: no cover
    from briefing.ingest.fetch import Fetcher

log = logging.getLogger(__name__)

#: A carried entry text with at least this many words is taken to be the story itself;
#: shorter ones are teasers, and the linked page is fetched instead (when we can).
MIN_STORY_WORDS = 120
#: Pages fetched at a time: enough that one slow host does not hold up the others, few
#: enough to stay polite.
FETCH_WORKERS = 4

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
#: "The Asia Desk – World": a feed's title names the site, then its section.
_SECTION = re.compile(r"\s+[-–—|:·]\s+")


@dataclass
class Network:
    """What reading feeds from the web needs: the fetcher (with its budgets) and the
    state of linked pages across runs."""

    fetcher: Fetcher
    pages: PageState = field(default_factory=PageState)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_feed(
    source: str, net: Network, *, max_bytes: int, options: ReadOptions = ReadOptions()
) -> Iterator[Article | InputError]:
    """Articles of the feed at ``source`` (an http(s) URL or a file path). The feed
    failing is an InputError (one the run's budgets skipped is not: it is read next
    time); its entries' troubles are warnings (see the module)."""
    if is_url(source):
        from briefing.ingest.fetch import FetchSkipped

        try:
            data = net.fetcher.fetch(source).body
        except FetchSkipped as exc:  # the budget said so (once): read on the next run
            log.info("%s", exc)
            return
        except InputError as exc:
            yield exc
            return
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                yield InputError(
                    source, f"feed file is {size} bytes, over the {max_bytes}-byte limit"
                )
                return
            data = path.read_bytes()
        except OSError as exc:
            yield InputError(source, f"cannot read feed ({exc.strerror or exc})")
            return
    for item in iter_feed(data, source, net, options):
        if isinstance(item, InputError) and item.path != source:
            log.warning("%s", item)  # an entry of someone else's feed: nothing to act on
        else:
            yield item


def read_feed_bytes(
    data: bytes, path: str, options: ReadOptions = ReadOptions()
) -> list[Article | InputError]:
    """Articles of a feed file found among the reports (no network: carried text only),
    an InputError naming the position of each entry that cannot be read; raises
    InputError when the file is no feed."""
    items = list(iter_feed(data, path, None, options))
    if len(items) == 1 and isinstance(items[0], InputError) and items[0].path == path:
        raise items[0]
    return items


@dataclass
class _Entry:
    n: int  # position in the feed, from 1
    where: str  # "<feed> [entry n]"
    link: str | None
    key: str | None
    meta: dict[str, Any]
    carried: str  # the text the entry carries, as plain text

    @property
    def label(self) -> str:
        title = self.meta.get("title")
        return f"{self.where} {title!r}" if title else self.where


def iter_feed(
    data: bytes, source: str, net: Network | None, options: ReadOptions = ReadOptions()
) -> Iterator[Article | InputError]:
    """Parse feed bytes and turn each entry into an Article (or an InputError naming the
    entry); with ``net``, teasers' pages are fetched ``FETCH_WORKERS`` at a time."""
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
    site = feed_site(parsed.feed)
    broken = _xml_problem(parsed)
    entries = (_entry(e, n, source, site) for n, e in enumerate(parsed.entries, start=1))
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ThreadPoolExecutor(FETCH_WORKERS)) if net else None
        while window := list(itertools.islice(entries, 4 * FETCH_WORKERS)):
            pages: dict[int, Article | InputError] = {}
            if net is not None and pool is not None:
                teasers = [e for e in window if _is_teaser(e, net)]
                read = functools.partial(_page, net=net, options=options)
                pages = dict(zip([e.n for e in teasers], pool.map(read, teasers), strict=True))
            for entry in window:
                try:
                    article = _article(entry, pages.get(entry.n), net, options)
                except InputError as exc:
                    # A cut-off feed still yields its first entries, empty: say why they are.
                    yield InputError(exc.path, f"{exc.reason}; {broken}") if broken else exc
                    continue
                if article is not None:
                    yield article


def feed_site(feed: Any) -> str | None:
    """The site a feed belongs to: its publisher, else its title without the section
    ("The Asia Desk – World" -> "The Asia Desk"), else its link's host."""
    if feed.get("publisher"):
        return str(feed["publisher"])
    title = (feed.get("title") or "").strip()
    if title:
        return _SECTION.split(title, maxsplit=1)[0].strip() or title
    host = urlsplit(feed.get("link") or "").hostname
    return host.removeprefix("www.") if host else None


def _entry(entry: Any, n: int, source: str, site: str | None) -> _Entry:
    where = f"{source} [entry {n}]"
    link = entry.get("link") if is_url(entry.get("link") or "") else None
    meta = {
        "title": entry.get("title") or None,
        "published": _entry_date(entry),
        "publisher": site,
        "url": link,
    }
    key = guid_key(entry.get("id"), source) or url_key(link)
    return _Entry(n, where, link, key, meta, _carried_text(entry, where))


def _is_teaser(entry: _Entry, net: Network) -> bool:
    """The entry's page is to be fetched: it carries less than a story and links a page
    that is not given up on."""
    if entry.link is None or len(entry.carried.split()) >= MIN_STORY_WORDS:
        return False
    if net.pages.given_up(entry.link):
        log.debug("%s: page %s not requested (given up on)", entry.where, entry.link)
        return False
    return True


def _page(entry: _Entry, net: Network, options: ReadOptions) -> Article | InputError:
    """The linked page of a teaser, or its failure (in a worker thread)."""
    assert entry.link is not None
    try:
        page = read_article_url(entry.link, net.fetcher, options, site=entry.meta["publisher"])
    except InputError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one page must not stop the feed
        return InputError(entry.link, f"cannot read ({type(exc).__name__}: {exc})")
    net.pages.read(entry.link)
    return page


def _article(
    entry: _Entry, page: Article | InputError | None, net: Network | None, options: ReadOptions
) -> Article | None:
    """The entry's article: the page's text when it was read, else what the entry
    carries; None when there is nothing to read tonight (see ``_fallback``)."""
    if isinstance(page, Article):
        meta = {k: entry.meta[k] or getattr(page, k) for k in entry.meta}
        meta["publisher"] = page.publisher  # the page's site name, else the feed's site
        return make_article(
            page.text,
            meta,
            entry.link or entry.where,
            key=entry.key or page.key,
            date_order=options.date_order,
        )
    if isinstance(page, InputError) and net is not None and not _fallback(entry, page, net):
        return None
    if not entry.carried.strip():
        if net is not None and entry.link is not None:
            return None  # its page is given up on, and it carries nothing
        raise InputError(entry.where, "feed entry carries no text and has no link to fetch")
    return make_article(
        entry.carried, entry.meta, entry.where, key=entry.key, date_order=options.date_order
    )


def _fallback(entry: _Entry, failure: InputError, net: Network) -> bool:
    """Say what happens to an entry whose page failed; True when its summary is used.

    Skipped by the run's budgets: the summary, quietly (the budget warned once). A page
    read on an earlier run: its text stands, the entry is left out. Otherwise the page's
    failure is counted across runs: the first one is a warning when the summary stands
    in, the one that makes ``GIVE_UP_AFTER`` is a warning, the others are logged."""
    from briefing.ingest.fetch import FetchSkipped

    link = entry.link or ""
    has_summary = bool(entry.carried.strip())
    if isinstance(failure, FetchSkipped):
        log.info("%s: %s", entry.label, failure.reason)
        return has_summary
    if net.pages.was_read(link):
        log.info(
            "%s: page %s failed (%s); the text read earlier stands",
            entry.label,
            link,
            failure.reason,
        )
        return False
    runs, since = net.pages.failed(link, failure.reason)
    instead = "the entry's summary is used" if has_summary else "the entry is left out"
    if runs >= GIVE_UP_AFTER:
        log.warning(
            "%s: page %s failed on %d runs since %s (%s); no longer requested, %s",
            entry.label,
            link,
            runs,
            since,
            failure.reason,
            instead,
        )
    elif runs == 1 and has_summary:
        log.warning(
            "%s: page %s failed (%s); %s, and the page is tried again on the next runs",
            entry.label,
            link,
            failure.reason,
            instead,
        )
    else:
        log.info(
            "%s: page %s failed (%s, run %d); %s", entry.label, link, failure.reason, runs, instead
        )
    return has_summary


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


def read_article_url(
    url: str, fetcher: Fetcher, options: ReadOptions = ReadOptions(), *, site: str | None = None
) -> Article:
    """Fetch an article page and extract its main text and metadata with trafilatura;
    the article is identified by its canonical URL (on the same host), else ``url``. Its
    publisher is the site name the page gives, else ``site``, else the page's host."""
    response = fetcher.fetch(url)
    kind = (response.content_type or "").split(";")[0].strip().lower()
    if kind and not (kind.startswith("text/") or "html" in kind or "xml" in kind):
        raise InputError(url, f"not an article page (Content-Type {kind})")
    text = _decode(response.body, url, response.charset)
    if kind == "text/plain":
        meta = {"url": url, "publisher": site}
        return make_article(text, meta, url, key=url_key(url), date_order=options.date_order)
    body, meta = html_to_text(text, url, url=response.final_url)
    key = page_key(meta["canonical"], response.final_url) or url_key(url)
    meta = {
        "title": meta["title"],
        "published": meta["published"],
        "publisher": meta["publisher"] or site or meta["hostname"],
        "url": url,
    }
    return make_article(body, meta, url, key=key, date_order=options.date_order)


def _decode(body: bytes, url: str, charset: str | None) -> str:
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header is common; fall back to detection
    return decode_bytes(body, url)
