"""The outbox: the queue of e-mails in the archive's ``outbox`` table and their spooled
bytes in ``.outbox/`` beside the archive; what is queued after a build, on purpose
(``send --resend``) or late (``send --backlog``).

See ``briefing.deliver.email`` for why messages go through an outbox. A queued message is
one row (its key, its meetings with the facts, digest and thread it is about, attempts
and last error) and one spool file ``<key>.eml``, written before the row so a queued row
always has its bytes unless the file was lost, in which case the message is composed
again. When a message is done (sent, refused, or maybe delivered) its row leaves the
queue and its outcome goes to the sent-log (``sentlog.py``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefing.archive import Archive, timestamp
from briefing.atomic import atomic_write
from briefing.config import Config
from briefing.deliver.email.message import Briefing, compose, message_id, outbox_key
from briefing.deliver.email.sentlog import SentLog
from briefing.deliver.email.settings import check_email_config
from briefing.errors import DeliveryError

log = logging.getLogger("briefing.deliver.email")

SPOOL_DIR = ".outbox"


class Outbox:
    """The archive's e-mail queue (the ``outbox`` table), its spool folder and the
    sent-log of what left it. With ``config``, messages an earlier release marked sent in
    the queue itself are first taken into the sent-log (``_adopt``)."""

    def __init__(self, archive: Archive, config: Config | None = None) -> None:
        self.archive = archive
        self.spool = Path(archive.path).parent / SPOOL_DIR
        self.sent = SentLog(archive)
        if config is not None:
            self._adopt(config)

    def _adopt(self, config: Config) -> None:
        """Rows an earlier release left in the queue marked ``sent`` (it kept no facts):
        their meetings are taken as mailed in their present state, so upgrading mails
        nothing again; the rows leave the queue."""
        rows = self.archive.query("SELECT * FROM outbox WHERE status = 'sent'")
        for row in rows:
            about = []
            for mid in json.loads(row["meeting_ids"]):
                record = self.archive.meeting(mid)
                if record is not None:
                    b = Briefing(record, [])
                    own = message_id(row["message_id"], config)
                    about.append({"id": mid, "facts": b.facts, "digest": b.digest, "thread": own})
            if about:
                self.sent.record(message_id(row["message_id"], config), about, "sent")
            with self.archive.writing() as db:
                db.execute("DELETE FROM outbox WHERE message_id = ?", (row["message_id"],))

    def enqueue(self, key: str, about: list[dict[str, Any]]) -> None:
        """Queue (or, same key, re-queue with these facts) the message ``key`` about the
        briefings ``about`` (``id``, ``facts``, ``digest``, ``thread`` each)."""
        with self.archive.writing() as db:
            db.execute(
                "INSERT INTO outbox (message_id, meeting_ids, briefings, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(message_id) DO UPDATE SET"
                " status = 'queued', briefings = excluded.briefings",
                (
                    key,
                    json.dumps(sorted(b["id"] for b in about)),
                    json.dumps(about, ensure_ascii=False, sort_keys=True),
                    timestamp(),
                ),
            )

    def pending(self) -> list[dict[str, Any]]:
        """Queued messages, oldest first: key, meeting ids, briefings, attempts, error."""
        rows = self.archive.query(
            "SELECT * FROM outbox WHERE status = 'queued' ORDER BY created_at, message_id"
        )
        return [
            {
                **dict(r),
                "meeting_ids": json.loads(r["meeting_ids"]),
                "briefings": json.loads(r["briefings"]),
            }
            for r in rows
        ]

    def finish(self, key: str) -> None:
        """The message left the queue (its outcome is in the sent-log)."""
        with self.archive.writing() as db:
            db.execute("DELETE FROM outbox WHERE message_id = ?", (key,))
        self.spool_file(key).unlink(missing_ok=True)

    def mark_failed(self, key: str, error: str) -> None:
        with self.archive.writing() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE message_id = ?",
                (error, key),
            )

    def spool_file(self, key: str) -> Path:
        return self.spool / f"{key}.eml"

    def clean_spool(self) -> None:
        """Drop spool files of messages no longer queued (done, possibly by a killed run)."""
        if not self.spool.is_dir():
            return
        queued = {p["message_id"] for p in self.pending()}
        for path in self.spool.glob("*.eml"):
            if path.stem not in queued:
                path.unlink(missing_ok=True)


def _queue(
    outbox: Outbox,
    group: Sequence[Briefing],
    key: str,
    config: Config,
    templates: Path | None,
) -> str:
    """Compose, spool and queue one message; returns its subject."""
    own = message_id(key, config)
    history = {b.id: [d for d in outbox.sent.mailed(b.id) if d.message_id != own] for b in group}
    msg = compose(group, config, key, templates, history)
    about = [
        {
            "id": b.id,
            "facts": b.facts,
            "digest": b.digest,
            "thread": history[b.id][0].thread if history[b.id] else own,
        }
        for b in group
    ]
    atomic_write(outbox.spool_file(key), msg.as_bytes())  # the bytes first, then the row
    outbox.enqueue(key, about)
    return str(msg["Subject"])


def queue_briefings(
    archive: Archive,
    briefings: Sequence[Briefing],
    config: Config,
    templates: Path | None = None,
) -> int:
    """Queue the messages of freshly rendered briefings (one each, or one digest, per
    ``email.mode``; ``templates``: the build's template folder). A briefing whose facts
    were mailed already (or refused, or maybe delivered) is not queued again, whatever
    its look; a queued message about an older state of the same meeting is replaced by
    this one; a queued message of the same facts takes the new rendering. Returns how
    many messages were queued."""
    check_email_config(config.email, smtp=False)
    outbox = Outbox(archive, config)
    briefings = [b for b in briefings if any(p.suffix.lower() == ".pdf" for p in b.files)]
    _supersede(outbox, briefings)
    fresh = [b for b in briefings if outbox.sent.done(b.id, b.facts) is None]
    groups = [fresh] if config.email.mode == "digest" else [[b] for b in fresh]
    queued = {p["message_id"] for p in outbox.pending()}
    count = 0
    for group in (g for g in groups if g):
        key = outbox_key(group)
        subject = _queue(outbox, group, key, config, templates)
        if key not in queued:
            count += 1
            log.info("queued email %s: %s", key, subject)
    return count


def _supersede(outbox: Outbox, briefings: Sequence[Briefing]) -> None:
    """Drop queued messages about one of these meetings in an older state: the new
    state is what the readers should get, as one message."""
    now = {b.id: b.facts for b in briefings}
    for item in outbox.pending():
        about = item["briefings"]
        if len(about) == 1 and about[0]["id"] in now and about[0]["facts"] != now[about[0]["id"]]:
            log.info(
                "email %s replaced by the newer briefing of %s", item["message_id"], about[0]["id"]
            )
            outbox.finish(item["message_id"])


def _briefing_of(archive: Archive, meeting_id: str, out: Path) -> Briefing | None:
    """The stored meeting and its briefing files in ``out``, when its PDF is there."""
    pdf = out / f"{meeting_id}.pdf"
    record = archive.meeting(meeting_id)
    if record is None or not pdf.is_file():
        return None
    html = out / f"{meeting_id}.html"
    return Briefing(record, [p for p in (html, pdf) if p.is_file()])


def output_dir(config: Config) -> Path:
    return config.resolve(config.build.output) or Path("output")


def backlog(archive: Archive, config: Config) -> list[Briefing]:
    """Briefings built (their PDF is in the output folder) but never queued: built
    before ``[email] to`` was set. ``send --backlog`` queues them."""
    outbox = Outbox(archive)
    queued = {mid for item in outbox.pending() for mid in item["meeting_ids"]}
    out = output_dir(config)
    found = []
    for row in archive.query("SELECT meeting_id FROM render_state ORDER BY meeting_id"):
        mid = row["meeting_id"]
        if mid in queued or (b := _briefing_of(archive, mid, out)) is None:
            continue
        if outbox.sent.done(mid, b.facts) is None:
            found.append(b)
    return found


def queue_backlog(archive: Archive, config: Config, templates: Path | None = None) -> int:
    """Queue the briefings of ``backlog``; how many messages were queued."""
    return queue_briefings(archive, backlog(archive, config), config, templates)


def queue_resend(
    archive: Archive, config: Config, meeting_ids: Sequence[str], templates: Path | None = None
) -> list[str]:
    """Queue the briefing of each meeting again, on purpose, one message each, whatever
    was sent before. A message that may have been delivered (``maybe``) goes again under
    its Message-ID, so a copy that did arrive is recognisable; otherwise a new
    Message-ID in the meeting's thread. Returns the keys queued; DeliveryError for a
    meeting without a stored record or PDF."""
    check_email_config(config.email, smtp=False)
    outbox = Outbox(archive, config)
    keys = []
    for mid in meeting_ids:
        b = _briefing_of(archive, mid, output_dir(config))
        if b is None:
            raise DeliveryError(
                f"{mid}: no such meeting with a PDF briefing in {output_dir(config)}"
            )
        same = [d for d in outbox.sent.history(mid) if d.facts == b.facts]
        key = outbox_key([b])
        if same and not (
            same[-1].outcome == "maybe" and same[-1].message_id == message_id(key, config)
        ):
            key += f"-r{len(same)}"
        subject = _queue(outbox, [b], key, config, templates)
        log.info("queued email %s again: %s", key, subject)
        keys.append(key)
    return keys
