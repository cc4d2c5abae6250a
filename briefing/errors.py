"""Typed errors raised by the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class BriefingError(Exception):
    """Base class: every error the library raises on purpose."""


class InputError(BriefingError):
    """A report could not be read. Carries the offending path so the CLI can name it."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


class ConfigError(BriefingError):
    """The configuration file or a command-line option is unusable."""


class TemplateError(BriefingError):
    """A (user) template failed to load or render; names the template file and line."""


class TaskError(BriefingError):
    """A task on the worker pool failed: it raised, ran past its time or memory limit, or
    its worker died. ``key`` names the task (a meeting id, or an extraction batch) and
    ``reason`` says why; the message is ``"<key>: <reason>"``, so the culprit is named."""

    def __init__(self, message: str, *, key: str | None = None, reason: str | None = None):
        self.key = key
        self.reason = reason if reason is not None else message
        super().__init__(message)


class RenderError(TaskError):
    """Rendering one briefing failed: WeasyPrint refused it, or its task failed on the
    worker pool (``briefing.tasks.render_many`` reports those as RenderErrors). ``key``
    and ``reason`` let one broken template failing every briefing be reported once, with
    the briefings it failed."""


class DeliveryError(BriefingError):
    """Writing outputs or sending email failed."""


class ArchiveError(BriefingError):
    """The SQLite archive is unreadable or corrupt."""


class LockedError(BriefingError):
    """Another run holds the lock."""
