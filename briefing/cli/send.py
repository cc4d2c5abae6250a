"""``briefing send``: mail the briefings built since the last send (the outbox)."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    config_option,
    existing_archive,
    library_errors,
    load,
    out_option,
)


@app.command()
def send(
    eml: Path = typer.Option(
        None, "--eml", metavar="DIR", help="Write .eml files to DIR instead of sending."
    ),
    out: Path = out_option("Output folder of the builds"),
    config: Path = config_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors."),
    log_file: Path = typer.Option(None, "--log-file", metavar="FILE", help="Also log to FILE."),
    log_format: str = typer.Option("text", "--log-format", metavar="FORMAT", help="text or json."),
) -> None:
    """Send the queued briefing emails; failed ones stay queued.

    A message that could not be sent is tried again by the next send or build --email.
    SMTP settings come from the email section of briefing.toml; the password from the
    environment variable named by email.password_env. Exit code 1 when a message could
    not be sent.

    \b
    Examples:
      briefing send
      briefing send --eml outbox/ --out /tmp/x
    """
    from briefing.deliver.email import check_email_config, send_queued
    from briefing.log import setup_logging

    with library_errors():
        cfg = load(config, out)
        check_email_config(cfg.email, smtp=eml is None)
        existing_archive(cfg)  # sending from a folder never built creates nothing
        setup_logging(quiet=quiet, log_file=log_file, log_format=log_format)
        report = send_queued(cfg, eml_dir=eml)
    done = len(report.written) if eml is not None else len(report.sent)
    verb = "written" if eml is not None else "sent"
    if not quiet:
        typer.echo(f"{done} email{'s' if done != 1 else ''} {verb}, {len(report.failed)} queued")
    raise typer.Exit(EXIT_OK if report.ok else EXIT_PARTIAL)
