"""The archive's tables, and opening the file: pragmas, schema version, failures.

The schema version lives in ``PRAGMA user_version`` so that a later release can migrate
the file in place: ``connect`` creates the tables of a new file and refuses a file written
by a newer release. WAL mode lets a reader (``briefing meetings``) run beside a build.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from briefing.errors import ArchiveError

SCHEMA_VERSION = 2  # 2: holders learned from reports

#: Every table of the archive file; the ``outbox`` is the e-mail queue of briefing.deliver.
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
    sent_at TEXT
);
"""


def connect(path: Path) -> sqlite3.Connection:
    """An open connection to the archive at ``path``, created or checked; ArchiveError
    (with advice) when the file cannot be opened, is corrupt or is too new."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    except (OSError, sqlite3.Error) as exc:
        raise ArchiveError(f"{path}: cannot open archive ({exc})") from None
    db.row_factory = sqlite3.Row
    try:
        _setup(db, path)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise db_failure(path, "archive is corrupt or not a briefing archive", exc) from None
    except BaseException:
        db.close()
        raise
    return db


def _setup(db: sqlite3.Connection, path: Path) -> None:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA journal_mode = WAL")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"{path}: archive schema {version} is newer than this "
            f"release understands ({SCHEMA_VERSION}); upgrade briefing"
        )
    if version < SCHEMA_VERSION:
        try:  # schema and version in one transaction: all or nothing
            db.executescript(
                f"BEGIN IMMEDIATE;{SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    db.execute("SELECT count(*) FROM meetings").fetchone()


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
