"""Meeting type: in person, by phone or by video.

The cue in the lead sentence decides; failing that, the rest of the story; failing that,
the headline ("Secretary's Call with ..."). "Spoke with" with no sign of being in the
same room is a call, as official readouts write it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.extract.vocab import load_data


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    cues = load_data("cues.yaml")
    return {
        k: re.compile("|".join(cues[k]), re.I)
        for k in ("phone_call", "video_call", "spoke", "in_person")
    }


def classify(text: str) -> str | None:
    """The type a single piece of text states, if any."""
    c = _cues()
    if c["video_call"].search(text):
        return "video_call"
    if c["phone_call"].search(text):
        return "phone_call"
    if c["in_person"].search(text):
        return "meeting"
    if c["spoke"].search(text):
        return "phone_call"
    return None


def meeting_type(lead: str | None, story: list[str], header: list[str]) -> str:
    """Lead sentence first, then a call cue elsewhere in the story, then the headline;
    a meeting with no cue at all is in person."""
    kind = classify(lead) if lead else None
    if kind:
        return kind
    for text in [*story, *header]:
        kind = classify(text)
        if kind in ("phone_call", "video_call"):
            return kind
    return "meeting"
