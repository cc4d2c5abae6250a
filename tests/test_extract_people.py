"""Person mentions and principals: the ways reports write a titled name, offices kept
without their country, spouses and spokespeople left out, later mentions resolved."""

from __future__ import annotations

import pytest

from briefing.extract import extract
from briefing.extract.gazetteer import get_gazetteer
from briefing.extract.nlp import Sentence
from briefing.extract.people import same_person, sentence_mentions
from briefing.model import Article


def _mentions(text: str) -> list[tuple[str | None, str | None, str | None]]:
    gaz = get_gazetteer()
    sent = Sentence("a", 0, len(text), text)
    return [(m.name, m.office, m.country) for m in sentence_mentions(0, sent, gaz.find(text), gaz)]


@pytest.mark.parametrize("text, expected", [
    ("Chinese Premier Zhao Ming met Brazilian President Ana Costa.",
     [("Zhao Ming", "Premier", "CHN"), ("Ana Costa", "President", "BRA")]),
    ("President of the Republic of Azerbaijan Ilham Aliyev met with Li Qiang, Premier of the "
     "State Council of the People's Republic of China, in Beijing.",
     [("Ilham Aliyev", "President", "AZE"), ("Li Qiang", "Premier of the State Council", "CHN")]),
    ("Prime Minister Rhys Evans welcomed the President of the United States, Mark Hale, to "
     "Downing Street.",
     [("Rhys Evans", "Prime Minister", None), ("Mark Hale", "President", "USA")]),
    ("Mr. Taro Ito, Minister for Foreign Affairs, held telephone talks with the Honorable "
     "Paul J. Reed, Secretary of State of the United States of America.",
     [("Taro Ito", "Minister for Foreign Affairs", None),
      ("Paul J. Reed", "Secretary of State", "USA")]),
    ("Kazakh President Arman Seitov received a visiting Chair of the Grand National Assembly "
     "of Türkiye, Ayşe Demir, in Astana.",
     [("Arman Seitov", "President", "KAZ"),
      ("Ayşe Demir", "Chair of the Grand National Assembly", "TUR")]),
    ("Emir of Qatar Sheikh Tamim bin Khalid Al Rashid met King Faisal II of Jordan.",
     [("Tamim bin Khalid Al Rashid", "Emir", "QAT"), ("Faisal II", "King", "JOR")]),
    ("Russia's Foreign Minister Pavel Orlov spoke with Kyrgyz Foreign Minister Aibek Asanov.",
     [("Pavel Orlov", "Foreign Minister", "RUS"), ("Aibek Asanov", "Foreign Minister", "KGZ")]),
    ("Defense Secretary Tom Gray met the Japanese Defence Minister Kenta Mori at the Pentagon.",
     [("Tom Gray", "Secretary of Defense", "USA"), ("Kenta Mori", "Defence Minister", "JPN")]),
    ("Defence Secretary Ian Hope hosted German Defence Minister Jonas Weber in London.",
     [("Ian Hope", "Defence Secretary", "GBR"), ("Jonas Weber", "Defence Minister", "DEU")]),
])
def test_titled_names(text, expected):
    assert _mentions(text) == expected


def test_counterpart_and_leader_forms():
    assert _mentions("Indian Prime Minister Ravi Nair held talks with his Portuguese "
                     "counterpart, Luis Rebelo da Costa, on Friday.") == [
        ("Ravi Nair", "Prime Minister", "IND"), ("Luis Rebelo da Costa", None, "PRT")]
    assert _mentions("Argentine President Lucia Vega and visiting Uruguayan leader Jose "
                     "Pereira signed agreements.") == [
        ("Lucia Vega", "President", "ARG"), ("Jose Pereira", None, "URY")]


def test_plural_office_names_both_states():
    gaz = get_gazetteer()
    text = "Presidents of Kazakhstan and Russia held talks in Astana."
    ms = sentence_mentions(0, Sentence("a", 0, len(text), text), gaz.find(text), gaz)
    assert ms[0].plural_countries == ["KAZ", "RUS"]


def test_same_person():
    assert same_person("Ilham Aliyev", "Aliyev")
    assert same_person("Xi Jinping", "Xi")
    assert same_person("Paul J. Reed", "Paul Reed")
    assert not same_person("Recep Tayyip Erdogan", "Emine Erdogan")


def _extract(text: str, published: str | None = "2024-05-10"):
    return extract(Article(Article.make_id(text), text, None, published))


def test_counterpart_takes_the_office_and_principals_only():
    ex = _extract(
        "Chinese President Zhao Ming held talks with his Brazilian counterpart Ana Costa in "
        "Beijing on Friday.\n\nZhao Ming and his wife Madame Liu Fang hosted a banquet for "
        "Costa and her husband Pedro Alves. Spokesperson Wei Lan said the talks were "
        "fruitful. Zhao said China values its ties with Brazil.")
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Ana Costa", "President", "BRA"), ("Zhao Ming", "President", "CHN")]
    zhao = next(p for p in ex.participants if p.name == "Zhao Ming")
    assert any(ev.text.startswith("Zhao said") for ev in zhao.evidence)


def test_missing_country_filled_from_the_other_side_and_story():
    ex = _extract("Prime Minister Ravi Nair and Portuguese President Luis Costa held "
                  "talks on Friday at Hyderabad House in New Delhi.\n\nThis is Costa's "
                  "first visit to India.")
    assert sorted((p.name, p.country) for p in ex.participants) == [
        ("Luis Costa", "PRT"), ("Ravi Nair", "IND")]
    assert ex.countries == ["IND", "PRT"]


def test_office_default_country_and_pair_in_headline():
    ex = _extract("Secretary of State Paul Reed spoke yesterday with French Foreign Minister "
                  "Claire Martin. They discussed Ukraine and Iran.")
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Claire Martin", "Foreign Minister", "FRA"), ("Paul Reed", "Secretary of State", "USA")]
    text = ("Japan-U.S. Foreign Ministers' Telephone Talk\n\nOn May 2, Mr. Taro Ito, Minister "
            "for Foreign Affairs, held telephone talks with Mr. Paul Reed, Secretary of State "
            "of the United States. Minister Ito welcomed talks between Israel and Palestine, "
            "and Israel thanked Japan.")
    ex = _extract(text, "2013-05-02")
    assert ex.countries == ["JPN", "USA"]
    assert ("Taro Ito", "JPN") in [(p.name, p.country) for p in ex.participants]


def test_leader_named_without_office_in_a_readout():
    ex = _extract("Vladimir Sokolov held talks with President of the United Arab Emirates "
                  "Mohammed bin Khalid Al Nahyan, who arrived in Russia on a working visit."
                  "\n\nThe Joint Statement and the Middle Corridor were discussed.")
    assert ex.is_bilateral_meeting
    assert sorted((p.name, p.title, p.country) for p in ex.participants) == [
        ("Mohammed bin Khalid Al Nahyan", "President", "ARE"), ("Vladimir Sokolov", None, "RUS")]
    assert (ex.location.city, ex.location.country) == (None, "RUS")


def test_honorifics_are_not_part_of_names():
    assert _mentions("Prime Minister Shri Ravi Nair spoke with the President of France, "
                     "H.E. Mr. Luc Moreau, today.") == [
        ("Ravi Nair", "Prime Minister", None), ("Luc Moreau", "President", "FRA")]
