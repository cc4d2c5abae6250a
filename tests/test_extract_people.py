"""Person mentions and principals: the ways reports write a titled name, offices kept
without their country, courtesy words and spouses left out, later mentions resolved. All
reports are invented."""

from __future__ import annotations

import pytest

from briefing.extract import extract
from briefing.extract.gazetteer import get_gazetteer
from briefing.extract.names import same_person
from briefing.extract.nlp import Sentence
from briefing.extract.people import sentence_mentions
from briefing.model import Article


def _mentions(text: str) -> list[tuple[str | None, str | None, str | None]]:
    gaz = get_gazetteer()
    sent = Sentence("a", 0, len(text), text)
    return [(m.name, m.office, m.country) for m in sentence_mentions(0, sent, gaz.find(text), gaz)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Kenyan President Amani Otieno met Ghanaian President Kofi Mensah.",
            [("Amani Otieno", "President", "KEN"), ("Kofi Mensah", "President", "GHA")],
        ),
        (
            "President of the Republic of Chile Rosa Fuentes received Zhao Ming, Premier of the "
            "State Council of China, at La Moneda.",
            [
                ("Rosa Fuentes", "President", "CHL"),
                ("Zhao Ming", "Premier of the State Council", "CHN"),
            ],
        ),
        (
            "Prime Minister Oliver Grant hosted the President of Finland, Mikko Laine, at "
            "Chequers.",
            [("Oliver Grant", "Prime Minister", None), ("Mikko Laine", "President", "FIN")],
        ),
        (
            "Ms. SATO Emi, Minister for Foreign Affairs of Japan, held a meeting with H.E. Mr. "
            "Carlos B. Reyes, Secretary of Foreign Affairs of the Republic of the Philippines.",
            [
                ("SATO Emi", "Minister for Foreign Affairs", "JPN"),
                ("Carlos B. Reyes", "Secretary of Foreign Affairs", "PHL"),
            ],
        ),
        (
            "Uzbek President Timur Rakhimov received the Speaker of the National Assembly of "
            "Armenia, Lilit Petrosyan.",
            [
                ("Timur Rakhimov", "President", "UZB"),
                ("Lilit Petrosyan", "Speaker of the National Assembly", "ARM"),
            ],
        ),
        (
            "Emir of Kuwait Sheikh Nawaf bin Salem Al Sabah met King Hamad III of Bahrain.",
            [("Nawaf bin Salem Al Sabah", "Emir", "KWT"), ("Hamad III", "King", "BHR")],
        ),
        (
            "Belarus's Foreign Minister Ivan Hrynko spoke with Tajik Foreign Minister Farrukh "
            "Saidov.",
            [
                ("Ivan Hrynko", "Foreign Minister", "BLR"),
                ("Farrukh Saidov", "Foreign Minister", "TJK"),
            ],
        ),
        (
            "Defense Secretary Ray Collins met Australian Defence Minister Liam Hart at the "
            "Pentagon.",
            [
                ("Ray Collins", "Secretary of Defense", "USA"),
                ("Liam Hart", "Defence Minister", "AUS"),
            ],
        ),
        (
            "Secretary of Defense Ray Collins hosted Philippine Secretary of National Defense Jose "
            "Santos Jr. at the Pentagon.",
            [
                ("Ray Collins", "Secretary of Defense", "USA"),
                ("Jose Santos Jr", "Secretary of National Defense", "PHL"),
            ],
        ),
        (
            "Ambassador of Norway to Kenya Ingrid Dahl called on Foreign Minister Ruth Wanjiru.",
            [("Ingrid Dahl", "Ambassador", "NOR"), ("Ruth Wanjiru", "Foreign Minister", None)],
        ),
    ],
)
def test_titled_names(text, expected):
    assert _mentions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # two offices of one person, and a ministry of several portfolios
        (
            "Slovak Deputy Prime Minister and Foreign Minister Juraj Novak met Minister of Foreign "
            "Affairs and Trade of Iceland Anna Jonsdottir.",
            [
                ("Juraj Novak", "Deputy Prime Minister and Foreign Minister", "SVK"),
                ("Anna Jonsdottir", "Minister of Foreign Affairs and Trade", "ISL"),
            ],
        ),
        (
            "Georgian Minister of Economy Levan Kobalia met Kyrgyz Minister of Investment, Industry "
            "and Trade Aibek Asanov.",
            [
                ("Levan Kobalia", "Minister of Economy", "GEO"),
                ("Aibek Asanov", "Minister of Investment, Industry and Trade", "KGZ"),
            ],
        ),
        # courtesy words, post-nominals, particles
        (
            "Prime Minister Datuk Seri Hassan Rahim met Egyptian President Omar al-Masri.",
            [("Hassan Rahim", "Prime Minister", None), ("Omar al-Masri", "President", "EGY")],
        ),
        (
            "Prime Minister Shri Arjun Rao spoke with the President of France, H.E. Mr. Luc "
            "Moreau, today.",
            [("Arjun Rao", "Prime Minister", None), ("Luc Moreau", "President", "FRA")],
        ),
        (
            "Vietnamese President To Van Long held talks with Lao President Khamla Vongsa.",
            [("To Van Long", "President", "VNM"), ("Khamla Vongsa", "President", "LAO")],
        ),
        (
            "Chile's Rosa Fuentes and Peruvian President Mario Quispe met in Lima; Chile's "
            "Foreign Ministry joined.",
            [("Rosa Fuentes", None, "CHL"), ("Mario Quispe", "President", "PER")],
        ),
    ],
)
def test_harder_name_and_office_forms(text, expected):
    assert _mentions(text) == expected


def test_counterpart_and_leader_forms():
    assert _mentions(
        "Ghanaian President Kofi Mensah held talks with his Nigerian "
        "counterpart, Bola Adeyemi Okafor, in Accra."
    ) == [("Kofi Mensah", "President", "GHA"), ("Bola Adeyemi Okafor", None, "NGA")]
    assert _mentions(
        "Chilean President Rosa Fuentes and visiting Paraguayan leader Luis Benitez signed accords."
    ) == [("Rosa Fuentes", "President", "CHL"), ("Luis Benitez", None, "PRY")]


def test_counterpart_without_a_possessive_takes_the_state_before_it():
    """News write "with Argentine counterpart X" as often as "his Argentine counterpart
    X"; the name may be one no list of given names knows."""
    assert _mentions(
        "Brazilian President Velmar Oskarin met in Buenos Aires with Argentine "
        "counterpart Morvath Quillan."
    ) == [("Velmar Oskarin", "President", "BRA"), ("Morvath Quillan", None, "ARG")]
    # no state right before the word: no counterpart of a state
    assert [
        m[0]
        for m in _mentions("Trade Minister Velmar Oskarin met Trade counterpart Morvath Quillan.")
    ] == ["Velmar Oskarin"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Foreign Minister Velmar Oskarin hosted Afghan Acting Foreign Minister Brennick Quillan.",
            ("Brennick Quillan", "AFG"),
        ),
        (
            "Thailand's caretaker Prime Minister Velmar Oskarin met Lao President Brennick Quillan.",
            ("Velmar Oskarin", "THA"),
        ),
        (
            "Oskarin spoke at a joint press conference with Taludi Brennick, the center-left "
            "Argentine president.",
            ("Taludi Brennick", "ARG"),
        ),
    ],
)
def test_qualifiers_and_adjectives_keep_the_state_with_its_office(text, expected):
    """A qualifier between a state and its office ("acting", "caretaker"), or an
    adjective in an apposition ("X, the center-left Argentine president") leaves the
    office that state's."""
    assert expected in [(name, country) for name, _, country in _mentions(text)]


def test_institution_words_are_no_name():
    """Words of institutions and page sections never make a personal name ("Under
    Secretary Foreign Policy, Ministry of ...")."""
    names = [
        m[0]
        for m in _mentions(
            "Under Secretary Foreign Policy, Ministry of Economy, met Ambassador Luis Mora."
        )
    ]
    assert "Foreign Policy" not in names and "Luis Mora" in names


def test_plural_office_names_both_states():
    gaz = get_gazetteer()
    text = "The Presidents of Chile and Peru held talks in Lima."
    ms = sentence_mentions(0, Sentence("a", 0, len(text), text), gaz.find(text), gaz)
    assert ms[0].plural_countries == ["CHL", "PER"]


def test_same_person():
    assert same_person("Rosa Fuentes", "Fuentes")
    assert same_person("Zhao Ming", "Zhao")
    assert same_person("Laura J. Finch", "Laura Finch")
    assert not same_person("Kofi Mensah", "Ama Mensah")


def _extract(text: str, published: str | None = "2024-05-10"):
    return extract(Article(Article.make_id(text), text, None, published))


def test_counterpart_takes_the_office_and_spouses_are_not_principals():
    ex = _extract(
        "Ghanaian President Kofi Mensah held talks with his Nigerian counterpart Bola Okafor "
        "in Accra on Friday.\n\nMensah and his wife Ama Mensah later hosted a state dinner "
        "for Okafor and his wife Funke Okafor. Spokesman Yaw Boateng called the talks "
        "productive. Mensah said Ghana values its ties with Nigeria."
    )
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Bola Okafor", "President", "NGA"),
        ("Kofi Mensah", "President", "GHA"),
    ]
    mensah = next(p for p in ex.participants if p.name == "Kofi Mensah")
    assert any(ev.text.startswith("Mensah said") for ev in mensah.evidence)


def test_missing_country_filled_from_the_other_side_and_the_story():
    ex = _extract(
        "Prime Minister Arjun Rao and Chilean President Rosa Fuentes held talks on "
        "Friday at Hyderabad House.\n\nIt is Fuentes's first trip to India as "
        "president."
    )
    assert sorted((p.name, p.country) for p in ex.participants) == [
        ("Arjun Rao", "IND"),
        ("Rosa Fuentes", "CHL"),
    ]
    assert ex.countries == ["CHL", "IND"]


def test_office_default_country_and_pair_in_headline():
    ex = _extract(
        "Secretary of State Laura Finch spoke with Mexican Foreign Minister Elena "
        "Ruiz about migration and fentanyl."
    )
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Elena Ruiz", "Foreign Minister", "MEX"),
        ("Laura Finch", "Secretary of State", "USA"),
    ]
    text = (
        "Japan-Kenya Foreign Ministers' Telephone Talk\n\nOn May 9, Ms. SATO Emi, "
        "Minister for Foreign Affairs, had a telephone talk with Dr. Ruth Wanjiru, "
        "Cabinet Secretary for Foreign Affairs. Minister Sato raised the situation in "
        "Sudan."
    )
    ex = _extract(text, "2024-05-09")
    assert ex.countries == ["JPN", "KEN"]
    assert ("SATO Emi", "JPN") in [(p.name, p.country) for p in ex.participants]


def test_leader_named_without_office_in_a_readout():
    ex = _extract(
        "Pavel Orlov held talks with President of the Republic of Angola Manuel "
        "Domingos Neto, who came to Russia on a working visit.\n\nEnergy and "
        "diamond mining were discussed."
    )
    assert ex.is_bilateral_meeting
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Manuel Domingos Neto", "President", "AGO"),
        ("Pavel Orlov", None, "RUS"),
    ]
    assert (ex.location.city, ex.location.country) == (None, "RUS")


def test_unnamed_office_holder_takes_the_name_of_the_page():
    text = (
        "PM call with President of Chile: 9 May 2024\n\n"
        "From: Prime Minister's Office, 10 Downing Street and The Rt Hon Oliver Grant "
        "KC MP\n\n"
        "The Prime Minister spoke to the President of Chile, Rosa Fuentes, this morning."
        "\n\nThe leaders discussed trade between the UK and Chile and critical minerals."
    )
    ex = _extract(text, "2024-05-09")
    assert ex.meeting_type == "phone_call"
    assert ex.countries == ["CHL", "GBR"]
    assert sorted((p.name, p.country) for p in ex.participants) == [
        ("Oliver Grant", "GBR"),
        ("Rosa Fuentes", "CHL"),
    ]


def test_plural_office_then_names_in_later_paragraphs():
    text = (
        "LIMA. The Presidents of Peru and Bolivia held talks in Lima on Friday.\n\n"
        "Greeting the guest, President Rosa Quispe called Bolivia a strategic neighbour."
        "\n\nPresident Evo Mamani thanked his Peruvian colleague and spoke in favour of "
        "a rail link to the Pacific."
    )
    ex = _extract(text, "2024-05-10")
    assert ex.is_bilateral_meeting
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Evo Mamani", "President", "BOL"),
        ("Rosa Quispe", "President", "PER"),
    ]
    assert (ex.location.city, ex.date) == ("Lima", "2024-05-10")
