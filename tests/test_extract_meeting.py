"""Meeting type, place, countries and the bilateral decision on invented reports in the
styles of wires, agencies and official readouts, including the hard negatives."""

from __future__ import annotations

import pytest

from briefing.extract import extract
from briefing.model import Article


def _extract(text: str, published: str | None = None, title: str | None = None):
    return extract(Article(Article.make_id(text), text, title, published))


def test_wire_dateline_and_seat_of_government():
    ex = _extract(
        "By Jane Doe\n\nOTTAWA, March 3 (Reuters) - Canadian Prime Minister Paul "
        "Leblanc met Irish Taoiseach Niamh Byrne at Rideau Hall on Friday.\n\n"
        "Leblanc said Canada and Ireland would deepen cooperation on clean energy."
        "\n\n(Reporting by Jane Doe; Editing by John Roe)",
        "2023-03-04",
    )
    assert ex.is_bilateral_meeting and ex.meeting_type == "meeting"
    assert ex.date == "2023-03-03"
    assert (ex.location.city, ex.location.country) == ("Ottawa", "CAN")
    assert ex.countries == ["CAN", "IRL"]


def test_phone_call_has_no_place():
    ex = _extract(
        "ATHENS, May 6 (ANA) -- Foreign Minister Maria Lindqvist of Sweden held a "
        "phone conversation with her Greek counterpart Nikos Andreou on Monday.\n\n"
        "The ministers discussed migration and tourism.",
        "2024-05-07",
    )
    assert ex.meeting_type == "phone_call"
    assert (ex.location.city, ex.location.country) == (None, None)
    assert ex.date == "2024-05-06"
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Maria Lindqvist", "Foreign Minister", "SWE"),
        ("Nikos Andreou", "Foreign Minister", "GRC"),
    ]


@pytest.mark.parametrize(
    "text, kind",
    [
        (
            "Prime Minister Arjun Rao of India held a virtual meeting with New Zealand Prime "
            "Minister Tom Walker.",
            "video_call",
        ),
        (
            "Spanish Prime Minister Elena Ortiz held a videoconference with Portuguese Prime "
            "Minister Rui Almeida.",
            "video_call",
        ),
        (
            "Secretary of State Laura Finch spoke with Mexican Foreign Minister Elena Ruiz.",
            "phone_call",
        ),
        (
            "President of Tajikistan Rustam Nazarov had a telephone conversation with President of "
            "Kyrgyzstan Bakyt Osmonov.",
            "phone_call",
        ),
        (
            "Austrian Chancellor Lukas Berger said during talks with Belarusian President Ivan "
            "Hrynko that dialogue matters. Last month the two men spoke by phone.",
            "meeting",
        ),
    ],
)
def test_meeting_types(text, kind):
    assert _extract(text).meeting_type == kind


def test_headline_decides_a_call_when_the_story_does_not():
    text = (
        "Secretary Finch's Call with Foreign Minister Ruiz\n\nSecretary of State Laura "
        "Finch and Mexican Foreign Minister Elena Ruiz discussed border security."
    )
    assert _extract(text).meeting_type == "phone_call"


def test_demonyms_and_capitals_as_metonyms():
    ex = _extract(
        "CAIRO, June 5 (MENA) -- Egyptian President Omar Farouk received Jordanian "
        "Prime Minister Samir Haddad at Ittihadiya Palace.\n\nThe talks between "
        "Cairo and Amman covered gas supplies.",
        "2024-06-05",
    )
    assert ex.countries == ["EGY", "JOR"]
    assert (ex.location.city, ex.location.country) == ("Cairo", "EGY")
    ex = _extract(
        "Pavel Orlov, President of the Russian Federation, hosted talks in the "
        "Kremlin with Hungarian Prime Minister Gabor Toth on Thursday.",
        "2024-10-04",
    )
    assert (ex.location.city, ex.location.country) == ("Moscow", "RUS")
    assert ex.countries == ["HUN", "RUS"]
    assert ex.date == "2024-10-03"


def test_place_is_the_meeting_not_the_dateline():
    ex = _extract(
        "TASHKENT – Uzbek President Timur Rakhimov, speaking at talks with "
        "President Ivan Hrynko in Minsk, said Uzbek-Belarusian trade keeps growing.",
        "2023-06-09",
    )
    assert (ex.location.city, ex.location.country) == ("Minsk", "BLR")
    assert ex.countries == ["BLR", "UZB"]
    ex = _extract(
        "Prime Minister Justine Moreau of Canada met with the President of Mexico, "
        "Lucia Vargas, on the margins of the G20 Leaders' Summit in Rio de Janeiro, "
        "Brazil, on Monday.",
        "2024-11-18",
    )
    assert ex.is_bilateral_meeting
    assert (ex.location.city, ex.location.country) == ("Rio de Janeiro", "BRA")
    assert ex.countries == ["CAN", "MEX"]


def test_speaker_abroad_with_an_agency_dateline_at_home():
    ex = _extract(
        "RIGA, MARCH 1, LETA. Speaker of the Saeima of Latvia Daina Ozola held a "
        "meeting with Speaker of the Sejm of Poland Marek Wrobel in Warsaw.",
        "2024-03-01",
    )
    assert ex.date == "2024-03-01"
    assert (ex.location.city, ex.location.country) == ("Warsaw", "POL")
    assert sorted((p.name, p.title) for p in ex.participants) == [
        ("Daina Ozola", "Speaker of the Saeima"),
        ("Marek Wrobel", "Speaker of the Sejm"),
    ]


@pytest.mark.parametrize(
    "text, country",
    [
        (
            "Georgian Prime Minister Levan Kobalia met with Slovak Deputy Prime Minister Juraj "
            "Novak, who is paying an official visit to Georgia.",
            "GEO",
        ),
        (
            "Ghanaian President Kofi Mensah received a visiting Speaker of the National Assembly of "
            "Togo, Yao Agbeko.",
            "GHA",
        ),
        (
            "Japanese Foreign Minister SATO Emi met Thai Prime Minister Somchai Boonmee during her "
            "visit to Thailand.",
            "THA",
        ),
    ],
)
def test_host_country_without_a_city(text, country):
    ex = _extract(text)
    assert (ex.location.city, ex.location.country) == (None, country)


@pytest.mark.parametrize(
    "text, reason_word",
    [
        (
            "BAKU, Azerbaijan, Oct. 4. Trade between Azerbaijan and Italy reached $3.9 billion in "
            "the first eight months, up 7 percent, the customs committee reported.",
            "statistics",
        ),
        (
            "VIENTIANE, October 10 (Xinhua) -- Leaders of Laos, Thailand, Vietnam, Cambodia and "
            "Myanmar gathered in Vientiane on Thursday for the summit.\n\nPrime Minister Sonexay "
            "Vong addressed the plenary session.",
            "multilateral",
        ),
        (
            "President Kofi Mensah received a delegation led by the CEO of a large Swiss mining "
            "company on Monday.",
            "company",
        ),
        (
            "President Tomas Berg of Norway said in an interview with a Danish newspaper that "
            "Norway will raise defence spending.",
            "interview",
        ),
        (
            "Deputy Minister of Trade Lena Petrova told journalists on Monday that Bulgarian-Serbian "
            "trade had grown after last year's talks of the two presidents.",
            "reporters",
        ),
        (
            "The foreign ministers of Georgia, Armenia and Azerbaijan held a trilateral meeting in "
            "Tbilisi on Saturday.",
            "more than two",
        ),
        (
            "ASHGABAT, May 3. President of Turkmenistan Dovlet Amanov will pay a state visit to "
            "Mongolia next month at the invitation of President Bat-Erdene Ganbold, the state "
            "agency reported.\n\nThe presidents are expected to discuss gas transit.",
            "future",
        ),
    ],
)
def test_not_bilateral_with_a_reason(text, reason_word):
    ex = _extract(text, "2024-10-10")
    assert ex.is_bilateral_meeting is False
    assert reason_word in ex.reason
    assert ex.participants == [] and ex.countries == []


def test_a_past_meeting_that_mentions_a_future_visit_is_still_one():
    ex = _extract(
        "Ghanaian President Kofi Mensah received Ambassador of Japan to Ghana Kenji "
        "Mori to discuss the upcoming visit of the Japanese Prime Minister.",
        "2024-06-12",
    )
    assert ex.is_bilateral_meeting
    assert ex.countries == ["GHA", "JPN"]


def test_plural_office_gives_both_states():
    ex = _extract(
        "LIMA. The Presidents of Peru and Bolivia held talks after the business "
        "forum, the presidential press office said.\n\nThe Head of State praised the "
        "good-neighbourly ties of the two nations.",
        "2022-11-28",
    )
    assert ex.is_bilateral_meeting
    assert ex.countries == ["BOL", "PER"]
    assert (ex.location.city, ex.location.country) == ("Lima", "PER")


def test_plural_office_with_demonyms_after_page_labels():
    text = (
        "Home | News | Politics\nLatest: President Lin Wei met President Omar Farouk in "
        "Cairo.\nThe Danish and Estonian foreign ministers held talks in Tallinn on "
        "Monday, discussing Baltic security."
    )
    ex = _extract(text, "2024-06-04")
    assert ex.is_bilateral_meeting
    assert ex.countries == ["DNK", "EST"]
    assert (ex.location.city, ex.location.country) == ("Tallinn", "EST")
    assert ex.date == "2024-06-03"
    assert "Cairo" not in " ".join(text[a:b] for a, b in ex.story_spans)


def test_photo_captions_are_a_report():
    text = (
        "Kenyan, Ugandan leaders meet in Nairobi\n\nKenyan President Amani Otieno holds "
        "talks with Ugandan President Joseph Okello in Nairobi, Kenya, March 4, 2024. "
        "(Xinhua/Peter Kamau)\n\n(Xinhua/Peter Kamau)\n\nEnditem"
    )
    ex = _extract(text, "2024-03-05")
    assert ex.is_bilateral_meeting
    assert ex.date == "2024-03-04"
    assert (ex.location.city, ex.location.country) == ("Nairobi", "KEN")
    assert ex.topics == []
