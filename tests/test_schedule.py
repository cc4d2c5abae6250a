"""``briefing schedule``: the crontab line, and its idempotent install with the real
``crontab`` binary (Debian package ``cron``). The user's crontab is restored afterwards."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.schedule import MARKER, SYSTEM_PATH, cron_entry, cron_path, install, parse_at, remove


@pytest.fixture
def project(tmp_path):
    (tmp_path / "briefing.toml").write_text('[build]\noutput = "out"\n')
    return tmp_path


def test_line_has_time_absolute_paths_environment_and_log_file(project):
    entry = cron_entry(load_config(project / "briefing.toml"), "02:30", email=True)
    line = entry.line
    assert line.startswith("30 2 * * * ")
    assert f"cd {project.resolve()} && PATH=" in line
    assert f"{sys.executable} -m briefing build" in line
    assert f"--config {project.resolve() / 'briefing.toml'}" in line
    assert "--email --quiet" in line
    assert entry.log_file == project.resolve() / "out" / "briefing.log"
    assert f"--log-file {entry.log_file}" in line
    assert line.endswith(f"{MARKER} {project.resolve()}")


def test_path_is_minimal_and_there_is_no_pythonpath(project, monkeypatch):
    """Whatever the interactive shell had: duplicates, pyenv shims, a PYTHONPATH."""
    monkeypatch.setenv(
        "PATH", "/root/.pyenv/shims:/usr/bin:/usr/bin:/home/me/bin:/root/.pyenv/shims:/bin"
    )
    monkeypatch.setenv("PYTHONPATH", "/home/me/src")
    line = cron_entry(load_config(project / "briefing.toml"), "02:30").line
    path = cron_path()
    folders = path.split(":")
    assert folders[0] == str(Path(sys.executable).parent)
    assert folders[-3:] == list(SYSTEM_PATH)
    assert len(folders) == len(set(folders)) and "shims" not in path and "/home/me" not in path
    assert f" && PATH={path} {sys.executable} -m briefing build" in line
    assert "PYTHONPATH" not in line


def test_line_runs_under_a_shell(project):
    """The command part, run by /bin/sh as cron would, reaches the installed CLI."""
    entry = cron_entry(load_config(project / "briefing.toml"), "02:30")
    command = entry.line.split(" ", 5)[5].rsplit(MARKER, 1)[0]
    command = command.replace("build --config", "--help #")  # prove the path, not a build
    done = subprocess.run(
        ["/bin/sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
        cwd="/",
    )
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout


def test_percent_signs_are_escaped_for_cron(tmp_path):
    odd = tmp_path / "50% done"
    odd.mkdir()
    (odd / "briefing.toml").write_text("")
    line = cron_entry(load_config(odd / "briefing.toml"), "23:05").line
    assert line.startswith("5 23 * * * ")
    assert "50\\% done" in line and shlex.quote(str(odd.resolve())).replace("%", "\\%") in line


@pytest.mark.parametrize("bad", ["24:00", "2:3", "noon", "02:60", ""])
def test_bad_times_are_config_errors(bad):
    with pytest.raises(ConfigError, match="24-hour"):
        parse_at(bad)


@pytest.fixture
def crontab():
    """The real crontab of this user, saved and restored around the test."""
    binary = shutil.which("crontab")
    if binary is None:
        pytest.fail("the `crontab` binary is missing: apt-get install cron")
    saved = subprocess.run([binary, "-l"], capture_output=True, text=True)
    subprocess.run(
        [binary, "-"],
        input="# kept: someone else's job\n0 5 * * 1 /bin/true\n",
        text=True,
        check=True,
    )
    yield binary
    if saved.returncode == 0:
        subprocess.run([binary, "-"], input=saved.stdout, text=True, check=True)
    else:
        subprocess.run([binary, "-r"], capture_output=True)


def current(binary: str) -> list[str]:
    return subprocess.run(
        [binary, "-l"], capture_output=True, text=True, check=True
    ).stdout.splitlines()


def test_install_is_idempotent_and_keeps_other_jobs(crontab, project):
    cfg = load_config(project / "briefing.toml")
    entry = cron_entry(cfg, "02:30")
    assert install(entry) == "added"
    assert install(entry) == "unchanged"
    assert current(crontab).count(entry.line) == 1
    later = cron_entry(cfg, "03:45")
    assert install(later) == "updated"
    lines = current(crontab)
    assert later.line in lines and entry.line not in lines
    assert "0 5 * * 1 /bin/true" in lines and "# kept: someone else's job" in lines


def test_cli_prints_and_installs(crontab, project, monkeypatch):
    monkeypatch.chdir(project)
    runner = CliRunner()
    printed = runner.invoke(app, ["schedule", "--at", "02:30"])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout.strip().startswith("30 2 * * * cd ")
    assert not any(MARKER in ln for ln in current(crontab))
    for expected in ("added", "unchanged"):
        done = runner.invoke(app, ["schedule", "--at", "02:30", "--install"])
        assert done.exit_code == 0, done.output
        assert expected in done.stdout
    assert sum(MARKER in ln for ln in current(crontab)) == 1
    bad = runner.invoke(app, ["schedule", "--at", "25:99"])
    assert bad.exit_code == 2 and "24-hour" in bad.stderr


def test_remove_takes_out_only_this_projects_line(crontab, project, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "briefing.toml").write_text("")
    ours = cron_entry(load_config(project / "briefing.toml"), "02:30")
    theirs = cron_entry(load_config(other / "briefing.toml"), "04:00")
    install(ours)
    install(theirs)
    assert remove(project) == "removed"
    lines = current(crontab)
    assert ours.line not in lines and theirs.line in lines
    assert "0 5 * * 1 /bin/true" in lines and "# kept: someone else's job" in lines
    assert remove(project) == "absent"
    assert current(crontab) == lines


def test_cli_removes(crontab, project, monkeypatch):
    monkeypatch.chdir(project)
    runner = CliRunner()
    assert runner.invoke(app, ["schedule", "--install"]).exit_code == 0
    assert sum(MARKER in ln for ln in current(crontab)) == 1
    done = runner.invoke(app, ["schedule", "--remove"])
    assert done.exit_code == 0, done.output
    assert done.stdout == f"crontab line of {project.resolve()} removed\n"
    assert not any(MARKER in ln for ln in current(crontab))
    assert "0 5 * * 1 /bin/true" in current(crontab)
    again = runner.invoke(app, ["schedule", "--remove"])
    assert again.exit_code == 0 and "nothing removed" in again.stdout
    both = runner.invoke(app, ["schedule", "--install", "--remove"])
    assert both.exit_code == 2 and "choose one of --install and --remove" in both.stderr


def test_missing_crontab_binary_is_a_clear_error(project):
    entry = cron_entry(load_config(project / "briefing.toml"), "02:30")
    with pytest.raises(ConfigError, match="apt-get install cron"):
        install(entry, crontab=str(Path("/nonexistent/crontab")))
