"""Periods of figures and dates of documents, resolved against a meeting date."""

from __future__ import annotations

import datetime

import pytest

from briefing.extract.periods import find_dates, find_periods, resolve_date_expr, resolve_period

ANCHOR = datetime.date(2025, 4, 23)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("last year", "2024"),
        ("the previous year", "2024"),
        ("this year", "2025"),
        ("in 2021", "2021"),
        ("during the first quarter", "2025-01/2025-03"),
        ("the first four months of this year", "2025-01/2025-04"),
        ("the first quarter of 2018", "2018-01/2018-03"),
        ("Q3 2023", "2023-07/2023-09"),
        ("January-July", "2024-01/2024-07"),  # July 2025 has not begun on 23 April 2025
        ("January-March", "2025-01/2025-03"),
        ("January–July 2023", "2023-01/2023-07"),
        ("the first ten months of the present year", "2025-01/2025-10"),
        ("first half of 2016", "2016-01/2016-06"),
        ("January-December 2024", "2024"),
        ("from March to May 2023", "2023-03/2023-05"),
        ("the 12 months of 2023", "2023"),
        ("the second half of last year", "2024-07/2024-12"),
        ("the eight months of this year", "2025-01/2025-08"),
        ("June 2024", "2024-06"),
        ("the four quarters to the end of Q3 2024", "2023-10/2024-09"),
        ("the 12 months to June 2024", "2023-07/2024-06"),
        ("the year to March 2025", "2024-04/2025-03"),
        ("the twelve months ending December 2023", "2023"),
    ],
)
def test_resolve_period(expr: str, expected: str) -> None:
    assert resolve_period(expr, ANCHOR) == expected


@pytest.mark.parametrize(
    "expr", ["last year", "the first four months of this year", "January-July", "the current year"]
)
def test_relative_periods_need_an_anchor(expr: str) -> None:
    assert resolve_period(expr, None) is None


def test_absolute_periods_resolve_without_anchor() -> None:
    assert resolve_period("the second half of 2016", None) == "2016-07/2016-12"
    assert resolve_period("2019", None) == "2019"


def test_non_periods_are_not_resolved() -> None:
    assert resolve_period("the last three months", ANCHOR) is None
    assert resolve_period("the past year", ANCHOR) is None
    assert resolve_period("the talks", ANCHOR) is None


def test_find_periods_keeps_phrases_as_written() -> None:
    text = (
        "a 15 percent increase in trade last year, reaching $2.9 billion, and a 30 percent "
        "growth in the first four months of this year"
    )
    assert [m.text for m in find_periods(text)] == [
        "last year",
        "the first four months of this year",
    ]
    assert text[find_periods(text)[0].start : find_periods(text)[0].end] == "last year"


def test_modal_may_is_not_a_month() -> None:
    assert find_periods("The sides may sign it in May.")[0].text == "May"
    assert len(find_periods("The sides may sign it.")) == 0


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("last July", "2024-07"),
        ("March last year", "2024-03"),
        ("in June of this year", "2025-06"),
        ("in July 2024", "2024-07"),
        ("July 15, 2024", "2024-07-15"),
        ("15 July 2024", "2024-07-15"),
        ("today", "2025-04-23"),
        ("following the meeting", "2025-04-23"),
        ("yesterday", "2025-04-22"),
        ("on Tuesday", "2025-04-22"),
        ("last month", "2025-03"),
        ("last year", "2024"),
        ("in 1994", "1994"),
        ("two years ago", "2023"),
        ("April 20", "2025-04-20"),
        ("signed today", "2025-04-23"),
    ],
)
def test_resolve_date_expr(expr: str, expected: str) -> None:
    assert resolve_date_expr(expr, ANCHOR) == expected


def test_dates_without_anchor() -> None:
    assert resolve_date_expr("last July", None) is None
    assert resolve_date_expr("today", None) is None
    assert resolve_date_expr("in July 2024", None) == "2024-07"


def test_find_dates() -> None:
    text = "the Joint Declaration, adopted last July, and the statement signed today"
    assert [m.text for m in find_dates(text)] == ["last July", "today"]


def test_resolvers_never_raise_on_odd_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(
        [
            "the",
            "first",
            "0",
            "13",
            "31",
            "45.13.2024",
            "February 30",
            "Q5",
            "last",
            "year",
            "months",
            "of",
            "2024",
            "Sept.",
            "May",
            "January-",
            "-July",
            "since",
            "ago",
            "on",
            "Tuesday",
            ",",
        ]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(words, max_size=6), st.sampled_from([ANCHOR, None]))
    def check(parts: list[str], anchor: datetime.date | None) -> None:
        text = " ".join(parts)
        for m in find_periods(text):
            resolve_period(m.text, anchor)
        for m in find_dates(text):
            resolve_date_expr(m.text, anchor)
        resolve_period(text, anchor)
        resolve_date_expr(text, anchor)

    check()
