"""The meeting schema ships in the package (and the wheel), ``briefing schema`` prints it,
every meeting ``extract --json`` prints follows it; the README's eval example runs on a
fresh clone from the gold copies of the examples, which a build of examples/ skips."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from briefing.cli import app
from briefing.spec import SCHEMA_PATH, load_schema
from tests.conftest import EXAMPLES, ROOT, assert_follows_schema

runner = CliRunner()


def test_schema_command_prints_the_packaged_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == SCHEMA_PATH.read_text(encoding="utf-8")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "countries", "participants", "figures"} <= set(schema["required"])
    assert SCHEMA_PATH.parent == ROOT / "briefing" / "spec"


def test_every_meeting_of_extract_json_follows_the_schema() -> None:
    """All the invented reports shipped with the tests, and the examples."""
    for folder, at_least in ((ROOT / "tests" / "corpus", 100), (EXAMPLES, 1)):
        result = runner.invoke(app, ["extract", str(folder), "--json"])
        assert result.exit_code == 0, result.stderr
        meetings = json.loads(result.stdout)["meetings"]
        assert len(meetings) >= at_least
        assert_follows_schema(meetings)


def test_the_wheel_ships_the_schema_and_the_templates(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("briefing-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "briefing/spec/meeting.schema.json" in names
    assert "briefing/templates/briefing.html" in names
    shipped = zipfile.ZipFile(wheel).read("briefing/spec/meeting.schema.json")
    assert json.loads(shipped) == load_schema()


def test_readme_eval_example_runs_on_the_shipped_gold() -> None:
    assert "briefing eval examples/gold" in (ROOT / "README.md").read_text(encoding="utf-8")
    result = runner.invoke(app, ["eval", str(EXAMPLES / "gold"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["docs"] == 2
    for gold in (EXAMPLES / "gold").glob("*.json"):
        report = json.loads(gold.read_text(encoding="utf-8"))
        example = json.loads((EXAMPLES / gold.name).read_text(encoding="utf-8"))
        assert report["text"] == example["text"] and isinstance(report["gold"], dict)
        assert_follows_schema([{"id": gold.stem, **report["gold"], "sources": []}])


def test_build_of_examples_skips_the_gold_copies(tmp_path: Path) -> None:
    """Building examples/ gives what building its two reports gives, byte for byte."""
    whole, reports = tmp_path / "whole", tmp_path / "reports"
    by_folder = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(whole), "-f", "html"])
    by_files = runner.invoke(
        app, ["build", *map(str, sorted(EXAMPLES.glob("*.json"))), "-o", str(reports), "-f", "html"]
    )
    assert by_folder.exit_code == 0 and by_files.exit_code == 0
    assert by_folder.stdout == by_files.stdout == "1 briefing, 1 file written\n"
    for page in ("2025-04-23-aze-chn.html", "index.html"):
        assert (whole / page).read_bytes() == (reports / page).read_bytes(), page
    listed = runner.invoke(app, ["extract", str(EXAMPLES), "--json"])
    assert len(json.loads(listed.stdout)["articles"]) == 2
