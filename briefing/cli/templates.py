"""``briefing templates init`` and ``briefing templates list``: customise the briefing look."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_USAGE, argument, config_option, die, load

templates_app = typer.Typer(
    help=(
        "Copy and inspect the briefing templates (Jinja2 + CSS).\n\n\b\nExamples:\n"
        "  briefing templates init mytemplates/\n"
        "  briefing build --templates mytemplates/"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")


@templates_app.command("init")
def init(
    directory: Path = argument(..., "DIR"),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Copy the default templates, CSS and labels into DIR to edit.

    Keep only the files you change: anything missing falls back to the defaults. To
    change one part, override one block in briefing.html (see the comment in base.html),
    or restyle with a single extra.css.

    \b
    Example:
      briefing templates init mytemplates/
    """
    from briefing.errors import BriefingError
    from briefing.render.loader import copy_defaults

    try:
        written = copy_defaults(directory, force=force)
    except BriefingError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    for path in written:
        typer.echo(str(path))
    typer.echo(f"{len(written)} files copied; build with: briefing build --templates {directory}")


@templates_app.command("list")
def list_(
    templates: Path = typer.Option(
        None,
        "--templates",
        "-t",
        metavar="DIR",
        help="Your templates folder. Default: build.templates of the config.",
    ),
    config: Path = config_option(),
) -> None:
    """Show each template file a build uses and where it comes from (user or default).

    \b
    Example:
      briefing templates list --templates mytemplates/
    """
    from briefing.errors import BriefingError
    from briefing.render.loader import list_templates

    try:
        rows = list_templates(load(config), templates)
    except BriefingError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    width = max(len(name) for name, _, _ in rows)
    for name, origin, path in rows:
        typer.echo(f"{name:<{width}}  {origin:<8}  {path}")
