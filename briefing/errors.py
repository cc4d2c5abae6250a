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


class RenderError(BriefingError):
    """Rendering one briefing failed (timeout, memory limit, WeasyPrint error). ``key``
    names the briefing and ``reason`` says why, so one broken template failing every
    briefing can be reported once, with the briefings it failed."""

    def __init__(self, message: str, *, key: str | None = None, reason: str | None = None):
        self.key = key
        self.reason = reason if reason is not None else message
        super().__init__(message)


class DeliveryError(BriefingError):
    """Writing outputs or sending email failed."""


class ArchiveError(BriefingError):
    """The SQLite archive is unreadable or corrupt."""


class LockedError(BriefingError):
    """Another run holds the lock."""
