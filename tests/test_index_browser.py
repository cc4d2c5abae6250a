"""The index page in a real headless Chromium: a few hundred meetings of the benchmark
corpus, filtered by pair, by country, year and topic, searched by typing into the search
box, sorted and grouped; opened from file:// and from a web server; loading nothing."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from browser import CHROMIUM, Browser
from local_servers import Site

from briefing.config import Config
from briefing.render.index import render_index
from briefing.serialize import meeting_summary
from briefing.vocab import fold
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")

VISIBLE = "Array.from(document.querySelectorAll('#meetings tbody tr[id]:not([hidden])'))"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """The index page of the meetings merged from 700 synthetic reports."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import write_corpus

    from briefing.pipeline import extract_paths

    folder = tmp_path_factory.mktemp("index")
    write_corpus(folder / "reports", 700, seed=11)
    meetings = [meeting_summary(m.to_dict()) for m in extract_paths([folder / "reports"]).meetings]
    assert len(meetings) >= 250
    page = folder / "site" / "index.html"
    page.parent.mkdir()
    page.write_text(render_index(meetings, config=Config()), encoding="utf-8")
    return page, meetings


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    with Browser(tmp_path_factory.mktemp("profile")) as b:
        yield b


def shown(page) -> list[str]:
    return page.evaluate(f"{VISIBLE}.map(r => r.id)")


def pair_of(m: dict) -> str:
    from briefing.render.fmt import Formatter

    return Formatter().pair(m["countries"])


def test_filter_by_pair_and_by_a_search_word(index, browser):
    path, meetings = index
    page = browser.open(path.as_uri())
    assert len(shown(page)) == len(meetings)
    assert page.evaluate("document.getElementById('controls').hidden") is False
    busiest, n = Counter(pair_of(m) for m in meetings).most_common(1)[0]
    assert n >= 2
    page.choose("#f-pair", busiest)
    rows = shown(page)
    assert sorted(rows) == sorted(m["id"] for m in meetings if pair_of(m) == busiest)
    assert page.evaluate("document.getElementById('count').textContent") == (
        f"{n} of {len(meetings)} meetings shown"
    )
    page.choose("#f-pair", "")
    # A participant's surname, typed: the rows that name it anywhere remain.
    word = meetings[7]["participants"][0]["name"].split()[-1]
    page.type("#q", word)
    expected = {
        m["id"]
        for m in meetings
        if fold(word) in fold(" ".join(p["name"] for p in m["participants"]))
    }
    assert set(shown(page)) == expected and 0 < len(expected) < len(meetings)
    # Both at once: the word within the pair.
    page.choose("#f-pair", pair_of(meetings[7]))
    assert set(shown(page)) == {
        m for m in expected if pair_of(_by_id(meetings, m)) == pair_of(meetings[7])
    }
    page.evaluate("document.getElementById('clear').click()")
    page.wait_for(f"{VISIBLE}.length === {len(meetings)}")
    assert page.evaluate("document.getElementById('q').value") == ""


def _by_id(meetings: list[dict], mid: str) -> dict:
    return next(m for m in meetings if m["id"] == mid)


def test_filters_by_country_year_and_topic_and_an_outlet_search(index, browser):
    path, meetings = index
    page = browser.open(path.as_uri())
    country = "Japan"
    page.choose("#f-country", country)
    assert set(shown(page)) == {m["id"] for m in meetings if "JPN" in m["countries"]}
    page.choose("#f-country", "")
    year = sorted({m["date"][:4] for m in meetings if m["date"]})[-1]
    page.choose("#f-year", year)
    assert set(shown(page)) == {m["id"] for m in meetings if (m["date"] or "").startswith(year)}
    page.choose("#f-topic", "energy")
    assert set(shown(page)) == {
        m["id"] for m in meetings if (m["date"] or "").startswith(year) and "energy" in m["topics"]
    }
    page.evaluate("document.getElementById('clear').click()")
    outlet = meetings[0]["publishers"][0]
    page.type("#q", outlet.lower())
    assert set(shown(page)) == {m["id"] for m in meetings if outlet in m["publishers"]}


def test_sorting_and_grouping_by_pair(index, browser):
    path, meetings = index
    page = browser.open(path.as_uri())
    dates = page.evaluate(f"{VISIBLE}.map(r => r.dataset.date)")
    assert [d for d in dates if d] == sorted((d for d in dates if d), reverse=True)  # newest first
    page.evaluate("document.querySelector('th[data-sort=\"sources\"]').click()")
    sources = page.evaluate(f"{VISIBLE}.map(r => Number(r.dataset.sources))")
    assert sources == sorted(sources, reverse=True)
    assert (
        page.evaluate(
            "document.querySelector('th[data-sort=\"sources\"]').getAttribute('aria-sort')"
        )
        == "descending"
    )
    page.evaluate("document.getElementById('group').click()")
    groups = page.evaluate(
        "Array.from(document.querySelectorAll('#meetings tbody tr.group')).map(r => r.textContent)"
    )
    pairs = Counter(pair_of(m) for m in meetings)
    assert len(groups) == len(pairs)
    assert groups[0] == f"{sorted(pairs)[0]} ({pairs[sorted(pairs)[0]]})"
    order = page.evaluate(f"{VISIBLE}.map(r => r.dataset.pair)")
    assert order == sorted(order, key=lambda p: sorted(pairs).index(p))


def test_it_works_from_a_web_server_and_loads_nothing(index, browser):
    path, meetings = index
    with Site() as site:
        site.routes["/notes/index.html"] = ("text/html; charset=utf-8", path.read_bytes())
        page = browser.open(site.url("/notes/index.html"))
        page.type("#q", "zzzz-nothing-matches")
        assert shown(page) == []
        assert page.evaluate("document.getElementById('none').hidden") is False
        # Nothing but the page (and the icon every browser asks a server for by itself).
        fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert [url for url in fetched if not url.endswith("/favicon.ico")] == []
        assert set(site.hits) - {"/favicon.ico"} == {"/notes/index.html"}
