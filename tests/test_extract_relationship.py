"""Declared relationship level, previous level and since when."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from briefing.extract.nlp import Sentence, split_sentences
from briefing.extract.relationship import extract_relationship

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANCHOR = datetime.date(2025, 4, 23)


def sentences(text: str) -> list[Sentence]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return split_sentences("t1", text, spans)


def relationship(text: str, anchor: datetime.date | None = ANCHOR) -> tuple:
    r = extract_relationship(sentences(text), anchor)
    return r.level, r.previous_level, r.since


def seed(name: str) -> str:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))["text"]


def test_seed_s000_matches_gold() -> None:
    assert relationship(seed("s000-azertac.json")) == (
        "comprehensive strategic partnership", "strategic partnership", "2025-04-23")


def test_seed_s002_upgrade_to_a_comprehensive_one_without_anchor() -> None:
    story = "\n".join(seed("s002-anewz.json").split("\n")[2:12])
    r = extract_relationship(sentences(story), None)
    assert (r.level, r.previous_level, r.since, r.since_expr) == (
        "comprehensive strategic partnership", "strategic partnership", None, "today")
    assert r.evidence and all(e.article_id == "t1" for e in r.evidence)


@pytest.mark.parametrize(("text", "level"), [
    ("The leaders praised the friendly, brotherly and allied relations of the two states.",
     "allied relations"),
    ("They discussed the development of strategic partnerships and alliances.",
     "strategic partnership and alliance"),
    ("They discussed strengthening the comprehensive strategic partnership and alliance.",
     "comprehensive strategic partnership and alliance"),
    ("The sides debated strengthening the enhanced strategic partnership.",
     "enhanced strategic partnership"),
    ("This is in line with the extensive strategic partnership between the two countries.",
     "extensive strategic partnership"),
])
def test_levels_are_normalised(text: str, level: str) -> None:
    assert relationship(text) == (level, None, None)


def test_upgrade_with_a_year_gives_since() -> None:
    text = ("Relations between the two countries were upgraded to a comprehensive strategic "
            "partnership in 2019.")
    assert relationship(text) == ("comprehensive strategic partnership", None, "2019")


def test_highest_level_wins_without_an_upgrade() -> None:
    text = ("Both sides value the strategic partnership.\n"
            "They called the comprehensive strategic partnership a model.")
    assert relationship(text)[0] == "comprehensive strategic partnership"


@pytest.mark.parametrize("text", [
    "Russia remains the main strategic partner of the country.",
    "The sides praised the friendly and brotherly relations.",
])
def test_no_declared_level(text: str) -> None:
    assert relationship(text) == (None, None, None)


def test_successive_upgrades_give_current_and_previous_level() -> None:
    text = ("Relations were raised to the level of strategic partnership in 2015, and to a "
            "comprehensive strategic partnership in 2023.")
    assert relationship(text) == ("comprehensive strategic partnership",
                                  "strategic partnership", "2023")


def test_ongoing_work_does_not_date_the_level() -> None:
    text = "During the meeting, the sides discussed advancing the strategic partnership."
    assert relationship(text) == ("strategic partnership", None, None)
