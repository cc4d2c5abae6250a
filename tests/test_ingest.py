"""Ingest: each kind of input becomes an Article; bad files become one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.ingest import read_file, read_paths
from briefing.model import Article

REPORT = (
    "ANKARA, March 3 (Wire) -- Turkish President Ada Demir met Greek Prime Minister "
    "Nikos Pappas in Ankara on Monday.\n\nThe sides discussed trade and energy.\n"
)


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        "---\ntitle: Leaders meet\npublished: 2024-03-04T09:30:00Z\npublisher: Wire\n"
        "url: https://example.org/a\n---\n" + REPORT,
        encoding="utf-8",
    )
    [article] = read_file(path)
    assert article.title == "Leaders meet"
    assert article.published == "2024-03-04"
    assert article.publisher == "Wire"
    assert article.url == "https://example.org/a"
    assert article.text.startswith("ANKARA, March 3")
    # Identified by its URL: an edited text under it is a revision, not another article.
    assert article.key == "url:https://example.org/a"
    assert article.id == Article.key_id(article.key) != Article.make_id(REPORT)


def test_plain_text_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    [article] = read_file(path)
    assert article.title is None and article.published is None
    assert article.path == str(path)


def test_json_object_and_list_ignore_other_keys(tmp_path: Path) -> None:
    one = {
        "title": "T",
        "text": REPORT,
        "published": "2024-03-04",
        "publisher": "P",
        "url": None,
        "gold": {"date": "1999-01-01"},
    }
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([one, {**one, "text": REPORT + " More."}]))
    assert len(read_file(tmp_path / "one.json")) == 1
    many = read_file(tmp_path / "many.json")
    assert [a.title for a in many] == ["T", "T"]
    assert many[0].id != many[1].id


def test_html_page_through_trafilatura(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Leaders meet in Ankara</title>"
        '<meta property="og:site_name" content="Wire Service">'
        '<meta name="date" content="2024-03-04"></head><body><nav>Home | World</nav>'
        f"<article><h1>Leaders meet in Ankara</h1><p>{REPORT.splitlines()[0]}</p>"
        "<p>The sides discussed trade and energy cooperation at length.</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    [article] = read_file(tmp_path / "page.html")
    assert "Nikos Pappas" in article.text
    assert "Home | World" not in article.text
    assert article.title == "Leaders meet in Ankara"
    assert article.published == "2024-03-04"


def test_folder_recursion_skips_templates_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r1.txt").write_text(REPORT)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<p>{{ x }}</p>")
    (tmp_path / ".hidden.txt").write_text(REPORT + "x")
    (tmp_path / "notes.toml").write_text("a = 1")
    items = list(read_paths([tmp_path]))
    assert [Path(a.path).name for a in items] == ["r1.txt"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
        ("doc.txt", b"%PDF-1.7\n", "PDF"),
        ("bad.json", b"{not json", "invalid JSON"),
        ("shape.json", b'{"title": "x"}', "'text' must be a string"),
        ("types.json", b'{"text": "x", "title": 5}', "'title' must be a string"),
        ("list.json", b"[1]", "list.json [0]: expected an article object"),
    ],
)
def test_bad_inputs_give_one_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(REPORT)
    items = list(read_paths([tmp_path]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and name in str(errors[0]) and reason in str(errors[0])
    assert "\n" not in str(errors[0])
    assert [Path(i.path).name for i in items if isinstance(i, Article)] == ["good.txt"]


def test_legacy_encodings_are_decoded(tmp_path: Path) -> None:
    text = "Президент Азербайджана встретился с премьером Китая в Пекине сегодня утром."
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1251"))
    (tmp_path / "u16.txt").write_bytes(("\ufeff" + REPORT).encode("utf-16-le"))
    (tmp_path / "latin.txt").write_bytes("Réunion à Genève entre ministres.".encode("latin-1"))
    by_name = {Path(a.path).name: a for a in read_paths([tmp_path])}
    assert by_name["cp.txt"].text == text
    assert by_name["u16.txt"].text.startswith("ANKARA")
    assert "Genève" in by_name["latin.txt"].text


def test_size_limit_and_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"word " * 1000)
    (tmp_path / "loop").symlink_to(tmp_path)
    items = list(read_paths([tmp_path], max_bytes=1000))
    messages = [str(i) for i in items if isinstance(i, InputError)]
    assert any("big.txt" in m and "limit" in m for m in messages)
    assert any("loop" in m for m in messages)


def test_control_and_bidi_characters_are_dropped(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("Talks\u202e held\x07 in Ankara.\r\nNext line.")
    [article] = read_file(tmp_path / "c.txt")
    assert article.text == "Talks held in Ankara.\nNext line."


# ------------------------------------------------- Markdown, front matter, dates, links

MARKDOWN = (
    "# Leaders meet in Ankara\n\n"
    "**ANKARA, March 3 (Wire)** – Turkish President *Ada Demir* met Greek Prime Minister "
    "[Nikos Pappas](https://example.org/pappas) in Ankara on Monday.\n\n"
    "## Trade\n\n"
    "The sides agreed on:\n\n"
    "- an agreement on *energy* cooperation;\n"
    "- a `visa` waiver for students.\n\n"
    "> Relations have never been better, Demir said.\n"
)


def test_markdown_is_read_as_text_with_its_heading_as_title(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(MARKDOWN, encoding="utf-8")
    [article] = read_file(tmp_path / "r.md")
    assert article.title == "Leaders meet in Ankara"
    assert article.text.split("\n\n") == [
        "ANKARA, March 3 (Wire) – Turkish President Ada Demir met Greek Prime Minister "
        "Nikos Pappas in Ankara on Monday.",
        "Trade",
        "The sides agreed on:",
        "an agreement on energy cooperation;",
        "a visa waiver for students.",
        "Relations have never been better, Demir said.",
    ]
    # A title in the front matter wins; the heading then stays in the text.
    (tmp_path / "t.md").write_text("---\ntitle: Given\n---\n" + MARKDOWN, encoding="utf-8")
    [titled] = read_file(tmp_path / "t.md")
    assert titled.title == "Given" and titled.text.startswith("Leaders meet in Ankara\n\n")


def test_a_markdown_reports_evidence_quotes_no_markup(tmp_path: Path) -> None:
    from briefing.pipeline import extract_paths

    (tmp_path / "r.md").write_text(MARKDOWN, encoding="utf-8")
    result = extract_paths([tmp_path / "r.md"])
    quoted = [
        e.text
        for ex in result.extractions
        for fact in [*ex.participants, *ex.topics, *ex.agreements, ex.location]
        for e in fact.evidence
    ]
    assert quoted and ex_is_meeting(result)
    for text in quoted:
        assert not any(mark in text for mark in ("**", "##", "](", "`", "- an", "> ")), text


def ex_is_meeting(result) -> bool:
    return any(ex.is_bilateral_meeting for ex in result.extractions)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_front_matter_is_read_whatever_the_line_endings(tmp_path: Path, newline: str) -> None:
    text = "---\ntitle: Leaders meet\npublished: 2024-03-04\npublisher: Wire\n---\n" + REPORT
    (tmp_path / "r.txt").write_bytes(text.replace("\n", newline).encode("utf-8"))
    [article] = read_file(tmp_path / "r.txt")
    assert (article.title, article.published, article.publisher) == (
        "Leaders meet",
        "2024-03-04",
        "Wire",
    )
    assert article.text.startswith("ANKARA") and "\r" not in article.text


@pytest.mark.parametrize(
    ("written", "locale", "order", "read", "ambiguous"),
    [
        ("11/02/2025", "en_GB", "", "2025-02-11", True),
        ("11/02/2025", "en_US", "", "2025-11-02", True),
        ("11/02/2025", "en_US", "DMY", "2025-02-11", True),
        ("11.02.25", "de_DE", "", "2025-02-11", True),
        ("25/02/2025", "en_US", "", "2025-02-25", False),
        ("02/25/2025", "en_GB", "", "2025-02-25", False),
        ("2025-02-11", "en_US", "", "2025-02-11", False),
    ],
)
def test_numeric_dates_follow_the_locale_or_the_date_order(
    tmp_path: Path, caplog, written: str, locale: str, order: str, read: str, ambiguous: bool
) -> None:
    from briefing.config import Config, ReportConfig, SourcesConfig
    from briefing.ingest import ReadOptions

    config = Config(report=ReportConfig(locale=locale), sources=SourcesConfig(date_order=order))
    (tmp_path / "r.json").write_text(json.dumps({"text": REPORT, "published": written}))
    caplog.set_level("INFO", logger="briefing")
    [article] = read_file(tmp_path / "r.json", options=ReadOptions.of(config))
    assert article.published == read
    logged = [r.getMessage() for r in caplog.records if "ambiguous date" in r.getMessage()]
    assert bool(logged) is ambiguous
    if ambiguous:
        assert f"'{written}'" in logged[0] and "r.json" in logged[0]


def test_symlinks_out_of_an_input_folder_are_skipped_and_named(tmp_path: Path, caplog) -> None:
    from briefing.ingest import ReadOptions

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n" + REPORT)
    (outside / "folder").mkdir()
    (outside / "folder" / "more.txt").write_text(REPORT + " More.")
    reports = tmp_path / "reports"
    (reports / "sub").mkdir(parents=True)
    (reports / "real.txt").write_text(REPORT)
    (reports / "passwd.txt").symlink_to(outside / "secret.txt")
    (reports / "elsewhere").symlink_to(outside / "folder")
    (reports / "sub" / "inside.txt").symlink_to(reports / "real.txt")  # stays inside: read
    names = [Path(a.path).name for a in read_paths([reports]) if isinstance(a, Article)]
    assert names == ["real.txt", "inside.txt"]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 2
    assert any("passwd.txt: skipped: symbolic link to" in w and "secret.txt" in w for w in warnings)
    assert any("elsewhere: skipped" in w and "--follow-symlinks" in w for w in warnings)
    followed = read_paths([reports], options=ReadOptions(follow_symlinks=True))
    assert sorted(Path(a.path).name for a in followed if isinstance(a, Article)) == [
        "inside.txt",
        "more.txt",
        "passwd.txt",
        "real.txt",
    ]
    # A file named on the command line is read: the user asked for it.
    assert [a.path for a in read_paths([reports / "passwd.txt"])] == [str(reports / "passwd.txt")]


def test_build_skips_a_link_out_of_its_folder_unless_told(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from briefing.cli import app

    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    reports = tmp_path / "reports"
    reports.mkdir()
    for seed in sorted(Path(__file__).parent.parent.joinpath("examples").glob("s00*.json")):
        (reports / seed.name).write_bytes(seed.read_bytes())
    (reports / "passwd.txt").symlink_to(tmp_path / "outside" / "passwd.txt")
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(reports), "--out", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output  # a warning, not a failure
    assert "passwd.txt: skipped: symbolic link" in result.stderr
    import sqlite3

    with sqlite3.connect(out / "briefing.sqlite") as db:
        assert "root:x:0" not in str(db.execute("SELECT text FROM articles").fetchall())
    told = runner.invoke(
        app, ["extract", str(reports), "--json", "--follow-symlinks"], catch_exceptions=False
    )
    assert "passwd.txt" in told.stdout  # read (and listed as no meeting) when told
