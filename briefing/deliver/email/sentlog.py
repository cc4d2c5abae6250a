"""What was mailed, by meeting and facts: the archive's ``deliveries`` table and the
sent-log beside the archive file (``sent-log.jsonl``), kept in step.

Why two records: the README's advice for a corrupt archive is to move it away and build
again, which loses the archive's table; a build would then mail every briefing a second
time. The sent-log is a small JSON-lines file in the archive's folder that survives
that: when the archive lacks lines the log has, they are loaded back; when the log lacks
rows the archive has (it was deleted), they are written out again. One line per meeting
and message: its Message-ID, the meeting id, the facts key and digest it was mailed
with, the thread it belongs to (the Message-ID of the first mail about the meeting) and
the outcome: ``sent``, ``maybe`` (the server did not answer after the message: it may
have been delivered, so it is not sent again by itself) or ``refused`` (a permanent 5xx
reply: not retried). A line is appended (and synced to disk) after the archive's row is
committed; a line cut short by a crash is ignored, and the archive's row restores it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from briefing.archive import Archive
from briefing.errors import DeliveryError

log = logging.getLogger("briefing.deliver.email")

SENT_LOG = "sent-log.jsonl"
OUTCOMES = ("sent", "maybe", "refused")


@dataclass(frozen=True)
class Delivery:
    """One meeting in one message, and what became of it."""

    message_id: str  # the Message-ID header, <...>
    meeting_id: str
    facts: str  # changes.facts_key of the digest
    outcome: str  # one of OUTCOMES
    thread: str  # Message-ID of the first mail about the meeting
    digest: dict[str, Any]
    at: str


class SentLog:
    """The deliveries of one archive; reading it first brings table and file in step."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.path = Path(archive.path).parent / SENT_LOG
        self._sync()

    def _lines(self) -> list[Delivery]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise DeliveryError(f"{self.path}: cannot read the sent-log ({exc.strerror})") from None
        found = []
        for n, line in enumerate(text.splitlines(), start=1):
            try:
                found.append(Delivery(**json.loads(line)))
            except (ValueError, TypeError):
                log.warning("%s:%d: unreadable line skipped", self.path, n)
        return found

    def _rows(self) -> list[Delivery]:
        rows = self.archive.query("SELECT * FROM deliveries ORDER BY at, message_id, meeting_id")
        return [Delivery(**{**dict(r), "digest": json.loads(r["digest"])}) for r in rows]

    def _sync(self) -> None:
        stored = {(d.message_id, d.meeting_id): d for d in self._rows()}
        logged = {(d.message_id, d.meeting_id): d for d in self._lines()}  # the last line wins
        missing = [d for k, d in logged.items() if k not in stored or stored[k].at < d.at]
        if missing:
            log.info("%d delivery record(s) restored from %s", len(missing), self.path)
            self._store(missing)
        for key, d in stored.items():
            if key not in logged or logged[key].at < d.at:
                self._append(d)

    def _store(self, deliveries: list[Delivery]) -> None:
        with self.archive.writing() as db:
            db.executemany(
                "INSERT INTO deliveries (message_id, meeting_id, facts, outcome, thread, digest,"
                " at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(message_id, meeting_id) DO UPDATE"
                " SET facts=excluded.facts, outcome=excluded.outcome, digest=excluded.digest,"
                " thread=excluded.thread, at=excluded.at",
                [
                    (
                        d.message_id,
                        d.meeting_id,
                        d.facts,
                        d.outcome,
                        d.thread,
                        _json(d.digest),
                        d.at,
                    )
                    for d in deliveries
                ],
            )

    def _append(self, delivery: Delivery) -> None:
        line = (_json(asdict(delivery)) + "\n").encode("utf-8")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise DeliveryError(
                f"{self.path}: cannot write the sent-log ({exc.strerror})"
            ) from None

    def record(
        self,
        message_id: str,
        briefings: list[dict[str, Any]],
        outcome: str,
    ) -> list[Delivery]:
        """Record one message's outcome for each of its briefings (``id``, ``facts``,
        ``digest``, ``thread`` as the outbox keeps them): archive first, then the log."""
        at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")  # orders the records
        done = [
            Delivery(message_id, b["id"], b["facts"], outcome, b["thread"], b["digest"], at)
            for b in briefings
        ]
        self._store(done)
        for d in done:
            self._append(d)
        return done

    def history(self, meeting_id: str) -> list[Delivery]:
        """Every delivery of a meeting, oldest first."""
        rows = self.archive.query(
            "SELECT * FROM deliveries WHERE meeting_id = ? ORDER BY at, message_id", (meeting_id,)
        )
        return [Delivery(**{**dict(r), "digest": json.loads(r["digest"])}) for r in rows]

    def mailed(self, meeting_id: str) -> list[Delivery]:
        """The meeting's messages that (may) have reached the readers, oldest first: what
        an update replies to and says what changed since."""
        return [d for d in self.history(meeting_id) if d.outcome in ("sent", "maybe")]

    def done(self, meeting_id: str, facts: str) -> Delivery | None:
        """The latest delivery of these facts of the meeting, whatever its outcome: such
        a briefing is not queued again by a build (``send --resend`` does it)."""
        same = [d for d in self.history(meeting_id) if d.facts == facts]
        return same[-1] if same else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
