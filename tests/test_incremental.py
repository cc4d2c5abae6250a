"""Cron-safe builds: incremental re-rendering, the run lock, recovery after SIGKILL,
sources from the config, and ``build --email`` against a real SMTP server."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from local_servers import Site, free_port, rss, smtp
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.archive import Archive
from briefing.cli import app
from briefing.config import Config, load_config
from briefing.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples").glob("s00*.json"))
MEETING = "2025-04-23-aze-chn"


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder)
    return folder


def mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.glob(f"{MEETING}.*")}


def test_second_run_renders_nothing_and_changes_rerender(tmp_path, reports):
    out = tmp_path / "out"
    first = build([reports], out=out, formats="html")
    assert [p.name for p in first.written] == [f"{MEETING}.html"]
    before = mtimes(out)
    again = build([reports], out=out, formats="html")
    assert again.written == [] and again.skipped == [MEETING] and again.ok
    assert mtimes(out) == before
    # A second report of the same meeting changes the briefing (two sources now).
    shutil.copy(SEEDS[1], reports)
    grown = build([reports], out=out, formats="html")
    assert [p.name for p in grown.written] == [f"{MEETING}.html"]
    assert len(grown.result.extractions) == 1  # only the new report was extracted
    # A changed setting re-renders; --force re-extracts and re-renders.
    cfg = Config()
    cfg.report.organisation = "Policy Planning Staff"
    assert build([reports], out=out, formats="html", config=cfg).written
    assert build([reports], out=out, formats="html", config=cfg).written == []
    forced = build([reports], out=out, formats="html", config=cfg, force=True)
    assert len(forced.result.extractions) == 2 and forced.skipped == []
    assert "Policy Planning Staff" in (out / f"{MEETING}.html").read_text()


def test_template_change_and_missing_output_rerender(tmp_path, reports):
    out, templates = tmp_path / "out", tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.css").write_text(
        (ROOT / "templates" / "briefing.css").read_text() + "\nh1 { letter-spacing: 0; }\n"
    )
    assert build([reports], out=out, formats="html", templates=templates).written
    assert not build([reports], out=out, formats="html", templates=templates).written
    (templates / "briefing.css").write_text(
        (templates / "briefing.css").read_text() + "h2 { color: #222; }\n"
    )
    assert build([reports], out=out, formats="html", templates=templates).written
    (out / f"{MEETING}.html").unlink()
    assert build([reports], out=out, formats="html", templates=templates).written


NOOP = """
import json, sys, time
from briefing.pipeline import build
started = time.monotonic()
report = build([sys.argv[1]], out=sys.argv[2], formats="html")
print(json.dumps({"seconds": time.monotonic() - started, "skipped": report.skipped,
                  "heavy": sorted(m for m in ("briefing.extract", "weasyprint")
                                 if m in sys.modules)}))
"""


def test_noop_run_skips_extraction_and_merge(tmp_path, reports):
    """Nothing new since a complete run: no extraction, no WeasyPrint, no merge (the reason
    a no-op nightly run over 1,000 reports takes about a second)."""
    out = tmp_path / "out"
    build([reports], out=out, formats="html")
    done = subprocess.run(
        [sys.executable, "-c", NOOP, str(reports), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["skipped"] == [MEETING] and result["heavy"] == []
    assert result["seconds"] < 2.0


def test_second_run_exits_3_while_the_first_holds_the_lock(tmp_path, reports):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom briefing.lock import RunLock\n"
            "RunLock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(60)",
            str(out),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = CliRunner().invoke(app, ["build", str(reports), "--out", str(out), "--quiet"])
        assert result.exit_code == 3
        assert "another briefing run" in result.stderr and f"pid {holder.pid}" in result.stderr
        assert time.monotonic() - started < 2
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    result = CliRunner().invoke(
        app, ["build", str(reports), "--out", str(out), "--quiet", "--format", "html"]
    )
    assert result.exit_code == 0, result.output


def test_run_killed_midway_is_completed_by_the_next(tmp_path):
    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, reports)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", str(reports), "--out", str(out), "--quiet"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not (out / "briefing.sqlite").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # somewhere in extraction, archive writes or rendering
    os.killpg(run.pid, signal.SIGKILL)  # the run and its render workers, like the OOM killer
    run.wait()
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(reports), "--out", str(out), "--quiet"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert PdfReader(out / f"{MEETING}.pdf").pages
    assert f"{MEETING}.html" in {p.name for p in out.iterdir()}
    assert not list(out.glob(".*.tmp"))
    with Archive(out / "briefing.sqlite") as archive:
        assert archive.get_render_hash(MEETING)
        assert len(archive.article_ids()) == 2


def test_sources_from_config_when_no_path_is_given(tmp_path):
    seed = json.loads(SEEDS[0].read_text())
    with Site() as site:
        site.routes["/wire.rss"] = (
            "application/rss+xml",
            rss(
                [
                    {
                        "title": seed["title"],
                        "link": site.url("/a"),
                        "content": seed["text"],
                        "date": "Wed, 23 Apr 2025 12:00:00 GMT",
                    }
                ]
            ),
        )
        (tmp_path / "briefing.toml").write_text(
            f'[build]\noutput = "out"\nformats = "html"\n'
            f'[sources]\nfeeds = ["{site.url("/wire.rss")}", "{site.url("/gone.rss")}"]\n'
            "timeout = 0.5\nretries = 0\n"
        )
        report = build(config=load_config(tmp_path / "briefing.toml"))
    assert [p.name for p in report.written] == [f"{MEETING}.html"]
    assert [e.path for e in report.errors] == [site.url("/gone.rss")]


def write_config(folder: Path, port: int) -> Path:
    path = folder / "briefing.toml"
    path.write_text(
        '[build]\noutput = "out"\n[email]\nhost = "127.0.0.1"\n'
        f'port = {port}\nsecurity = "none"\nsender = "desk@briefing.test"\n'
        'to = ["analysts@briefing.test"]\ntimeout = 5\n'
    )
    return path


def test_build_email_delivers_once_even_when_the_server_was_down(tmp_path, reports, monkeypatch):
    port = free_port()
    write_config(tmp_path, port)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    down = runner.invoke(app, ["build", str(reports), "--email"])
    assert down.exit_code == 1, down.output
    assert "1 briefing, 2 files written" in down.stdout and "0 emails sent, 1 queued" in down.stdout
    assert down.stderr.count("cannot deliver via 127.0.0.1") == 1  # printed once
    with smtp(port) as (box, _):
        up = runner.invoke(app, ["build", str(reports), "--email"])
        assert up.exit_code == 0, up.output
        assert "1 up to date, 1 email sent, 0 queued" in up.stdout
        again = runner.invoke(app, ["build", str(reports), "--email"])
        assert again.exit_code == 0 and "0 emails sent" in again.stdout
    [(rcpts, msg)] = box.messages
    assert rcpts == ["analysts@briefing.test"]
    [pdf] = [a for a in msg.iter_attachments() if a.get_content_type() == "application/pdf"]
    reader = PdfReader(io.BytesIO(pdf.get_content()))
    assert "Aliyev" in "".join(page.extract_text() for page in reader.pages)


def test_build_email_without_smtp_settings_is_a_usage_error(tmp_path, reports):
    result = CliRunner().invoke(
        app, ["build", str(reports), "--out", str(tmp_path / "o"), "--email"]
    )
    assert result.exit_code == 2 and "email.host" in result.stderr
    assert not (tmp_path / "o").exists()  # checked before anything was built


def test_log_options(tmp_path, reports):
    log_file = tmp_path / "run.log"
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(reports),
            "--out",
            str(tmp_path / "o"),
            "--format",
            "html",
            "--log-file",
            str(log_file),
            "--log-format",
            "json",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert any("1 briefing(s) rendered" in rec["message"] for rec in lines)
    assert all({"time", "level", "logger", "message"} <= rec.keys() for rec in lines)
    # --quiet (cron): nothing on the console unless something went wrong.
    assert result.stdout == "" and "INFO" not in result.stderr
    plain = CliRunner().invoke(
        app, ["build", str(reports), "--out", str(tmp_path / "o"), "--format", "html"]
    )
    # Not a terminal: plain timestamped lines, no colour codes or progress bar redraws.
    assert re.search(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO briefing: 1 report\(s\) read", plain.stderr, re.M
    )
    assert "\x1b[" not in plain.stderr
    bad = CliRunner().invoke(app, ["build", str(reports), "--log-format", "xml"])
    assert bad.exit_code == 2 and "--log-format" in bad.stderr
