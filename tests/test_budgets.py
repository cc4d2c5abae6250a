"""Nothing on the network stalls the night: a server that hangs and one that trickles are
cut off per request, a host that timed out twice is skipped for the rest of the run (one
warning), the run's network budget ([sources] run_budget) ends the fetching (one
warning), and teaser pages are fetched a few at a time. Real HTTP servers on loopback."""

from __future__ import annotations

import threading
import time

import pytest
from local_servers import REPORT_B, Site, article_page, hang, rss, send, trickle

from briefing.config import Config, SourcesConfig
from briefing.errors import InputError
from briefing.ingest.feed import FETCH_WORKERS, Network, read_feed
from briefing.ingest.fetch import Budget, Fetcher, FetchPolicy, FetchSkipped
from briefing.model import Article
from briefing.sources import read_sources

FAST = FetchPolicy(timeout=0.4, max_bytes=256 * 1024, retries=3, backoff=0.01)
PAGE = article_page("Portugal and Morocco talk energy", REPORT_B)


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]


def test_a_server_that_trickles_is_cut_off_at_the_timeout() -> None:
    with Site() as site:
        site.routes["/trickle"] = trickle(PAGE, pause=0.05)  # 8 bytes each 50 ms: ~7 s in all
        with pytest.raises(InputError) as err:
            Fetcher(FetchPolicy(timeout=0.4, retries=0)).fetch(site.url("/trickle"))
    assert "body not received within 0.4 s" in err.value.reason


def test_a_host_that_timed_out_twice_is_skipped_for_the_rest_of_the_run(caplog) -> None:
    with Site() as hanging, Site() as good:
        hanging.routes["/story.html"] = hang(5)
        good.routes["/story.html"] = ("text/html", PAGE)
        fetcher = Fetcher(FAST)
        with pytest.raises(InputError) as err:  # two attempts time out: no third, no fourth
            fetcher.fetch(hanging.url("/story.html"))
        assert "host skipped for the rest of the run" in err.value.reason
        for n in range(5):  # the rest of the run: no request at all
            with pytest.raises(FetchSkipped) as skipped:
                fetcher.fetch(hanging.url(f"/other-{n}.html"))
        assert "timed out 2 times this run" in skipped.value.reason
        assert b"cultural cooperation" in fetcher.fetch(good.url("/story.html")).body
        assert sum(hanging.hits.values()) == 2
    (warned,) = warnings(caplog)
    assert "timed out 2 times: its other pages are skipped for the rest of this run" in warned


def test_fifty_teasers_on_a_host_that_hangs_cost_a_few_timeouts(tmp_path, caplog) -> None:
    with Site() as hanging, Site() as news:
        for n in range(50):
            hanging.routes[f"/t{n}.html"] = hang(5)
        items = [
            {"title": f"Teaser {n}", "link": hanging.url(f"/t{n}.html"), "summary": f"Story {n}."}
            for n in range(50)
        ]
        news.routes["/feed.rss"] = ("application/rss+xml", rss(items))
        config = Config(sources=SourcesConfig(feeds=[news.url("/feed.rss")], timeout=0.4))
        articles = [a for a in read_sources(config, state_dir=tmp_path) if isinstance(a, Article)]
        # The first pages run into the timeout together, then the host is skipped: not
        # 50 pages x 4 attempts.
        assert sum(hanging.hits.values()) <= FETCH_WORKERS + 1
    assert [a.text for a in articles] == [f"Story {n}." for n in range(50)]  # summaries
    host = [w for w in warnings(caplog) if "its other pages are skipped" in w]
    assert len(host) == 1


def test_the_run_budget_ends_the_fetching_with_one_warning(caplog) -> None:
    with Site() as site:
        site.routes["/slow.html"] = lambda h: (time.sleep(0.3), send(h, 200, PAGE))
        fetcher = Fetcher(FetchPolicy(timeout=2, retries=0), budget=Budget(seconds=0.5))
        outcomes = []
        for n in range(6):
            try:
                fetcher.fetch(site.url("/slow.html") + f"?n={n}")
                outcomes.append("fetched")
            except FetchSkipped as exc:
                assert "run_budget" in exc.reason
                outcomes.append("skipped")
            except InputError as exc:  # its timeout was cut to what was left of the budget
                assert "timed out" in exc.reason
                outcomes.append("cut")
        assert outcomes == ["fetched", "cut", "skipped", "skipped", "skipped", "skipped"]
        assert site.hits["/slow.html"] == 2
    assert len([w for w in warnings(caplog) if "network budget" in w]) == 1


def test_teaser_pages_are_fetched_a_few_at_a_time_in_the_feeds_order() -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}

    def counting(h) -> None:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.2)
        with lock:
            state["now"] -= 1
        send(h, 200, article_page("Talks", REPORT_B.replace("Lisbon", h.path[1:3])))

    with Site() as site:
        items = []
        for n in range(10):
            site.routes[f"/p{n}.html"] = counting
            items.append({"title": f"Teaser {n}", "link": site.url(f"/p{n}.html")})
        site.routes["/feed.rss"] = ("application/rss+xml", rss(items))
        got = list(read_feed(site.url("/feed.rss"), Network(Fetcher(FAST)), max_bytes=1 << 20))
    assert [a.title for a in got] == [f"Teaser {n}" for n in range(10)]
    assert 1 < state["peak"] <= FETCH_WORKERS
