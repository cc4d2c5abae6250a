"""``briefing eval`` through the CLI on a small gold folder, and the scoring rules."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from briefing.cli import app
from briefing.evaluate import FieldScore, evaluate

runner = CliRunner()

MEETING = {
    "title": None,
    "published": "2024-03-12",
    "publisher": "Test Agency",
    "url": None,
    "text": "NAIROBI, March 12 (TA) -- Kenyan President Paul Otieno held talks with Tanzanian "
    "President Grace Mwamba in Nairobi on Tuesday.\n\nThe two leaders discussed "
    "trade and the railway corridor.",
    "gold": {
        "is_bilateral_meeting": True,
        "meeting_type": "meeting",
        "date": "2024-03-12",
        "location": {"city": "Nairobi", "country": "KEN"},
        "countries": ["KEN", "TZA"],
        "participants": [
            {"name": "Paul Otieno", "title": "President", "country": "KEN"},
            {"name": "Grace Mwamba", "title": "President", "country": "TZA"},
        ],
        "topics": [],
        "figures": [],
        "agreements": [],
        "relationship": {"level": None},
    },
}
NEGATIVE = {
    "title": None,
    "published": "2024-02-01",
    "publisher": "Test",
    "url": None,
    "text": "Trade turnover between Kenya and Uganda rose 9 percent in 2023, the statistics "
    "office said.",
    "gold": {
        "is_bilateral_meeting": False,
        "meeting_type": None,
        "date": None,
        "location": {"city": None, "country": None},
        "countries": [],
        "participants": [],
        "topics": [],
        "figures": [],
        "agreements": [],
        "relationship": {"level": None},
    },
}


def _folder(tmp_path, wrong_date: bool = False):
    gold = json.loads(json.dumps(MEETING))
    if wrong_date:
        gold["gold"]["date"] = "2024-03-11"
        gold["gold"]["participants"].append(
            {"name": "Amina Hassan", "title": "Minister", "country": "KEN"}
        )
    (tmp_path / "g1.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "g2.json").write_text(json.dumps(NEGATIVE), encoding="utf-8")
    return tmp_path


def test_eval_prints_scores(tmp_path):
    result = runner.invoke(app, ["eval", str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "2 reports" in result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert "1.000" in lines["bilateral"]
    assert "1.000" in lines["participants"]
    assert "ms median" in result.output


def test_eval_verbose_lists_misses(tmp_path):
    result = runner.invoke(app, ["eval", str(_folder(tmp_path, wrong_date=True)), "-v"])
    assert result.exit_code == 0, result.output
    assert 'g1 date: "2024-03-11" -> "2024-03-12"' in result.output
    assert "g1 participants: " in result.output and "Amina Hassan" in result.output


def test_eval_json(tmp_path):
    result = runner.invoke(app, ["eval", str(_folder(tmp_path, wrong_date=True)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["docs"] == 2
    assert data["scores"]["date"] == {"accuracy": 0.5, "correct": 1, "total": 2}
    part = data["scores"]["participants"]
    assert (part["tp"], part["fp"], part["fn"]) == (2, 0, 1)
    assert part["recall"] == round(2 / 3, 4)
    fields = {m["field"] for m in data["misses"]}
    assert {"date", "participants"} <= fields
    assert not fields & {"bilateral", "countries", "city", "meeting_type"}
    assert data["timing"]["median_ms"] > 0


def test_eval_errors_are_one_line(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "error:" in result.output and "no gold files" in result.output
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2 and "invalid JSON" in result.output


def test_matching_rules(tmp_path):
    gold = json.loads(json.dumps(MEETING))
    gold["gold"]["participants"][0]["name"] = "Paul K. Otieno"  # fuller form still matches
    gold["gold"]["participants"][1]["title"] = "Head of State"  # title scored apart
    (tmp_path / "g.json").write_text(json.dumps(gold), encoding="utf-8")
    report = evaluate([tmp_path])
    assert report.scores["participants"].f1 == 1.0
    assert report.scores["participant_titles"].value == 0.5
    s = FieldScore("f1", tp=3, fp=1, fn=1)
    assert (s.precision, s.recall, s.f1) == (0.75, 0.75, 0.75)
