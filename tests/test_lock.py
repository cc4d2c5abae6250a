"""The run lock: a second run fails at once; a lock left by a killed run is recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.errors import LockedError
from briefing.lock import LOCK_NAME, RunLock

ROOT = Path(__file__).resolve().parents[1]

HOLDER = """
import sys, time
from briefing.lock import RunLock
lock = RunLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(60)
"""


def start_holder(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_run_fails_at_once_and_names_the_holder(tmp_path):
    proc = start_holder(tmp_path)
    try:
        started = time.monotonic()
        with pytest.raises(LockedError) as err:
            RunLock(tmp_path).acquire()
        assert time.monotonic() - started < 0.5
        assert f"pid {proc.pid}" in str(err.value) and str(tmp_path) in str(err.value)
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_run_is_recovered(tmp_path):
    proc = start_holder(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (tmp_path / LOCK_NAME).exists()  # the file stays; the kernel dropped the lock
    with RunLock(tmp_path) as lock:
        content = lock.path.read_text()
        assert content.split()[0] == str(os.getpid())


def test_lock_is_released_on_exit_even_after_an_error(tmp_path):
    with pytest.raises(RuntimeError), RunLock(tmp_path):
        with pytest.raises(LockedError):
            RunLock(tmp_path).acquire()  # a second holder in the same process is refused too
        raise RuntimeError("build failed")
    with RunLock(tmp_path):
        pass


def test_lock_creates_the_output_folder(tmp_path):
    with RunLock(tmp_path / "new" / "output") as lock:
        assert lock.path.parent.is_dir()
