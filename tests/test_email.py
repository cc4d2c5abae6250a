"""Email delivery against a real SMTP server (aiosmtpd on 127.0.0.1): the message, the
PDF attachment, the outbox (nothing lost, nothing sent twice) and ``--eml``. Updates,
the sent-log and a faulty server: tests/test_email_delivery.py."""

from __future__ import annotations

import dataclasses
import io
import logging
from email import message_from_bytes, policy

import pytest
from _mail import briefings, config, pdf_bytes
from _render_sample import sample_meeting
from local_servers import free_port, smtp
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.archive import Archive
from briefing.cli import app
from briefing.config import Config, load_config
from briefing.deliver.email import (
    SPOOL_DIR,
    Briefing,
    Outbox,
    check_email_config,
    flush_outbox,
    queue_briefings,
)
from briefing.errors import ConfigError
from briefing.log import redact, setup_logging


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "out" / "briefing.sqlite") as a:
        yield a


def test_one_message_per_briefing_with_pdf_and_key_facts(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        assert queue_briefings(archive, briefings(tmp_path / "out"), cfg) == 2
        report = flush_outbox(archive, cfg)
    assert report.ok and len(report.sent) == 2
    assert len(box.messages) == 2
    rcpts, msg = box.messages[0]
    assert sorted(rcpts) == [
        "analysts@briefing.test",
        "archive@briefing.test",
        "chief@briefing.test",
    ]
    assert msg["To"] == "analysts@briefing.test" and msg["Cc"] == "chief@briefing.test"
    assert "Bcc" not in msg and "archive@briefing.test" not in msg.as_string()
    assert msg["From"] == "desk@briefing.test"
    assert msg["Subject"] == "[UNCLASSIFIED] Briefing: Azerbaijan – China, 23 April 2025"
    assert msg["Message-ID"].endswith("@briefing.test>") and msg["In-Reply-To"] is None
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Ilham Aliyev (President, Azerbaijan)" in body and "Beijing" in body
        assert "Tourism and visas" in body and "reciprocal visa waiver agreement (Proposed)" in body
        assert "Trade turnover, 2024: $3.7 billion, +20%" in body
        assert "Sources disagree on" in body and "Weekday" in body
        assert "Read online" not in body  # no [email] base_url
    assert "Type: Meeting" in text and "security defense" not in text
    assert "<table" in html
    [attachment] = list(msg.iter_attachments())  # HTML not attached by default
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "2025-04-23-aze-chn.pdf"
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    assert len(reader.pages) == 1 and reader.metadata.title == "2025-04-23-aze-chn"
    assert not Outbox(archive).pending()
    assert not list((tmp_path / "out" / SPOOL_DIR).glob("*.eml"))


def test_digest_puts_all_briefings_in_one_message(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port, mode="digest", attach_html=True)
        assert queue_briefings(archive, briefings(tmp_path / "out"), cfg) == 1
        assert flush_outbox(archive, cfg).ok
    [(_, msg)] = box.messages
    assert msg["Subject"] == "[UNCLASSIFIED] Briefings: 2 meetings"
    names = sorted(a.get_filename() for a in msg.iter_attachments())
    assert names == [
        "2025-04-23-aze-chn.html",
        "2025-04-23-aze-chn.pdf",
        "2025-06-12-mar-prt.html",
        "2025-06-12-mar-prt.pdf",
    ]
    assert "Morocco – Portugal" in msg.get_body(("plain",)).get_content()


def test_server_down_keeps_messages_queued_and_next_run_delivers_once(tmp_path, archive):
    port = free_port()
    cfg = config(tmp_path, port)
    queue_briefings(archive, briefings(tmp_path / "out"), cfg)
    down = flush_outbox(archive, cfg)
    assert not down.ok and len(down.failed) == 2 and not down.sent
    assert all("cannot deliver via 127.0.0.1" in why for why in down.failed.values())
    pending = Outbox(archive).pending()
    assert len(pending) == 2 and all(p["attempts"] == 1 and p["last_error"] for p in pending)
    with smtp(port) as (box, _):
        assert flush_outbox(archive, cfg).ok
        assert flush_outbox(archive, cfg).sent == []  # nothing left: never twice
    assert len(box.messages) == 2
    assert len({m["Message-ID"] for _, m in box.messages}) == 2


def test_temporary_refusal_stays_queued_and_is_retried(tmp_path, archive):
    with smtp() as (box, port):
        box.refuse = "451 4.7.1 Greylisted, try again later"
        cfg = config(tmp_path, port)
        queue_briefings(archive, briefings(tmp_path / "out")[:1], cfg)
        report = flush_outbox(archive, cfg)
        assert not report.ok and "451" in next(iter(report.failed.values()))
        assert not report.refused and len(Outbox(archive).pending()) == 1
        box.refuse = None
        assert flush_outbox(archive, cfg).ok
    assert len(box.messages) == 1


def test_rebuilt_briefing_is_not_queued_again(tmp_path, archive):
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        items = briefings(tmp_path / "out")
        assert queue_briefings(archive, items, cfg) == 2
        assert queue_briefings(archive, items, cfg) == 0  # still queued: once
        flush_outbox(archive, cfg)
        assert queue_briefings(archive, items, cfg) == 0  # already sent: never twice
        pdf_only = [Briefing(b.record, [p for p in b.files if p.suffix == ".pdf"]) for b in items]
        assert queue_briefings(archive, pdf_only, cfg) == 0  # another format: same facts
        assert not list((tmp_path / "out" / SPOOL_DIR).glob("*.eml"))
        record = {**items[0].record, "date": "2025-04-24"}
        assert queue_briefings(archive, [Briefing(record, items[0].files)], cfg) == 1  # news
        flush_outbox(archive, cfg)
    assert len(box.messages) == 3


def test_lost_spool_file_is_composed_again_from_the_archive(tmp_path, archive):
    items = briefings(tmp_path / "out")
    archive.save_meetings([sample_meeting()])
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        queue_briefings(archive, items[:1], cfg)
        for spooled in (tmp_path / "out" / SPOOL_DIR).glob("*.eml"):
            spooled.unlink()
        assert flush_outbox(archive, cfg).ok
    [(_, msg)] = box.messages
    [pdf] = list(msg.iter_attachments())
    assert PdfReader(io.BytesIO(pdf.get_content())).metadata.title == "2025-04-23-aze-chn"


def test_eml_files_instead_of_sending_marked_sent_only_on_request(tmp_path, archive):
    cfg = config(tmp_path, free_port())
    cfg.email.host = None  # no SMTP needed to write files
    queue_briefings(archive, briefings(tmp_path / "out"), cfg)
    report = flush_outbox(archive, cfg, eml_dir=tmp_path / "eml")
    assert report.ok and len(report.written) == 2 and not report.sent
    assert len(Outbox(archive).pending()) == 2  # written, still to be sent
    msg = message_from_bytes(report.written[0].read_bytes(), policy=policy.default)
    assert msg["To"] == "analysts@briefing.test"
    assert any(a.get_content_type() == "application/pdf" for a in msg.iter_attachments())
    marked = flush_outbox(archive, cfg, eml_dir=tmp_path / "eml", mark_sent=True)
    assert len(marked.written) == 2 and len(marked.sent) == 2
    assert not Outbox(archive).pending()
    assert queue_briefings(archive, briefings(tmp_path / "out"), cfg) == 0


def test_config_errors_name_the_key_not_the_secret(tmp_path, monkeypatch):
    cfg = config(tmp_path, 25, username="desk")
    with pytest.raises(ConfigError, match="password_env"):
        check_email_config(cfg.email, smtp=True)
    cfg.email.password_env = "BRIEFING_TEST_SMTP_PASSWORD"
    monkeypatch.delenv("BRIEFING_TEST_SMTP_PASSWORD", raising=False)
    with pytest.raises(ConfigError, match="BRIEFING_TEST_SMTP_PASSWORD"):
        check_email_config(cfg.email, smtp=True)
    monkeypatch.setenv("BRIEFING_TEST_SMTP_PASSWORD", "hunter2-secret")
    with pytest.raises(ConfigError, match="in clear") as err:
        check_email_config(cfg.email, smtp=True)  # security = none + password
    assert "hunter2-secret" not in str(err.value)
    cfg.email.security = "starttls"
    check_email_config(cfg.email, smtp=True)
    cfg.email.host = None
    with pytest.raises(ConfigError, match="email.host"):
        check_email_config(cfg.email, smtp=True)


def test_secrets_never_reach_the_log(tmp_path):
    log_file = tmp_path / "run.log"
    setup_logging(quiet=True, log_file=log_file, stream=io.StringIO())
    redact("hunter2-secret")
    logging.getLogger("briefing.test").warning("login failed for desk:%s", "hunter2-secret")
    logging.getLogger("briefing").handlers[-1].flush()
    text = log_file.read_text()
    assert "login failed for desk:***" in text and "hunter2-secret" not in text


def test_send_cli_exit_codes_with_server_down_then_up(tmp_path, monkeypatch):
    port = free_port()
    (tmp_path / "briefing.toml").write_text(
        '[build]\noutput = "out"\n[email]\nhost = "127.0.0.1"\n'
        f'port = {port}\nsecurity = "none"\nsender = "desk@briefing.test"\n'
        'to = ["analysts@briefing.test"]\ntimeout = 5\n'
    )
    cfg = load_config(tmp_path / "briefing.toml")
    with Archive(tmp_path / "out" / "briefing.sqlite") as archive:
        queue_briefings(archive, briefings(tmp_path / "out")[:1], cfg)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    down = runner.invoke(app, ["send"])
    assert down.exit_code == 1, down.output
    assert "0 emails sent, 1 queued" in down.stdout and "cannot deliver" in down.stderr
    with smtp(port) as (box, _):
        up = runner.invoke(app, ["send"])
        again = runner.invoke(app, ["send"])
    assert up.exit_code == 0 and "1 email sent" in up.stdout
    assert again.exit_code == 0 and "0 emails sent, 0 queued" in again.stdout
    assert len(box.messages) == 1
    no_host = runner.invoke(app, ["send", "--config", str(tmp_path / "missing.toml")])
    assert no_host.exit_code == 2


def test_message_templates_come_from_the_user_folder_first(tmp_path, archive):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "email_subject.txt").write_text(
        "[{{ report.classification }}]\n  {{ briefings[0].heading }}\n", encoding="utf-8"
    )
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        queue_briefings(archive, briefings(tmp_path / "out")[:1], cfg, mine)
        assert flush_outbox(archive, cfg).ok
    [(_, msg)] = box.messages
    assert msg["Subject"] == "[UNCLASSIFIED] Azerbaijan – China, 23 April 2025"  # one line
    assert "Ilham Aliyev (President, " in msg.get_body(("plain",)).get_content()  # default body


def test_report_text_is_escaped_in_html_and_never_run_as_a_template(tmp_path, archive):
    meeting = sample_meeting()
    odd = dataclasses.replace(meeting.participants[0], name="<b>Aliyev</b> {{ 7 * 7 }}")
    meeting = dataclasses.replace(meeting, participants=[odd, *meeting.participants[1:]])
    pdf = tmp_path / "out" / f"{meeting.id}.pdf"  # the archive fixture made the folder
    pdf.write_bytes(pdf_bytes(meeting.id))
    with smtp() as (box, port):
        cfg = config(tmp_path, port)
        queue_briefings(archive, [Briefing.of(meeting, [pdf])], cfg)
        assert flush_outbox(archive, cfg).ok
    [(_, msg)] = box.messages
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "<b>Aliyev</b> {{ 7 * 7 }} (President, Azerbaijan)" in text  # plain text: as written
    assert "&lt;b&gt;Aliyev&lt;/b&gt; {{ 7 * 7 }}" in html and "<b>Aliyev" not in html
    assert "49" not in text + html


def test_broken_message_template_names_its_file_and_line(tmp_path):
    from briefing.deliver.email.message import check_templates
    from briefing.errors import TemplateError

    (tmp_path / "email.txt").write_text("Hello\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"email\.txt:2: template syntax error"):
        check_templates(Config(), tmp_path)
