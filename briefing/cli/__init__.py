"""The ``briefing`` command: a thin typer app over the library.

Each command family lives in its own module and registers itself on ``app``; commands
import the library inside their function bodies so ``briefing --help`` stays fast.

The command line follows the conventions of click tools such as sqlite-utils and
datasette: ``-h``/``--help`` on every command, ``--version``, plain help text that
wraps to the terminal (no rich panels or type badges), one ``--out`` for the folder
holding the archive.
"""

from __future__ import annotations

import typer

#: Help as click prints it (what sqlite-utils and datasette users know), ``-h`` as well.
HELP_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

app = typer.Typer(
    name="briefing",
    help=(
        "Briefing notes (PDF and HTML) on bilateral meetings, extracted from news reports."
        "\n\n\b\nExample:\n  briefing build examples/ --out output/"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=HELP_SETTINGS,
)

# Command modules register themselves on ``app`` when imported.
COMMAND_MODULES = (
    "build",
    "extract",
    "schema",
    "archive",
    "show",
    "templates",
    "send",
    "schedule",
    "eval",
)


def _version(value: bool) -> None:
    if value:
        from briefing import __version__

        typer.echo(f"briefing, version {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Options before the command name apply to the whole program."""


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"briefing.cli.{name}")


def main() -> None:
    """Console-script entry point."""
    app()


_register()
