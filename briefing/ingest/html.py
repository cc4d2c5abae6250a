"""HTML pages: main text and metadata through trafilatura.

trafilatura keeps in-article teasers and related-story blurbs, so the extraction stage's
noise filtering still applies to what comes out of here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from briefing.errors import InputError
from briefing.ingest.article import ReadOptions, make_article
from briefing.ingest.decode import decode_bytes
from briefing.ingest.identity import page_key, path_key
from briefing.model import Article


def html_to_text(html: str, path: str, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page: ``title``, ``published``, ``publisher``
    (the site's name: og:site_name or what trafilatura reads as it, else None),
    ``hostname``, and ``canonical`` (its ``<link rel=canonical>`` or og:url, else
    ``url``)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(path, f"cannot parse HTML ({type(exc).__name__}: {exc})") from None
    if doc is None:
        raise InputError(path, "no article text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    host = urlsplit(url or data.get("url") or "").netloc.lower().removeprefix("www.")
    sitename = data.get("sitename") or None
    meta = {
        "title": data.get("title"),
        "published": data.get("date"),
        # trafilatura falls back on the host for a page that names no site: not a name
        "publisher": None if sitename in (host, data.get("hostname")) else sitename,
        "hostname": data.get("hostname") or host or None,
        "canonical": data.get("url") or url,
    }
    return text, meta


def read_html(data: bytes, path: str, options: ReadOptions = ReadOptions()) -> Article:
    """A saved page: identified by its canonical URL when it names one, else its file."""
    text, meta = html_to_text(decode_bytes(data, path), path)
    key = page_key(meta["canonical"], None) or path_key(path)
    meta = {
        "title": meta["title"],
        "published": meta["published"],
        "publisher": meta["publisher"] or meta["hostname"],
        "url": meta["canonical"],
    }
    return make_article(text, meta, path, key=key, date_order=options.date_order)
