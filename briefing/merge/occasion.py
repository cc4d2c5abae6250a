"""The occasion of a meeting beyond "meeting, call or video call": its finer kind (a state,
official or working visit, talks on the sidelines of a named gathering, an envoy
received, a first visit) and the next steps its sides agreed or announced.

Both are read at merge time from what the reports of one meeting say about it, so every
report counts once and each finding keeps the sentences it came from. The kind is read
where reports describe the occasion (the headline, the first sentences of the story, the
sentences naming the place) and from the participants' titles (an ambassador received);
next steps from any story sentence with one of the cue words of
``briefing/data/next_steps.yaml``. Vocabulary lives in ``briefing/data`` and is compiled
through ``briefing.vocab``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from briefing.merge.similar import jaccard, words
from briefing.model import (
    MEETING_KINDS,
    Agreement,
    Evidence,
    Extraction,
    MeetingKind,
    NextStep,
    Participant,
    corroboration,
)

if TYPE_CHECKING:  # the extraction package is imported when a merge needs it
    from briefing.extract.nlp import Sentence

#: Sentences of a report's story read for the kind: its lead.
LEAD_SENTENCES = 2
#: Next steps a meeting keeps (the best supported), and the words of one step.
MAX_STEPS = 4
STEP_CHARS = 200
#: How far back a clause step reaches for its subject.
CLAUSE_REACH = 90
#: ", the ministry said" closing a step: who said it is in the citation.
_ATTRIBUTION = re.compile(
    r"[,.]?[\"”]?,?\s+(?:[^,\"”]{0,80}\s)?(?:said|says|added|noted|reported|stated|told)\b[^,\"”]*$"
)
_EVENT_WORD = re.compile(r"[\w'’.&-]+|[^\w\s]")


@dataclass(frozen=True)
class _Vocab:
    kinds: re.Pattern[str]  # group name = kind
    kind_of: dict[str, str]  # folded phrase -> kind
    envoy: re.Pattern[str]
    first: re.Pattern[str]
    other: re.Pattern[str]
    other_after: list[re.Pattern[str]]
    event_words: frozenset[str]
    event_joins: frozenset[str]
    verbs: re.Pattern[str]
    clauses: re.Pattern[str]
    ahead: re.Pattern[str]


@cache
def _vocab() -> _Vocab:
    from briefing.vocab import alternation, data_pattern, fold, load_data, phrases_re

    kinds = load_data("meeting_kinds.yaml")
    steps = load_data("next_steps.yaml")
    kind_of = {fold(p): kind for kind, phrases in kinds["kinds"].items() for p in phrases}
    verbs = "|".join([alternation(steps["verbs"]), *steps["verb_patterns"]])
    return _Vocab(
        kinds=phrases_re(kind_of),
        kind_of=kind_of,
        envoy=phrases_re(kinds["envoy_titles"]),
        first=phrases_re(kinds["first_visit"]),
        other=phrases_re(kinds["other_visit"]),
        other_after=[data_pattern(p) for p in kinds["other_visit_patterns"]],
        event_words=frozenset(kinds["event_words"]),
        event_joins=frozenset(kinds["event_joins"]),
        verbs=re.compile(verbs, re.IGNORECASE),
        clauses=phrases_re(steps["clauses"]),
        ahead=phrases_re(steps["ahead"]),
    )


def _kind_of(match: re.Match[str]) -> str | None:
    from briefing.vocab import fold

    phrase = " ".join(fold(match.group()).replace("-", " ").split())
    return _vocab().kind_of.get(phrase)


def _sentences(ex: Extraction, patterns: list[re.Pattern[str]], limit: int | None = None):
    """The sentences of the story's paragraphs (its first ``limit`` only, if given) in
    which one of ``patterns`` occurs: splitting a paragraph into sentences costs more than
    searching it, and most paragraphs hold no cue at all."""
    from briefing.extract.nlp import split_sentences

    text = ex.article.text
    spans = (ex.story_spans or [(0, len(text))])[:limit]
    if not any(p.search(text, a, b) for a, b in spans for p in patterns):
        return []
    return [
        s
        for a, b in spans
        if any(p.search(text, a, b) for p in patterns)
        for s in split_sentences(ex.article.id, text, [(a, b)])
    ]


def _described(ex: Extraction) -> list[Evidence]:
    """The sentences where a report describes the occasion: its lead (when a cue is in
    it) and the sentences that name the place or the day."""
    vocab = _vocab()
    paragraphs = ex.story_spans[:LEAD_SENTENCES] or [(0, len(ex.article.text))]
    lead = []
    if any(
        p.search(ex.article.text, *span) for p in (vocab.kinds, vocab.first) for span in paragraphs
    ):
        from briefing.extract.nlp import split_sentences

        lead = split_sentences(ex.article.id, ex.article.text, paragraphs)[:LEAD_SENTENCES]
    found = {(s.start, s.end): s.evidence() for s in lead}
    for e in [*ex.location.evidence, *(e for d in ex.date_mentions for e in d.evidence)]:
        if e.article_id == ex.article.id:
            found.setdefault((e.start, e.end), e)
    return [found[k] for k in sorted(found)]


def _this_visit(text: str, start: int, end: int) -> bool:
    """False when the sentence speaks of another visit than this meeting around the
    phrase at ``start:end`` ("invited him to pay a state visit", "a visit in 2019")."""
    vocab = _vocab()
    if vocab.other.search(text, 0, start):
        return False
    return not any(p.search(text, end) for p in vocab.other_after)


def _named(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit()


def event_name(text: str) -> str | None:
    """The gathering named at the start of ``text`` (what follows "on the sidelines of"):
    "the 7th Silk Road Summit in Khiva" -> "7th Silk Road Summit"; "a two-day APEC
    summit" -> "APEC summit"; None when no word with a capital or digit names it."""
    vocab = _vocab()
    tokens = _EVENT_WORD.findall(" ".join(text[:240].split()))
    start = next((i for i, t in enumerate(tokens[:7]) if _named(t)), None)
    if start is None:
        return None
    kept: list[str] = []
    for i, token in enumerate(tokens[start : start + 14], start=start):
        low = token.lower().rstrip("'’")
        if not re.match(r"[\w'’&]", token):
            break
        if low in vocab.event_joins:
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not (_named(after) or after.lower() in vocab.event_joins):
                break
        elif not _named(token) and low not in vocab.event_words:
            break
        kept.append(token)
    while kept and kept[-1].lower() in vocab.event_joins:
        kept.pop()
    name = re.sub(r"(?:['’]s?|\.)+$", "", " ".join(kept))
    return name or None


def _envoy_received(participants: list[Participant]) -> list[Evidence] | None:
    """The evidence of the envoys when one side is spoken for by envoys alone."""
    envoy = _vocab().envoy
    envoys = [p for p in participants if p.title and envoy.search(p.title)]
    if not envoys:
        return None
    others = {p.country for p in participants if p not in envoys and p.country}
    if any(p.country in others for p in envoys if p.country):
        return None  # the envoy came with his leader: not an envoy received
    return [e for p in envoys for e in p.evidence]


def meeting_kind(
    members: list[Extraction], meeting_type: str | None, participants: list[Participant]
) -> MeetingKind | None:
    """The finer kind of an in-person meeting, from every report of it (each report votes
    once per kind; most votes win, ties go to the order of ``MEETING_KINDS``), or None."""
    if meeting_type not in (None, "meeting"):
        return None  # a call is a call
    vocab = _vocab()
    votes: Counter[str] = Counter()
    evidence: dict[str, list[Evidence]] = {}
    events: list[str] = []
    first: list[Evidence] = []
    first_seen = False
    for ex in members:
        seen: set[str] = set()
        texts: list[tuple[str, Evidence | None]] = [(ex.article.title or "", None)]
        texts += [(e.text, e) for e in _described(ex)]
        for text, ev in texts:
            for m in vocab.kinds.finditer(text):
                named = _kind_of(m)
                if named is None or not _this_visit(text, m.start(), m.end()):
                    continue
                if named not in seen:
                    seen.add(named)
                    votes[named] += 1
                if ev is not None:
                    evidence.setdefault(named, []).append(ev)
                if named == "sidelines" and (name := event_name(text[m.end() :])):
                    events.append(name)
            hit = vocab.first.search(text)
            if hit and _this_visit(text, hit.start(), hit.end()):
                first_seen = True
                first += [ev] if ev is not None else []
    envoys = _envoy_received(participants)
    if envoys is not None:
        kind: str | None = "envoy_received"
        evidence["envoy_received"] = envoys + evidence.get("envoy_received", [])
    elif votes:
        rank = {k: i for i, k in enumerate(MEETING_KINDS)}
        kind = min(votes, key=lambda k: (-votes[k], rank.get(k, len(rank))))
    else:
        kind = None
    if kind is None and not first_seen:
        return None
    event = Counter(events).most_common(1)[0][0] if kind == "sidelines" and events else None
    chosen = _unique([*evidence.get(kind or "", []), *first])
    return MeetingKind(kind, event, first_seen, chosen)


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    out: dict[tuple[str, int, int], Evidence] = {}
    for e in evidence:
        out.setdefault((e.article_id, e.start, e.end), e)
    return sorted(out.values(), key=lambda e: (e.article_id, e.start))


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding ``at`` starts: after the last comma, semicolon, colon or
    "that" before it, or the sentence start, unless that is too far back."""
    ends = [i + len(sep) for sep in (",", ";", ":", " that ") if (i := text.rfind(sep, 0, at)) >= 0]
    start = max(ends, default=0)
    return start if at - start <= CLAUSE_REACH else at


def _step_text(sentence: Sentence) -> str | None:
    """The step a sentence announces, worded from its verb (or its whole clause when that
    looks ahead), or None."""
    vocab = _vocab()
    text = " ".join(sentence.text.split())
    verb = vocab.verbs.search(text)
    clause = vocab.clauses.search(text)
    if verb is not None and (clause is None or verb.start() <= clause.start()):
        start = verb.start()
    elif clause is not None:
        start = _clause_start(text, clause.start())
        end = min((text.find(sep, clause.end()) % (len(text) + 1) for sep in ",;"), default=0)
        if not vocab.ahead.search(text, start, max(end, clause.end())):
            return None
    else:
        return None
    step = re.sub(r"^(?:and|but|while|as)\s+", "", text[start:].strip(" ,;:")).rstrip(".")
    step = _ATTRIBUTION.sub("", step).rstrip(" .,;:—–-")
    if step.split(" ", 1)[0].lower() in ("which", "who", "whom", "where", "when"):
        return None  # a relative clause: its step belongs to a noun of another clause
    if step.count("“") != step.count("”") or step.count('"') % 2:
        step = re.sub(r"[“”\"]", "", step).strip()
    if len(step) > STEP_CHARS:
        step = step[:STEP_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return step


def next_steps(members: list[Extraction], agreements: list[Agreement]) -> list[NextStep]:
    """What the sides agreed to do or announced, one entry per step however many reports
    give it (similar wording joins), best supported first, at most ``MAX_STEPS``."""
    vocab = _vocab()
    taken = {(e.article_id, e.start) for a in agreements for e in a.evidence}
    found: list[tuple[NextStep, set[str]]] = []
    for ex in members:
        for sentence in _sentences(ex, [vocab.verbs, vocab.clauses]):
            if (sentence.article_id, sentence.start) in taken:
                continue
            step = _step_text(sentence)
            if not step:
                continue
            shape = set(words(step))
            for known, known_shape in found:
                if jaccard(shape, known_shape) >= 0.5:
                    known.evidence.append(sentence.evidence())
                    break
            else:
                found.append((NextStep(step, [sentence.evidence()]), shape))
    ranked = sorted(
        (step for step, _ in found), key=lambda s: -corroboration(s.evidence)
    )  # stable: first reported first among equals
    return ranked[:MAX_STEPS]
