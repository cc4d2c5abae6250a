"""The command line follows the conventions of click tools (sqlite-utils, datasette):
``--version``, ``-h``, plain help that wraps whole sentences, one ``--out`` for the
archive on every command, nothing created when a run cannot start, one line for an
error many briefings share, and the same mode for every output file."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import COMMANDS
from typer.testing import CliRunner

import briefing
from briefing.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
MEETING_ID = "2025-04-23-aze-chn"
# An invented report of a second meeting, so a broken template fails two briefings.
NORDIC = (
    "OSLO, June 3 (Nordic Wire) -- Norwegian Prime Minister Eirik Lund met Finnish "
    "President Sanna Koski in Oslo on Tuesday.\n\nThe two leaders discussed energy.\n"
)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """The two example reports and one of another meeting, in a folder of their own."""
    src = tmp_path / "in"
    src.mkdir()
    for seed in EXAMPLES.glob("*.json"):
        shutil.copy(seed, src / seed.name)
    (src / "nordic.txt").write_text(NORDIC, encoding="utf-8")
    return src


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"briefing, version {briefing.__version__}\n"
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == f"briefing, version {briefing.__version__}"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_h_is_help_on_every_command(command: list[str]) -> None:
    short = runner.invoke(app, [*command, "-h"], terminal_width=80)
    long = runner.invoke(app, [*command, "--help"], terminal_width=80)
    assert short.exit_code == 0 and short.stdout == long.stdout
    assert "-h, --help" in short.stdout


def _paragraph_lines(help_text: str) -> list[tuple[str, str]]:
    """Consecutive lines of one prose paragraph of the description (the text between the
    usage line and the first list such as "Options:"; examples are indented deeper)."""
    lines = help_text.splitlines()
    end = next(i for i, line in enumerate(lines) if re.fullmatch(r"[A-Z][a-z]+:", line))
    described = lines[1:end]
    return [
        (line, nxt)
        for line, nxt in zip(described, described[1:], strict=False)
        if re.match(r"  \S", line) and re.match(r"  \S", nxt)
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_at_80_columns_has_no_badges_and_whole_lines(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=80)
    text = result.stdout
    assert not re.search(r"<(bool|str|int|float|path|list\[\w+\])>", text, re.I), text
    assert "╭" not in text and "│" not in text  # no rich panels around the options
    assert max(len(line) for line in text.splitlines()) <= 80
    for line, nxt in _paragraph_lines(text):
        # A paragraph line ends only where the next word would not fit: never mid-sentence.
        assert len(line) + 1 + len(nxt.split()[0]) > 80, f"short line:\n{line}\n{nxt}"


def test_one_out_for_build_meetings_show_and_send(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `build --out X`, every command given --out X (or --db) reads that archive."""
    out = tmp_path / "x"
    built = runner.invoke(app, ["build", str(reports), "--out", str(out), "--format", "html"])
    assert built.exit_code == 0, built.output
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)  # no output/ here: a command that ignored --out would fail
    listed = runner.invoke(app, ["meetings", "--out", str(out), "--csv"])
    assert listed.exit_code == 0, listed.output
    rows = listed.stdout.splitlines()
    assert rows[0].startswith('"id","date","pair"') and len(rows) == 3
    assert any(r.startswith(f'"{MEETING_ID}","2025-04-23","AZE-CHN","Beijing",') for r in rows)
    for option in (
        ["--db", str(out)],
        ["--db", str(out / "briefing.sqlite")],
        ["-o", str(out)],
    ):
        again = runner.invoke(app, ["meetings", *option, "--csv"])
        assert again.stdout == listed.stdout, option
    shown = runner.invoke(app, ["show", MEETING_ID, "--out", str(out)])
    assert shown.exit_code == 0 and "Ilham Aliyev" in shown.stdout
    sent = runner.invoke(app, ["send", "--out", str(out), "--eml", str(tmp_path / "mail")])
    assert sent.exit_code == 0, sent.output
    rebuilt = runner.invoke(app, ["build", str(reports), "--db", str(out), "-f", "html"])
    assert rebuilt.exit_code == 0 and "2 up to date" in rebuilt.stdout
    assert sorted(p.name for p in here.iterdir()) == []


def test_out_must_be_a_folder_or_an_archive(tmp_path: Path) -> None:
    note = tmp_path / "note.pdf"
    note.write_bytes(b"%PDF-1.7")
    result = runner.invoke(app, ["meetings", "--out", str(note)])
    assert result.exit_code == 2
    assert "is a file; give the output folder, or the archive (*.sqlite" in result.stderr
    assert note.read_bytes() == b"%PDF-1.7"


def test_no_argument_and_no_config_says_what_to_pass_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: nothing to build: pass report files or folders")
    assert "briefing.toml" in result.stderr and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_mistyped_path_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(tmp_path / "reprots"), "--out", str(out)])
    assert result.exit_code == 2
    assert "reprots: no such file or folder" in result.stderr
    assert not out.exists()
    tables = runner.invoke(app, ["extract", str(tmp_path / "reprots"), "--csv", str(out)])
    assert tables.exit_code == 2 and "reprots: no such file or folder" in tables.stderr
    sent = runner.invoke(app, ["send", "--out", str(out), "--eml", str(tmp_path / "mail")])
    assert sent.exit_code == 1 and "no archive" in sent.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_bad_page_size_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    """Exit code 2, one line naming the file, the setting and the allowed values."""
    cfg = tmp_path / "briefing.toml"
    cfg.write_text('[report]\npage_size = "B5"\n')
    out = tmp_path / "out"
    log = tmp_path / "logs" / "run.log"
    result = runner.invoke(
        app,
        ["build", str(EXAMPLES), "--out", str(out), "-c", str(cfg), "--log-file", str(log)],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {cfg}: report.page_size: 'B5' is not one of A4, Letter, Legal, A5\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.toml"]


def test_a_broken_template_is_reported_once_and_failures_are_counted(
    reports: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "briefing.html").write_text(
        '{% extends "base.html" %}{% block title %}{{ nope.x }}{% endblock %}', encoding="utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(reports), "--out", str(out), "-t", str(mine)])
    assert result.exit_code == 4  # every briefing failed: nothing built
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {mine / 'briefing.html'}:1: undefined variable")
    assert re.search(r"\(2 briefings: 2025-04-23-aze-chn, undated-fin-nor-\w+\)$", errors[0])
    assert result.stdout == "nothing built: 2 briefings, 0 files written, 2 briefings failed\n"
    assert not list(out.glob("*.pdf"))


def test_every_output_file_gets_the_same_mode(reports: Path, tmp_path: Path) -> None:
    """CSV tables, PDFs and HTML: 0644 less the umask, like any file a user creates."""
    old = os.umask(0o027)
    try:
        tables = runner.invoke(app, ["extract", str(reports), "--csv", str(tmp_path / "csv")])
        built = runner.invoke(app, ["build", str(reports), "--out", str(tmp_path / "out")])
    finally:
        os.umask(old)
    assert tables.exit_code == 0 and built.exit_code == 0, built.output
    files = [
        *(tmp_path / "csv").glob("*.csv"),
        *(tmp_path / "out").glob("*.pdf"),
        *(tmp_path / "out").glob("*.html"),
    ]
    assert len(files) == 6 + 2 * 2 + 1  # tables, two briefings, the index
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o640}
    again = runner.invoke(app, ["extract", str(reports), "--csv", str(tmp_path / "csv2")])
    assert again.exit_code == 0
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "csv2").glob("*.csv")} == {0o644}


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    report = tmp_path / "in" / "hostile.json"
    report.parent.mkdir()
    report.write_text(
        json.dumps(
            {
                "title": '=HYPERLINK("http://evil.example","click")',
                "publisher": "@Wire",
                "text": NORDIC,
            }
        )
    )
    result = runner.invoke(app, ["extract", str(report.parent), "--csv", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    sources = (tmp_path / "csv" / "sources.csv").read_text(encoding="utf-8")
    assert "\"'=HYPERLINK(" in sources and ',"\'@Wire",' in sources
    assert ",=HYPERLINK" not in sources and ',"=HYPERLINK' not in sources
