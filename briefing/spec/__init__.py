"""The JSON Schema of a meeting record, shipped inside the package.

Every meeting that ``briefing extract --json`` prints (and ``Meeting.to_dict()``
returns) conforms to ``meeting.schema.json``; ``briefing schema`` prints it, so a
consumer can validate what it receives without a copy of the repository.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "meeting.schema.json"


def schema_text() -> str:
    """The schema file as shipped (``briefing schema`` prints it unchanged)."""
    return SCHEMA_PATH.read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The schema as a dict, e.g. for ``jsonschema.validate(record, load_schema())``."""
    return json.loads(schema_text())
