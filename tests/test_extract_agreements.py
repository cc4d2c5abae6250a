"""Named documents: names as written, status, date, de-duplication."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from briefing.extract import extract
from briefing.extract.agreements import extract_agreements
from briefing.model import Article
from tests.conftest import story_sentences as sentences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ANCHOR = datetime.date(2025, 4, 23)


def agreements(
    text: str, anchor: datetime.date | None = ANCHOR, countries: list[str] | None = None
) -> list[tuple]:
    found = extract_agreements(sentences(text), anchor, countries)
    return [(a.name, a.status, a.date) for a in found]


def seed(name: str) -> str:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))["text"]


def test_seed_s000_matches_gold() -> None:
    assert agreements(seed("s000-azertac.json")) == [
        (
            "Joint Declaration on strategic partnership between Azerbaijan and China",
            "referenced",
            "2024-07",
        ),
        (
            "Joint Statement on the establishment of a comprehensive strategic partnership",
            "signed",
            "2025-04-23",
        ),
        ("reciprocal visa waiver agreement", "proposed", None),
    ]


def test_seed_s000_later_mention_is_merged_into_the_declaration() -> None:
    found = extract_agreements(sentences(seed("s000-azertac.json")), ANCHOR)
    declaration = found[0]
    assert len(declaration.evidence) == 2  # "the Declaration on strategic partnership"
    assert declaration.date_expr == "last July"


def test_seed_s002_without_anchor() -> None:
    story = "\n".join(seed("s002-anewz.json").split("\n")[2:12])
    found = extract_agreements(sentences(story), None)
    assert [(a.name, a.status, a.date, a.date_expr) for a in found] == [
        ("Joint Declaration on strategic partnership", "referenced", "2024-07", "July 2024"),
        (
            "Joint Statement establishing a comprehensive strategic partnership",
            "signed",
            None,
            "today",
        ),
        ("reciprocal visa waiver agreement", "proposed", None, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Following the talks, the presidents signed a Joint Declaration on Comprehensive "
            "Strategic Partnership.",
            [("Joint Declaration on Comprehensive Strategic Partnership", "signed", "2025-04-23")],
        ),
        (
            "The ministers recalled the Treaty on Good-Neighbourliness and Cooperation signed in "
            "1996.",
            [("Treaty on Good-Neighbourliness and Cooperation", "referenced", "1996")],
        ),
        (
            "They welcomed progress towards a new Kenya-Vietnam trade agreement.",
            [("Kenya-Vietnam trade agreement", "proposed", None)],
        ),
        (
            "They agreed to speed up work on a free trade agreement.",
            [("free trade agreement", "proposed", None)],
        ),
        (
            "The leaders expressed hope that the agreement on avoidance of double taxation would be "
            "signed soon.",
            [("agreement on avoidance of double taxation", "proposed", None)],
        ),
        (
            "The ministers discussed the implementation of the Roadmap for 2023-2025.",
            [("Roadmap for 2023-2025", "referenced", None)],
        ),
        (
            "An Intergovernmental Agreement on International Road Transport was signed today.",
            [
                (
                    "Intergovernmental Agreement on International Road Transport",
                    "signed",
                    "2025-04-23",
                )
            ],
        ),
        (
            "They said the MoU on digital cooperation, signed last year, works well.",
            [("MoU on digital cooperation", "referenced", "2024")],
        ),
        (
            "A protocol amending the double taxation convention was signed today.",
            [("protocol amending the double taxation convention", "signed", "2025-04-23")],
        ),
        (
            "A protocol amending the visa convention and an agreement on transport were "
            "signed today.",
            [
                ("protocol amending the visa convention", "signed", "2025-04-23"),
                ("agreement on transport", "signed", "2025-04-23"),
            ],
        ),
    ],
)
def test_status_and_date(text: str, expected: list[tuple]) -> None:
    assert agreements(text) == expected


def test_documents_listed_together_share_their_status() -> None:
    text = (
        "Several documents were signed, including a memorandum of understanding on "
        "cooperation in the field of renewable energy and an agreement on mutual "
        "protection of investments."
    )
    assert agreements(text) == [
        (
            "memorandum of understanding on cooperation in the field of renewable energy",
            "signed",
            "2025-04-23",
        ),
        ("agreement on mutual protection of investments", "signed", "2025-04-23"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Several cooperation agreements between Azerbaijani and Chinese companies were signed.",
        "The parties reached an agreement on a ceasefire.",
        "Guided by the agreements reached before, the ministers kept working.",
        "The sides reached an agreement on holding the next summit in Lima.",
        "He thanked his counterpart for his agreement to attend the summit.",
        "The state protocol service prepared the visit.",
        "They discussed cooperation within the Collective Security Treaty Organization.",
    ],
)
def test_not_documents_of_the_two_states(text: str) -> None:
    assert agreements(text) == []


def test_signed_document_without_anchor_keeps_a_resolvable_phrase() -> None:
    found = extract_agreements(
        sentences("After the talks they signed an Agreement on Cultural Cooperation."), None
    )
    assert (found[0].status, found[0].date, found[0].date_expr) == (
        "signed",
        None,
        "After the talks",
    )
    assert found[0].evidence[0].article_id == "t1"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The Treaty of Friendship, Cooperation and Mutual Assistance signed in 1999 remains in "
            "force.",
            "Treaty of Friendship, Cooperation and Mutual Assistance",
        ),
        (
            "They witnessed the signing of agreements in the fields of energy, trade and health.",
            "agreements in the fields of energy, trade and health",
        ),
        (
            "The sides signed a new Strategic Partnership Agreement.",
            "Strategic Partnership Agreement",
        ),
        (
            "An Agreement between the Government of the Kyrgyz Republic and the Government of "
            "Mongolia on mutual visa exemption was signed.",
            "Agreement between the Government of the Kyrgyz Republic and the Government of "
            "Mongolia on mutual visa exemption",
        ),
    ],
)
def test_names_as_written(text: str, name: str) -> None:
    assert [a[0] for a in agreements(text)] == [name]


def test_enumerated_documents_after_a_comma() -> None:
    text = (
        "The ministers exchanged a memorandum on cooperation in agriculture, a programme "
        "of cultural exchanges for 2025-2027 and an agreement on air communication."
    )
    assert agreements(text) == [
        ("memorandum on cooperation in agriculture", "signed", "2025-04-23"),
        ("programme of cultural exchanges for 2025-2027", "signed", "2025-04-23"),
        ("agreement on air communication", "signed", "2025-04-23"),
    ]


def test_multiword_kinds_are_names_without_modifiers() -> None:
    assert agreements(
        "Following the talks, the ministers signed a memorandum of understanding."
    ) == [("memorandum of understanding", "signed", "2025-04-23")]
    assert agreements("The sides signed the agreement.") == []


def test_capitalised_title_keeps_its_inner_and() -> None:
    text = (
        "The Comprehensive Economic Cooperation and Partnership Agreement, in force since "
        "April 2021, was praised."
    )
    assert agreements(text) == [
        ("Comprehensive Economic Cooperation and Partnership Agreement", "referenced", "2021-04")
    ]


def test_documents_exchanged_along_with_others_share_the_status() -> None:
    text = (
        "The leaders witnessed the exchange of the Economic Partnership Agreement (EPA), "
        "along with a memorandum of understanding on fisheries."
    )
    assert agreements(text) == [
        ("Economic Partnership Agreement (EPA)", "signed", "2025-04-23"),
        ("memorandum of understanding on fisheries", "signed", "2025-04-23"),
    ]


def test_signed_now_despite_a_past_date_in_another_clause() -> None:
    text = (
        "The presidents signed a joint declaration on enhanced strategic partnership, "
        "raising bilateral ties from the strategic partnership set up in 2011."
    )
    assert agreements(text) == [
        ("joint declaration on enhanced strategic partnership", "signed", "2025-04-23")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Afterwards, 24 memorandums of understanding were signed.",
            [("24 memorandums of understanding", "signed", "2025-04-23")],
        ),
        ("The ministers signed several MoUs.", [("several MoUs", "signed", "2025-04-23")]),
        (
            "Following the talks, a package of 12 documents was signed.",
            [("a package of 12 documents", "signed", "2025-04-23")],
        ),
        (
            "They praised the 123 Agreement signed in 2023.",
            [("123 Agreement", "referenced", "2023")],
        ),
    ],
)
def test_a_counted_set_of_documents_is_one_entry(text: str, expected: list[tuple]) -> None:
    assert agreements(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "They reaffirmed the 1987 Mutual Assistance Treaty.",
            [("Mutual Assistance Treaty", "referenced", "1987")],
        ),
        (
            "Ties rest on the Treaty on Eternal Friendship of 2003.",
            [("Treaty on Eternal Friendship", "referenced", "2003")],
        ),
        ("They discussed the 2015 agreement.", []),
    ],
)
def test_a_year_around_the_name_dates_the_document(text: str, expected: list[tuple]) -> None:
    assert agreements(text) == expected


TODAY = "2025-04-23"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Seven memoranda on health, energy and tourism were signed today.",
            [("Seven memoranda on health, energy and tourism", "signed", TODAY)],
        ),
        (
            "After the talks, nearly 40 agreements were signed.",
            [("nearly 40 agreements", "signed", TODAY)],
        ),
        (
            "The premiers looked on as a number of sectoral documents were inked.",
            [("a number of sectoral documents", "signed", TODAY)],
        ),
        (
            "The two sides expect to sign four agreements on transport soon.",
            [("four agreements on transport", "proposed", None)],
        ),
    ],
)
def test_a_count_of_unnamed_documents_is_one_entry_named_as_written(
    text: str, expected: list[tuple]
) -> None:
    assert agreements(text) == expected


def test_a_count_whose_documents_are_all_named_gives_way_to_them() -> None:
    text = (
        "The ministers signed three agreements, including an agreement on fisheries, a "
        "memorandum on tourism and a protocol on customs cooperation."
    )
    assert [a[0] for a in agreements(text)] == [
        "agreement on fisheries",
        "memorandum on tourism",
        "protocol on customs cooperation",
    ]
    text = "Twenty documents were signed, including a memorandum on tourism."
    assert [a[0] for a in agreements(text)] == ["Twenty documents", "memorandum on tourism"]


def test_counts_of_one_set_are_one_entry_and_a_set_named_later_is_its_documents() -> None:
    text = "Eight memoranda were signed on Tuesday.\nThe eight new deals cover energy and ports."
    assert agreements(text) == [("Eight memoranda", "signed", "2025-04-22")]
    text = (
        "Officials hope to conclude two accords soon.\n"
        "They plan to conclude two deals - the Protocol on Fisheries and the Agreement on "
        "Ferries - before summer, the minister said."
    )
    assert agreements(text) == [
        ("Protocol on Fisheries", "proposed", None),
        ("Agreement on Ferries", "proposed", None),
    ]


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Around 30 agreements worth $2 billion were signed between companies of both states.", []),
        ("The sides agreed to expand cooperation in energy and agriculture.", []),
        ("An agreement on holding yearly consultations was reached in the talks.", []),
        ("He praised the status-of-forces pact his country has with Australia.", ["JPN", "PHL"]),
        ("They discussed the fisheries agreement signed with the European Union.", []),
        ("Both stand by the UN Charter and the Paris Agreement.", []),
        ("Both hailed the border accord Baku concluded last year with Armenia.", ["AZE", "IRN"]),
        ("They discussed the India-Mercosur trade agreement.", ["ARG", "IND"]),
    ],
)
def test_company_third_party_and_multilateral_documents_are_left_out(
    text: str, countries: list[str]
) -> None:
    assert agreements(text, countries=countries) == []


def test_a_state_a_document_is_about_is_no_party_to_it() -> None:
    text = "They agreed to start negotiations on a framework agreement on the reconstruction of Ukraine."
    assert agreements(text, countries=["KOR", "POL"]) == [
        ("framework agreement on the reconstruction of Ukraine", "proposed", None)
    ]


def test_a_signed_agreement_named_by_its_purpose() -> None:
    text = "The foreign ministers inked an agreement to deepen consular cooperation."
    assert agreements(text) == [("agreement to deepen consular cooperation", "signed", TODAY)]


def test_a_document_mentioned_without_status_words_keeps_the_status_said_elsewhere() -> None:
    text = (
        "The leaders agreed to speed up negotiations on the Mutual Logistics Agreement.\n"
        "The Mutual Logistics Agreement will help both navies, the minister said."
    )
    assert agreements(text) == [("Mutual Logistics Agreement", "proposed", None)]


def test_a_name_runs_on_to_the_acronym_that_closes_it() -> None:
    text = (
        "The sides signed four documents: a Memorandum of Understanding on tourism; a Treaty "
        "on the boundary of the two states in the northern part of the Lake Basin (LB "
        "Treaty); a Protocol on Customs & Excise Matters; and an Agreement on Laos - "
        "Cambodia rail links."
    )
    assert [a[0] for a in agreements(text)] == [
        "Memorandum of Understanding on tourism",
        "Treaty on the boundary of the two states in the northern part of the Lake Basin "
        "(LB Treaty)",
        "Protocol on Customs & Excise Matters",
        "Agreement on Laos - Cambodia rail links",
    ]


def test_a_vague_count_of_a_set_named_elsewhere_gives_way() -> None:
    text = (
        "The foreign ministers inked multiple deals on Saturday.\n"
        "They signed three agreements, including an Agreement on Fisheries, a Protocol on "
        "Ferries and a Memorandum on Tourism."
    )
    assert [a[0] for a in agreements(text)] == [
        "Agreement on Fisheries",
        "Protocol on Ferries",
        "Memorandum on Tourism",
    ]


def test_a_set_described_as_a_whole_is_a_count_even_after_the() -> None:
    text = "The visit builds on the six accords signed by both governments in March last year."
    assert agreements(text) == [("six accords", "referenced", "2024-03")]


def test_a_tally_of_documents_is_no_entry() -> None:
    text = "Eleven new deals were inked, raising their total number of accords on commerce to 40."
    assert agreements(text) == [("Eleven new deals", "signed", TODAY)]


def test_documents_considered_by_a_leader_are_not_proposed() -> None:
    text = "The sides signed 9 agreements, which the president considered a success."
    assert agreements(text) == [("9 agreements", "signed", TODAY)]


def test_closing_paragraphs_of_documents_that_name_no_side_belong_to_the_story() -> None:
    """A paragraph that reports documents signed belongs to the story of the meeting
    even when it names neither side, and two such paragraphs in a row do not end it."""
    text = (
        "Estonian President Mart Kask held talks with Finnish President Aino Virtanen "
        "in Tallinn on Tuesday.\n\n"
        "A total of 12 documents were signed, covering trade, energy and education.\n\n"
        "Agreements on customs cooperation and on the readmission of persons were signed.\n"
    )
    ex = extract(Article(Article.make_id(text), text, None, "2024-05-14"))
    assert [a.status for a in ex.agreements] == ["signed", "signed"]
    assert ex.agreements[0].name == "A total of 12 documents"
    assert ex.agreements[1].name.startswith("Agreements on customs cooperation")
