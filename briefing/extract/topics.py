"""Topics discussed at a meeting, tagged from cue words (``data/topics.yaml``).

A topic is tagged when any story sentence mentions one of its cues: meeting readouts
list what "the sides discussed", so a cue in the story is nearly always a topic of the
talks. Four filters keep scene-setting out: photo captions and sign-off lines are
skipped; an `exclude` phrase hides the cues it overlaps ("energy security" is not a
security topic); a cue inside an office name ("Minister of Agriculture") names who met,
not what they discussed; and a cue right after "to attend" / "on the sidelines of" names
the occasion ("on the sidelines of the G20 summit"), not a subject of the talks.

Each topic's cues are compiled into one regular expression, so a sentence costs one scan
per topic in the regex engine rather than a Python loop over its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefing.extract.nlp import Sentence
from briefing.model import TopicHit

_DATA = Path(__file__).resolve().parent.parent / "data" / "topics.yaml"
_SCENE_WINDOW = 80
# Between a scene phrase and the cue: only articles, numbers and capitalised words
# ("on the sidelines of the 16th BRICS summit"); "to take part in the reconstruction of
# Ukraine" is a subject, not an occasion.
_SCENE_GAP = r"\s+(?:(?:the|a|an|\d[\w\-]*|[A-Z][\w.'’\-]*)\s+){0,4}$"


@dataclass(frozen=True)
class _Rules:
    cues: tuple[tuple[str, re.Pattern[str]], ...]  # (topic, all its cues), taxonomy order
    exclude: dict[str, re.Pattern[str]]
    skip: re.Pattern[str]
    scene: re.Pattern[str]
    offices: re.Pattern[str]


def phrase_regex(phrase: str) -> str:
    """Regex for a cue phrase: word-bounded, space or hyphen between words, ``*`` for any
    word ending and ``[sz]`` for spelling variants."""
    body = re.escape(phrase.strip())
    body = re.sub(r"\\\[(\w+)\\\]", r"[\1]", body)
    body = body.replace(r"\*", r"\w*")
    body = re.sub(r"(?:\\ |\\-|-| )+", r"[\\s\\-‐–]+", body)
    return rf"(?<!\w){body}(?!\w)"


def _data_pattern(source: str) -> str:
    """A data regex as a group; a leading ``(?i)`` makes just that group ignore case."""
    if source.startswith("(?i)"):
        return f"(?i:{source[4:]})"
    return f"(?:{source})"


def _topic_regex(entry: dict[str, list[str]]) -> re.Pattern[str]:
    """One regex for all cues of a topic, longest phrases first so the fullest cue is the
    one reported."""
    phrases = sorted(entry.get("phrases") or [], key=len, reverse=True)
    acronyms = sorted(entry.get("acronyms") or [], key=len, reverse=True)
    parts = [f"(?i:{phrase_regex(p)})" for p in phrases]
    parts += [phrase_regex(a) for a in acronyms]
    parts += [_data_pattern(p) for p in entry.get("patterns") or []]
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    import yaml

    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    cues = tuple((topic_id, _topic_regex(entry)) for topic_id, entry in data["topics"].items())
    exclude = {
        topic_id: re.compile("|".join(phrase_regex(p) for p in entry["exclude"]), re.I)
        for topic_id, entry in data["topics"].items() if entry.get("exclude")
    }
    skip = re.compile("|".join(f"(?:{p})" for p in data["skip_sentences"]))
    scene = re.compile(r"(?i:" + "|".join(data["scene_setting"]) + r")" + _SCENE_GAP)
    offices = re.compile("|".join(f"(?:{p})" for p in data["offices"]))
    return _Rules(cues, exclude, skip, scene, offices)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _sentence_cues(text: str, rules: _Rules) -> dict[str, list[str]]:
    """Cues per topic in ``text`` that survive the exclude, office and scene filters."""
    out: dict[str, list[str]] = {}
    offices: list[tuple[int, int]] | None = None
    for topic_id, pattern in rules.cues:
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        if offices is None:
            offices = [m.span() for m in rules.offices.finditer(text)]
        excl = rules.exclude.get(topic_id)
        hidden = offices + ([e.span() for e in excl.finditer(text)] if excl else [])
        for m in matches:
            if _overlaps(m.span(), hidden):
                continue
            if rules.scene.search(text, max(0, m.start() - _SCENE_WINDOW), m.start()):
                continue
            out.setdefault(topic_id, []).append(m.group(0))
    return out


def extract_topics(sentences: list[Sentence]) -> list[TopicHit]:
    """Topics of the story, in taxonomy order, each with the sentences and cues that
    support it."""
    rules = _rules()
    hits: dict[str, TopicHit] = {}
    for sentence in sentences:
        if rules.skip.search(sentence.text):
            continue
        for topic_id, cues in _sentence_cues(sentence.text, rules).items():
            hit = hits.setdefault(topic_id, TopicHit(topic_id))
            hit.evidence.append(sentence.evidence())
            for cue in cues:
                if cue.lower() not in hit.cues:
                    hit.cues.append(cue.lower())
    order = [topic_id for topic_id, _ in rules.cues]
    return sorted(hits.values(), key=lambda h: order.index(h.topic))
