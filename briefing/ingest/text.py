"""Plain-text and Markdown reports, with optional YAML front matter
(``title``, ``published``, ``publisher``, ``url`` between ``---`` lines).

Front matter is found whatever the line endings (Windows CRLF, old Mac CR). Markdown
(``.md``, ``.markdown``) is rendered to plain text (``briefing/ingest/markdown.py``); its
first level-1 heading is the title when the front matter gives none. The article is
identified by the front matter's ``url`` when there is one, else by its file.
"""

from __future__ import annotations

import re

from briefing.errors import InputError
from briefing.ingest.article import META_KEYS, ReadOptions, make_article
from briefing.ingest.decode import decode_bytes
from briefing.ingest.identity import path_key, url_key
from briefing.model import Article

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
MARKDOWN_SUFFIXES = (".md", ".markdown")


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Return (metadata, body). Only the known keys are kept; others are ignored."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid front matter ({str(exc).splitlines()[0]})") from None
    if not isinstance(meta, dict):
        raise InputError(path, "front matter must be key: value lines")
    return {k: meta[k] for k in META_KEYS if k in meta}, text[match.end() :]


def read_text(data: bytes, path: str, options: ReadOptions = ReadOptions()) -> Article:
    meta, body = split_front_matter(decode_bytes(data, path), path)
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        from briefing.ingest.markdown import read_markdown

        body, title = read_markdown(body, take_title=not meta.get("title"))
        if title:
            meta["title"] = title
    url = meta.get("url")
    key = (url_key(url) if isinstance(url, str) else None) or path_key(path)
    return make_article(body, meta, path, key=key, date_order=options.date_order)
