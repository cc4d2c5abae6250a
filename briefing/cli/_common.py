"""Helpers shared by the command modules: exit codes and one-line error output."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

import typer

EXIT_OK = 0
EXIT_PARTIAL = 1  # some inputs or briefings failed; the rest were built
EXIT_USAGE = 2  # usage or configuration error
EXIT_LOCKED = 3  # another run holds the lock


def error_line(message: str) -> None:
    """One line on stderr, prefixed so cron mail and logs are greppable."""
    one_line = " ".join(str(message).split())
    typer.echo(f"error: {one_line}", err=True)


def die(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print an error line and return the Exit to raise."""
    error_line(message)
    sys.stderr.flush()
    return typer.Exit(code)


@contextlib.contextmanager
def library_errors() -> Iterator[None]:
    """Turn the library's typed errors into one error line and the documented exit code:
    configuration 2, lock held 3, anything else the library refused 1."""
    from briefing.errors import BriefingError, ConfigError, LockedError

    try:
        yield
    except ConfigError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    except LockedError as exc:
        raise die(str(exc), EXIT_LOCKED) from None
    except BriefingError as exc:
        raise die(str(exc), EXIT_PARTIAL) from None
