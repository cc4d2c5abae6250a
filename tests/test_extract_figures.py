"""Trade and investment figures: values, changes, periods, targets left out."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from briefing.extract.figures import extract_figures
from tests.conftest import story_sentences as sentences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANCHOR = datetime.date(2025, 4, 23)


def figures(
    text: str, anchor: datetime.date | None = ANCHOR, countries: list[str] | None = None
) -> list[tuple]:
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
        (3.7e9, 20.0, None, False),
        (None, 40.0, None, True),
    ]
    assert [f.period_expr for f in found] == ["last year", "the first three months of this year"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bilateral trade reached $3.7 billion.", 3.7e9),
        ("Trade turnover amounted to 3.7 billion US dollars.", 3.7e9),
        ("Mutual trade stood at USD 3.7bn.", 3.7e9),
        ("Mutual trade came to USD 17.2 bln.", 17.2e9),
        ("Trade turnover hit 7 billion dollars.", 7e9),
        ("Turnover stood at 2.3 billion U.S. dollars.", 2.3e9),
        ("Bilateral trade crossed US$ 850 million.", 8.5e8),
        ("Bilateral trade hit a record $3.7-billion.", 3.7e9),
        ("Two-way trade totaled $3.7B.", 3.7e9),
        ("Trade turnover totalled $ 4.5 billion.", 4.5e9),
        ("Investment in the economy reached $500 million.", 5e8),
        ("Trade reached $1,250 million.", 1.25e9),
    ],
)
def test_currency_forms(text: str, value: float) -> None:
    assert figures(text)[0][1] == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Trade turnover grew by 34.4% in 2023.", 34.4),
        ("Trade turnover fell 5% in 2023.", -5.0),
        ("Trade totalled $2 billion in 2023, showing 31% growth.", 31.0),
        ("Trade saw a 20 percent increase in 2023.", 20.0),
        ("Trade turnover decreased by 8.3 per cent in 2023.", -8.3),
    ],
)
def test_changes(text: str, change: float) -> None:
    assert figures(text)[0][2] == change


def test_growth_in_its_own_sentence_continues_the_metric() -> None:
    text = (
        "In 2021, bilateral trade came to roughly 4 billion US dollars, officials said. "
        "From January to September, the increase stood at 12 percent."
    )
    assert figures(text, datetime.date(2022, 10, 5)) == [
        ("trade_turnover", 4e9, None, "2021", True),
        ("trade_turnover", None, 12.0, "2022-01/2022-09", False),
    ]


def test_clause_break_inherits_period_and_takes_new_metric() -> None:
    text = (
        "In the second quarter of 2024, trade turnover reached $1.9 billion, with exports "
        "rising by 6.5 percent, while imports fell 2 percent."
    )
    assert figures(text) == [
        ("trade_turnover", 1.9e9, None, "2024-04/2024-06", False),
        ("exports", None, 6.5, "2024-04/2024-06", False),
        ("imports", None, -2.0, "2024-04/2024-06", False),
    ]


def test_growth_before_the_value_belongs_to_it() -> None:
    text = (
        "Commerce grew by 9.1% in January-July and reached $640 million, while investment "
        "fell 4% to $90 million."
    )
    assert figures(text, datetime.date(2024, 9, 2)) == [
        ("trade_turnover", 6.4e8, 9.1, "2024-01/2024-07", False),
        ("investment", 9e7, -4.0, "2024-01/2024-07", False),
    ]


def test_breakdown_takes_the_period_of_the_sentence_before() -> None:
    text = (
        "Two-way trade reached $12 billion last year. Exports to Peru rose 3% to $5 billion, "
        "while imports from Peru stood at $7 billion."
    )
    assert figures(text, countries=["CHL", "PER"]) == [
        ("trade_turnover", 12e9, None, "2024", False),
        ("exports", 5e9, 3.0, "2024", False),
        ("imports", 7e9, None, "2024", False),
    ]


def test_investment_stock_has_no_period() -> None:
    text = (
        "Trade reached $3 billion in January-June, and Danish investments in the economy "
        "have exceeded $ 1.2 billion."
    )
    assert figures(text, datetime.date(2025, 7, 10)) == [
        ("trade_turnover", 3e9, None, "2025-01/2025-06", False),
        ("investment", 1.2e9, None, None, True),
    ]
    text = "Japan is the largest investor, with accumulated capital of over US$40 billion."
    assert figures(text) == [("investment", 40e9, None, None, True)]


def test_full_year_span_is_the_year() -> None:
    assert figures("Trade grew 8% in January-December 2024.") == [
        ("trade_turnover", None, 8.0, "2024", False)
    ]


def test_other_currencies_keep_value_and_currency_and_never_become_dollars() -> None:
    (fig,) = extract_figures(sentences("Trade reached €2 billion last year, up 15%."), ANCHOR, [])
    assert (fig.value_usd, fig.value, fig.currency, fig.change_pct, fig.period) == (
        None,
        2e9,
        "EUR",
        15.0,
        "2024",
    )
    text = "Bilateral trade stood at US$5 billion (RM23 billion) in 2024."
    (fig,) = extract_figures(sentences(text), ANCHOR, [])
    assert (fig.value_usd, fig.value, fig.currency) == (5e9, 23e9, "MYR")


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        ("Trade turnover exceeded $8 billion in 2024.", True),
        ("Trade turnover reached almost $8 billion in 2024.", True),
        ("Trade turnover reached more than $8 billion in 2024.", True),
        ("Trade turnover reached nearly $8 billion in 2024.", True),
        ("Trade turnover reached over $8 billion in 2024.", True),
        ("Trade turnover reached about $8 billion in 2024.", True),
        ("Trade turnover reached $8 billion in 2024.", False),
    ],
)
def test_approximate(text: str, approximate: bool) -> None:
    assert figures(text)[0][4] is approximate


@pytest.mark.parametrize(
    "text",
    [
        "The sides aim to reach $10 billion in trade turnover.",
        "The presidents set a goal of 12 billion dollars in mutual trade.",
        "She predicted trade could climb to 9 billion US dollars.",
        "The joint investment company, with a charter capital of $300 million, opened.",
        "Trade figures were discussed.",
        "Uzbekistan's foreign trade turnover reached $62 billion in 2023, up 24 percent.",
        "China accounts for 20% of the country's trade.",
        "The two sides set a target of €10 billion in annual trade.",
        "Bilateral trade should hit $6 billion by 2030.",
    ],
)
def test_not_figures(text: str) -> None:
    assert figures(text) == []


def test_a_starting_amount_gives_the_change_or_a_figure_of_its_own_period() -> None:
    assert figures("Trade grew from $2 billion in 2020 to $3.5 billion in 2023.") == [
        ("trade_turnover", 3.5e9, None, "2023", False),
        ("trade_turnover", 2e9, None, "2020", False),
    ]
    assert figures("Trade rose to $3.3 billion in 2024 from $3 billion in 2023.") == [
        ("trade_turnover", 3.3e9, 10.0, "2024", False),
        ("trade_turnover", 3e9, None, "2023", False),
    ]
    assert figures("Two-way trade has grown from $4 billion to $10 billion in a decade.") == [
        ("trade_turnover", 10e9, 150.0, None, False)
    ]
    assert figures("Mutual trade rose by 9 percent in 2019 compared with 2018.") == [
        ("trade_turnover", None, 9.0, "2019", False)
    ]


def test_trade_with_a_third_state_is_left_out() -> None:
    text = "Trade with Germany amounted to $9 billion last year."
    assert figures(text, countries=["AZE", "TUR"]) == []
    assert figures(text, countries=["AZE", "DEU"]) == [("trade_turnover", 9e9, None, "2024", False)]


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
    text = "Chilean exports to Japan increased by 11.5 percent in 2024."
    found = extract_figures(sentences(text), ANCHOR, ["CHL", "JPN"])
    assert [(f.metric, f.direction) for f in found] == [("exports", "CHL->JPN")]
    text = "Imports from China amounted to $1.1 billion in 2024."
    found = extract_figures(sentences(text), ANCHOR, ["AZE", "CHN"])
    assert [(f.metric, f.direction) for f in found] == [("imports", "CHN->AZE")]
