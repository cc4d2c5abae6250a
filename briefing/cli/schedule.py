"""``briefing schedule``: the crontab line for a nightly build, optionally installed."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_USAGE, die


@app.command()
def schedule(
    at: str = typer.Option("02:30", "--at", help="Time of day, 24-hour HH:MM (local time)."),
    install: bool = typer.Option(
        False,
        "--install",
        help="Add the line to your crontab (once; replaces this project's earlier line).",
    ),
    email: bool = typer.Option(
        None,
        "--email/--no-email",
        help="Mail the new briefings after the build. Default: when email.host is configured.",
    ),
    log_file: Path = typer.Option(
        None, "--log-file", help="Log file of the nightly runs. Default: <output>/briefing.log."
    ),
    config: Path = typer.Option(
        None, "--config", "-c", help="Config file. Default: ./briefing.toml when present."
    ),
) -> None:
    """Print the crontab line that runs `briefing build` every night.

    The line uses absolute paths (this Python, the project folder, the config, the log
    file) and sets PATH, because cron runs jobs with an almost empty environment.

    Example:  briefing schedule --at 02:30 --install
    """
    from briefing.config import load_config
    from briefing.errors import ConfigError
    from briefing.schedule import cron_entry
    from briefing.schedule import install as install_entry

    try:
        cfg = load_config(config)
        with_email = bool(cfg.email.host) if email is None else email
        entry = cron_entry(cfg, at, email=with_email, log_file=log_file)
        if not install:
            typer.echo(entry.line)
            return
        outcome = install_entry(entry)
    except ConfigError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    typer.echo(f"crontab {outcome}: {entry.line}")
    typer.echo(f"log file: {entry.log_file}")
