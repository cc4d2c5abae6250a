"""One Meeting -> one self-contained HTML briefing (CSS inline, charts inline SVG)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.config import Config
from briefing.errors import TemplateError
from briefing.model import Meeting
from briefing.render.context import build_context
from briefing.render.labels import load_labels
from briefing.render.loader import MAIN_TEMPLATE, make_environment, read_asset, search_path
from briefing.render.loader import template_error as _template_error

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

CSS_FILES = ("briefing.css", "extra.css")  # extra.css: the one-file restyle hook


def load_css(dirs: list[tuple[str, Path]]) -> str:
    """The stylesheets to inline. They are inserted verbatim into <style>, so a closing
    tag inside them is refused rather than allowed to end the element."""
    parts = [css for name in CSS_FILES if (css := read_asset(dirs, name)) is not None]
    css = "\n".join(parts)
    if re.search(r"</style", css, re.I):
        raise TemplateError("stylesheet contains '</style'; remove it")
    return css


@functools.lru_cache(maxsize=8)
def _environment(dirs: tuple[tuple[str, Path], ...]) -> jinja2.Environment:
    """One Jinja2 environment per template search path and process, so templates are
    compiled once per worker rather than once per briefing (Jinja2 still reloads a file
    whose modification time changed)."""
    return make_environment(list(dirs))


def render_html(
    meeting: Meeting,
    *,
    config: Config,
    templates_dir: Path | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """Render ``briefing.html`` for one meeting.

    ``extra`` may carry ``previous_meetings`` (list of dicts: id, date, place,
    participants, href) and ``history_charts`` (name -> SVG from ``briefing.render.charts``);
    the "Previous meetings" section appears only when they are given.
    Raises TemplateError (file and line) for a broken or misspelt template.
    """
    from markupsafe import Markup

    dirs = search_path(config, templates_dir)
    context = build_context(meeting, config=config, labels=load_labels(dirs), extra=extra)
    context["css"] = Markup(load_css(dirs))
    env = _environment(tuple(dirs))
    try:
        return env.get_template(MAIN_TEMPLATE).render(context)
    except MemoryError:
        raise  # the worker pool's memory limit, not a template mistake: it reports it so
    except Exception as exc:  # anything raised while rendering is the template's doing
        raise _template_error(exc, dirs) from None
