"""JSON reports: one article object or a list of them, keys ``title, text, published,
publisher, url``. Other keys (``gold`` annotations above all) are never read."""

from __future__ import annotations

import json

from briefing.errors import InputError
from briefing.ingest.article import META_KEYS, make_article
from briefing.ingest.decode import decode_bytes
from briefing.model import Article


def read_json(data: bytes, path: str) -> list[Article]:
    try:
        doc = json.loads(decode_bytes(data, path))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise InputError(path, "invalid JSON (nested too deeply to be an article)") from None
    items = doc if isinstance(doc, list) else [doc]
    if not items:
        raise InputError(path, "empty JSON list: no articles")
    articles = []
    for n, item in enumerate(items):
        where = path if len(items) == 1 else f"{path}[{n}]"
        if not isinstance(item, dict):
            raise InputError(where, f"expected an article object, got {type(item).__name__}")
        text = item.get("text")
        if not isinstance(text, str):
            got = "missing" if text is None else type(text).__name__
            raise InputError(where, f"'text' must be a string ({got})")
        articles.append(make_article(text, {k: item.get(k) for k in META_KEYS}, where))
    return articles
