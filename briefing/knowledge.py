"""What an analyst knows about who holds which office: the shipped registry of office
holders (``briefing/data/officeholders.yaml``), extended by the user's ``[[registry]]``
tables and by the holders earlier reports named ("President X of Y"), kept in the
archive. Extraction consults it to give a person named alone his state and office.

The extensions travel to worker processes as plain tables (``Knowledge``); each process
builds its registry once per distinct set of tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.archive import Archive
    from briefing.config import Config
    from briefing.extract.registry import Registry
    from briefing.model import Extraction


@dataclass(frozen=True)
class Knowledge:
    """The registry's extensions, as JSON text (hashable, cheap to send to a worker)."""

    config: str = "[]"
    archive: str = "[]"

    def registry(self) -> Registry:
        return _registry(self.config, self.archive)


def knowledge_of(config: Config | None, archive: Archive | None = None) -> Knowledge:
    """The extensions of ``config`` and of what ``archive`` has learned."""
    tables = config.registry if config is not None else []
    learned = archive.learned_holders() if archive is not None else []
    return Knowledge(_dump(tables), _dump(learned))


@lru_cache(maxsize=4)
def _registry(config: str, archive: str) -> Registry:
    from briefing.extract.registry import Registry, shipped_registry

    if config == "[]" and archive == "[]":
        return shipped_registry()
    registry = Registry()
    registry.extend(json.loads(config))
    registry.extend(json.loads(archive), source="archive")
    return registry


def sightings(extractions: Iterable[Extraction]) -> list[tuple[str, str, str, str]]:
    """(name, state, office, day) of every participant a dated bilateral extraction names
    with both state and office: what the archive learns from a run."""
    out = []
    for ex in extractions:
        if not ex.is_bilateral_meeting or not ex.date:
            continue
        for p in ex.participants:
            if p.country and p.title and len(p.name.split()) > 1:
                out.append((p.name, p.country, p.title, ex.date))
    return out


def _dump(tables: list[dict[str, Any]]) -> str:
    return json.dumps(tables, sort_keys=True, default=str, ensure_ascii=False)
