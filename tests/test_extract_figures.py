"""Trade and investment figures: values, changes, periods, targets left out."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from briefing.extract.figures import extract_figures
from briefing.extract.nlp import Sentence, split_sentences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANCHOR = datetime.date(2025, 4, 23)


def sentences(text: str) -> list[Sentence]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return split_sentences("t1", text, spans)


def figures(text: str, anchor: datetime.date | None = ANCHOR,
            countries: list[str] | None = None) -> list[tuple]:
    found = extract_figures(sentences(text), anchor, countries or [])
    return [(f.metric, f.value_usd, f.change_pct, f.period, f.approximate) for f in found]


def seed(name: str) -> str:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))["text"]


def test_seed_s000_matches_gold() -> None:
    assert figures(seed("s000-azertac.json")) == [
        ("trade_turnover", 3.7e9, 20.0, "2024", False),
        ("trade_turnover", None, 40.0, "2025-01/2025-03", True),
    ]


def test_seed_s002_without_anchor_keeps_period_phrases() -> None:
    story = "\n".join(seed("s002-anewz.json").split("\n")[2:12])
    found = extract_figures(sentences(story), None, ["AZE", "CHN"])
    assert [(f.value_usd, f.change_pct, f.period, f.approximate) for f in found] == [
        (3.7e9, 20.0, None, False), (None, 40.0, None, True)]
    assert [f.period_expr for f in found] == ["last year", "the first three months of this year"]


@pytest.mark.parametrize(("text", "value"), [
    ("Bilateral trade reached $3.7 billion.", 3.7e9),
    ("Trade turnover amounted to 3.7 billion US dollars.", 3.7e9),
    ("Mutual trade stood at USD 3.7bn.", 3.7e9),
    ("Trade between the states reached USD 24.5 bln.", 24.5e9),
    ("Trade turnover reached 6 billion dollars.", 6e9),
    ("Trade turnover totalled $ 4.5 billion.", 4.5e9),
    ("Investment in the economy reached $500 million.", 5e8),
    ("Trade reached $1,250 million.", 1.25e9),
])
def test_currency_forms(text: str, value: float) -> None:
    assert figures(text)[0][1] == pytest.approx(value)


@pytest.mark.parametrize(("text", "change"), [
    ("Trade turnover grew by 34.4% in 2023.", 34.4),
    ("Trade turnover fell 5% in 2023.", -5.0),
    ("Trade totalled $2 billion in 2023, showing a 25% growth.", 25.0),
    ("Trade turnover decreased by 8.3 per cent in 2023.", -8.3),
])
def test_changes(text: str, change: float) -> None:
    assert figures(text)[0][2] == change


def test_growth_in_its_own_sentence_continues_the_metric() -> None:
    text = ("Last year, the volume of mutual trade totaled about 6 billion US dollars. "
            "In the first 11 months of the current year, the growth was 33 percent.")
    assert figures(text, datetime.date(2023, 12, 20)) == [
        ("trade_turnover", 6e9, None, "2022", True),
        ("trade_turnover", None, 33.0, "2023-01/2023-11", False),
    ]


def test_clause_break_inherits_period_and_takes_new_metric() -> None:
    text = ("In the first quarter of 2025, trade turnover reached $2.6 billion, with exports "
            "increasing by 18.2 percent, while imports fell 3 percent.")
    assert figures(text) == [
        ("trade_turnover", 2.6e9, None, "2025-01/2025-03", False),
        ("exports", None, 18.2, "2025-01/2025-03", False),
        ("imports", None, -3.0, "2025-01/2025-03", False),
    ]


@pytest.mark.parametrize(("text", "approximate"), [
    ("Trade turnover exceeded $6 billion in 2024.", True),
    ("Trade turnover reached almost $6 billion in 2024.", True),
    ("Trade turnover reached more than $6 billion in 2024.", True),
    ("Trade turnover reached $6 billion in 2024.", False),
])
def test_approximate(text: str, approximate: bool) -> None:
    assert figures(text)[0][4] is approximate


@pytest.mark.parametrize("text", [
    "The sides aim to reach $10 billion in trade turnover.",
    "The leaders set a target of 15 billion dollars in trade turnover.",
    "He expressed confidence that trade would hit 10 billion US dollars.",
    "Uzbekistan's foreign trade turnover reached $62 billion in 2023, up 24 percent.",
    "China accounts for 20% of the country's trade.",
    "Trade turnover reached 500 million euros.",
])
def test_not_figures(text: str) -> None:
    assert figures(text) == []


def test_base_period_and_value_of_a_comparison_are_ignored() -> None:
    assert figures("Trade grew from $2 billion in 2020 to $3.5 billion in 2023.") == [
        ("trade_turnover", 3.5e9, None, "2023", False)]
    assert figures("Trade turnover rose by 12 percent in 2021 compared to 2020.") == [
        ("trade_turnover", None, 12.0, "2021", False)]


def test_trade_with_a_third_state_is_left_out() -> None:
    text = "Trade with Germany amounted to $9 billion last year."
    assert figures(text, countries=["AZE", "TUR"]) == []
    assert figures(text, countries=["AZE", "DEU"]) == [
        ("trade_turnover", 9e9, None, "2024", False)]


def test_repeated_figure_is_merged_with_evidence() -> None:
    text = "Last year, trade reached $3 billion.\nTrade of $3 billion was a record."
    found = extract_figures(sentences(text), ANCHOR, [])
    assert len(found) == 1
    assert found[0].period == "2024"
    assert len(found[0].evidence) == 2


def test_other_amounts_and_measures_are_not_trade() -> None:
    text = "Trade grew by 20% in 2023, and the countries agreed on a $1 billion credit line."
    assert figures(text) == [("trade_turnover", None, 20.0, "2023", False)]
    text = "Last year trade reached $2 billion. The economy grew 4.1% in 2024."
    assert figures(text) == [("trade_turnover", 2e9, None, "2024", False)]


def test_direction_of_exports() -> None:
    text = "Uzbek exports to Russia increased by 18.2 percent in 2024."
    found = extract_figures(sentences(text), ANCHOR, ["RUS", "UZB"])
    assert [(f.metric, f.direction) for f in found] == [("exports", "UZB->RUS")]
    text = "Imports from China amounted to $1.1 billion in 2024."
    found = extract_figures(sentences(text), ANCHOR, ["AZE", "CHN"])
    assert [(f.metric, f.direction) for f in found] == [("imports", "CHN->AZE")]
