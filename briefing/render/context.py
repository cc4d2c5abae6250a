"""The data a briefing template sees, built from one Meeting.

Everything a reader sees is prepared here as plain strings, numbers and lists (dates and
numbers worded by ``fmt.Formatter``), so templates stay declarative and a user template
cannot reach into library objects. Text that came from articles is passed only as data:
Jinja2 autoescapes it and it is never compiled as a template.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Sequence
from typing import Any

from briefing.config import LOGO_TYPES, PAGE_SIZES, Config
from briefing.errors import ConfigError
from briefing.model import TRADE_METRICS, Article, Evidence, Figure, Meeting, corroboration
from briefing.render.fmt import Formatter, generation_datetime
from briefing.render.keypoints import key_points
from briefing.render.labels import Labels, is_call, kind_text, label
from briefing.render.topics import topic_evidence

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]{3,20}")
MAX_LOGO_BYTES = 2 * 1024 * 1024
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _report(config: Config) -> dict[str, Any]:
    """The [report] settings, checked: they end up inside CSS and the PDF metadata."""
    rc = config.report
    if not _COLOUR.fullmatch(rc.accent_color or ""):
        raise ConfigError(
            f"report.accent_color: {rc.accent_color!r} is not a colour "
            "(use #rrggbb or a CSS colour name)"
        )
    size = PAGE_SIZES.get((rc.page_size or "").lower())
    if size is None:
        raise ConfigError(f"report.page_size: {rc.page_size!r} is not one of A4, Letter, Legal, A5")
    return {
        "organisation": rc.organisation,
        "classification": rc.classification,
        "accent": rc.accent_color,
        "page_size": size,
        "author": rc.author or rc.organisation,
        "lang": rc.locale.replace("_", "-"),
        "logo_uri": _logo_uri(config),
    }


def _logo_uri(config: Config) -> str | None:
    """The configured logo embedded as a data: URI (the PDF fetcher loads nothing else)."""
    path = config.resolve(config.report.logo)
    if path is None:
        return None
    mime = LOGO_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if mime is None or not mime.startswith("image/"):
        raise ConfigError(f"report.logo: {path} is not a PNG, JPEG, GIF, WebP or SVG image")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"report.logo: cannot read {path} ({exc.strerror})") from None
    if len(data) > MAX_LOGO_BYTES:
        raise ConfigError(f"report.logo: {path} is larger than {MAX_LOGO_BYTES} bytes")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _sources(articles: list[Article], fmt: Formatter) -> list[dict[str, Any]]:
    """Numbered sources, oldest report first, so [1] is the first to have reported."""
    ordered = sorted(articles, key=lambda a: (a.published or "9999", a.publisher or "", a.id))
    out = []
    for n, a in enumerate(ordered, start=1):
        link = a.url if a.url and a.url.startswith(("http://", "https://")) else None
        out.append(
            {
                "n": n,
                "id": a.id,
                "title": a.title,
                "publisher": a.publisher,
                "published": fmt.date(a.published),
                "url": link,
                "location": None if link else (a.url or a.path),
            }
        )
    return out


class _Cites:
    """Maps evidence to footnote numbers of the sources list."""

    def __init__(self, sources: list[dict[str, Any]]) -> None:
        self.numbers = {s["id"]: s["n"] for s in sources}

    def __call__(self, evidence: list[Evidence]) -> list[int]:
        return sorted(
            {self.numbers[e.article_id] for e in evidence if e.article_id in self.numbers}
        )


def _derived_note(f: Figure, figures: Sequence[Figure], fmt: Formatter) -> str | None:
    """How a derived value was computed, its numbers and periods worded for the locale:
    from the read value whose growth rate implies it (as ``merge.figures`` derives it),
    else the merge stage's own note."""
    for src in figures:
        if (
            not src.derived
            and src.metric == f.metric
            and src.direction == f.direction
            and src.value_usd is not None
            and src.change_pct is not None
            and src.change_pct > -100
            and f.value_usd is not None
            and float(f"{src.value_usd / (1 + src.change_pct / 100):.3g}") == f.value_usd
        ):
            return (
                f"computed: {fmt.money(src.value_usd)} in {fmt.period(src.period)} after "
                f"{fmt.percent(src.change_pct, signed=False)} growth implies about "
                f"{fmt.money(f.value_usd)} in {fmt.period(f.period)}"
            )
    return f.derived_from


def _figure(
    f: Figure, fmt: Formatter, labels: Labels, cites: _Cites, figures: Sequence[Figure] = ()
) -> dict[str, Any]:
    direction = None
    if f.direction and "->" in f.direction:
        src, dst = f.direction.split("->", 1)
        direction = f"{fmt.country(src)} → {fmt.country(dst)}"
    return {
        "metric": f.metric,
        "metric_label": label(labels, "metrics", f.metric),
        "period": fmt.period(f.period, f.period_expr),
        "value": (
            fmt.money(f.value_usd, f.approximate or f.derived)
            if f.value_usd is not None
            else fmt.money(f.value, f.approximate or f.derived, f.currency)
        ),
        "change": fmt.percent(f.change_pct, f.approximate),
        "change_abs": fmt.percent(f.change_pct, signed=False),
        "change_pct": f.change_pct,
        "approximate": f.approximate,
        "derived": f.derived,
        "derived_from": _derived_note(f, figures, fmt) if f.derived else None,
        "direction": direction,
        "cites": cites(f.evidence),
        "corroboration": corroboration(f.evidence),
    }


def _headline(figures: list[Figure]) -> tuple[Figure | None, list[Figure]]:
    """The trade value a reader should see first (read, not derived; trade turnover over
    exports/imports; latest period; US dollars over another currency), and later growth
    reported without a value."""
    read = [f for f in figures if not f.derived and f.metric in TRADE_METRICS]
    valued = [f for f in read if f.value_usd is not None or f.value is not None]
    if not valued:
        return None, [f for f in read if f.change_pct is not None]
    head = max(
        valued,
        key=lambda f: (
            f.metric == "trade_turnover",
            f.period or "",
            f.value_usd is not None,
            f.value_usd or f.value or 0,
        ),
    )
    later = [
        f
        for f in read
        if f.value_usd is None
        and f.value is None
        and f.change_pct is not None
        and f.metric == head.metric
        and (f.period or "") > (head.period or "")
    ]
    return head, later


def _participants(meeting: Meeting, fmt: Formatter, cites: _Cites) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "title": p.title,
            "country": fmt.country(p.country),
            "cites": cites(p.evidence),
            "corroboration": corroboration(p.evidence),
        }
        for p in meeting.participants
    ]


def _conflicts(
    meeting: Meeting, sources: list[dict[str, Any]], fmt: Formatter, labels: Labels
) -> list[dict[str, Any]]:
    """The disagreements, with their field's label and every ISO date in them worded for
    the locale (the merge stage writes them as data)."""
    numbers = {s["id"]: s["n"] for s in sources}

    def local(text: str) -> str:
        return _ISO_DATE.sub(lambda m: fmt.date(m.group()) or m.group(), text)

    return [
        {
            "field": c.field,
            "label": label(labels, "fields", c.field),
            "description": local(c.description),
            "claims": [
                {"n": numbers.get(aid), "value": local(str(value))}
                for aid, value in sorted(c.values.items(), key=lambda kv: numbers.get(kv[0], 0))
            ],
        }
        for c in meeting.conflicts
    ]


def _previous(extra: dict[str, Any], fmt: Formatter) -> list[dict[str, Any]] | None:
    """Earlier meetings of the pair (from the archive), every key present so templates
    under StrictUndefined can test any of them; ISO dates worded for the locale."""
    rows = extra.get("previous_meetings") or []
    keys = ("id", "place", "participants", "href", "relationship_level")
    return [
        {**{k: row.get(k) for k in keys}, "date": fmt.date(row.get("date"))} for row in rows
    ] or None


def _history_charts(extra: dict[str, Any]) -> dict[str, Any] | None:
    """SVG strings produced by ``briefing.render.charts``; anything else is refused, since they
    are inserted as markup."""
    from markupsafe import Markup

    charts = extra.get("history_charts")
    if not charts:
        return None
    out = {}
    for name, svg in charts.items():
        if svg is None:
            continue
        if (
            not isinstance(svg, str)
            or not svg.lstrip().startswith("<svg")
            or re.search(r"<script|\son\w+\s*=|javascript:", svg, re.I)
        ):
            raise ConfigError(f"history chart {name!r} is not a chart SVG")
        out[name] = Markup(svg)
    return out or None


def build_context(
    meeting: Meeting, *, config: Config, labels: Labels, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the templates use, as plain data."""
    from markupsafe import Markup

    from briefing import __version__
    from briefing.extract.registry import as_of as registry_as_of
    from briefing.render.charts import trade_chart_svg

    extra = dict(extra or {})
    fmt = Formatter(config.report.locale, config.report.timezone).check()
    report = _report(config)
    sources = _sources(meeting.articles, fmt)
    cites = _Cites(sources)
    names = [fmt.country(c) or c for c in meeting.countries]
    title = fmt.pair(meeting.countries) or "Bilateral meeting"
    place = fmt.place(meeting.location.city, meeting.location.country)
    kind = meeting.kind.to_dict() if meeting.kind else None
    type_label = kind_text(labels, meeting.meeting_type, kind)
    generated = generation_datetime([a.published for a in meeting.articles], meeting.date)
    head, later = _headline(meeting.figures)
    rel = meeting.relationship
    agreements = [
        {
            "name": a.name,
            "status": a.status,
            "status_label": label(labels, "statuses", a.status),
            "date": fmt.date(a.date) or a.date_expr,
            "cites": cites(a.evidence),
            "corroboration": corroboration(a.evidence),
        }
        for a in meeting.agreements
    ]
    relationship = {
        "level": rel.level,
        "previous_level": rel.previous_level,
        "since": fmt.date(rel.since) or rel.since_expr,
        "cites": cites(rel.evidence),
        "upgraded": bool(rel.level and rel.previous_level and rel.level != rel.previous_level),
    }
    headline = _figure(head, fmt, labels, cites) if head else None
    later_growth = [_figure(f, fmt, labels, cites) for f in later]
    conflicts = _conflicts(meeting, sources, fmt, labels)
    topics = topic_evidence(meeting, labels, cites)
    chart = trade_chart_svg(
        meeting, accent=report["accent"], locale=fmt.locale, names=labels["metrics"]
    )
    date_text = fmt.date(meeting.date)
    return {
        "version": __version__,
        "registry_as_of": fmt.date(registry_as_of().isoformat()),
        "report": report,
        "generated": {
            "iso": generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": fmt.datetime(generated),
        },
        "meta": {
            "title": " · ".join(x for x in (f"Briefing: {title}", date_text, place) if x),
            "subject": f"{type_label or 'Meeting'}: {title}"
            + (f", {date_text}" if date_text else "")
            + (f", {place}" if place else ""),
            "keywords": ", ".join([*names, *(t["label"] for t in topics)]),
        },
        "meeting": {
            "id": meeting.id,
            "title": title,
            "countries": names,
            "date": date_text,
            "date_iso": meeting.date,
            "place": place,
            "type": type_label,
            "meeting_type": meeting.meeting_type,
            "is_call": is_call(meeting.meeting_type),
            "kind": (kind or {}).get("kind"),
            "event": (kind or {}).get("event"),
            "first_visit": bool((kind or {}).get("first_visit")),
            "kind_cites": cites(meeting.kind.evidence) if meeting.kind else [],
            "location_cites": cites(meeting.location.evidence),
        },
        "relationship": relationship,
        "participants": _participants(meeting, fmt, cites),
        "agreements": agreements,
        "figures": [
            _figure(f, fmt, labels, cites, meeting.figures)
            for f in sorted(meeting.figures, key=lambda f: (f.metric, f.period or ""))
        ],
        "headline": headline,
        "later_growth": later_growth,
        "key_points": key_points(
            meeting,
            agreements=agreements,
            relationship=relationship,
            head=head,
            headline=headline,
            later_growth=later_growth,
            conflicts=conflicts,
            previous=list(extra.get("previous_meetings") or []),
            fmt=fmt,
            labels=labels,
            cites=cites,
        ),
        "topics": topics,
        "main_topics": [t["label"] for t in topics[:5]],
        "sources": sources,
        "conflicts": conflicts,
        "charts": {"trade": Markup(chart) if chart else None},
        "previous_meetings": _previous(extra, fmt),
        "history_charts": _history_charts(extra),
        "labels": labels,
    }
