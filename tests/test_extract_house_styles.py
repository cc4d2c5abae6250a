"""Core fields on house styles and phrasings the first rules missed: a title after the
name in a chain ("X, Crown Prince and Prime Minister,"), joined portfolios, abbreviated
given names, "[India]" datelines with "yesterday", "in the <demonym> capital", meetings
on the sidelines of an event, documents' dates, offices written only as "the two
presidents", the page's own state, and hoped-for signings. All reports are invented."""

from __future__ import annotations

from briefing.extract import extract
from briefing.model import Article


def _extract(text: str, published: str | None = None, publisher: str | None = None,
             url: str | None = None):
    return extract(Article(Article.make_id(text), text, None, published, publisher, url))


def _people(ex) -> set[tuple[str, str | None, str | None]]:
    return {(p.name, p.title, p.country) for p in ex.participants}


def test_title_chain_after_the_name_with_honorifics():
    ex = _extract("Doha, March 3, 2025, QNA -- His Highness Sheikh Hamad bin Khalid Al Thani, "
                  "Emir and Commander-in-Chief, received a phone call today from Prime "
                  "Minister of the Portuguese Republic Rui Cardoso.", "2025-03-03")
    assert ex.is_bilateral_meeting and ex.meeting_type == "phone_call"
    assert ("Rui Cardoso", "Prime Minister", "PRT") in _people(ex)
    assert any(p.name == "Hamad bin Khalid Al Thani" for p in ex.participants)


def test_crown_prince_and_prime_minister_chain():
    ex = _extract("RIYADH, May 2, 2025, SPA -- His Royal Highness Prince Faisal bin Saud Al "
                  "Fahd, Crown Prince and Prime Minister, received a phone call today from "
                  "Prime Minister of the Hellenic Republic Nikos Andreou.", "2025-05-02")
    assert ("Faisal bin Saud Al Fahd", "Crown Prince and Prime Minister", "SAU") in _people(ex)
    assert ex.countries == ["GRC", "SAU"] and ex.date == "2025-05-02"


def test_joined_portfolio_and_prime_cabinet_secretary():
    ex = _extract("On May 3, 2025, Foreign Minister Li Wen held talks in Beijing with Prime "
                  "Cabinet Secretary and Cabinet Secretary for Foreign and Diaspora Affairs "
                  "of Kenya Peter Wanjala.", "2025-05-04")
    assert ex.is_bilateral_meeting and ex.countries == ["CHN", "KEN"]
    assert ("Peter Wanjala", "Prime Cabinet Secretary and Cabinet Secretary for Foreign and "
            "Diaspora Affairs", "KEN") in _people(ex)


def test_abbreviated_given_name_and_adviser_office():
    ex = _extract("DHAKA, May 10 (APP): Foreign Minister Senator Imran Qadir on Saturday held "
                  "talks with Bangladesh's Adviser for Foreign Affairs Md. Rafiq Alam. The "
                  "Pakistani minister arrived on Friday.", "2025-05-10")
    assert ("Md. Rafiq Alam", "Adviser for Foreign Affairs", "BGD") in _people(ex)
    assert ex.countries == ["BGD", "PAK"] and ex.location.city == "Dhaka"


def test_bracketed_dateline_and_yesterday():
    ex = _extract("New Delhi [India], June 5 (ANI): Defence Minister Arjun Mehta held a "
                  "virtual meeting with his Japanese counterpart Kenji Sato yesterday.",
                  "2025-06-05")
    assert ex.meeting_type == "video_call" and ex.date == "2025-06-04"
    assert ex.location.city is None


def test_weekday_of_the_day_before_the_dateline():
    ex = _extract("SEOUL, June 10 (Yonhap) -- President Park Min-jun held phone talks with "
                  "Canadian Prime Minister Anne Leroux on Monday.", "2025-06-10")
    assert ex.date == "2025-06-09"


def test_demonym_capital_and_sidelines_of_an_event():
    ex = _extract("KYODO NEWS - Jul 11, 2025\n\nKUALA LUMPUR - Japanese Foreign Minister "
                  "Aiko Tanaka and her Indian counterpart Vikram Rao met Friday on the "
                  "sidelines of a regional forum in the Malaysian capital.", "2025-07-11")
    assert (ex.location.city, ex.location.country) == ("Kuala Lumpur", "MYS")
    ex = _extract("BISHKEK, June 3 (Kabar) -- Armenian Prime Minister Aram Petrosyan met "
                  "Georgian Prime Minister Levan Beridze on the sidelines of the summit.",
                  "2025-06-03")
    assert (ex.location.city, ex.location.country) == ("Bishkek", "KGZ")


def test_a_documents_date_is_not_the_meeting_date():
    text = ("June 13, 2025, 13:00\n\nPavel Orlov had a telephone conversation with President "
            "of Iraq Salim Karim.\n\nThe presidents noted the Treaty on Strategic Partnership "
            "signed on January 17, 2025.")
    ex = _extract(text, "2025-06-13", "President of Russia")
    assert ex.date == "2025-06-13"
    assert ("Pavel Orlov", "President", "RUS") in _people(ex)


def test_the_pages_own_state_fills_the_missing_side():
    text = ("Head of State Arman Seitkali had a telephone conversation with President of "
            "Mongolia Batbayar Ganbold. The leaders discussed transit.")
    ex = _extract(text, "2025-05-06", "Akorda", "https://www.akorda.kz/en/news/1")
    assert ex.countries == ["KAZ", "MNG"]
    ex = _extract(text, "2025-05-06", "Some Portal", "https://news.example.io/1")
    assert not ex.is_bilateral_meeting


def test_a_hoped_for_signing_is_not_a_meeting():
    ex = _extract("Jakarta (ANTARA) - Trade Minister Rudi Hartono will visit Santiago next "
                  "week to meet Chile's Minister of Foreign Trade. \"We hope the agreement can "
                  "be signed by the two ministers,\" Hartono said on Tuesday.", "2025-08-05")
    assert not ex.is_bilateral_meeting and ex.reason


def test_ethiopian_readout_with_held_discussions_and_related_news():
    text = ("Addis Ababa, April 2, 2025 (ENA) - Prime Minister Daniel Bekele held discussions "
            "with President of the Republic of Djibouti Omar Farah today at the National "
            "Palace.\n\nRELATED NEWS\nPM receives Kenyan President in Addis Ababa")
    ex = _extract(text, "2025-04-02")
    assert ex.is_bilateral_meeting and ex.countries == ["DJI", "ETH"]
    assert (ex.location.city, ex.location.country) == ("Addis Ababa", "ETH")
    assert ("Daniel Bekele", "Prime Minister", "ETH") in _people(ex)


def test_capital_honorific_and_amir_as_written():
    ex = _extract("Doha: His Highness the Amir Sheikh Khalid bin Saad Al-Thani received a phone "
                  "call today from President of the Republic of Chile HE Dr. Ana Morales.",
                  "2025-06-22")
    assert ("Ana Morales", "President", "CHL") in _people(ex)
    assert any(p.title == "Amir" for p in ex.participants)
    ex = _extract("BEIJING, May 2 (Xinhua) -- Chinese Vice Premier He Lin met with Brazilian "
                  "Finance Minister Paulo Reis.", "2025-05-02")
    assert ("He Lin", "Vice Premier", "CHN") in _people(ex)


def test_summit_plenary_opening_is_not_bilateral():
    text = ("OSLO, May 5. The plenary session of the summit opened on Monday with the leaders "
            "of Norway, Sweden, Finland, Denmark and Iceland.\n\nNorwegian Prime Minister Erik "
            "Dahl, who chaired the meeting, said the region must invest in defence.\n\nSwedish "
            "Prime Minister Anna Berg called for more rail links.")
    ex = _extract(text, "2025-05-05")
    assert not ex.is_bilateral_meeting and ex.reason


def test_unknown_town_introduced_as_a_city():
    ex = _extract("Lima, May 17 (ANDINA). Peruvian President Rosa Quispe and her Ecuadorian "
                  "counterpart Jorge Vera held talks on Friday in the border city of Aguas "
                  "Verdes.", "2025-05-17")
    assert (ex.location.city, ex.location.country) == ("Aguas Verdes", "PER")
    assert ex.date == "2025-05-16"


def test_honourable_abbreviation_does_not_end_the_sentence():
    ex = _extract("The Prime Minister and Minister for Foreign Affairs, Hon. Tomasi Vakaloa, "
                  "on Tuesday held talks with Australia's Minister for Foreign Affairs, Rt Hon. "
                  "Claire Benson, at the Coral Coast Hotel on Natadola Bay, Nadi.", "2025-03-05",
                  url="https://www.fiji.gov.fj/x")
    assert ex.is_bilateral_meeting and ex.countries == ["AUS", "FJI"]
    assert ("Tomasi Vakaloa", "Prime Minister and Minister for Foreign Affairs", "FJI") \
        in _people(ex)
    assert ("Claire Benson", "Minister for Foreign Affairs", "AUS") in _people(ex)
    assert (ex.location.city, ex.location.country) == ("Nadi", "FJI")


def test_title_after_name_with_possessive_state_and_listed_portfolios():
    ex = _extract("Foreign Minister Anna Kask of Estonia met with Radu Ionescu, Romania's Deputy "
                  "Prime Minister and Minister of Foreign Affairs, in Tallinn on 3 June 2025.",
                  "2025-06-04")
    assert ("Radu Ionescu", "Deputy Prime Minister and Minister of Foreign Affairs", "ROU") \
        in _people(ex)
    ex = _extract("The Minister of Foreign Affairs, African Integration and Togolese Abroad of "
                  "the Togolese Republic, H.E. Kodjo Amegah, paid a courtesy call on President "
                  "Kwame Asante of Ghana in Accra on 4 May 2025.", "2025-05-05")
    assert ("Kodjo Amegah", "Minister of Foreign Affairs, African Integration and Togolese "
            "Abroad", "TGO") in _people(ex)


def test_republic_of_china_with_gloss_is_taiwan():
    ex = _extract("Guatemala City, May 2, 2025.- President Ana Morales held a telephone "
                  "conversation on Thursday with the President of the Republic of China "
                  "(Taiwan), Chen Wei-ming, on bilateral cooperation.", "2025-05-02")
    assert ex.countries == ["GTM", "TWN"] and ex.meeting_type == "phone_call"
    assert ("Chen Wei-ming", "President", "TWN") in _people(ex)


def test_agency_dateline_in_title_case_gives_the_place():
    ex = _extract("Amman, Jordan (Petra) - King Abdullah II received Lebanese Prime Minister "
                  "Karim Haddad at the palace on Sunday, 6 April 2025.", "2025-04-06")
    assert (ex.location.city, ex.location.country) == ("Amman", "JOR")
    assert ex.date == "2025-04-06"


def test_in_the_capital_is_the_hosts_capital_and_an_invited_visit_is_not_the_place():
    ex = _extract("Thailand's Deputy Prime Minister Somchai Rattana called on President Rohan "
                  "Perera at the Presidential Secretariat in the capital on Thursday (10), "
                  "during his official visit to Sri Lanka, and invited him to visit Bangkok.",
                  "2025-04-11")
    assert (ex.location.city, ex.location.country) == ("Colombo", "LKA")


def test_an_international_organisation_is_not_a_state():
    ex = _extract("BRUSSELS, June 5 (Reuters) - European Council President Marta Lindqvist met "
                  "Japanese Prime Minister Kenji Sato in Brussels on Thursday for talks on "
                  "trade and security.", "2025-06-05")
    assert not ex.is_bilateral_meeting
