"""Bad input (issue 7): every broken file gives one error line naming it and the reason,
odd-but-valid files are read correctly, and the rest of the batch still builds."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Config, load_config
from briefing.errors import InputError
from briefing.ingest import read_file, read_paths
from briefing.model import Article
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
SEED_MEETING = "2025-04-23-aze-chn"

# Invented reports.
MEETING = (
    "OSLO, June 3 (Nordic Wire) -- Norwegian Prime Minister Eirik Lund met Finnish President "
    "Sanna Koski in Oslo on Tuesday.\n\nThe two leaders discussed energy and fisheries.\n"
)
NOT_A_MEETING = (
    "Grain exports rose by 12 percent in the first half of the year, the statistics office "
    "said on Monday. Wheat accounted for most of the growth.\n"
)
FIFTY_MB = 50 * 1024 * 1024
ID_RE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|undated)-[a-z]{3}-[a-z]{3}(?:-[0-9a-f]+)?$")


def _sparse(path: Path, size: int, head: bytes = b"") -> None:
    """A file of ``size`` bytes written in an instant (a hole after ``head``)."""
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)


def write_bad_files(folder: Path) -> dict[str, str]:
    """Every kind of broken report, each named so the error line can be matched to it.
    Returns {file name: text the error must contain}."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "blank.md": b" \n\t\n   \n",
        "png-renamed.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "pdf-renamed.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n",
        "invalid.json": b'{"title": "Talks", "text": "unterminated',
        "wrong-shape.json": b'[["a", "list"], "of", 3, "things"]',
        "no-text.json": b'{"title": "Talks", "body": "the text is under another key"}',
        "wrong-types.json": json.dumps({"text": MEETING, "title": ["a", "list"]}).encode(),
        "number-date.json": json.dumps({"text": MEETING, "published": 20240603}).encode(),
        "too-deep.json": b"[" * 100_000 + b"]" * 100_000,
        "year-9999.json": json.dumps({"text": MEETING, "published": "9999-12-31"}).encode(),
        "year-0001.md": b"---\npublished: 0001-01-01\n---\n" + MEETING.encode(),
        "nested.html": (
            b"<html><body>"
            + b"<div>" * 60_000
            + MEETING.encode()
            + b"</div>" * 60_000
            + b"</body></html>"
        ),
        "malformed.rss": (
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>W"
            b"</title><item><title>Talks</title><description>" + MEETING.encode() + b"</descr"
        ),
        "malformed.atom": b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>Talks",
        "binary.xml": b"\x00\x01\x02 not xml at all \xff\xfe",
        "utf16-no-bom-binary.txt": bytes(range(256)) * 4,
        "unknown-encoding.txt": bytes(range(128, 256)) * 10,
    }
    reasons = {
        "empty.txt": "empty",
        "blank.md": "empty",
        "png-renamed.txt": "PNG",
        "pdf-renamed.txt": "PDF",
        "invalid.json": "invalid JSON",
        "wrong-shape.json": "expected an article object",
        "no-text.json": "'text' must be a string",
        "wrong-types.json": "'title' must be a string",
        "number-date.json": "'published' must be a date string",
        "too-deep.json": "nested too deeply",
        "year-9999.json": "out of range",
        "year-0001.md": "out of range",
        "nested.html": "HTML",
        "malformed.rss": "not well-formed XML (unclosed token at line",
        "malformed.atom": "not well-formed XML (",
        "binary.xml": "RSS/Atom",
        "utf16-no-bom-binary.txt": "not a text file",
        "unknown-encoding.txt": "cannot detect the text encoding",
        "huge.txt": "limit",
        "fifo.txt": "not a regular file",
        "loop": "symbolic link loop",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    _sparse(folder / "huge.txt", FIFTY_MB, MEETING.encode())
    os.mkfifo(folder / "fifo.txt")  # would block a plain read() forever
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)
    return reasons


def write_odd_good_files(folder: Path) -> None:
    """Odd but readable reports: they must be read, and must not stop the batch."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cp1251.txt").write_bytes(
        "Министр финансов выступил в парламенте с докладом о бюджете на следующий год.".encode(
            "cp1251"
        )
    )
    (folder / "latin1.txt").write_bytes(
        "La coopération économique régionale a été évoquée à Genève.".encode("latin-1")
    )
    (folder / "utf16.txt").write_bytes(("\ufeff" + NOT_A_MEETING).encode("utf-16-le"))
    (folder / "truncated.html").write_text(
        "<html><head><title>Harvest</title></head><body><article><p>"
        + NOT_A_MEETING
        + '</p><p>Farmers expect a similar result next year, the <a href="ht',
        encoding="utf-8",
    )
    import pycountry

    (folder / "200-countries.txt").write_text(
        "GENEVA, May 5 (Wire) -- Delegations from "
        + ", ".join(c.name for c in list(pycountry.countries)[:200])
        + " met in Geneva on Tuesday.\n",
        encoding="utf-8",
    )
    (folder / "russian.txt").write_text(
        "МОСКВА, 5 мая — Президент России встретился с президентом Казахстана в Москве.",
        encoding="utf-8",
    )
    (folder / "year-9999-in-text.txt").write_text(
        MEETING.replace("June 3", "December 31, 9999") + "They will meet again next year.\n",
        encoding="utf-8",
    )
    (folder / "growth.txt").write_text(
        MEETING + "Bilateral trade grew by 1,000,000,000,000 percent last year to $5 billion.\n",
        encoding="utf-8",
    )


def _errors(items: list) -> dict[str, str]:
    """{file name: message}; feed entries (``#entry-1``) and list items (``[0]``) count
    against their file."""
    return {
        Path(e.path).name.split("#")[0].split("[")[0]: str(e)
        for e in items
        if isinstance(e, InputError)
    }


def test_each_bad_file_gives_one_error_naming_it_and_the_reason(tmp_path: Path) -> None:
    reasons = write_bad_files(tmp_path / "in")
    (tmp_path / "in" / "good.txt").write_text(MEETING, encoding="utf-8")
    items = list(read_paths([tmp_path / "in"]))
    errors = [i for i in items if isinstance(i, InputError)]
    by_name = _errors(items)
    assert len(errors) == len(by_name) == len(reasons), sorted(by_name)
    for name, reason in reasons.items():
        assert name in by_name, name
        assert reason in by_name[name], (name, by_name[name])
        assert name in by_name[name] and "\n" not in by_name[name]
    assert [Path(a.path).name for a in items if isinstance(a, Article)] == ["good.txt"]


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1251", "Министр финансов выступил в парламенте с докладом о бюджете страны."),
        ("latin-1", "La coopération économique a été évoquée à Genève, près du lac Léman."),
        ("utf-16", MEETING),  # Python writes a BOM
        ("utf-16-be-bom", MEETING),
        ("utf-16-le", MEETING),  # no BOM, but recognisable
        ("utf-8-sig", "Çà et là: naïve façade, Ελλάδα, Україна."),
    ],
)
def test_encodings_are_decoded_exactly(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "report.txt"
    if encoding == "utf-16-be-bom":
        path.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    else:
        path.write_bytes(text.encode(encoding))
    [article] = read_file(path)
    assert article.text == text


def test_a_50_mb_file_is_refused_by_the_configurable_limit(tmp_path: Path) -> None:
    _sparse(tmp_path / "huge.txt", FIFTY_MB, MEETING.encode())
    (tmp_path / "small.txt").write_text(MEETING, encoding="utf-8")
    [error, article] = list(read_paths([tmp_path], max_bytes=Config().build.max_input_bytes))
    assert isinstance(error, InputError) and "huge.txt" in str(error)
    assert f"{FIFTY_MB} bytes" in str(error) and "limit" in str(error)
    assert isinstance(article, Article)
    # The limit comes from build.max_input_bytes in briefing.toml.
    cfg_file = tmp_path / "briefing.toml"
    cfg_file.write_text("[build]\nmax_input_bytes = 100\n", encoding="utf-8")
    limit = load_config(cfg_file).build.max_input_bytes
    assert limit == 100
    errors = [i for i in read_paths([tmp_path / "small.txt"], max_bytes=limit)]
    assert isinstance(errors[0], InputError) and "100-byte limit" in str(errors[0])


def test_deeply_nested_and_truncated_html(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text("<div>" * 60_000 + MEETING, encoding="utf-8")
    (tmp_path / "cut.html").write_text(
        "<html><body><article><p>" + MEETING.replace("\n", " ") + "</p><p>More on the <a hr",
        encoding="utf-8",
    )
    items = list(read_paths([tmp_path]))
    [cut] = [i for i in items if isinstance(i, Article)]
    assert "Sanna Koski" in cut.text and Path(cut.path).name == "cut.html"
    [deep] = [i for i in items if isinstance(i, InputError)]
    assert "deep.html" in str(deep) and "HTML" in str(deep)


def test_malformed_feeds_name_the_file(tmp_path: Path) -> None:
    reasons = write_bad_files(tmp_path / "in")
    for name in ("malformed.rss", "malformed.atom", "binary.xml"):
        errors = [i for i in read_paths([tmp_path / "in" / name]) if isinstance(i, InputError)]
        assert len(errors) == 1 and name in str(errors[0]), name
        assert reasons[name] in str(errors[0])


def test_json_of_every_wrong_shape(tmp_path: Path) -> None:
    cases = {
        "null.json": (b"null", "expected an article object"),
        "number.json": (b"42", "expected an article object"),
        "empty-list.json": (b"[]", "no articles"),
        "text-object.json": (b'{"text": {"a": 1}}', "'text' must be a string"),
        "nan.json": (b'{"text": NaN}', "'text' must be a string"),
        "bad-date.json": (
            b'{"text": "Talks were held.", "published": "soonish"}',
            "'published' is not a date",
        ),
        "list.json": (
            json.dumps([{"text": MEETING}, {"text": 5}]).encode(),
            "list.json[1]: 'text' must be a string (int)",
        ),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    items = list(read_paths([tmp_path]))
    assert not [i for i in items if isinstance(i, Article)]
    by_name = _errors(items)
    assert sorted(by_name) == sorted(cases)
    for name, (_, reason) in cases.items():
        assert reason in by_name[name], (name, by_name[name])


def test_symlink_loops_are_reported_once(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "r.txt").write_text(MEETING, encoding="utf-8")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # ELOOP on open
    items = list(read_paths([tmp_path]))
    messages = [str(i) for i in items if isinstance(i, InputError)]
    assert len(messages) == 2, messages
    assert any("up" in m and "loop" in m for m in messages)
    assert any("self.txt" in m for m in messages)
    assert [Path(a.path).name for a in items if isinstance(a, Article)] == ["r.txt"]


@contextlib.contextmanager
def _as_user(uid: int) -> Iterator[None]:
    """Run the block with effective uid ``uid`` (root ignores file permissions)."""
    os.setegid(uid)
    os.seteuid(uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_file_is_reported() -> None:
    folder = Path(tempfile.mkdtemp(prefix="briefing-perm-"))  # tmp_path's parents are 0700
    closed = folder / "closed"
    try:
        folder.chmod(0o755)
        (folder / "good.txt").write_text(MEETING, encoding="utf-8")
        (folder / "secret.txt").write_text(MEETING + " Secret.", encoding="utf-8")
        (folder / "secret.txt").chmod(0o000)
        closed.mkdir()
        (closed / "inner.txt").write_text(MEETING, encoding="utf-8")
        closed.chmod(0o000)
        if os.geteuid() == 0:
            with _as_user(65534):  # nobody: permissions apply again
                items = list(read_paths([folder, closed / "inner.txt"]))
        else:
            items = list(read_paths([folder, closed / "inner.txt"]))
    finally:
        closed.chmod(0o700)
        shutil.rmtree(folder)
    messages = [str(i) for i in items if isinstance(i, InputError)]
    assert any("secret.txt" in m and "Permission denied" in m for m in messages), messages
    assert sum(m.startswith(str(closed)) and "Permission denied" in m for m in messages) == 2, (
        messages
    )
    assert [Path(a.path).name for a in items if isinstance(a, Article)] == ["good.txt"]


#: Root reads any file; without these two capabilities it obeys permissions again.
NO_DAC = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def test_unreadable_file_in_a_build(tmp_path: Path) -> None:
    """The whole ``briefing build`` in a process of its own, with file permissions
    enforced as they are for a nightly job run by an ordinary user."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        prefix = NO_DAC
    src = tmp_path / "in"
    src.mkdir()
    for seed in EXAMPLES.glob("*.json"):
        shutil.copy(seed, src / seed.name)
    (src / "secret.txt").write_text(MEETING, encoding="utf-8")
    (src / "secret.txt").chmod(0o000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            *prefix,
            sys.executable,
            "-m",
            "briefing",
            "build",
            str(src),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "html",
            "--jobs",
            "1",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
    assert done.returncode == 1, done.stderr
    assert len(lines) == 1 and "secret.txt" in lines[0] and "Permission denied" in lines[0]
    assert (tmp_path / "out" / f"{SEED_MEETING}.html").is_file()


def _extract(tmp_path: Path, name: str, text: str):
    from briefing.pipeline import extract_paths

    (tmp_path / name).write_text(text, encoding="utf-8")
    return extract_paths([tmp_path / name])


def test_a_report_naming_200_countries_builds_no_200_state_meeting(tmp_path: Path) -> None:
    import pycountry

    names = [c.name for c in pycountry.countries][:200]
    text = (
        "GENEVA, May 5 (Wire) -- Delegations from "
        + ", ".join(names)
        + " met in Geneva on Tuesday for talks on trade and climate.\n\n"
        + "The ministers of "
        + " and ".join(names[::-1])
        + " held talks.\n"
    )
    result = _extract(tmp_path, "many.txt", text)
    assert not result.errors
    [ex] = result.extractions
    assert not ex.is_bilateral_meeting and "more than two states" in (ex.reason or "")
    assert result.meetings == []


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "МОСКВА, 5 мая — Президент России встретился с президентом Казахстана в Москве. "
            "Стороны обсудили торговлю, энергетику и транспорт. Товарооборот вырос на 20%.",
            ["KAZ", "RUS"],
        ),
        ("北京5月5日电 国家主席在北京会见了法国总统。双方讨论了贸易与能源合作。", ["CHN", "FRA"]),
        (
            "القاهرة، 5 مايو - التقى الرئيس المصري بالرئيس التونسي في القاهرة يوم الثلاثاء.",
            ["EGY", "TUN"],
        ),
        (
            "BERLIN, 5. Mai – Bundeskanzlerin Eva Roth traf den französischen Präsidenten Marc "
            "Durand am Dienstag in Berlin. Der Handel wuchs um 20 Prozent auf 5 Milliarden Euro.",
            ["DEU", "FRA"],
        ),
    ],
)
def test_non_english_text_gives_no_meeting_or_a_correct_one(
    tmp_path: Path, text: str, pair: list[str]
) -> None:
    result = _extract(tmp_path, "foreign.txt", text)
    assert not result.errors
    [ex] = result.extractions
    assert ex.is_bilateral_meeting or ex.reason
    for meeting in result.meetings:
        assert meeting.countries == pair


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_extreme_years_in_the_text_never_crash(tmp_path: Path, year: str) -> None:
    text = (
        f"PARIS, December 31, {year} (Wire) -- French President Marc Durand met German "
        f"Chancellor Eva Roth in Paris on Tuesday, December 31, {year}. Trade grew by 20 "
        f"percent last year and will grow next year. They signed an agreement last month "
        f"and agreed to meet again next year. Relations were upgraded last July, yesterday."
    )
    (tmp_path / "far.json").write_text(json.dumps({"text": text, "published": "2024-06-04"}))
    (tmp_path / "undated.txt").write_text(text, encoding="utf-8")
    from briefing.pipeline import extract_paths

    result = extract_paths([tmp_path])
    assert not result.errors, result.errors
    for ex in result.extractions:
        for value in [
            ex.date,
            *(f.period for f in ex.figures),
            *(a.date for a in ex.agreements),
            ex.relationship.since,
        ]:
            assert value is None or "0000" not in value and not value.startswith("-"), value


def test_growth_of_10_to_the_12_percent_stays_finite_and_sane(tmp_path: Path) -> None:
    from briefing.render.charts import trade_chart_svg

    text = (
        "---\npublished: 2024-05-06\n---\nOTTAWA, May 6 (Wire) -- Canadian Prime Minister "
        "Tom Hill met Mexican President Rosa Vega in Ottawa on Monday. Bilateral trade grew "
        "by 1,000,000,000,000 percent last year to reach $5 billion. Exports fell by 100 "
        "percent to $0. Investment rose by 10^12 percent. Trade turnover reached "
        "$999,999,999,999,999,999,999 billion this year.\n"
    )
    result = _extract(tmp_path, "growth.md", text)
    assert not result.errors
    [meeting] = result.meetings
    for f in meeting.figures:
        for number in (f.value_usd, f.change_pct):
            assert number is None or math.isfinite(number)
        # A bilateral figure above world output, or a growth beyond 10,000 %, is a misreading.
        assert f.value_usd is None or 1 <= f.value_usd < 1e14 or f.value_usd == 0, f
        assert f.change_pct is None or abs(f.change_pct) <= 10_000, f
    svg = trade_chart_svg(meeting)
    assert svg is None or ("inf" not in svg.lower() and "nan" not in svg.lower())


def test_mixed_folder_builds_the_seeds_and_reports_each_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    reasons = write_bad_files(src)
    write_odd_good_files(src)
    for seed in EXAMPLES.glob("*.json"):
        shutil.copy(seed, src / seed.name)
    out = tmp_path / "output"
    result = runner.invoke(app, ["build", str(src), "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    for name in reasons:
        mine = [line for line in lines if f"/{name}" in line]
        assert len(mine) == 1, (name, lines)
    assert len(lines) == len(reasons), lines
    built = sorted(p.name for p in out.iterdir() if p.suffix in (".html", ".pdf"))
    assert f"{SEED_MEETING}.html" in built and f"{SEED_MEETING}.pdf" in built
    assert all(ID_RE.match(Path(n).stem) for n in built if n != "index.html"), built
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]
