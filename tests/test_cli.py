"""End to end through the CLI: the seeds give one briefing, JSON follows the schema
shipped in the package (every ``extract --json`` output here is validated against it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import EXAMPLES, SEEDS, assert_follows_schema, needs_shared

runner = CliRunner()
MEETING_ID = "2025-04-23-aze-chn"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``briefing build`` with no arguments, run where examples/ is (as the README says)."""
    work = tmp_path_factory.mktemp("work")
    shutil.copytree(EXAMPLES, work / "examples")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    return work / "output"


def test_build_without_arguments_gives_one_briefing_for_the_seeds(built: Path) -> None:
    assert sorted(p.name for p in built.glob("*.pdf")) == [f"{MEETING_ID}.pdf"]
    assert (built / f"{MEETING_ID}.html").is_file()
    assert not list(built.glob(".*.tmp"))


def test_pdf_holds_participants_date_and_figure(built: Path) -> None:
    from pypdf import PdfReader

    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(built / f"{MEETING_ID}.pdf").pages
    )
    for needle in (
        "Ilham Aliyev",
        "Li Qiang",
        "Premier of the State Council",
        "$3.7 billion",
        "AZERTAC",
        "AnewZ",
    ):
        assert needle in text, needle
    assert "23 April 2025" in text or "April 23, 2025" in text


def test_the_seed_note_opens_with_its_key_points(built: Path) -> None:
    """The first block under the title says what came out of the meeting: the Joint
    Statement signed, relations raised to a comprehensive strategic partnership, the
    visa-waiver agreement proposed and not yet signed; the key facts box follows."""
    from pypdf import PdfReader

    first = " ".join(PdfReader(built / f"{MEETING_ID}.pdf").pages[0].extract_text().split())
    start = first.upper().index("KEY POINTS")
    block = first[start : first.upper().index("WHO", start)]
    assert first.index("Azerbaijan – China") < start
    signed = block.index("Joint Statement on the establishment of a comprehensive strategic")
    raised = block.index("Raised to comprehensive strategic partnership, from strategic")
    proposed = block.index("reciprocal visa waiver agreement")
    assert block.upper().index("SIGNED") < signed < raised < proposed
    assert "not yet signed" in block[proposed:]
    assert "Trade turnover reached $3.7 billion in 2024, up 20%" in block


def test_html_is_self_contained_and_cites_both_sources(built: Path) -> None:
    html = (built / f"{MEETING_ID}.html").read_text(encoding="utf-8")
    assert "<style" in html and 'rel="stylesheet"' not in html and "<script" not in html
    assert "<svg" not in html  # one trade value read: the table says it, no chart
    assert "AZERTAC" in html and "AnewZ" in html
    # No teaser of the scraped page leaks into the briefing.
    for teaser in ("Shinmoedake", "Oaxaca", "F-16", "frigates", "Prabowo"):
        assert teaser not in html


@needs_shared(SEEDS)
def test_extract_json_matches_gold_of_seed_s000_and_schema() -> None:
    result = runner.invoke(app, ["extract", str(SEEDS / "s000.json"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    [meeting] = doc["meetings"]
    assert_follows_schema(doc["meetings"])
    gold = json.loads((SEEDS / "s000.json").read_text(encoding="utf-8"))["gold"]
    for key in ("is_bilateral_meeting", "meeting_type", "date", "countries"):
        assert meeting[key] == gold[key], key
    assert {k: meeting["location"][k] for k in ("city", "country")} == gold["location"]
    assert [
        {k: p[k] for k in ("name", "title", "country")} for p in meeting["participants"]
    ] == gold["participants"]
    assert sorted(meeting["topics"]) == sorted(gold["topics"])
    keys = ("metric", "value_usd", "change_pct", "period", "approximate")
    got = sorted(
        (tuple(f[k] for k in keys) for f in meeting["figures"] if not f["derived"]), key=str
    )
    assert got == sorted((tuple(f[k] for k in keys) for f in gold["figures"]), key=str)
    assert sorted((a["name"], a["status"], a["date"]) for a in meeting["agreements"]) == sorted(
        (a["name"], a["status"], a["date"]) for a in gold["agreements"]
    )
    assert {k: meeting["relationship"][k] for k in gold["relationship"]} == gold["relationship"]
    [article] = doc["articles"]
    assert article["publisher"] == "AZERTAC" and article["published"] == "2025-04-23"


def test_extract_merges_the_two_seeds_and_lists_articles() -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLES), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert_follows_schema(doc["meetings"])
    [meeting] = doc["meetings"]
    assert meeting["id"] == MEETING_ID
    assert sorted(s["publisher"] for s in meeting["sources"]) == ["AZERTAC", "AnewZ"]
    assert len(doc["articles"]) == 2
    assert {a["meeting_id"] for a in doc["articles"]} == {MEETING_ID}


def test_non_meeting_article_is_listed_with_reason(tmp_path: Path) -> None:
    (tmp_path / "stats.txt").write_text(
        "Exports of grain from the country rose by 12 percent in the first half of the year, "
        "the national statistics office said on Monday. Wheat accounted for most of the growth."
    )
    result = runner.invoke(app, ["extract", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["meetings"] == []
    assert_follows_schema(doc["meetings"])
    [article] = doc["articles"]
    assert article["is_bilateral_meeting"] is False and article["reason"]


def test_extract_csv_writes_the_tables(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLES), "--csv", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.stem for p in tmp_path.glob("*.csv"))
    assert names == ["agreements", "figures", "meetings", "participants", "sources", "topics"]
    import pandas as pd

    assert pd.read_csv(tmp_path / "meetings.csv")["id"].tolist() == [MEETING_ID]
    assert "Li Qiang" in pd.read_csv(tmp_path / "participants.csv")["name"].tolist()


def test_build_html_only_to_out_dir_with_a_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(EXAMPLES, src)
    (src / "broken.json").write_text("{oops")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "--out", str(out), "--format", "html"])
    assert result.exit_code == 1
    assert "broken.json" in result.stderr and "invalid JSON" in result.stderr
    assert result.stderr.count("broken.json") == 1  # one line per bad file, not two
    assert (out / f"{MEETING_ID}.html").is_file()
    assert not list(out.glob("*.pdf"))


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(EXAMPLES), "--format", "docx", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "unknown format" in result.stderr
    bad = tmp_path / "briefing.toml"
    bad.write_text("[report\norganisation = 1")
    result = runner.invoke(app, ["build", "--config", str(bad)])
    assert result.exit_code == 2 and "briefing.toml" in result.stderr


COMMANDS = [
    [],
    ["build"],
    ["extract"],
    ["schema"],
    ["eval"],
    ["meetings"],
    ["show"],
    ["send"],
    ["schedule"],
    ["templates"],
    ["templates", "init"],
    ["templates", "list"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_explains_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
