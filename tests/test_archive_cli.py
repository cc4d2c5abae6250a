"""``briefing meetings`` and ``briefing show`` on a real archive file: output formats,
filters, pairs by name, the table a pipe gets, each fact with its sentences."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys

import pytest
from test_merge import corpus, hand_seed_extractions
from typer.testing import CliRunner

from briefing.archive import Archive
from briefing.cli import app
from briefing.merge.update import update_archive

runner = CliRunner()
ALL = ["2025-09-02-hun-kaz", "2025-04-23-aze-chn", "2025-03-11-hun-kaz", "2024-06-20-hun-kaz"]
HEADER = ["id", "date", "pair", "place", "participants", "sources", "relationship", "trade"]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "briefing.sqlite"
    with Archive(path) as archive:
        update_archive(archive, [*corpus().values(), *hand_seed_extractions()])
    return path


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [m["id"] for m in json.loads(result.stdout)]


def test_piped_table_is_tab_separated_and_nothing_is_cut(db):
    result = runner.invoke(app, ["meetings", "--db", str(db)], env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.output
    header, *rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert header == HEADER
    assert [r[0] for r in rows] == ALL and all(len(r) == len(HEADER) for r in rows)
    seed = dict(zip(HEADER, rows[1], strict=True))
    assert (
        seed["participants"] == "Ilham Aliyev (President); Li Qiang (Premier of the State Council)"
    )
    assert seed["place"] == "Beijing" and seed["sources"] == "2"
    assert "$3.7 bn +20%" in seed["trade"] and "(derived)" in seed["trade"]
    assert "…" not in result.stdout


def test_a_terminal_gets_a_table_fitted_to_its_width(db):
    """On a real pseudo-terminal the rows are drawn as a table with a title."""
    parent, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "meetings", "--db", str(db)],
        stdout=child,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "160", "TERM": "xterm"},
    )
    os.close(child)
    chunks = []
    while True:  # read while it writes: a full terminal buffer would block it
        try:
            data = os.read(parent, 65536)
        except OSError:  # EIO: the program closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(parent)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    out = re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode("utf-8"))
    assert "4 meetings" in out and "┃ Id" in out and "\t" not in out
    assert "Ilham Aliyev (President)" in out
    assert max(len(line) for line in out.splitlines()) <= 160


def test_csv_json_and_newline_delimited_json(db):
    result = runner.invoke(app, ["meetings", "--db", str(db), "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ALL and list(rows[0]) == HEADER
    assert rows[1]["participants"].startswith("Ilham Aliyev (President); Li Qiang")
    assert ids(runner.invoke(app, ["meetings", "--db", str(db), "--json"])) == ALL
    nl = runner.invoke(app, ["meetings", "--db", str(db), "--nl"])
    assert [json.loads(line)["id"] for line in nl.stdout.splitlines()] == ALL
    record = json.loads(nl.stdout.splitlines()[1])
    assert record["countries"] == ["AZE", "CHN"] and record["n_sources"] == 2
    both = runner.invoke(app, ["meetings", "--db", str(db), "--csv", "--json"])
    assert both.exit_code == 2 and "choose one of --csv, --json and --nl" in both.stderr


def test_since_until_and_limit(db):
    def listed(*args: str) -> list[str]:
        return ids(runner.invoke(app, ["meetings", "--db", str(db), "--json", *args]))

    assert listed("--since", "2025") == ALL[:3]
    assert listed("--until", "2024") == ALL[3:]
    assert listed("--since", "2025-04", "--until", "2025-04") == ["2025-04-23-aze-chn"]
    assert listed("--since", "2025-03-11", "--until", "2025-04-23") == ALL[1:3]
    assert listed("--limit", "2") == ALL[:2]
    assert listed("--pair", "hun-kaz", "--since", "2025", "--limit", "1") == ALL[:1]
    for bad in (["--since", "2025-13"], ["--until", "yesterday"], ["--limit", "0"]):
        result = runner.invoke(app, ["meetings", "--db", str(db), *bad])
        assert result.exit_code == 2, bad
        assert bad[0] in result.stderr


@pytest.mark.parametrize(
    "pair",
    ["Hungary-Kazakhstan", "kaz-hun", "Kazakhstan,Hungary", "HUN KAZ", "Kazakhstan – Hungary"],
)
def test_pair_by_names_or_iso_codes(db, pair):
    listed = ids(runner.invoke(app, ["meetings", "--db", str(db), "--json", "--pair", pair]))
    assert listed == ["2025-09-02-hun-kaz", "2025-03-11-hun-kaz", "2024-06-20-hun-kaz"]


def test_pairs_of_states_with_spaces_or_hyphens_in_their_names(db):
    for pair in ("Azerbaijan-China", "China - Azerbaijan", "People's Republic of China-AZE"):
        result = runner.invoke(app, ["meetings", "--db", str(db), "--json", "--pair", pair])
        assert ids(result) == ["2025-04-23-aze-chn"], pair
    for pair in ("United States-China", "Russia-Turkey", "Guinea-Bissau-Timor-Leste"):
        result = runner.invoke(app, ["meetings", "--db", str(db), "--json", "--pair", pair])
        assert ids(result) == [], pair  # known states, no meeting of theirs here


def test_unknown_pair_says_what_is_expected(db):
    result = runner.invoke(app, ["meetings", "--db", str(db), "--pair", "Russland-Turkey"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "'Russland' is not a country name or ISO alpha-3 code" in result.stderr
    assert "did you mean Russia?" in result.stderr
    assert "RUS-TUR, Russia-Turkey" in result.stderr
    result = runner.invoke(app, ["meetings", "--db", str(db), "--pair", "AZE"])
    assert result.exit_code == 2 and "two ISO alpha-3 codes or country names" in result.stderr
    result = runner.invoke(app, ["meetings", "--db", str(db), "--pair", "AZE-AZE"])
    assert result.exit_code == 2 and "two different states" in result.stderr


def test_meetings_default_path_from_config(db, tmp_path):
    (tmp_path / "briefing.toml").write_text(f'[build]\ndb = "{db.name}"\n')
    result = runner.invoke(app, ["meetings", "--json", "--config", str(tmp_path / "briefing.toml")])
    assert len(ids(result)) == 4


def test_out_is_the_folder_holding_the_archive(db):
    assert ids(runner.invoke(app, ["meetings", "--out", str(db.parent), "--json"])) == ALL
    assert ids(runner.invoke(app, ["meetings", "-o", str(db.parent), "--json"])) == ALL


def test_show_prints_each_fact_with_its_sentences_and_sources(db):
    result = runner.invoke(app, ["show", "2025-04-23-aze-chn", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    people = lines.index("Participants")
    assert lines[people + 1] == "  Ilham Aliyev, President, AZE  [2 sources]"
    quote = lines[people + 2]
    assert re.fullmatch(
        r"      “[^”]*Ilham Aliyev[^”]*” — (AZERTAC|AnewZ)(, AZERTAC|, AnewZ)?", quote
    )
    # A pipe gets whole sentences: none is wrapped onto a second line.
    assert all(line.count("“") == line.count("”") for line in lines)
    relationship = lines.index("Relationship")
    assert lines[relationship + 1].startswith("  comprehensive strategic partnership")
    assert lines[relationship + 2].startswith("      “")
    topics = lines[lines.index("Topics") : lines.index("Conflicts")]
    assert topics[1] == "  Trade  [2 sources]" and len(topics) == 5
    assert all(line.endswith(("” — AZERTAC", "” — AnewZ")) for line in topics[2:4])
    out = result.stdout
    assert "Conflicts" in out and "Wednesday" in out and "(derived)" in out
    assert "Trade turnover 2024: $3.7 bn +20%  [2 sources]" in out
    assert "Joint Statement on the establishment of a comprehensive strategic partnership" in out


def test_show_uses_the_labels_of_the_note_and_of_your_templates(db, tmp_path):
    result = runner.invoke(app, ["show", "2025-09-02-hun-kaz", "--db", str(db)])
    assert "  Culture and education  [1 source]" in result.stdout  # not culture_education
    assert "culture_education" not in result.stdout
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "labels.yaml").write_text("topics:\n  culture_education: Schools and stages\n")
    result = runner.invoke(app, ["show", "2025-09-02-hun-kaz", "--db", str(db), "-t", str(mine)])
    assert result.exit_code == 0, result.output
    assert "  Schools and stages  [1 source]" in result.stdout
    assert "  Energy  [2 sources]" in result.stdout  # the rest: the default labels
    (tmp_path / "briefing.toml").write_text('[build]\ntemplates = "mine"\n')
    result = runner.invoke(
        app,
        ["show", "2025-09-02-hun-kaz", "--db", str(db), "-c", str(tmp_path / "briefing.toml")],
    )
    assert "  Schools and stages  [1 source]" in result.stdout


def test_show_json(db):
    result = runner.invoke(app, ["show", "2025-04-23-aze-chn", "--db", str(db), "--json"])
    record = json.loads(result.output)
    assert record["date"] == "2025-04-23" and len(record["sources"]) == 2
    assert [c["field"] for c in record["conflicts"]] == ["weekday"]


def test_errors_are_one_line(db, tmp_path):
    result = runner.invoke(app, ["show", "no-such-meeting", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no meeting 'no-such-meeting'")
    result = runner.invoke(app, ["meetings", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1 and "no archive" in result.stderr
    result = runner.invoke(app, ["show", "x", "--out", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "no archive" in result.stderr
    assert not (tmp_path / "none.sqlite").exists() and not (tmp_path / "nowhere").exists()
    bad = tmp_path / "bad.sqlite"
    bad.write_text("garbage " * 200)
    result = runner.invoke(app, ["meetings", "--db", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "move it away" in result.stderr
