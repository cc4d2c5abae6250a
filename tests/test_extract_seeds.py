"""``extract()`` on the two seed reports (examples/): the fields the core extractor owns
match the seeds' gold, and nothing is taken from the teasers of s002."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.extract import extract
from briefing.model import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PRINCIPALS = [
    ("Ilham Aliyev", "President", "AZE"),
    ("Li Qiang", "Premier of the State Council", "CHN"),
]


def _article(name: str) -> Article:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return Article(
        Article.make_id(data["text"]),
        data["text"],
        data.get("title"),
        data.get("published"),
        data.get("publisher"),
        data.get("url"),
    )


@pytest.fixture(scope="module")
def s000():
    return extract(_article("s000-azertac.json"))


@pytest.fixture(scope="module")
def s002():
    return extract(_article("s002-anewz.json"))


def test_s000_core_fields_match_gold(s000):
    assert s000.is_bilateral_meeting is True
    assert s000.meeting_type == "meeting"
    assert s000.date == "2025-04-23"
    assert (s000.location.city, s000.location.country) == ("Beijing", "CHN")
    assert s000.countries == ["AZE", "CHN"]
    assert sorted((p.name, p.title, p.country) for p in s000.participants) == PRINCIPALS


def test_s000_every_fact_points_at_its_sentence(s000):
    text = s000.article.text
    for p in s000.participants:
        assert p.evidence
        for ev in p.evidence:
            assert text[ev.start : ev.end] == ev.text
            assert ev.article_id == s000.article.id
    assert any(p.name in ev.text for p in s000.participants for ev in p.evidence)
    assert "Beijing" in s000.location.evidence[0].text
    kinds = {d.kind for d in s000.date_mentions}
    assert {"explicit", "published"} <= kinds


def test_s002_same_meeting_without_a_date(s002):
    assert s002.is_bilateral_meeting is True
    assert s002.meeting_type == "meeting"
    assert s002.date is None  # "on Tuesday" but no publication date
    assert (s002.location.city, s002.location.country) == ("Beijing", "CHN")
    assert s002.countries == ["AZE", "CHN"]
    assert sorted((p.name, p.title, p.country) for p in s002.participants) == PRINCIPALS
    weekday = [d for d in s002.date_mentions if d.weekday == "Tuesday"]
    assert weekday and weekday[0].value is None


def test_s002_teasers_contribute_nothing(s002):
    text = s002.article.text
    kept = " ".join(text[a:b] for a, b in s002.story_spans)
    assert "Li Qiang" in kept
    for teaser in (
        "industry leaders",
        "Tianjin",
        "Shinmoedake",
        "Oaxaca",
        "Prabowo",
        "download",
        "comment",
    ):
        assert teaser not in kept
    teaser_start = text.index("A powerful eruption")
    facts = [ev for p in s002.participants for ev in p.evidence]
    facts += [ev for t in s002.topics for ev in t.evidence]
    facts += [ev for f in s002.figures for ev in f.evidence]
    facts += [ev for d in s002.date_mentions for ev in d.evidence]
    assert facts and all(ev.end <= teaser_start for ev in facts)
    assert all(ev.start >= text.index("President Ilham Aliyev of Azerbaijan") for ev in facts)
