"""Feeds and article URLs (feedparser + trafilatura) and the ``[sources]`` config, against a
real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json

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
    articles, errors = split(
        list(read_feed(feed, Network(Fetcher(FAST)), max_bytes=FAST.max_bytes))
    )
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
    # The slow page timed out twice: its host (the whole test site) is skipped for the
    # rest of the run, one warning, instead of stalling on every page of it. What it
    # skipped is read on the next run: no failure. The missing feed file is one.
    assert [e.path for e in errors] == [str(tmp_path / "missing.rss")]
    assert site.hits["/broken.rss"] == site.hits["/news/nothing.html"] == 0


def test_second_run_revalidates_instead_of_downloading(site, tmp_path):
    cfg = Config(sources=SourcesConfig(feeds=[site.url("/world.rss")], timeout=0.4, retries=0))
    first, _ = split(list(read_sources(cfg, state_dir=tmp_path)))
    second, _ = split(list(read_sources(cfg, state_dir=tmp_path)))
    assert [a.id for a in first] == [a.id for a in second]
    assert site.headers["/world.rss"].get("If-None-Match") == '"feed-1"'


# ----------------------------------------------------- feeds that degrade gracefully


def test_a_feed_with_one_dead_link_builds_with_exit_0_one_warning_and_the_summary(tmp_path):
    from typer.testing import CliRunner

    from briefing.cli import app

    with Site() as s:
        s.routes["/feed.rss"] = (
            "application/rss+xml",
            rss(
                [
                    {"title": "Oslo talks", "link": s.url("/oslo.html"), "content": REPORT_A},
                    {"title": "Lisbon talks", "link": s.url("/gone.html"), "summary": REPORT_B},
                ],
                title="The Atlantic Desk – World",
            ),
        )
        (tmp_path / "briefing.toml").write_text(
            f'[build]\noutput = "out"\nformats = "html"\n'
            f'[sources]\nfeeds = ["{s.url("/feed.rss")}"]\ntimeout = 1\nretries = 0\n'
        )
        result = CliRunner().invoke(app, ["build", "--config", str(tmp_path / "briefing.toml")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "WARNING" in line or "error" in line]
    assert len(lines) == 1, lines
    (warning,) = lines
    assert f"{s.url('/feed.rss')} [entry 2] 'Lisbon talks'" in warning and "HTTP 404" in warning
    assert "the entry's summary is used" in warning
    import sqlite3

    with sqlite3.connect(tmp_path / "out" / "briefing.sqlite") as db:
        stored = dict(db.execute("SELECT title, publisher FROM articles").fetchall())
        pairs = {r[0] for r in db.execute("SELECT pair FROM meetings")}
    assert stored == {"Oslo talks": "The Atlantic Desk", "Lisbon talks": "The Atlantic Desk"}
    assert "MAR-PRT" in pairs  # the Lisbon meeting, read from the entry's summary


def _teaser_feed(s: Site, link: str, summary: str = "Ministers met in Lisbon.") -> None:
    s.routes["/feed.rss"] = (
        "application/rss+xml",
        rss([{"title": "Lisbon talks", "link": link, "summary": summary}]),
    )


def test_a_page_that_keeps_failing_is_retried_quietly_then_reported_once(tmp_path, caplog):
    with Site() as s:
        _teaser_feed(s, s.url("/gone.html"))
        cfg = Config(sources=SourcesConfig(feeds=[s.url("/feed.rss")], timeout=0.5, retries=0))
        said = []
        for _ in range(5):
            caplog.clear()
            articles, errors = split(list(read_sources(cfg, state_dir=tmp_path / "state")))
            assert not errors and [a.text for a in articles] == ["Ministers met in Lisbon."]
            said.append([r.getMessage() for r in caplog.records if r.levelname == "WARNING"])
        requests = s.hits["/gone.html"]
    # Run 1: the summary stands in (a warning); 2: retried quietly; 3: reported as given
    # up (a warning); 4 and 5: not requested, not mentioned.
    assert [len(w) for w in said] == [1, 0, 1, 0, 0]
    assert "tried again on the next runs" in said[0][0]
    assert "failed on 3 runs since" in said[2][0] and "no longer requested" in said[2][0]
    assert requests == 3
    state = json.loads((tmp_path / "state" / "pages.json").read_text())
    assert state[s.url("/gone.html")]["failures"] == 3


def test_a_page_read_once_that_fails_later_keeps_the_text_read(tmp_path, caplog):
    with Site() as s:
        _teaser_feed(s, s.url("/story.html"))
        s.routes["/story.html"] = ("text/html", article_page("Lisbon talks", REPORT_B))
        cfg = Config(sources=SourcesConfig(feeds=[s.url("/feed.rss")], timeout=0.5, retries=0))
        (first,), _ = split(list(read_sources(cfg, state_dir=tmp_path)))
        del s.routes["/story.html"]
        second, errors = split(list(read_sources(cfg, state_dir=tmp_path)))
    assert "cultural cooperation" in first.text
    assert second == [] and errors == []  # not replaced by the summary
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


def test_an_entrys_publisher_is_the_pages_site_name_else_the_feeds_site(site):
    named = article_page("Lisbon talks", REPORT_B).replace(
        b"<title>", b"<meta property='og:site_name' content='Atlantic Desk'><title>"
    )
    site.routes["/named.html"] = ("text/html", named)
    site.routes["/feed2.rss"] = (
        "application/rss+xml",
        rss(
            [
                {"title": "Named", "link": site.url("/named.html")},
                {"title": "Unnamed", "link": site.url("/news/portugal-morocco.html")},
            ],
            title="The Asia Desk – World",
        ),
    )
    got = list(read_feed(site.url("/feed2.rss"), Network(Fetcher(FAST)), max_bytes=1 << 20))
    assert [(a.title, a.publisher) for a in got] == [
        ("Named", "Atlantic Desk"),
        ("Unnamed", "The Asia Desk"),
    ]


def test_a_bad_entry_of_a_feed_file_is_reported_by_position_and_the_rest_read(tmp_path):
    feed = tmp_path / "saved.rss"
    feed.write_bytes(
        rss(
            [
                {"title": "Oslo", "link": "http://127.0.0.1:9/a", "content": REPORT_A},
                {"title": "Nothing", "link": "", "summary": ""},
                {"title": "Lisbon", "link": "http://127.0.0.1:9/b", "content": REPORT_B},
            ]
        )
    )
    articles, errors = split(list(read_paths([tmp_path])))
    assert [a.title for a in articles] == ["Oslo", "Lisbon"]
    (error,) = errors
    assert error.path == f"{feed} [entry 2]" and "carries no text" in error.reason
