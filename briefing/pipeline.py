"""The pipeline wired end to end, for the CLI and for Python users.

    >>> from briefing.pipeline import build
    >>> report = build(["examples"], out="output")        # doctest: +SKIP
    >>> [p.name for p in report.written]                   # doctest: +SKIP
    ['2025-04-23-aze-chn.html', '2025-04-23-aze-chn.pdf', 'index.html']

Each stage is a plain function (see docs/architecture.md); this module only sequences
them, collects per-file errors so one bad input never stops the batch, and writes
outputs atomically.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.config import Config
from briefing.errors import BriefingError, ConfigError, InputError
from briefing.model import Article, Extraction, Meeting

log = logging.getLogger("briefing")

FORMATS = {"pdf": ("pdf",), "html": ("html",), "both": ("html", "pdf")}


@dataclass
class ExtractResult:
    """What ``extract_paths`` found: merged meetings, per-article extractions, errors."""

    meetings: list[Meeting]
    extractions: list[Extraction]
    errors: list[BriefingError] = field(default_factory=list)

    def articles(self) -> list[dict[str, Any]]:
        """Every input article with its id, metadata, meeting id, or why it has none."""
        meeting_of = {a.id: m.id for m in self.meetings for a in m.articles}
        rows = []
        for ex in self.extractions:
            a = ex.article
            rows.append({
                "id": a.id,
                "title": a.title,
                "published": a.published,
                "publisher": a.publisher,
                "path_or_url": a.url or a.path,
                "is_bilateral_meeting": ex.is_bilateral_meeting,
                "meeting_id": meeting_of.get(a.id),
                "reason": ex.reason,
            })
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "meetings": [m.to_dict() for m in self.meetings],
            "articles": self.articles(),
            "errors": [str(e) for e in self.errors],
        }


@dataclass
class BuildReport:
    """Outcome of ``build``: what was written, what was skipped, what failed."""

    result: ExtractResult
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    failed: list[BriefingError] = field(default_factory=list)

    @property
    def errors(self) -> list[BriefingError]:
        return [*self.result.errors, *self.failed]

    @property
    def ok(self) -> bool:
        return not self.errors


def read_articles(
    paths: Iterable[str | Path], config: Config
) -> tuple[list[Article], list[BriefingError]]:
    """Ingest stage: Articles (deduplicated by content id) and one error per bad input."""
    from briefing.ingest import read_paths

    articles: dict[str, Article] = {}
    errors: list[BriefingError] = []
    for item in read_paths(paths, max_bytes=config.build.max_input_bytes):
        if isinstance(item, InputError):
            log.error("%s", item)
            errors.append(item)
        elif item.id not in articles:
            articles[item.id] = item
    return list(articles.values()), errors


def extract_articles(articles: Iterable[Article]) -> tuple[list[Extraction], list[BriefingError]]:
    """Extract stage. An unexpected failure on one article is reported against its file
    and the batch goes on."""
    from briefing.extract import extract

    extractions, errors = [], []
    for article in articles:
        try:
            extractions.append(extract(article))
        except Exception as exc:  # noqa: BLE001 - one report must never stop the batch
            err = InputError(article.path or article.id, f"extraction failed ({exc!r})")
            log.error("%s", err)
            errors.append(err)
    return extractions, errors


def extract_paths(paths: Iterable[str | Path], config: Config | None = None) -> ExtractResult:
    """ingest -> extract -> merge, without rendering (``briefing extract``)."""
    from briefing.merge import merge

    config = config or Config()
    articles, errors = read_articles(paths, config)
    extractions, extract_errors = extract_articles(articles)
    return ExtractResult(merge(extractions), extractions, [*errors, *extract_errors])


def render_meeting(
    meeting: Meeting,
    out: Path,
    formats: tuple[str, ...],
    config: Config,
    templates: Path | None,
    extra: dict[str, Any] | None = None,
) -> list[Path]:
    """Render one briefing to ``out/<id>.html`` and/or ``out/<id>.pdf`` (atomic writes)."""
    from briefing.deliver.files import atomic_write
    from briefing.render import render_html, render_pdf

    html = render_html(meeting, config=config, templates_dir=templates, extra=extra)
    written = []
    if "html" in formats:
        written.append(atomic_write(out / f"{meeting.id}.html", html))
    if "pdf" in formats:
        written.append(atomic_write(out / f"{meeting.id}.pdf", render_pdf(html, config=config)))
    return written


def build(
    paths: Iterable[str | Path] | None = None,
    *,
    out: str | Path | None = None,
    formats: str | None = None,
    templates: str | Path | None = None,
    config: Config | None = None,
) -> BuildReport:
    """ingest -> extract -> merge -> render -> files. One briefing per meeting."""
    config = config or Config()
    fmt = formats or config.build.formats
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}: use pdf, html or both")
    paths = list(paths) if paths else [config.resolve(p) for p in config.build.inputs]
    out_dir = Path(out) if out else config.resolve(config.build.output) or Path("output")
    template_dir = Path(templates) if templates else config.resolve(config.build.templates)
    if template_dir is not None and not template_dir.is_dir():
        raise ConfigError(f"{template_dir}: template folder not found")

    result = extract_paths(paths, config)
    report = BuildReport(result)
    for meeting in result.meetings:
        try:
            report.written += render_meeting(meeting, out_dir, FORMATS[fmt], config, template_dir)
            log.info("built %s", meeting.id)
        except BriefingError as exc:
            log.error("%s: %s", meeting.id, exc)
            report.failed.append(exc)
    return report
