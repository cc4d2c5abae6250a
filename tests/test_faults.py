"""Faults (issue 7): a hanging or exploding render, a full disk, a read-only output folder,
a corrupt archive or config. Each gives a clear error, earlier outputs stay intact, and
the rest of the run goes on."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.atomic import atomic_write
from briefing.cli import app
from briefing.errors import DeliveryError
from tests.conftest import EXAMPLES, fill_disk

runner = CliRunner()
SEED_MEETING = "2025-04-23-aze-chn"
# Invented reports of two other meetings.
NORDIC = (
    "OSLO, June 3 (Nordic Wire) -- Norwegian Prime Minister Eirik Lund met Finnish "
    "President Sanna Koski in Oslo on Tuesday.\n\nThe two leaders discussed energy.\n"
)
BALTIC = (
    "RIGA, June 4 (Baltic Wire) -- Latvian Prime Minister Janis Ozols met Estonian "
    "Prime Minister Kadri Tamm in Riga on Wednesday.\n\nThey discussed rail links.\n"
)


def _snapshot(folder: Path) -> dict[str, str]:
    """Digest of every briefing file, to show earlier outputs are left exactly as they were."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*"))
        if p.suffix in (".html", ".pdf")
    }


def _no_temp_files(folder: Path) -> None:
    assert not [p for p in folder.rglob("*") if ".tmp" in p.name]


def _build(*args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["build", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for seed in EXAMPLES.glob("*.json"):
        shutil.copy(seed, src / seed.name)
    return src


def test_atomic_write_on_a_full_disk_keeps_the_old_file(tmpfs) -> None:
    disk = tmpfs("small", "256k")
    target = disk / "briefing.html"
    atomic_write(target, "old content")
    fill_disk(disk)
    with pytest.raises(DeliveryError) as info:
        atomic_write(target, "x" * 200_000)
    assert str(target) in str(info.value) and "No space left" in str(info.value)
    assert target.read_text() == "old content"
    _no_temp_files(disk)


def test_build_on_a_full_disk_reports_and_keeps_earlier_outputs(seeds: Path, tmpfs) -> None:
    out = tmpfs("out", "4m")
    code, errors = _build(str(seeds), "--out", str(out))
    assert code == 0, errors
    before = _snapshot(out)
    assert f"{SEED_MEETING}.pdf" in before
    (seeds / "nordic.txt").write_text(NORDIC, encoding="utf-8")
    (seeds / "s002-anewz.json").write_text(  # a changed report: the seed briefing changes
        (seeds / "s002-anewz.json").read_text(encoding="utf-8").replace("AnewZ", "AnewZ TV"),
        encoding="utf-8",
    )
    fill_disk(out)
    code, errors = _build(str(seeds), "--out", str(out))
    assert code == 4  # not one briefing could be written: nothing built
    assert errors and all(
        ("No space left" in e or "disk" in e) and str(out) in e for e in errors
    ), errors
    assert _snapshot(out) == before
    _no_temp_files(out)
    (out / "filler").unlink()  # space again: the next run catches up
    code, errors = _build(str(seeds), "--out", str(out))
    assert code == 0, errors
    after = _snapshot(out)
    assert after[f"{SEED_MEETING}.pdf"] != before[f"{SEED_MEETING}.pdf"]
    assert [n for n in after if n.startswith("undated-fin-nor") and n.endswith(".pdf")]


def test_read_only_output_folder(seeds: Path, tmpfs) -> None:
    out = tmpfs("out", "4m")
    code, _ = _build(str(seeds), "--out", str(out))
    assert code == 0
    before = _snapshot(out)
    (seeds / "nordic.txt").write_text(NORDIC, encoding="utf-8")
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
    code, errors = _build(str(seeds), "--out", str(out))
    assert code == 4  # the run could not start: nothing built
    assert len(errors) == 1 and str(out) in errors[0] and "Read-only" in errors[0], errors
    assert _snapshot(out) == before


def test_output_folder_that_cannot_be_created(seeds: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file where the output folder's parent should be")
    code, errors = _build(str(seeds), "--out", str(blocker / "output"))
    assert code == 4
    assert len(errors) == 1 and str(blocker) in errors[0] and "Not a directory" in errors[0]
    assert blocker.read_text().startswith("a file")


def test_corrupt_archive_names_its_path_and_how_to_recover(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _ = _build(str(seeds), "--out", str(out))
    assert code == 0
    before = _snapshot(out)
    db = out / "briefing.sqlite"
    assert db.is_file()
    db.write_bytes(b"this is not an SQLite database at all" * 100)
    code, errors = _build(str(seeds), "--out", str(out))
    assert code == 4
    assert len(errors) == 1 and str(db) in errors[0] and "mv " in errors[0], errors
    assert _snapshot(out) == before
    # Following the advice works: the archive is rebuilt from the inputs.
    db.rename(db.with_name(db.name + ".broken"))
    code, errors = _build(str(seeds), "--out", str(out))
    assert code == 0, errors
    assert _snapshot(out) == before


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b"[build\noutput = 'x'", "fix the file or pass --config"),
        (b"\xff\xfe\x00garbage\x00", "save it as UTF-8 TOML or pass another file with --config"),
        (b"[build]\nmax_input_bytes = 'ten'\n", "expected a whole number"),
        (b"[build]\noutptu = 'x'\n", "unknown key(s) outptu"),
        (b"[nonsense]\n", "unknown section(s) nonsense"),
    ],
)
def test_corrupt_config_names_its_path_and_the_fix(
    tmp_path: Path, content: bytes, hint: str
) -> None:
    cfg = tmp_path / "briefing.toml"
    cfg.write_bytes(content)
    code, errors = _build(str(EXAMPLES), "--out", str(tmp_path / "out"), "--config", str(cfg))
    assert code == 2
    assert len(errors) == 1 and str(cfg) in errors[0] and hint in errors[0], errors
    assert not (tmp_path / "out").exists()


HANG_AND_BOMB = """\
{%- if "fin" in meeting.id -%}
  {%- for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor -%}
{%- elif "est" in meeting.id -%}
  {%- set ns = namespace(s="x") -%}
  {%- for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor -%}{{ ns.s | length }}
{%- endif -%}
{% include "default:briefing.html" %}
"""


def test_a_hanging_or_exploding_render_is_stopped_and_the_run_goes_on(
    seeds: Path,
    tmp_path: Path,
) -> None:
    (seeds / "nordic.txt").write_text(NORDIC, encoding="utf-8")  # hangs
    (seeds / "baltic.txt").write_text(BALTIC, encoding="utf-8")  # eats memory
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.html").write_text(HANG_AND_BOMB, encoding="utf-8")
    cfg = tmp_path / "briefing.toml"
    cfg.write_text("[build]\nrender_timeout = 6\nrender_memory_mb = 1500\n", encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    code, errors = _build(
        str(seeds),
        "--out",
        str(out),
        "--templates",
        str(templates),
        "--config",
        str(cfg),
        "--jobs",
        "2",
    )
    elapsed = time.monotonic() - started
    assert code == 1
    assert elapsed < 40, f"the run took {elapsed:.0f} s"
    hung = [e for e in errors if "fin-nor" in e]
    bombed = [e for e in errors if "est-lva" in e]
    assert len(hung) == 1 and "timed out after 6 s" in hung[0], errors
    assert len(bombed) == 1 and "memory" in bombed[0].lower(), errors
    assert len(errors) == 2, errors
    built = _snapshot(out)
    assert set(built) == {f"{SEED_MEETING}.html", f"{SEED_MEETING}.pdf"} | (
        {"index.html"} if "index.html" in built else set()
    )
    _no_temp_files(out)
