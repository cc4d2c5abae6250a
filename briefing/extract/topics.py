"""Topics discussed at a meeting, tagged from cue words (``data/topics.yaml``).

A topic is tagged when any story sentence mentions one of its cues: meeting readouts
list what "the sides discussed", so a cue in the story is nearly always a topic of the
talks. Three filters keep scene-setting out: photo captions and sign-off lines are
skipped, an `exclude` phrase hides the cues it overlaps ("energy security" is not a
security topic), and a cue right after "to attend" / "on the sidelines of" names the
occasion, not a subject of the talks.
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


@dataclass(frozen=True)
class _Rules:
    index: dict[str, list[tuple[str, re.Pattern[str]]]]  # first two letters -> cues
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # free regexes, searched whole
    exclude: dict[str, re.Pattern[str]]
    order: tuple[str, ...]
    skip: re.Pattern[str]
    scene: re.Pattern[str]


def phrase_regex(phrase: str) -> str:
    """Regex for a cue phrase: word-bounded, space or hyphen between words, ``*`` for any
    word ending and ``[sz]`` for spelling variants."""
    body = re.escape(phrase.strip())
    body = re.sub(r"\\\[(\w+)\\\]", r"[\1]", body)
    body = body.replace(r"\*", r"\w*")
    body = re.sub(r"(?:\\ |\\-|-| )+", r"[\\s\\-‐–]+", body)
    return rf"(?<!\w){body}(?!\w)"


def _pattern(source: str) -> re.Pattern[str]:
    """A data regex; a leading ``(?i)`` makes it ignore case."""
    if source.startswith("(?i)"):
        return re.compile(source[4:], re.IGNORECASE)
    return re.compile(source)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    """Cue phrases indexed by their first two letters: a sentence is scanned once, word
    start by word start, and only the few cues sharing those letters are tried there."""
    import yaml

    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    index: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    exclude: dict[str, re.Pattern[str]] = {}
    for topic_id, entry in data["topics"].items():
        cues = [(p, re.IGNORECASE) for p in entry.get("phrases") or []]
        cues += [(a, 0) for a in entry.get("acronyms") or []]
        for cue, flags in cues:
            index.setdefault(cue[:2].lower(), []).append(
                (topic_id, re.compile(phrase_regex(cue), flags)))
        patterns += [(topic_id, _pattern(p)) for p in entry.get("patterns") or []]
        if entry.get("exclude"):
            exclude[topic_id] = re.compile(
                "|".join(phrase_regex(p) for p in entry["exclude"]), re.IGNORECASE)
    skip = re.compile("|".join(f"(?:{p})" for p in data["skip_sentences"]))
    scene = re.compile(r"(?:" + "|".join(data["scene_setting"]) + r")\s+(?:[^\s,;.]+\s+){0,6}$",
                       re.IGNORECASE)
    return _Rules(index, tuple(patterns), exclude, tuple(data["topics"]), skip, scene)


_WORD_START = re.compile(r"(?<!\w)\w")


def _cue_matches(text: str, rules: _Rules) -> list[tuple[str, re.Match[str]]]:
    found = []
    for w in _WORD_START.finditer(text):
        pos = w.start()
        for topic_id, cue in rules.index.get(text[pos:pos + 2].lower(), ()):
            m = cue.match(text, pos)
            if m:
                found.append((topic_id, m))
    for topic_id, pattern in rules.patterns:
        found.extend((topic_id, m) for m in pattern.finditer(text))
    return found


def _sentence_cues(text: str, rules: _Rules) -> dict[str, list[str]]:
    """Cues per topic in ``text`` that survive the exclude and scene filters."""
    out: dict[str, list[str]] = {}
    hidden: dict[str, list[tuple[int, int]]] = {}
    for topic_id, m in _cue_matches(text, rules):
        if topic_id not in hidden:
            excl = rules.exclude.get(topic_id)
            hidden[topic_id] = [e.span() for e in excl.finditer(text)] if excl else []
        if any(s < m.end() and m.start() < e for s, e in hidden[topic_id]):
            continue
        if rules.scene.search(text[max(0, m.start() - _SCENE_WINDOW):m.start()]):
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
