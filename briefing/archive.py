"""The SQLite archive: every article, its facts with provenance, and the meetings, across runs.

One embedded file (default ``<output>/briefing.sqlite``, or ``build.db`` in the config)
so history needs no server: each briefing can list the earlier meetings of its pair and
chart how the relationship and trade evolved. WAL mode lets a reader (``briefing
meetings``) run beside a build; every write is one transaction, so a run killed midway
leaves the previous state, never half of a new one. The schema version lives in
``PRAGMA user_version`` so a later release can migrate the file in place.

Facts are stored twice on purpose: as one row per fact in ``facts`` (queryable,
with article id and sentence span) and as the whole extraction in JSON, from which the
next run rebuilds ``Extraction`` objects to merge old and new reports together.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from briefing.config import Config
from briefing.errors import ArchiveError, ConfigError
from briefing.model import (
    Agreement,
    Article,
    DateMention,
    Evidence,
    Extraction,
    Figure,
    Location,
    Meeting,
    Participant,
    Relationship,
    TopicHit,
)

SCHEMA_VERSION = 1
DEFAULT_NAME = "briefing.sqlite"
TRADE_METRICS = ("trade_turnover", "exports", "imports")

_SCHEMA = """
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


def default_db_path(config: Config | None = None) -> Path:
    """``build.db`` from the config, else ``<build.output>/briefing.sqlite``."""
    config = config or Config()
    if config.build.db:
        return config.resolve(config.build.db)  # type: ignore[return-value]
    out = config.resolve(config.build.output) or Path("output")
    return out / DEFAULT_NAME


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _recover_hint(path: Path) -> str:
    return (
        f"move it away (mv {path} {path}.broken) and run `briefing build` again: "
        "the archive is rebuilt from the inputs"
    )


#: SQLite messages that mean the storage failed, not the file's content.
_STORAGE_FAULTS = ("disk is full", "disk I/O error", "readonly database", "unable to open")


def _db_failure(path: Path, what: str, exc: Exception) -> ArchiveError:
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


def pair_key(pair: str | Sequence[str]) -> str:
    """'aze-chn', 'CHN,AZE' or ('CHN', 'AZE') -> 'AZE-CHN'."""
    parts = pair.replace(",", "-").replace(" ", "-").split("-") if isinstance(pair, str) else pair
    codes = sorted(p.strip().upper() for p in parts if p.strip())
    if len(codes) != 2:
        raise ConfigError(f"{pair!r}: a pair is two ISO alpha-3 codes, e.g. AZE-CHN")
    return "-".join(codes)


# ------------------------------------------------------------ (de)serialisation


def _build(cls: type, data: dict[str, Any]) -> Any:
    """A model dataclass from a dict, ignoring keys the current model does not know."""
    names = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in data.items() if k in names}
    if "evidence" in kwargs:
        kwargs["evidence"] = [Evidence(**e) for e in kwargs["evidence"]]
    return cls(**kwargs)


def extraction_to_json(ex: Extraction) -> str:
    """Everything of an extraction except its article (stored in ``articles``)."""
    data = asdict(ex)
    data.pop("article")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def extraction_from_json(article: Article, text: str) -> Extraction:
    d = json.loads(text)
    return Extraction(
        article=article,
        is_bilateral_meeting=d["is_bilateral_meeting"],
        reason=d.get("reason"),
        meeting_type=d.get("meeting_type"),
        date=d.get("date"),
        date_mentions=[_build(DateMention, x) for x in d.get("date_mentions", [])],
        location=_build(Location, d.get("location", {})),
        countries=list(d.get("countries", [])),
        participants=[_build(Participant, x) for x in d.get("participants", [])],
        topics=[_build(TopicHit, x) for x in d.get("topics", [])],
        figures=[_build(Figure, x) for x in d.get("figures", [])],
        agreements=[_build(Agreement, x) for x in d.get("agreements", [])],
        relationship=_build(Relationship, d.get("relationship", {})),
        story_spans=[tuple(s) for s in d.get("story_spans", [])],
    )


def _facts(ex: Extraction) -> Iterator[tuple[str, dict[str, Any], Evidence | None]]:
    """(kind, value, evidence) for every fact of an extraction, one row per sentence."""

    def rows(kind: str, value: dict[str, Any], evidence: list[Evidence]):
        value = {k: v for k, v in value.items() if k not in ("evidence", "sources")}
        if not evidence:
            yield kind, value, None
        for e in evidence:
            yield kind, value, e

    if ex.date:
        yield "date", {"date": ex.date}, None
    for d in ex.date_mentions:
        yield from rows("date_mention", d.to_dict(), d.evidence)
    if ex.location.city or ex.location.country:
        yield from rows("location", ex.location.to_dict(), ex.location.evidence)
    for p in ex.participants:
        yield from rows("participant", p.to_dict(), p.evidence)
    for t in ex.topics:
        yield from rows("topic", t.to_dict(), t.evidence)
    for f in ex.figures:
        yield from rows("figure", f.to_dict(), f.evidence)
    for a in ex.agreements:
        yield from rows("agreement", a.to_dict(), a.evidence)
    if ex.relationship.level:
        yield from rows("relationship", ex.relationship.to_dict(), ex.relationship.evidence)


def _extraction_pair(ex: Extraction) -> str | None:
    codes = sorted(set(ex.countries))
    return "-".join(codes) if ex.is_bilateral_meeting and len(codes) == 2 else None


def _people_line(people: list[dict[str, Any]]) -> str:
    """'Ilham Aliyev (President), Li Qiang (Premier of the State Council)'."""
    return ", ".join(f"{p['name']} ({p['title']})" if p.get("title") else p["name"] for p in people)


def _summary(data: dict[str, Any]) -> dict[str, Any]:
    """The listing shape of one stored meeting (``meetings()``, the index page, the CLI)."""
    loc = data.get("location") or {}
    figures = [
        {
            "metric": f["metric"],
            "period": f.get("period"),
            "value_usd": f.get("value_usd"),
            "value": f.get("value"),
            "currency": f.get("currency"),
            "change_pct": f.get("change_pct"),
            "approximate": f.get("approximate", False),
            "derived": f.get("derived", False),
            "n_sources": len(f.get("sources", [])),
        }
        for f in data.get("figures", [])
        if f["metric"] in TRADE_METRICS
    ]
    return {
        "id": data["id"],
        "date": data.get("date"),
        "place": loc.get("city"),
        "location_country": loc.get("country"),
        "countries": list(data.get("countries", [])),
        "meeting_type": data.get("meeting_type"),
        "participants": [
            {"name": p["name"], "title": p.get("title"), "country": p.get("country")}
            for p in data.get("participants", [])
        ],
        "n_sources": len(data.get("sources", [])),
        "relationship_level": (data.get("relationship") or {}).get("level"),
        "trade_figures": figures,
        "n_conflicts": len(data.get("conflicts", [])),
    }


# ------------------------------------------------------------------------ archive


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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"{self.path}: cannot open archive ({exc})") from None
        self._db.row_factory = sqlite3.Row
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise _db_failure(
                self.path, "archive is corrupt or not a briefing archive", exc
            ) from None

    def _setup(self) -> None:
        db = self._db
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA journal_mode = WAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ArchiveError(
                f"{self.path}: archive schema {version} is newer than this "
                f"release understands ({SCHEMA_VERSION}); upgrade briefing"
            )
        if version < SCHEMA_VERSION:
            try:  # schema and version in one transaction: all or nothing
                db.executescript(
                    f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
                )
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        db.execute("SELECT count(*) FROM meetings").fetchone()

    # -- plumbing

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        db = self._db
        nested = db.in_transaction
        try:
            if not nested:
                db.execute("BEGIN IMMEDIATE")
            yield db
            if not nested and db.in_transaction:
                db.execute("COMMIT")
        except BaseException:
            if not nested and db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _db_failure(self.path, "archive read failed", exc) from None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.transaction() as db:
                yield db
        except sqlite3.DatabaseError as exc:
            raise _db_failure(self.path, "archive write failed", exc) from None

    # -- articles and facts

    def add_articles(self, articles: Iterable[Article]) -> None:
        """Insert or refresh articles; the same id twice stays one row."""
        with self._writing() as db:
            for a in articles:
                db.execute(
                    "INSERT INTO articles (id, title, published, publisher, url, path, text,"
                    " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                    " title=excluded.title, published=excluded.published,"
                    " publisher=excluded.publisher, url=excluded.url, path=excluded.path,"
                    " text=excluded.text",
                    (a.id, a.title, a.published, a.publisher, a.url, a.path, a.text, _now()),
                )

    def add_extractions(self, extractions: Iterable[Extraction]) -> None:
        """Store each extraction (and its article) with one ``facts`` row per fact and
        sentence; re-extracting an article replaces its facts instead of adding more."""
        extractions = list(extractions)
        with self._writing() as db:
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
                        _extraction_pair(ex),
                        ex.reason,
                        extraction_to_json(ex),
                        _now(),
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
                        for kind, value, e in _facts(ex)
                    ],
                )

    def pairs_of(self, article_ids: Iterable[str]) -> set[str]:
        """The pairs the stored extractions of these articles belong to."""
        ids = sorted(set(article_ids))
        rows = self._query(
            f"SELECT DISTINCT pair FROM extractions WHERE pair IS NOT NULL"
            f" AND article_id IN ({','.join('?' * len(ids))})",
            ids,
        )
        return {r[0] for r in rows}

    def pairs(self) -> set[str]:
        """Every pair with at least one stored bilateral extraction."""
        return {
            r[0]
            for r in self._query("SELECT DISTINCT pair FROM extractions WHERE pair IS NOT NULL")
        }

    def article_ids(self) -> set[str]:
        return {r[0] for r in self._query("SELECT id FROM articles")}

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
        rows = self._query(sql + " ORDER BY a.id", params)
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
        rows = self._query(
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
        with self._writing() as db:
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
                        _now(),
                    ),
                )
                db.execute("DELETE FROM meeting_articles WHERE meeting_id = ?", (m.id,))
                db.executemany(
                    "INSERT INTO meeting_articles (meeting_id, article_id) VALUES (?, ?)",
                    [(m.id, a) for a in ids],
                )

    def meeting_ids_by_article(self) -> dict[str, str]:
        """article id -> meeting id, the ``known_ids`` that keep meeting ids stable."""
        rows = self._query(
            "SELECT article_id, meeting_id FROM meeting_articles ORDER BY article_id, meeting_id"
        )
        return {r[0]: r[1] for r in rows}

    def meeting(self, meeting_id: str) -> dict[str, Any] | None:
        """The full stored record (``Meeting.to_dict()``) or None."""
        rows = self._query("SELECT data FROM meetings WHERE id = ?", (meeting_id,))
        return json.loads(rows[0][0]) if rows else None

    def _records(self, pair: str | Sequence[str] | None = None) -> list[dict[str, Any]]:
        if pair is None:
            rows = self._query("SELECT data FROM meetings")
        else:
            rows = self._query("SELECT data FROM meetings WHERE pair = ?", (pair_key(pair),))
        records = [json.loads(r[0]) for r in rows]
        return sorted(records, key=lambda d: (d.get("date") or "", d["id"]), reverse=True)

    def meetings(self, pair: str | Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Summaries of all meetings (or one pair's), newest first, undated last. Each
        stored record is summarised as it is decoded: the index of a large archive never
        holds every full record at once."""
        sql, params = "SELECT data FROM meetings", ()
        if pair is not None:
            sql, params = sql + " WHERE pair = ?", (pair_key(pair),)
        summaries = [_summary(json.loads(r[0])) for r in self._query(sql, params)]
        dated = sorted(
            (d for d in summaries if d["date"]), key=lambda d: (d["date"], d["id"]), reverse=True
        )
        undated = sorted((d for d in summaries if not d["date"]), key=lambda d: d["id"])
        return [*dated, *undated]

    def previous_meetings(self, meeting: Meeting | dict[str, Any]) -> list[dict[str, Any]]:
        """Earlier meetings of the same pair, newest first, ready for the briefing's
        "previous meetings" section: the summary keys plus ``participants`` as one line
        of text and ``href``/``pdf``, the sibling briefing files in the output folder.
        An undated meeting has no "earlier", so it gets none."""
        data = meeting.to_dict() if isinstance(meeting, Meeting) else meeting
        date = data.get("date")
        if not date or len(data.get("countries", [])) != 2:
            return []
        return [
            {
                **m,
                "participants": _people_line(m["participants"]),
                "href": f"{m['id']}.html",
                "pdf": f"{m['id']}.pdf",
            }
            for m in self.meetings(data["countries"])
            if m["date"] and m["date"] < date and m["id"] != data["id"]
        ]

    def history(
        self, pair: str | Sequence[str], *, until: str | None = None
    ) -> dict[str, list[tuple[str, Any]]]:
        """Series across the pair's meetings (those up to ``until``, a date, when given:
        a briefing shows the history as of its meeting), oldest first, for the charts.

        ``relationship``: (meeting date, declared level) for dated meetings that name one.
        ``trade``: (year, trade turnover in USD), one value per year: a read value beats a
        derived one, then more sources, then the latest meeting. Only whole years, so the
        series never mixes a quarter with a year.
        """
        records = sorted(
            (d for d in self._records(pair) if until is None or (d.get("date") or "") <= until),
            key=lambda d: (d.get("date") or "", d["id"]),
        )
        levels = [
            (d["date"], d["relationship"]["level"])
            for d in records
            if d.get("date") and (d.get("relationship") or {}).get("level")
        ]
        best: dict[str, tuple[tuple, float]] = {}
        for d in records:
            for f in d.get("figures", []):
                period = f.get("period") or ""
                if (
                    f["metric"] != "trade_turnover"
                    or f.get("value_usd") is None
                    or len(period) != 4
                    or not period.isdigit()
                ):
                    continue
                rank = (not f.get("derived", False), len(f.get("sources", [])), d.get("date") or "")
                if period not in best or rank >= best[period][0]:
                    best[period] = (rank, float(f["value_usd"]))
        trade = [(p, best[p][1]) for p in sorted(best)]
        return {"relationship": levels, "trade": trade}

    # -- render state (incremental builds)

    def get_render_hash(self, meeting_id: str) -> str | None:
        rows = self._query(
            "SELECT content_hash FROM render_state WHERE meeting_id = ?", (meeting_id,)
        )
        return rows[0][0] if rows else None

    def set_render_hash(
        self, meeting_id: str, content_hash: str, outputs: Iterable[str | Path] = ()
    ) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT INTO render_state (meeting_id, content_hash, outputs, rendered_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(meeting_id) DO UPDATE SET"
                " content_hash=excluded.content_hash, outputs=excluded.outputs,"
                " rendered_at=excluded.rendered_at",
                (meeting_id, content_hash, json.dumps([str(o) for o in outputs]), _now()),
            )

    # -- outbox (e-mail delivery that survives a crash between send and record)

    def enqueue(self, message_id: str, meeting_ids: Iterable[str]) -> bool:
        """Queue a message once; False when that message id is already known."""
        with self._writing() as db:
            cur = db.execute(
                "INSERT INTO outbox (message_id, meeting_ids, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT(message_id) DO NOTHING",
                (message_id, json.dumps(sorted(meeting_ids)), _now()),
            )
            return cur.rowcount == 1

    def pending(self) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT * FROM outbox WHERE status = 'queued' ORDER BY created_at, message_id"
        )
        return [{**dict(r), "meeting_ids": json.loads(r["meeting_ids"])} for r in rows]

    def mark_sent(self, message_id: str) -> None:
        with self._writing() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', attempts = attempts + 1,"
                " last_error = NULL, sent_at = ? WHERE message_id = ?",
                (_now(), message_id),
            )

    def mark_failed(self, message_id: str, error: str) -> None:
        with self._writing() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE message_id = ?",
                (error, message_id),
            )


def update_archive(archive: Archive, extractions: Iterable[Extraction]) -> list[Meeting]:
    """Store new extractions, re-merge their pairs with every stored report of those pairs,
    save and return the meetings of those pairs (other pairs are untouched).

    Merging against the archive is what lets tonight's rewrite join last week's meeting;
    ``known_ids`` keeps that meeting's id.
    """
    from briefing.merge import merge

    extractions = list(extractions)
    with archive.transaction():
        # A report re-read as another pair (or as no meeting) leaves its old pair too.
        pairs = archive.pairs_of(ex.article.id for ex in extractions)
        archive.add_extractions(extractions)
        pairs |= {p for p in map(_extraction_pair, extractions) if p}
        if not pairs:
            return []
        known = archive.meeting_ids_by_article()
        fresh = {ex.article.id: ex for ex in extractions}
        meetings = []
        for pair in sorted(pairs):  # pair by pair: memory bounded by the largest pair
            meetings += merge(archive.extractions([pair], reuse=fresh), known_ids=known)
        archive.save_meetings(meetings, pairs=pairs)
    return sorted(meetings, key=_meeting_order)


def all_meetings(archive: Archive, merged: Iterable[Meeting] = ()) -> list[Meeting]:
    """Every meeting of the archive, merged pair by pair so memory stays bounded by the
    largest pair rather than the whole archive. ``merged``: meetings ``update_archive``
    has just built; their pairs are not merged again."""
    from briefing.merge import merge

    meetings = list(merged)
    done = {pair_key(m.countries) for m in meetings if len(m.countries) == 2}
    known = archive.meeting_ids_by_article()
    for pair in sorted(archive.pairs() - done):
        meetings += merge(archive.extractions([pair]), known_ids=known)
    return sorted(meetings, key=_meeting_order)


def _meeting_order(m: Meeting) -> tuple[bool, str, str]:
    """The order ``merge`` returns: by date, undated last, then id."""
    return (m.date is None, m.date or "", m.id)


def briefing_history(archive: Archive, meeting: Meeting) -> dict[str, Any]:
    """The archive's part of one briefing as plain data: the previous meetings of the pair
    and the series for the history charts. Cheap (SQL only), so a run computes it for
    every meeting and hashes it to decide which briefings are stale."""
    history = (
        archive.history(meeting.countries, until=meeting.date)
        if (len(meeting.countries) == 2)
        else {"relationship": [], "trade": []}
    )
    return {"previous_meetings": archive.previous_meetings(meeting), "history": history}


def briefing_extras(history: dict[str, Any], *, config: Config) -> dict[str, Any]:
    """``render_html(extra=...)`` from ``briefing_history``: the previous meetings and the
    history charts (only those with enough points). Charts cost matplotlib time, so only
    briefings that are re-rendered get them."""
    from briefing.charts import relationship_timeline_svg, trade_series_svg

    accent = config.report.accent_color
    charts = {
        "relationship": relationship_timeline_svg(
            history["history"]["relationship"], accent=accent
        ),
        "trade": trade_series_svg(
            history["history"]["trade"], accent=accent, locale=config.report.locale
        ),
    }
    return {
        "previous_meetings": history["previous_meetings"],
        "history_charts": {k: v for k, v in charts.items() if v},
    }


def load_meetings(path: str | Path, pair: str | None = None) -> list[dict[str, Any]]:
    """Meeting summaries of an existing archive (``briefing meetings``)."""
    with Archive(path, must_exist=True) as archive:
        return archive.meetings(pair)


def load_meeting(path: str | Path, meeting_id: str) -> dict[str, Any] | None:
    """One meeting's full record from an existing archive (``briefing show``)."""
    with Archive(path, must_exist=True) as archive:
        return archive.meeting(meeting_id)
