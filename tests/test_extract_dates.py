"""Dates: datelines of the common agencies, explicit and relative dates, publication
stamps, and a null date rather than a guess."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.extract import dates, extract
from briefing.model import Article

PUB = dt.date(2024, 3, 5)  # a Tuesday


@pytest.mark.parametrize("line, place, value", [
    ("Beijing, April 23, AZERTAC", "Beijing", dt.date(2023, 4, 23)),  # after PUB: last year
    ("BEIJING, March 4 (Xinhua) -- Chinese Premier met", "BEIJING", dt.date(2024, 3, 4)),
    ("MOSCOW, February 15. /TASS/. The Russian president", "MOSCOW", dt.date(2024, 2, 15)),
    ("TASHKENT, Uzbekistan, June 11. President of Uzbekistan", "TASHKENT", dt.date(2023, 6, 11)),
    ("WASHINGTON, March 3 (Reuters) - U.S. President", "WASHINGTON", dt.date(2024, 3, 3)),
    ("BAKU, Azerbaijan, Feb. 21", "BAKU", dt.date(2024, 2, 21)),
    ("Baku / 03.27.23 / Turan: The minister", "Baku", dt.date(2023, 3, 27)),
    ("NUR-SULTAN – There are no grounds", "NUR-SULTAN", None),
    ("ASTANA. KAZINFORM Presidents of", "ASTANA", None),
    ("KYIV, Ukraine (AP) — The presidents", "KYIV", None),
    ("ISLAMABAD: Prime Minister", "ISLAMABAD", None),
    ("NEW DELHI, March 2 (PTI): Prime Minister", "NEW DELHI", dt.date(2024, 3, 2)),
    ("Tashkent, 12 March 2024 (UzA) – President", "Tashkent", dt.date(2024, 3, 12)),
])
def test_datelines(line, place, value):
    found = dates.find_dateline(line, 0, len(line), PUB, line)
    assert found is not None
    assert (found.place, found.date) == (place, value)


def test_sentence_is_not_a_dateline():
    line = "President Aliyev held talks in Tianjin on 31 August with executives."
    assert dates.find_dateline(line, 0, len(line), PUB, line) is None


def test_publication_date_sources():
    assert dates.publication_date("2024-01-02", None, []) == dt.date(2024, 1, 2)
    assert dates.publication_date(None, "2023-12-20", []) == dt.date(2023, 12, 20)
    assert dates.publication_date(None, None, ["Politics", "06 November 2024, 10:10"]) == \
        dt.date(2024, 11, 6)
    assert dates.publication_date(None, None, ["28.05.2022 [20:41]"]) == dt.date(2022, 5, 28)
    assert dates.publication_date(None, None, ["November 12, 2014 10:00 IST"]) == \
        dt.date(2014, 11, 12)
    assert dates.publication_date(None, None, ["Leaders met on 31 August..."]) is None


def _extract(text: str, published: str | None):
    return extract(Article(Article.make_id(text), text, None, published))


@pytest.mark.parametrize("text, published, expected", [
    ("Kenyan President Paul Otieno met Tanzanian President Grace Mwamba in Nairobi today.",
     "2024-03-12", "2024-03-12"),
    ("Secretary of State Paul Reed spoke yesterday with Canadian Foreign Minister Claire "
     "Dubois.", "2024-01-10", "2024-01-09"),
    ("Prime Minister Rhys Evans welcomed Irish Taoiseach Sean Kelly to Downing Street this "
     "morning.", "2024-07-10", "2024-07-10"),
    ("Indian Prime Minister Ravi Nair held talks with Portuguese President Luis Costa on "
     "Friday.", "2020-02-14", "2020-02-14"),
    ("Chilean President Rosa Fuentes met Peruvian President Mario Quispe on Monday.",
     "2024-03-07", "2024-03-04"),
    ("Brazilian President Ana Costa met Chinese Premier Zhao Ming on 2024-03-12 in Beijing.",
     None, "2024-03-12"),
    ("Brazilian President Ana Costa met Chinese Premier Zhao Ming on 12.03.2024 in Beijing.",
     None, "2024-03-12"),
    ("On December 20, Azerbaijani Prime Minister Rauf Aliyev met Turkish Vice President "
     "Emre Kaya.", "2023-12-20", "2023-12-20"),
    ("Japanese Prime Minister Kenji Sato met German Chancellor Jonas Weber on December 30.",
     "2024-01-02", "2023-12-30"),
    # no anchor: a weekday or "today" alone gives no date
    ("Brazilian President Ana Costa met Chinese Premier Zhao Ming in Beijing on Tuesday.",
     None, None),
    ("Brazilian President Ana Costa met Chinese Premier Zhao Ming in Beijing on April 4.",
     None, None),
])
def test_meeting_date(text, published, expected):
    assert _extract(text, published).date == expected


def test_dateline_beats_publication_day_and_weekday_is_recorded():
    text = ("TASHKENT, Uzbekistan, June 11. President of Uzbekistan Rustam Karimov held a "
            "phone conversation with President of Kazakhstan Arman Seitov on Tuesday.")
    ex = _extract(text, "2025-06-12")
    assert ex.date == "2025-06-11"
    kinds = {d.kind: d for d in ex.date_mentions}
    assert kinds["dateline"].value == "2025-06-11"
    assert kinds["weekday"].weekday == "Tuesday"
    assert kinds["weekday"].value == "2025-06-10"  # the merge stage can flag this
    assert kinds["published"].value == "2025-06-12"


def test_year_from_a_credit_line_when_nothing_else_gives_it():
    text = ("Chinese President Zhao Ming and his U.S. counterpart, Mark Hale, talked over "
            "phone late on September 18.\n\nThe two leaders discussed trade.\n\n"
            "(News Agency September 18, 2017)")
    assert _extract(text, None).date == "2017-09-18"


def test_unrelated_dates_do_not_become_the_meeting_date():
    text = ("MOSCOW, February 15. /TASS/. German Chancellor Jonas Weber stated on Tuesday "
            "during talks with Russian President Pavel Orlov that dialogue matters.\n\n"
            "On December 8, 2021, Weber took office as chancellor.")
    assert _extract(text, "2022-02-15").date == "2022-02-15"
