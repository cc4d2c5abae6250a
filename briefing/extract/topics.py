"""Topics discussed at a meeting: cue words found (``data/topics.yaml``), evidence
weighed over the story with fitted weights (``data/topic_weights.yaml``).

A cue word alone is weak evidence: "security" in an award citation, "Afghanistan" in a
list of a summit's members, "trade" in a line of statistics are background written by
the journalist, not what the sides discussed (spec/annotation.md). So each sentence with
a cue of a topic is described by a few features (how specific the cue is; whether the
sentence reports what the sides discussed, agreed or said, or is background, a preview,
the occasion, another event; where it stands in the story), and the topic is tagged when
its best sentence's probability reaches the threshold:

    score = bias[topic] + sum_f (w[f] + offset[topic][f]) * x[f]   (story and sentence)

The weights are a logistic regression fitted by ``scripts/fit_topics.py`` on the
annotated development reports and applied here as a dot product
(``briefing.extract.weights.Model``), in pure Python. The sentence with the highest score
is the tag's first evidence; every other sentence that would tag it alone follows.

Before the features, three filters: photo captions and sign-off lines are skipped; an
`exclude` phrase hides the cues it overlaps ("energy security" is not a security topic);
a cue inside an office name ("Minister of Agriculture") names who met, and a cue right
after "to attend" or "on the sidelines of" names the occasion: neither is a subject of
the talks (spec/annotation.md), so neither is a cue. A cue naming a gathering ("the G20
summit") stays one, flagged: the sides may have discussed it.

Cues and the phrases of the sentence roles are indexed by their first two letters: a
sentence is scanned once, word start by word start, and only the phrases starting with
the letters there are tried.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from briefing.extract.nlp import Sentence
from briefing.extract.weights import Model
from briefing.model import TopicHit
from briefing.vocab import alternation, data_pattern, load_data, phrase_regex

WEIGHTS_FILE = "topic_weights.yaml"
# Sentence features that also get a weight of their own per topic (an offset to the
# shared one): a weak cue, or a sentence reporting talks or a position, means more for
# some topics than for others.
PER_TOPIC = ("weak", "talks", "stance")

# Features of one sentence for one topic, all 0 or 1. Their weights are fitted; the text
# here is written beside each weight in the weights file.
SENTENCE_FEATURES: dict[str, str] = {
    "phrase": "a cue of the topic is a multi-word phrase ('bilateral trade'), not only a word",
    "weak": "every cue of the topic is a weak one (a place, a broad word: the `weak` lists)",
    "cues2": "two or more different cues of the topic in the sentence",
    "event": "every cue names a gathering ('the G20 summit', 'the UN climate conference')",
    "talks": "the sentence reports what was discussed ('discussed', 'exchanged views')",
    "stance": "the sentence reports a position ('agreed', 'stressed', 'welcomed', 'called for')",
    "cooperate": "the sentence speaks of cooperation or its areas ('cooperation in', 'expand')",
    "sides": "the sides are its subject ('both leaders', 'they agreed', 'his counterpart')",
    "speech": "the sentence quotes or reports speech (quotation marks, 'said', 'told')",
    "background": "journalist background: statistics, history, past years ('is one of the')",
    "preview": "what is expected, not what was said ('are expected to discuss', 'ahead of')",
    "other_event": "another event than the talks ('trilateral', 'separately', 'earlier')",
    "weak_said": "weak cues only, in a sentence that reports talks or a position ('talks' or "
    "'stance'): a place or broad word the sides spoke of",
    "list": "cues of two or more other topics in the same sentence (a list of areas)",
    "lead": "the first sentence of the story",
    "early": "the second or third sentence of the story",
    "late": "in the last third of the story (background gathers there)",
}
# Features of the whole story for one topic.
REPORT_FEATURES: dict[str, str] = {
    "support": "log2(1 + number of story sentences with a cue of the topic)",
}

_SCENE_WINDOW = 80
# Between a scene phrase and the cue: only articles, numbers and capitalised words
# ("on the sidelines of the 16th BRICS summit"); "to take part in the reconstruction of
# Ukraine" is a subject, not an occasion.
_SCENE_GAP = r"\s+(?:(?:the|a|an|of|and|\d[\w\-]*|[A-Z][\w.'’\-]*|\([A-Z][\w.'’\-]*\))\s+){0,5}\(?"
_EARLY = 3  # the lead and the two sentences after it
_LATE = 2 / 3  # sentences past this share of the story are "late"


# The phrases of the sentence roles and the exclude phrases are found by the same
# word-start scan as the cues, labelled so ("@talks", "!trade").
_ROLE = "@"
_EXCLUDE = "!"


@dataclass(frozen=True)
class _Bucket:
    """The phrases starting with two given letters: any of them (a quick test), then per
    label (a topic's cues, ``@role`` a role's phrases, ``!topic`` its exclude phrases)."""

    any: re.Pattern[str]
    labels: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class _Rules:
    index: dict[str, _Bucket]  # first two letters (lower case) -> the phrases starting so
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # free regexes, searched whole
    weak: dict[str, re.Pattern[str]]
    order: tuple[str, ...]
    skip: re.Pattern[str]
    scene: re.Pattern[str]  # a scene-setting phrase
    scene_gap: re.Pattern[str]  # what may stand between it and a cue naming the occasion
    event: re.Pattern[str]  # matched right after a cue: the cue names a gathering
    gathering: re.Pattern[str]  # a gathering's name inside a cue
    offices: tuple[re.Pattern[str], ...]  # searched one by one: their matches may overlap
    roles: tuple[str, ...]
    role_patterns: tuple[tuple[str, re.Pattern[str]], ...]  # role -> its regular expression


@dataclass
class CueSentence:
    """One story sentence with cues of one topic: its position, cues and features."""

    index: int
    cues: list[str]
    features: dict[str, float]


@dataclass
class Candidate:
    """A topic with at least one cue in the story: the evidence the model weighs."""

    topic: str
    sentences: list[CueSentence] = field(default_factory=list)
    report: dict[str, float] = field(default_factory=dict)


def _index(phrases: dict[str, list[tuple[str, bool]]]) -> dict[str, _Bucket]:
    """Per first two letters, one regex per label of all its phrases starting with them
    (longest first, so the fullest phrase is the one reported); ``fold``: ignore case."""
    groups: dict[str, dict[str, list[str]]] = {}
    for label, entries in phrases.items():
        for phrase, fold in sorted(entries, key=lambda c: len(c[0]), reverse=True):
            body = phrase_regex(phrase)
            groups.setdefault(phrase[:2].lower(), {}).setdefault(label, []).append(
                f"(?i:{body})" if fold else body
            )
    return {
        key: _Bucket(
            re.compile("|".join(p for parts in per_label.values() for p in parts)),
            tuple((label, re.compile("|".join(parts))) for label, parts in per_label.items()),
        )
        for key, per_label in groups.items()
    }


def _inline(pattern: re.Pattern[str]) -> str:
    """A compiled data pattern as a group that keeps its case rule, for one alternation."""
    return f"(?{'i' if pattern.flags & re.IGNORECASE else ''}:{pattern.pattern})"


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("topics.yaml")
    topics = data["topics"]
    patterns = tuple(
        (topic_id, re.compile("|".join(_inline(data_pattern(p)) for p in entry["patterns"])))
        for topic_id, entry in topics.items()
        if entry.get("patterns")
    )
    weak = {
        topic_id: re.compile(
            "|".join(f"(?:{phrase_regex(p)})" for p in entry["weak"]), re.IGNORECASE
        )
        for topic_id, entry in topics.items()
        if entry.get("weak")
    }
    skip = re.compile("|".join(f"(?:{p})" for p in data["skip_sentences"]))
    scene = re.compile(r"(?i:" + "|".join(data["scene_setting"]) + r")")
    offices = tuple(re.compile(p) for p in data["offices"])
    phrases = {
        topic_id: [(p, True) for p in (entry.get("phrases") or []) + (entry.get("weak") or [])]
        + [(a, False) for a in entry.get("acronyms") or []]
        for topic_id, entry in topics.items()
    }
    for topic_id, entry in topics.items():
        phrases[_EXCLUDE + topic_id] = [(p, True) for p in entry.get("exclude") or []]
    for name, spec in data["roles"].items():
        phrases[_ROLE + name] = [(p, True) for p in spec.get("phrases") or []]
    role_patterns = tuple(
        (name, re.compile("|".join(f"(?:{p})" for p in spec["patterns"]), re.IGNORECASE))
        for name, spec in data["roles"].items()
        if spec.get("patterns")
    )
    gatherings = alternation(f"{g}*" for g in data["gatherings"])
    event = re.compile(data["event_before"] + f"(?i:{gatherings})")
    # inside a cue, only as a name ("the East Asia Summit", not "an assembly plant")
    gathering = re.compile(alternation(f"{g.capitalize()}*" for g in data["gatherings"]))
    return _Rules(
        _index(phrases),
        patterns,
        weak,
        tuple(topics),
        skip,
        scene,
        re.compile(_SCENE_GAP),
        event,
        gathering,
        offices,
        tuple(data["roles"]),
        role_patterns,
    )


@lru_cache(maxsize=1)
def _models() -> dict[str, Model]:
    return models_from(load_data(WEIGHTS_FILE))


def models_from(data: dict[str, Any]) -> dict[str, Model]:
    """One model per topic from weights shaped like ``topic_weights.yaml``: its bias, the
    shared weights plus its own offsets. A feature the file does not weigh counts for
    nothing until ``scripts/fit_topics.py`` is run again (a test checks the names)."""
    shared = {k: float(v) for k, v in data["features"].items()}
    models = {}
    for topic, entry in data["topics"].items():
        own = {k: float(v) for k, v in entry.items() if k != "bias"}
        weights = {k: shared.get(k, 0.0) + own.get(k, 0.0) for k in shared.keys() | own.keys()}
        models[topic] = Model(topic, float(entry["bias"]), weights, float(data["threshold"]))
    return models


_WORD_START = re.compile(r"(?<!\w)\w")


@dataclass
class _Scan:
    """What one pass over a sentence found: cue matches (topic, match), the spans each
    topic's exclude phrases cover, and the roles the role phrases give the sentence."""

    cues: list[tuple[str, re.Match[str]]] = field(default_factory=list)
    hidden: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)


def _scan(text: str, rules: _Rules) -> _Scan:
    """One pass over the word starts of ``text``, trying only the phrases (cues, exclude
    phrases, role phrases) that start with the letters there; then the cue patterns."""
    out = _Scan()
    for w in _WORD_START.finditer(text):
        pos = w.start()
        bucket = rules.index.get(text[pos : pos + 2].lower())
        if bucket is None or not bucket.any.match(text, pos):
            continue
        for label, phrase in bucket.labels:
            kind = label[0]
            if kind == _ROLE and label[1:] in out.roles:
                continue
            m = phrase.match(text, pos)
            if m is None:
                continue
            if kind == _ROLE:
                out.roles.add(label[1:])
            elif kind == _EXCLUDE:
                out.hidden.setdefault(label[1:], []).append(m.span())
            else:
                out.cues.append((label, m))
    for topic_id, pattern in rules.patterns:
        for m in pattern.finditer(text):
            out.cues.append((topic_id, m))
    return out


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


@dataclass
class _Cue:
    text: str
    weak: bool
    event: bool


def _sentence_cues(text: str, scan: _Scan, rules: _Rules) -> dict[str, list[_Cue]]:
    """Cues per topic in ``text`` outside exclude phrases, office names and occasions,
    flagged when weak or naming a gathering."""
    out: dict[str, list[_Cue]] = {}
    offices = [m.span() for pattern in rules.offices for m in pattern.finditer(text)]
    scenes = [s.end() for s in rules.scene.finditer(text)]
    taken: dict[str, list[tuple[int, int]]] = {}
    # longest first: a cue inside a longer cue of the same topic ("power plant" in
    # "nuclear power plant") is the same mention
    for topic_id, m in sorted(
        scan.cues, key=lambda tm: (tm[1].start() - tm[1].end(), tm[1].start())
    ):
        if _overlaps(m.span(), scan.hidden.get(topic_id, [])) or _overlaps(
            m.span(), taken.get(topic_id, [])
        ):
            continue
        taken.setdefault(topic_id, []).append(m.span())
        if any(s <= m.start() and m.end() <= e for s, e in offices) or any(
            0 < m.start() - end <= _SCENE_WINDOW and rules.scene_gap.fullmatch(text, end, m.start())
            for end in scenes
        ):
            continue
        weak = rules.weak.get(topic_id)
        out.setdefault(topic_id, []).append(
            _Cue(
                m.group(0),
                bool(weak and weak.fullmatch(m.group(0))),
                bool(rules.gathering.search(m.group(0)) or rules.event.match(text, m.end())),
            )
        )
    return out


def _cue_features(cues: list[_Cue]) -> dict[str, float]:
    """The features that depend on the cues of one topic in one sentence."""
    return {
        "phrase": float(any(not c.weak and re.search(r"[\s\-]", c.text) for c in cues)),
        "weak": float(all(c.weak for c in cues)),
        "cues2": float(len({c.text.lower() for c in cues}) >= 2),
        "event": float(all(c.event for c in cues)),
    }


def candidates(sentences: list[Sentence]) -> list[Candidate]:
    """Every topic with a cue in the story, with the features of each sentence that
    carries one; the model's input, shared by :func:`extract_topics` and the fit script."""
    rules = _rules()
    found: dict[str, Candidate] = {}
    n = len(sentences)
    for i, sentence in enumerate(sentences):
        if rules.skip.search(sentence.text):
            continue
        scan = _scan(sentence.text, rules)
        per_topic = _sentence_cues(sentence.text, scan, rules) if scan.cues else {}
        if not per_topic:
            continue
        said_roles = scan.roles | {n for n, p in rules.role_patterns if p.search(sentence.text)}
        roles = {name: float(name in said_roles) for name in rules.roles}
        place = {
            "lead": float(i == 0),
            "early": float(0 < i < _EARLY),
            "late": float(n > _EARLY and i >= n * _LATE),
        }
        said = max(roles["talks"], roles["stance"])
        for topic_id, cues in per_topic.items():
            features = {**_cue_features(cues), **roles, **place, "list": float(len(per_topic) > 2)}
            features["weak_said"] = features["weak"] * said
            unique = list(dict.fromkeys(c.text.lower() for c in cues))
            found.setdefault(topic_id, Candidate(topic_id)).sentences.append(
                CueSentence(i, unique, features)
            )
    for cand in found.values():
        cand.report = {"support": math.log2(1 + len(cand.sentences))}
    return sorted(found.values(), key=lambda c: rules.order.index(c.topic))


def sentence_scores(cand: Candidate) -> list[float]:
    """Each cue sentence's score for the topic (log-odds: the topic's bias, the report
    features and the sentence's own); the topic's score is the highest."""
    model = _models()[cand.topic]
    return [model.score({**s.features, **cand.report}) for s in cand.sentences]


def extract_topics(sentences: list[Sentence]) -> list[TopicHit]:
    """Topics of the story, in taxonomy order, each with the sentences and cues that
    support it, the strongest sentence first, then every other that would tag it alone."""
    hits = []
    for cand in candidates(sentences):
        threshold = _models()[cand.topic].threshold
        scores = sentence_scores(cand)
        ranked = sorted(range(len(scores)), key=lambda k: -scores[k])
        keep = [k for k in ranked if 1.0 / (1.0 + math.exp(-scores[k])) >= threshold]
        if not keep:
            continue
        hit = TopicHit(cand.topic)
        for k in keep:
            hit.evidence.append(sentences[cand.sentences[k].index].evidence())
            hit.cues.extend(c for c in cand.sentences[k].cues if c not in hit.cues)
        hits.append(hit)
    return hits
