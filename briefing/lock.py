"""One run at a time per output folder: an advisory ``flock`` on ``<output>/.briefing.lock``.

``flock`` rather than a pid file: the kernel releases the lock when the holder exits for
any reason (SIGKILL, OOM killer, power loss of a network client), so a stale lock never
needs cleaning up and there is no pid-reuse race. The file is never deleted (deleting a
flock'ed file lets two runs lock two different inodes); its content — pid and start
time of the holder — is only there to make the "locked" message useful.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from pathlib import Path
from types import TracebackType

from briefing.errors import DeliveryError, LockedError

LOCK_NAME = ".briefing.lock"


class RunLock:
    """Context manager holding the lock of ``folder`` for the whole run.

    Acquisition never waits: if another run holds it, ``LockedError`` is raised at once
    (cron starts the next run tomorrow; waiting would only pile runs up)."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> RunLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:  # read-only, full, or a file where the folder should be
            raise DeliveryError(
                f"{self.path.parent}: cannot use the output folder ({exc.strerror or exc}); "
                "choose a writable folder with --out"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LockedError(
                f"another briefing run{holder} is using {self.path.parent}; "
                "try again when it has finished"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {started}\n".encode("ascii"), 0)
        except OSError:
            pass  # a full disk: the holder note is only for messages, the lock is held
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    """`` (pid 123, started 2026-01-01T02:30:00Z)`` from the lock file, or ``""``."""
    try:
        pid, started = os.pread(fd, 200, 0).decode("ascii").split()
    except (OSError, UnicodeDecodeError, ValueError):
        return ""
    return f" (pid {pid}, started {started})"
