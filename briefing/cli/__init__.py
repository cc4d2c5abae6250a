"""The ``briefing`` command: a thin typer app over the library.

Each command family lives in its own module and registers itself on ``app``; commands
import the library inside their function bodies so ``briefing --help`` stays fast.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="briefing",
    help=(
        "Briefing notes (PDF and HTML) on bilateral meetings, extracted from news reports.\n\n"
        "Example: briefing build examples/ --out output/"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules register themselves on ``app`` when imported.
COMMAND_MODULES = ("build", "extract", "archive", "templates", "send", "schedule", "eval")


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"briefing.cli.{name}")


def main() -> None:
    """Console-script entry point."""
    app()


_register()
