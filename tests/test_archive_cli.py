"""``briefing meetings`` and ``briefing show`` on a real archive file."""

from __future__ import annotations

import json

import pytest
from test_merge import corpus, hand_seed_extractions
from typer.testing import CliRunner

from briefing.archive import Archive
from briefing.cli import app
from briefing.merge.update import update_archive

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "briefing.sqlite"
    with Archive(path) as archive:
        update_archive(archive, [*corpus().values(), *hand_seed_extractions()])
    return path


def test_meetings_table_and_json(db):
    result = runner.invoke(app, ["meetings", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "4 meetings" in result.output
    for mid in ("2025-09-02-hun-kaz", "2025-04-23-aze-chn", "2024-06-20-hun-kaz"):
        assert mid in result.output
    assert "Beijing" in result.output and "(derived)" in result.output
    result = runner.invoke(app, ["meetings", "--db", str(db), "--json", "--pair", "kaz-hun"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == [
        "2025-09-02-hun-kaz",
        "2025-03-11-hun-kaz",
        "2024-06-20-hun-kaz",
    ]
    assert rows[1]["n_sources"] == 4


def test_meetings_default_path_from_config(db, tmp_path):
    (tmp_path / "briefing.toml").write_text(f'[build]\ndb = "{db.name}"\n')
    result = runner.invoke(app, ["meetings", "--json", "--config", str(tmp_path / "briefing.toml")])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 4


def test_show_text_and_json(db):
    result = runner.invoke(
        app, ["show", "2025-04-23-aze-chn", "--db", str(db)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Ilham Aliyev" in out and "Conflicts" in out and "Wednesday" in out
    assert "(derived)" in out and "AZERTAC" in out
    result = runner.invoke(app, ["show", "2025-04-23-aze-chn", "--db", str(db), "--json"])
    record = json.loads(result.output)
    assert record["date"] == "2025-04-23" and len(record["sources"]) == 2
    assert [c["field"] for c in record["conflicts"]] == ["weekday"]


def test_errors_are_one_line(db, tmp_path):
    result = runner.invoke(app, ["show", "no-such-meeting", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no meeting 'no-such-meeting'")
    result = runner.invoke(app, ["meetings", "--db", str(db), "--pair", "AZE"])
    assert result.exit_code == 2 and "two ISO alpha-3 codes" in result.stderr
    result = runner.invoke(app, ["meetings", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1 and "no archive" in result.stderr
    assert not (tmp_path / "none.sqlite").exists()
    bad = tmp_path / "bad.sqlite"
    bad.write_text("garbage " * 200)
    result = runner.invoke(app, ["meetings", "--db", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "move it away" in result.stderr
