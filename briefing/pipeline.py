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

from briefing.archive import Archive, default_db_path
from briefing.atomic import write_if_changed
from briefing.config import Config, check_config, check_inputs
from briefing.errors import BriefingError, ConfigError, DeliveryError, InputError
from briefing.incremental import (
    begin_full_pass,
    complete_full_pass,
    environment_hash,
    plan,
    record,
    up_to_date,
)
from briefing.knowledge import Knowledge, knowledge_of, sightings
from briefing.lock import RunLock
from briefing.log import REPORTED, progress
from briefing.merge import merge
from briefing.merge.update import all_meetings, update_archive
from briefing.model import Article, Extraction, Meeting
from briefing.pool import Limits, check_options, prestart
from briefing.render.history import briefing_extras, briefing_history
from briefing.render.index import write_index
from briefing.tasks import extract_many, render_many, task_limits

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
    knowledge: Knowledge | None = None,
) -> tuple[list[Extraction], list[BriefingError]]:
    """Extract stage. An unexpected failure on one article is reported against its file
    and the batch goes on. With ``jobs`` > 1 or ``executor="dask"`` large inputs are
    extracted in batches on the worker pool (briefing.tasks.extract_many), each batch
    within the per-task limits of ``config``. ``knowledge``: the registry's extensions
    (default: the ``[[registry]]`` tables of ``config``)."""
    limits = task_limits(config) if config else Limits()
    extractions: list[Extraction] = []
    errors: list[BriefingError] = []
    for article, extraction, reason in extract_many(
        articles,
        jobs=jobs,
        executor=executor,
        scheduler=scheduler,
        limits=limits,
        knowledge=knowledge or knowledge_of(config),
    ):
        if extraction is not None:
            extractions.append(extraction)
        else:
            err = InputError(article.path or article.id, reason or "extraction failed")
            log.error("%s", err, extra=REPORTED)
            errors.append(err)
    return extractions, errors


def extract_paths(paths: Iterable[str | Path], config: Config | None = None) -> ExtractResult:
    """ingest -> extract -> merge, without rendering (``briefing extract``)."""
    config = config or Config()
    articles, errors = read_articles(paths, config)
    extractions, extract_errors = extract_articles(articles, config=config)
    return ExtractResult(merge(extractions), extractions, [*errors, *extract_errors])


@dataclass(frozen=True)
class BuildOptions:
    """The arguments of one ``build`` run as given; the properties complete them from the
    config, and ``check`` refuses what cannot work before anything is read or written."""

    config: Config
    given_paths: tuple[str | Path, ...]
    out: str | Path | None
    format: str | None
    template_folder: str | Path | None
    jobs: int | None
    executor: str
    scheduler: str | None
    force: bool
    email: bool

    @property
    def use_sources(self) -> bool:
        """No paths given and the config has ``[sources]``: read those."""
        from briefing.sources import has_sources

        return not self.given_paths and has_sources(self.config)

    @property
    def paths(self) -> list[Path]:
        """The paths given, else ``build.inputs`` (none when ``[sources]`` are read);
        ConfigError when none of them exists."""
        return [] if self.use_sources else check_inputs(list(self.given_paths), self.config)

    @property
    def out_dir(self) -> Path:
        return Path(self.out or self.config.resolve(self.config.build.output) or "output")

    @property
    def formats(self) -> tuple[str, ...]:
        return FORMATS[self.format or self.config.build.formats]

    @property
    def templates(self) -> Path | None:
        if self.template_folder:
            return Path(self.template_folder)
        return self.config.resolve(self.config.build.templates)

    @property
    def db_path(self) -> Path:
        """``build.db`` from the config, else the archive beside the outputs (``--out``)."""
        return default_db_path(self.config, self.out_dir)

    def check(self) -> BuildOptions:
        """ConfigError naming the option that cannot work; else these options."""
        fmt = self.format or self.config.build.formats
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format {fmt!r}: use pdf, html or both")
        check_options(self.jobs, self.executor, self.scheduler)
        self.paths  # noqa: B018 - raises when no input exists, before anything is created
        if self.templates is not None and not self.templates.is_dir():
            raise ConfigError(f"{self.templates}: template folder not found")
        if self.email:
            from briefing.deliver.email import check_email_config

            check_email_config(self.config.email, smtp=True)
        if self.config.email.to:
            from briefing.deliver.email.message import check_templates

            check_templates(self.config, self.templates)
        return self


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
    each within ``[build] render_timeout`` and ``render_memory_mb`` (briefing.tasks).
    """
    opts = BuildOptions(
        check_config(config or Config()),
        tuple(paths or ()),
        out,
        formats,
        templates,
        jobs,
        executor,
        scheduler,
        force,
        email,
    ).check()
    with RunLock(opts.out_dir), Archive(opts.db_path) as archive:
        articles, errors = read_inputs(opts)
        known = set() if opts.force else archive.article_ids()
        new = [a for a in articles if a.id not in known]
        env = environment_hash(opts.config, opts.templates, opts.formats)
        report = nothing_new(archive, opts, env, articles, new, errors)
        if report is None:
            prestart(opts.executor)  # workers' imports overlap extraction
            begin_full_pass(archive)
            extractions, extract_errors = extract_articles(
                progress(new, total=len(new), description="extracting"),
                jobs=opts.jobs,
                executor=opts.executor,
                scheduler=opts.scheduler,
                config=opts.config,
                knowledge=knowledge_of(opts.config, archive),
            )
            archive.learn_holders(sightings(extractions))
            meetings = merge_into_archive(archive, extractions)
            log.info(
                "%d report(s) read, %d new; %d meeting(s)", len(articles), len(new), len(meetings)
            )
            report = BuildReport(ExtractResult(meetings, extractions, [*errors, *extract_errors]))
            render_briefings(archive, meetings, opts, env, report)
        if opts.email:
            send_outbox(archive, opts.config, report)
    return report


def read_inputs(opts: BuildOptions) -> tuple[list[Article], list[BriefingError]]:
    """Ingest stage of a build: the paths given, else the config's [sources] (feeds and
    URLs with their HTTP cache in ``<out>/.state``), else ``build.inputs``."""
    if opts.use_sources:
        from briefing.sources import read_sources

        return collect_articles(read_sources(opts.config, state_dir=opts.out_dir / STATE))
    return read_articles(opts.paths, opts.config)


def nothing_new(
    archive: Archive,
    opts: BuildOptions,
    environment: str,
    articles: list[Article],
    new: list[Article],
    errors: list[BriefingError],
) -> BuildReport | None:
    """The report of a run with nothing to do (no new report since a run that completed
    under the same templates and settings, every briefing on disk): no merge, no render.
    None when there is work."""
    if new or opts.force:
        return None
    done = up_to_date(archive, out_dir=opts.out_dir, formats=opts.formats, environment=environment)
    if done is None:
        return None
    log.info("%d report(s) read, none new; %d briefing(s) up to date", len(articles), len(done))
    return BuildReport(ExtractResult([], [], errors), skipped=done)


def merge_into_archive(archive: Archive, extractions: list[Extraction]) -> list[Meeting]:
    """Merge stage of a build: store the new extractions, re-merge their pairs with the
    stored reports, and return every meeting of the archive (all are rendered or checked:
    templates or settings may have changed)."""
    updated = update_archive(archive, extractions) if extractions else []
    return all_meetings(archive, updated)


def render_briefings(
    archive: Archive, meetings: list[Meeting], opts: BuildOptions, env: str, report: BuildReport
) -> None:
    """Render stage of a build: render the stale briefings on the worker pool, queue the
    e-mails of those written (when ``[email] to`` is set), record their hashes, and
    rewrite the index page."""
    history = {m.id: briefing_history(archive, m) for m in meetings}
    todo = plan(
        meetings,
        archive,
        out_dir=opts.out_dir,
        formats=opts.formats,
        environment=env,
        extras=history,
        force=opts.force,
    )
    report.skipped = todo.fresh
    done: set[Path] = set()

    def write(path: Path, data: bytes) -> bool:
        changed = write_if_changed(path, data)
        done.add(path)
        return changed

    written, failed = render_many(
        progress(todo.stale, total=len(todo.stale), description="rendering"),
        out=opts.out_dir,
        formats=opts.formats,
        config=opts.config,
        templates=opts.templates,
        extras=history,
        prepare=briefing_extras,
        jobs=opts.jobs,
        executor=opts.executor,
        scheduler=opts.scheduler,
        write=write,
    )
    report.written += written
    report.failed += failed
    files = [(m, [opts.out_dir / f"{m.id}.{f}" for f in opts.formats]) for m in todo.stale]
    rendered = [(m, paths) for m, paths in files if all(p in done for p in paths)]
    queue_emails(archive, rendered, todo.hashes, opts)  # before the hashes: see record()
    record(archive, rendered, todo.hashes)
    built = {m.id for m, _ in rendered}
    report.not_built = [m.id for m in todo.stale if m.id not in built]
    report.index = write_index(archive, opts.out_dir, config=opts.config)
    if len(rendered) == len(todo.stale):
        complete_full_pass(archive, env)
    log.info(
        "%d briefing(s) rendered, %d unchanged, %d failed",
        len(rendered),
        len(todo.fresh),
        len(report.not_built),
    )


def queue_emails(
    archive: Archive,
    rendered: list[tuple[Meeting, list[Path]]],
    hashes: dict[str, str],
    opts: BuildOptions,
) -> None:
    """Queue the e-mail of each briefing just written, when ``[email] to`` is set."""
    if not (opts.config.email.to and rendered):
        return
    from briefing.deliver.email import Briefing, queue_briefings

    briefings = [Briefing.of(m, hashes[m.id], paths) for m, paths in rendered]
    queue_briefings(archive, briefings, opts.config, opts.templates)


def send_outbox(archive: Archive, config: Config, report: BuildReport) -> None:
    """``build --email``: flush the outbox; messages that stay queued are errors (exit 1)."""
    from briefing.deliver.email import flush_outbox

    report.email = flush_outbox(archive, config)
    report.failed += [
        DeliveryError(f"email {key} not sent: {why}") for key, why in report.email.failed.items()
    ]
