"""The archive's reads and writes: articles, extractions and their facts, meetings, and
the render state of incremental builds.

Every write is one transaction (``writing``), so a run killed midway leaves the previous
state, never half of a new one. Storage only: the JSON shapes are
``briefing/serialize.py``'s, merging with the stored reports is
``briefing/merge/update.py``'s, a briefing's history section is
``briefing/render/history.py``'s, and the ``outbox`` table is read and written by
``briefing/deliver/email/outbox.py`` through ``query`` and ``writing``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from briefing.archive.schema import connect, db_failure
from briefing.config import Config
from briefing.errors import ArchiveError, ConfigError
from briefing.model import Article, Extraction, Meeting
from briefing.serialize import (
    extraction_facts,
    extraction_from_json,
    extraction_to_json,
    meeting_summary,
    newest_first,
)

DEFAULT_NAME = "briefing.sqlite"


def default_db_path(config: Config | None = None, out_dir: Path | None = None) -> Path:
    """``build.db`` from the config, else ``briefing.sqlite`` in ``out_dir`` (a build's
    ``--out``) or in ``build.output``."""
    config = config or Config()
    db = config.resolve(config.build.db)
    if db is not None:
        return db
    out = out_dir or config.resolve(config.build.output) or Path("output")
    return out / DEFAULT_NAME


def timestamp() -> str:
    """Now, in UTC to the second: when a row was written."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def pair_key(pair: str | Sequence[str]) -> str:
    """'aze-chn', 'CHN,AZE' or ('CHN', 'AZE') -> 'AZE-CHN'."""
    parts = pair.replace(",", "-").replace(" ", "-").split("-") if isinstance(pair, str) else pair
    codes = sorted(p.strip().upper() for p in parts if p.strip())
    if len(codes) != 2:
        raise ConfigError(f"{pair!r}: a pair is two ISO alpha-3 codes, e.g. AZE-CHN")
    return "-".join(codes)


class Archive:
    """The history database. Use as a context manager or call ``close()``.

    ``must_exist=True`` is for read-only commands: a missing file is an error rather
    than a new empty archive.
    """

    def __init__(self, path: str | Path, *, must_exist: bool = False) -> None:
        self.path = Path(path)
        if must_exist and not self.path.is_file():
            raise ArchiveError(
                f"{self.path}: no archive here; run `briefing build` first or pass --db"
            )
        self._db = connect(self.path)

    # -- plumbing

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all. A failure
        of SQLite itself (a full disk at COMMIT, an I/O error) is an ArchiveError naming
        the file, with advice (``db_failure``), never a bare ``sqlite3`` exception."""
        db = self._db
        nested = db.in_transaction
        try:
            if not nested:
                db.execute("BEGIN IMMEDIATE")
            yield db
            if not nested and db.in_transaction:
                db.execute("COMMIT")
        except BaseException as exc:
            if not nested and db.in_transaction:
                with suppress(sqlite3.Error):  # SQLite may have rolled back already
                    db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise db_failure(self.path, "archive write failed", exc) from None
            raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of one read; an ArchiveError (with advice) when SQLite fails."""
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise db_failure(self.path, "archive read failed", exc) from None

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``transaction``: its SQLite failures are ArchiveErrors)."""
        with self.transaction() as db:
            yield db

    # -- articles and facts

    def add_articles(self, articles: Iterable[Article]) -> None:
        """Insert or refresh articles; the same id twice stays one row."""
        with self.writing() as db:
            for a in articles:
                db.execute(
                    "INSERT INTO articles (id, title, published, publisher, url, path, text,"
                    " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                    " title=excluded.title, published=excluded.published,"
                    " publisher=excluded.publisher, url=excluded.url, path=excluded.path,"
                    " text=excluded.text",
                    (a.id, a.title, a.published, a.publisher, a.url, a.path, a.text, timestamp()),
                )

    def add_extractions(self, extractions: Iterable[Extraction]) -> None:
        """Store each extraction (and its article) with one ``facts`` row per fact and
        sentence; re-extracting an article replaces its facts instead of adding more."""
        extractions = list(extractions)
        with self.writing() as db:
            self.add_articles(ex.article for ex in extractions)
            for ex in extractions:
                aid = ex.article.id
                db.execute(
                    "INSERT INTO extractions (article_id, is_bilateral, pair, reason, data,"
                    " extracted_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE"
                    " SET is_bilateral=excluded.is_bilateral, pair=excluded.pair,"
                    " reason=excluded.reason, data=excluded.data,"
                    " extracted_at=excluded.extracted_at",
                    (
                        aid,
                        int(ex.is_bilateral_meeting),
                        "-".join(pair) if (pair := ex.pair()) else None,
                        ex.reason,
                        extraction_to_json(ex),
                        timestamp(),
                    ),
                )
                db.execute("DELETE FROM facts WHERE article_id = ?", (aid,))
                db.executemany(
                    'INSERT INTO facts (article_id, kind, value, start, "end", sentence)'
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            aid,
                            kind,
                            json.dumps(value, ensure_ascii=False, sort_keys=True),
                            e.start if e else None,
                            e.end if e else None,
                            e.text if e else None,
                        )
                        for kind, value, e in extraction_facts(ex)
                    ],
                )

    def learn_holders(self, seen: Iterable[tuple[str, str, str, str]]) -> None:
        """Remember office holders reports named with their state and office: (name,
        state ISO alpha-3, office, YYYY-MM-DD seen), the span of sightings widened."""
        with self.writing() as db:
            db.executemany(
                "INSERT INTO holders (name, state, office, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(name, state, office) DO UPDATE SET"
                " first_seen=min(first_seen, excluded.first_seen),"
                " last_seen=max(last_seen, excluded.last_seen)",
                [(n, st, o, d, d) for n, st, o, d in seen],
            )

    def learned_holders(self) -> list[dict[str, str]]:
        """Holders learned from earlier reports, as ``[[registry]]``-shaped tables (``to``
        is the last day seen), in a stable order."""
        rows = self.query(
            "SELECT name, state, office, first_seen, last_seen FROM holders"
            " ORDER BY name, state, office"
        )
        return [
            {"name": n, "state": st, "office": o, "from": a, "to": b} for n, st, o, a, b in rows
        ]

    def pairs_of(self, article_ids: Iterable[str]) -> set[str]:
        """The pairs the stored extractions of these articles belong to."""
        ids = sorted(set(article_ids))
        rows = self.query(
            f"SELECT DISTINCT pair FROM extractions WHERE pair IS NOT NULL"
            f" AND article_id IN ({','.join('?' * len(ids))})",
            ids,
        )
        return {r[0] for r in rows}

    def pairs(self) -> set[str]:
        """Every pair with at least one stored bilateral extraction."""
        return {
            r[0] for r in self.query("SELECT DISTINCT pair FROM extractions WHERE pair IS NOT NULL")
        }

    def article_ids(self) -> set[str]:
        return {r[0] for r in self.query("SELECT id FROM articles")}

    def extractions(
        self, pairs: Iterable[str] | None = None, *, reuse: Mapping[str, Extraction] | None = None
    ) -> list[Extraction]:
        """Stored extractions (all, or the bilateral ones of ``pairs``), rebuilt, so a run
        can merge new reports with old ones. Those in ``reuse`` (by article id: this run's
        own, identical to what a round trip through the archive gives) are returned as
        they are rather than decoded again, so a large first run holds each report once."""
        reuse = reuse or {}
        sql = "SELECT a.*, e.data FROM extractions e JOIN articles a ON a.id = e.article_id"
        params: list[str] = []
        if pairs is not None:
            params = sorted({pair_key(p) for p in pairs})
            sql += f" WHERE e.pair IN ({','.join('?' * len(params))})"
        rows = self.query(sql + " ORDER BY a.id", params)
        out = []
        for r in rows:
            if r["id"] in reuse:
                out.append(reuse[r["id"]])
                continue
            article = Article(
                id=r["id"],
                text=r["text"],
                title=r["title"],
                published=r["published"],
                publisher=r["publisher"],
                url=r["url"],
                path=r["path"],
            )
            out.append(extraction_from_json(article, r["data"]))
        return out

    def facts(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.query(
            'SELECT kind, value, start, "end", sentence FROM facts'
            " WHERE article_id = ? ORDER BY id",
            (article_id,),
        )
        return [
            {
                "kind": r["kind"],
                "value": json.loads(r["value"]),
                "start": r["start"],
                "end": r["end"],
                "sentence": r["sentence"],
            }
            for r in rows
        ]

    # -- meetings

    def save_meetings(
        self, meetings: Iterable[Meeting], *, pairs: Iterable[str] | None = None
    ) -> None:
        """Upsert meetings and their article links. A stored meeting whose reports now all
        belong to the saved meetings (it was merged into another) is removed, so a
        re-merge never leaves a stale duplicate; with ``pairs`` (the pairs that were
        re-merged as a whole) any other stored meeting of those pairs goes too."""
        meetings = list(meetings)
        saved = {m.id for m in meetings}
        with self.writing() as db:
            for pair in sorted({pair_key(p) for p in pairs or ()}):
                for (old,) in db.execute(
                    "SELECT id FROM meetings WHERE pair = ?", (pair,)
                ).fetchall():
                    if old not in saved:
                        db.execute("DELETE FROM meetings WHERE id = ?", (old,))
                        db.execute("DELETE FROM render_state WHERE meeting_id = ?", (old,))
            self.add_articles(a for m in meetings for a in m.articles)
            for m in meetings:
                ids = [a.id for a in m.articles]
                marks = ",".join("?" * len(ids))
                stale = {
                    r[0]
                    for r in db.execute(
                        f"SELECT DISTINCT meeting_id FROM meeting_articles WHERE article_id IN"
                        f" ({marks})",
                        ids,
                    )
                } - saved
                for old in sorted(stale):
                    db.execute(
                        "DELETE FROM meeting_articles WHERE meeting_id = ? AND"
                        f" article_id IN ({marks})",
                        [old, *ids],
                    )
                    left = db.execute(
                        "SELECT count(*) FROM meeting_articles WHERE meeting_id = ?", (old,)
                    ).fetchone()[0]
                    if not left:
                        db.execute("DELETE FROM meetings WHERE id = ?", (old,))
                        db.execute("DELETE FROM render_state WHERE meeting_id = ?", (old,))
                db.execute(
                    "INSERT INTO meetings (id, date, pair, city, country, meeting_type,"
                    " relationship_level, n_sources, data, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                    " date=excluded.date, pair=excluded.pair, city=excluded.city,"
                    " country=excluded.country, meeting_type=excluded.meeting_type,"
                    " relationship_level=excluded.relationship_level,"
                    " n_sources=excluded.n_sources, data=excluded.data,"
                    " updated_at=excluded.updated_at",
                    (
                        m.id,
                        m.date,
                        pair_key(m.countries),
                        m.location.city,
                        m.location.country,
                        m.meeting_type,
                        m.relationship.level,
                        len(m.articles),
                        json.dumps(m.to_dict(), ensure_ascii=False, sort_keys=True),
                        timestamp(),
                    ),
                )
                db.execute("DELETE FROM meeting_articles WHERE meeting_id = ?", (m.id,))
                db.executemany(
                    "INSERT INTO meeting_articles (meeting_id, article_id) VALUES (?, ?)",
                    [(m.id, a) for a in ids],
                )

    def meeting_ids_by_article(self) -> dict[str, str]:
        """article id -> meeting id, the ``known_ids`` that keep meeting ids stable."""
        rows = self.query(
            "SELECT article_id, meeting_id FROM meeting_articles ORDER BY article_id, meeting_id"
        )
        return {r[0]: r[1] for r in rows}

    def meeting(self, meeting_id: str) -> dict[str, Any] | None:
        """The full stored record (``Meeting.to_dict()``) or None."""
        rows = self.query("SELECT data FROM meetings WHERE id = ?", (meeting_id,))
        return json.loads(rows[0][0]) if rows else None

    def _decoded(self, pair: str | Sequence[str] | None) -> Iterator[dict[str, Any]]:
        sql, params = "SELECT data FROM meetings", []
        if pair is not None:
            sql, params = sql + " WHERE pair = ?", [pair_key(pair)]
        return (json.loads(r[0]) for r in self.query(sql, params))

    def records(self, pair: str | Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Full stored records (all, or one pair's), newest first, undated last."""
        return newest_first(self._decoded(pair))

    def meetings(self, pair: str | Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Summaries of all meetings (or one pair's), newest first, undated last. Each
        stored record is summarised as it is decoded: the index of a large archive never
        holds every full record at once."""
        return newest_first(meeting_summary(record) for record in self._decoded(pair))

    # -- render state (incremental builds)

    def get_render_hash(self, meeting_id: str) -> str | None:
        rows = self.query(
            "SELECT content_hash FROM render_state WHERE meeting_id = ?", (meeting_id,)
        )
        return rows[0][0] if rows else None

    def set_render_hash(
        self, meeting_id: str, content_hash: str, outputs: Iterable[str | Path] = ()
    ) -> None:
        with self.writing() as db:
            db.execute(
                "INSERT INTO render_state (meeting_id, content_hash, outputs, rendered_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(meeting_id) DO UPDATE SET"
                " content_hash=excluded.content_hash, outputs=excluded.outputs,"
                " rendered_at=excluded.rendered_at",
                (meeting_id, content_hash, json.dumps([str(o) for o in outputs]), timestamp()),
            )


def load_meetings(path: str | Path, pair: str | None = None) -> list[dict[str, Any]]:
    """Meeting summaries of an existing archive (``briefing meetings``)."""
    with Archive(path, must_exist=True) as archive:
        return archive.meetings(pair)


def load_meeting(path: str | Path, meeting_id: str) -> dict[str, Any] | None:
    """One meeting's full record from an existing archive (``briefing show``)."""
    with Archive(path, must_exist=True) as archive:
        return archive.meeting(meeting_id)
