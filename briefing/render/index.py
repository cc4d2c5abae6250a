"""``output/index.html``: every meeting of the archive, to search, filter, sort and group.

The page is one self-contained file: its stylesheet (``index.css``) and script
(``index.js``) are inlined and it loads nothing, so it works opened from a file share
(``file://``), attached to a mail or served by any web server. Without the script it is
the full table, newest first; the script adds a search box, filters by pair, country,
year and topic, sortable columns and grouping by pair. Each row carries what the script
needs in ``data-`` attributes (escaped like any other text), the search text folded
(lower case, no accents) so a search for "turkiye" finds "Türkiye".

It is rendered from the archive's meeting summaries (``Archive.meetings()``), not from
this run's meetings, so meetings built by earlier runs stay listed. A user template
folder may override ``index.html``, ``index.css``, ``index.js`` and ``labels.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.config import Config
from briefing.errors import TemplateError
from briefing.render.fmt import Formatter, person
from briefing.render.labels import Labels, kind_text, label, load_labels
from briefing.serialize import newest_first

if TYPE_CHECKING:
    from briefing.archive import Archive

INDEX_TEMPLATE = "index.html"
_LINK_TEXT = {"html": "HTML", "pdf": "PDF"}


def _fold(text: str) -> str:
    from briefing.vocab import fold

    return " ".join(fold(text).split())


def _row(
    m: dict[str, Any], fmt: Formatter, formats: Sequence[str], labels: Labels
) -> dict[str, Any]:
    countries = [fmt.country(c) or c for c in m.get("countries", [])]
    topics = [(t, label(labels, "topics", t) or t) for t in m.get("topics", [])]
    row = {
        "id": m["id"],
        "date": m.get("date"),
        "year": (m.get("date") or "")[:4],
        "date_text": fmt.date(m.get("date")),
        "pair": fmt.pair(m.get("countries", [])),
        "countries": countries,
        "place": fmt.place(m.get("place"), m.get("location_country")),
        "kind": kind_text(labels, m.get("meeting_type"), m.get("meeting_kind")),
        "participants": [
            person(p["name"], p.get("title"), fmt.country(p.get("country")))
            for p in m.get("participants", [])
        ],
        "topics": [name for _, name in topics],
        "topic_ids": [t for t, _ in topics],
        "publishers": m.get("publishers", []),
        "n_sources": m.get("n_sources", 0),
        "links": [(_LINK_TEXT[ext], f"{m['id']}.{ext}") for ext in formats],
    }
    words = [row["pair"], row["place"], row["kind"], row["date_text"], row["id"]]
    words += [*countries, *row["participants"], *row["topics"], *row["publishers"]]
    row["search"] = _fold(" ".join(w for w in words if w))
    return row


def _choices(rows: list[dict[str, Any]], labels: Labels) -> dict[str, list[Any]]:
    """The options of the filters: every pair, country, year and topic present."""
    order = {t: i for i, t in enumerate(labels["topics"])}
    topics = {t: name for r in rows for t, name in zip(r["topic_ids"], r["topics"], strict=True)}
    return {
        "pairs": sorted({r["pair"] for r in rows if r["pair"]}),
        "countries": sorted({c for r in rows for c in r["countries"]}),
        "years": sorted({r["year"] for r in rows if r["year"]}, reverse=True),
        "topics": sorted(topics.items(), key=lambda kv: (order.get(kv[0], 99), kv[1])),
        "publishers": sorted({p for r in rows for p in r["publishers"]}),
    }


def _inline(dirs: list[tuple[str, Path]], name: str, closing: str) -> str:
    """A stylesheet or script asset, refused when it could end its element early."""
    from briefing.render.loader import read_asset

    text = read_asset(dirs, name) or ""
    if re.search(closing, text, re.I):
        raise TemplateError(f"{name} contains {closing!r}; remove it")
    return text


def render_index(
    meetings: list[dict[str, Any]], *, config: Config, formats: Sequence[str] | None = None
) -> str:
    """The index page for ``meetings`` (summaries as ``Archive.meetings()`` returns them),
    newest first with undated meetings last; links to the briefings in ``formats`` (the
    run's; default ``build.formats``)."""
    from markupsafe import Markup

    from briefing.render.loader import make_environment, search_path, template_error

    fmt = Formatter(config.report.locale, config.report.timezone).check()
    dirs = search_path(config)
    labels = load_labels(dirs)
    configured = config.build.formats
    wanted = formats or (("html", "pdf") if configured == "both" else (configured,))
    links = [f for f in ("html", "pdf") if f in wanted]
    rows = [_row(m, fmt, links, labels) for m in newest_first(meetings)]
    css = Markup(_inline(dirs, "index.css", "</style"))
    script = Markup(_inline(dirs, "index.js", "</script"))
    try:
        template = make_environment(dirs).get_template(INDEX_TEMPLATE)
        return template.render(
            report=config.report,
            meetings=rows,
            choices=_choices(rows, labels),
            lang=config.report.locale.replace("_", "-"),
            css=css,
            script=script,
        )
    except Exception as exc:  # noqa: BLE001 - any Jinja2 failure names the template file
        raise template_error(exc, dirs) from None


def write_index(
    archive: Archive, out_dir: Path, *, config: Config, formats: Sequence[str] | None = None
) -> Path | None:
    """Write ``out_dir/index.html`` (atomically) from every meeting in the archive.
    Returns its path, or None when the page was already up to date."""
    from briefing.atomic import write_if_changed

    path = Path(out_dir) / "index.html"
    page = render_index(archive.meetings(), config=config, formats=formats)
    return path if write_if_changed(path, page) else None
