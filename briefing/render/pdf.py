"""HTML briefing -> PDF with WeasyPrint: tagged, safe to fetch nothing, reproducible.

- The URL fetcher allows data: URIs only. A briefing's own assets (CSS, logo, charts)
  are already inline, so every file:// or network URL, e.g. one smuggled in by an
  article, is refused instead of read.
- PDF/UA-1 by default (``[report] pdf_variant``): tags, title, language, author,
  subject, outline from the headings.
- Byte-identical for identical HTML: creation/modification dates come from the HTML's
  ``dcterms.created`` meta (set from SOURCE_DATE_EPOCH or the sources' dates, see
  ``fmt.generation_datetime``), SOURCE_DATE_EPOCH overriding it when set, and the file
  identifier is a hash of the HTML.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from typing import TYPE_CHECKING, Any

from briefing.config import Config
from briefing.errors import RenderError
from briefing.render.fmt import generation_datetime

if TYPE_CHECKING:
    import weasyprint.text.fonts

PDF_VARIANTS = (
    "pdf/ua-1",
    "pdf/ua-2",
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-4b",
    "pdf/a-4u",
)


@functools.cache
def _font_config() -> weasyprint.text.fonts.FontConfiguration:
    """One font configuration per process: building it scans the system fonts."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class DataOnlyFetcher(URLFetcher):
        """Serves data: URIs; records and refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                self.refused.append(url)
                raise ValueError(
                    f"refused to fetch {url[:80]!r}: briefings load no external resources"
                )
            return super().fetch(url, headers)

    return DataOnlyFetcher


def safe_fetcher() -> Any:
    """A fresh data:-only URL fetcher (its ``refused`` list shows what was blocked)."""
    return _fetcher_class()()


class _NoiseFilter:
    """Drops WeasyPrint log lines that are expected for every briefing, so cron mail only
    carries real problems: the fetches we refused on purpose, the SVG presentation
    properties of inline charts (handled by the SVG renderer, not the CSS engine) and
    the screen-only media query of the stylesheet."""

    _NOISE = re.compile(
        r"briefings load no external resources"
        r"|^Ignored `(?:fill|stroke|text-anchor)[\w-]*:"
        r"|^Expected a media type, got 'screen"
        r"|^Invalid media type ' ?screen"
    )

    def filter(self, record: Any) -> bool:
        return not self._NOISE.search(record.getMessage())


@functools.cache
def _quiet_noise() -> None:
    import logging

    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).addFilter(_NoiseFilter())


def _w3c(dt: Any) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def render_pdf(html: str, *, config: Config, fetcher: Any = None) -> bytes:
    """The PDF bytes of one HTML briefing. ``fetcher`` (from ``safe_fetcher``) may be passed
    to inspect what was refused."""
    from weasyprint import HTML

    variant = config.report.pdf_variant or None
    if variant is not None and variant not in PDF_VARIANTS:
        from briefing.errors import ConfigError

        raise ConfigError(
            f"report.pdf_variant: {variant!r} is not one of {', '.join(PDF_VARIANTS)}"
        )
    fetcher = fetcher or safe_fetcher()
    _quiet_noise()
    try:
        document = HTML(string=html, url_fetcher=fetcher).render(font_config=_font_config())
        meta = document.metadata
        if os.environ.get("SOURCE_DATE_EPOCH") or not meta.created:
            stamp = _w3c(generation_datetime([], None))
            meta.created = meta.modified = stamp
        meta.modified = meta.modified or meta.created
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        return document.write_pdf(pdf_variant=variant, pdf_identifier=identifier)
    except (OSError, ValueError, AssertionError) as exc:
        raise RenderError(f"PDF rendering failed: {exc}") from None
