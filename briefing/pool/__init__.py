"""A worker pool: run a function over many items in parallel, each task within a time and
memory limit, on this machine or on a Dask cluster. Generic: briefing's own tasks
(rendering, extraction batches) are in ``briefing/tasks.py``.

Why a small pool of our own rather than ``ProcessPoolExecutor``: a hung or runaway render
must be stopped *and* attributed to its meeting. ``ProcessPoolExecutor`` cannot kill one
task, and when a worker dies every in-flight future fails with ``BrokenProcessPool``, so
the culprit is unknown. Here each worker runs one task at a time over its own pipe: the
parent knows which task a dead or overdue worker was running, kills only that
worker, reports a ``TaskError`` naming the task, starts a fresh worker and goes on.

``local`` has the process pool, ``cluster`` the Dask backend, ``common`` what both share.
Results come back as values (bytes, for briefings) and the caller writes them, which is
also what lets Dask workers on other machines take part.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from briefing.errors import ConfigError, TaskError
from briefing.pool.common import Limits, without_main
from briefing.pool.local import preload, prestart

__all__ = [
    "EXECUTORS",
    "Limits",
    "check_options",
    "default_jobs",
    "preload",
    "prestart",
    "run_tasks",
    "without_main",
]

EXECUTORS = ("local", "dask")


def default_jobs() -> int:
    """All cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def check_options(jobs: int | None, executor: str, scheduler: str | None) -> int:
    """Validate ``--jobs/--executor/--scheduler``; return the number of jobs."""
    if executor not in EXECUTORS:
        raise ConfigError(f"unknown executor {executor!r}: use {' or '.join(EXECUTORS)}")
    if scheduler and executor != "dask":
        raise ConfigError("--scheduler needs --executor dask")
    if jobs is not None and jobs < 1:
        raise ConfigError(f"--jobs must be at least 1, got {jobs}")
    return jobs or default_jobs()


def run_tasks(
    func: Callable[[Any], Any],
    items: Iterable[tuple[str, Any]],
    *,
    jobs: int | None = None,
    limits: Limits = Limits(),
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[tuple[str, Any, TaskError | None]]:
    """Run ``func(item)`` for each ``(key, item)``; yield ``(key, result, error)`` as tasks
    finish (in completion order), ``error`` being a TaskError that names ``key`` when
    the task raised, timed out, ran out of memory or its worker died.

    ``func`` and the items must be picklable (a module-level function of an importable
    module, not of the calling script). Items are pulled lazily, so a generator of items
    is never held in memory all at once.
    """
    from briefing.pool.cluster import run_dask
    from briefing.pool.local import run_local

    jobs = check_options(jobs, executor, scheduler)
    if executor == "dask":
        yield from run_dask(func, items, jobs, limits, scheduler)
    else:
        yield from run_local(func, items, jobs, limits)
