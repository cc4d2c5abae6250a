"""Ingest: turn files and folders into Articles, one reader per kind of input.

``read_paths`` never raises for a bad file: it yields an ``InputError`` naming the file
and the reason, so one bad report never stops the rest of the batch.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefing.errors import InputError
from briefing.model import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
REPORT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES

#: Folders skipped when walking: template sets, gold-annotated copies of reports (the
#: input of ``briefing eval``, e.g. examples/gold) and hidden folders are not reports.
SKIP_DIRS = {"templates", "gold", "__pycache__", "node_modules"}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand files and folders (recursively, sorted, symlink loops detected)."""
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except FileNotFoundError:
            broken = os.path.lexists(path)
            yield InputError(
                str(path), "broken symbolic link" if broken else "no such file or folder"
            )
            continue
        except OSError as exc:  # permission denied on a parent, symlink loop, ...
            yield InputError(str(path), f"cannot read ({exc.strerror or exc})")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, set())
        else:
            yield path  # read_file refuses what is not a regular file, naming it


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
    data = _read_regular(path, max_bytes)
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


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    The file is opened non-blocking and checked on the open descriptor, so a FIFO or
    device named like a report (which would block or never end) is refused rather than
    read, and a file that grows after the check still cannot exceed the limit."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(str(path), "not a regular file (FIFO, socket or device)")
            if info.st_size > max_bytes:
                raise InputError(
                    str(path), f"file is {info.st_size} bytes, over the {max_bytes}-byte limit"
                )
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(str(path), f"file is over the {max_bytes}-byte limit")
    return data


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
        except Exception as exc:  # noqa: BLE001 - a parser bug on one file must not stop the batch
            why = " ".join(str(exc).split())[:200]
            yield InputError(str(item), f"cannot read ({type(exc).__name__}: {why})")
