"""The pipeline wired end to end, for the CLI and for Python users.

    >>> from briefing.pipeline import build
    >>> report = build(["examples"], out="output")        # doctest: +SKIP
    >>> [p.name for p in report.written]                   # doctest: +SKIP
    ['2025-04-23-aze-chn.html', '2025-04-23-aze-chn.pdf', 'index.html']

Each stage is a plain function (see docs/architecture.md); this module only sequences
them, collects per-file errors so one bad input never stops the batch, and writes
outputs atomically.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.config import Config, check_config, check_inputs
from briefing.errors import BriefingError, ConfigError, DeliveryError, InputError
from briefing.log import REPORTED
from briefing.model import Article, Extraction, Meeting

if TYPE_CHECKING:  # pragma: no cover
    from briefing.deliver.email import SendReport

log = logging.getLogger("briefing")

FORMATS = {"pdf": ("pdf",), "html": ("html",), "both": ("html", "pdf")}
#: Run state kept in the output folder (HTTP validators and cached bodies).
STATE = ".state"


@dataclass
class ExtractResult:
    """What ``extract_paths`` found: merged meetings, per-article extractions, errors."""

    meetings: list[Meeting]
    extractions: list[Extraction]
    errors: list[BriefingError] = field(default_factory=list)

    def articles(self) -> list[dict[str, Any]]:
        """Every input article with its id, metadata, meeting id, or why it has none."""
        meeting_of = {a.id: m.id for m in self.meetings for a in m.articles}
        rows = []
        for ex in self.extractions:
            a = ex.article
            rows.append(
                {
                    "id": a.id,
                    "title": a.title,
                    "published": a.published,
                    "publisher": a.publisher,
                    "path_or_url": a.url or a.path,
                    "is_bilateral_meeting": ex.is_bilateral_meeting,
                    "meeting_id": meeting_of.get(a.id),
                    "reason": ex.reason,
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "meetings": [m.to_dict() for m in self.meetings],
            "articles": self.articles(),
            "errors": [str(e) for e in self.errors],
        }


@dataclass
class BuildReport:
    """Outcome of ``build``: what was written, what was skipped, what failed."""

    result: ExtractResult
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failed: list[BriefingError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # meetings whose briefing is up to date
    not_built: list[str] = field(default_factory=list)  # meetings whose briefing failed
    index: Path | None = None  # output/index.html when this run changed it
    email: SendReport | None = None  # with ``email=True``: what was sent, what stays queued

    @property
    def errors(self) -> list[BriefingError]:
        return [*self.result.errors, *self.failed]

    @property
    def ok(self) -> bool:
        return not self.errors


def read_articles(
    paths: Iterable[str | Path], config: Config
) -> tuple[list[Article], list[BriefingError]]:
    """Ingest stage: Articles (deduplicated by content id) and one error per bad input."""
    from briefing.ingest import read_paths

    return collect_articles(read_paths(paths, max_bytes=config.build.max_input_bytes))


def collect_articles(
    items: Iterable[Article | InputError],
) -> tuple[list[Article], list[BriefingError]]:
    """Articles deduplicated by content id, and the errors, of any reader's output."""
    articles: dict[str, Article] = {}
    errors: list[BriefingError] = []
    for item in items:
        if isinstance(item, InputError):
            log.error("%s", item, extra=REPORTED)
            errors.append(item)
        elif item.id not in articles:
            articles[item.id] = item
    return list(articles.values()), errors


def extract_articles(
    articles: Iterable[Article],
    *,
    jobs: int | None = 1,
    executor: str = "local",
    scheduler: str | None = None,
    config: Config | None = None,
) -> tuple[list[Extraction], list[BriefingError]]:
    """Extract stage. An unexpected failure on one article is reported against its file
    and the batch goes on. With ``jobs`` > 1 or ``executor="dask"`` large inputs are
    extracted in batches on the worker pool (briefing.executor.extract_many)."""
    from briefing.executor import Limits, extract_many

    limits = Limits.from_config(config) if config else Limits()
    extractions, errors = [], []
    for article, extraction, reason in extract_many(
        articles, jobs=jobs, executor=executor, scheduler=scheduler, limits=limits
    ):
        if extraction is not None:
            extractions.append(extraction)
        else:
            err = InputError(article.path or article.id, reason)
            log.error("%s", err, extra=REPORTED)
            errors.append(err)
    return extractions, errors


def extract_paths(paths: Iterable[str | Path], config: Config | None = None) -> ExtractResult:
    """ingest -> extract -> merge, without rendering (``briefing extract``)."""
    from briefing.merge import merge

    config = config or Config()
    articles, errors = read_articles(paths, config)
    extractions, extract_errors = extract_articles(articles)
    return ExtractResult(merge(extractions), extractions, [*errors, *extract_errors])


def render_meeting(
    meeting: Meeting,
    out: Path,
    formats: tuple[str, ...],
    config: Config,
    templates: Path | None,
    extra: dict[str, Any] | None = None,
) -> list[Path]:
    """Render one briefing to ``out/<id>.html`` and/or ``out/<id>.pdf`` (atomic writes)."""
    from briefing.deliver.files import atomic_write
    from briefing.render import render_html, render_pdf

    html = render_html(meeting, config=config, templates_dir=templates, extra=extra)
    written = []
    if "html" in formats:
        written.append(atomic_write(out / f"{meeting.id}.html", html))
    if "pdf" in formats:
        written.append(atomic_write(out / f"{meeting.id}.pdf", render_pdf(html, config=config)))
    return written


def build(
    paths: Iterable[str | Path] | None = None,
    *,
    out: str | Path | None = None,
    formats: str | None = None,
    templates: str | Path | None = None,
    config: Config | None = None,
    jobs: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    force: bool = False,
    email: bool = False,
) -> BuildReport:
    """ingest -> extract -> merge -> render -> files. One briefing per meeting.

    Incremental (briefing.incremental): reports already in the archive are not extracted
    again and only briefings whose content hash changed are rendered; ``force`` redoes
    both. Without ``paths``, the ``[sources]`` of the config are read when set. The run
    holds the output folder's lock throughout (LockedError when another run has it).
    ``email`` sends the outbox afterwards (failed messages stay queued and are errors).

    Briefings render in ``jobs`` worker processes (default: all cores), or as tasks on a
    Dask cluster (``executor="dask"``, ``scheduler="tcp://host:port"`` or a LocalCluster),
    each within ``[build] render_timeout`` and ``render_memory_mb`` (briefing.executor).
    """
    from briefing.archive import (
        Archive,
        all_meetings,
        briefing_extras,
        briefing_history,
        update_archive,
    )
    from briefing.deliver.files import write_if_changed
    from briefing.executor import check_options, prestart, render_many
    from briefing.incremental import (
        begin_full_pass,
        complete_full_pass,
        environment_hash,
        plan,
        record,
        up_to_date,
    )
    from briefing.index import write_index
    from briefing.lock import RunLock
    from briefing.log import progress
    from briefing.sources import has_sources

    config = check_config(config or Config())
    fmt = formats or config.build.formats
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}: use pdf, html or both")
    check_options(jobs, executor, scheduler)
    use_sources = not paths and has_sources(config)
    paths = [] if use_sources else check_inputs(list(paths or ()), config)
    out_dir = Path(out) if out else config.resolve(config.build.output) or Path("output")
    template_dir = Path(templates) if templates else config.resolve(config.build.templates)
    if template_dir is not None and not template_dir.is_dir():
        raise ConfigError(f"{template_dir}: template folder not found")
    if email:
        from briefing.deliver.email import check_email_config

        check_email_config(config.email, smtp=True)

    with RunLock(out_dir), Archive(_db_path(config, out_dir)) as archive:
        if use_sources:
            from briefing.sources import read_sources

            articles, errors = collect_articles(read_sources(config, state_dir=out_dir / STATE))
        else:
            articles, errors = read_articles(paths, config)
        known = set() if force else archive.article_ids()
        new = [a for a in articles if a.id not in known]
        env = environment_hash(config, template_dir, FORMATS[fmt])
        done_ids = (
            None
            if new or force
            else up_to_date(archive, out_dir=out_dir, formats=FORMATS[fmt], environment=env)
        )
        if done_ids is not None:  # nothing new since a complete run: no merge, no render
            log.info(
                "%d report(s) read, none new; %d briefing(s) up to date",
                len(articles),
                len(done_ids),
            )
            report = BuildReport(ExtractResult([], [], errors), skipped=done_ids)
            if email:
                _send(archive, config, report)
            return report
        prestart(executor)  # workers' imports overlap extraction
        begin_full_pass(archive)
        extractions, extract_errors = extract_articles(
            progress(new, total=len(new), description="extracting"),
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
            config=config,
        )
        updated = update_archive(archive, extractions) if extractions else []
        # Every meeting, not only the updated pairs': templates or settings may have changed.
        meetings = all_meetings(archive, updated)
        log.info("%d report(s) read, %d new; %d meeting(s)", len(articles), len(new), len(meetings))
        report = BuildReport(ExtractResult(meetings, extractions, [*errors, *extract_errors]))
        history = {m.id: briefing_history(archive, m) for m in meetings}
        todo = plan(
            meetings,
            archive,
            out_dir=out_dir,
            formats=FORMATS[fmt],
            environment=env,
            extras=history,
            force=force,
        )
        report.skipped = todo.fresh
        done: set[Path] = set()

        def write(path: Path, data: bytes) -> bool:
            changed = write_if_changed(path, data)
            done.add(path)
            return changed

        stale = progress(todo.stale, total=len(todo.stale), description="rendering")
        written, failed = render_many(
            stale,
            out=out_dir,
            formats=FORMATS[fmt],
            config=config,
            templates=template_dir,
            extras=history,
            prepare=briefing_extras,
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
            write=write,
        )
        report.written += written
        report.failed += failed
        rendered = [(m, [out_dir / f"{m.id}.{f}" for f in FORMATS[fmt]]) for m in todo.stale]
        rendered = [(m, files) for m, files in rendered if all(f in done for f in files)]
        record(archive, rendered, todo.hashes, config)
        built = {m.id for m, _ in rendered}
        report.not_built = [m.id for m in todo.stale if m.id not in built]
        report.index = write_index(archive, out_dir, config=config)
        if len(rendered) == len(todo.stale):
            complete_full_pass(archive, env)
        log.info(
            "%d briefing(s) rendered, %d unchanged, %d failed",
            len(rendered),
            len(todo.fresh),
            len(report.not_built),
        )
        if email:
            _send(archive, config, report)
    return report


def _send(archive: Any, config: Config, report: BuildReport) -> None:
    """``build --email``: flush the outbox; messages that stay queued are errors (exit 1)."""
    from briefing.deliver.email import flush_outbox

    report.email = flush_outbox(archive, config)
    report.failed += [
        DeliveryError(f"email {key} not sent: {why}") for key, why in report.email.failed.items()
    ]


def _db_path(config: Config, out_dir: Path) -> Path:
    """``build.db`` from the config, else the archive beside the outputs (``--out``)."""
    from briefing.archive import DEFAULT_NAME

    return config.resolve(config.build.db) if config.build.db else out_dir / DEFAULT_NAME
