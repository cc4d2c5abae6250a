"""The local backend: worker processes of our own, one task at a time each, over a pipe.

A worker lives for the whole batch, so per-process caches (fonts, matplotlib,
gazetteers) are built once per worker. Workers are started through ``forkserver``
(``spawn`` where it is missing): no fork of a parent that may hold threads (Dask,
logging), and modules registered with ``preload`` are imported once in the fork server,
so a new worker is ready in milliseconds.

Memory: a worker's address space is capped with RLIMIT_AS. Python code that reaches the
cap gets a MemoryError, which the worker reports itself; C code (cairo, Pango, glib) often
does not check a failed allocation and the worker dies by SIGSEGV or SIGABRT instead, and
the kernel's OOM killer ends a process with SIGKILL. None of those says why, so while
tasks run under a limit the parent samples each worker's address space (``/proc``, every
``SAMPLE_SECONDS``): a worker that dies by a signal after its task came within
``NEAR_LIMIT`` of the cap is reported as having exceeded the memory limit, with the signal
and the size it reached, never as a bare signal.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any

from briefing.errors import BriefingError, TaskError
from briefing.pool.common import WORKER_ENV, Limits, task_failure, without_main

#: How often the parent samples the address space of workers running under a memory limit.
SAMPLE_SECONDS = 0.02
#: A worker killed by a signal after its task used this share of the limit ran out of it.
NEAR_LIMIT = 0.8

#: Modules the fork server imports before it forks any worker (see ``preload``).
_PRELOAD: list[str] = []


def preload(*modules: str) -> None:
    """Have the fork server import ``modules`` before it forks a worker, so that every
    worker starts with them loaded. Takes effect when the fork server starts (the first
    pool or ``prestart`` of the process). Only modules that start no threads may be
    listed: the fork server forks."""
    _PRELOAD.extend(m for m in modules if m not in _PRELOAD)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(_PRELOAD))
        return ctx
    return multiprocessing.get_context("spawn")


def prestart(executor: str = "local") -> None:
    """Start the fork server now, so that it imports WeasyPrint while this process is
    still reading and extracting reports, instead of when the first task needs a worker."""
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


def _address_space_kb(pid: int) -> tuple[int, int]:
    """(peak, current) address space of a live process in KiB, from /proc; (0, 0) where
    it cannot be read (the process has ended, or this is not Linux)."""
    peak = size = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmPeak:"):
                    peak = int(line.split()[1])
                elif line.startswith(b"VmSize:"):
                    size = int(line.split()[1])
                    break
    except (OSError, ValueError, IndexError):
        pass
    return peak, size


@dataclass
class _Worker:
    """One worker process, its pipe, and the task it is running (key, deadline), with the
    most address space that task was seen to use (``used_kb``; see ``sample``)."""

    proc: Any
    conn: Any
    key: str | None = None
    deadline: float = float("inf")
    peak_before_kb: int = 0
    used_kb: int = 0

    def start(self, key: str, deadline: float) -> None:
        self.key, self.deadline = key, deadline
        self.peak_before_kb, self.used_kb = _address_space_kb(self.proc.pid)[0], 0

    def sample(self) -> None:
        """The process's peak counts for this task once it passes the peak of the tasks
        before; below it, only the current sizes seen while this task runs do."""
        peak, size = _address_space_kb(self.proc.pid)
        self.used_kb = max(self.used_kb, size, peak if peak > self.peak_before_kb else 0)

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
        self.env = {**WORKER_ENV, **os.environ}

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
    """Why a worker ended without answering: its memory limit when its task was near it
    (see the module docstring), else the signal or exit code."""
    code = worker.proc.exitcode
    if code is not None and code < 0:
        try:
            how = f"signal {-code}: {signal.Signals(-code).name}"
        except ValueError:
            how = f"signal {-code}"
    else:
        how = f"exit code {code}"
    if not limits.memory_mb:
        return f"worker process died ({how})"
    used_mb = worker.used_kb // 1024
    if code is not None and code < 0 and used_mb >= NEAR_LIMIT * limits.memory_mb:
        return (
            f"exceeded the memory limit ({limits.memory_mb} MB): its worker reached "
            f"{used_mb} MB and was ended by {how}"
        )
    return f"worker process died ({how}; {used_mb} MB of its {limits.memory_mb} MB memory limit)"


def run_local(
    func: Callable[[Any], Any], items: Iterable[tuple[str, Any]], jobs: int, limits: Limits
) -> Iterator[tuple[str, Any, TaskError | None]]:
    pool = _LocalPool(func, jobs, limits)
    todo = iter(items)
    exhausted = False
    # Results of the last round. They are handed back only after the idle workers got
    # their next task, so workers render while the caller writes files and logs.
    done: list[tuple[str, Any, TaskError | None]] = []
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
                    done.append((key, None, task_failure(key, _death_reason(worker, limits))))
                    continue
                worker.start(key, time.monotonic() + (limits.timeout or float("inf")))
            yield from done
            done = []
            busy = [w for w in pool.workers if w.key is not None]
            if not busy:
                if exhausted:
                    return
                continue
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            if limits.memory_mb:
                wait_for = min(wait_for, SAMPLE_SECONDS)
            ready = set(
                wait(
                    [w.conn for w in busy] + [w.proc.sentinel for w in busy],
                    timeout=None if wait_for == float("inf") else max(0, wait_for),
                )
            )
            if limits.memory_mb:
                for worker in busy:
                    if worker.proc.sentinel not in ready:
                        worker.sample()
            now = time.monotonic()
            for worker in busy:
                if worker.key is None:  # cannot happen: busy workers have a task
                    continue
                key = worker.key
                if worker.conn in ready:
                    try:
                        _, ok, payload, alive = worker.conn.recv()
                    except (EOFError, OSError):
                        pool.retire(worker)
                        done.append((key, None, task_failure(key, _death_reason(worker, limits))))
                        continue
                    worker.key, worker.deadline = None, float("inf")
                    if not alive:
                        pool.retire(worker)
                    done.append(
                        (key, payload, None) if ok else (key, None, task_failure(key, payload))
                    )
                elif worker.proc.sentinel in ready:
                    pool.retire(worker)
                    done.append((key, None, task_failure(key, _death_reason(worker, limits))))
                elif now >= worker.deadline:
                    pool.retire(worker)
                    done.append(
                        (key, None, task_failure(key, f"timed out after {limits.timeout:g} s"))
                    )
    finally:
        pool.close()
