"""``briefing forget``: take articles out of the archive, and out of every briefing.

A report that should never have been read (a wrong file, a retracted story, a page a
publisher asked to remove) is named by its article id, its URL or its path. It is
removed with its revisions, extractions and facts; the meetings it was part of are
merged again from their other reports at once (keeping their ids) and the next build
renders them again; a meeting left with no report goes, with its briefing files. Its id
is remembered, so a later build that reads the same file or feed entry again skips it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import InputError


@dataclass
class ForgetResult:
    """What ``forget`` did: the articles removed (id and where they came from), the
    meetings merged again, the meetings that went with their files, the references
    that named nothing."""

    articles: list[dict[str, str | None]] = field(default_factory=list)
    remerged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    unknown: list[InputError] = field(default_factory=list)


def _candidates(ref: str) -> list[str]:
    """What a reference may be stored as: itself, its identity key as a URL or a file."""
    from briefing.ingest.identity import canonical_url, path_key, url_key

    out = [ref]
    out += [c for c in (canonical_url(ref), url_key(ref)) if c]
    if not canonical_url(ref):
        out += [path_key(ref), str(Path(ref).absolute())]
    return list(dict.fromkeys(out))


def forget(db: str | Path, refs: list[str], *, out_dir: str | Path | None = None) -> ForgetResult:
    """Remove the articles ``refs`` name (article ids, URLs, paths) from the archive at
    ``db``, merge their meetings again and delete the files of meetings left without
    reports (those the archive recorded, and those in ``out_dir``). A reference that
    names no article is listed in ``unknown``."""
    from briefing.archive import Archive
    from briefing.archive.revisions import find_articles, remove_articles
    from briefing.incremental import begin_full_pass
    from briefing.merge.update import remerge

    result = ForgetResult()
    with Archive(db, must_exist=True) as archive:
        rows: dict[str, dict] = {}
        for ref in refs:
            found = [r for rs in find_articles(archive, _candidates(ref)).values() for r in rs]
            if not found:
                result.unknown.append(
                    InputError(ref, "no article in the archive has this id, URL or path")
                )
            rows.update((r["id"], r) for r in found)
        if not rows:
            return result
        outputs = {
            r[0]: r[1] for r in archive.query("SELECT meeting_id, outputs FROM render_state")
        }
        with archive.transaction():
            begin_full_pass(archive)  # the next build renders what changed, even with nothing new
            pairs, meetings = remove_articles(archive, rows.values())
            kept = {m.id for m in remerge(archive, pairs)}
        result.articles = [
            {"id": r["id"], "title": r["title"], "path_or_url": r["url"] or r["path"]}
            for r in sorted(rows.values(), key=lambda r: r["id"])
        ]
        result.remerged = sorted(meetings & kept)
        result.removed = sorted(meetings - kept)
    result.files = _delete_outputs(result.removed, outputs, out_dir)
    return result


def _delete_outputs(
    meeting_ids: list[str], outputs: dict[str, str], out_dir: str | Path | None
) -> list[Path]:
    """Delete the briefing files of meetings that no longer exist."""
    import json

    deleted = []
    for mid in meeting_ids:
        paths = [Path(p) for p in json.loads(outputs.get(mid, "[]"))]
        if out_dir is not None:
            paths += [Path(out_dir) / f"{mid}.{fmt}" for fmt in ("html", "pdf")]
        for path in dict.fromkeys(paths):
            if path.stem == mid and path.is_file():
                path.unlink()
                deleted.append(path)
    return deleted
