"""Incremental builds: re-render a briefing only when something it is made of changed.

A briefing is a function of: its meeting (the merged facts and the articles they came
from: ids, which hash the normalised text, plus a hash of each text as stored), the
history context it shows (earlier meetings of the pair), the template files, the
``[report]`` settings (and the logo file's bytes), the output formats, and the code
(package version). ``render_hash`` folds all of them into one SHA-256; the archive keeps
the hash of the last successful render per meeting (``render_state``), so a nightly run
with nothing new renders nothing. ``--force`` ignores the stored hashes.

The hash is written only after the briefing's files were written (atomically), and as
soon as they are (``Recorder``), one briefing at a time: a run killed at any point leaves
recorded every briefing it finished, and the next run renders only the rest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import __version__
from briefing.config import Config
from briefing.errors import ArchiveError, BriefingError, DeliveryError
from briefing.model import Meeting

if TYPE_CHECKING:  # pragma: no cover
    from briefing.archive import Archive

#: Briefings whose files are all written: each meeting with its files.
Built = list[tuple[Meeting, list[Path]]]


def _digest(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def environment_hash(config: Config, templates: Path | None, formats: tuple[str, ...]) -> str:
    """Everything shared by all briefings of a run: templates, report settings, logo,
    formats, package version. Computed once per run."""
    from briefing.render.loader import search_path

    logo = config.resolve(config.report.logo)
    logo_hash = (
        hashlib.sha256(logo.read_bytes()).hexdigest()
        if logo is not None and logo.is_file()
        else None
    )
    return _digest(
        {
            "version": __version__,
            "formats": list(formats),
            "report": asdict(config.report),
            "logo": logo_hash,
            "templates": [
                (origin, _tree_digest(path)) for origin, path in search_path(config, templates)
            ],
        }
    )


def render_hash(meeting: Meeting, environment: str, extra: dict[str, Any] | None = None) -> str:
    """The content hash of one briefing (see the module docstring)."""
    return _digest(
        {
            "environment": environment,
            "meeting": meeting.to_dict(),
            "texts": sorted(
                (a.id, hashlib.sha256(a.text.encode("utf-8")).hexdigest()) for a in meeting.articles
            ),
            "extra": extra,
        }
    )


@dataclass
class RenderPlan:
    """Which meetings a run renders, and the hash each will be recorded under."""

    hashes: dict[str, str]
    stale: list[Meeting]
    fresh: list[str]  # ids of meetings whose briefing is up to date


def plan(
    meetings: list[Meeting],
    archive: Archive,
    *,
    out_dir: Path,
    formats: tuple[str, ...],
    environment: str,
    extras: dict[str, dict[str, Any]] | None = None,
    force: bool = False,
) -> RenderPlan:
    """Stale = never rendered, inputs/templates/config changed, an output file is missing,
    or ``force``."""
    extras = extras or {}
    hashes = {m.id: render_hash(m, environment, extras.get(m.id)) for m in meetings}
    stale, fresh = [], []
    for m in meetings:
        missing = any(not (out_dir / f"{m.id}.{fmt}").is_file() for fmt in formats)
        if force or missing or archive.get_render_hash(m.id) != hashes[m.id]:
            stale.append(m)
        else:
            fresh.append(m.id)
    return RenderPlan(hashes, stale, fresh)


def record(archive: Archive, rendered: Built, hashes: dict[str, str]) -> None:
    """Store the hash of each briefing whose files are all written (and whose e-mail is
    queued: the build queues first, so a run killed in between renders and queues again
    under the same outbox key, queued once, instead of never mailing the briefing)."""
    for m, files in rendered:
        archive.set_render_hash(m.id, hashes[m.id], files)


def _no_mail(built: Built) -> None:
    """No e-mail to queue before recording."""


@dataclass
class Recorder:
    """Records each briefing's hash as soon as its files are on disk (``add``, called by
    the render stage as each one arrives), its e-mail queued first (``queue``; see
    ``record``). ``together``: a digest e-mail carries every briefing of the run, so the
    briefings are then queued and recorded together by ``finish``, once all are written.

    A write to the archive or the spool that fails (a full disk) stops the recording for
    the rest of the run and is kept in ``error``, reported once by the caller: the
    briefings not recorded are rendered again by the next run, never lost."""

    archive: Archive
    hashes: dict[str, str]
    queue: Callable[[Built], None] = _no_mail
    together: bool = False
    done: Built = field(default_factory=list)
    error: BriefingError | None = None
    _waiting: Built = field(default_factory=list)

    def add(self, meeting: Meeting, files: list[Path]) -> None:
        self.done.append((meeting, files))
        if self.together:
            self._waiting.append((meeting, files))
        else:
            self._record([(meeting, files)])

    def finish(self) -> None:
        waiting, self._waiting = self._waiting, []
        if waiting:
            self._record(waiting)

    def _record(self, built: Built) -> None:
        if self.error is not None:
            return
        try:
            self.queue(built)
            record(self.archive, built, self.hashes)
        except (ArchiveError, DeliveryError) as exc:
            self.error = exc


#: A ``render_state`` row that is not a meeting: the environment hash of the last run that
#: rendered every briefing it had to. While it matches, a run with no new report can skip
#: the merge (and loading the gazetteers) altogether.
RUN_KEY = "~complete-run"


def up_to_date(
    archive: Archive, *, out_dir: Path, formats: tuple[str, ...], environment: str
) -> list[str] | None:
    """Ids of every stored meeting if the last run completed under this environment and
    all their files exist (nothing to do); None when a full pass is needed."""
    if archive.get_render_hash(RUN_KEY) != environment:
        return None
    ids = [m["id"] for m in archive.meetings()]
    for mid in ids:
        if archive.get_render_hash(mid) is None:
            return None
        if any(not (out_dir / f"{mid}.{fmt}").is_file() for fmt in formats):
            return None
    return ids


def begin_full_pass(archive: Archive) -> None:
    """Forget the completed-run mark before changing anything, so a run killed from here
    on is followed by a full pass."""
    archive.set_render_hash(RUN_KEY, "")


def complete_full_pass(archive: Archive, environment: str) -> None:
    archive.set_render_hash(RUN_KEY, environment)
