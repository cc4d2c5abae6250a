"""The SQLite archive: every article, its facts with provenance, and the meetings, across runs.

One embedded file (default ``<output>/briefing.sqlite``, or ``build.db`` in the config)
so history needs no server: each briefing can list the earlier meetings of its pair and
chart how the relationship and trade evolved.

Facts are stored twice on purpose: as one row per fact in ``facts`` (queryable,
with article id and sentence span) and as the whole extraction in JSON, from which the
next run rebuilds ``Extraction`` objects to merge old and new reports together.

``schema`` creates and opens the file; ``store`` holds the reads and writes. The archive
is storage alone: it imports nothing from the later stages (merge, render, deliver).
"""

from briefing.archive.schema import SCHEMA_VERSION
from briefing.archive.store import (
    DEFAULT_NAME,
    Archive,
    default_db_path,
    load_meeting,
    load_meetings,
    pair_key,
    timestamp,
)

__all__ = [
    "DEFAULT_NAME",
    "SCHEMA_VERSION",
    "Archive",
    "default_db_path",
    "load_meeting",
    "load_meetings",
    "pair_key",
    "timestamp",
]
