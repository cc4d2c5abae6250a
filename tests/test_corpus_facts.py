"""Held-out check of the facts extractors (topics, figures, agreements, relationship) on
the invented reports ``tests/corpus/facts-*.json``: figures in every written form, stock
and flow, targets, other currencies; documents signed, referenced and proposed, lists and
unnamed packages; declared levels and upgrades; topic look-alikes. Thresholds are the
quality bar, set below the current scores so that the gold stays an annotator's view
(some traps are expected to fail), not a copy of what the rules produce."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.evaluate import evaluate

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = sorted(CORPUS.glob("facts-*.json"))
THRESHOLDS = {
    "topics": 0.85,
    "figures": 0.8,
    "agreements": 0.8,
    "relationship": 0.8,
}
TOPICS = {
    "political_relations",
    "trade",
    "investment",
    "energy",
    "transport_logistics",
    "agriculture",
    "industry",
    "digital_technology",
    "finance",
    "security_defense",
    "sovereignty_territorial",
    "multilateral",
    "regional_peace",
    "humanitarian",
    "tourism_visa",
    "culture_education",
    "health",
    "environment_climate",
}


@pytest.fixture(scope="module")
def report():
    return evaluate(FILES)


def _golds() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))["gold"] for p in FILES]


def test_facts_corpus_covers_every_field_form():
    golds = _golds()
    assert len(golds) >= 15
    assert {t for g in golds for t in g["topics"]} == TOPICS
    figures = [f for g in golds for f in g["figures"]]
    assert {f["metric"] for f in figures} >= {"trade_turnover", "exports", "imports", "investment"}
    assert any(f["value_usd"] is None for f in figures)
    assert any(f["change_pct"] is not None and f["change_pct"] < 0 for f in figures)
    assert any(f["approximate"] for f in figures)
    statuses = {a["status"] for g in golds for a in g["agreements"]}
    assert statuses == {"signed", "referenced", "proposed"}
    assert any(g["relationship"]["previous_level"] for g in golds)


def test_gold_records_are_complete():
    keys = {
        "is_bilateral_meeting",
        "meeting_type",
        "date",
        "location",
        "countries",
        "participants",
        "topics",
        "figures",
        "agreements",
        "relationship",
    }
    for path, gold in zip(FILES, _golds(), strict=True):
        assert keys <= gold.keys(), path.name
        assert set(gold["topics"]) <= TOPICS, path.name
        for f in gold["figures"]:
            assert {"metric", "value_usd", "change_pct", "period", "approximate"} <= f.keys()


@pytest.mark.parametrize("field, minimum", sorted(THRESHOLDS.items()))
def test_facts_field_meets_its_threshold(report, field, minimum):
    score = report.scores[field]
    misses = [m.to_dict() for m in report.misses if m.field == field]
    assert score.value >= minimum, misses
