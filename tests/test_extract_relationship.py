"""Declared relationship level, previous level and since when."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from briefing.extract.relationship import extract_relationship
from tests.conftest import story_sentences as sentences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANCHOR = datetime.date(2025, 4, 23)


def relationship(text: str, anchor: datetime.date | None = ANCHOR) -> tuple:
    r = extract_relationship(sentences(text), anchor)
    return r.level, r.previous_level, r.since


def seed(name: str) -> str:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))["text"]


def test_seed_s000_matches_gold() -> None:
    assert relationship(seed("s000-azertac.json")) == (
        "comprehensive strategic partnership",
        "strategic partnership",
        "2025-04-23",
    )


def test_seed_s002_upgrade_to_a_comprehensive_one_without_anchor() -> None:
    story = "\n".join(seed("s002-anewz.json").split("\n")[2:12])
    r = extract_relationship(sentences(story), None)
    assert (r.level, r.previous_level, r.since, r.since_expr) == (
        "comprehensive strategic partnership",
        "strategic partnership",
        None,
        "today",
    )
    assert r.evidence and all(e.article_id == "t1" for e in r.evidence)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("The presidents hailed the allied relations binding their nations.", "allied relations"),
        (
            "Both capitals value their comprehensive strategic partnerships in the region.",
            "comprehensive strategic partnership",
        ),
        ("Ghana and Morocco are strategic partners, the minister said.", "strategic partnership"),
        (
            "Wang noted both nations are all-weather strategic cooperative partners.",
            "all-weather strategic cooperative partnership",
        ),
        (
            "The sides debated strengthening the enhanced strategic partnership.",
            "enhanced strategic partnership",
        ),
        (
            "It fits the special strategic partnership that Lima and Seoul share.",
            "special strategic partnership",
        ),
    ],
)
def test_levels_are_normalised(text: str, level: str) -> None:
    assert relationship(text) == (level, None, None)


def test_upgrade_with_a_year_gives_since() -> None:
    text = (
        "Ties between Kenya and Vietnam were upgraded to a comprehensive strategic "
        "partnership in 2019."
    )
    assert relationship(text) == ("comprehensive strategic partnership", None, "2019")


def test_highest_level_wins_without_an_upgrade() -> None:
    text = (
        "Both sides value the strategic partnership.\n"
        "They hailed their comprehensive strategic partnership as a model."
    )
    assert relationship(text)[0] == "comprehensive strategic partnership"


@pytest.mark.parametrize(
    "text",
    [
        "Brazil remains a leading strategic partner for the region.",
        "The hosts praised the warm and brotherly ties.",
    ],
)
def test_no_declared_level(text: str) -> None:
    assert relationship(text) == (None, None, None)


def test_successive_upgrades_give_current_and_previous_level() -> None:
    text = (
        "Relations were raised to the level of strategic partnership in 2015, and to a "
        "comprehensive strategic partnership in 2023."
    )
    assert relationship(text) == (
        "comprehensive strategic partnership",
        "strategic partnership",
        "2023",
    )


def test_ongoing_work_does_not_date_the_level() -> None:
    text = "At the talks, both ministers discussed advancing the strategic partnership."
    assert relationship(text) == ("strategic partnership", None, None)


def test_raising_ties_from_an_older_level_signed_now() -> None:
    text = (
        "The presidents signed a joint declaration on a comprehensive strategic "
        "partnership, raising ties from the strategic partnership set up in 2011."
    )
    assert relationship(text) == (
        "comprehensive strategic partnership",
        "strategic partnership",
        "2025-04-23",
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("The two reaffirmed the ironclad U.S.-Thai alliance.", "alliance"),
        ("Kenya was designated a major non-NATO ally.", "major non-NATO ally"),
        ("They vowed to deepen our alliance in NATO.", None),
        ("They signed an agreement on strategic partnership in renewable energy.", None),
        (
            "They pledged to develop the strategic partnership in all areas.",
            "strategic partnership",
        ),
    ],
)
def test_alliances_and_sector_partnerships(text: str, level: str | None) -> None:
    assert relationship(text)[0] == level
