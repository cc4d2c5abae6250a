"""Sides weighed over the whole page: the typical misses of a lead-paragraph extractor
(issue 12), each on an invented report."""

from __future__ import annotations

import pytest

from briefing.extract import analyse, extract, extract_meetings
from briefing.extract.gazetteer import get_gazetteer
from briefing.extract.language import detect
from briefing.extract.registry import Registry
from briefing.model import Article


def _article(
    text: str, title: str | None = None, published: str | None = "2024-03-05", **kw: str
) -> Article:
    return Article(
        Article.make_id(text), text, title, published, kw.get("publisher"), kw.get("url")
    )


def _people(ex) -> set[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return {(p.name, p.title, p.country) for p in ex.participants}


def test_a_state_written_in_the_headline_resolves_the_name_alone_in_the_story() -> None:
    ex = extract(
        _article(
            "Mirza Karimov held talks on Tuesday with Kemal Aydin on trade and the transit "
            "corridor across the Caspian.\n\nKarimov and Aydin agreed to raise trade.",
            title="Uzbek President Mirza Karimov meets President Kemal Aydin of Turkey",
        )
    )
    assert ex.is_bilateral_meeting
    assert ex.countries == ["TUR", "UZB"]
    assert {(n, c) for n, _, c in _people(ex)} == {("Mirza Karimov", "UZB"), ("Kemal Aydin", "TUR")}


def test_office_holders_named_bare_resolve_through_the_registry() -> None:
    ex = extract(
        _article(
            "Sunak hosts Ramaphosa at No 10\n\nSunak welcomed Ramaphosa to Downing Street on "
            "Tuesday for talks on trade and critical minerals.",
            published="2023-11-21",
        )
    )
    assert ex.is_bilateral_meeting
    assert ex.countries == ["GBR", "ZAF"]
    assert {(n, t, c) for n, t, c in _people(ex)} == {
        ("Sunak", "Prime Minister", "GBR"),
        ("Ramaphosa", "President", "ZAF"),
    }
    assert (ex.location.city, ex.location.country) == ("London", "GBR")


def test_the_registry_answers_for_the_day_of_the_report() -> None:
    # the same surname-free office holder a year apart: Truss then Sunak as prime minister
    assert Registry().resolve("Sunak", None).state == "GBR"  # type: ignore[union-attr]
    ex = extract(
        _article(
            "Rishi Sunak met Emmanuel Macron in Paris on Friday to discuss migration.",
            published="2023-03-10",
        )
    )
    assert _people(ex) == {
        ("Rishi Sunak", "Prime Minister", "GBR"),
        ("Emmanuel Macron", "President", "FRA"),
    }


def test_an_agencys_own_state_only_in_the_dateline_is_a_side() -> None:
    ex = extract(
        _article(
            "TASHKENT, March 4 (UzA) -- Foreign Minister Rustam Nazarov held talks with the "
            "visiting Foreign Minister of Latvia, Ilze Berzina, on Monday.\n\nThe ministers "
            "discussed transit through the Baltic ports.",
        )
    )
    assert ex.is_bilateral_meeting
    assert ex.countries == ["LVA", "UZB"]
    assert ("Rustam Nazarov", "Foreign Minister", "UZB") in _people(ex)


def test_a_caption_and_a_navigation_strip_before_the_story_do_not_lead() -> None:
    ex = extract(
        _article(
            "Home | World | Asia | Video\n\nPhoto: Prime Minister Sara Lind (L) and President "
            "Pablo Ortiz pose for a photo at the ceremony.\n\nSwedish Prime Minister Sara Lind "
            "held talks with Chilean President Pablo Ortiz in Stockholm on Monday on copper, "
            "green steel and Antarctic research.",
        )
    )
    assert ex.is_bilateral_meeting and ex.countries == ["CHL", "SWE"]
    assert (ex.location.city, ex.location.country) == ("Stockholm", "SWE")
    assert all("pose for a photo" not in e.text for p in ex.participants for e in p.evidence)


def test_the_two_leaders_after_a_headline_naming_both_states() -> None:
    ex = extract(
        _article(
            "The two leaders reviewed progress on the cross-border railway during talks in "
            "Dushanbe on Friday and agreed to expand electricity trade.",
            title="Tajikistan and Kyrgyzstan pledge closer rail links",
        )
    )
    assert ex.is_bilateral_meeting
    assert ex.countries == ["KGZ", "TJK"]


def test_several_meetings_in_one_report_headline_first() -> None:
    text = (
        "BUDAPEST, May 5. Hungarian Foreign Minister Peter Szabo held talks with his Austrian "
        "counterpart Anna Gruber in Budapest on Monday, discussing energy security.\n\n"
        "On the sidelines of the conference, Szabo also met his counterparts from Serbia and "
        "Slovakia, discussing the gas pipeline.\n\nSeparately, he received the Croatian "
        "Foreign Minister Ivo Horvat, who briefed him on tourism cooperation.\n\n"
        "In 2019, Szabo had held talks with the then Polish foreign minister in Warsaw."
    )
    meetings = extract_meetings(_article(text, published="2025-05-05"))
    assert [m.countries for m in meetings] == [
        ["AUT", "HUN"],
        ["HUN", "SRB"],
        ["HUN", "SVK"],
        ["HRV", "HUN"],
    ]
    croatia = meetings[3]
    assert ("Ivo Horvat", "Foreign Minister", "HRV") in _people(croatia)
    assert [t.topic for t in croatia.topics] == ["tourism_visa"]
    assert "tourism_visa" not in [t.topic for t in meetings[0].topics]


def test_a_report_not_in_english_says_so() -> None:
    text = (
        "Le président de la République a reçu mardi le ministre des Affaires étrangères du "
        "Japon pour des entretiens sur le commerce et la sécurité dans la région."
    )
    ex = extract(_article(text))
    assert not ex.is_bilateral_meeting and ex.reason == "not in English (fr)"
    assert detect("Президент России провел переговоры с президентом Казахстана") == "ru"
    assert detect("President Aliyev met the Premier of China in Beijing on Tuesday.") == "en"


def test_registry_extended_by_the_config_and_learned_from_the_archive(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A person the shipped registry does not know resolves through a [[registry]] table,
    and one the archive has seen with his state resolves in a later build."""
    from briefing.archive import Archive
    from briefing.config import load_config
    from briefing.knowledge import knowledge_of, sightings

    cfg_file = tmp_path / "briefing.toml"
    cfg_file.write_text(
        '[[registry]]\nname = "Oskar Venn"\nstate = "ISL"\noffice = "Prime Minister"\n'
        'from = 2024-01-01\naliases = ["Venn"]\n',
        encoding="utf-8",
    )
    config = load_config(cfg_file)
    text = "Venn held talks with Ana Lopes on fisheries in Reykjavik on Monday."
    lopes = "Portuguese Prime Minister Ana Lopes met Icelandic Prime Minister Oskar Venn on Monday."
    first = analyse(_article(text), knowledge_of(config).registry())
    assert first is not None
    assert {e.name: e.state for e in first.people.entities} == {"Venn": "ISL", "Ana Lopes": None}
    assert not extract(_article(text), knowledge_of(config).registry()).is_bilateral_meeting
    with Archive(tmp_path / "a.sqlite") as archive:
        archive.learn_holders(sightings([extract(_article(lopes))]))
        later = extract(_article(text), knowledge_of(config, archive).registry())
    assert ("Ana Lopes", "Prime Minister", "PRT") in _people(later)
    assert later.countries == ["ISL", "PRT"]


def test_a_bad_registry_table_is_one_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from briefing.config import load_config
    from briefing.errors import ConfigError

    cfg_file = tmp_path / "briefing.toml"
    cfg_file.write_text(
        '[[registry]]\nname = "X Y"\nstate = "XXX"\noffice = "King"\nfrom = 2020-01-01\n'
    )
    with pytest.raises(ConfigError, match=r"\[\[registry\]\] entry 1 \(X Y\): state 'XXX'"):
        load_config(cfg_file)


@pytest.mark.parametrize("written", ["Guinea-Bissau", "Guinea Bissau"])
def test_a_hyphenated_state_matches_written_with_a_space(written):
    """ "Guinea Bissau" is Guinea-Bissau, not Guinea and a city named Bissau."""
    hits = get_gazetteer().find(f"An envoy from {written} arrived in Malabo.")
    states = [(h.kind, h.key) for h in hits if h.kind != "title"]
    assert states == [("country", "GNB"), ("town", "GNQ")]


def test_an_office_title_s_usual_state_yields_to_what_is_known_of_the_person():
    """ "Foreign Secretary" is usually Britain's, but India has one too: a person the
    registry knows as Indian (in a later office) stays Indian."""
    reg = Registry()
    reg.extend(
        [
            {
                "name": "Ravindra Menon",
                "state": "IND",
                "office": "External Affairs Minister",
                "from": "2020-01-01",
            }
        ]
    )
    text = (
        "Foreign Secretary Ravindra Menon held talks with Bangladeshi Prime Minister "
        "Nasrin Karim in Dhaka on Monday.\n\n"
        "Menon, who arrived in Dhaka on Sunday, said India would sign two trade "
        "agreements with Bangladesh soon."
    )
    ex = extract(_article(text, published="2016-03-07"), reg)
    assert ex.countries == ["BGD", "IND"]
    assert ("Ravindra Menon", "IND") in {(p.name, p.country) for p in ex.participants}


def test_another_language_s_name_for_a_city_is_no_place_as_a_given_name():
    """GeoNames lists "Amani" among the names of Amman; in "Amani Otieno" it is a given
    name, and a third state there would make the meeting look multilateral."""
    text = (
        "The foreign ministers of Kenya and Ghana, Amani Otieno and Kofi Mensah, met in "
        "Accra on Monday.\n\nThe two sides discussed trade and security.\n"
    )
    ex = extract(_article(text))
    assert ex.is_bilateral_meeting and ex.countries == ["GHA", "KEN"]
    assert [h.key for h in get_gazetteer().find("talks in Amani on Monday")] == ["JOR"]


def test_a_national_agency_s_state_is_the_page_s_own_side():
    """A repost of a national agency ("Gulf Daily (SPA)") leaves the agency's own
    minister's state unwritten; the agency names it, as a ministry's site would."""
    text = (
        "Foreign Minister Velmar Oskarin held talks in Lima on Tuesday with Peruvian "
        "Foreign Minister Brennick Morvath.\n\n"
        "The two ministers discussed fisheries and mining.\n"
    )
    ex = extract(_article(text, publisher="Gulf Daily (SPA)"))
    assert ex.is_bilateral_meeting and ex.countries == ["PER", "SAU"]
    # an abbreviation counts in capitals only, and a site by its host
    from briefing.extract.countries import page_states

    assert page_states("Spa and Wellness Weekly", None, get_gazetteer()) == []
    assert page_states(None, "https://www.aa.com.tr/en/x", get_gazetteer()) == ["TUR"]


def test_a_national_agency_credited_in_the_dateline_names_the_page_s_own_side():
    text = (
        "NEW YORK, Sept. 20 (Xinhua) -- Foreign Minister Velmar Oskarin met Peruvian "
        "Foreign Minister Brennick Morvath on the sidelines of the UN General Assembly on "
        "Friday.\n\nThe two ministers discussed trade and fisheries.\n"
    )
    ex = extract(_article(text, published="2024-09-21"))
    assert ex.is_bilateral_meeting and ex.countries == ["CHN", "PER"]


def test_a_headline_of_two_known_leaders_over_the_two_leaders():
    """The headline names the sides only through their leaders; the story speaks of "the
    two leaders": the sides are the leaders' states."""
    text = "The two leaders discussed trade, investment and security on Tuesday.\n"
    ex = extract(_article(text, title="Sunak hosts Ramaphosa at No 10", published="2023-11-21"))
    assert ex.is_bilateral_meeting and ex.countries == ["GBR", "ZAF"]
    assert ex.location is not None and ex.location.city == "London"
