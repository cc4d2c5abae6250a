"""The crontab line that runs this installation every night, and its idempotent install.

Cron starts jobs with an almost empty environment and ``/`` or ``$HOME`` as working
directory, so the line spells out everything: it ``cd``s to the project folder (where
``briefing.toml`` and relative paths live), sets ``PATH`` to the one of the shell that
scheduled it (plus ``PYTHONPATH`` when running from a source checkout that is not
installed), and runs the exact interpreter that is running now (``sys.executable -m
briefing``: the same virtualenv and package, with no dependence on a ``briefing`` script
being on cron's PATH). It runs ``--quiet`` with a ``--log-file``: the full log goes to the
file and cron mails only warnings and errors.

Each line ends with a marker naming the project folder, so ``--install`` replaces that
project's previous line (a new time) instead of adding a second one, and leaves every
other line of the user's crontab alone.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import briefing
from briefing.config import Config
from briefing.errors import ConfigError

MARKER = "# briefing nightly:"
_AT = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class CronEntry:
    line: str  # the crontab line, marker included
    log_file: Path
    project_dir: Path


def parse_at(at: str) -> tuple[int, int]:
    """``"02:30"`` -> (2, 30); ConfigError for anything that is not a 24-hour HH:MM."""
    match = _AT.match(at.strip())
    if not match:
        raise ConfigError(f"--at {at!r}: expected a 24-hour time like 02:30")
    return int(match.group(1)), int(match.group(2))


def cron_entry(
    cfg: Config,
    at: str,
    *,
    cwd: Path | None = None,
    email: bool = False,
    log_file: Path | None = None,
) -> CronEntry:
    """The crontab line for ``briefing build`` (``--email`` when asked) at ``at`` daily."""
    hour, minute = parse_at(at)
    project = (cfg.path.parent if cfg.path else (cwd or Path.cwd())).resolve()
    output = cfg.resolve(cfg.build.output) or Path(cfg.build.output)
    if not output.is_absolute():
        output = project / output
    log_path = (log_file or output / "briefing.log").resolve()
    argv = [sys.executable, "-m", "briefing", "build"]
    if cfg.path:
        argv += ["--config", str(cfg.path.resolve())]
    if email:
        argv.append("--email")
    argv += ["--quiet", "--log-file", str(log_path)]
    env = {"PATH": os.environ.get("PATH") or "/usr/local/bin:/usr/bin:/bin"}
    package_root = Path(briefing.__file__).resolve().parent.parent
    if package_root.name not in ("site-packages", "dist-packages"):
        env["PYTHONPATH"] = str(package_root)  # running from a checkout, not installed
    command = (
        f"cd {shlex.quote(str(project))} && "
        + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        + " "
        + " ".join(shlex.quote(a) for a in argv)
    )
    # In a crontab an unescaped % ends the command and starts its standard input.
    command = command.replace("%", "\\%")
    line = f"{minute} {hour} * * * {command} {MARKER} {project}"
    return CronEntry(line=line, log_file=log_path, project_dir=project)


def install(entry: CronEntry, *, crontab: str = "crontab") -> str:
    """Put ``entry`` in the user's crontab once. Returns ``"unchanged"``, ``"updated"``
    (this project's line had another time or command) or ``"added"``."""
    current = _read_crontab(crontab)
    marker = f"{MARKER} {entry.project_dir}"
    lines = current.splitlines()
    ours = [ln for ln in lines if ln.rstrip().endswith(marker)]
    if ours == [entry.line]:
        return "unchanged"
    kept = [ln for ln in lines if not ln.rstrip().endswith(marker)]
    _write_crontab(crontab, "\n".join([*kept, entry.line]) + "\n")
    return "updated" if ours else "added"


def _read_crontab(crontab: str) -> str:
    try:
        done = subprocess.run([crontab, "-l"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        raise ConfigError(
            f"{crontab!r} not found: install cron (Debian/Ubuntu: "
            "apt-get install cron) or add the printed line by hand"
        ) from None
    if done.returncode == 0:
        return done.stdout
    if "no crontab" in done.stderr.lower():
        return ""
    raise ConfigError(f"crontab -l failed: {done.stderr.strip() or done.returncode}")


def _write_crontab(crontab: str, text: str) -> None:
    done = subprocess.run([crontab, "-"], input=text, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise ConfigError(f"crontab - failed: {done.stderr.strip() or done.returncode}")
