"""The ``[sources]`` of ``briefing.toml``: folders and files, feeds, article URLs.

    [sources]
    paths = ["reports/"]                              # files and folders, recursive
    feeds = ["https://example.org/world.rss", "saved/feed.xml"]
    urls  = ["https://example.org/news/2025/04/23/visit.html"]

Every source that fails is yielded as an InputError naming it (path or URL) and the run
goes on with the others. HTTP validators and bodies are cached in ``<state>/http`` so a
nightly run re-downloads only what changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from briefing.config import Config
from briefing.errors import InputError
from briefing.ingest.fetch import Fetcher, FetchPolicy, HttpCache
from briefing.model import Article


def has_sources(config: Config) -> bool:
    s = config.sources
    return bool(s.paths or s.feeds or s.urls)


def make_fetcher(config: Config, state_dir: Path | None) -> Fetcher:
    """A Fetcher with the ``[sources]`` limits; a cache when ``state_dir`` is given."""
    s = config.sources
    policy = FetchPolicy(
        timeout=s.timeout, max_bytes=s.max_bytes, retries=s.retries, user_agent=s.user_agent
    )
    return Fetcher(policy, HttpCache(state_dir / "http") if state_dir else None)


def read_sources(
    config: Config, *, state_dir: Path | None = None, fetcher: Fetcher | None = None
) -> Iterator[Article | InputError]:
    """Every Article the configured sources yield, or an InputError per failed source."""
    from briefing.ingest import read_paths
    from briefing.ingest.feed import is_url, read_article_url, read_feed

    s = config.sources
    fetcher = fetcher or make_fetcher(config, state_dir)
    if s.paths:
        paths = [path for p in s.paths if (path := config.resolve(p)) is not None]
        yield from read_paths(paths, max_bytes=config.build.max_input_bytes)
    for feed in s.feeds:
        source = feed if is_url(feed) else str(config.resolve(feed))
        yield from read_feed(source, fetcher, max_bytes=s.max_bytes)
    for url in s.urls:
        try:
            yield read_article_url(url, fetcher)
        except InputError as exc:
            yield exc
