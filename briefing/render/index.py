"""``output/index.html``: every meeting of the archive, newest first, linking its briefings.

The page is one self-contained HTML file (inline CSS, no scripts, no remote assets) so it
can be opened from a file share or attached to a mail. It is rendered from the archive's
meeting summaries (``Archive.meetings()``), not from this run's meetings, so meetings
built by earlier runs stay listed. A user template folder may override ``index.html``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.config import Config
from briefing.render.fmt import Formatter, person
from briefing.serialize import newest_first

if TYPE_CHECKING:
    from briefing.archive import Archive

INDEX_TEMPLATE = "index.html"
_KINDS = {"phone_call": "phone call", "video_call": "video call"}  # "meeting" goes unsaid
_LINKS = {
    "pdf": (("PDF", "pdf"),),
    "html": (("HTML", "html"),),
    "both": (("PDF", "pdf"), ("HTML", "html")),
}


def _row(m: dict[str, Any], fmt: Formatter, formats: str) -> dict[str, Any]:
    return {
        "id": m["id"],
        "date": m.get("date"),
        "date_text": fmt.date(m.get("date")),
        "pair": fmt.pair(m.get("countries", [])),
        "place": fmt.place(m.get("place"), m.get("location_country")),
        "participants": [
            person(p["name"], p.get("title"), p.get("country")) for p in m.get("participants", [])
        ],
        "n_sources": m.get("n_sources", 0),
        "kind": _KINDS.get(m.get("meeting_type") or ""),
        "links": [(label, f"{m['id']}.{ext}") for label, ext in _LINKS.get(formats, ())],
    }


def render_index(meetings: list[dict[str, Any]], *, config: Config) -> str:
    """The index page for ``meetings`` (summaries as ``Archive.meetings()`` returns them),
    newest first with undated meetings last; links follow ``build.formats``."""
    from briefing.render.loader import make_environment, search_path, template_error

    fmt = Formatter(config.report.locale, config.report.timezone).check()
    rows = [_row(m, fmt, config.build.formats) for m in newest_first(meetings)]
    dirs = search_path(config)
    try:
        template = make_environment(dirs).get_template(INDEX_TEMPLATE)
        return template.render(
            report=config.report, meetings=rows, lang=config.report.locale.split("_")[0]
        )
    except Exception as exc:  # noqa: BLE001 - any Jinja2 failure names the template file
        raise template_error(exc, dirs) from None


def write_index(archive: Archive, out_dir: Path, *, config: Config) -> Path | None:
    """Write ``out_dir/index.html`` (atomically) from every meeting in the archive.
    Returns its path, or None when the page was already up to date."""
    from briefing.atomic import write_if_changed

    path = Path(out_dir) / "index.html"
    return path if write_if_changed(path, render_index(archive.meetings(), config=config)) else None
