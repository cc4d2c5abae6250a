"""``briefing templates init`` and ``briefing templates list``: customise the briefing look."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import EXIT_USAGE, die

templates_app = typer.Typer(
    help=(
        "Copy and inspect the briefing templates (Jinja2 + CSS).\n\n"
        "Example: briefing templates init mytemplates/ && briefing build --templates mytemplates/"
    ),
    no_args_is_help=True,
)
app.add_typer(templates_app, name="templates")


@templates_app.command("init")
def init(
    directory: Path = typer.Argument(..., metavar="DIR", help="Folder to copy the defaults into."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Copy the default templates, CSS and labels into DIR to edit.

    Keep only the files you change: anything missing falls back to the defaults. To
    change one part, override one block in briefing.html (see the comment in base.html),
    or restyle with a single extra.css.

    Example:  briefing templates init mytemplates/
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
        None, "--templates", "-t", help="Your templates folder (default: build.templates)."
    ),
    config: Path = typer.Option(
        None, "--config", "-c", help="Config file. Default: ./briefing.toml when present."
    ),
) -> None:
    """Show each template file a build uses and where it comes from (user or default).

    Example:  briefing templates list --templates mytemplates/
    """
    from briefing.config import load_config
    from briefing.errors import BriefingError
    from briefing.render.loader import list_templates

    try:
        rows = list_templates(load_config(config), templates)
    except BriefingError as exc:
        raise die(str(exc), EXIT_USAGE) from None
    width = max(len(name) for name, _, _ in rows)
    for name, origin, path in rows:
        typer.echo(f"{name:<{width}}  {origin:<8}  {path}")
