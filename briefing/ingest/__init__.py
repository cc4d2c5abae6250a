"""Ingest: turn files and folders into Articles, one reader per kind of input.

``read_paths`` never raises for a bad file: it yields an ``InputError`` naming the file
and the reason, so one bad report never stops the rest of the batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefing.errors import InputError
from briefing.model import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
REPORT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES

#: Folders skipped when walking: template sets and hidden folders are not reports.
SKIP_DIRS = {"templates", "__pycache__", "node_modules"}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand files and folders (recursively, sorted, symlink loops detected)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, set())
        elif path.is_file():
            yield path
        elif path.is_symlink():
            yield InputError(str(path), "broken symbolic link")
        else:
            yield InputError(str(path), "no such file or folder")


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | InputError]:
    real = os.path.realpath(folder)
    if real in seen:
        yield InputError(str(folder), "symbolic link loop: folder already visited")
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in SKIP_DIRS:
                yield from _walk(child, seen)
        elif child.suffix.lower() in REPORT_SUFFIXES:
            yield child


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Read one report file; raises InputError naming the file and the reason."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise InputError(str(path), f"file is {size} bytes, over the {max_bytes}-byte limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    if suffix in JSON_SUFFIXES:
        from briefing.ingest.jsonfile import read_json

        return read_json(data, str(path))
    if suffix in HTML_SUFFIXES:
        from briefing.ingest.html import read_html

        return [read_html(data, str(path))]
    if suffix in FEED_SUFFIXES:
        from briefing.ingest.feed import read_feed_bytes

        return read_feed_bytes(data, str(path))
    from briefing.ingest.text import read_text

    return [read_text(data, str(path))]


def read_paths(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | InputError]:
    """Every Article of every report under ``paths``, or an InputError per bad file."""
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield from read_file(item, max_bytes=max_bytes)
        except InputError as exc:
            yield exc
