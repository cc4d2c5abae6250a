"""``briefing schema``: the JSON Schema every meeting of ``extract --json`` follows."""

from __future__ import annotations

import typer

from briefing.cli import app


@app.command()
def schema() -> None:
    """Print the JSON Schema of a meeting record.

    Every meeting that extract --json prints follows it.
    The schema ships inside the package (briefing/spec/meeting.schema.json).

    \b
    Example:
      briefing schema > meeting.schema.json
    """
    from briefing.spec import schema_text

    typer.echo(schema_text(), nl=False)
