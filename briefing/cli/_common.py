"""Helpers shared by the command modules: exit codes, one-line errors, the options every
command spells the same way (``--out``/``--db``, ``--config``)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:  # pragma: no cover
    from briefing.config import Config

EXIT_OK = 0
EXIT_PARTIAL = 1  # some inputs or briefings failed; the rest were built
EXIT_USAGE = 2  # usage or configuration error
EXIT_LOCKED = 3  # another run holds the lock
EXIT_NOTHING = 4  # build: something failed and not one briefing was built or up to date

#: Names that make ``--out``/``--db`` the archive file rather than its folder.
ARCHIVE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


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
def library_errors(failed: int = EXIT_PARTIAL) -> Iterator[None]:
    """Turn the library's typed errors into one error line and the documented exit code:
    configuration 2, lock held 3, anything else the library refused ``failed`` (1; for
    ``build``, whose run it stopped before any briefing, 4)."""
    from briefing.errors import BriefingError, ConfigError, LockedError

    try:
        yield
    except ConfigError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    except LockedError as exc:
        raise die(str(exc), EXIT_LOCKED) from None
    except BriefingError as exc:
        raise die(str(exc), failed) from None


def out_option(what: str = "Output folder") -> Any:
    """``--out DIR`` (``-o``, or ``--db``): the same option on every command that uses the
    archive, so what ``build --out X`` wrote, ``meetings --out X`` reads."""
    return typer.Option(
        None,
        "--out",
        "-o",
        "--db",
        metavar="DIR",
        help=f"{what}: holds the briefings and the archive briefing.sqlite (or give the "
        "archive file itself). Default: build.output of the config, else output/.",
    )


def argument(default: Any, metavar: str) -> Any:
    """A positional argument, described in the command's text (as click tools do) rather
    than in a list of its own that would print its Python type."""
    return typer.Argument(default, metavar=metavar, hidden=True, show_default=False)


def config_option() -> Any:
    return typer.Option(
        None,
        "--config",
        "-c",
        metavar="FILE",
        help="Config file. Default: ./briefing.toml when present.",
    )


def load(config: Path | None, out: Path | None = None) -> Config:
    """The checked config, with ``--out`` applied: a folder becomes ``build.output``, an
    archive file (``*.sqlite``, ``*.sqlite3``, ``*.db``) becomes ``build.db`` and its
    folder ``build.output``. Paths are made absolute, since config paths are relative
    to the config file."""
    from briefing.config import load_config
    from briefing.errors import ConfigError

    cfg = load_config(config)
    if out is not None:
        out = out.expanduser().absolute()
        if out.suffix.lower() in ARCHIVE_SUFFIXES:
            cfg.build.output, cfg.build.db = str(out.parent), str(out)
        elif out.exists() and not out.is_dir():
            raise ConfigError(
                f"--out {out}: is a file; give the output folder, or the archive "
                f"({', '.join('*' + s for s in ARCHIVE_SUFFIXES)})"
            )
        else:
            cfg.build.output = str(out)
    return cfg


def existing_archive(cfg: Config) -> Path:
    """The archive a reading command uses; ArchiveError (exit 1) when there is none yet,
    so reading never creates an empty archive or an output folder."""
    from briefing.archive import default_db_path
    from briefing.errors import ArchiveError

    path = default_db_path(cfg)
    if not path.is_file():
        raise ArchiveError(
            f"{path}: no archive here; run `briefing build --out {path.parent}` first, "
            "or pass the folder of your builds with --out"
        )
    return path
