"""Revisions of articles and forgotten articles, as stored: the archive keeps every
earlier text of an article with what the next one changed, and the ids of the articles
``briefing forget`` removed so that later runs do not bring them back.

Storage only: what changed is computed by ``briefing/merge/revisions.py``, and resolving
a user's reference (URL, path) is ``briefing/forget.py``'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from briefing.archive.store import timestamp
from briefing.model import Article

if TYPE_CHECKING:  # pragma: no cover
    from briefing.archive.store import Archive

_ARTICLE_COLUMNS = (
    "id, title, published, publisher, url, path, text, text_hash, ingested_at, revision, key"
)


def previous_versions(archive: Archive, articles: Iterable[Article]) -> dict[str, list[dict]]:
    """For each article whose identity the archive holds with another text, the stored
    rows it replaces (oldest first): its own row, or rows stored before schema 3 (no
    key: ``revision`` 0) that hold the same text or come from the same URL. Read before
    anything is written, so the earlier texts can be kept by ``keep_revisions``."""
    out: dict[str, list[dict]] = {}
    for a in articles:
        rows = archive.query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE (id = ? AND text_hash != ?)"
            " OR (revision = 0 AND id != ? AND (id = ? OR (url IS NOT NULL AND url = ?)))"
            " ORDER BY ingested_at, id",
            (a.id, a.text_hash, a.id, a.text_hash, a.url),
        )
        if rows:
            out[a.id] = [dict(r) for r in rows]
    return out


def keep_revisions(
    archive: Archive,
    replaced: Mapping[str, list[dict]],
    changes: Mapping[str, dict[str, list[dict[str, Any]]]],
) -> None:
    """After the new texts were stored (``add_extractions``): keep each article's
    replaced rows (``previous_versions``) that hold another text as its earlier
    revisions, numbered on from those it has, ``changes[id]`` (by pair) with the last
    one; a legacy row's meetings pass to the article, and the row goes."""
    with archive.writing() as db:
        for aid, rows in replaced.items():
            (text_hash,) = db.execute(
                "SELECT text_hash FROM articles WHERE id = ?", (aid,)
            ).fetchone()
            (last,) = db.execute(
                "SELECT coalesce(max(revision), 0) FROM revisions WHERE article_id = ?", (aid,)
            ).fetchone()
            earlier = [r for r in rows if r["text_hash"] != text_hash]
            for n, row in enumerate(earlier, start=1):
                db.execute(
                    "INSERT INTO revisions (article_id, revision, title, published, publisher,"
                    " url, path, text, text_hash, ingested_at, replaced_at, changes)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        aid,
                        last + n,
                        *(row[k] for k in ("title", "published", "publisher", "url", "path")),
                        row["text"],
                        row["text_hash"],
                        row["ingested_at"],
                        timestamp(),
                        json.dumps(changes.get(aid, {}) if n == len(earlier) else {}),
                    ),
                )
            for row in rows:
                if row["id"] != aid:
                    db.execute(
                        "UPDATE OR IGNORE meeting_articles SET article_id = ? WHERE article_id = ?",
                        (aid, row["id"]),
                    )
                    db.execute("DELETE FROM articles WHERE id = ?", (row["id"],))
            if earlier:
                db.execute(
                    "UPDATE articles SET revision = ? WHERE id = ?", (last + len(earlier) + 1, aid)
                )


def updates_of(archive: Archive, article_ids: Iterable[str]) -> dict[str, list[tuple[int, dict]]]:
    """article id -> [(revision, changes by pair)] for each revision that changed it,
    newest first: the revision that made the changes (2 for the first update)."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    rows = archive.query(
        f"SELECT article_id, revision, changes FROM revisions WHERE article_id IN"
        f" ({','.join('?' * len(ids))}) ORDER BY article_id, revision DESC",
        ids,
    )
    out: dict[str, list[tuple[int, dict]]] = {}
    for r in rows:
        out.setdefault(r["article_id"], []).append((r["revision"] + 1, json.loads(r["changes"])))
    return out


def find_articles(archive: Archive, values: Iterable[str]) -> dict[str, list[dict]]:
    """value -> stored articles it names: an id, a URL, a path or an identity key."""
    out: dict[str, list[dict]] = {}
    for value in values:
        rows = archive.query(
            "SELECT id, key, title, url, path FROM articles"
            " WHERE id = ? OR url = ? OR path = ? OR key = ? ORDER BY id",
            (value, value, value, value),
        )
        out[value] = [dict(r) for r in rows]
    return out


def remove_articles(archive: Archive, rows: Iterable[dict]) -> tuple[set[str], set[str]]:
    """Remove articles (rows with ``id`` and ``key``) with their revisions, extractions,
    facts and meeting links, remember them as forgotten; (their pairs, their meetings)."""
    rows = list(rows)
    ids = sorted({r["id"] for r in rows})
    marks = ",".join("?" * len(ids))
    pairs = {
        r[0]
        for r in archive.query(
            f"SELECT DISTINCT pair FROM extractions WHERE pair IS NOT NULL AND article_id IN ({marks})",
            ids,
        )
    }
    meetings = {
        r[0]
        for r in archive.query(
            f"SELECT DISTINCT meeting_id FROM meeting_articles WHERE article_id IN ({marks})", ids
        )
    }
    with archive.writing() as db:
        for r in rows:
            db.execute(
                "INSERT OR REPLACE INTO forgotten (article_id, key, forgotten_at) VALUES (?, ?, ?)",
                (r["id"], r["key"], timestamp()),
            )
        db.execute(f"DELETE FROM meeting_articles WHERE article_id IN ({marks})", ids)
        db.execute(f"DELETE FROM articles WHERE id IN ({marks})", ids)
    return pairs, meetings


def forgotten_ids(archive: Archive) -> set[str]:
    """Ids of the articles ``briefing forget`` removed: a later run skips them."""
    return {r[0] for r in archive.query("SELECT article_id FROM forgotten")}
