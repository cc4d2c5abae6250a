"""Briefing's own tasks on the worker pool (``briefing.pool``): rendering briefings and
extracting batches of reports.

Both run within the same per-task limits, ``[build] render_timeout`` and
``render_memory_mb``: the settings predate extraction on the pool and keep their names,
but each limits one task, a briefing's render or a batch of extractions (``task_limits``).

The fork server of the local pool imports this module, ``briefing.atomic`` and
``briefing.warmup`` (which lays out a placeholder briefing), so every worker starts warm.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.config import Config
from briefing.errors import BriefingError, RenderError
from briefing.knowledge import Knowledge
from briefing.log import REPORTED
from briefing.model import Article, Extraction, Meeting
from briefing.pool import Limits, check_options, preload, run_tasks

log = logging.getLogger("briefing")

#: Imported once in the fork server so that every worker starts with them loaded; the
#: last one lays out a placeholder briefing (fonts, matplotlib, templates). Only modules
#: that start no threads may be listed here (``briefing.warmup`` keeps OpenBLAS to one).
PRELOAD = ("briefing.tasks", "briefing.atomic", "briefing.warmup")
preload(*PRELOAD)
#: Extraction is cheap per article; batches keep the pickling overhead small.
EXTRACT_BATCH = 64


def task_limits(config: Config) -> Limits:
    """The per-task limits of ``[build]``: ``render_timeout`` seconds and
    ``render_memory_mb`` of address space for every task on the pool, renders and
    extraction batches alike (0 switches a limit off)."""
    return Limits(config.build.render_timeout or None, config.build.render_memory_mb or None)


# --------------------------------------------------------------------------- render


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker needs to render one briefing; nothing refers to local files
    except the optional template folder (which must exist on Dask workers too)."""

    meeting: Meeting
    formats: tuple[str, ...]
    config: Config
    templates: Path | None = None
    extra: Any = None
    prepare: Callable[..., dict[str, Any]] | None = None


def render_task(job: RenderJob) -> dict[str, bytes]:
    """Worker side: one meeting -> ``{"html": bytes, "pdf": bytes}`` (the formats asked)."""
    from briefing.render import render_html, render_pdf

    extra = job.prepare(job.extra, config=job.config) if job.prepare else job.extra
    html = render_html(job.meeting, config=job.config, templates_dir=job.templates, extra=extra)
    out: dict[str, bytes] = {}
    if "html" in job.formats:
        out["html"] = html.encode("utf-8")
    if "pdf" in job.formats:
        out["pdf"] = render_pdf(html, config=job.config)
    return out


def render_many(
    meetings: Iterable[Meeting],
    *,
    out: Path,
    formats: tuple[str, ...],
    config: Config,
    templates: Path | None = None,
    extras: dict[str, Any] | None = None,
    prepare: Callable[..., dict[str, Any]] | None = None,
    jobs: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    write: Callable[[Path, bytes], Any] | None = None,
    built: Callable[[str, list[Path]], None] | None = None,
) -> tuple[list[Path], list[BriefingError]]:
    """Render each meeting to ``out/<id>.<format>``; return (written paths, errors).

    Files are written by this process as results arrive (``write``, default
    ``atomic_write``), in meeting order within a briefing (html before pdf). A briefing
    that fails, times out or exhausts its memory is one RenderError naming the meeting;
    the others are still built. ``write`` may return False for "unchanged" (see
    ``write_if_changed``); such paths are not listed as written. ``built(meeting id,
    paths)`` is called as soon as all the files of a briefing are on disk, so the caller
    can record it before the next one arrives (a run killed later keeps that record).

    ``extras[meeting_id]`` is passed to ``render_html(extra=...)``; with ``prepare`` (a
    module-level function) the worker first turns it into that dict with
    ``prepare(extras[id], config=config)``, so costly extras such as history charts are
    drawn in parallel in the workers, one briefing at a time, instead of all up front.
    """
    from briefing.atomic import atomic_write

    write = write or atomic_write
    extras = extras or {}
    jobs_iter = (
        (m.id, RenderJob(m, formats, config, templates, extras.get(m.id), prepare))
        for m in meetings
    )
    written: list[Path] = []
    errors: list[BriefingError] = []
    for key, files, error in run_tasks(
        render_task,
        jobs_iter,
        jobs=jobs,
        limits=task_limits(config),
        executor=executor,
        scheduler=scheduler,
    ):
        if error is not None:
            failure = RenderError(str(error), key=error.key, reason=error.reason)
            log.error("%s", failure, extra=REPORTED)
            errors.append(failure)
            continue
        paths = [out / f"{key}.{fmt}" for fmt in formats]
        try:
            written += [
                p
                for p, fmt in zip(paths, formats, strict=True)
                if write(p, files[fmt]) is not False
            ]
        except BriefingError as exc:
            log.error("%s", exc, extra=REPORTED)
            errors.append(exc)
            continue
        if built is not None:
            built(key, paths)
        log.info("built %s", key)
    return written, errors


# --------------------------------------------------------------------------- extract


def extract_task(
    articles: list[Article], knowledge: Knowledge = Knowledge()
) -> list[tuple[Extraction | None, str | None]]:
    """Worker side: a batch of Articles -> [(Extraction, None) or (None, reason)]."""
    from briefing.extract import extract

    registry = knowledge.registry()
    results: list[tuple[Extraction | None, str | None]] = []
    for article in articles:
        try:
            results.append((extract(article, registry), None))
        except Exception as exc:  # noqa: BLE001 - one report must never stop the batch
            results.append((None, f"extraction failed ({exc!r})"))
    return results


def extract_many(
    articles: Iterable[Article],
    *,
    jobs: int | None = 1,
    executor: str = "local",
    scheduler: str | None = None,
    limits: Limits = Limits(),
    knowledge: Knowledge = Knowledge(),
) -> Iterator[tuple[Article, Extraction | None, str | None]]:
    """Extract every article; yield ``(article, extraction, None)`` or ``(article, None,
    reason)`` in input order. ``knowledge``: the registry's extensions (config, archive).

    Locally with one job, or fewer than ``2 * EXTRACT_BATCH`` articles, this runs in this
    process (a worker would spend longer loading the gazetteers than extracting). Otherwise
    batches of ``EXTRACT_BATCH`` articles go to the pool or the Dask cluster, pulled
    lazily from ``articles``; a batch that times out or kills its worker is retried one
    article per task, so only the culprit is reported."""
    todo = iter(articles)
    head = list(itertools.islice(todo, 2 * EXTRACT_BATCH))
    jobs = check_options(jobs, executor, scheduler)
    if executor == "local" and (jobs == 1 or len(head) < 2 * EXTRACT_BATCH):
        for article in itertools.chain(head, todo):
            ((extraction, reason),) = extract_task([article], knowledge)
            yield article, extraction, reason
        return
    batches: list[list[Article]] = []

    def items() -> Iterator[tuple[str, list[Article]]]:
        rest = itertools.chain(head, todo)
        while batch := list(itertools.islice(rest, EXTRACT_BATCH)):
            batches.append(batch)
            yield str(len(batches) - 1), batch

    done: dict[int, list[tuple[Extraction | None, str | None]]] = {}
    retry: list[tuple[str, list[Article]]] = []
    task = functools.partial(extract_task, knowledge=knowledge)
    for key, results, error in run_tasks(
        task, items(), jobs=jobs, limits=limits, executor=executor, scheduler=scheduler
    ):
        if error is None:
            done[int(key)] = results
        else:
            retry += [(f"{key}.{n}", [a]) for n, a in enumerate(batches[int(key)])]
    retried = (
        run_tasks(task, retry, jobs=jobs, limits=limits, executor=executor, scheduler=scheduler)
        if retry
        else ()
    )
    for key, results, error in retried:
        index, position = (int(part) for part in key.split("."))
        reason = str(error).split(": ", 1)[-1]
        done.setdefault(index, [(None, "")] * len(batches[index]))[position] = (
            results[0] if error is None else (None, f"extraction failed ({reason})")
        )
    for n, batch in enumerate(batches):
        for article, (extraction, reason) in zip(batch, done[n], strict=True):
            yield article, extraction, reason
