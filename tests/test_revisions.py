"""Articles are identified by where they live, not by their text: a page edited between two
runs is one source, its note says what changed; an archive of schema 2 is migrated in
place; ``briefing forget`` takes an article out of the archive and every briefing; a
report that covers several meetings is stored and listed for each. Real HTTP server on
loopback, real SQLite archives, real PDFs parsed back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from local_servers import REPORT_A, REPORT_B, Site, article_page
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.archive import Archive
from briefing.cli import app
from briefing.extract import extract, extract_meetings
from briefing.ingest import read_file
from briefing.merge import merge
from briefing.model import Article
from briefing.serialize import extraction_to_json

runner = CliRunner()
EDITED_A = REPORT_A.replace("$1.2 billion", "$1.4 billion").replace(
    "The talks also covered",
    "Updated at 21:05: the leaders also signed an agreement on maritime research. The talks"
    " also covered",
)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def build(config: Path) -> None:
    result = runner.invoke(app, ["build", "--config", str(config)])
    assert result.exit_code == 0, result.output


def test_a_page_edited_between_two_runs_is_one_source_and_its_note_says_what_changed(
    tmp_path: Path,
) -> None:
    with Site() as site:
        page = site.url("/news/oslo-talks.html?utm_source=feed")
        site.routes["/news/oslo-talks.html"] = ("text/html", article_page("Oslo talks", REPORT_A))
        config = tmp_path / "briefing.toml"
        config.write_text(
            f'[build]\noutput = "out"\n[sources]\nurls = ["{page}"]\ntimeout = 2\nretries = 0\n'
        )
        build(config)
        db = tmp_path / "out" / "briefing.sqlite"
        ((meeting_id,),) = rows(db, "SELECT id FROM meetings")
        first_html = (tmp_path / "out" / f"{meeting_id}.html").read_text(encoding="utf-8")
        assert "Updated" not in first_html
        # The publisher edits the story: a figure corrected, a sentence added.
        site.routes["/news/oslo-talks.html"] = ("text/html", article_page("Oslo talks", EDITED_A))
        build(config)
    # One article (its revision kept), one source, the same meeting.
    assert rows(db, "SELECT count(*), max(revision) FROM articles") == [(1, 2)]
    assert rows(db, "SELECT count(*) FROM revisions") == [(1,)]
    assert rows(db, "SELECT id, n_sources FROM meetings") == [(meeting_id, 1)]
    record = json.loads(
        runner.invoke(app, ["show", meeting_id, "--out", str(tmp_path / "out"), "--json"]).stdout
    )
    assert len(record["sources"]) == 1
    (update,) = record["updates"]
    assert update["revision"] == 2
    changes = {(c["kind"], c["before"], c["after"]) for c in update["changes"]}
    assert ("figure", "$1.2 billion, +8%", "$1.4 billion, +8%") in changes
    assert any(k == "agreement" and b is None and a == "signed" for k, b, a in changes)
    html = (tmp_path / "out" / f"{meeting_id}.html").read_text(encoding="utf-8")
    assert "Updated" in html and "revision 2" in html
    assert "$1.2 billion, +8% → $1.4 billion, +8%" in html
    pdf = pdf_text(tmp_path / "out" / f"{meeting_id}.pdf")
    assert "revision 2" in pdf and "$1.4 billion" in pdf
    assert "1 report:" in " ".join(html.split())


SCHEMA_2 = (Path(__file__).parent / "archive_v2.sql").read_text(encoding="utf-8")


def _v2_archive(db: Path, articles: list[Article]) -> str:
    """An archive as release 2 wrote it: ids hashing the text, one extraction per article
    keyed by the article alone; the id of its one meeting."""
    extractions = [extract(a) for a in articles]
    (meeting,) = merge(extractions)
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        conn.executescript(SCHEMA_2 + "PRAGMA user_version = 2;")
        for a, ex in zip(articles, extractions, strict=True):
            conn.execute(
                "INSERT INTO articles (id, title, published, publisher, url, path, text,"
                " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, 't')",
                (a.id, a.title, a.published, a.publisher, a.url, a.path, a.text),
            )
            conn.execute(
                "INSERT INTO extractions (article_id, is_bilateral, pair, reason, data,"
                " extracted_at) VALUES (?, 1, ?, NULL, ?, 't')",
                (a.id, "-".join(ex.countries), extraction_to_json(ex)),
            )
            conn.execute(
                "INSERT INTO meeting_articles (meeting_id, article_id) VALUES (?, ?)",
                (meeting.id, a.id),
            )
        conn.execute(
            "INSERT INTO meetings (id, date, pair, n_sources, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 't')",
            (meeting.id, meeting.date, "-".join(meeting.countries), 2, json.dumps({})),
        )
    return meeting.id


def test_an_archive_of_schema_2_is_migrated_in_place_and_its_articles_adopted(
    tmp_path: Path,
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "lisbon.txt").write_text(REPORT_B, encoding="utf-8")
    url = "https://atlantic.example/2025/06/12/lisbon-talks"
    rewrite = REPORT_B.replace("about $3 billion", "about $3.2 billion")
    (reports / "lisbon.json").write_text(json.dumps({"text": rewrite, "url": url}))
    old = [
        Article(Article.make_id(REPORT_B), REPORT_B, path=str(reports / "lisbon.txt")),
        Article(Article.make_id(REPORT_B + " More."), REPORT_B + " More.", url=url),
    ]
    db = tmp_path / "out" / "briefing.sqlite"
    meeting_id = _v2_archive(db, old)
    result = runner.invoke(app, ["build", str(reports), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert rows(db, "PRAGMA user_version") == [(4,)]
    # Read again under their keys: the same text adopts the old row, the same URL with
    # another text is a revision of it; the meeting keeps its id.
    stored = rows(db, "SELECT id, key, revision FROM articles ORDER BY key")
    assert [(k.split(":")[0], r) for _, k, r in stored] == [("path", 1), ("url", 2)]
    assert not {a.id for a in old} & {i for i, _, _ in stored}
    assert rows(db, "SELECT article_id, seq FROM extractions ORDER BY article_id") == sorted(
        (i, 0) for i, _, _ in stored
    )
    assert rows(db, "SELECT id, n_sources FROM meetings") == [(meeting_id, 2)]
    assert rows(db, "SELECT revision, text FROM revisions") == [(1, REPORT_B + " More.")]


def test_forget_a_url_then_build_leaves_no_fact_of_it_anywhere(tmp_path: Path) -> None:
    with Site() as site:
        site.routes["/a.html"] = ("text/html", article_page("Oslo talks", REPORT_A))
        site.routes["/b.html"] = ("text/html", article_page("Fjord Post on Oslo", FJORD_POST))
        site.routes["/c.html"] = ("text/html", article_page("Lisbon talks", REPORT_B))
        config = tmp_path / "briefing.toml"
        urls = ", ".join(f'"{site.url(p)}"' for p in ("/a.html", "/b.html", "/c.html"))
        config.write_text(f'[build]\noutput = "out"\n[sources]\nurls = [{urls}]\nretries = 0\n')
        build(config)
        out, db = tmp_path / "out", tmp_path / "out" / "briefing.sqlite"
        meetings = dict(rows(db, "SELECT id, n_sources FROM meetings"))
        assert sorted(meetings.values()) == [1, 2]
        oslo_id = next(m for m, n in meetings.items() if n == 2)
        lisbon_id = next(m for m, n in meetings.items() if n == 1)
        assert "Fjord Post" in (out / f"{oslo_id}.html").read_text(encoding="utf-8")
        gone = runner.invoke(
            app, ["forget", site.url("/b.html"), site.url("/c.html"), "--out", str(out)]
        )
        assert gone.exit_code == 0, gone.output
        assert f"removed: {lisbon_id}" in gone.stdout and "merged again" in gone.stdout
        assert not (out / f"{lisbon_id}.html").exists() and not (out / f"{lisbon_id}.pdf").exists()
        build(config)  # reads all three pages again: the forgotten ones stay out
    for table in ("articles", "facts", "extractions", "meeting_articles"):
        assert rows(db, f"SELECT count(*) FROM {table}")[0][0] > 0
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(db, "SELECT id, n_sources FROM meetings") == [(oslo_id, 1)]
    dump = "\n".join(
        str(r)
        for t in ("articles", "facts", "extractions", "meetings", "revisions")
        for r in rows(db, f"SELECT * FROM {t}")
    )
    for trace in ("Fjord Post", "$1.25 billion", "1.25", "Lisbon", "Morocc"):
        assert trace not in dump, trace
    html = (out / f"{oslo_id}.html").read_text(encoding="utf-8")
    pdf = pdf_text(out / f"{oslo_id}.pdf")
    index = (out / "index.html").read_text(encoding="utf-8")
    for text in (html, pdf):
        assert "Fjord Post" not in text and "1.25 billion" not in text and "Nordic Wire" in text
    assert lisbon_id not in index and oslo_id in index
    unknown = runner.invoke(app, ["forget", "https://nowhere.example/x", "--out", str(out)])
    assert unknown.exit_code == 1
    assert "no article in the archive has this id, URL or path" in unknown.stderr


#: Another outlet's report of the Oslo meeting, in its own words (not a copy of it).
FJORD_POST = (
    "OSLO, March 4 (Fjord Post) - Chile's President held talks with Norway's Prime Minister in"
    " the Norwegian capital on Tuesday. Officials put trade between the two countries at $1.25"
    " billion for last year. Hydrogen and salmon farming dominated the agenda, and aides said a"
    " memorandum on green hydrogen was signed. The Chilean leader is expected to host the Prime"
    " Minister in Santiago next year."
)


def test_a_report_covering_several_meetings_is_stored_and_listed_for_each(
    tmp_path: Path,
) -> None:
    report = tmp_path / "in" / "summit.md"
    report.parent.mkdir()
    report.write_text(
        "---\npublished: 2025-06-02\npublisher: Danube Desk\n---\n"
        "# Hungary and Austria talk energy in Budapest\n\n"
        "BUDAPEST, June 2. Hungarian Foreign Minister Peter Szabo held talks with his "
        "Austrian counterpart Anna Gruber in Budapest on Monday, discussing gas supplies.\n\n"
        "On the margins of the meeting, Szabo also met his counterparts from Serbia and "
        "Slovakia, discussing the new pipeline.\n",
        encoding="utf-8",
    )
    ((article,),) = [read_file(report)]
    assert isinstance(article, Article)
    found = extract_meetings(article)
    assert [ex.countries for ex in found][:1] == [["AUT", "HUN"]] and len(found) >= 2
    result = runner.invoke(app, ["extract", str(report), "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    (row,) = listed["articles"]
    assert [m["countries"] for m in row["meetings"]] == [ex.countries for ex in found]
    assert row["meeting_id"] == row["meetings"][0]["meeting_id"]
    assert {m["id"] for m in listed["meetings"]} == {m["meeting_id"] for m in row["meetings"]}
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(report), "--out", str(out), "--format", "html"])
    assert built.exit_code == 0, built.output
    db = out / "briefing.sqlite"
    assert rows(db, "SELECT seq, pair FROM extractions ORDER BY seq") == [
        (n, "-".join(ex.countries)) for n, ex in enumerate(found)
    ]
    assert len(rows(db, "SELECT id FROM meetings")) == len(found)
    with Archive(db) as archive:
        assert {k[1] for k in archive.meeting_ids_by_article()} == {
            "-".join(ex.countries) for ex in found
        }


def test_the_same_reports_in_another_folder_give_the_same_meeting_ids(tmp_path: Path) -> None:
    """Article ids hash where a file lives; meeting ids hash only what the reports say."""
    from briefing.pipeline import extract_paths

    undated = REPORT_A.replace("OSLO, March 4 (Nordic Wire) - ", "").replace(" on Tuesday", "")
    ids = []
    for folder in ("one", "two/deeper"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "oslo.txt").write_text(undated, encoding="utf-8")
        result = extract_paths([tmp_path / folder])
        ids.append(
            ([m.id for m in result.meetings], [a.id for m in result.meetings for a in m.articles])
        )
    (meetings_one, articles_one), (meetings_two, articles_two) = ids
    assert meetings_one == meetings_two and meetings_one[0].startswith("undated-")
    assert articles_one != articles_two  # two files, two articles
