"""HTTP fetching against a real server on 127.0.0.1: timeouts, retries, redirects, size
limits and conditional requests remembered between runs."""

from __future__ import annotations

import time

import pytest
from local_servers import (
    Site,
    conditional,
    free_port,
    redirect,
    send,
    slow,
    status,
    streamed,
)

from briefing.errors import InputError
from briefing.ingest.fetch import Fetcher, FetchPolicy, HttpCache

FAST = FetchPolicy(
    timeout=0.5,
    max_bytes=64 * 1024,
    retries=2,
    backoff=0.01,
    max_redirects=3,
    user_agent="briefing-test/1.0 (+tests)",
)


@pytest.fixture
def site():
    with Site() as s:
        s.routes["/ok"] = ("text/html; charset=utf-8", b"<html><body><p>hello</p></body></html>")
        s.routes["/slow"] = slow(3)
        s.routes["/500"] = status(500)
        s.routes["/404"] = status(404)
        s.routes["/moved"] = redirect("/ok", 301)
        s.routes["/loop"] = redirect("/loop")
        for n in range(5):
            s.routes[f"/hop{n}"] = redirect(f"/hop{n + 1}" if n < 4 else "/ok")
        s.routes["/to-file"] = redirect("file:///etc/passwd")
        s.routes["/to-ftp"] = redirect("ftp://127.0.0.1/report.txt")
        s.routes["/big"] = ("text/html", b"x" * (FAST.max_bytes + 1))
        s.routes["/big-stream"] = streamed(FAST.max_bytes * 4)
        s.routes["/etag"] = conditional(b"<p>versioned</p>", '"v1"')
        yield s


def test_fetch_returns_body_and_names_itself(site):
    response = Fetcher(FAST).fetch(site.url("/ok"))
    assert b"hello" in response.body
    assert response.charset == "utf-8"
    assert not response.cached
    assert site.headers["/ok"]["User-Agent"] == "briefing-test/1.0 (+tests)"


def test_slow_server_times_out_quickly(site):
    policy = FetchPolicy(**{**FAST.__dict__, "retries": 1})
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        Fetcher(policy).fetch(site.url("/slow"))
    elapsed = time.monotonic() - started
    assert err.value.path == site.url("/slow")
    assert "timed out" in err.value.reason  # twice: the host is skipped from now on
    assert "skipped for the rest of the run" in err.value.reason
    assert elapsed < 2.0  # two attempts of 0.5 s, not the server's 3 s
    assert site.hits["/slow"] == 2


def test_server_error_is_retried_with_backoff_then_reported(site):
    with pytest.raises(InputError) as err:
        Fetcher(FAST).fetch(site.url("/500"))
    assert "HTTP 500" in err.value.reason
    assert site.hits["/500"] == 3  # first try + 2 retries


def test_transient_error_recovers_on_retry(site):
    def flaky(h):
        if site.hits["/flaky"] == 1:
            send(h, 503, b"busy", "text/plain")
        else:
            send(h, 200, b"<p>back</p>")

    site.routes["/flaky"] = flaky
    assert Fetcher(FAST).fetch(site.url("/flaky")).body == b"<p>back</p>"
    assert site.hits["/flaky"] == 2


def test_client_error_is_not_retried(site):
    with pytest.raises(InputError, match="HTTP 404"):
        Fetcher(FAST).fetch(site.url("/404"))
    assert site.hits["/404"] == 1


def test_redirects_followed_up_to_the_limit(site):
    response = Fetcher(FAST).fetch(site.url("/moved"))
    assert response.final_url == site.url("/ok") and b"hello" in response.body
    with pytest.raises(InputError, match="HTTP 302"):
        Fetcher(FAST).fetch(site.url("/hop0"))  # five hops, limit three
    assert site.hits["/hop3"] == 1 and site.hits["/hop4"] == 0
    with pytest.raises(InputError):
        Fetcher(FAST).fetch(site.url("/loop"))


def test_redirect_to_non_http_is_refused(site):
    with pytest.raises(InputError, match="not allowed"):
        Fetcher(FAST).fetch(site.url("/to-file"))  # urllib's own rule
    with pytest.raises(InputError, match="non-HTTP"):
        Fetcher(FAST).fetch(site.url("/to-ftp"))  # urllib would follow this one


def test_oversized_responses_are_refused(site):
    with pytest.raises(InputError, match="over the 65536-byte limit"):
        Fetcher(FAST).fetch(site.url("/big"))
    started = time.monotonic()
    with pytest.raises(InputError, match="exceeds the 65536-byte limit"):
        Fetcher(FAST).fetch(site.url("/big-stream"))
    assert time.monotonic() - started < 2.0
    assert site.hits["/big"] == 1 and site.hits["/big-stream"] == 1  # no retry: it won't shrink


def test_connection_refused_names_the_url():
    url = f"http://127.0.0.1:{free_port()}/feed.xml"
    with pytest.raises(InputError) as err:
        Fetcher(FAST).fetch(url)
    assert err.value.path == url and "cannot connect" in str(err.value)


def test_only_http_urls_are_fetched():
    with pytest.raises(InputError, match="not an http"):
        Fetcher(FAST).fetch("file:///etc/hostname")


def test_conditional_request_uses_validators_from_the_last_run(site, tmp_path):
    first = Fetcher(FAST, HttpCache(tmp_path)).fetch(site.url("/etag"))
    assert not first.cached and "If-None-Match" not in site.headers["/etag"]
    # A new Fetcher (the next nightly run) reads the validators from disk.
    second = Fetcher(FAST, HttpCache(tmp_path)).fetch(site.url("/etag"))
    assert second.cached and second.body == first.body == b"<p>versioned</p>"
    assert site.headers["/etag"]["If-None-Match"] == '"v1"'
    assert site.headers["/etag"]["If-Modified-Since"] == "Tue, 04 Mar 2025 10:00:00 GMT"
    # A new version on the server replaces the cached one.
    site.routes["/etag"] = conditional(b"<p>version two</p>", '"v2"')
    third = Fetcher(FAST, HttpCache(tmp_path)).fetch(site.url("/etag"))
    assert not third.cached and third.body == b"<p>version two</p>"
    assert Fetcher(FAST, HttpCache(tmp_path)).fetch(site.url("/etag")).cached


def test_damaged_cache_entry_means_an_unconditional_request(site, tmp_path):
    Fetcher(FAST, HttpCache(tmp_path)).fetch(site.url("/etag"))
    for body in tmp_path.glob("*.body"):
        body.write_bytes(b"truncated")
    response = Fetcher(FAST, HttpCache(tmp_path)).fetch(site.url("/etag"))
    assert not response.cached and response.body == b"<p>versioned</p>"
    assert "If-None-Match" not in site.headers["/etag"]
