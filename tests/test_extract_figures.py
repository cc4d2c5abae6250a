"""Trade and investment figures: values, changes, periods, targets left out."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from briefing.extract import extract
from briefing.extract.figures import extract_figures
from briefing.extract.money import local_dollar
from briefing.model import Article
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
        ("Trade turnover increased by almost a third in 2023.", 33.3),
        ("Trade turnover fell by half in 2023.", -50.0),
        ("Exports rose by a quarter in 2023.", 25.0),
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
        "The two sides set a target of €10 billion in yearly trade.",
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
    assert figures("Two-way commerce climbed from $4 billion to $10 billion in a decade.") == [
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


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("Bilateral trade reached €2.4 billion in 2024.", 2.4e9, "EUR"),
        ("Bilateral trade reached 2.4 billion euros in 2024.", 2.4e9, "EUR"),
        ("Bilateral trade reached EUR 2.4 billion in 2024.", 2.4e9, "EUR"),
        ("Two-way trade was worth £1.8 billion in 2024.", 1.8e9, "GBP"),
        ("Mutual trade reached 36 billion yuan in 2024.", 36e9, "CNY"),
        ("Mutual trade reached RMB 36 billion in 2024.", 36e9, "CNY"),
        ("Trade turnover reached 95 billion rubles in 2024.", 95e9, "RUB"),
        ("Bilateral trade stood at Rs 4,500 crore in 2024.", 4.5e10, "INR"),
        ("Bilateral trade stood at ₹4,500 crore in 2024.", 4.5e10, "INR"),
        ("Bilateral trade reached R25 billion in 2024.", 25e9, "ZAR"),
        ("Bilateral trade reached RM12.5 billion in 2024.", 12.5e9, "MYR"),
        ("Bilateral trade reached 40 billion lira in 2024.", 40e9, "TRY"),
        ("Trade turnover reached 1.1 trillion tenge in 2024.", 1.1e12, "KZT"),
        ("Trade turnover reached 9 trillion soums in 2024.", 9e12, "UZS"),
        ("Bilateral trade reached AED 18 billion in 2024.", 18e9, "AED"),
        ("Bilateral trade reached 30 billion riyals in 2024.", 30e9, "SAR"),
        ("Bilateral trade reached ¥900 billion in 2024.", 900e9, "JPY"),
        ("Bilateral trade reached 25 trillion won in 2024.", 25e12, "KRW"),
        ("Bilateral trade reached C$14 billion in 2024.", 14e9, "CAD"),
        ("Bilateral trade reached A$31 billion in 2024.", 31e9, "AUD"),
        ("Bilateral trade reached NZ$3 billion in 2024.", 3e9, "NZD"),
        ("Bilateral trade reached HK$45 billion in 2024.", 45e9, "HKD"),
        ("Bilateral trade reached S$6 billion in 2024.", 6e9, "SGD"),
        ("Bilateral trade reached 6 billion Singapore dollars in 2024.", 6e9, "SGD"),
    ],
)
def test_an_amount_in_another_currency_keeps_value_and_currency(
    text: str, value: float, currency: str
) -> None:
    (fig,) = extract_figures(sentences(text), ANCHOR, [])
    assert (fig.metric, fig.value_usd, fig.currency, fig.period) == (
        "trade_turnover",
        None,
        currency,
        "2024",
    )
    assert fig.value == pytest.approx(value)


def test_a_symbol_two_currencies_share_follows_the_meeting() -> None:
    text = "Bilateral trade reached ¥900 billion in 2024."
    (fig,) = extract_figures(sentences(text), ANCHOR, ["CHN", "KEN"])
    assert fig.currency == "CNY"


def test_a_bare_dollar_is_the_dollar_of_the_release() -> None:
    text = "Two-way trade in goods reached $31 billion in 2024."
    (fig,) = extract_figures(sentences(text), ANCHOR, ["CAN", "KOR"], dollar="CAD")
    assert (fig.value_usd, fig.value, fig.currency) == (None, 31e9, "CAD")
    (fig,) = extract_figures(sentences(text.replace("$", "US$")), ANCHOR, [], dollar="CAD")
    assert (fig.value_usd, fig.currency) == (31e9, None)


@pytest.mark.parametrize(
    ("publisher", "url", "dollar"),
    [
        ("Prime Minister's Office (Canada)", "https://www.pm.gc.ca/en/x", "CAD"),
        (None, "https://www.international.gc.ca/news/x", "CAD"),
        ("Global Affairs Canada", None, "CAD"),
        ("Minister for Foreign Affairs", "https://www.foreignminister.gov.au/x", "AUD"),
        ("Australian Government", None, "AUD"),
        (None, "https://www.beehive.govt.nz/release/x", "NZD"),
        ("Hong Kong SAR Government", None, "HKD"),
        (None, "https://www.mfa.gov.sg/news/x", "SGD"),
        ("The Canadian Daily", "https://canadian-daily.example/x", "USD"),
        ("Reuters", "https://www.reuters.com/world/x", "USD"),
        (None, None, "USD"),
    ],
)
def test_local_dollar_of_a_government_release(
    publisher: str | None, url: str | None, dollar: str
) -> None:
    assert local_dollar(publisher, url) == dollar


def test_a_canadian_government_release_gives_canadian_dollars() -> None:
    text = (
        "Ottawa, Ontario\nMarch 4, 2025\n\n"
        "Prime Minister Jean Tremblay held talks in Ottawa on Tuesday with President Ana Ruiz "
        "of Chile on ties between Canada and Chile.\n\n"
        "In 2024, bilateral trade between Canada and Chile was valued at $4.2 billion."
    )
    article = Article(
        "can1",
        text,
        None,
        "2025-03-04",
        "Prime Minister's Office (Canada)",
        "https://www.pm.gc.ca/x",
    )
    figs = [f for f in extract(article).figures if f.metric == "trade_turnover"]
    assert [(f.value_usd, f.value, f.currency, f.period) for f in figs] == [
        (None, 4.2e9, "CAD", "2024")
    ]


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Bilateral trade grew fivefold in 2024.", 400.0),
        ("Bilateral trade doubled in 2024.", 100.0),
        ("Bilateral trade grew 2.5 times in 2024.", 150.0),
        ("Bilateral trade fell threefold in 2024.", -66.67),
    ],
)
def test_multiples_become_percentages(text: str, change: float) -> None:
    (fig,) = extract_figures(sentences(text), ANCHOR, [])
    assert fig.change_pct == pytest.approx(change) and fig.period == "2024"


def test_targets_and_forecasts_are_left_out_beside_the_actual_figure() -> None:
    text = (
        "Trade reached $6 billion last year, and both leaders vowed to raise it to $10 billion "
        "by 2030."
    )
    assert figures(text) == [("trade_turnover", 6e9, None, "2024", False)]
    text = "Firms will add to the more than $8 billion in yearly two-way trade."
    assert figures(text) == [("trade_turnover", 8e9, None, None, True)]


def test_a_rolling_period_of_quarters() -> None:
    text = (
        "The trading relationship was worth £7 billion in the four quarters to the end of Q2 2024."
    )
    (fig,) = extract_figures(sentences(text), ANCHOR, [])
    assert (fig.value, fig.currency, fig.period) == (7e9, "GBP", "2023-07/2024-06")


def test_closing_trade_paragraphs_that_name_no_side_belong_to_the_story() -> None:
    """Readouts often end on trade figures without naming either side again; two such
    paragraphs in a row must not end the story before them."""
    text = (
        "Estonian President Mart Kask held talks with Finnish President Aino Virtanen "
        "in Tallinn on Tuesday.\n\n"
        "The trade turnover stood at USD 2.3 bn in 2023, an increase of 12% year-on-year.\n\n"
        "In the first nine months of 2024 trade increased by 9% and reached $1.9 billion.\n"
    )
    ex = extract(Article(Article.make_id(text), text, None, "2024-11-05"))
    assert [(f.metric, f.value_usd, f.change_pct, f.period) for f in ex.figures] == [
        ("trade_turnover", 2.3e9, 12.0, "2023"),
        ("trade_turnover", 1.9e9, 9.0, "2024-01/2024-09"),
    ]


def test_trade_figures_of_a_third_state_do_not_join_the_story() -> None:
    text = (
        "Estonian President Mart Kask held talks with Finnish President Aino Virtanen "
        "in Tallinn on Tuesday.\n\n"
        "Separately, trade between Latvia and Lithuania reached $4 billion in 2023.\n"
    )
    ex = extract(Article(Article.make_id(text), text, None, "2024-11-05"))
    kept = "\n".join(text[a:b] for a, b in ex.story_spans)
    assert "Latvia" not in kept and ex.figures == []


def test_a_value_the_sides_will_bring_trade_to_is_a_target() -> None:
    text = "The sides will bring the trade turnover in 2025 to $5 billion."
    assert figures(text) == []
