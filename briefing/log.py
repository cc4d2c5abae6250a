"""Logging for people and for cron: rich output on a terminal, plain lines otherwise.

On a terminal the user gets coloured log lines and a progress bar. Under cron (stderr not
a TTY) every line is ``2026-01-01T02:30:00Z INFO briefing.pipeline: ...`` with no escape
codes or bar redraws, so the mail cron sends stays readable; ``--log-format json`` gives
one JSON object per line for log collectors. ``--log-file`` adds a file that always gets
INFO and above, whatever ``--quiet`` says on the console.

Secrets registered with ``redact`` are replaced by ``***`` in every record, a second line
of defence behind the rule that passwords are never passed to a logger at all.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from briefing.errors import ConfigError

T = TypeVar("T")

LOGGER = "briefing"
#: Chatty third-party loggers: their warnings about odd markup are noise in cron mail.
QUIET_LIBRARIES = ("trafilatura", "htmldate", "courlan", "fontTools", "weasyprint", "matplotlib")
LOG_FORMATS = ("text", "json")

#: ``extra=`` for errors the library also returns to its caller: the CLI prints those as
#: ``error: ...`` lines, so the text console skips them (log files and JSON keep them).
REPORTED = {"reported": True}

_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
_secrets: set[str] = set()
_state: dict[str, Any] = {"interactive": False, "console": None}


class _Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            for secret in _secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


class _NotReported(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "reported", False)


class _PlainFormatter(logging.Formatter):
    """``2026-01-01T02:30:00Z LEVEL logger: message`` in UTC, whatever the host's zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        stamp = dt.datetime.fromtimestamp(record.created, dt.UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


class JsonFormatter(logging.Formatter):
    """One JSON object per record; ``extra={...}`` fields are kept as keys."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                doc[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the record (test runners and
    embedding applications swap it), never to a stream closed since setup."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def redact(secret: str | None) -> None:
    """Never let ``secret`` appear in a log line (applies to handlers set up here)."""
    if secret:
        _secrets.add(secret)


def setup_logging(
    *,
    quiet: bool = False,
    verbose: bool = False,
    log_file: str | Path | None = None,
    log_format: str = "text",
    stream: TextIO | None = None,
) -> None:
    """Configure the ``briefing`` logger for one CLI run (idempotent: replaces the
    handlers a previous call added)."""
    if log_format not in LOG_FORMATS:
        raise ConfigError(f"--log-format {log_format!r}: use {' or '.join(LOG_FORMATS)}")
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if getattr(h, "_briefing", False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.DEBUG)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.ERROR)

    interactive = log_format == "text" and _isatty(stream or sys.stderr)
    console_level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    if interactive:
        from rich.console import Console
        from rich.logging import RichHandler

        console = Console(file=stream or sys.stderr)
        console_handler: logging.Handler = RichHandler(
            console=console, show_path=False, log_time_format="%H:%M:%S"
        )
        _state["console"] = console
    else:
        console_handler = logging.StreamHandler(stream) if stream else _CurrentStderr()
        console_handler.setFormatter(_formatter(log_format))
        _state["console"] = None
    _state["interactive"] = interactive and not quiet
    if log_format == "text":
        console_handler.addFilter(_NotReported())
    _add(logger, console_handler, console_level)

    if log_file is not None:
        path = Path(log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(path, encoding="utf-8")
        file_handler.setFormatter(_formatter(log_format))
        _add(logger, file_handler, logging.DEBUG if verbose else logging.INFO)


def _add(logger: logging.Logger, handler: logging.Handler, level: int) -> None:
    handler.setLevel(level)
    handler.addFilter(_Redact())
    handler._briefing = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def _formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter()
    return _PlainFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def progress(
    items: Iterable[T],
    *,
    total: int | None = None,
    description: str = "working",
) -> Iterator[T]:
    """Yield ``items``, showing a rich progress bar on a terminal; elsewhere log a plain
    line at every tenth of the way (when ``total`` is known) and one at the end."""
    if _state["interactive"]:
        from rich.progress import Progress

        with Progress(console=_state["console"], transient=True) as bar:
            task = bar.add_task(description, total=total)
            for item in items:
                yield item
                bar.advance(task)
        return
    logger = logging.getLogger(f"{LOGGER}.progress")
    step = total // 10 if total else 0  # small batches: only the final line
    done = 0
    for item in items:
        yield item
        done += 1
        if step and done % step == 0 and done != total:
            logger.info("%s: %d/%d", description, done, total)
    if done:
        logger.info("%s: %d done", description, done)
