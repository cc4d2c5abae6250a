"""Atomic file writes: a reader (or a run killed half-way) sees the old file or the new
one, never a half-written one.

The one implementation for every stage that writes files: briefings, the index page,
CSV tables, spooled e-mails and the HTTP cache."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from briefing.errors import DeliveryError

#: Every output file (PDF, HTML, CSV, .eml) gets this mode, less the process's umask:
#: a temp file is created 0600 and would otherwise keep it.
OUTPUT_MODE = 0o644


def output_mode() -> int:
    """``OUTPUT_MODE`` under the current umask. Read from /proc where it is listed (the
    umask cannot be read without setting it, which would race other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            umask = next(int(ln.split()[1], 8) for ln in fh if ln.startswith("Umask:"))
    except (OSError, StopIteration, ValueError):
        umask = os.umask(0o022)
        os.umask(umask)
    return OUTPUT_MODE & ~umask


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to a temp file in the same folder, fsync it, then rename over
    ``path``. Raises DeliveryError (naming the file) on a full disk or read-only folder."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise DeliveryError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, output_mode())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise DeliveryError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return path


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Atomically write ``data`` unless the file already holds exactly these bytes, so
    a re-run leaves unchanged outputs (and their mtimes) alone. Returns True if written."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size == len(payload) and path.read_bytes() == payload:
            return False
    except OSError:
        pass
    atomic_write(path, payload)
    return True
