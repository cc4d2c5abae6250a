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

import contextlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.archive import Archive, default_db_path
from briefing.atomic import write_if_changed
from briefing.config import Config, check_config, check_inputs
from briefing.errors import ArchiveError, BriefingError, ConfigError, DeliveryError, InputError
from briefing.incremental import (
    Built,
    Recorder,
    begin_full_pass,
    complete_full_pass,
    environment_hash,
    plan,
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
    failed: list[BriefingError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # meetings whose briefing is up to date
    built: list[str] = field(default_factory=list)  # meetings whose briefing this run rendered
    not_built: list[str] = field(default_factory=list)  # meetings whose briefing failed
    index: Path | None = None  # output/index.html when this run changed it
    email: SendReport | None = None  # with ``email=True``: what was sent, what stays queued

    @property
    def errors(self) -> list[BriefingError]:
        return [*self.result.errors, *self.failed]

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, error: BriefingError) -> None:
        log.error("%s", error, extra=REPORTED)
        self.failed.append(error)

    @property
    def nothing_built(self) -> bool:
        """Something failed and no briefing is rendered or up to date (exit code 4)."""
        return bool(self.errors) and not self.built and not self.skipped

    @contextlib.contextmanager
    def counting(self) -> Iterator[None]:
        """A full disk or an unusable archive stops the stages within, not the report: it
        is one more error of the run, and the caller still gets all of them."""
        try:
            yield
        except (ArchiveError, DeliveryError) as exc:
            self.fail(exc)


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
    A bad input, a failed briefing, a full disk or an archive that fails midway is an
    error of the report, never lost; what stops the run before it starts is raised.

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
        report = BuildReport(ExtractResult([], [], errors))
        with report.counting():
            known = set() if opts.force else archive.article_ids()
            new = [a for a in articles if a.id not in known]
            env = environment_hash(opts.config, opts.templates, opts.formats)
            if not nothing_new(archive, opts, env, articles, new, report):
                prestart(opts.executor)  # workers' imports overlap extraction
                begin_full_pass(archive)
                extractions, failures = extract_articles(
                    progress(new, total=len(new), description="extracting"),
                    jobs=opts.jobs,
                    executor=opts.executor,
                    scheduler=opts.scheduler,
                    config=opts.config,
                    knowledge=knowledge_of(opts.config, archive),
                )
                report.result.extractions, report.result.errors = extractions, errors + failures
                archive.learn_holders(sightings(extractions))
                meetings = report.result.meetings = merge_into_archive(archive, extractions)
                log.info("%d report(s) read, %d new", len(articles), len(new))
                render_briefings(archive, meetings, opts, env, report)
        if opts.email:
            with report.counting():
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
    report: BuildReport,
) -> bool:
    """True (every briefing up to date in ``report``) when no report is new since a run that
    completed under the same templates and settings and every file is on disk."""
    if new or opts.force:
        return False
    done = up_to_date(archive, out_dir=opts.out_dir, formats=opts.formats, environment=environment)
    if done is None:
        return False
    log.info("%d report(s) read, none new; %d briefing(s) up to date", len(articles), len(done))
    report.skipped = done
    return True


def merge_into_archive(archive: Archive, extractions: list[Extraction]) -> list[Meeting]:
    """Merge stage of a build: store the new extractions, re-merge their pairs with the
    stored reports, and return every meeting of the archive (all are rendered or checked:
    templates or settings may have changed)."""
    updated = update_archive(archive, extractions) if extractions else []
    return all_meetings(archive, updated)


def render_briefings(
    archive: Archive, meetings: list[Meeting], opts: BuildOptions, env: str, report: BuildReport
) -> None:
    """Render stage of a build: render the stale briefings on the worker pool; as each one
    is written, queue its e-mail (when ``[email] to`` is set) and record its hash
    (``Recorder``); rewrite the index page. A failure to record or to write the index is
    one more error of the run."""
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
    stale = {m.id: m for m in todo.stale}
    recorder = Recorder(
        archive,
        todo.hashes,
        queue=lambda built: queue_emails(archive, built, opts),
        together=bool(opts.config.email.to) and opts.config.email.mode == "digest",
    )
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
        write=write_if_changed,
        built=lambda key, files: recorder.add(stale[key], files),
    )
    report.written += written
    report.failed += failed
    recorder.finish()
    report.built = [m.id for m, _ in recorder.done]
    report.not_built = [m for m in stale if m not in set(report.built)]
    if recorder.error is not None:
        report.fail(recorder.error)
    with report.counting():
        report.index = write_index(archive, opts.out_dir, config=opts.config, formats=opts.formats)
        if not report.not_built and recorder.error is None:
            complete_full_pass(archive, env)
    log.info(
        "%d meeting(s): %d briefing(s) rendered, %d unchanged, %d failed",
        len(meetings),
        len(report.built),
        len(todo.fresh),
        len(report.not_built),
    )


def queue_emails(archive: Archive, rendered: Built, opts: BuildOptions) -> None:
    """Queue the e-mail of each briefing just written, when ``[email] to`` is set."""
    if not (opts.config.email.to and rendered):
        return
    from briefing.deliver.email import Briefing, queue_briefings

    briefings = [Briefing.of(m, paths) for m, paths in rendered]
    queue_briefings(archive, briefings, opts.config, opts.templates)


def send_outbox(archive: Archive, config: Config, report: BuildReport) -> None:
    """``build --email``: flush the outbox; messages that stay queued are errors (exit 1)."""
    from briefing.deliver.email import flush_outbox

    report.email = flush_outbox(archive, config)
    report.failed += report.email.errors()
