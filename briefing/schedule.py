"""The crontab line that runs this installation every night, its idempotent install and
its removal.

Cron starts jobs with an almost empty environment and ``/`` or ``$HOME`` as working
directory, so the line spells out everything: it ``cd``s to the project folder (where
``briefing.toml`` and relative paths live), sets a minimal ``PATH`` (this installation's
bin folder, then ``/usr/local/bin:/usr/bin:/bin``: not the interactive shell's, whose
duplicates, version-manager shims and user folders would make the nightly run depend on
who scheduled it) and no ``PYTHONPATH``, and runs the exact interpreter that is running
now (``sys.executable -m briefing``: the same virtualenv and package, with no dependence
on a ``briefing`` script being on cron's PATH). It runs ``--quiet`` with a
``--log-file``: the full log goes to the file and cron mails only warnings and errors.

Each line ends with a marker naming the project folder, so ``--install`` replaces that
project's previous line (a new time) instead of adding a second one, ``--remove`` takes
it out, and every other line of the user's crontab is left alone.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from briefing.config import Config
from briefing.errors import ConfigError

MARKER = "# briefing nightly:"
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
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
    project = project_dir(cfg, cwd)
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
    command = f"cd {shlex.quote(str(project))} && PATH={shlex.quote(cron_path())} " + " ".join(
        shlex.quote(a) for a in argv
    )
    # In a crontab an unescaped % ends the command and starts its standard input.
    command = command.replace("%", "\\%")
    line = f"{minute} {hour} * * * {command} {MARKER} {project}"
    return CronEntry(line=line, log_file=log_path, project_dir=project)


def cron_path() -> str:
    """This installation's bin folders (of the interpreter, and of the ``briefing``
    script), then the system's; each once, and no version-manager shims."""
    folders = [str(Path(sys.executable).parent), sysconfig.get_path("scripts"), *SYSTEM_PATH]
    kept: list[str] = []
    for folder in folders:
        if folder and folder not in kept and "shims" not in Path(folder).parts:
            kept.append(folder)
    return ":".join(kept)


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


def remove(project_dir: Path, *, crontab: str = "crontab") -> str:
    """Take this project's line out of the user's crontab. Returns ``"removed"``, or
    ``"absent"`` when there was none (nothing is written then)."""
    marker = f"{MARKER} {Path(project_dir).resolve()}"
    lines = _read_crontab(crontab).splitlines()
    kept = [ln for ln in lines if not ln.rstrip().endswith(marker)]
    if len(kept) == len(lines):
        return "absent"
    _write_crontab(crontab, "".join(f"{ln}\n" for ln in kept))
    return "removed"


def project_dir(cfg: Config, cwd: Path | None = None) -> Path:
    """The folder a nightly run starts in: the config file's, else the current one."""
    return (cfg.path.parent if cfg.path else (cwd or Path.cwd())).resolve()


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
