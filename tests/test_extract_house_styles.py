"""Core fields on house styles and phrasings the first rules missed: a title after the
name in a chain ("X, Crown Prince and Prime Minister,"), joined portfolios, abbreviated
given names, "[India]" datelines with "yesterday", "in the <demonym> capital", meetings
on the sidelines of an event, documents' dates, offices written only as "the two
presidents", the page's own state, and hoped-for signings. All reports are invented."""

from __future__ import annotations

from briefing.extract import extract
from briefing.model import Article


def _extract(
    text: str, published: str | None = None, publisher: str | None = None, url: str | None = None
):
    return extract(Article(Article.make_id(text), text, None, published, publisher, url))


def _people(ex) -> set[tuple[str, str | None, str | None]]:
    return {(p.name, p.title, p.country) for p in ex.participants}


def test_title_chain_after_the_name_with_honorifics():
    ex = _extract(
        "Doha, March 3, 2025, QNA -- His Highness Sheikh Hamad bin Khalid Al Thani, "
        "Emir and Commander-in-Chief, received a phone call today from Prime "
        "Minister of the Portuguese Republic Rui Cardoso.",
        "2025-03-03",
    )
    assert ex.is_bilateral_meeting and ex.meeting_type == "phone_call"
    assert ("Rui Cardoso", "Prime Minister", "PRT") in _people(ex)
    assert any(p.name == "Hamad bin Khalid Al Thani" for p in ex.participants)


def test_crown_prince_and_prime_minister_chain():
    ex = _extract(
        "RIYADH, May 2, 2025, SPA -- His Royal Highness Prince Faisal bin Saud Al "
        "Fahd, Crown Prince and Prime Minister, received a phone call today from "
        "Prime Minister of the Hellenic Republic Nikos Andreou.",
        "2025-05-02",
    )
    assert ("Faisal bin Saud Al Fahd", "Crown Prince and Prime Minister", "SAU") in _people(ex)
    assert ex.countries == ["GRC", "SAU"] and ex.date == "2025-05-02"


def test_joined_portfolio_and_prime_cabinet_secretary():
    ex = _extract(
        "On May 3, 2025, Foreign Minister Li Wen held talks in Beijing with Prime "
        "Cabinet Secretary and Cabinet Secretary for Foreign and Diaspora Affairs "
        "of Kenya Peter Wanjala.",
        "2025-05-04",
    )
    assert ex.is_bilateral_meeting and ex.countries == ["CHN", "KEN"]
    assert (
        "Peter Wanjala",
        "Prime Cabinet Secretary and Cabinet Secretary for Foreign and Diaspora Affairs",
        "KEN",
    ) in _people(ex)


def test_abbreviated_given_name_and_adviser_office():
    ex = _extract(
        "DHAKA, May 10 (APP): Foreign Minister Senator Imran Qadir on Saturday held "
        "talks with Bangladesh's Adviser for Foreign Affairs Md. Rafiq Alam. The "
        "Pakistani minister arrived on Friday.",
        "2025-05-10",
    )
    assert ("Md. Rafiq Alam", "Adviser for Foreign Affairs", "BGD") in _people(ex)
    assert ex.countries == ["BGD", "PAK"] and ex.location.city == "Dhaka"


def test_bracketed_dateline_and_yesterday():
    ex = _extract(
        "New Delhi [India], June 5 (ANI): Defence Minister Arjun Mehta held a "
        "virtual meeting with his Japanese counterpart Kenji Sato yesterday.",
        "2025-06-05",
    )
    assert ex.meeting_type == "video_call" and ex.date == "2025-06-04"
    assert ex.location.city is None


def test_weekday_of_the_day_before_the_dateline():
    ex = _extract(
        "SEOUL, June 10 (Yonhap) -- President Park Min-jun held phone talks with "
        "Canadian Prime Minister Anne Leroux on Monday.",
        "2025-06-10",
    )
    assert ex.date == "2025-06-09"


def test_demonym_capital_and_sidelines_of_an_event():
    ex = _extract(
        "KYODO NEWS - Jul 11, 2025\n\nKUALA LUMPUR - Japanese Foreign Minister "
        "Aiko Tanaka and her Indian counterpart Vikram Rao met Friday on the "
        "sidelines of a regional forum in the Malaysian capital.",
        "2025-07-11",
    )
    assert (ex.location.city, ex.location.country) == ("Kuala Lumpur", "MYS")
    ex = _extract(
        "BISHKEK, June 3 (Kabar) -- Armenian Prime Minister Aram Petrosyan met "
        "Georgian Prime Minister Levan Beridze on the sidelines of the summit.",
        "2025-06-03",
    )
    assert (ex.location.city, ex.location.country) == ("Bishkek", "KGZ")


def test_a_documents_date_is_not_the_meeting_date():
    text = (
        "June 13, 2025, 13:00\n\nPavel Orlov had a telephone conversation with President "
        "of Iraq Salim Karim.\n\nThe presidents noted the Treaty on Strategic Partnership "
        "signed on January 17, 2025."
    )
    ex = _extract(text, "2025-06-13", "President of Russia")
    # neither the treaty's date nor the page's bare time stamp (spec/annotation.md: a
    # page timestamp is no statement of when the call took place)
    assert ex.date is None
    assert ("Pavel Orlov", "President", "RUS") in _people(ex)


def test_the_pages_own_state_fills_the_missing_side():
    text = (
        "Head of State Arman Seitkali had a telephone conversation with President of "
        "Mongolia Batbayar Ganbold. The leaders discussed transit."
    )
    ex = _extract(text, "2025-05-06", "Akorda", "https://www.akorda.kz/en/news/1")
    assert ex.countries == ["KAZ", "MNG"]
    ex = _extract(text, "2025-05-06", "Some Portal", "https://news.example.io/1")
    assert not ex.is_bilateral_meeting


def test_a_hoped_for_signing_is_not_a_meeting():
    ex = _extract(
        "Jakarta (ANTARA) - Trade Minister Rudi Hartono will visit Santiago next "
        "week to meet Chile's Minister of Foreign Trade. \"We hope the agreement can "
        'be signed by the two ministers," Hartono said on Tuesday.',
        "2025-08-05",
    )
    assert not ex.is_bilateral_meeting and ex.reason


def test_ethiopian_readout_with_held_discussions_and_related_news():
    text = (
        "Addis Ababa, April 2, 2025 (ENA) - Prime Minister Daniel Bekele held discussions "
        "with President of the Republic of Djibouti Omar Farah today at the National "
        "Palace.\n\nRELATED NEWS\nPM receives Kenyan President in Addis Ababa"
    )
    ex = _extract(text, "2025-04-02")
    assert ex.is_bilateral_meeting and ex.countries == ["DJI", "ETH"]
    assert (ex.location.city, ex.location.country) == ("Addis Ababa", "ETH")
    assert ("Daniel Bekele", "Prime Minister", "ETH") in _people(ex)


def test_capital_honorific_and_amir_as_written():
    ex = _extract(
        "Doha: His Highness the Amir Sheikh Khalid bin Saad Al-Thani received a phone "
        "call today from President of the Republic of Chile HE Dr. Ana Morales.",
        "2025-06-22",
    )
    assert ("Ana Morales", "President", "CHL") in _people(ex)
    assert any(p.title == "Amir" for p in ex.participants)
    ex = _extract(
        "BEIJING, May 2 (Xinhua) -- Chinese Vice Premier He Lin met with Brazilian "
        "Finance Minister Paulo Reis.",
        "2025-05-02",
    )
    assert ("He Lin", "Vice Premier", "CHN") in _people(ex)


def test_summit_plenary_opening_is_not_bilateral():
    text = (
        "OSLO, May 5. The plenary session of the summit opened on Monday with the leaders "
        "of Norway, Sweden, Finland, Denmark and Iceland.\n\nNorwegian Prime Minister Erik "
        "Dahl, who chaired the meeting, said the region must invest in defence.\n\nSwedish "
        "Prime Minister Anna Berg called for more rail links."
    )
    ex = _extract(text, "2025-05-05")
    assert not ex.is_bilateral_meeting and ex.reason


def test_unknown_town_introduced_as_a_city():
    ex = _extract(
        "Lima, May 17 (ANDINA). Peruvian President Rosa Quispe and her Ecuadorian "
        "counterpart Jorge Vera held talks on Friday in the border city of Aguas "
        "Verdes.",
        "2025-05-17",
    )
    assert (ex.location.city, ex.location.country) == ("Aguas Verdes", "PER")
    assert ex.date == "2025-05-16"


def test_honourable_abbreviation_does_not_end_the_sentence():
    ex = _extract(
        "The Prime Minister and Minister for Foreign Affairs, Hon. Tomasi Vakaloa, "
        "on Tuesday held talks with Australia's Minister for Foreign Affairs, Rt Hon. "
        "Claire Benson, at the Coral Coast Hotel on Natadola Bay, Nadi.",
        "2025-03-05",
        url="https://www.fiji.gov.fj/x",
    )
    assert ex.is_bilateral_meeting and ex.countries == ["AUS", "FJI"]
    assert ("Tomasi Vakaloa", "Prime Minister and Minister for Foreign Affairs", "FJI") in _people(
        ex
    )
    assert ("Claire Benson", "Minister for Foreign Affairs", "AUS") in _people(ex)
    assert (ex.location.city, ex.location.country) == ("Nadi", "FJI")


def test_title_after_name_with_possessive_state_and_listed_portfolios():
    ex = _extract(
        "Foreign Minister Anna Kask of Estonia met with Radu Ionescu, Romania's Deputy "
        "Prime Minister and Minister of Foreign Affairs, in Tallinn on 3 June 2025.",
        "2025-06-04",
    )
    assert (
        "Radu Ionescu",
        "Deputy Prime Minister and Minister of Foreign Affairs",
        "ROU",
    ) in _people(ex)
    ex = _extract(
        "The Minister of Foreign Affairs, African Integration and Togolese Abroad of "
        "the Togolese Republic, H.E. Kodjo Amegah, paid a courtesy call on President "
        "Kwame Asante of Ghana in Accra on 4 May 2025.",
        "2025-05-05",
    )
    assert (
        "Kodjo Amegah",
        "Minister of Foreign Affairs, African Integration and Togolese Abroad",
        "TGO",
    ) in _people(ex)


def test_republic_of_china_with_gloss_is_taiwan():
    ex = _extract(
        "Guatemala City, May 2, 2025.- President Ana Morales held a telephone "
        "conversation on Thursday with the President of the Republic of China "
        "(Taiwan), Chen Wei-ming, on bilateral cooperation.",
        "2025-05-02",
    )
    assert ex.countries == ["GTM", "TWN"] and ex.meeting_type == "phone_call"
    assert ("Chen Wei-ming", "President", "TWN") in _people(ex)


def test_agency_dateline_in_title_case_gives_the_place():
    ex = _extract(
        "Amman, Jordan (Petra) - King Abdullah II received Lebanese Prime Minister "
        "Karim Haddad at the palace on Sunday, 6 April 2025.",
        "2025-04-06",
    )
    assert (ex.location.city, ex.location.country) == ("Amman", "JOR")
    assert ex.date == "2025-04-06"


def test_in_the_capital_is_the_hosts_capital_and_an_invited_visit_is_not_the_place():
    ex = _extract(
        "Thailand's Deputy Prime Minister Somchai Rattana called on President Rohan "
        "Perera at the Presidential Secretariat in the capital on Thursday (10), "
        "during his official visit to Sri Lanka, and invited him to visit Bangkok.",
        "2025-04-11",
    )
    assert (ex.location.city, ex.location.country) == ("Colombo", "LKA")


def test_an_international_organisation_is_not_a_state():
    ex = _extract(
        "BRUSSELS, June 5 (Reuters) - European Council President Marta Lindqvist met "
        "Japanese Prime Minister Kenji Sato in Brussels on Thursday for talks on "
        "trade and security.",
        "2025-06-05",
    )
    assert not ex.is_bilateral_meeting


def test_kremlin_date_line_under_the_title_and_opening_remarks_transcript():
    ex = _extract(
        "Talks with President of the Republic of Zambia Joseph Mwale\n"
        "March 4, 2025, 14:00\nThe Kremlin, Moscow\n\n"
        "Vladimir Putin held talks with President of the Republic of Zambia Joseph "
        "Mwale, who is in Russia on an official visit.\n\n* * *\n\n"
        "President of Russia Vladimir Putin: Mr President, colleagues,\n\n"
        "I am glad to see you in Moscow.\n\n"
        "Our trade grew by 25 percent last year, and we see good prospects in "
        "agriculture and fertiliser supplies.\n\n"
        "President of Zambia Joseph Mwale (retranslated): Thank you, Mr President.",
        "2025-03-05",
        "President of Russia",
        "http://en.kremlin.ru/events/1",
    )
    assert ex.is_bilateral_meeting and ex.date == "2025-03-04"
    assert ex.countries == ["RUS", "ZMB"] and ex.location.city == "Moscow"
    assert "agriculture" in {t.topic for t in ex.topics}
    assert any(f.change_pct == 25 and f.period == "2024" for f in ex.figures)


def test_attending_a_council_of_heads_of_state_is_not_bilateral():
    ex = _extract(
        "BISHKEK, Oct. 10 (Xinhua) -- Chinese Premier Li Qiang on Thursday attended "
        "the Meeting of the Council of Heads of Government of the member states in "
        "Bishkek, the capital of Kyrgyzstan, and delivered a speech.\n\n"
        "Kyrgyz Prime Minister Adylbek Kasymaliev chaired the meeting.",
        "2025-10-10",
    )
    assert not ex.is_bilateral_meeting


def test_spokesperson_on_a_possible_call_is_not_a_meeting():
    ex = _extract(
        "MOSCOW, April 8. /TASS/. There are no concrete plans yet for a possible "
        "telephone conversation between Russian President Vladimir Putin and French "
        "President Emmanuel Macron, Kremlin Spokesman Dmitry Peskov told reporters."
        "\n\nEarlier, the two leaders spoke by phone in July.",
        "2025-04-08",
    )
    assert not ex.is_bilateral_meeting
    assert "possible" in (ex.reason or "")


def test_official_page_gives_its_own_leader_over_the_venue_state():
    ex = _extract(
        "Prime Minister Shri Narendra Modi met the Prime Minister of Norway, "
        "H.E. Mr. Jonas Gahr Store on the sidelines of the G7 Summit in Kananaskis, "
        "Canada today.\n\nThe leaders discussed trade and investment and green "
        "shipping.",
        "2025-06-17",
        "Ministry of External Affairs",
        "https://mea.gov.in/x",
    )
    assert ex.countries == ["IND", "NOR"]
    assert ("Narendra Modi", "Prime Minister", "IND") in _people(ex)
    assert ex.location.country == "CAN"


def test_vice_minister_is_kept_as_written_and_deputy_ministers_continue_the_story():
    ex = _extract(
        "TOKYO, May 12. Vice Minister for Foreign Affairs of Japan Taro Sugimura "
        "held consultations with Deputy Foreign Minister of Brazil Paulo Mendes in "
        "Tokyo on Monday.\n\nThe deputy ministers exchanged views on cooperation "
        "within the United Nations and the G20.",
        "2025-05-12",
    )
    assert ("Taro Sugimura", "Vice Minister for Foreign Affairs", "JPN") in _people(ex)
    assert "multilateral" in {t.topic for t in ex.topics}


def test_a_submarine_power_cable_is_not_defence():
    ex = _extract(
        "Baku, June 3, AZERTAC\n\nPresident Ilham Aliyev met with Prime Minister of "
        "Romania Ion Vasile. The sides discussed the Black Sea submarine cable "
        "project for electricity exports to Europe.",
        "2025-06-03",
    )
    topics = {t.topic for t in ex.topics}
    assert "energy" in topics and "security_defense" not in topics


def test_a_leaders_own_site_gives_the_office_its_readouts_leave_out():
    ex = _extract(
        "Meeting with Prime Minister of Thailand Somchai Rattana\nMay 9, 2025\n"
        "Vladivostok\n\nOn the sidelines of the Eastern Economic Forum, Vladimir "
        "Putin met with Prime Minister of Thailand Somchai Rattana.\n\nThe talks "
        "focused on tourism and rice exports.",
        "2025-05-09",
        "President of Russia",
        "http://en.kremlin.ru/events/2",
    )
    assert ("Vladimir Putin", "President", "RUS") in _people(ex)
    assert ex.location.city == "Vladivostok"


def test_agency_dateline_fills_the_side_the_story_leaves_unwritten():
    ex = _extract(
        "Baku, June 3, AZERTAC\n\nPresident Ilham Aliyev met with Prime Minister of "
        "Romania Ion Vasile.",
        "2025-06-03",
    )
    assert ex.is_bilateral_meeting and ex.countries == ["AZE", "ROU"]


def test_trilateral_opening_then_what_the_three_leaders_discussed():
    ex = _extract(
        "Tbilisi, May 3, AZERTAC\n\nA trilateral meeting of the leaders of Azerbaijan, "
        "Türkiye and Georgia was held in Tbilisi. President Ilham Aliyev, President "
        "Recep Tayyip Erdogan and Prime Minister Irakli Kobakhidze discussed regional "
        "connectivity.",
        "2025-05-03",
    )
    assert not ex.is_bilateral_meeting


def test_ready_to_meet_said_in_an_interview_is_not_a_meeting():
    ex = _extract(
        "KYIV, March 3 (Reuters) - Moldovan President Ana Ciobanu said in an interview "
        "with Reuters on Monday that she was ready to meet Romanian President Mihai "
        "Popescu to discuss energy links.",
        "2025-03-03",
    )
    assert not ex.is_bilateral_meeting


def test_ambassador_to_the_host_state_represents_the_sending_state():
    ex = _extract(
        "BAKU, Azerbaijan, Dec. 5. Azerbaijan's Minister of Energy Anar Guliyev met "
        "with Hungarian Ambassador to Azerbaijan Zoltan Kereszturi, Trend reports.",
        "2024-12-05",
        "Trend",
    )
    assert ("Zoltan Kereszturi", "Ambassador", "HUN") in _people(ex)
    assert ex.countries == ["AZE", "HUN"]


def test_talks_in_the_demonym_capital_take_that_capital():
    """ "held talks ... in the Kenyan capital" names the place as "in Nairobi" would."""
    text = (
        "Kenyan President Amani Otieno held talks with Ghanaian President Kofi Mensah in "
        "the Kenyan capital on Monday.\n\nThe two sides discussed trade and energy.\n"
    )
    ex = extract(Article(Article.make_id(text), text, None, "2024-05-15"))
    assert ex.location is not None and (ex.location.city, ex.location.country) == (
        "Nairobi",
        "KEN",
    )


def test_an_office_only_one_state_has_names_that_state():
    """ "External Affairs Minister" is India's title; the state goes unwritten in Indian
    reports ("External Affairs Minister S. Raghavan met ...")."""
    text = (
        "External Affairs Minister S. Raghavan met Sri Lankan Foreign Minister Ravi Perera "
        "in Colombo on Monday.\n\nThe two sides discussed trade and energy.\n"
    )
    ex = extract(Article(Article.make_id(text), text, None, "2024-05-15"))
    assert ex.countries == ["IND", "LKA"]
