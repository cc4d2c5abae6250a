"""Topics discussed at a meeting, tagged from cue words (``data/topics.yaml``).

A topic is tagged when any story sentence mentions one of its cues: meeting readouts
list what "the sides discussed", so a cue in the story is nearly always a topic of the
talks. Four filters keep scene-setting out: photo captions and sign-off lines are
skipped; an `exclude` phrase hides the cues it overlaps ("energy security" is not a
security topic); a cue inside an office name ("Minister of Agriculture") names who met,
not what they discussed; and a cue right after "to attend" / "on the sidelines of" names
the occasion ("on the sidelines of the G20 summit"), not a subject of the talks.

Cues are indexed by their first two letters and, per topic, compiled into one regular
expression for each such pair: a sentence is scanned once, word start by word start, and
only the topics with cues starting with those letters are tried there. The few free
patterns are searched over the whole sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.nlp import Sentence
from briefing.extract.vocab import data_pattern, load_data, phrase_regex
from briefing.model import TopicHit

_SCENE_WINDOW = 80
# Between a scene phrase and the cue: only articles, numbers and capitalised words
# ("on the sidelines of the 16th BRICS summit"); "to take part in the reconstruction of
# Ukraine" is a subject, not an occasion.
_SCENE_GAP = r"\s+(?:(?:the|a|an|\d[\w\-]*|[A-Z][\w.'’\-]*)\s+){0,4}$"


@dataclass(frozen=True)
class _Rules:
    # first two letters (lower case) -> (topic, its cues starting with them)
    index: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # free regexes, searched whole
    exclude: dict[str, re.Pattern[str]]
    order: tuple[str, ...]
    skip: re.Pattern[str]
    scene: re.Pattern[str]
    offices: tuple[re.Pattern[str], ...]  # searched one by one: their matches may overlap


def _index(
    topics: dict[str, dict[str, list[str]]],
) -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """Per first two letters, one regex per topic of all its cues starting with them
    (longest first, so the fullest cue is the one reported)."""
    groups: dict[str, dict[str, list[str]]] = {}
    for topic_id, entry in topics.items():
        cues = [(p, True) for p in entry.get("phrases") or []]
        cues += [(a, False) for a in entry.get("acronyms") or []]
        for cue, fold in sorted(cues, key=lambda c: len(c[0]), reverse=True):
            body = phrase_regex(cue)
            groups.setdefault(cue[:2].lower(), {}).setdefault(topic_id, []).append(
                f"(?i:{body})" if fold else body
            )
    return {
        key: tuple((topic_id, re.compile("|".join(parts))) for topic_id, parts in per_topic.items())
        for key, per_topic in groups.items()
    }


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("topics.yaml")
    topics = data["topics"]
    patterns = tuple(
        (topic_id, data_pattern(p))
        for topic_id, entry in topics.items()
        for p in entry.get("patterns") or []
    )
    exclude = {
        topic_id: re.compile("|".join(phrase_regex(p) for p in entry["exclude"]), re.I)
        for topic_id, entry in topics.items()
        if entry.get("exclude")
    }
    skip = re.compile("|".join(f"(?:{p})" for p in data["skip_sentences"]))
    scene = re.compile(r"(?i:" + "|".join(data["scene_setting"]) + r")" + _SCENE_GAP)
    offices = tuple(re.compile(p) for p in data["offices"])
    return _Rules(_index(topics), patterns, exclude, tuple(topics), skip, scene, offices)


_WORD_START = re.compile(r"(?<!\w)\w")


def _cue_matches(text: str, rules: _Rules) -> list[tuple[str, re.Match[str]]]:
    found = []
    for w in _WORD_START.finditer(text):
        pos = w.start()
        for topic_id, cue in rules.index.get(text[pos : pos + 2].lower(), ()):
            m = cue.match(text, pos)
            if m:
                found.append((topic_id, m))
    for topic_id, pattern in rules.patterns:
        found.extend((topic_id, m) for m in pattern.finditer(text))
    return found


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _sentence_cues(text: str, rules: _Rules) -> dict[str, list[str]]:
    """Cues per topic in ``text`` that survive the exclude, office and scene filters."""
    out: dict[str, list[str]] = {}
    matches = _cue_matches(text, rules)
    if not matches:
        return out
    offices = [m.span() for pattern in rules.offices for m in pattern.finditer(text)]
    hidden: dict[str, list[tuple[int, int]]] = {}
    for topic_id, m in matches:
        if topic_id not in hidden:
            excl = rules.exclude.get(topic_id)
            hidden[topic_id] = offices + ([e.span() for e in excl.finditer(text)] if excl else [])
        if _overlaps(m.span(), hidden[topic_id]):
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
    return sorted(hits.values(), key=lambda h: rules.order.index(h.topic))
