"""Dates: datelines of the common agencies, explicit and relative dates, date stamps, the
bounds of a stay, and a null date rather than a guess. All reports are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.extract import dates, extract
from briefing.model import Article

PUB = dt.date(2024, 3, 5)  # a Tuesday


@pytest.mark.parametrize(
    "line, place, value",
    [
        ("Lisbon, April 9, AZERTAC", "Lisbon", dt.date(2023, 4, 9)),  # after PUB: last year
        ("HANOI, March 4 (Xinhua) -- Vietnamese President", "HANOI", dt.date(2024, 3, 4)),
        ("MINSK, February 12. /TASS/. The Belarusian leader", "MINSK", dt.date(2024, 2, 12)),
        ("BAKU, Azerbaijan, Oct. 4. Azerbaijani Energy", "BAKU", dt.date(2023, 10, 4)),
        ("OTTAWA, March 1 (Reuters) - Canadian Prime", "OTTAWA", dt.date(2024, 3, 1)),
        ("Yerevan / 11.21.23 / Agency: The minister", "Yerevan", dt.date(2023, 11, 21)),
        ("Dushanbe, 2 March 2024 (Khovar) – President", "Dushanbe", dt.date(2024, 3, 2)),
        ("COLOMBO, Feb 27 (PTI): Sri Lankan President", "COLOMBO", dt.date(2024, 2, 27)),
        ("ASTANA. February 20. KAZINFORM - President", "ASTANA", dt.date(2024, 2, 20)),
        ("RIGA, MARCH 1, LETA. Latvian Prime Minister", "RIGA", dt.date(2024, 3, 1)),
        ("DOHA, 3rd March, 2024 (QNA) -- His Highness", "DOHA", dt.date(2024, 3, 3)),
        ("LUSAKA – Zambian President Hakainde Mwale", "LUSAKA", None),
        ("NAIROBI, Kenya (AP) — Two presidents", "NAIROBI", None),
        ("DHAKA: Prime Minister Sheikh Rahman", "DHAKA", None),
    ],
)
def test_datelines(line, place, value):
    found = dates.find_dateline(line, 0, len(line), PUB, line)
    assert found is not None
    assert (found.place, found.date) == (place, value)


def test_a_sentence_is_not_a_dateline():
    line = "President Ruiz held talks in Lima on 3 May with mining executives."
    assert dates.find_dateline(line, 0, len(line), PUB, line) is None


def test_publication_date_and_stamps():
    assert dates.publication_date("2024-01-02", None, []) == dt.date(2024, 1, 2)
    assert dates.publication_date(None, "2023-12-20", []) == dt.date(2023, 12, 20)
    assert dates.publication_date(None, None, ["World", "14 March 2023, 09:15"]) == dt.date(
        2023, 3, 14
    )
    assert dates.publication_date(None, None, ["03.07.2021 [11:02]"]) == dt.date(2021, 7, 3)
    assert dates.publication_date(None, None, ["Published 3 May 2025"]) == dt.date(2025, 5, 3)
    assert dates.publication_date(None, None, ["Tuesday 27 February 2024"]) == dt.date(2024, 2, 27)
    assert dates.publication_date(None, None, ["The leaders met on 31 May..."]) is None


def _extract(text: str, published: str | None):
    return extract(Article(Article.make_id(text), text, None, published))


@pytest.mark.parametrize(
    "text, published, expected",
    [
        (
            "Ghanaian President Kofi Mensah met Togolese President Yao Agbeko in Accra today.",
            "2024-03-12",
            "2024-03-12",
        ),
        (
            "Secretary of State Laura Finch spoke yesterday with Mexican Foreign Minister Elena "
            "Ruiz.",
            "2024-01-10",
            "2024-01-09",
        ),
        (
            "Prime Minister Oliver Grant welcomed Dutch Prime Minister Pieter de Groot to Number 10 "
            "this afternoon.",
            "2024-07-10",
            "2024-07-10",
        ),
        (
            "Brazilian President Ana Costa hosted Angolan President Joao Lourenco Neto on "
            "Thursday.",
            "2024-03-08",
            "2024-03-07",
        ),
        (
            "Malian President Amadou Keita met Senegalese President Moussa Diallo on 2024-03-12 in "
            "Dakar.",
            None,
            "2024-03-12",
        ),
        (
            "Malian President Amadou Keita met Senegalese President Moussa Diallo on 12.03.2024 in "
            "Dakar.",
            None,
            "2024-03-12",
        ),
        (
            "On January 3, Estonian Prime Minister Kaja Tamm met Finnish President Mikko Laine.",
            "2024-01-04",
            "2024-01-03",
        ),
        (
            "Indonesian President Budi Santoso met Thai Prime Minister Somchai Boonmee on "
            "December 29.",
            "2024-01-02",
            "2023-12-29",
        ),
        # the bounds of a stay are not the meeting day; "today" is
        (
            "Prime Minister Arjun Rao held talks today with the President of Ghana, Kofi Mensah, "
            "who is on a State Visit to India from 5 to 7 March 2024.",
            "2024-03-07",
            "2024-03-07",
        ),
        # no anchor: a weekday or a month-day alone gives no date
        (
            "Malian President Amadou Keita met Senegalese President Moussa Diallo in Dakar on "
            "Friday.",
            None,
            None,
        ),
        (
            "Malian President Amadou Keita met Senegalese President Moussa Diallo in Dakar on "
            "June 4.",
            None,
            None,
        ),
    ],
)
def test_meeting_date(text, published, expected):
    assert _extract(text, published).date == expected


def test_dateline_beats_publication_day_and_the_weekday_is_kept():
    text = (
        "DUSHANBE, Tajikistan, May 14. President of Tajikistan Rustam Nazarov had a "
        "telephone conversation with President of Kyrgyzstan Bakyt Osmonov on Monday."
    )
    ex = _extract(text, "2025-05-15")
    assert ex.date == "2025-05-14"
    kinds = {d.kind: d for d in ex.date_mentions}
    assert kinds["dateline"].value == "2025-05-14"
    assert kinds["weekday"].weekday == "Monday"
    assert kinds["weekday"].value == "2025-05-12"  # the merge stage can flag this
    assert kinds["published"].value == "2025-05-15"


def test_stamp_line_above_a_readout_dates_it():
    text = (
        "Talks with President of Laos\nMarch 12, 2024, 15:10\nThe Kremlin, Moscow\n\n"
        "Pavel Orlov held talks with President of Laos Bounmy Phommachanh, who is in "
        "Russia on an official visit."
    )
    ex = _extract(text, None)
    assert ex.date == "2024-03-12"
    assert (ex.location.city, ex.location.country) == ("Moscow", "RUS")


def test_year_from_a_credit_line_when_nothing_else_gives_it():
    text = (
        "Chinese Premier Zhao Ming and his Canadian counterpart, Mark Hale, talked by "
        "phone on the night of May 9.\n\nThe two leaders discussed canola exports.\n\n"
        "(Source: Agency report, May 9, 2019)"
    )
    assert _extract(text, None).date == "2019-05-09"


def test_dates_of_other_events_do_not_become_the_meeting_date():
    text = (
        "MINSK, February 12. /TASS/. Austrian Chancellor Lukas Berger said on Monday "
        "during talks with Belarusian President Ivan Hrynko that dialogue matters.\n\n"
        "On March 3, 2021, Berger became chancellor."
    )
    assert _extract(text, "2024-02-12").date == "2024-02-12"
