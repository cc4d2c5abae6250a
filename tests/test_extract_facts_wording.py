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
    return [
        (f.metric, f.value_usd, f.change_pct, f.period, f.approximate)
        for f in extract_figures(sentences(text), ANCHOR, ["GEO", "TUR"])
    ]


def topics(text: str) -> set[str]:
    """Topics of ``text`` as a story's second sentence, after a lead with no topic."""
    return {h.topic for h in extract_topics(sentences(f"The two leaders met on Monday. {text}"))}


def agreements(text: str) -> list[tuple]:
    return [(a.name, a.status, a.date) for a in extract_agreements(sentences(text), ANCHOR)]


def relationship(text: str) -> tuple:
    r = extract_relationship(sentences(text), ANCHOR)
    return r.level, r.previous_level, r.since


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mutual trade doubled to $820 million last year.",
            [("trade_turnover", 8.2e8, 100.0, "2023", False)],
        ),
        (
            "Exports to Turkey showed a threefold increase in January-June.",
            [("exports", None, 200.0, "2024-01/2024-06", False)],
        ),
        (
            "Trade turnover more than tripled in 2022.",
            [("trade_turnover", None, 200.0, "2022", True)],
        ),
        (
            "Bilateral trade grew 1.5 times in the first quarter.",
            [("trade_turnover", None, 50.0, "2024-01/2024-03", False)],
        ),
        (
            "Imports from Georgia fell twofold to $90 million last year.",
            [("imports", 9e7, -50.0, "2023", False)],
        ),
    ],
)
def test_growth_told_as_a_multiple(text: str, expected: list[tuple]) -> None:
    assert figures(text) == expected


def test_a_period_written_after_both_figures_is_shared() -> None:
    text = (
        "Exports to Georgia rose by 11 percent, while imports from Georgia amounted to "
        "$60 million in January-May."
    )
    assert figures(text) == [
        ("exports", None, 11.0, "2024-01/2024-05", False),
        ("imports", 6e7, None, "2024-01/2024-05", False),
    ]


def test_a_year_after_since_starts_a_stock_and_is_no_period() -> None:
    assert figures("Turkish investments in Georgia have exceeded $2 billion since 2005.") == [
        ("investment", 2e9, None, None, True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The sides aim to double trade to $2 billion by 2030.",
        "The ministers met three times last year to discuss trade.",
        "The delegations doubled their efforts on trade facilitation.",
    ],
)
def test_multiples_that_are_not_figures(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    "text, topic, present",
    [
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
        (
            "The talks were held in the old fortress, a UNESCO World Heritage site.",
            "culture_education",
            False,
        ),
        (
            "The talks were held in the old fortress, a UNESCO World Heritage site.",
            "multilateral",
            False,
        ),
        ("They agreed to restore cultural heritage sites.", "culture_education", True),
        ("The sides fought illegal mining in the border area.", "industry", False),
        ("The sides fought illegal mining in the border area.", "security_defense", True),
        (
            "They backed the outcomes of the Forum on China-Africa Cooperation.",
            "multilateral",
            True,
        ),
        ("The meeting was attended by the National Security Adviser.", "security_defense", False),
        (
            "They discussed the importance of NATO Allies raising defence budgets.",
            "political_relations",
            False,
        ),
    ],
)
def test_topic_wordings(text: str, topic: str, present: bool) -> None:
    assert (topic in topics(text)) is present


def test_arrangements_are_documents() -> None:
    assert agreements("The ministers signed an arrangement on youth exchanges today.") == [
        ("arrangement on youth exchanges", "signed", "2024-09-10")
    ]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Eleven agreements were signed in the presence of the two leaders.", "Eleven agreements"),
        ("Around 40 agreements were exchanged after the talks.", "Around 40 agreements"),
    ],
)
def test_counted_documents_are_one_entry_named_as_written(text: str, name: str) -> None:
    assert agreements(text) == [(name, "signed", "2024-09-10")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The sides exchanged memoranda on health and sport.",
            [("memoranda on health and sport", "signed", "2024-09-10")],
        ),
        (
            "The defence ministers signed a plan of military cooperation for 2025.",
            [("plan of military cooperation for 2025", "signed", "2024-09-10")],
        ),
        (
            "The ministers signed a Plan of Consultations between the foreign ministries.",
            [("Plan of Consultations between the foreign ministries", "signed", "2024-09-10")],
        ),
    ],
)
def test_exchanged_documents_and_plans(text: str, expected: list[tuple]) -> None:
    assert agreements(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Several memorandums of understanding were exchanged, including one on fisheries.",
            [("memorandum of understanding on fisheries", "signed", "2024-09-10")],
        ),
        (
            "The sides reaffirmed the Green Growth Partnership signed in 2019.",
            [("Green Growth Partnership", "referenced", "2019")],
        ),
        ("They praised the Strategic Partnership between the two countries.", []),
    ],
)
def test_documents_named_by_one_of_a_set_or_as_a_signed_partnership(
    text: str, expected: list[tuple]
) -> None:
    assert agreements(text) == expected


def test_resumed_negotiations_make_a_document_proposed() -> None:
    assert agreements("They agreed to resume negotiations on the Free Trade Agreement.") == [
        ("Free Trade Agreement", "proposed", None)
    ]


def test_a_date_of_an_earlier_document_does_not_date_the_next() -> None:
    text = (
        "The leaders recalled the Treaty on Friendship signed in 2011 and adopted a "
        "joint declaration on the future of relations."
    )
    assert agreements(text) == [
        ("Treaty on Friendship", "referenced", "2011"),
        ("joint declaration on the future of relations", "signed", "2024-09-10"),
    ]


def test_two_documents_of_one_kind_in_one_sentence() -> None:
    text = (
        "The presidents adopted a Joint Statement and a Joint Statement on energy "
        "cooperation until 2030."
    )
    assert [a[0] for a in agreements(text)] == [
        "Joint Statement",
        "Joint Statement on energy cooperation",
    ]


def test_a_second_object_ends_a_name_and_keeps_its_own_status() -> None:
    text = (
        "They stressed the importance of the 2019 agreement on fishing zones and of the "
        "early conclusion of a Code of Conduct."
    )
    assert agreements(text) == [
        ("agreement on fishing zones", "referenced", "2019"),
        ("Code of Conduct", "proposed", None),
    ]


def test_commitment_to_a_treaty_is_a_reference_despite_a_later_proposal() -> None:
    text = (
        "The ministers reaffirmed their commitment to the Treaty of Friendship of 1992, "
        "and agreed to prepare a joint statement for the upcoming summit."
    )
    assert agreements(text) == [
        ("Treaty of Friendship", "referenced", "1992"),
        ("joint statement", "proposed", None),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Relations of alliance and strategic partnership keep developing.",
            ("alliance and strategic partnership", None, None),
        ),
        (
            "Their comprehensive partnership and strategic interaction is at its peak.",
            ("comprehensive partnership and strategic interaction", None, None),
        ),
        (
            "This year marks the 15th anniversary of the establishment of the comprehensive "
            "strategic partnership.",
            ("comprehensive strategic partnership", None, "2009"),
        ),
        (
            "This year marks the 30th anniversary of the establishment of diplomatic relations, "
            "and the strategic partnership was launched this year.",
            ("strategic partnership", None, "2024"),
        ),
        (
            "The sides signed a declaration on allied interaction.",
            ("allied relations", None, "2024-09-10"),
        ),
        (
            "The leaders agreed to upgrade relations to a comprehensive strategic partnership.",
            ("comprehensive strategic partnership", None, "2024-09-10"),
        ),
        (
            "Ties are now allied relations. Before that, relations were at the level of strategic "
            "partnership.",
            ("allied relations", "strategic partnership", None),
        ),
        (
            "They praised the Strategic Partnership and the Green Growth Partnership signed in "
            "May 2023.",
            ("strategic partnership", None, None),
        ),
    ],
)
def test_level_wordings(text: str, expected: tuple) -> None:
    assert relationship(text) == expected


def test_fact_fields_hold_on_the_k_reports() -> None:
    report = evaluate(sorted(CORPUS.glob("k*.json")))
    for field in ("topics", "figures", "agreements", "relationship"):
        assert report.scores[field].value >= 0.9, (
            field,
            [m.to_dict() for m in report.misses if m.field == field],
        )


def paragraphs(text: str) -> list[Sentence]:
    """Sentences of blank-line separated paragraphs (list items are paragraphs of their
    own on scraped pages)."""
    spans, pos = [], 0
    for block in text.split("\n\n"):
        spans.append((pos, pos + len(block)))
        pos += len(block) + 2
    return split_sentences("t1", text, spans)


def test_table_lines_take_the_period_of_their_lead_in_line() -> None:
    text = (
        "Key figures for 2023:\n\nTrade turnover: $1.1 bn (+14%)\n\n"
        "Exports to Turkey: $96.4 mn (-3%)\n\nImports from Turkey: $1.0 bn"
    )
    found = [
        (f.metric, f.value_usd, f.change_pct, f.period)
        for f in extract_figures(paragraphs(text), ANCHOR, ["GEO", "TUR"])
    ]
    assert found == [
        ("trade_turnover", 1.1e9, 14.0, "2023"),
        ("exports", 9.64e7, -3.0, "2023"),
        ("imports", 1e9, None, "2023"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Trade grew by 37 percent in 2023 and by another 21 percent in January-April 2024.",
            [
                ("trade_turnover", None, 37.0, "2023", False),
                ("trade_turnover", None, 21.0, "2024-01/2024-04", False),
            ],
        ),
        (
            "Trade reached $145 million in 2022, up 33 percent, while Georgia's economy grew by "
            "5.7 percent.",
            [("trade_turnover", 1.45e8, 33.0, "2022", False)],
        ),
        (
            "Exports to Turkey fell 4% last year, while Georgia's GDP per capita reached $9,000.",
            [("exports", None, -4.0, "2023", False)],
        ),
    ],
)
def test_continued_growth_and_economy_numbers(text: str, expected: list[tuple]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("Imports of soybean oil and olive oil were discussed.", {"agriculture"}, {"energy"}),
        (
            "They discussed the purchase of combat aircraft.",
            {"security_defense"},
            {"transport_logistics"},
        ),
        ("The talks focused on migration flows.", set(), {"humanitarian"}),
        ("They spoke about the health of the global economy.", set(), {"health"}),
        ("Indian students study at medical universities.", {"culture_education"}, {"health"}),
        ("The sides agreed to expand the assembly of heavy trucks.", {"industry"}, set()),
        (
            "They discussed a new border crossing point and the checkpoint.",
            {"transport_logistics"},
            set(),
        ),
        ("They agreed on joint surveillance of disease outbreaks.", {"health"}, set()),
        (
            "They discussed cooperation in agriculture, space and defence.",
            {"digital_technology"},
            set(),
        ),
        (
            "They discussed coordination within the Community of Portuguese Language Countries.",
            {"multilateral"},
            {"culture_education"},
        ),
        ("Security in the Black Sea was on the agenda.", {"security_defense"}, set()),
        ("The sides discussed textiles and electronics.", {"industry"}, {"digital_technology"}),
        ("They visited the photovoltaic parks.", {"energy"}, set()),
    ],
)
def test_topic_look_alikes(text: str, present: set[str], absent: set[str]) -> None:
    found = topics(text)
    assert present <= found and not absent & found


def test_a_second_document_after_an_aside_shares_the_signing() -> None:
    text = (
        "The ministers signed a memorandum on clean energy, including hydrogen and "
        "ammonia, and a memorandum on cooperation in space activities."
    )
    assert [s for _, s, _ in agreements(text)] == ["signed", "signed"]


def test_documents_listed_by_subject_after_a_colon() -> None:
    text = (
        "Three memoranda were signed: on support to the state budget, on higher "
        "education and scientific research, and on a line of credit for small firms."
    )
    assert agreements(text) == [
        ("memorandum on support to the state budget", "signed", "2024-09-10"),
        ("memorandum on higher education and scientific research", "signed", "2024-09-10"),
        ("memorandum on a line of credit for small firms", "signed", "2024-09-10"),
    ]


def test_bullet_items_take_the_status_of_their_lead_in() -> None:
    text = (
        "The two countries have been strategic partners since 2013, when the Declaration "
        "on Strategic Partnership was signed.\n\nThe following documents were signed:\n\n"
        "- Joint Declaration on Comprehensive Strategic Partnership;\n\n"
        "- Agreement on international road transport;\n\n"
        "* Roadmap for trade cooperation for 2025-2027."
    )
    found = [(a.name, a.status, a.date) for a in extract_agreements(paragraphs(text), ANCHOR)]
    assert found == [
        ("Declaration on Strategic Partnership", "referenced", "2013"),
        ("Joint Declaration on Comprehensive Strategic Partnership", "signed", "2024-09-10"),
        ("Agreement on international road transport", "signed", "2024-09-10"),
        ("Roadmap for trade cooperation for 2025-2027", "signed", "2024-09-10"),
    ]


def test_no_documents_signed_names_no_document() -> None:
    text = (
        "No agreements were signed, but the leaders directed officials to conclude a "
        "bilateral investment treaty."
    )
    assert agreements(text) == [("bilateral investment treaty", "proposed", None)]


def test_a_level_still_being_prepared_is_not_declared() -> None:
    text = (
        "The leaders instructed their governments to prepare a Joint Declaration on "
        "Strategic Partnership for signing during the return visit next year."
    )
    assert relationship(text) == (None, None, None)


def test_fact_fields_hold_on_the_n_reports() -> None:
    report = evaluate(sorted(CORPUS.glob("n*.json")))
    for field, floor in (
        ("topics", 0.9),
        ("figures", 0.95),
        ("agreements", 0.75),
        ("relationship", 0.95),
    ):
        assert report.scores[field].value >= floor, (
            field,
            [m.to_dict() for m in report.misses if m.field == field],
        )


def test_a_document_being_expanded_or_extended_already_exists() -> None:
    text = (
        "The leaders agreed to work on expanding the Preferential Trade Agreement and to "
        "extend the agreement on rice production support for another five years."
    )
    assert agreements(text) == [
        ("Preferential Trade Agreement", "referenced", None),
        ("agreement on rice production support", "referenced", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "They discussed the joint venture producing tractors.",
        "Production of railway wagons was discussed.",
    ],
)
def test_making_vehicles_and_machinery_is_industry(text: str) -> None:
    assert "industry" in topics(text)
