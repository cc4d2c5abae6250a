"""Nothing sent twice, nothing lost, updates in the thread: the outbox and sent-log against
a real SMTP server on 127.0.0.1 (aiosmtpd) that delays past the client's timeout, refuses
with 4xx and 5xx and drops the connection; a real SQLite archive moved away; the CLI."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from _mail import briefings, config
from local_servers import smtp
from typer.testing import CliRunner

from briefing.archive import Archive
from briefing.cli import app
from briefing.deliver.email import (
    SENT_LOG,
    Briefing,
    Outbox,
    SentLog,
    flush_outbox,
    queue_briefings,
    queue_resend,
)

runner = CliRunner()


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "out" / "briefing.sqlite") as a:
        yield a


def changed(b: Briefing) -> Briefing:
    """The same meeting a day later: the visa waiver signed, one more participant, a
    revised trade figure and one more report."""
    record = json.loads(json.dumps(b.record))
    for a in record["agreements"]:
        if a["status"] == "proposed":
            a["status"] = "signed"
    record["participants"].append(
        {"name": "Jeyhun Bayramov", "title": "Foreign Minister", "country": "AZE", "evidence": []}
    )
    for f in record["figures"]:
        if f["period"] == "2024":
            f["value_usd"] = 3.9e9
    record["sources"].append(
        {"article_id": "a-new", "publisher": "Steppe Post", "published": "2025-04-25"}
    )
    return Briefing(record, b.files)


def text_of(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def test_changed_facts_are_mailed_as_an_update_in_the_thread_of_the_first_mail(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        first = briefings(tmp_path / "out")[0]
        assert queue_briefings(archive, [first], cfg) == 1
        assert flush_outbox(archive, cfg).ok
        second = changed(first)
        assert queue_briefings(archive, [second], cfg) == 1
        assert flush_outbox(archive, cfg).ok
        third = Briefing({**second.record, "date": "2025-04-22"}, first.files)
        queue_briefings(archive, [third], cfg)
        assert flush_outbox(archive, cfg).ok
    (_, one), (_, two), (_, three) = box.messages
    assert one["Subject"] == "[UNCLASSIFIED] Briefing: Azerbaijan – China, 23 April 2025"
    assert two["Subject"] == "[UNCLASSIFIED] Updated: Azerbaijan – China, 23 April 2025"
    assert two["In-Reply-To"] == one["Message-ID"] and two["References"] == one["Message-ID"]
    assert three["In-Reply-To"] == two["Message-ID"]
    assert three["References"].split() == [one["Message-ID"], two["Message-ID"]]
    body = text_of(two)
    assert "What changed since the last mail:" in body
    for change in (
        "reciprocal visa waiver agreement: Proposed → Signed",
        "New participant: Jeyhun Bayramov (Foreign Minister, Azerbaijan)",
        "Trade turnover, 2024: $3.7 billion, +20% → $3.9 billion, +20%",
        "New report: Steppe Post, 25 April 2025",
    ):
        assert change in body, change
    assert "Date: 23 April 2025 → 22 April 2025" in text_of(three)
    html = two.get_body(("html",)).get_content()
    assert "What changed since the last mail" in html and "Proposed → Signed" in html


def test_a_change_of_look_alone_sends_nothing(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        first = briefings(tmp_path / "out")[0]
        queue_briefings(archive, [first], cfg)
        flush_outbox(archive, cfg)
        html = tmp_path / "out" / f"{first.id}.html"
        html.write_text("<html><body>a new accent colour</body></html>")
        cfg.report.accent_color = "teal"
        assert queue_briefings(archive, [Briefing(first.record, first.files)], cfg) == 0
        assert flush_outbox(archive, cfg).sent == []
    assert len(box.messages) == 1


def test_a_queued_message_is_replaced_by_the_newer_state_of_its_meeting(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        first = briefings(tmp_path / "out")[0]
        queue_briefings(archive, [first], cfg)
        queue_briefings(archive, [changed(first)], cfg)  # built again before any send
        assert len(Outbox(archive).pending()) == 1
        assert flush_outbox(archive, cfg).ok
    [(_, msg)] = box.messages
    assert msg["Subject"].startswith("[UNCLASSIFIED] Briefing:")  # the first mail, not an update
    assert "Jeyhun Bayramov" in text_of(msg)


def test_the_sent_log_survives_moving_the_archive_away(tmp_path):
    db = tmp_path / "out" / "briefing.sqlite"
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        items = briefings(tmp_path / "out")
        with Archive(db) as archive:
            queue_briefings(archive, items, cfg)
            assert flush_outbox(archive, cfg).ok
        log_file = tmp_path / "out" / SENT_LOG
        lines = [json.loads(line) for line in log_file.read_text().splitlines()]
        assert sorted(d["meeting_id"] for d in lines) == sorted(b.id for b in items)
        assert {d["outcome"] for d in lines} == {"sent"}
        db.rename(db.with_suffix(".sqlite.broken"))  # the README's advice for a corrupt file
        with Archive(db) as archive:
            assert queue_briefings(archive, items, cfg) == 0  # known from the sent-log
            assert len(SentLog(archive).history(items[0].id)) == 1
            queue_briefings(archive, [changed(items[0])], cfg)
            assert flush_outbox(archive, cfg).ok
        db.unlink()
        log_file.unlink()  # both gone: nothing is known, a fresh start mails again
        with Archive(db) as archive:
            assert queue_briefings(archive, items[:1], cfg) == 1
    first, _, update = (m for _, m in box.messages)
    assert update["Subject"].startswith("[UNCLASSIFIED] Updated:")
    assert update["In-Reply-To"] == first["Message-ID"]


def test_resend_on_purpose_goes_in_the_thread_under_a_new_message_id(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        first = briefings(tmp_path / "out")[0]
        archive.save_meetings([_meeting_of(first)])
        queue_briefings(archive, [first], cfg)
        flush_outbox(archive, cfg)
        [key] = queue_resend(archive, cfg, [first.id])
        assert key.endswith("-r1")
        assert flush_outbox(archive, cfg).ok
    (_, one), (_, again) = box.messages
    assert again["Message-ID"] != one["Message-ID"] and again["In-Reply-To"] == one["Message-ID"]
    assert again["Subject"] == one["Subject"]  # the same facts: not an update


def _meeting_of(b: Briefing):
    from _render_sample import sample_meeting

    meeting = sample_meeting()
    assert meeting.id == b.id
    return meeting


def test_timeout_after_the_message_is_maybe_delivered_never_sent_again_by_itself(
    tmp_path, archive, caplog
):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        cfg.email.timeout = 1
        box.delay = 2.5  # the server takes the message after the client stopped waiting
        first = briefings(tmp_path / "out")[0]
        archive.save_meetings([_meeting_of(first)])
        queue_briefings(archive, [first], cfg)
        with caplog.at_level(logging.WARNING, logger="briefing"):
            report = flush_outbox(archive, cfg)
        [key] = report.maybe
        assert report.ok and not report.sent and not Outbox(archive).pending()
        [record] = [r for r in caplog.records if "may have been delivered" in r.getMessage()]
        assert "--resend 2025-04-23-aze-chn" in record.getMessage()
        deadline = time.monotonic() + 10
        while not box.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        [(_, delivered)] = box.messages  # it did arrive
        assert delivered["Message-ID"] in record.getMessage()
        box.delay = 0
        assert flush_outbox(archive, cfg).sent == []
        assert queue_briefings(archive, [first], cfg) == 0
        assert len(box.messages) == 1
        [again] = queue_resend(archive, cfg, [first.id])
        assert again == key  # the same message: the same Message-ID
        assert flush_outbox(archive, cfg).ok
    (_, one), (_, two) = box.messages
    assert one["Message-ID"] == two["Message-ID"]
    outcomes = [d.outcome for d in SentLog(archive).history(first.id)]
    assert outcomes == ["sent"]  # the same message, now known to be delivered


def test_permanent_refusal_is_reported_once_and_not_retried(tmp_path):
    out = tmp_path / "out"
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        (tmp_path / "briefing.toml").write_text(
            f'[build]\noutput = "out"\n[email]\nhost = "127.0.0.1"\nport = {port}\n'
            'security = "none"\nsender = "desk@briefing.test"\nto = ["analysts@briefing.test"]\n'
            "timeout = 5\n"
        )
        with Archive(out / "briefing.sqlite") as archive:
            queue_briefings(archive, briefings(out), cfg)
        box.refuse = "554 5.7.1 Message rejected by policy"
        config_file = str(tmp_path / "briefing.toml")
        refused = runner.invoke(app, ["send", "--config", config_file])
        box.refuse = None
        later = runner.invoke(app, ["send", "--config", config_file])
    assert refused.exit_code == 1
    errors = [line for line in refused.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and all("554 5.7.1" in e and "not retried" in e for e in errors)
    assert "0 emails sent, 2 refused, 0 queued" in refused.stdout
    assert later.exit_code == 0 and "0 emails sent, 0 queued" in later.stdout
    assert "error" not in later.stderr and box.messages == []
    with Archive(out / "briefing.sqlite") as archive:
        assert queue_briefings(archive, briefings(out), cfg) == 0  # refused: not again


def test_a_dropped_connection_keeps_the_message_for_the_next_run(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        queue_briefings(archive, briefings(tmp_path / "out"), cfg)
        box.drop = True
        dropped = flush_outbox(archive, cfg)
        assert not dropped.ok and len(dropped.failed) == 2 and not dropped.maybe
        assert len(Outbox(archive).pending()) == 2
        box.drop = False
        assert len(flush_outbox(archive, cfg).sent) == 2
        assert flush_outbox(archive, cfg).sent == []
    assert len(box.messages) == 2


def _config_file(tmp_path: Path, port: int, extra: str = "") -> str:
    path = tmp_path / "briefing.toml"
    path.write_text(
        f'[build]\noutput = "out"\n[email]\nhost = "127.0.0.1"\nport = {port}\n'
        'security = "none"\nsender = "desk@briefing.test"\nto = ["analysts@briefing.test"]\n'
        f"timeout = 5\n{extra}"
    )
    return str(path)


def test_dry_run_lists_what_would_go_and_sends_nothing(tmp_path):
    out = tmp_path / "out"
    with smtp() as (box, port):
        config_file = _config_file(tmp_path, port)
        with Archive(out / "briefing.sqlite") as archive:
            queue_briefings(archive, briefings(out), config(tmp_path, port))
        dry = runner.invoke(app, ["send", "--dry-run", "--config", config_file])
        assert dry.exit_code == 0, dry.output
        assert box.messages == []
        with Archive(out / "briefing.sqlite") as archive:
            assert len(Outbox(archive).pending()) == 2
        sent = runner.invoke(app, ["send", "--config", config_file])
    assert "would be sent: [UNCLASSIFIED] Briefing: Azerbaijan – China, 23 April 2025" in dry.stdout
    assert "analysts@briefing.test" in dry.stdout and "2025-04-23-aze-chn.pdf" in dry.stdout
    assert "2 emails would be sent; nothing was sent or marked" in dry.stdout
    assert sent.exit_code == 0 and len(box.messages) == 2


def test_briefings_built_before_email_was_set_are_named_and_queued_on_request(tmp_path):
    """Built while [email] had no recipients: nothing was queued. The next send says so
    and --backlog mails them, once."""
    from _render_sample import sample_meeting

    out = tmp_path / "out"
    items = briefings(out)
    with Archive(out / "briefing.sqlite") as archive:
        archive.save_meetings([sample_meeting()])
        archive.set_render_hash(items[0].id, "rendered", items[0].files)
    with smtp() as (box, port):
        config_file = _config_file(tmp_path, port, 'base_url = "https://desk.example.org/notes/"\n')
        plain = runner.invoke(app, ["send", "--config", config_file])
        backlog = runner.invoke(app, ["send", "--backlog", "--config", config_file])
        again = runner.invoke(app, ["send", "--backlog", "--config", config_file])
    assert plain.exit_code == 0 and "0 emails sent, 0 queued" in plain.stdout
    assert (
        "1 briefing built before [email] was set is not queued: `briefing send --backlog`"
        in plain.stderr
    )
    assert backlog.exit_code == 0 and "1 email sent" in backlog.stdout
    assert again.exit_code == 0 and "0 emails sent" in again.stdout and not again.stderr
    [(_, msg)] = box.messages
    link = "https://desk.example.org/notes/2025-04-23-aze-chn.html"
    assert f"Read online: {link}" in text_of(msg)
    assert f'href="{link}"' in msg.get_body(("html",)).get_content()


def test_eml_files_are_not_marked_sent_without_mark_sent(tmp_path):
    out = tmp_path / "out"
    with smtp() as (box, port):
        config_file = _config_file(tmp_path, port)
        with Archive(out / "briefing.sqlite") as archive:
            queue_briefings(archive, briefings(out), config(tmp_path, port))
        written = runner.invoke(
            app, ["send", "--eml", str(tmp_path / "eml"), "--config", config_file]
        )
        marked = runner.invoke(
            app, ["send", "--eml", str(tmp_path / "eml2"), "--mark-sent", "--config", config_file]
        )
        sent = runner.invoke(app, ["send", "--config", config_file])
        lonely = runner.invoke(app, ["send", "--mark-sent", "--config", config_file])
    assert written.exit_code == 0 and "2 emails written, none marked sent" in written.stdout
    assert marked.exit_code == 0 and "2 emails written, 2 marked sent" in marked.stdout
    assert len(list((tmp_path / "eml").glob("*.eml"))) == 2
    assert sent.exit_code == 0 and "0 emails sent" in sent.stdout and box.messages == []
    assert lonely.exit_code == 2 and "--mark-sent goes with --eml" in lonely.stderr


def test_labels_of_the_templates_folder_word_the_mail(tmp_path, archive):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "labels.yaml").write_text(
        "topics:\n  tourism_visa: Visas and travel\nstatuses:\n  proposed: Pending\n"
        "metrics:\n  trade_turnover: Two-way trade\n",
        encoding="utf-8",
    )
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        queue_briefings(archive, briefings(tmp_path / "out")[:1], cfg, mine)
        assert flush_outbox(archive, cfg).ok
    [(_, msg)] = box.messages
    body = text_of(msg)
    assert "Visas and travel" in body and "visa waiver agreement (Pending)" in body
    assert "Two-way trade, 2024: $3.7 billion" in body and "Tourism and visas" not in body


def test_build_email_mails_a_new_report_s_facts_as_an_update_and_a_new_look_not_at_all(
    tmp_path, monkeypatch
):
    """The seed meeting built from one report, then from both: the second build changes
    its facts (new topics, a weekday the reports disagree on, one more outlet) and mails
    an update in the thread. Rebuilding with another format, or another accent colour,
    mails nothing."""
    from tests.conftest import EXAMPLES

    reports = tmp_path / "in"
    reports.mkdir()
    (reports / "s000-azertac.json").write_bytes((EXAMPLES / "s000-azertac.json").read_bytes())
    monkeypatch.chdir(tmp_path)
    with smtp() as (box, port):
        _config_file(tmp_path, port)
        first = runner.invoke(app, ["build", str(reports), "--email"])
        (reports / "s002-anewz.json").write_bytes((EXAMPLES / "s002-anewz.json").read_bytes())
        second = runner.invoke(app, ["build", str(reports), "--email"])
        pdf_only = runner.invoke(
            app, ["build", str(reports), "--email", "--format", "pdf", "--force"]
        )
        _config_file(tmp_path, port, '[report]\naccent_color = "#7a1f3d"\n')
        recoloured = runner.invoke(app, ["build", str(reports), "--email"])
    for result in (first, second, pdf_only, recoloured):
        assert result.exit_code == 0, result.output
    assert "1 email sent" in first.stdout and "1 email sent" in second.stdout
    assert "0 emails sent" in pdf_only.stdout and "0 emails sent" in recoloured.stdout
    (_, one), (_, two) = box.messages
    assert two["Subject"] == "[UNCLASSIFIED] Updated: Azerbaijan – China, 23 April 2025"
    assert two["In-Reply-To"] == one["Message-ID"]
    body = text_of(two)
    changes = body.split("What changed since the last mail:", 1)[1].split("\n\n", 1)[0]
    assert "New report: AnewZ" in changes and "Sources now disagree on: Weekday" in changes


def test_messages_an_earlier_release_marked_sent_are_not_mailed_again(tmp_path):
    """Schema 2 kept 'sent' rows in the outbox and no facts: after the upgrade their
    meetings count as mailed in their present state."""
    import sqlite3

    from _render_sample import sample_meeting

    from briefing.archive.schema import SCHEMA

    db = tmp_path / "out" / "briefing.sqlite"
    db.parent.mkdir()
    old_outbox = (
        "CREATE TABLE outbox (message_id TEXT PRIMARY KEY, meeting_ids TEXT NOT NULL,"
        " status TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT);"
    )
    with sqlite3.connect(db) as conn:
        conn.executescript(
            SCHEMA.split("CREATE TABLE IF NOT EXISTS outbox")[0]
            + old_outbox
            + "PRAGMA user_version = 2;"
        )
        conn.execute(
            "INSERT INTO outbox VALUES ('oldkey', '[\"2025-04-23-aze-chn\"]', 'sent', 1, NULL,"
            " '2026-01-01', '2026-01-01')"
        )
    items = briefings(tmp_path / "out")
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        with Archive(db) as archive:
            archive.save_meetings([sample_meeting()])
            assert queue_briefings(archive, items[:1], cfg) == 0
            [old] = SentLog(archive).history(items[0].id)
            assert old.message_id == "<briefing-oldkey@briefing.test>" and old.outcome == "sent"
            queue_briefings(archive, [changed(items[0])], cfg)
            assert flush_outbox(archive, cfg).ok
    [(_, update)] = box.messages
    assert update["In-Reply-To"] == "<briefing-oldkey@briefing.test>"


def test_a_digest_says_how_many_of_its_briefings_are_updates(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port, mode="digest")
        items = briefings(tmp_path / "out")
        queue_briefings(archive, items[:1], cfg)
        flush_outbox(archive, cfg)
        queue_briefings(archive, [changed(items[0]), items[1]], cfg)
        assert flush_outbox(archive, cfg).ok
    (_, first), (_, digest) = box.messages
    assert digest["Subject"] == "[UNCLASSIFIED] Briefings: 2 meetings, 1 updated"
    body = text_of(digest)
    assert "Azerbaijan – China, 23 April 2025 (updated)" in body
    assert "What changed since the last mail:" in body and "Morocco – Portugal" in body


def test_dry_run_of_a_backlog_and_a_resend_changes_nothing(tmp_path):
    from _render_sample import sample_meeting

    out = tmp_path / "out"
    items = briefings(out)
    with Archive(out / "briefing.sqlite") as archive:
        archive.save_meetings([sample_meeting()])
        archive.set_render_hash(items[0].id, "rendered", items[0].files)
    with smtp() as (box, port):
        config_file = _config_file(tmp_path, port)
        dry = runner.invoke(
            app,
            ["send", "--dry-run", "--backlog", "--resend", items[0].id, "--config", config_file],
        )
        unknown = runner.invoke(
            app, ["send", "--resend", "2020-01-01-xxx-yyy", "--config", config_file]
        )
    assert dry.exit_code == 0, dry.output
    assert f"would be queued (backlog): {items[0].id}" in dry.stdout
    assert f"would be sent again (--resend): {items[0].id}" in dry.stdout
    assert box.messages == []
    with Archive(out / "briefing.sqlite") as archive:
        assert not Outbox(archive).pending() and not SentLog(archive).history(items[0].id)
    assert unknown.exit_code == 1 and "2020-01-01-xxx-yyy" in unknown.stderr
