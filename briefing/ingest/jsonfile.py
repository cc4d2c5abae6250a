"""JSON reports: one article object or a list of them, keys ``title, text, published,
publisher, url``. Other keys (``gold`` annotations above all) are never read.

Every item of a list is its own unit: a bad one is an InputError naming the file and its
position (``reports.json [1]``), and the others are still read. An article is
identified by its ``url``; without one, a file of one article by the file, and an item
of a list by its text (its position in the list is no identity: lists get reordered).
"""

from __future__ import annotations

import json

from briefing.errors import InputError
from briefing.ingest.article import META_KEYS, ReadOptions, make_article
from briefing.ingest.decode import decode_bytes
from briefing.ingest.identity import path_key, url_key
from briefing.model import Article


def read_json(
    data: bytes, path: str, options: ReadOptions = ReadOptions()
) -> list[Article | InputError]:
    """The articles of a JSON file, an InputError in place of each bad item; raises
    InputError when the file as a whole is unusable."""
    try:
        doc = json.loads(decode_bytes(data, path))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise InputError(path, "invalid JSON (nested too deeply to be an article)") from None
    single = not isinstance(doc, list)
    items = [doc] if single else doc
    if not items:
        raise InputError(path, "empty JSON list: no articles")
    out: list[Article | InputError] = []
    for n, item in enumerate(items):
        where = path if single else f"{path} [{n}]"
        try:
            out.append(_article(item, where, path if single else None, options))
        except InputError as exc:
            out.append(exc)
    return out


def _article(item: object, where: str, file: str | None, options: ReadOptions) -> Article:
    if not isinstance(item, dict):
        raise InputError(where, f"expected an article object, got {type(item).__name__}")
    text = item.get("text")
    if not isinstance(text, str):
        got = "missing" if text is None else type(text).__name__
        raise InputError(where, f"'text' must be a string ({got})")
    url = item.get("url")
    key = url_key(url) if isinstance(url, str) else None
    if key is None and file is not None:
        key = path_key(file)
    meta = {k: item.get(k) for k in META_KEYS}
    return make_article(text, meta, where, key=key, date_order=options.date_order)
