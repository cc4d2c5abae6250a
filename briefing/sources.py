"""The ``[sources]`` of ``briefing.toml``: folders and files, feeds, article URLs.

    [sources]
    paths = ["reports/"]                              # files and folders, recursive
    feeds = ["https://example.org/world.rss", "saved/feed.xml"]
    urls  = ["https://example.org/news/2025/04/23/visit.html"]

Every source that fails is yielded as an InputError naming it (path or URL) and the run
goes on with the others; one the run's network budgets skipped is not a failure (the
budget warned once) and is read on the next run. HTTP validators and bodies are cached in ``<state>/http`` and
what is known of the pages feeds link to in ``<state>/pages.json``, so a nightly run
re-downloads only what changed and a dead link is not an error every night. The run's
network time is bounded by ``run_budget`` and each host by two timeouts
(``briefing/ingest/fetch.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from briefing.config import Config
from briefing.errors import InputError
from briefing.ingest.article import ReadOptions
from briefing.ingest.fetch import Budget, Fetcher, FetchPolicy, FetchSkipped, HttpCache
from briefing.model import Article

log = logging.getLogger(__name__)


def has_sources(config: Config) -> bool:
    s = config.sources
    return bool(s.paths or s.feeds or s.urls)


def make_fetcher(config: Config, state_dir: Path | None) -> Fetcher:
    """A Fetcher with the ``[sources]`` limits and budgets; a cache when ``state_dir``
    is given."""
    s = config.sources
    policy = FetchPolicy(
        timeout=s.timeout, max_bytes=s.max_bytes, retries=s.retries, user_agent=s.user_agent
    )
    cache = HttpCache(state_dir / "http") if state_dir else None
    return Fetcher(policy, cache, Budget(s.run_budget or None))


def read_sources(
    config: Config, *, state_dir: Path | None = None, fetcher: Fetcher | None = None
) -> Iterator[Article | InputError]:
    """Every Article the configured sources yield, or an InputError per failed source."""
    from briefing.ingest import read_paths
    from briefing.ingest.feed import Network, is_url, read_article_url, read_feed
    from briefing.ingest.pages import PageState

    s = config.sources
    options = ReadOptions.of(config)
    if s.paths:
        paths = [path for p in s.paths if (path := config.resolve(p)) is not None]
        yield from read_paths(paths, options=options)
    if not (s.feeds or s.urls):
        return
    net = Network(fetcher or make_fetcher(config, state_dir), PageState(state_dir))
    try:
        for feed in s.feeds:
            source = feed if is_url(feed) else str(config.resolve(feed))
            yield from read_feed(source, net, max_bytes=s.max_bytes, options=options)
        for url in s.urls:
            try:
                yield read_article_url(url, net.fetcher, options)
            except FetchSkipped as exc:  # the budget warned once; read on the next run
                log.info("%s", exc)
            except InputError as exc:
                yield exc
    finally:
        net.pages.save()
