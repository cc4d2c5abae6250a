"""Plain-text and Markdown reports, with optional YAML front matter
(``title``, ``published``, ``publisher``, ``url`` between ``---`` lines)."""

from __future__ import annotations

import re

from briefing.errors import InputError
from briefing.ingest.article import META_KEYS, make_article
from briefing.ingest.decode import decode_bytes
from briefing.model import Article

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


def split_front_matter(text: str, path: str) -> tuple[dict, str]:
    """Return (metadata, body). Only the known keys are kept; others are ignored."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid front matter ({str(exc).splitlines()[0]})") from None
    if not isinstance(meta, dict):
        raise InputError(path, "front matter must be key: value lines")
    return {k: meta[k] for k in META_KEYS if k in meta}, text[match.end() :]


def read_text(data: bytes, path: str) -> Article:
    text = decode_bytes(data, path)
    meta, body = split_front_matter(text, path)
    return make_article(body, meta, path)
