"""Topic tagging from cue words, on invented sentences and the seed report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.extract.topics import extract_topics
from tests.conftest import story_sentences as sentences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# A story opens with its lead ("X met Y"); the sentences tested come after it, as in a
# readout. The lead itself carries no cue.
LEAD = "The two leaders met on Monday."


def topics_of(text: str) -> list[str]:
    return [hit.topic for hit in extract_topics(sentences(f"{LEAD}\n{text}"))]


def test_seed_s000_topics_match_gold() -> None:
    text = json.loads((EXAMPLES / "s000-azertac.json").read_text(encoding="utf-8"))["text"]
    assert sorted(topics_of(text)) == sorted(
        [
            "political_relations",
            "trade",
            "investment",
            "energy",
            "transport_logistics",
            "agriculture",
            "digital_technology",
            "security_defense",
            "sovereignty_territorial",
            "multilateral",
            "humanitarian",
            "tourism_visa",
            "culture_education",
        ]
    )


def test_invented_readout_in_taxonomy_order() -> None:
    text = (
        "The presidents reviewed bilateral ties and ways to expand trade.\n"
        "They agreed to cooperate on wind farms and a new rail link.\n"
        "The ministers also compared notes on the truce in the region and on climate change."
    )
    assert topics_of(text) == [
        "political_relations",
        "trade",
        "energy",
        "transport_logistics",
        "regional_peace",
        "environment_climate",
    ]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Both leaders praised the growing political dialogue.", "political_relations"),
        ("They discussed removing barriers to Ghanaian cocoa exports.", "trade"),
        ("The premier invited Korean investors to the new free zone.", "investment"),
        ("Cooperation on LNG supplies and a solar park was discussed.", "energy"),
        ("The sides agreed to expand container shipping via the Black Sea.", "transport_logistics"),
        ("They agreed to lift restrictions on poultry and dairy products.", "agriculture"),
        ("A joint car assembly plant will open in the free zone.", "industry"),
        (
            "They discussed cooperation in artificial intelligence and broadband.",
            "digital_technology",
        ),
        ("The central banks agreed to expand the currency swap line.", "finance"),
        ("The ministers discussed joint naval drills and counter-terrorism.", "security_defense"),
        (
            "Both sides reaffirmed respect for each other's territorial integrity.",
            "sovereignty_territorial",
        ),
        ("They coordinated positions ahead of the G20 and BRICS meetings.", "multilateral"),
        ("The leaders called for a lasting ceasefire in Sudan.", "regional_peace"),
        ("Chile offered emergency relief after the earthquake.", "humanitarian"),
        ("The countries will introduce a visa-free regime for tourists.", "tourism_visa"),
        (
            "More scholarships for students and a joint museum exhibition were announced.",
            "culture_education",
        ),
        ("They discussed the supply of vaccines and a new children's hospital.", "health"),
        (
            "The ministers discussed desertification and transboundary water resources.",
            "environment_climate",
        ),
        ("They discussed the fight against jihadist groups.", "security_defense"),
        ("They condemned North Korean missile launches.", "security_defense"),
        ("They reviewed investment in mining, refining and agriculture.", "energy"),
        (
            "The sides discussed political, economic and cultural cooperation.",
            "political_relations",
        ),
    ],
)
def test_each_topic_from_ordinary_wording(text: str, topic: str) -> None:
    assert topic in topics_of(text)


def test_hits_carry_evidence_and_cues() -> None:
    text = "The ministers discussed vaccine supplies.\nThey praised the friendly ties."
    sents = sentences(text)
    hits = {h.topic: h for h in extract_topics(sents)}
    assert hits["health"].cues == ["vaccine supplies"]
    ev = hits["health"].evidence[0]
    assert ev.article_id == "t1"
    assert text[ev.start : ev.end] == "The ministers discussed vaccine supplies."


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("They called for reform of the UN Security Council.", "security_defense"),
        ("Energy security is a shared priority.", "security_defense"),
        ("The minister visited the West Bank.", "finance"),
        ("He thanked the hosts for their hospitality.", "health"),
        ("The talks were held in a culture of mutual respect.", "culture_education"),
        ("The business climate in both countries is favourable.", "environment_climate"),
        ("Both want peace and stability in the region.", "regional_peace"),
        ("The visit was fruitful.", "agriculture"),
        ("A new clinic opened in Port Moresby.", "transport_logistics"),
        ("Members of the trade union met the ministers.", "trade"),
        ("They recalled the victory in the Second World War.", "regional_peace"),
        ("Kenya was designated a major non-NATO ally.", "multilateral"),
        ("They praised the strong trade relationship.", "political_relations"),
        ("They agreed to build wind farms.", "agriculture"),
    ],
)
def test_look_alike_cues_are_hidden(text: str, absent: str) -> None:
    assert absent not in topics_of(text)


def test_office_names_are_not_topics() -> None:
    text = "Minister of Agriculture and Trade Ana Ruiz met the Defence Minister of Peru."
    assert topics_of(text) == []
    assert topics_of("Chile's Minister of Energy and Mining met Peru's Trade Minister.") == []
    assert topics_of("They discussed trade and defence cooperation.") == [
        "trade",
        "security_defense",
    ]


def test_scene_setting_and_captions_are_not_topics() -> None:
    text = (
        "The president, who arrived to attend the ASEAN summit, held talks with the premier.\n"
        "The delegations posed for a family photo ahead of the talks on trade.\n"
        "The chancellor, who is paying a state visit to Ghana, met the president."
    )
    assert topics_of(text) == []


def test_a_subject_after_a_scene_phrase_is_still_a_topic() -> None:
    text = "Seoul is ready to take part in the construction of the new railway."
    assert topics_of(text) == ["transport_logistics"]


def test_importance_is_not_imports() -> None:
    assert "trade" not in topics_of("Both sides underlined the importance of regular contacts.")


def test_acronyms_are_case_sensitive() -> None:
    assert "multilateral" in topics_of("They discussed cooperation within the EU and the UN.")
    assert "multilateral" not in topics_of("The un-named official spoke.")
