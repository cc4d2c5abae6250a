"""The declared level of the bilateral relationship, the level before it, and since when.

Levels are a closed list (``data/relationship.yaml``, normalised singular forms, highest
first). An upgrade sentence ("advanced from a strategic partnership to a comprehensive
strategic partnership", "upgraded relations to a strategic partnership") gives the
current and the previous level; otherwise the highest level named is the current one.
The "since" date comes from a sentence that establishes the current level ("the Joint
Statement on the establishment of a comprehensive strategic partnership signed today"):
the date phrase nearest to the level in that sentence.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.nlp import Sentence
from briefing.extract.periods import find_dates, resolve_date_expr
from briefing.model import Relationship
from briefing.vocab import load_data, phrase_regex

_ARTICLE = r"(?:(?:an?|the|their|our|its|bilateral)\s+)?"
_AT_MEETING = "at the meeting"  # since_expr of a level set up by a document signed now
# After a level: a sector, not the relationship as a whole ("in renewable energy", "in the
# field of energy"); "in all areas", "in the new era" keep it a level.
# Between a level and a date: another name or clause, so the date is not the level's.
_OTHER_NAME = re.compile(r"\b(?:and|while|but)\s+(?:the|a|an)\s+[A-Z]")
_SECTORAL = re.compile(
    r"\s+in\s+(?:(?!(?:all|every|various|many|the|a|an|its|their)\b)[a-z]"
    r"|the\s+(?:field|area|sphere|domain)s?\s+of\b)"
)


def _scoped(pattern: str) -> str:
    """A data pattern as a group of an alternation (a leading ``(?i)`` scoped to it)."""
    if pattern.startswith("(?i)"):
        return f"(?i:{pattern[4:]})"
    return f"(?:{pattern})"


@dataclass(frozen=True)
class _Rules:
    level: re.Pattern[str]
    names: tuple[str, ...]  # group index -> normalised level
    rank: dict[str, int]
    upgrade_from: re.Pattern[str]
    upgrade_to: re.Pattern[str]
    upgrade_more: re.Pattern[str]  # ", and to <level>" after an upgrade
    raised_from: re.Pattern[str]  # "raising ties from <level>" (new level named elsewhere)
    signed_now: re.Pattern[str]  # a document on the level signed in the reported event
    patterns: tuple[tuple[re.Pattern[str], str], ...]  # levels a phrase cannot say
    any_pattern: re.Pattern[str]  # one search telling whether any of ``patterns`` may match
    established: re.Pattern[str]
    previous: re.Pattern[str]  # "Before that, relations were ..."
    anniversary: re.Pattern[str]  # "the 10th anniversary of the establishment"
    not_yet: re.Pattern[str]  # the level is being prepared, not declared
    ordinals: dict[str, int]  # "tenth" -> 10
    hints: tuple[str, ...]  # a sentence without any of these names no level

    def may_name_level(self, text: str) -> bool:
        low = text.lower()
        return any(h in low for h in self.hints)


def _word_regex(word: str) -> str:
    """A word of a level with its plural; "partnership" also as "partners" ("Ghana and
    Morocco are strategic partners"), but not the singular "partner" ("its main
    strategic partner" ranks a country, it does not declare a level)."""
    if word in {"relations", "relationship"}:
        return re.escape(word) + r"(?:s|hips?)?"
    if word == "partnership":
        return r"partner(?:ships?|s)"
    return re.escape(word) + "s?"


def _level_regex(phrase: str) -> str:
    """Word-bounded regex of a level allowing plural words and hyphens."""
    words = [_word_regex(w) for w in re.split(r"[\s\-]+", phrase)]
    return r"(?<!\w)" + r"[\s\-‐–]+".join(words) + r"(?!\w)"


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    d = load_data("relationship.yaml")
    forms = [(lv, lv) for lv in d["levels"]] + list(d.get("variants", {}).items())
    forms.sort(key=lambda f: len(f[0]), reverse=True)
    names = tuple(norm for _, norm in forms)
    level = "|".join(f"({_level_regex(form)})" for form, _ in forms)
    bare = "(?:" + "|".join(_level_regex(form) for form, _ in forms) + ")"
    verbs = "|".join(phrase_regex(v) for v in d["upgrade_verbs"])
    upgrade_from = (
        rf"\bfrom\s+{_ARTICLE}(?P<prev>{bare})(?:\s+level)?\s+to\s+"
        rf"(?:the\s+level\s+of\s+)?{_ARTICLE}"
        rf"(?:(?P<new>{bare})|(?P<adj>[\w\-]+)\s+one\b)"
    )
    upgrade_to = (
        rf"(?:{verbs})[^.;:]{{0,60}}?\bto\s+(?:the\s+level\s+of\s+)?{_ARTICLE}"
        rf"(?P<new>{bare})"
    )
    return _Rules(
        level=re.compile(level, re.I),
        names=names,
        rank={lv: i for i, lv in enumerate(d["levels"])},
        upgrade_from=re.compile(upgrade_from, re.I),
        upgrade_to=re.compile(upgrade_to, re.I),
        upgrade_more=re.compile(
            rf"[^.;:]{{0,40}}?,?\s+and\s+(?:then\s+|later\s+)?to\s+(?:the\s+level\s+of\s+)?"
            rf"{_ARTICLE}(?P<new>{bare})",
            re.I,
        ),
        raised_from=re.compile(
            rf"(?:{verbs})[^.;:]{{0,40}}?\bfrom\s+{_ARTICLE}(?P<prev>{bare})", re.I
        ),
        signed_now=re.compile("|".join(phrase_regex(c) for c in d["signed_now"]), re.I),
        patterns=tuple((re.compile(p), lv) for lv, ps in d["level_patterns"].items() for p in ps),
        any_pattern=re.compile(
            "|".join(_scoped(p) for ps in d["level_patterns"].values() for p in ps) or "(?!)"
        ),
        established=re.compile("|".join(phrase_regex(c) for c in d["established"]), re.I),
        previous=re.compile("|".join(phrase_regex(c) for c in d["previous_cues"]), re.I),
        anniversary=re.compile(
            r"\b(?P<n>\d{1,3}|" + "|".join(d["ordinals"]) + r")(?:st|nd|rd|th)?\s+"
            r"anniversary\s+of\s+(?:the\s+)?(?:establishment|establishing|launch)\b",
            re.I,
        ),
        ordinals={k.lower(): int(v) for k, v in d["ordinals"].items()},
        not_yet=re.compile("|".join(phrase_regex(c) for c in d["not_yet"]), re.I),
        hints=tuple({re.split(r"[\s\-]+", form)[0].lower()[:6] for form, _ in forms}),
    )


def _normalise(text: str, rules: _Rules) -> str | None:
    m = rules.level.fullmatch(text.strip())
    if not m:
        return None
    return next(rules.names[i] for i, g in enumerate(m.groups()) if g is not None)


def _upgrade(sentence: Sentence, rules: _Rules) -> tuple[str, str | None] | None:
    """(new level, previous level) when the sentence tells an upgrade."""
    m = rules.upgrade_from.search(sentence.text)
    if m:
        prev = _normalise(m.group("prev"), rules)
        new = (
            _normalise(m.group("new"), rules)
            if m.group("new")
            else _normalise(f"{m.group('adj')} {prev}", rules)
        )
        if new and prev and new != prev:
            return new, prev
    m = rules.raised_from.search(sentence.text)
    if m:  # "signed a declaration on X, raising ties from Y": X is the new level
        prev = _normalise(m.group("prev"), rules)
        others: set[str] = {
            level
            for o in rules.level.finditer(sentence.text)
            if not m.start("prev") <= o.start() < m.end("prev")
            and (level := _normalise(o.group(0), rules))
        } - {prev or ""}
        if prev and others:
            return min(others, key=lambda lv: rules.rank.get(lv, len(rules.rank))), prev
    m = rules.upgrade_to.search(sentence.text)
    if not m:
        return None
    raised = [m.group("new")]
    while (m := rules.upgrade_more.match(sentence.text, m.end())) is not None:
        raised.append(m.group("new"))  # "raised to X in 2015, and to Y in 2023"
    levels = [_normalise(r, rules) for r in raised]
    if not levels[-1]:
        return None
    return levels[-1], levels[-2] if len(levels) > 1 else None


def _since(
    sentences: list[Sentence], level: str, rules: _Rules
) -> tuple[str | None, Sentence | None]:
    """Date phrase of the sentence that establishes ``level``: the date nearest the level,
    unless another level named in the sentence is nearer to it ("a comprehensive
    partnership, raising ties from the partnership set up in 2013": 2013 is the old one's)
    or another name stands between ("the Strategic Partnership and the Trade Partnership
    signed in 2024"). A document on the level signed in the reported event, or an upgrade
    agreed there, with no date dates it to the meeting ("signed a joint declaration on a
    strategic partnership"). A dated sentence with a cue other than signing ("established
    in June 2016") wins over an earlier one that only signs a document about the level."""
    fallback: tuple[str | None, Sentence | None] = (None, None)
    for sentence in sentences:
        text = sentence.text
        if not rules.may_name_level(text) or not rules.established.search(text):
            continue
        spots = [
            (m.start(), m.end(), _normalise(m.group(0), rules)) for m in rules.level.finditer(text)
        ]
        if level not in {lv for _, _, lv in spots}:
            continue
        owned, elsewhere = [], False
        for d in find_dates(text):
            dist, start, end, owner = min(
                (max(s - d.end, d.start - e, 0), s, e, lv) for s, e, lv in spots
            )
            gap = text[end : d.start] if d.start >= end else text[d.end : start]
            if owner == level and _OTHER_NAME.search(gap):
                elsewhere = True  # the date, and the signing, are the other name's
            elif owner == level:
                owned.append((dist, d.text))
        found: tuple[str | None, Sentence | None] = (None, None)
        if owned:
            found = (min(owned)[1], sentence)
        elif rules.signed_now.search(text) and not elsewhere:
            found = (_AT_MEETING, sentence)
        if found[0] is None:
            continue
        strong = any(
            not rules.signed_now.fullmatch(m.group(0)) for m in rules.established.finditer(text)
        )
        if strong and found[0] != _AT_MEETING:
            return found
        if fallback[0] is None:
            fallback = found
    return fallback


def _told_previous(sentences: list[Sentence], level: str, rules: _Rules) -> str | None:
    """A previous level told on its own ("Before that, relations were at the level of
    strategic partnership"): a level right after a before-cue, other than the current."""
    for sentence in sentences:
        for cue in rules.previous.finditer(sentence.text):
            m = rules.level.search(sentence.text, cue.end(), cue.end() + 60)
            found = _normalise(m.group(0), rules) if m else None
            if found and found != level:
                return found
    return None


def _anniversary_year(
    sentence: Sentence | None, since: str | None, level: str, rules: _Rules
) -> str | None:
    """The year a level was set up when the sentence marks its anniversary ("this year
    marks the 10th anniversary of the establishment of the partnership": 2014). Only an
    anniversary of the level itself, named right after it, not of diplomatic relations."""
    if sentence is None or since is None:
        return since
    m = rules.anniversary.search(sentence.text)
    if not m:
        return since
    after = rules.level.search(sentence.text, m.end(), m.end() + 60)
    if (
        not after
        or _normalise(after.group(0), rules) != level
        or "diplomatic" in sentence.text[m.end() : after.start()].lower()
    ):
        return since
    n = m.group("n").lower()
    years = int(n) if n.isdigit() else rules.ordinals.get(n)
    return str(int(since[:4]) - years) if years else since


def extract_relationship(sentences: list[Sentence], anchor: datetime.date | None) -> Relationship:
    """The declared relationship level of the story (all fields None when none is)."""
    rules = _rules()
    named: dict[str, list[Sentence]] = {}
    upgrade: tuple[str, str | None] | None = None
    upgrade_sentence: Sentence | None = None
    for sentence in sentences:
        for pattern, level in rules.patterns if rules.any_pattern.search(sentence.text) else ():
            if pattern.search(sentence.text) and sentence not in named.get(level, []):
                named.setdefault(level, []).append(sentence)
        if not rules.may_name_level(sentence.text):
            continue
        if rules.not_yet.search(sentence.text):
            continue  # "to prepare a declaration on strategic partnership for signing"
        for m in rules.level.finditer(sentence.text):
            found_level = _normalise(m.group(0), rules)
            if _SECTORAL.match(sentence.text, m.end()):
                continue  # "strategic partnership in renewable energy": one sector's
            if found_level and sentence not in named.setdefault(found_level, []):
                named[found_level].append(sentence)
        found = _upgrade(sentence, rules)
        if found:
            upgrade, upgrade_sentence = found, sentence
    if upgrade:
        level, previous = upgrade
    elif named:
        level, previous = min(named, key=lambda lv: rules.rank.get(lv, len(rules.rank))), None
    else:
        return Relationship()
    if previous is None:
        previous = _told_previous(sentences, level, rules)
    since_expr, since_sentence = _since(sentences, level, rules)
    evidence = [s.evidence() for s in named.get(level, [])]
    for extra in (upgrade_sentence, since_sentence):
        if extra is not None and extra.evidence() not in evidence:
            evidence.append(extra.evidence())
    since = resolve_date_expr(since_expr, anchor) if since_expr else None
    since = _anniversary_year(since_sentence, since, level, rules)
    return Relationship(
        level=level, previous_level=previous, since=since, since_expr=since_expr, evidence=evidence
    )
