"""Run per-meeting render tasks (and extraction batches) in parallel, each within a time
and memory limit, on this machine or on a Dask cluster.

Why a small pool of our own rather than ``ProcessPoolExecutor``: a hung or runaway render
must be stopped *and* attributed to its meeting. ``ProcessPoolExecutor`` cannot kill one
task, and when a worker dies every in-flight future fails with ``BrokenProcessPool``, so
the culprit is unknown. Here each worker runs one task at a time over its own pipe: the
parent knows which meeting a dead or overdue worker was rendering, kills only that
worker, reports a ``RenderError`` naming the meeting, starts a fresh worker and goes on.

Workers are started through ``forkserver`` (``spawn`` where it is missing): no fork of a
parent that may hold threads (Dask, logging), and the fork server has WeasyPrint
imported once, so a new worker is ready in milliseconds. A worker lives for the whole
batch, so per-process caches (WeasyPrint's font configuration, matplotlib, gazetteers) are
built once per worker, not once per briefing. Results come back as bytes and the parent writes
them atomically, which is also what lets Dask workers on other machines take part.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from briefing.config import Config
from briefing.errors import BriefingError, ConfigError, RenderError
from briefing.log import REPORTED
from briefing.model import Article, Extraction, Meeting

log = logging.getLogger("briefing")

EXECUTORS = ("local", "dask")
#: Imported once in the fork server so that every worker starts with them loaded; the
#: last one lays out a placeholder briefing (fonts, matplotlib, templates). Only modules
#: that start no threads may be listed here (``briefing.warmup`` keeps OpenBLAS to one).
PRELOAD = ("briefing.executor", "briefing.deliver.files", "briefing.warmup")
#: Workers run one task each; BLAS thread pools would only oversubscribe the cores.
_WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Extraction is cheap per article; batches keep the pickling overhead small.
EXTRACT_BATCH = 64


@dataclass(frozen=True)
class Limits:
    """Per-task limits. ``timeout``: wall-clock seconds; ``memory_mb``: address space of
    the worker process (RLIMIT_AS). 0 or None switches a limit off."""

    timeout: float | None = None
    memory_mb: int | None = None

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        return cls(config.build.render_timeout or None, config.build.render_memory_mb or None)


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


# --------------------------------------------------------------------------- generic


def run_tasks(
    func: Callable[[Any], Any],
    items: Iterable[tuple[str, Any]],
    *,
    jobs: int | None = None,
    limits: Limits = Limits(),
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[tuple[str, Any, RenderError | None]]:
    """Run ``func(item)`` for each ``(key, item)``; yield ``(key, result, error)`` as tasks
    finish (in completion order), ``error`` being a RenderError that names ``key`` when
    the task raised, timed out, ran out of memory or its worker died.

    ``func`` and the items must be picklable (a module-level function). Items are pulled
    lazily, so a generator of items is never held in memory all at once.
    """
    jobs = check_options(jobs, executor, scheduler)
    if executor == "dask":
        yield from _run_dask(func, items, jobs, limits, scheduler)
    else:
        yield from _run_local(func, items, jobs, limits)


def _failure(key: str, reason: str) -> RenderError:
    return RenderError(f"{key}: {reason}", key=key, reason=reason)


# --------------------------------------------------------------------------- local pool


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        return ctx
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def without_main() -> Iterator[None]:
    """Start processes without making them re-run the caller's script.

    ``spawn`` and ``forkserver`` children import ``__main__`` again before running their
    target, so a plain script calling ``build()`` at top level (no ``if __name__ ==
    "__main__"`` guard) would run again in every worker. Our tasks live in importable
    modules and need nothing from ``__main__``, so while a process starts ``__main__``
    is replaced by an empty module and there is nothing for the child to re-import.
    Consequence: task functions must be importable, not defined in the script itself."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def prestart(executor: str = "local") -> None:
    """Start the fork server now, so that it imports WeasyPrint while this process is
    still reading and extracting reports, instead of when the first briefing renders."""
    if executor == "local" and "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        _context()
        with without_main():
            forkserver.ensure_running()


def _worker_main(
    conn: Any, func: Callable[[Any], Any], memory_mb: int | None, env: dict[str, str]
) -> None:
    """Worker loop: one ``(key, item)`` in, one ``(key, ok, payload, alive)`` out, until
    None; ``alive`` False means the worker stops after this answer.

    The environment is the parent's at the time the batch started (the fork server's
    own may be older: SOURCE_DATE_EPOCH must match for reproducible PDFs)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.environ.clear()
    os.environ.update(env)
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        key, item = msg
        try:
            conn.send((key, True, func(item), True))
        except MemoryError:
            # A worker that hit its limit may be in a bad state: it says so and stops.
            conn.send((key, False, f"exceeded the memory limit ({memory_mb} MB)", False))
            return
        except BriefingError as exc:
            conn.send((key, False, str(exc), True))
        except Exception as exc:  # noqa: BLE001 - reported against the task, batch goes on
            conn.send((key, False, f"{type(exc).__name__}: {exc}", True))


@dataclass
class _Worker:
    """One worker process, its pipe, and the task it is running (key, deadline)."""

    proc: Any
    conn: Any
    key: str | None = None
    deadline: float = float("inf")

    def stop(self, *, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        self.proc.join(timeout=0 if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


@dataclass
class _LocalPool:
    func: Callable[[Any], Any]
    jobs: int
    limits: Limits
    ctx: Any = field(default_factory=_context)
    workers: list[_Worker] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.env = {**_WORKER_ENV, **os.environ}

    def spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(
            target=_worker_main,
            daemon=True,
            name="briefing-worker",
            args=(child, self.func, self.limits.memory_mb, self.env),
        )
        with without_main():
            proc.start()
        child.close()
        worker = _Worker(proc, parent)
        self.workers.append(worker)
        return worker

    def retire(self, worker: _Worker) -> None:
        """Kill a worker (overdue or dead); a new one is spawned when there is work."""
        self.workers.remove(worker)
        worker.stop(kill=True)

    def close(self) -> None:
        for worker in list(self.workers):
            worker.stop(kill=worker.key is not None)
        self.workers.clear()


def _death_reason(worker: _Worker, limits: Limits) -> str:
    code = worker.proc.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    hint = f"; memory limit is {limits.memory_mb} MB" if limits.memory_mb else ""
    return f"worker process died ({how}){hint}"


def _run_local(
    func: Callable[[Any], Any], items: Iterable[tuple[str, Any]], jobs: int, limits: Limits
) -> Iterator[tuple[str, Any, RenderError | None]]:
    pool = _LocalPool(func, jobs, limits)
    todo = iter(items)
    exhausted = False
    # Results of the last round. They are handed back only after the idle workers got
    # their next task, so workers render while the caller writes files and logs.
    done: list[tuple[str, Any, RenderError | None]] = []
    try:
        while True:
            # Hand work to idle workers, starting workers up to ``jobs`` as needed.
            while not exhausted:
                idle = next((w for w in pool.workers if w.key is None), None)
                if idle is None and len(pool.workers) >= jobs:
                    break
                nxt = next(todo, None)
                if nxt is None:
                    exhausted = True
                    break
                worker = idle or pool.spawn()
                key, item = nxt
                try:
                    worker.conn.send((key, item))
                except OSError:
                    pool.retire(worker)
                    done.append((key, None, _failure(key, _death_reason(worker, limits))))
                    continue
                worker.key = key
                worker.deadline = time.monotonic() + (limits.timeout or float("inf"))
            yield from done
            done = []
            busy = [w for w in pool.workers if w.key is not None]
            if not busy:
                if exhausted:
                    return
                continue
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            ready = set(
                wait(
                    [w.conn for w in busy] + [w.proc.sentinel for w in busy],
                    timeout=None if wait_for == float("inf") else max(0, wait_for),
                )
            )
            now = time.monotonic()
            for worker in busy:
                key = worker.key
                if worker.conn in ready:
                    try:
                        _, ok, payload, alive = worker.conn.recv()
                    except (EOFError, OSError):
                        pool.retire(worker)
                        done.append((key, None, _failure(key, _death_reason(worker, limits))))
                        continue
                    worker.key, worker.deadline = None, float("inf")
                    if not alive:
                        pool.retire(worker)
                    done.append((key, payload, None) if ok else (key, None, _failure(key, payload)))
                elif worker.proc.sentinel in ready:
                    pool.retire(worker)
                    done.append((key, None, _failure(key, _death_reason(worker, limits))))
                elif now >= worker.deadline:
                    pool.retire(worker)
                    done.append((key, None, _failure(key, f"timed out after {limits.timeout:g} s")))
    finally:
        pool.close()


# --------------------------------------------------------------------------- dask


def _dask_call(
    func: Callable[[Any], Any], item: Any, timeout: float | None, env: dict[str, str]
) -> tuple[bool, Any]:
    """Run one task on a Dask worker. Dask runs tasks in threads, so a hung task cannot be
    killed there: it is abandoned after ``timeout`` (reported to the client) and its
    thread is reclaimed when the worker restarts. Exceptions travel back as text so that
    the client does not need the worker's exception classes."""
    import threading

    os.environ.update(env)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["ok"] = (True, func(item))
        except MemoryError:
            box["ok"] = (False, "exceeded the worker's memory")
        except Exception as exc:  # noqa: BLE001 - reported against the task
            msg = str(exc) if isinstance(exc, BriefingError) else f"{type(exc).__name__}: {exc}"
            box["ok"] = (False, msg)

    thread = threading.Thread(target=target, daemon=True, name="briefing-task")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        return False, f"timed out after {timeout:g} s"
    return box["ok"]


def _dask_client(jobs: int, memory_mb: int | None, scheduler: str | None) -> Any:
    """A new client of the given scheduler (closed by the caller), or the client of this
    process's LocalCluster on 127.0.0.1 (shared by extraction and rendering, since a
    LocalCluster takes seconds to start; closed at exit)."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ConfigError("--executor dask needs Dask: pip install 'briefing[dask]'") from None
    try:
        return Client(scheduler, timeout="10s") if scheduler else _local_cluster(jobs, memory_mb)
    except (OSError, TimeoutError) as exc:
        where = scheduler or "a LocalCluster"
        raise ConfigError(f"cannot connect to Dask scheduler {where}: {exc}") from None


@functools.cache
def _local_cluster(jobs: int, memory_mb: int | None) -> Any:
    from dask.distributed import Client, LocalCluster

    memory = f"{memory_mb}MB" if memory_mb else "auto"
    with without_main():
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            memory_limit=memory,
            silence_logs=logging.ERROR,
        )
    client = Client(cluster)
    atexit.register(cluster.close)
    atexit.register(client.close)  # runs first: atexit is last in, first out
    return client


def _run_dask(
    func: Callable[[Any], Any],
    items: Iterable[tuple[str, Any]],
    jobs: int,
    limits: Limits,
    scheduler: str | None,
) -> Iterator[tuple[str, Any, RenderError | None]]:
    from dask.distributed import as_completed

    client = _dask_client(jobs, limits.memory_mb, scheduler)
    env = {k: v for k in ("SOURCE_DATE_EPOCH", "TZ") if (v := os.environ.get(k))}
    env.update({k: v for k, v in _WORKER_ENV.items() if k not in os.environ})
    window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or jobs)
    todo = iter(items)
    keys: dict[Any, str] = {}
    queue = as_completed()

    def submit_next() -> bool:
        nxt = next(todo, None)
        if nxt is None:
            return False
        key, item = nxt
        fut = client.submit(
            _dask_call,
            func,
            item,
            limits.timeout,
            env,
            pure=False,
            key=f"briefing-{key}-{time.monotonic_ns()}",
        )
        keys[fut] = key
        queue.add(fut)
        return True

    try:
        for _ in range(window):
            if not submit_next():
                break
        for fut in queue:
            key = keys.pop(fut)
            try:
                ok, payload = fut.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connection, ...
                ok, payload = False, f"Dask task failed ({type(exc).__name__}: {exc})"
            fut.release()
            submit_next()
            yield (key, payload, None) if ok else (key, None, _failure(key, payload))
    finally:
        if keys:  # the caller stopped early: do not leave our tasks on a shared cluster
            client.cancel(list(keys))
        if scheduler:
            client.close()


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
    on_written: Callable[[str, list[Path]], Any] | None = None,
) -> tuple[list[Path], list[BriefingError]]:
    """Render each meeting to ``out/<id>.<format>``; return (written paths, errors).

    Files are written by this process as results arrive (``write``, default
    ``atomic_write``), in meeting order within a briefing (html before pdf). A briefing
    that fails, times out or exhausts its memory is one RenderError naming the meeting;
    the others are still built. ``write`` may return False for "unchanged" (see
    ``write_if_changed``); such paths are not listed as written. ``on_written(meeting_id,
    paths)`` is called once a briefing's files are all on disk (e.g. to record its render
    hash), never for a failed one.

    ``extras[meeting_id]`` is passed to ``render_html(extra=...)``; with ``prepare`` (a
    module-level function) the worker first turns it into that dict with
    ``prepare(extras[id], config=config)``, so costly extras such as history charts are
    drawn in parallel in the workers, one briefing at a time, instead of all up front.
    """
    from briefing.deliver.files import atomic_write

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
        limits=Limits.from_config(config),
        executor=executor,
        scheduler=scheduler,
    ):
        if error is not None:
            log.error("%s", error, extra=REPORTED)
            errors.append(error)
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
        if on_written is not None:
            on_written(key, paths)
        log.info("built %s", key)
    return written, errors


# --------------------------------------------------------------------------- extract


def extract_task(articles: list[Article]) -> list[tuple[Extraction | None, str | None]]:
    """Worker side: a batch of Articles -> [(Extraction, None) or (None, reason)]."""
    from briefing.extract import extract

    results: list[tuple[Extraction | None, str | None]] = []
    for article in articles:
        try:
            results.append((extract(article), None))
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
) -> Iterator[tuple[Article, Extraction | None, str | None]]:
    """Extract every article; yield ``(article, extraction, None)`` or ``(article, None,
    reason)`` in input order.

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
            ((extraction, reason),) = extract_task([article])
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
    for key, results, error in run_tasks(
        extract_task, items(), jobs=jobs, limits=limits, executor=executor, scheduler=scheduler
    ):
        if error is None:
            done[int(key)] = results
        else:
            retry += [(f"{key}.{n}", [a]) for n, a in enumerate(batches[int(key)])]
    retried = (
        run_tasks(
            extract_task, retry, jobs=jobs, limits=limits, executor=executor, scheduler=scheduler
        )
        if retry
        else ()
    )
    for key, results, error in retried:
        batch, n = (int(part) for part in key.split("."))
        reason = str(error).split(": ", 1)[-1]
        done.setdefault(batch, [(None, "")] * len(batches[batch]))[n] = (
            results[0] if error is None else (None, f"extraction failed ({reason})")
        )
    for n, batch in enumerate(batches):
        for article, (extraction, reason) in zip(batch, done[n], strict=True):
            yield article, extraction, reason
