"""Flushing the outbox: every queued message sent over SMTP (or written as a ``.eml``
file, or only listed by a dry run), each outcome recorded before the next message goes.

Outcomes (``smtp.Outcome``): a message the server accepted is recorded ``sent``; one it
refused for good (5xx) is recorded ``refused`` and reported once, never retried; one the
server may have taken without answering in time is recorded ``maybe`` and not sent again
by itself (sending it again may deliver it twice; ``send --resend`` does it, under the
same Message-ID); anything else stays queued for the next run. Errors are logged for
log files and JSON logs but returned to the caller too, which prints them once.
"""

from __future__ import annotations

import email.policy
import logging
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from briefing.archive import Archive, default_db_path
from briefing.atomic import atomic_write
from briefing.config import Config, EmailConfig
from briefing.deliver.email.message import Briefing, compose, message_id
from briefing.deliver.email.outbox import (
    Outbox,
    backlog,
    output_dir,
    queue_backlog,
    queue_resend,
)
from briefing.deliver.email.settings import check_email_config
from briefing.errors import DeliveryError
from briefing.log import REPORTED

log = logging.getLogger("briefing.deliver.email")


@dataclass
class SendReport:
    """What a flush did, by outbox key."""

    sent: list[str] = field(default_factory=list)  # accepted by the server
    maybe: dict[str, str] = field(default_factory=dict)  # may have been delivered: not retried
    refused: dict[str, str] = field(default_factory=dict)  # refused for good: not retried
    failed: dict[str, str] = field(default_factory=dict)  # still queued, retried next run
    written: list[Path] = field(default_factory=list)  # .eml files (``eml_dir``)
    planned: list[dict[str, Any]] = field(default_factory=list)  # ``dry_run``: what would go
    unqueued: list[str] = field(default_factory=list)  # meetings built, never queued

    @property
    def ok(self) -> bool:
        return not self.failed and not self.refused

    def errors(self) -> list[DeliveryError]:
        """One error per message that was not delivered, for the caller to print."""
        return [
            *(
                DeliveryError(f"email {k} refused, not retried: {why}")
                for k, why in self.refused.items()
            ),
            *(
                DeliveryError(f"email {k} not sent, stays queued: {why}")
                for k, why in self.failed.items()
            ),
        ]


def send_queued(
    config: Config,
    *,
    eml_dir: Path | None = None,
    mark_sent: bool = False,
    dry_run: bool = False,
    resend: tuple[str, ...] = (),
    include_backlog: bool = False,
) -> SendReport:
    """``briefing send``: queue what is asked (``resend``: meeting ids mailed again on
    purpose; ``include_backlog``: briefings built before ``[email]`` was set), then flush
    the outbox of the configured archive, holding the run lock so a nightly ``build
    --email`` and a manual send never mail the same message twice. A dry run queues,
    sends and records nothing: it lists what would go."""
    from briefing.lock import RunLock

    check_email_config(config.email, smtp=eml_dir is None)
    with RunLock(output_dir(config)), Archive(default_db_path(config)) as archive:
        planned: list[dict[str, Any]] = []
        if dry_run:
            planned += [_plan_resend(archive, config, mid) for mid in resend]
            if include_backlog:
                planned += [
                    _plan(b.id, "would be queued (backlog)") for b in backlog(archive, config)
                ]
        else:
            if resend:
                queue_resend(archive, config, resend)
            if include_backlog:
                queue_backlog(archive, config)
        report = flush_outbox(
            archive, config, eml_dir=eml_dir, mark_sent=mark_sent, dry_run=dry_run
        )
        report.planned[:0] = planned
        report.unqueued = (
            [b.id for b in backlog(archive, config)] if not include_backlog or dry_run else []
        )
        return report


def _plan(meeting_id: str, what: str) -> dict[str, Any]:
    return {"key": None, "subject": meeting_id, "meetings": [meeting_id], "what": what}


def _plan_resend(archive: Archive, config: Config, meeting_id: str) -> dict[str, Any]:
    if archive.meeting(meeting_id) is None:
        raise DeliveryError(f"{meeting_id}: no such meeting in the archive")
    return _plan(meeting_id, "would be sent again (--resend)")


def flush_outbox(
    archive: Archive,
    config: Config,
    *,
    eml_dir: Path | None = None,
    mark_sent: bool = False,
    dry_run: bool = False,
) -> SendReport:
    """Send (or, with ``eml_dir``, write as .eml files; with ``dry_run``, only list)
    every queued message. Written files are marked sent only with ``mark_sent``.

    Never raises for a delivery failure: the outcomes are in the report. ConfigError when
    the [email] settings cannot work at all."""
    from briefing.deliver.email.smtp import send_over_smtp

    cfg = config.email
    check_email_config(cfg, smtp=eml_dir is None)
    outbox = Outbox(archive, config)
    report = SendReport()
    pending = {item["message_id"]: item for item in outbox.pending()}
    messages: list[tuple[str, EmailMessage]] = []
    for key, item in pending.items():
        try:
            messages.append((key, _address(_load(outbox, item, config), cfg)))
        except DeliveryError as exc:
            _retry(outbox, report, key, str(exc))
    if dry_run:
        report.planned = [_planned(key, msg, pending[key]) for key, msg in messages]
        return report
    if eml_dir is not None:
        for key, msg in messages:
            path = atomic_write(Path(eml_dir) / f"briefing-{key}.eml", msg.as_bytes())
            report.written.append(path)
            log.info("wrote %s", path)
            if mark_sent:
                _done(outbox, pending[key], msg, "sent")
                report.sent.append(key)
    else:
        by_key = dict(messages)
        # Each outcome is recorded before the next message goes out.
        for key, outcome in send_over_smtp(messages, cfg):
            msg = by_key[key]
            if outcome.status == "sent":
                _done(outbox, pending[key], msg, "sent")
                report.sent.append(key)
                log.info("sent email %s: %s", key, msg["Subject"])
            elif outcome.status == "maybe":
                _done(outbox, pending[key], msg, "maybe")
                report.maybe[key] = outcome.reason or ""
                ids = " ".join(pending[key]["meeting_ids"])
                log.warning(
                    "email %s %s may have been delivered (%s); it is not sent again by itself: "
                    "`briefing send --resend %s` sends it again under the same Message-ID",
                    key,
                    msg["Message-ID"],
                    outcome.reason,
                    ids,
                )
            elif outcome.status == "refused":
                _done(outbox, pending[key], msg, "refused")
                report.refused[key] = outcome.reason or ""
                log.error("email %s refused, not retried: %s", key, outcome.reason, extra=REPORTED)
            else:
                _retry(outbox, report, key, outcome.reason or "not sent")
    outbox.clean_spool()
    return report


def _planned(key: str, msg: EmailMessage, item: dict[str, Any]) -> dict[str, Any]:
    attachments = [(a.get_filename(), len(a.get_content())) for a in msg.iter_attachments()]
    return {
        "key": key,
        "subject": msg["Subject"],
        "meetings": item["meeting_ids"],
        "to": [a for h in ("To", "Cc") for a in ([msg[h]] if msg[h] else [])],
        "reply_to": msg["In-Reply-To"],
        "attachments": attachments,
        "what": "would be sent",
    }


def _done(outbox: Outbox, item: dict[str, Any], msg: EmailMessage, outcome: str) -> None:
    """Record the outcome in the sent-log, then take the message off the queue."""
    about = item["briefings"] or [
        {"id": b.id, "facts": b.facts, "digest": b.digest, "thread": msg["Message-ID"]}
        for b in _stored(outbox, item)
    ]  # a row queued by an earlier release: what the archive holds now
    outbox.sent.record(str(msg["Message-ID"]), about, outcome)
    outbox.finish(item["message_id"])


def _stored(outbox: Outbox, item: dict[str, Any]) -> list[Briefing]:
    out = []
    for mid in item["meeting_ids"]:
        record = outbox.archive.meeting(mid)
        if record is None:
            raise DeliveryError(f"meeting {mid} is no longer in the archive")
        out.append(Briefing(record, []))
    return out


def _load(outbox: Outbox, item: dict[str, Any], config: Config) -> EmailMessage:
    """The spooled message, or (spool lost) the same message composed again."""
    key = item["message_id"]
    try:
        raw = outbox.spool_file(key).read_bytes()
    except FileNotFoundError:
        out = output_dir(config)
        briefings = [Briefing(b.record, [out / f"{b.id}.pdf"]) for b in _stored(outbox, item)]
        log.warning("email %s: spool file missing; composing it again", key)
        own = message_id(key, config)
        history = {
            b.id: [d for d in outbox.sent.mailed(b.id) if d.message_id != own] for b in briefings
        }
        return compose(briefings, config, key, history=history)
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


def _retry(outbox: Outbox, report: SendReport, key: str, reason: str) -> None:
    log.error("email %s not sent, stays queued: %s", key, reason, extra=REPORTED)
    outbox.mark_failed(key, reason)
    report.failed[key] = reason
