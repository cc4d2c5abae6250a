"""The Dask backend: the same tasks on a Dask cluster (``--executor dask``).

Dask runs tasks in threads, so a task cannot be killed there: one that overruns its time
limit is reported and abandoned (its thread ends when the worker restarts); memory is
bounded by the Dask workers' own ``--memory-limit``.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from briefing.errors import BriefingError, ConfigError, TaskError
from briefing.pool.common import WORKER_ENV, Limits, task_failure, without_main


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


def run_dask(
    func: Callable[[Any], Any],
    items: Iterable[tuple[str, Any]],
    jobs: int,
    limits: Limits,
    scheduler: str | None,
) -> Iterator[tuple[str, Any, TaskError | None]]:
    from dask.distributed import as_completed

    client = _dask_client(jobs, limits.memory_mb, scheduler)
    env = {k: v for k in ("SOURCE_DATE_EPOCH", "TZ") if (v := os.environ.get(k))}
    env.update({k: v for k, v in WORKER_ENV.items() if k not in os.environ})
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
            yield (key, payload, None) if ok else (key, None, task_failure(key, payload))
    finally:
        if keys:  # the caller stopped early: do not leave our tasks on a shared cluster
            client.cancel(list(keys))
        if scheduler:
            client.close()
