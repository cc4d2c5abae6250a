"""Meeting type, place, countries and the bilateral decision on invented reports in the
styles of wires, agencies and official readouts, including the hard negatives."""

from __future__ import annotations

import pytest

from briefing.extract import extract
from briefing.model import Article


def _extract(text: str, published: str | None = None, title: str | None = None):
    return extract(Article(Article.make_id(text), text, title, published))


def test_us_wire_dateline_and_seat_of_government():
    ex = _extract("WASHINGTON, March 3 (Reuters) - U.S. President Daniel Harmon held talks "
                  "with German Chancellor Petra Vogel at the White House on Friday.\n\n"
                  "Harmon said the United States and Germany would deepen cooperation.\n\n"
                  "Reporting by Jane Doe; Editing by John Roe", "2023-03-04")
    assert ex.is_bilateral_meeting and ex.meeting_type == "meeting"
    assert ex.date == "2023-03-03"
    assert (ex.location.city, ex.location.country) == ("Washington", "USA")
    assert ex.countries == ["DEU", "USA"]


def test_phone_call_has_no_place():
    ex = _extract("ANKARA, May 6 (AA) -- Foreign Minister Ana Kovač of Croatia held a "
                  "telephone conversation with her Greek counterpart Nikos Andreou on "
                  "Monday.\n\nThe ministers discussed energy and tourism.", "2024-05-07")
    assert ex.meeting_type == "phone_call"
    assert (ex.location.city, ex.location.country) == (None, None)
    assert ex.date == "2024-05-06"
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Ana Kovač", "Foreign Minister", "HRV"), ("Nikos Andreou", "Foreign Minister", "GRC")]


@pytest.mark.parametrize("text, kind", [
    ("Prime Minister Hiroshi Tanaka of Japan held talks via video link with Australian Prime "
     "Minister Michael Grant.", "video_call"),
    ("Secretary of State Paul Reed spoke with Canadian Foreign Minister Claire Dubois.",
     "phone_call"),
    ("President of Uzbekistan Rustam Karimov had a phone call with President of Kazakhstan "
     "Arman Seitov.", "phone_call"),
    ("German Chancellor Jonas Weber stated during talks with Russian President Pavel Orlov "
     "that dialogue matters. In December the two leaders had their first phone talks.",
     "meeting"),
])
def test_meeting_types(text, kind):
    assert _extract(text).meeting_type == kind


def test_headline_decides_a_call_when_the_story_does_not():
    text = "Secretary Reed's Call with Foreign Minister Dubois\n\nSecretary of State Paul " \
           "Reed and Canadian Foreign Minister Claire Dubois discussed Arctic security."
    assert _extract(text).meeting_type == "phone_call"


def test_demonyms_and_capitals_as_metonyms():
    ex = _extract("ANKARA, June 5 (AA) -- Turkish President Kemal Arslan received Hungarian "
                  "Prime Minister Gábor Szabó at the Presidential Complex.\n\nThe talks "
                  "between Ankara and Budapest covered gas supplies.", "2024-06-05")
    assert ex.countries == ["HUN", "TUR"]
    assert (ex.location.city, ex.location.country) == ("Ankara", "TUR")
    ex = _extract("Vladimir Sokolov, President of the Russian Federation, held talks in the "
                  "Kremlin with Serbian President Milan Jović on Thursday.", "2024-10-04")
    assert (ex.location.city, ex.location.country) == ("Moscow", "RUS")
    assert ex.countries == ["RUS", "SRB"]
    assert ex.date == "2024-10-03"


def test_place_is_the_meeting_not_the_dateline():
    ex = _extract("ASTANA – President of Kazakhstan Arman Seitov said during his meeting with "
                  "President Pavel Orlov in Sochi that Kazakh-Russian trade is growing.",
                  "2022-08-19")
    assert (ex.location.city, ex.location.country) == ("Sochi", "RUS")
    assert ex.countries == ["KAZ", "RUS"]
    ex = _extract("Ilham Aliyev, President of the Republic of Azerbaijan, met with Kemal "
                  "Arslan, President of the Republic of Türkiye, on November 6 in Bishkek, "
                  "Kyrgyzstan.", "2024-11-06")
    assert (ex.location.city, ex.location.country) == ("Bishkek", "KGZ")


@pytest.mark.parametrize("text, country", [
    ("Azerbaijani Prime Minister Rauf Aliyev met with Turkish Vice President Emre Kaya, who "
     "is on an official visit to the country.", "AZE"),
    ("Kazakh President Arman Seitov received a visiting Chair of the Grand National Assembly "
     "of Türkiye, Ayşe Demir.", "KAZ"),
    ("Japanese Foreign Minister Kenji Sato met Vietnamese President Tran Van Minh during his "
     "visit to Vietnam.", "VNM"),
])
def test_host_country_without_a_city(text, country):
    ex = _extract(text)
    assert (ex.location.city, ex.location.country) == (None, country)


@pytest.mark.parametrize("text, reason_word", [
    ("BAKU, Azerbaijan, Feb. 21. Trade turnover between Azerbaijan and Russia reached $3.1 "
     "billion in 2023, up 12 percent, according to the customs committee.", "statistics"),
    ("KAZAN, October 23 (Xinhua) -- Leaders of China, Russia, India, Brazil and South Africa "
     "gathered in Kazan on Wednesday for the summit.\n\nPresident Lin Wei addressed the "
     "plenary session of the summit.", "multilateral"),
    ("President Ilham Aliyev received a delegation led by the CEO of a major German "
     "engineering company on Monday.", "company"),
    ("President Tomas Berg of Norway said in an interview with a British newspaper that "
     "Norway will increase defence spending.", "interview"),
    ("Deputy Minister of Economy Samir Guliyev told reporters that the presidents of "
     "Azerbaijan and Russia play a leading role in trade.", "reporters"),
    ("Presidents of Azerbaijan, Kazakhstan and Uzbekistan held a trilateral meeting in Baku "
     "on Friday.", "more than two"),
])
def test_not_bilateral_with_a_reason(text, reason_word):
    ex = _extract(text, "2024-10-23")
    assert ex.is_bilateral_meeting is False
    assert reason_word in ex.reason
    assert ex.participants == [] and ex.countries == []


def test_plural_office_gives_both_states():
    ex = _extract("ASTANA. KAZINFORM Presidents of Kazakhstan and Russia held talks following "
                  "the forum, the press service reports.\n\nThe Head of State noted exemplary "
                  "relations between the two states.", "2022-11-28")
    assert ex.is_bilateral_meeting
    assert ex.countries == ["KAZ", "RUS"]
    assert (ex.location.city, ex.location.country) == ("Astana", "KAZ")


def test_plural_office_with_demonyms_and_teaser_labels():
    text = ("Home | News | Politics\nLatest: President Lin Wei met President Omar Said in "
            "Cairo.\nThe Turkish and Hungarian foreign ministers held talks in Ankara on "
            "Monday, discussing gas supplies.")
    ex = _extract(text, "2024-06-04")
    assert ex.is_bilateral_meeting
    assert ex.countries == ["HUN", "TUR"]
    assert (ex.location.city, ex.location.country) == ("Ankara", "TUR")
    assert ex.date == "2024-06-03"
    assert "Cairo" not in " ".join(text[a:b] for a, b in ex.story_spans)
