"""Issue 17, with real files, a real SQLite archive and real file systems: CSV cells a
spreadsheet would run are neutralised; a full disk (outputs or archive) is counted and
summarised, one line per failure and no traceback; a write-ahead log left by a failed run
is reclaimed at the next start; a build killed mid-render is followed by a run that
renders only what was left; a run that built nothing says so (exit code 4)."""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.archive import Archive
from briefing.cli import app
from briefing.incremental import RUN_KEY
from briefing.tables import FORMULA_START, csv_cell, csv_text
from tests.conftest import EXAMPLES, ROOT, fill_disk

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

runner = CliRunner()
SEED_MEETING = "2025-04-23-aze-chn"
# Invented reports.
NORDIC = (
    "OSLO, June 3 (Nordic Wire) -- Norwegian Prime Minister Eirik Lund met Finnish "
    "President Sanna Koski in Oslo on Tuesday.\n\nThe two leaders discussed energy.\n"
)
NOT_A_MEETING = (
    "The central bank of a small island state kept its main rate unchanged on Thursday.\n\n"
    "Analysts had expected the decision after a quiet quarter.\n"
)


def _cli(*args: str) -> tuple[int, str, list[str]]:
    """Exit code, standard output and the ``error:`` lines of one command."""
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    return result.exit_code, result.stdout, errors


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _live_formulas(path: Path) -> list[str]:
    """Cells a spreadsheet would run: after blanks it may trim, a formula character, and
    not a plain number (``-3.5`` is a number, not a formula)."""
    with path.open(newline="", encoding="utf-8") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    return [c for c in cells if c.lstrip().startswith(FORMULA_START[:4]) and not _is_number(c)]


# --------------------------------------------------------------------------- 17.2 CSV


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x.test","click")', '\'=HYPERLINK("http://x.test","click")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("\t=1+1", "'\t=1+1"),  # the TAB is kept, behind the apostrophe
        ("\r=1+1", "'\r=1+1"),
        ("\tharmless", "'\tharmless"),
        (" =1+1", "' =1+1"),  # a spreadsheet trimming blanks on import would run it
        ("\n@SUM(1)", "'\n@SUM(1)"),
        ("\u00a0=1", "'\u00a0=1"),
        ("Sanna Koski", "Sanna Koski"),
        ("a;=1+1", "a;=1+1"),  # not at the start: a quoted cell keeps it in one cell
        (-3.5, -3.5),
        (None, None),
    ],
)
def test_csv_cell_neutralises_what_a_spreadsheet_would_run(text: object, cell: object) -> None:
    assert csv_cell(text) == cell


def test_csv_text_quotes_text_and_keeps_numbers_bare() -> None:
    text = csv_text(["a", "b", "c", "d"], [["x;=1+1", -3.5, None, "-3.5"]])
    assert text == '"a","b","c","d"\n"x;=1+1",-3.5,"","\'-3.5"\n'
    # Read with ";" as a spreadsheet in many locales does: the quoted cell stays one cell.
    row = next(csv.reader(text.splitlines()[1:], delimiter=";"))
    assert not [c for c in row if c.startswith("=")]


def test_extract_csv_neutralises_every_formula_cell(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    hostile = {
        "meeting.json": {
            "title": '=HYPERLINK("http://x.test/?"&A1,"click")',
            "publisher": "@SUM(1+1)",
            "published": "2025-06-03",
            "text": NORDIC,
        },
        "other.json": {
            "title": "\t=1+1",
            "publisher": "+cmd|' /C calc'!A0",
            "published": "2025-06-04",
            "text": NOT_A_MEETING,
        },
    }
    for name, item in hostile.items():
        (src / name).write_text(json.dumps(item), encoding="utf-8")
    code, _, errors = _cli("extract", str(src), "--csv", str(tmp_path / "csv"))
    assert code == 0, errors
    tables = sorted((tmp_path / "csv").glob("*.csv"))
    assert len(tables) == 6
    for table in tables:
        assert _live_formulas(table) == [], table.name
    with (tmp_path / "csv" / "sources.csv").open(newline="", encoding="utf-8") as fh:
        sources = {row["publisher"]: row for row in csv.DictReader(fh)}
    assert sources["'@SUM(1+1)"]["title"] == '\'=HYPERLINK("http://x.test/?"&A1,"click")'
    assert sources["'@SUM(1+1)"]["meeting_id"]  # the meeting's own source row
    other = sources["'+cmd|' /C calc'!A0"]
    assert other["title"] == "'=1+1" and other["reason"] and not other["meeting_id"]


def test_meetings_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, errors = _cli("build", str(EXAMPLES), "--out", str(out), "--format", "html")
    assert code == 0, errors
    # A stored name a spreadsheet would run (the archive is data from reports).
    with sqlite3.connect(out / "briefing.sqlite") as db:
        (data,) = db.execute("SELECT data FROM meetings WHERE id = ?", (SEED_MEETING,)).fetchone()
        record = json.loads(data)
        record["participants"][0]["name"] = "=cmd|' /C calc'!A0"
        db.execute("UPDATE meetings SET data = ? WHERE id = ?", (json.dumps(record), SEED_MEETING))
    code, stdout, errors = _cli("meetings", "--out", str(out), "--csv")
    assert code == 0, errors
    listing = tmp_path / "meetings.csv"
    listing.write_text(stdout, encoding="utf-8")
    assert _live_formulas(listing) == []
    rows = list(csv.DictReader(stdout.splitlines()))
    assert rows[0]["participants"].startswith("'=cmd|' /C calc'!A0")
    assert rows[0]["id"] == SEED_MEETING


# --------------------------------------------------------------------------- 17.6 disk


def _config(tmp_path: Path, db: Path) -> Path:
    cfg = tmp_path / "briefing.toml"
    cfg.write_text(f'[build]\ndb = "{db}"\n', encoding="utf-8")
    return cfg


def _pages(size: int) -> int:
    """Bytes a file of ``size`` bytes takes on a tmpfs (whole 4 KiB pages)."""
    return -(-size // 4096) * 4096


def test_a_full_output_disk_counts_and_summarises_every_failure(tmp_path: Path, tmpfs) -> None:
    reports = tmp_path / "reports"
    corpus.write_corpus(reports, 40, seed=3)
    cfg = _config(tmp_path, tmp_path / "archive" / "briefing.sqlite")  # on another disk
    html = ("--format", "html", "--jobs", "1")
    reference = tmp_path / "reference"  # the same build with room, for the files' sizes
    code, _, errors = _cli("build", str(reports), "--out", str(reference), *html)
    assert code == 0, errors
    briefings = sorted(p for p in reference.glob("*.html") if p.name != "index.html")
    out = tmpfs("out", "2m")
    fill_disk(out)
    filler = out / "filler"
    room = sum(_pages(p.stat().st_size) for p in briefings[:3]) + 4096
    os.truncate(filler, filler.stat().st_size - room)  # three briefings fit, not the index
    code, stdout, errors = _cli(
        "build", str(reports), "--out", str(out), "--config", str(cfg), *html
    )
    assert code == 1, errors  # some briefings were built
    assert sorted(p.name for p in out.glob("*.html")) == [p.name for p in briefings[:3]]
    assert len(errors) == len(briefings) - 3 + 1, errors  # each briefing, and the index
    assert all("No space left on device" in e for e in errors), errors
    assert [e for e in errors if e.startswith(f"error: {out / 'index.html'}: ")]
    assert stdout.strip() == (
        f"{len(briefings)} briefings, 3 files written, {len(briefings) - 3} briefings failed, "
        "1 other error"
    )
    assert not [p for p in out.iterdir() if ".tmp" in p.name]
    filler.unlink()  # space again: the next run builds the rest and the index
    code, stdout, errors = _cli(
        "build", str(reports), "--out", str(out), "--config", str(cfg), *html
    )
    assert code == 0, errors
    assert stdout.strip() == (
        f"{len(briefings)} briefings, {len(briefings) - 3} files written, 3 up to date"
    )
    assert (out / "index.html").read_bytes() == (reference / "index.html").read_bytes()


def test_a_full_disk_during_an_archive_commit_is_one_line_and_its_log_is_reclaimed(
    tmp_path: Path, tmpfs
) -> None:
    reports = tmp_path / "reports"
    corpus.write_corpus(reports, 60, seed=4)
    out = tmpfs("out", "2m")
    db = out / "briefing.sqlite"
    fill_disk(out)
    filler = out / "filler"
    os.truncate(filler, filler.stat().st_size - 400_000)  # less than the archive needs
    code, stdout, errors = _cli("build", str(reports), "--out", str(out), "-f", "html")
    assert code == 4, errors  # nothing at all was built
    assert len(errors) == 1 and errors[0].startswith(f"error: {db}: archive unusable ("), errors
    assert "free disk space" in errors[0]
    assert stdout == "nothing built: 0 briefings, 0 files written, 1 error\n"
    wal = Path(f"{db}-wal")
    assert wal.stat().st_size > 0  # the failed run's log, taking space
    filler.unlink()
    with Archive(db):  # the next start folds it in and truncates it
        assert wal.stat().st_size == 0
    code, stdout, errors = _cli("build", str(reports), "--out", str(out), "-f", "html")
    assert code == 0, errors


def _limited_build(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """``briefing build`` in a process whose files cannot grow past ``limit`` bytes
    (RLIMIT_FSIZE; Python ignores SIGXFSZ, so a write past it fails with EFBIG)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "briefing", "build", *args],
        preexec_fn=cap,  # noqa: PLW1509 - no threads in this test process are forking
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_an_os_error_in_an_archive_commit_is_one_line_without_root(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    corpus.write_corpus(reports, 60, seed=4)
    out = tmp_path / "out"
    done = _limited_build(300_000, str(reports), "--out", str(out), "-f", "html", "-q")
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 4, done.stderr
    assert len(errors) == 1 and errors[0].startswith(f"error: {out / 'briefing.sqlite'}: ")
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(reports), "--out", str(out), "-f", "html"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- 17.9


def test_a_build_killed_mid_render_is_finished_by_the_next_run(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    corpus.write_corpus(reports, 40, seed=5)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "briefing", "build", str(reports), "--out", str(out)]
    proc = subprocess.Popen(
        [*command, "--jobs", "1"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        if " built " in line:
            seen.append(line.split(" built ", 1)[1].strip())
            if len(seen) == 3:
                os.killpg(proc.pid, signal.SIGKILL)
                break
    proc.stderr.close()
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL and len(seen) == 3
    with sqlite3.connect(out / "briefing.sqlite") as db:
        recorded = {r[0] for r in db.execute("SELECT meeting_id FROM render_state")} - {RUN_KEY}
        every = {r[0] for r in db.execute("SELECT id FROM meetings")}
    assert set(seen) <= recorded < every  # each briefing recorded as it was written
    for mid in recorded:
        assert (out / f"{mid}.html").is_file() and (out / f"{mid}.pdf").is_file()
    again = subprocess.run(
        [*command, "--jobs", "2"], capture_output=True, text=True, timeout=600, check=False
    )
    assert again.returncode == 0, again.stderr
    rendered = {
        ln.split(" built ", 1)[1].strip() for ln in again.stderr.splitlines() if " built " in ln
    }
    assert rendered == every - recorded
    assert f"{len(recorded)} up to date" in again.stdout


# --------------------------------------------------------------------------- exit codes


def test_a_run_that_built_nothing_says_so_with_its_own_exit_code(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "broken.json").write_text("{oops", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    code, stdout, errors = _cli("build", str(src), "--out", str(tmp_path / "out"))
    assert code == 4
    assert len(errors) == 2
    assert stdout.strip() == "nothing built: 0 briefings, 0 files written, 2 inputs failed"
    (src / "s000.json").write_bytes((EXAMPLES / "s000-azertac.json").read_bytes())
    code, stdout, errors = _cli("build", str(src), "--out", str(tmp_path / "out"))
    assert code == 1 and len(errors) == 2  # the rest (one briefing) was built
    assert stdout.startswith("1 briefing, 2 files written, 2 inputs failed\n")
