"""Held-out check: the extractor scored against the invented, gold-annotated reports of
``tests/corpus`` (wire, agency and official-readout house styles, scraped pages, calls,
hard negatives). Thresholds are the quality bar for the core fields, not a copy of the
current scores: a regression below them on reports in these styles fails the build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.evaluate import evaluate
from briefing.extract import extract
from briefing.model import Article

CORPUS = Path(__file__).resolve().parent / "corpus"
THRESHOLDS = {
    "bilateral": 0.9,
    "countries": 0.9,
    "date": 0.9,
    "city": 0.9,
    "meeting_type": 0.9,
    "participants": 0.85,
}


@pytest.fixture(scope="module")
def report():
    return evaluate([CORPUS])


def test_corpus_is_big_and_varied_enough():
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.json"))]
    assert len(docs) >= 20
    golds = [d["gold"] for d in docs]
    assert sum(not g["is_bilateral_meeting"] for g in golds) >= 4
    types = {g["meeting_type"] for g in golds if g["is_bilateral_meeting"]}
    assert {"meeting", "phone_call", "video_call"} <= types


@pytest.mark.parametrize("field, minimum", sorted(THRESHOLDS.items()))
def test_core_field_meets_its_threshold(report, field, minimum):
    score = report.scores[field]
    misses = [m.to_dict() for m in report.misses if m.field == field]
    assert score.value >= minimum, misses


def test_negatives_come_with_a_reason():
    for path in sorted(CORPUS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc["gold"]["is_bilateral_meeting"]:
            continue
        article = Article(
            Article.make_id(doc["text"]),
            doc["text"],
            doc.get("title"),
            doc.get("published"),
            doc.get("publisher"),
            doc.get("url"),
        )
        ex = extract(article)
        assert not ex.is_bilateral_meeting and ex.reason, path.name
