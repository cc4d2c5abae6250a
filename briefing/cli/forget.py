"""``briefing forget``: remove articles from the archive and from every briefing."""

from __future__ import annotations

from pathlib import Path

import typer

from briefing.cli import app
from briefing.cli._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    argument,
    config_option,
    error_line,
    existing_archive,
    library_errors,
    load,
    out_option,
)


@app.command()
def forget(
    refs: list[str] = argument(..., "ARTICLE"),
    out: Path = out_option("Output folder of the builds"),
    config: Path = config_option(),
) -> None:
    """Remove articles from the archive, and their facts from every briefing.

    Each ARTICLE is an article id (as `briefing extract --json` and `briefing show
    --json` list them), a URL or a path. The article goes with its revisions and facts;
    the meetings it was part of are merged again from their other reports (their ids stay)
    and the next build renders them again; a meeting left with no report goes, with its
    files. Later builds skip the article if they read it again. Exit code 1 when an
    ARTICLE names nothing in the archive.

    \b
    Examples:
      briefing forget https://example.org/news/2025/04/23/visit.html
      briefing forget reports/wrong.txt --out output/
      briefing build
    """
    from briefing.forget import forget as run_forget

    with library_errors():
        cfg = load(config, out)
        result = run_forget(existing_archive(cfg), refs, out_dir=cfg.resolve(cfg.build.output))
    for err in result.unknown:
        error_line(str(err))
    for a in result.articles:
        typer.echo(f"forgot {a['id']} ({a['path_or_url'] or a['title'] or 'no source'})")
    if result.remerged:
        typer.echo(f"merged again: {', '.join(result.remerged)} (the next build renders them)")
    if result.removed:
        typer.echo(f"removed: {', '.join(result.removed)} ({len(result.files)} files deleted)")
    raise typer.Exit(EXIT_PARTIAL if result.unknown else EXIT_OK)
