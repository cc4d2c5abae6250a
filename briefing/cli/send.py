"""``briefing send``: mail the briefings built since the last send (the outbox)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    config_option,
    die,
    error_line,
    existing_archive,
    library_errors,
    load,
    out_option,
)

if TYPE_CHECKING:  # pragma: no cover
    from briefing.deliver.email import SendReport


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary(report: SendReport, *, eml: bool, dry_run: bool) -> str:
    """``2 emails sent, 1 maybe delivered, 1 refused, 1 queued``."""
    if dry_run:
        n = sum(1 for p in report.planned if p["key"])
        return f"{_plural(n, 'email')} would be sent; nothing was sent or marked"
    if eml:
        marked = f", {len(report.sent)} marked sent" if report.sent else ", none marked sent"
        return f"{_plural(len(report.written), 'email')} written{marked}"
    parts = [f"{_plural(len(report.sent), 'email')} sent"]
    if report.maybe:
        parts.append(f"{len(report.maybe)} maybe delivered")
    if report.refused:
        parts.append(f"{len(report.refused)} refused")
    parts.append(f"{len(report.failed)} queued")
    return ", ".join(parts)


def backlog_note(report: SendReport) -> str | None:
    """What to do about briefings built before ``[email]`` was set, if there are any."""
    n = len(report.unqueued)
    if not n:
        return None
    return (
        f"{_plural(n, 'briefing')} built before [email] was set {'is' if n == 1 else 'are'} "
        "not queued: `briefing send --backlog` queues and sends "
        f"{'it' if n == 1 else 'them'} (--dry-run lists {'it' if n == 1 else 'them'})"
    )


@app.command()
def send(
    eml: Path = typer.Option(
        None, "--eml", metavar="DIR", help="Write .eml files to DIR instead of sending."
    ),
    mark_sent: bool = typer.Option(
        False, "--mark-sent", help="With --eml: count the written files as sent."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", "-n", help="List what would be sent; send, queue and mark nothing."
    ),
    resend: list[str] = typer.Option(
        None,
        "--resend",
        metavar="ID",
        help="Mail this meeting's briefing again, on purpose (repeat for several).",
    ),
    include_backlog: bool = typer.Option(
        False, "--backlog", help="Also queue briefings built before [email] was set."
    ),
    out: Path = out_option("Output folder of the builds"),
    config: Path = config_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors."),
    log_file: Path = typer.Option(None, "--log-file", metavar="FILE", help="Also log to FILE."),
    log_format: str = typer.Option("text", "--log-format", metavar="FORMAT", help="text or json."),
) -> None:
    """Send the queued briefing emails; failed ones stay queued.

    A message the server could not take now is tried again by the next send or build
    --email; one it refused for good (5xx) is reported once and not retried; one it may
    have taken without answering in time is not sent again by itself (--resend ID sends
    it again under the same Message-ID). A briefing is mailed once per state of its
    facts: a rebuild that changes only its look sends nothing; a change of facts is
    mailed as an update, in the same thread. SMTP settings come from the email section
    of briefing.toml; the password from the environment variable named by
    email.password_env. Exit code 1 when a message was refused or stays queued.

    \b
    Examples:
      briefing send
      briefing send --dry-run
      briefing send --eml outbox/ --out /tmp/x
      briefing send --resend 2025-04-23-aze-chn
    """
    from briefing.deliver.email import check_email_config, send_queued
    from briefing.log import setup_logging

    if mark_sent and eml is None:
        raise die("--mark-sent goes with --eml DIR", EXIT_USAGE)
    with library_errors():
        cfg = load(config, out)
        check_email_config(cfg.email, smtp=eml is None)
        existing_archive(cfg)  # sending from a folder never built creates nothing
        setup_logging(quiet=quiet, log_file=log_file, log_format=log_format)
        report = send_queued(
            cfg,
            eml_dir=eml,
            mark_sent=mark_sent,
            dry_run=dry_run,
            resend=tuple(resend or ()),
            include_backlog=include_backlog,
        )
    for err in report.errors():
        error_line(str(err))
    for plan in report.planned:
        line = f"{plan['what']}: {plan['subject']}"
        if plan.get("key"):
            line += f" [{plan['key']}] to {', '.join(plan['to']) or 'Bcc only'}"
            line += "".join(f"; {name} ({size:,} bytes)" for name, size in plan["attachments"])
            if plan.get("reply_to"):
                line += f"; in reply to {plan['reply_to']}"
        typer.echo(line)
    note = backlog_note(report)
    if note:
        typer.echo(f"note: {note}", err=True)
    if not quiet:
        typer.echo(summary(report, eml=eml is not None, dry_run=dry_run))
    raise typer.Exit(EXIT_OK if report.ok else EXIT_PARTIAL)
