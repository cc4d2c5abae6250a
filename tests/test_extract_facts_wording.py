"""Fact fields in the wordings of other outlets: growth told as a multiple, settlements in
named currencies, look-alike cues, counted sets and arrangements, documents sharing one
sentence, levels written the Russian way, anniversaries and levels held before. The
sentences are invented; ``tests/corpus/k*.json`` are the reports these rules were
measured on, and their fact scores are checked at the end."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from briefing.evaluate import evaluate
from briefing.extract.agreements import extract_agreements
from briefing.extract.figures import extract_figures
from briefing.extract.nlp import Sentence, split_sentences
from briefing.extract.relationship import extract_relationship
from briefing.extract.topics import extract_topics

ANCHOR = datetime.date(2024, 9, 10)
CORPUS = Path(__file__).resolve().parent / "corpus"


def sentences(text: str) -> list[Sentence]:
    return split_sentences("t1", text, [(0, len(text))])


def figures(text: str) -> list[tuple]:
    return [(f.metric, f.value_usd, f.change_pct, f.period, f.approximate)
            for f in extract_figures(sentences(text), ANCHOR, ["GEO", "TUR"])]


def topics(text: str) -> set[str]:
    return {h.topic for h in extract_topics(sentences(text))}


def agreements(text: str) -> list[tuple]:
    return [(a.name, a.status, a.date) for a in extract_agreements(sentences(text), ANCHOR)]


def relationship(text: str) -> tuple:
    r = extract_relationship(sentences(text), ANCHOR)
    return r.level, r.previous_level, r.since


@pytest.mark.parametrize("text, expected", [
    ("Mutual trade doubled to $820 million last year.",
     [("trade_turnover", 8.2e8, 100.0, "2023", False)]),
    ("Exports to Turkey showed a threefold increase in January-June.",
     [("exports", None, 200.0, "2024-01/2024-06", False)]),
    ("Trade turnover more than tripled in 2022.",
     [("trade_turnover", None, 200.0, "2022", True)]),
    ("Bilateral trade grew 1.5 times in the first quarter.",
     [("trade_turnover", None, 50.0, "2024-01/2024-03", False)]),
    ("Imports from Georgia fell twofold to $90 million last year.",
     [("imports", 9e7, -50.0, "2023", False)]),
])
def test_growth_told_as_a_multiple(text: str, expected: list[tuple]) -> None:
    assert figures(text) == expected


def test_a_period_written_after_both_figures_is_shared() -> None:
    text = ("Exports to Georgia rose by 11 percent, while imports from Georgia amounted to "
            "$60 million in January-May.")
    assert figures(text) == [("exports", None, 11.0, "2024-01/2024-05", False),
                             ("imports", 6e7, None, "2024-01/2024-05", False)]


def test_a_year_after_since_starts_a_stock_and_is_no_period() -> None:
    assert figures("Turkish investments in Georgia have exceeded $2 billion since 2005.") == [
        ("investment", 2e9, None, None, True)]


@pytest.mark.parametrize("text", [
    "The sides aim to double trade to $2 billion by 2030.",
    "The ministers met three times last year to discuss trade.",
    "The delegations doubled their efforts on trade facilitation.",
])
def test_multiples_that_are_not_figures(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize("text, topic, present", [
    ("Nearly all settlements are made in rubles and yuan.", "finance", True),
    ("Payments in national currencies keep growing.", "finance", True),
    ("The president praised the energy of the talks.", "energy", False),
    ("The visit will inject new energy into bilateral ties.", "energy", False),
    ("They agreed to cooperate in the space sector.", "digital_technology", True),
    ("Exports of natural rubber were discussed.", "agriculture", True),
    ("The parliament is not a rubber stamp, he said.", "agriculture", False),
    ("Turkey supplies machinery and electronics.", "industry", True),
    ("They discussed cotton and agricultural machinery.", "industry", False),
    ("The firms agreed on joint production of buses.", "industry", True),
    ("The talks were held in the old fortress, a UNESCO World Heritage site.",
     "culture_education", False),
    ("The talks were held in the old fortress, a UNESCO World Heritage site.",
     "multilateral", False),
    ("They agreed to restore cultural heritage sites.", "culture_education", True),
    ("The sides fought illegal mining in the border area.", "industry", False),
    ("The sides fought illegal mining in the border area.", "security_defense", True),
    ("They backed the outcomes of the Forum on China-Africa Cooperation.", "multilateral", True),
    ("The meeting was attended by the National Security Adviser.", "security_defense", False),
    ("They discussed the importance of NATO Allies raising defence budgets.",
     "political_relations", False),
])
def test_topic_wordings(text: str, topic: str, present: bool) -> None:
    assert (topic in topics(text)) is present


def test_arrangements_are_documents() -> None:
    assert agreements("The ministers signed an arrangement on youth exchanges today.") == [
        ("arrangement on youth exchanges", "signed", "2024-09-10")]


@pytest.mark.parametrize("text", [
    "Eleven agreements were signed in the presence of the two leaders.",
    "Around 40 agreements were exchanged after the talks.",
])
def test_counted_documents_are_not_names(text: str) -> None:
    assert agreements(text) == []


@pytest.mark.parametrize("text, expected", [
    ("The sides exchanged memoranda on health and sport.",
     [("memoranda on health and sport", "signed", "2024-09-10")]),
    ("The defence ministers signed a plan of military cooperation for 2025.",
     [("plan of military cooperation for 2025", "signed", "2024-09-10")]),
    ("The ministers signed a Plan of Consultations between the foreign ministries.",
     [("Plan of Consultations between the foreign ministries", "signed", "2024-09-10")]),
])
def test_exchanged_documents_and_plans(text: str, expected: list[tuple]) -> None:
    assert agreements(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Several memorandums of understanding were exchanged, including one on fisheries.",
     [("memorandum of understanding on fisheries", "signed", "2024-09-10")]),
    ("The sides reaffirmed the Green Growth Partnership signed in 2019.",
     [("Green Growth Partnership", "referenced", "2019")]),
    ("They praised the Strategic Partnership between the two countries.", []),
])
def test_documents_named_by_one_of_a_set_or_as_a_signed_partnership(
        text: str, expected: list[tuple]) -> None:
    assert agreements(text) == expected


def test_resumed_negotiations_make_a_document_proposed() -> None:
    assert agreements("They agreed to resume negotiations on the Free Trade Agreement.") == [
        ("Free Trade Agreement", "proposed", None)]


def test_a_date_of_an_earlier_document_does_not_date_the_next() -> None:
    text = ("The leaders recalled the Treaty on Friendship signed in 2011 and adopted a "
            "joint declaration on the future of relations.")
    assert agreements(text) == [("Treaty on Friendship", "referenced", "2011"),
                                ("joint declaration on the future of relations", "signed",
                                 "2024-09-10")]


def test_two_documents_of_one_kind_in_one_sentence() -> None:
    text = ("The presidents adopted a Joint Statement and a Joint Statement on energy "
            "cooperation until 2030.")
    assert [a[0] for a in agreements(text)] == [
        "Joint Statement", "Joint Statement on energy cooperation"]


def test_a_second_object_ends_a_name_and_keeps_its_own_status() -> None:
    text = ("They stressed the importance of the 2019 agreement on fishing zones and of the "
            "early conclusion of a Code of Conduct.")
    assert agreements(text) == [("agreement on fishing zones", "referenced", "2019"),
                                ("Code of Conduct", "proposed", None)]


def test_commitment_to_a_treaty_is_a_reference_despite_a_later_proposal() -> None:
    text = ("The ministers reaffirmed their commitment to the Treaty of Friendship of 1992, "
            "and agreed to prepare a joint statement for the upcoming summit.")
    assert agreements(text) == [("Treaty of Friendship", "referenced", "1992"),
                                ("joint statement", "proposed", None)]


@pytest.mark.parametrize("text, expected", [
    ("Relations of alliance and strategic partnership keep developing.",
     ("alliance and strategic partnership", None, None)),
    ("Their comprehensive partnership and strategic interaction is at its peak.",
     ("comprehensive partnership and strategic interaction", None, None)),
    ("This year marks the 15th anniversary of the establishment of the comprehensive "
     "strategic partnership.", ("comprehensive strategic partnership", None, "2009")),
    ("This year marks the 30th anniversary of the establishment of diplomatic relations, "
     "and the strategic partnership was launched this year.",
     ("strategic partnership", None, "2024")),
    ("The sides signed a declaration on allied interaction.",
     ("allied relations", None, "2024-09-10")),
    ("The leaders agreed to upgrade relations to a comprehensive strategic partnership.",
     ("comprehensive strategic partnership", None, "2024-09-10")),
    ("Ties are now allied relations. Before that, relations were at the level of strategic "
     "partnership.", ("allied relations", "strategic partnership", None)),
    ("They praised the Strategic Partnership and the Green Growth Partnership signed in "
     "May 2023.", ("strategic partnership", None, None)),
])
def test_level_wordings(text: str, expected: tuple) -> None:
    assert relationship(text) == expected


def test_fact_fields_hold_on_the_k_reports() -> None:
    report = evaluate(sorted(CORPUS.glob("k*.json")))
    for field in ("topics", "figures", "agreements", "relationship"):
        assert report.scores[field].value >= 0.9, (
            field, [m.to_dict() for m in report.misses if m.field == field])
