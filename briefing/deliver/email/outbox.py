"""The outbox: the queue of e-mails in the archive's ``outbox`` table and their spooled
bytes in ``.outbox/`` beside the archive; queueing after a build, flushing at send time.

See ``briefing.deliver.email`` for why messages go through an outbox. A message is one
row (its key, the meetings it carries, queued or sent, attempts and last error) and one
spool file ``<key>.eml``, written before the row so a queued row always has its bytes
unless the file was lost, in which case the message is composed again.
"""

from __future__ import annotations

import email.policy
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from briefing.archive import Archive, default_db_path, timestamp
from briefing.atomic import atomic_write
from briefing.config import Config, EmailConfig
from briefing.deliver.email.message import Briefing, compose, outbox_key
from briefing.deliver.email.settings import check_email_config
from briefing.errors import DeliveryError

log = logging.getLogger("briefing.deliver.email")

SPOOL_DIR = ".outbox"


class Outbox:
    """The archive's e-mail queue (the ``outbox`` table) and its spool folder."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.spool = Path(archive.path).parent / SPOOL_DIR

    def enqueue(self, message_id: str, meeting_ids: Iterable[str]) -> bool:
        """Queue a message once; False when that message id is already known."""
        with self.archive.writing() as db:
            cur = db.execute(
                "INSERT INTO outbox (message_id, meeting_ids, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT(message_id) DO NOTHING",
                (message_id, json.dumps(sorted(meeting_ids)), timestamp()),
            )
            return cur.rowcount == 1

    def pending(self) -> list[dict[str, Any]]:
        """Queued messages, oldest first: key, meeting ids, attempts, last error."""
        rows = self.archive.query(
            "SELECT * FROM outbox WHERE status = 'queued' ORDER BY created_at, message_id"
        )
        return [{**dict(r), "meeting_ids": json.loads(r["meeting_ids"])} for r in rows]

    def mark_sent(self, message_id: str) -> None:
        with self.archive.writing() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', attempts = attempts + 1,"
                " last_error = NULL, sent_at = ? WHERE message_id = ?",
                (timestamp(), message_id),
            )

    def mark_failed(self, message_id: str, error: str) -> None:
        with self.archive.writing() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE message_id = ?",
                (error, message_id),
            )

    def spool_file(self, message_id: str) -> Path:
        return self.spool / f"{message_id}.eml"

    def clean_spool(self) -> None:
        """Drop spool files of messages no longer queued (sent, possibly by a killed run)."""
        if not self.spool.is_dir():
            return
        queued = {p["message_id"] for p in self.pending()}
        for path in self.spool.glob("*.eml"):
            if path.stem not in queued:
                path.unlink(missing_ok=True)


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # outbox keys accepted by the server
    written: list[Path] = field(default_factory=list)  # .eml files (``--eml``)
    failed: dict[str, str] = field(default_factory=dict)  # key -> why it is still queued

    @property
    def ok(self) -> bool:
        return not self.failed


def queue_briefings(
    archive: Archive,
    briefings: Sequence[Briefing],
    config: Config,
    templates: Path | None = None,
) -> int:
    """Compose, spool and queue messages for freshly rendered briefings (one each, or one
    digest, per ``email.mode``; ``templates``: the build's template folder). Returns how
    many new messages were queued."""
    check_email_config(config.email, smtp=False)
    outbox = Outbox(archive)
    briefings = [b for b in briefings if any(p.suffix.lower() == ".pdf" for p in b.files)]
    groups = [briefings] if config.email.mode == "digest" else [[b] for b in briefings]
    queued_ids = {p["message_id"] for p in outbox.pending()}
    queued = 0
    for group in (g for g in groups if g):
        key = outbox_key(group)
        if key in queued_ids:
            continue
        msg = compose(group, config, key, templates)
        spooled = atomic_write(outbox.spool_file(key), msg.as_bytes())
        if outbox.enqueue(key, [b.record["id"] for b in group]):
            queued += 1
            log.info("queued email %s: %s", key, msg["Subject"])
        else:  # already sent in an earlier run: never twice
            spooled.unlink(missing_ok=True)
    return queued


def send_queued(config: Config, *, eml_dir: Path | None = None) -> SendReport:
    """``briefing send``: flush the outbox of the configured archive, holding the run lock
    so a nightly ``build --email`` and a manual send never mail the same message twice."""
    from briefing.lock import RunLock

    check_email_config(config.email, smtp=eml_dir is None)
    output = config.resolve(config.build.output) or Path("output")
    with RunLock(output), Archive(default_db_path(config)) as archive:
        return flush_outbox(archive, config, eml_dir=eml_dir)


def flush_outbox(archive: Archive, config: Config, *, eml_dir: Path | None = None) -> SendReport:
    """Send (or, with ``eml_dir``, write as .eml files) every queued message.

    Never raises for a delivery failure: failed messages stay queued and are listed in
    the report. ConfigError when the [email] settings cannot work at all."""
    from briefing.deliver.email.smtp import send_over_smtp

    cfg = config.email
    check_email_config(cfg, smtp=eml_dir is None)
    outbox = Outbox(archive)
    report = SendReport()
    pending = outbox.pending()
    if not pending:
        log.info("outbox empty: nothing to send")
        return report
    messages: list[tuple[str, EmailMessage]] = []
    for item in pending:
        try:
            messages.append((item["message_id"], _address(_load(outbox, item, config), cfg)))
        except DeliveryError as exc:
            _fail(outbox, report, item["message_id"], str(exc))
    if eml_dir is not None:
        for key, msg in messages:
            path = atomic_write(Path(eml_dir) / f"briefing-{key}.eml", msg.as_bytes())
            outbox.mark_sent(key)
            report.written.append(path)
            log.info("wrote %s", path)
    else:
        # Each outcome is recorded before the next message goes out.
        for key, failure in send_over_smtp(messages, cfg):
            if failure is None:
                outbox.mark_sent(key)
                report.sent.append(key)
            else:
                _fail(outbox, report, key, failure)
    outbox.clean_spool()
    return report


def _load(outbox: Outbox, item: dict[str, Any], config: Config) -> EmailMessage:
    """The spooled message, or (spool lost) the same message composed again."""
    key = item["message_id"]
    try:
        raw = outbox.spool_file(key).read_bytes()
    except FileNotFoundError:
        out = config.resolve(config.build.output) or Path("output")
        briefings = []
        for mid in item["meeting_ids"]:
            record = outbox.archive.meeting(mid)
            if record is None:
                raise DeliveryError(f"meeting {mid} is no longer in the archive") from None
            briefings.append(Briefing(record, "", [out / f"{mid}.pdf"]))
        log.warning("email %s: spool file missing; composing it again", key)
        return compose(briefings, config, key)
    except OSError as exc:
        raise DeliveryError(f"cannot read spooled email {key} ({exc.strerror})") from None
    return message_from_bytes(raw, _class=EmailMessage, policy=email.policy.SMTP)


def _address(msg: EmailMessage, cfg: EmailConfig) -> EmailMessage:
    """Recipients and sender of this run's config (never Bcc: that is envelope only)."""
    for header in ("To", "Cc"):
        del msg[header]
    if cfg.to:
        msg["To"] = ", ".join(cfg.to)
    if cfg.cc:
        msg["Cc"] = ", ".join(cfg.cc)
    if cfg.sender:
        del msg["From"]
        msg["From"] = cfg.sender
    return msg


def _fail(outbox: Outbox, report: SendReport, key: str, reason: str) -> None:
    log.error("email %s: %s; it stays queued for the next run", key, reason)
    outbox.mark_failed(key, reason)
    report.failed[key] = reason
