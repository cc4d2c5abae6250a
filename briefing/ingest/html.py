"""HTML pages: main text and metadata through trafilatura.

trafilatura keeps in-article teasers and related-story blurbs, so the extraction stage's
noise filtering still applies to what comes out of here.
"""

from __future__ import annotations

from briefing.errors import InputError
from briefing.ingest.article import make_article
from briefing.ingest.decode import decode_bytes
from briefing.model import Article


def html_to_text(html: str, path: str, url: str | None = None) -> tuple[str, dict]:
    """Main text and metadata (title, published, publisher, url) of an HTML page."""
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
    meta = {
        "title": data.get("title"),
        "published": data.get("date"),
        "publisher": data.get("sitename") or data.get("hostname"),
        "url": url or data.get("url"),
    }
    return text, meta


def read_html(data: bytes, path: str, url: str | None = None) -> Article:
    text, meta = html_to_text(decode_bytes(data, path), path, url)
    return make_article(text, meta, path)
