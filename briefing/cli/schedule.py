"""``briefing schedule``: the crontab line for a nightly build, optionally installed."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_USAGE, config_option, die, library_errors, load


@app.command()
def schedule(
    at: str = typer.Option(
        "02:30", "--at", metavar="HH:MM", help="Time of day, 24-hour HH:MM (local time)."
    ),
    install: bool = typer.Option(
        False,
        "--install",
        help="Add the line to your crontab (once; replaces this project's earlier line).",
    ),
    remove: bool = typer.Option(
        False, "--remove", help="Take this project's line out of your crontab."
    ),
    email: bool = typer.Option(
        None,
        "--email/--no-email",
        help="Mail the new briefings after the build. Default: when email.host is set.",
    ),
    log_file: Path = typer.Option(
        None,
        "--log-file",
        metavar="FILE",
        help="Log file of the nightly runs. Default: <output>/briefing.log.",
    ),
    config: Path = config_option(),
) -> None:
    """Print the crontab line that runs `briefing build` every night.

    The line uses absolute paths (this Python, the project folder, the config, the log
    file) and sets a minimal PATH (this installation's bin folder and the system's),
    because cron runs jobs with an almost empty environment.

    \b
    Examples:
      briefing schedule --at 02:30 --install
      briefing schedule --remove
    """
    from briefing import schedule as cron

    if install and remove:
        raise die("choose one of --install and --remove", EXIT_USAGE)
    with library_errors():
        cfg = load(config)
        if remove:
            where = cron.project_dir(cfg)
            outcome = cron.remove(where)
            typer.echo(
                f"crontab line of {where} removed"
                if outcome == "removed"
                else f"no crontab line of {where}; nothing removed"
            )
            return
        with_email = bool(cfg.email.host) if email is None else email
        entry = cron.cron_entry(cfg, at, email=with_email, log_file=log_file)
        if not install:
            typer.echo(entry.line)
            return
        outcome = cron.install(entry)
    typer.echo(f"crontab {outcome}: {entry.line}")
    typer.echo(f"log file: {entry.log_file}")
