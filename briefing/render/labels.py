"""The words a reader sees for the ids of the data model (``labels.yaml``), in one place.

The note, the index page, ``briefing show`` and the e-mail all word topics, metrics,
meeting types and kinds, statuses and conflict fields through these functions, from the
same file: the user's ``labels.yaml`` (in the templates folder) merged over the default,
so renaming or translating a word there changes it everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.errors import TemplateError
from briefing.render.loader import read_asset

LABEL_SECTIONS = (
    "topics",
    "metrics",
    "meeting_types",
    "meeting_kinds",
    "statuses",
    "fields",
    "history_charts",
)
Labels = dict[str, dict[str, str]]


def load_labels(dirs: list[tuple[str, Path]]) -> Labels:
    """Words for ids (labels.yaml), the user's file merged over the default."""
    import yaml

    merged: Labels = {section: {} for section in LABEL_SECTIONS}
    for origin, folder in reversed(dirs):
        text = read_asset([(origin, folder)], "labels.yaml")
        if text is None:
            continue
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise TemplateError(f"{folder / 'labels.yaml'}: invalid YAML ({exc})") from None
        if not isinstance(data, dict):
            raise TemplateError(f"{folder / 'labels.yaml'}: expected a mapping of sections")
        for section, words in data.items():
            if section not in merged or not isinstance(words, dict):
                raise TemplateError(
                    f"{folder / 'labels.yaml'}: unknown or malformed section "
                    f"{section!r} (expected {', '.join(LABEL_SECTIONS)})"
                )
            merged[section].update({str(k): str(v) for k, v in words.items()})
    return merged


def label(labels: Labels, section: str, key: str | None) -> str | None:
    """The word for ``key`` in ``section``; an id the file does not name is shown with
    spaces for underscores rather than not at all."""
    if not key:
        return None
    return labels.get(section, {}).get(key) or key.replace("_", " ")


def kind_text(labels: Labels, meeting_type: str | None, kind: dict[str, Any] | None) -> str | None:
    """What the meeting was, in a few words: the finer kind when the reports name one
    ("State visit", "Talks on the sidelines of the G20 Summit"), else the meeting type."""
    name = (kind or {}).get("kind")
    if not name:
        return label(labels, "meeting_types", meeting_type)
    event = (kind or {}).get("event")
    words = labels.get("meeting_kinds", {})
    if event and f"{name}_event" in words:
        return words[f"{name}_event"].replace("{event}", event)
    return label(labels, "meeting_kinds", name)


def is_call(meeting_type: str | None) -> bool:
    """A phone or video call has no place of its own to report."""
    return meeting_type in ("phone_call", "video_call")
