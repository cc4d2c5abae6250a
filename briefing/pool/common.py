"""What the local pool and the Dask backend share: the per-task limits, the workers'
environment, the error that names a failed task, and starting processes safely."""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.errors import TaskError

#: Workers run one task each; BLAS thread pools would only oversubscribe the cores.
WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Limits:
    """Per-task limits. ``timeout``: wall-clock seconds; ``memory_mb``: address space of
    the worker process (RLIMIT_AS). 0 or None switches a limit off."""

    timeout: float | None = None
    memory_mb: int | None = None


def task_failure(key: str, reason: str) -> TaskError:
    """The error reported for the task ``key``."""
    return TaskError(f"{key}: {reason}", key=key, reason=reason)


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
