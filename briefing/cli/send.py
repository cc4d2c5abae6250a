"""``briefing send``: mail the briefings built since the last send (the outbox)."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_OK, EXIT_PARTIAL, library_errors


@app.command()
def send(
    eml: Path = typer.Option(
        None, "--eml", help="Write .eml files to this folder instead of sending."
    ),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Output folder of the builds (holds the archive). "
        "Default: build.output of the config, else output/.",
    ),
    config: Path = typer.Option(
        None, "--config", "-c", help="Config file. Default: ./briefing.toml when present."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors."),
    log_file: Path = typer.Option(None, "--log-file", help="Also log to this file."),
    log_format: str = typer.Option("text", "--log-format", help="text or json."),
) -> None:
    """Send the queued briefing emails; failed ones stay queued for the next run.

    SMTP settings come from the email section of briefing.toml; the password from the environment
    variable named by email.password_env. Exit code 1 when a message could not be sent.

    Example:  briefing send --eml outbox/
    """
    from briefing.config import load_config
    from briefing.deliver.email import send_queued
    from briefing.log import setup_logging

    with library_errors():
        setup_logging(quiet=quiet, log_file=log_file, log_format=log_format)
        cfg = load_config(config)
        if out is not None:
            cfg.build.output = str(out.resolve())
        report = send_queued(cfg, eml_dir=eml)
    done = len(report.written) if eml is not None else len(report.sent)
    verb = "written" if eml is not None else "sent"
    if not quiet:
        typer.echo(f"{done} email{'s' if done != 1 else ''} {verb}, {len(report.failed)} queued")
    raise typer.Exit(EXIT_OK if report.ok else EXIT_PARTIAL)
