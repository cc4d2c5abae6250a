"""The SQLite archive on real files: re-ingest without duplicates, stable ids across runs,
history of a pair, render state, outbox, corruption and killed runs; the index page."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from test_merge import corpus, hand_seed_extractions

from briefing.archive import Archive, default_db_path, pair_key
from briefing.archive.schema import SCHEMA, SCHEMA_VERSION
from briefing.config import Config, load_config
from briefing.deliver.email import Outbox
from briefing.errors import ArchiveError
from briefing.merge import merge
from briefing.merge.update import update_archive
from briefing.model import Extraction
from briefing.render.history import pair_history, previous_meetings
from briefing.render.index import render_index


def count(path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def db(tmp_path):
    return tmp_path / "out" / "briefing.sqlite"


def test_default_path_and_pragmas(tmp_path, db):
    assert default_db_path(Config()).as_posix() == "output/briefing.sqlite"
    cfg_file = tmp_path / "briefing.toml"
    cfg_file.write_text('[build]\noutput = "site"\n')
    assert default_db_path(load_config(cfg_file)) == tmp_path / "site" / "briefing.sqlite"
    cfg_file.write_text('[build]\ndb = "hist.db"\n')
    assert default_db_path(load_config(cfg_file)) == tmp_path / "hist.db"
    Archive(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert pair_key("chn-aze") == pair_key(("AZE", "CHN")) == "AZE-CHN"


def test_reingest_does_not_duplicate(db):
    items = list(corpus().values())
    for _ in range(2):
        with Archive(db) as archive:
            update_archive(archive, items)
    assert count(db, "articles") == count(db, "extractions") == len(items)
    facts = count(db, "facts")
    with Archive(db) as archive:
        update_archive(archive, items[:2])
        assert len(archive.meetings()) == 3
        stored = archive.facts(items[0].article.id)
    assert count(db, "facts") == facts
    assert count(db, "meetings") == 3
    assert count(db, "meeting_articles") == len(items)
    figure = next(f for f in stored if f["kind"] == "figure")
    text = items[0].article.text
    assert text[figure["start"] : figure["end"]] == figure["sentence"]
    assert figure["value"]["value_usd"] == 1.2e9


def test_extractions_round_trip(db):
    items = list(corpus().values())
    with Archive(db) as archive:
        archive.add_extractions(items)
        back = archive.extractions()
    assert sorted((x.to_dict() for x in back), key=str) == sorted(
        (x.to_dict() for x in items), key=str
    )
    assert [m.to_dict() for m in merge(back)] == [m.to_dict() for m in merge(items)]


def test_ids_stable_across_runs_and_new_reports(db):
    c = corpus()
    with Archive(db) as archive:  # run 1: only the dateless rewrite
        (first,) = update_archive(archive, [c["astana_rewrite"]])
    assert first.id.startswith("undated-hun-kaz-")
    with Archive(db) as archive:  # run 2: the same input again
        assert [m.id for m in update_archive(archive, [c["astana_rewrite"]])] == [first.id]
    with Archive(db) as archive:  # run 3: dated reports of the same meeting arrive
        got = update_archive(archive, [c["astana_1"], c["astana_2"], c["astana_3"]])
        assert [m.id for m in got] == [first.id]
        assert got[0].date == "2025-03-11" and len(got[0].articles) == 4
        assert [m["id"] for m in archive.meetings()] == [first.id]
        assert set(archive.meeting_ids_by_article().values()) == {first.id}


def test_report_reread_as_no_meeting_leaves_its_meeting(db):
    c = corpus()
    with Archive(db) as archive:
        update_archive(archive, [c["phone_2024"], c["budapest"]])
        gone = Extraction(
            article=c["phone_2024"].article,
            is_bilateral_meeting=False,
            reason="re-read: no meeting",
        )
        assert [m.id for m in update_archive(archive, [gone])] == ["2025-09-02-hun-kaz"]
        assert [m["id"] for m in archive.meetings()] == ["2025-09-02-hun-kaz"]
        assert archive.meeting_ids_by_article() == {c["budapest"].article.id: "2025-09-02-hun-kaz"}


def test_merged_meetings_replace_stale_ones(db):
    c = corpus()
    a, b = c["astana_1"], c["budapest"]
    with Archive(db) as archive:
        archive.save_meetings(merge([a, b]))
        assert {m["id"] for m in archive.meetings()} == {"2025-03-11-hun-kaz", "2025-09-02-hun-kaz"}
        (together,) = merge([a, c["astana_2"]])
        b_meeting = merge([b])[0]
        together.articles.append(b.article)  # b now belongs to the March meeting
        archive.save_meetings([together])
        assert [m["id"] for m in archive.meetings()] == ["2025-03-11-hun-kaz"]
        assert archive.meeting(b_meeting.id) is None
        assert archive.meetings()[0]["n_sources"] == 3


def test_previous_meetings_and_history(db):
    with Archive(db) as archive:
        meetings = update_archive(archive, list(corpus().values()))
        # Only the pairs of the new reports are re-merged and returned.
        assert [m.id for m in update_archive(archive, hand_seed_extractions())] == [
            "2025-04-23-aze-chn"
        ]
        sept = next(m for m in meetings if m.date == "2025-09-02")
        prev = previous_meetings(archive, sept)
        assert [p["date"] for p in prev] == ["2025-03-11", "2024-06-20"]
        assert prev[0]["place"] == "Astana" and prev[0]["n_sources"] == 4
        assert prev[0]["participants"] == (
            "Aruzhan Temirbekova (President), Gábor Szalai (Prime Minister)"
        )
        assert prev[0]["href"] == "2025-03-11-hun-kaz.html"
        assert previous_meetings(archive, meetings[0]) == []
        history = pair_history(archive, "KAZ-HUN")
        assert history["relationship"] == [
            ("2024-06-20", "strategic partnership"),
            ("2025-03-11", "enhanced strategic partnership"),
        ]
        # 2023 is both read (phone call) and derived (March growth rate): the read one wins.
        assert history["trade"] == [("2023", 1.04e9), ("2024", 1.2e9)]
        seeds = pair_history(archive, ("CHN", "AZE"))
        assert seeds["trade"][0][0] == "2023"
        assert seeds["trade"][0][1] == pytest.approx(3.08e9, rel=0.005)
        assert seeds["trade"][1] == ("2024", 3.7e9)
        assert [m["id"] for m in archive.meetings("AZE-CHN")] == ["2025-04-23-aze-chn"]
        listed = archive.meetings()
        assert [m["date"] for m in listed] == sorted((m["date"] for m in listed), reverse=True)
        seed = archive.meetings("AZE-CHN")[0]
        assert seed["n_sources"] == 2 and seed["n_conflicts"] == 1
        assert [f["period"] for f in seed["trade_figures"] if f["derived"]] == ["2023"]


def test_render_state_and_outbox(db):
    with Archive(db) as archive:
        assert archive.get_render_hash("m1") is None
        archive.set_render_hash("m1", "abc", ["output/m1.pdf"])
        archive.set_render_hash("m1", "def", ["output/m1.pdf", "output/m1.html"])
        assert archive.get_render_hash("m1") == "def"
        outbox = Outbox(archive)
        about = [{"id": m, "facts": "f", "digest": {}, "thread": "<t@x>"} for m in ("m2", "m1")]
        outbox.enqueue("k1", about)
        outbox.enqueue("k1", about)  # the same key is one message
        outbox.enqueue("k2", about[:1])
        outbox.mark_failed("k1", "connection refused")
        (first, second) = outbox.pending()
        assert first["meeting_ids"] == ["m1", "m2"] and first["attempts"] == 1
        assert first["last_error"] == "connection refused" and first["briefings"] == about
        outbox.finish("k1")
        assert [p["message_id"] for p in outbox.pending()] == ["k2"]
    assert count(db, "render_state") == 1


def test_corrupt_file_names_path_and_recovery(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ArchiveError) as info:
        Archive(db)
    assert str(db) in str(info.value) and "move it away" in str(info.value)
    with pytest.raises(ArchiveError, match="no archive"):
        Archive(db.parent / "missing.sqlite", must_exist=True)


def test_busy_archive_is_not_called_corrupt(db):
    with Archive(db) as holder, holder.transaction():
        holder.set_render_hash("m1", "abc")
        other = Archive(db)
        other._db.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(ArchiveError, match="busy") as info:
            other.set_render_hash("m2", "def")
        assert "move it away" not in str(info.value)
        other.close()


def test_failed_write_leaves_nothing_half_done(db):
    items = list(corpus().values())
    with Archive(db) as archive:
        with pytest.raises(RuntimeError), archive.transaction():
            archive.add_extractions(items)
            raise RuntimeError("boom")
        assert archive.article_ids() == set()


def test_killed_run_leaves_previous_state(db):
    c = corpus()
    with Archive(db) as archive:
        update_archive(archive, [c["astana_1"]])
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(__import__("pathlib").Path(__file__).parent)!r})
        from test_merge import corpus
        from briefing.archive import Archive
        archive = Archive({str(db)!r})
        with archive.transaction():
            archive.add_extractions(list(corpus().values()))
            os._exit(9)  # killed in the middle of the write
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 9, proc.stderr
    with Archive(db) as archive:
        assert archive.article_ids() == {c["astana_1"].article.id}
        assert [m["id"] for m in archive.meetings()] == ["2025-03-11-hun-kaz"]


def test_index_page(db):
    items = corpus()
    items["budapest"].participants[0].name = "<script>alert(1)</script>"
    with Archive(db) as archive:
        update_archive(archive, [*items.values(), *hand_seed_extractions()])
        rows = archive.meetings()
    html = render_index(rows, config=Config())
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    order = [
        html.index(f'id="{m}"')
        for m in (
            "2025-09-02-hun-kaz",
            "2025-04-23-aze-chn",
            "2025-03-11-hun-kaz",
            "2024-06-20-hun-kaz",
        )
    ]
    assert order == sorted(order)
    assert 'href="2025-04-23-aze-chn.pdf"' in html and 'href="2025-04-23-aze-chn.html"' in html
    assert "Azerbaijan – China" in html and "Ilham Aliyev (President, Azerbaijan)" in html
    assert "<style>" in html and "http" not in html.replace("http-equiv", "")
    cfg = Config()
    cfg.build.formats = "pdf"
    assert 'html"' not in render_index(rows, config=cfg).split("<tbody>")[1]


def test_previous_meetings_and_history_in_the_briefing_pdf(db, tmp_path):
    import io

    from pypdf import PdfReader

    from briefing.render import render_html, render_pdf
    from briefing.render.history import briefing_extras, briefing_history
    from briefing.render.index import write_index

    with Archive(db) as archive:
        meetings = update_archive(archive, list(corpus().values()))
        sept = next(m for m in meetings if m.date == "2025-09-02")
        extra = briefing_extras(briefing_history(archive, sept), config=Config())
        assert set(extra["history_charts"]) == {"relationship", "trade"}
        first = briefing_extras(briefing_history(archive, meetings[0]), config=Config())
        assert first == {"previous_meetings": [], "history_charts": {}}
        index = write_index(archive, tmp_path / "site", config=Config())
    assert index.name == "index.html" and "2025-09-02-hun-kaz.pdf" in index.read_text()
    html = render_html(sept, config=Config(), extra=extra)
    assert 'href="2025-03-11-hun-kaz.html"' in html
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(html, config=Config()))).pages
    )
    section = text[text.upper().index("PREVIOUS MEETINGS") :]  # CSS may upper-case it
    assert "Astana" in section and "Aruzhan Temirbekova (President)" in " ".join(section.split())
    assert section.index("2025") < section.index("2024")  # newest first


def test_an_archive_of_schema_1_gains_the_holders_table(tmp_path):
    """Schema 2 adds the office holders learned from reports; an older file is upgraded
    in place, its rows kept."""
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            SCHEMA.split("CREATE TABLE IF NOT EXISTS holders")[0] + "PRAGMA user_version = 1;"
        )
        conn.execute("INSERT INTO articles (id, text, ingested_at) VALUES ('a1', 'x', 't')")
    with Archive(path) as archive:
        archive.learn_holders([("Ana Lopes", "PRT", "Prime Minister", "2024-03-04")])
        archive.learn_holders([("Ana Lopes", "PRT", "Prime Minister", "2024-05-01")])
        assert archive.learned_holders() == [
            {
                "name": "Ana Lopes",
                "state": "PRT",
                "office": "Prime Minister",
                "from": "2024-03-04",
                "to": "2024-05-01",
            }
        ]
        assert archive.article_ids() == {"a1"}
