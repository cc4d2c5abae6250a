"""The note's topics as evidence read once.

Reports discuss several topics in one sentence ("talks covered energy, transport and the
grain corridor"), so quoting each topic's sentences would print that sentence under every
topic it supports. Here every sentence is quoted once: under the first topic it supports
(topics ranked by how much of the reports they take, i.e. how many distinct sentences
speak of them), tagged with the other topics it supports, with the words that made each
topic count marked. A topic whose sentences were all quoted under earlier topics points
to them instead of quoting again. Quotes are whole sentences; a very long one is cut only
after its last marked word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefing.model import Evidence, Meeting, TopicHit, corroboration
from briefing.render.labels import Labels, label

#: A longer sentence is cut (after its last marked word) with an ellipsis.
QUOTE_CHARS = 480
#: Topics (best represented first) quoted twice, from different reports; the rest once.
TWO_QUOTE_TOPICS = 3


def sentence_key(text: str) -> str:
    """Two sentences that differ only in case, accents, spacing or punctuation are one:
    wire copies carry the same sentence with curly or straight quotes."""
    from briefing.vocab import fold

    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


@dataclass
class _Sentence:
    text: str  # whitespace normalised
    evidence: list[Evidence] = field(default_factory=list)  # every copy of it
    topics: list[str] = field(default_factory=list)  # topic ids, in rank order
    position: tuple[int, int] = (0, 0)  # (first source number, offset): the reading order

    @property
    def report(self) -> str:
        return self.evidence[0].article_id


def _sentences(topics: list[TopicHit]) -> dict[str, _Sentence]:
    """Every distinct sentence that supports a topic, with the topics it supports."""
    found: dict[str, _Sentence] = {}
    for hit in topics:
        for e in hit.evidence:
            text = " ".join(e.text.split())
            entry = found.setdefault(sentence_key(text), _Sentence(text))
            if all((x.article_id, x.start) != (e.article_id, e.start) for x in entry.evidence):
                entry.evidence.append(e)
            if hit.topic not in entry.topics:
                entry.topics.append(hit.topic)
    return found


def _marks(text: str, cues: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """(start, end, topic) of the cue words of each topic in ``text``, first-ranked
    topic first where two overlap; matched on the folded text, whose offsets are the
    same as the text's."""
    from briefing.vocab import fold, phrase_regex

    folded = fold(text)
    spans: list[tuple[int, int, str]] = []
    for topic, words in cues.items():
        for cue in sorted(set(words), key=len, reverse=True):
            for m in re.finditer(phrase_regex(fold(cue)), folded):
                if all(m.end() <= a or m.start() >= b for a, b, _ in spans):
                    spans.append((m.start(), m.end(), topic))
    return sorted(spans)


def _parts(text: str, marks: list[tuple[int, int, str]], labels: Labels) -> list[dict[str, Any]]:
    """The quote as pieces of plain text and marked words (``topic`` set), cut after the
    last mark when the sentence is longer than ``QUOTE_CHARS``."""
    end = len(text)
    if end > QUOTE_CHARS:
        last = max((b for _, b, _ in marks), default=0)
        cut = text.find(" ", max(QUOTE_CHARS, last))
        end = cut if cut > 0 else end
    parts: list[dict[str, Any]] = []
    pos = 0
    for a, b, topic in marks:
        if a >= end:
            break
        if a > pos:
            parts.append({"text": text[pos:a], "topic": None, "label": None})
        parts.append({"text": text[a:b], "topic": topic, "label": label(labels, "topics", topic)})
        pos = b
    if pos < end:
        parts.append({"text": text[pos:end], "topic": None, "label": None})
    if end < len(text):
        parts.append({"text": " …", "topic": None, "label": None})
    return parts


def topic_evidence(
    meeting: Meeting, labels: Labels, cites: Callable[[list[Evidence]], list[int]]
) -> list[dict[str, Any]]:
    """The topics section: topics ranked by the number of distinct sentences that speak
    of them (then by the reports that do, then in the order of labels.yaml), each with
    the quotes first shown under it and the earlier topics whose quotes also support it.
    Every sentence is quoted at most once in the note."""
    order = {topic: i for i, topic in enumerate(labels["topics"])}
    sentences = _sentences(meeting.topics)
    count = {t.topic: len({sentence_key(e.text) for e in t.evidence}) for t in meeting.topics}
    ranked = sorted(
        meeting.topics,
        key=lambda t: (-count[t.topic], -corroboration(t.evidence), order.get(t.topic, 99)),
    )
    rank = {t.topic: i for i, t in enumerate(ranked)}
    for s in sentences.values():
        s.topics.sort(key=rank.__getitem__)
        s.position = (min(cites(s.evidence), default=0), min(e.start for e in s.evidence))
    cues = {t.topic: t.cues for t in ranked}
    top = max(count.values(), default=1)
    quoted: dict[str, str] = {}  # sentence key -> the topic it is quoted under
    out = []
    for i, hit in enumerate(ranked):
        mine = sorted(
            (k for k, s in sentences.items() if hit.topic in s.topics),
            key=lambda k: sentences[k].position,
        )
        limit = 2 if i < TWO_QUOTE_TOPICS else 1
        picked = _pick([k for k in mine if k not in quoted], sentences, limit)
        quoted.update({k: hit.topic for k in picked})
        quotes = []
        for k in picked:
            s = sentences[k]
            marks = _marks(s.text, {t: cues[t] for t in s.topics})
            quotes.append(
                {
                    "parts": _parts(s.text, marks, labels),
                    "cites": cites(s.evidence),
                    "also": [label(labels, "topics", t) for t in s.topics if t != hit.topic],
                }
            )
        earlier = sorted({quoted[k] for k in mine if quoted.get(k) not in (None, hit.topic)})
        out.append(
            {
                "id": hit.topic,
                "label": label(labels, "topics", hit.topic),
                "sentences": count[hit.topic],
                "share": round(100 * count[hit.topic] / top),
                "quotes": quotes,
                "quoted_under": [
                    label(labels, "topics", t) for t in sorted(earlier, key=rank.__getitem__)
                ],
                "cites": cites(hit.evidence),
                "corroboration": corroboration(hit.evidence),
            }
        )
    return out


#: A second quote sharing this share of its words with the first is a rewrite of it (an
#: outlet's paraphrase of the wire): it adds nothing, so it is not quoted.
REWRITE_OVERLAP = 0.5


def _words(key: str) -> set[str]:
    return {w for w in key.split() if len(w) > 3}


def _pick(keys: list[str], sentences: dict[str, _Sentence], limit: int) -> list[str]:
    """Up to ``limit`` sentences, earliest first, from different reports where possible,
    none a rewrite of another."""
    picked: list[str] = []
    for same_report_ok in (False, True):
        for k in keys:
            if len(picked) >= limit or k in picked:
                continue
            reports = {sentences[p].report for p in picked}
            if not same_report_ok and sentences[k].report in reports:
                continue
            mine = _words(k)
            if any(
                len(mine & (theirs := _words(p))) / max(len(mine | theirs), 1) >= REWRITE_OVERLAP
                for p in picked
            ):
                continue
            picked.append(k)
    return picked
