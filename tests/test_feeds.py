"""Feeds and article URLs (feedparser + trafilatura) and the ``[sources]`` config, against a
real HTTP server on 127.0.0.1."""

from __future__ import annotations

import pytest
from local_servers import (
    REPORT_A,
    REPORT_B,
    Site,
    article_page,
    conditional,
    rss,
    slow,
    status,
)

from briefing.config import Config, SourcesConfig
from briefing.errors import InputError
from briefing.ingest import read_paths
from briefing.ingest.feed import Network, read_article_url, read_feed, read_feed_bytes
from briefing.ingest.fetch import Fetcher, FetchPolicy
from briefing.model import Article
from briefing.sources import has_sources, read_sources

FAST = FetchPolicy(timeout=0.4, max_bytes=256 * 1024, retries=1, backoff=0.01)


def split(items):
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    return articles, errors


@pytest.fixture
def site():
    with Site() as s:
        s.routes["/news/portugal-morocco.html"] = (
            "text/html; charset=utf-8",
            article_page("Portugal and Morocco talk energy", REPORT_B),
        )
        s.routes["/news/norway-chile.html"] = ("text/html", b"<p>never fetched</p>")
        s.routes["/news/slow.html"] = slow(2)
        s.routes["/broken.rss"] = status(500)
        s.routes["/world.rss"] = conditional(
            rss(
                [
                    {
                        "title": "Norway and Chile sign hydrogen deal",
                        "link": s.url("/news/norway-chile.html"),
                        "summary": "Leaders meet in Oslo.",
                        "content": f"<p>{REPORT_A}</p>",
                    },
                    {
                        "title": "Portugal and Morocco talk energy",
                        "link": s.url("/news/portugal-morocco.html"),
                        "summary": "The ministers met in Lisbon.",
                        "date": "Thu, 12 Jun 2025 09:00:00 GMT",
                    },
                    {"title": "Gone", "link": s.url("/news/removed.html"), "summary": "Removed."},
                    {"title": "Slow", "link": s.url("/news/slow.html"), "summary": "Slow page."},
                ]
            ),
            '"feed-1"',
            content_type="application/rss+xml",
        )
        yield s


def test_feed_entries_use_carried_content_or_fetch_the_article(site, caplog):
    feed = site.url("/world.rss")
    articles, errors = split(list(read_feed(feed, Network(Fetcher(FAST)), max_bytes=FAST.max_bytes)))
    assert [a.title for a in articles] == [
        "Norway and Chile sign hydrogen deal",
        "Portugal and Morocco talk energy",
        "Gone",
        "Slow",
    ]
    carried, fetched, gone, slow_one = articles
    # The first entry carries the whole story: used as is, its link never requested.
    assert "green hydrogen" in carried.text and site.hits["/news/norway-chile.html"] == 0
    assert carried.published == "2025-03-04" and carried.publisher == "Test Wire"
    # The second is a teaser: the page was fetched and its main text extracted.
    assert "cultural cooperation" in fetched.text
    assert "Home" not in fetched.text and "All rights reserved" not in fetched.text
    assert fetched.published == "2025-06-12" and fetched.url.endswith("portugal-morocco.html")
    assert fetched.key == f"url:{fetched.url}" and fetched.id == Article.key_id(fetched.key)
    # The pages that failed fall back to the entries' summaries, with a warning naming
    # the feed and the entry each: nothing the user must act on, so no error.
    assert not errors
    assert (gone.text, slow_one.text) == ("Removed.", "Slow page.")
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(f"{feed} [entry 3] 'Gone'" in w and "HTTP 404" in w for w in warnings)
    assert any(f"{feed} [entry 4] 'Slow'" in w and "timed out" in w for w in warnings)


def test_article_url_is_fetched_and_extracted(site):
    article = read_article_url(site.url("/news/portugal-morocco.html"), Fetcher(FAST))
    assert article.title == "Portugal and Morocco talk energy"
    assert "LISBON, June 12 (Atlantic Desk)" in article.text
    assert "Sport" not in article.text
    assert article.path == article.url == site.url("/news/portugal-morocco.html")


def test_feed_file_among_reports_never_touches_the_network(tmp_path):
    feed = tmp_path / "saved.rss"
    feed.write_bytes(
        rss(
            [
                {
                    "title": "Norway and Chile",
                    "link": "http://127.0.0.1:9/never",
                    "content": REPORT_A,
                },
                {
                    "title": "Teaser only",
                    "link": "http://127.0.0.1:9/never2",
                    "summary": "Portugal and Morocco ministers meet in Lisbon.",
                },
            ]
        )
    )
    articles, errors = split(list(read_paths([tmp_path])))
    assert not errors
    assert [a.title for a in articles] == ["Norway and Chile", "Teaser only"]
    assert articles[1].text == "Portugal and Morocco ministers meet in Lisbon."
    assert [a.path for a in articles] == [f"{feed} [entry 1]", f"{feed} [entry 2]"]


def test_atom_feed_is_read():
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atlantic Desk</title>
<id>urn:test</id><updated>2025-06-12T10:00:00Z</updated>
<entry><title>Portugal and Morocco</title><id>urn:1</id>
<updated>2025-06-12T10:00:00Z</updated>
<content type="html">&lt;p&gt;{REPORT_B}&lt;/p&gt;</content></entry></feed>""".encode()
    [article] = read_feed_bytes(atom, "atlantic.atom")
    assert article.publisher == "Atlantic Desk" and article.published == "2025-06-12"
    assert "cultural cooperation" in article.text and "<p>" not in article.text


def test_a_file_that_is_not_a_feed_is_an_input_error():
    with pytest.raises(InputError) as err:
        read_feed_bytes(b"<config><debug>true</debug></config>", "settings.xml")
    assert err.value.path == "settings.xml" and "feed" in err.value.reason


def test_sources_config_reads_paths_feeds_and_urls(site, tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "local.txt").write_text(REPORT_B.replace("Lisbon", "Porto"))
    cfg = Config(
        path=tmp_path / "briefing.toml",
        sources=SourcesConfig(
            paths=["reports"],
            feeds=[site.url("/world.rss"), site.url("/broken.rss"), "missing.rss"],
            urls=[site.url("/news/portugal-morocco.html"), site.url("/news/nothing.html")],
            timeout=0.4,
            retries=1,
        ),
    )
    assert has_sources(cfg) and not has_sources(Config())
    articles, errors = split(list(read_sources(cfg, state_dir=tmp_path / "state")))
    sources = sorted({a.path for a in articles})
    assert str(tmp_path / "reports" / "local.txt") in sources
    assert site.url("/news/portugal-morocco.html") in sources
    assert any("green hydrogen" in a.text for a in articles)
    failed = {e.path for e in errors}
    assert {
        site.url("/broken.rss"),
        str(tmp_path / "missing.rss"),
        site.url("/news/nothing.html"),
    } <= failed
    # The slow page timed out twice: its host (the whole test site) is skipped for the
    # rest of the run, one warning, instead of stalling on every page of it.
    assert site.hits["/broken.rss"] == 0
    assert all("timed out 2 times this run" in e.reason for e in errors if "127.0.0.1" in e.path)


def test_second_run_revalidates_instead_of_downloading(site, tmp_path):
    cfg = Config(sources=SourcesConfig(feeds=[site.url("/world.rss")], timeout=0.4, retries=0))
    first, _ = split(list(read_sources(cfg, state_dir=tmp_path)))
    second, _ = split(list(read_sources(cfg, state_dir=tmp_path)))
    assert [a.id for a in first] == [a.id for a in second]
    assert site.headers["/world.rss"].get("If-None-Match") == '"feed-1"'
