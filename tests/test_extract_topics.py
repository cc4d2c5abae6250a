"""Topic tagging from cue words, on invented reports and the seed report."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.extract.nlp import Sentence, split_sentences
from briefing.extract.topics import extract_topics

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def sentences(text: str) -> list[Sentence]:
    """One span per non-empty line, as the cleaner hands over story paragraphs."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return split_sentences("t1", text, spans)


def topics_of(text: str) -> list[str]:
    return [hit.topic for hit in extract_topics(sentences(text))]


def test_seed_s000_topics_match_gold() -> None:
    text = json.loads((EXAMPLES / "s000-azertac.json").read_text(encoding="utf-8"))["text"]
    assert sorted(topics_of(text)) == sorted([
        "political_relations", "trade", "investment", "energy", "transport_logistics",
        "agriculture", "digital_technology", "security_defense", "sovereignty_territorial",
        "multilateral", "humanitarian", "tourism_visa", "culture_education"])


def test_invented_readout() -> None:
    text = (
        "The presidents discussed bilateral relations and ways to expand trade.\n"
        "They agreed to cooperate on wind power projects and railway links.\n"
        "The sides also exchanged views on the ceasefire in the region and on climate change."
    )
    assert topics_of(text) == ["political_relations", "trade", "energy",
                               "transport_logistics", "regional_peace", "environment_climate"]


def test_hits_carry_evidence_and_cues() -> None:
    text = "The ministers discussed vaccine supplies.\nThey praised the friendly ties."
    sents = sentences(text)
    hits = {h.topic: h for h in extract_topics(sents)}
    assert hits["health"].cues == ["vaccine"]
    ev = hits["health"].evidence[0]
    assert ev.article_id == "t1"
    assert text[ev.start:ev.end] == "The ministers discussed vaccine supplies."


def test_exclusions_hide_look_alike_cues() -> None:
    # "Security Council" is multilateral, not defence; "energy security" is energy.
    text = "They called for reform of the UN Security Council and discussed energy security."
    assert topics_of(text) == ["energy", "multilateral"]
    assert "finance" not in topics_of("The minister visited the West Bank.")
    assert "health" not in topics_of("He thanked the hosts for their hospitality.")


def test_scene_setting_and_captions_are_not_topics() -> None:
    text = (
        "The president, who arrived to attend the ASEAN summit, held talks with the premier.\n"
        "The two leaders pose for a group photo before the talks on trade. (Photo/Agency)"
    )
    assert topics_of(text) == []


def test_importance_is_not_imports() -> None:
    assert topics_of("They stressed the importance of the visit.") == []


def test_acronyms_are_case_sensitive() -> None:
    assert "multilateral" in topics_of("They discussed cooperation within the EU and the UN.")
    assert "multilateral" not in topics_of("The un-named official spoke.")
