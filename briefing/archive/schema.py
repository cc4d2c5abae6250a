"""The archive's tables, and opening the file: pragmas, schema version, failures.

The schema version lives in ``PRAGMA user_version`` so that a later release can migrate
the file in place: ``connect`` creates the tables of a new file and refuses a file written
by a newer release. WAL mode lets a reader (``briefing meetings``) run beside a build.

A run that fails on a full disk (or is killed) can leave its write-ahead log behind,
holding the space the next run needs: ``connect`` checkpoints and truncates such a log
before anything else (``reclaim_wal``), without waiting on a run that is still writing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from briefing.errors import ArchiveError

SCHEMA_VERSION = 3  # 2: holders learned from reports; 3: e-mail deliveries, outbox facts

#: Every table of the archive file; the ``outbox`` is the e-mail queue of briefing.deliver
#: and ``deliveries`` what it sent (kept in the sent-log beside the archive file too).
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT, published TEXT, publisher TEXT, url TEXT, path TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS extractions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    is_bilateral INTEGER NOT NULL,
    pair TEXT,
    reason TEXT,
    data TEXT NOT NULL,
    extracted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS extractions_pair ON extractions(pair);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    start INTEGER, "end" INTEGER, sentence TEXT
);
CREATE INDEX IF NOT EXISTS facts_article ON facts(article_id);
CREATE TABLE IF NOT EXISTS meetings (
    id TEXT PRIMARY KEY,
    date TEXT,
    pair TEXT NOT NULL,
    city TEXT, country TEXT, meeting_type TEXT, relationship_level TEXT,
    n_sources INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS meetings_pair ON meetings(pair, date);
CREATE TABLE IF NOT EXISTS meeting_articles (
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, article_id)
);
CREATE INDEX IF NOT EXISTS meeting_articles_article ON meeting_articles(article_id);
CREATE TABLE IF NOT EXISTS render_state (
    meeting_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    outputs TEXT NOT NULL DEFAULT '[]',
    rendered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS holders (
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    office TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (name, state, office)
);
CREATE TABLE IF NOT EXISTS outbox (
    message_id TEXT PRIMARY KEY,
    meeting_ids TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    briefings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS deliveries (
    message_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    facts TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'maybe', 'refused')),
    thread TEXT NOT NULL,
    digest TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (message_id, meeting_id)
);
CREATE INDEX IF NOT EXISTS deliveries_meeting ON deliveries(meeting_id, at);
"""

#: Columns each schema version added to a table an older file may already have, as
#: (table, column, declaration); ``SCHEMA`` then creates the tables the file lacks.
MIGRATIONS = {3: [("outbox", "briefings", "TEXT NOT NULL DEFAULT '[]'")]}


#: Seconds a statement waits for another process's write lock before "archive is busy".
BUSY_TIMEOUT = 30


def connect(path: Path) -> sqlite3.Connection:
    """An open connection to the archive at ``path``, created or checked; ArchiveError
    (with advice) when the file cannot be opened, is corrupt or is too new."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        leftover = _wal_size(path) > 0
        db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
    except (OSError, sqlite3.Error) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ArchiveError(f"{path}: cannot open archive ({why})") from None
    db.row_factory = sqlite3.Row
    try:
        if leftover:
            reclaim_wal(db)
        _setup(db, path)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise db_failure(path, "archive is corrupt or not a briefing archive", exc) from None
    except BaseException:
        db.close()
        raise
    return db


def _wal_size(path: Path) -> int:
    """Bytes in the write-ahead log beside ``path`` (0 when there is none)."""
    try:
        return Path(f"{path}-wal").stat().st_size
    except OSError:
        return 0


def reclaim_wal(db: sqlite3.Connection) -> None:
    """Fold a write-ahead log left by an earlier process into the archive and truncate it
    to nothing: a run that failed on a full disk leaves its log taking the space. The
    committed transactions in it are kept (SQLite recovers them first); those that never
    committed are dropped. Never waits: while another run is writing, the checkpoint is
    simply skipped (the log is then that run's, not a leftover). A checkpoint that fails
    (still no space, read-only folder) leaves the log for SQLite to use as it is: the
    write that needs the space then reports it."""
    db.execute("PRAGMA busy_timeout = 0")
    with contextlib.suppress(sqlite3.OperationalError):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT * 1000}")


def _setup(db: sqlite3.Connection, path: Path) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT * 1000}")
    db.execute("PRAGMA journal_mode = WAL")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"{path}: archive schema {version} is newer than this "
            f"release understands ({SCHEMA_VERSION}); upgrade briefing"
        )
    if version < SCHEMA_VERSION:
        steps = _migrations(db, version)
        try:  # migrations, schema and version in one transaction: all or nothing
            db.executescript(
                f"BEGIN IMMEDIATE;{steps}{SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    db.execute("SELECT count(*) FROM meetings").fetchone()


def _migrations(db: sqlite3.Connection, version: int) -> str:
    """The statements adding the columns of later versions to the tables the file has."""
    steps = []
    for v in range(version + 1, SCHEMA_VERSION + 1):
        for table, column, declaration in MIGRATIONS.get(v, []):
            columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if columns and column not in columns:
                steps.append(f"ALTER TABLE {table} ADD COLUMN {column} {declaration};")
    return "".join(steps)


def _recover_hint(path: Path) -> str:
    return (
        f"move it away (mv {path} {path}.broken) and run `briefing build` again: "
        "the archive is rebuilt from the inputs"
    )


#: SQLite messages that mean the storage failed, not the file's content.
_STORAGE_FAULTS = ("disk is full", "disk I/O error", "readonly database", "unable to open")


def db_failure(path: Path, what: str, exc: Exception) -> ArchiveError:
    """A full disk or read-only folder is not corruption: moving a sound archive away
    would throw its history away, so the advice depends on the cause."""
    if "database is locked" in str(exc):  # busy beyond the timeout: nothing is wrong
        return ArchiveError(
            f"{path}: archive is busy (another process is writing to it); "
            "run again when it has finished"
        )
    if any(fault in str(exc) for fault in _STORAGE_FAULTS):
        return ArchiveError(
            f"{path}: archive unusable ({exc}); free disk space or make "
            f"{path.parent} writable, then run again"
        )
    return ArchiveError(f"{path}: {what} ({exc}); {_recover_hint(path)}")
