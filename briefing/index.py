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

if TYPE_CHECKING:
    from briefing.archive import Archive

INDEX_TEMPLATE = "index.html"
_KINDS = {"phone_call": "phone call", "video_call": "video call"}  # "meeting" goes unsaid
_LINKS = {
    "pdf": (("PDF", "pdf"),),
    "html": (("HTML", "html"),),
    "both": (("PDF", "pdf"), ("HTML", "html")),
}


def _person(p: dict[str, Any]) -> str:
    extra = ", ".join(x for x in (p.get("title"), p.get("country")) if x)
    return f"{p['name']} ({extra})" if extra else p["name"]


def _row(m: dict[str, Any], fmt: Any, formats: str) -> dict[str, Any]:
    countries = [fmt.country(c) or c for c in m.get("countries", [])]
    place = m.get("place")
    where = fmt.country(m.get("location_country"))
    return {
        "id": m["id"],
        "date": m.get("date"),
        "date_text": fmt.date(m.get("date")),
        "pair": " – ".join(countries),
        "place": f"{place}, {where}" if place and where else place or where,
        "participants": [_person(p) for p in m.get("participants", [])],
        "n_sources": m.get("n_sources", 0),
        "kind": _KINDS.get(m.get("meeting_type") or ""),
        "links": [(label, f"{m['id']}.{ext}") for label, ext in _LINKS.get(formats, ())],
    }


def render_index(meetings: list[dict[str, Any]], *, config: Config) -> str:
    """The index page for ``meetings`` (summaries as ``Archive.meetings()`` returns them),
    newest first with undated meetings last; links follow ``build.formats``."""
    from briefing.render.fmt import Formatter
    from briefing.render.loader import make_environment, search_path, template_error

    fmt = Formatter(config.report.locale, config.report.timezone).check()
    dated = sorted(
        (m for m in meetings if m.get("date")), key=lambda m: (m["date"], m["id"]), reverse=True
    )
    undated = sorted((m for m in meetings if not m.get("date")), key=lambda m: m["id"])
    rows = [_row(m, fmt, config.build.formats) for m in [*dated, *undated]]
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
    from briefing.deliver.files import write_if_changed

    path = Path(out_dir) / "index.html"
    return path if write_if_changed(path, render_index(archive.meetings(), config=config)) else None
