"""The cues of a sentence about trade figures, found once and kept as mentions.

Amounts (``money.find_amounts``), percents, multiples ("fivefold", "grew 2.5 times"),
periods, metric words ("trade turnover", "exports"), clause breaks and the cue words of
``data/figures.yaml`` (targets, loans, a country's overall trade, investment stocks) are
found left to right as typed mentions; where two overlap the stronger one is kept (an
amount over a period inside it). ``figure_reader`` reads the stream into figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.money import find_amounts, number
from briefing.extract.periods import find_periods
from briefing.vocab import alternation, load_data, phrase_regex

NEAR = 40  # characters around a percent searched for a growth or decline word


@dataclass(frozen=True)
class Rules:
    metric: re.Pattern[str]
    metric_names: dict[str, str]  # lower-case cue -> metric
    not_bilateral: re.Pattern[str]  # overall foreign trade, GDP, inflation, ...
    other_amount: re.Pattern[str]  # loans, aid, deals
    not_actual: re.Pattern[str]
    modal: re.Pattern[str]
    old_value: re.Pattern[str]
    growth: re.Pattern[str]
    decline: re.Pattern[str]
    approx: re.Pattern[str]  # matches when the text before a number ends with a cue
    base: re.Pattern[str]
    breaks: re.Pattern[str]
    carry: re.Pattern[str]
    stock: re.Pattern[str]  # cumulative investment: no period
    percent: re.Pattern[str]
    multiple: tuple[re.Pattern[str], ...]  # "doubled", "a threefold increase", "grew 2.5 times"
    multiple_words: dict[str, float]
    fraction: re.Pattern[str]  # "by (almost) a third": group f is the fraction's name
    fractions: dict[str, float]  # fraction's name -> the percent it stands for
    hint: re.Pattern[str]  # a sentence without a match holds no number of a figure
    number_words: dict[str, int]


@lru_cache(maxsize=1)
def rules() -> Rules:
    d = load_data("figures.yaml")
    metric_names = {c.lower(): m for m, cues in d["metrics"].items() for c in cues}
    words = {k.lower(): int(v) for k, v in d["number_words"].items()}
    num = (
        r"(?P<pnum>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|"
        + "|".join(sorted(words, key=len, reverse=True))
        + r")"
    )
    multiple_words = {_fold_word(k): float(v) for k, v in d["multiple_words"].items()}
    multiple = [re.compile(p, re.I) for p in d["multiple_patterns"]]
    multiple.append(re.compile(alternation(list(d["multiple_words"])), re.I))
    percent = (
        r"(?P<sign>[+\-−])?(?<![\w.])"
        + num
        + r"\s?(?:"
        + "|".join(re.escape(p) for p in d["percent"])
        + r")(?!\w)"
    )
    fractions = {" ".join(k.lower().split()): float(v) for k, v in d["fractions"].items()}
    fraction = re.compile(
        rf"\bby\s+(?P<q>(?:{alternation(d['approximate'])})\s+)?(?:(?:a|one)\s+)?"
        rf"(?P<f>{alternation(list(fractions))})(?!\w)",
        re.I,
    )
    return Rules(
        metric=re.compile(alternation(list(metric_names)), re.I),
        metric_names=metric_names,
        not_bilateral=re.compile(alternation(d["not_bilateral"] + d["other_measures"]), re.I),
        other_amount=re.compile(alternation(d["other_amounts"]), re.I),
        not_actual=re.compile(alternation(d["not_actual"]), re.I),
        modal=re.compile(alternation(d["modal"]), re.I),
        old_value=re.compile(alternation(d["old_values"]), re.I),
        growth=re.compile(alternation(d["growth"]), re.I),
        decline=re.compile(alternation(d["decline"]), re.I),
        approx=re.compile(rf"(?:{alternation(d['approximate'])})\s*(?:the\s+)?$", re.I),
        base=re.compile(rf"(?:{alternation(d['base_markers'])})\s*$", re.I),
        breaks=re.compile("|".join(re.escape(b) for b in d["clause_breaks"]), re.I),
        carry=re.compile(alternation(d["carry_cues"]), re.I),
        stock=re.compile(alternation(d["stock_cues"]), re.I),
        percent=re.compile(percent, re.I),
        multiple=tuple(multiple),
        multiple_words=multiple_words,
        fraction=fraction,
        fractions=fractions,
        # a digit, or a word without which a sentence of words only states no figure
        hint=re.compile(
            r"\d|"
            + "|".join(
                re.escape(w)
                for w in [s for s in d["scales"] if len(s) > 3]
                + [p for p in d["percent"] if p.isalpha()]
                + [w for w in d["multiple_words"] if w.isalpha()]
                + list(fractions)
            ),
            re.I,
        ),
        number_words=words,
    )


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # metric, money, pct, multiple, period, break, not_actual, not_bilateral, ...
    text: str
    value: float | str | None = None
    approx: bool = False
    currency: str | None = None


def _fold_word(word: str) -> str:
    """A multiple word without case, spaces or hyphens ("Two-fold" -> "twofold")."""
    return re.sub(r"[\s\-‐–]+", "", word.lower())


def mentions(text: str, r: Rules, dollar: str, states: tuple[str, ...]) -> list[Mention]:
    found: list[Mention] = []
    for a in find_amounts(text, dollar, states):
        approx = bool(r.approx.search(text[: a.start]))
        found.append(Mention(a.start, a.end, "money", a.text, a.value, approx, a.currency))
    for m in r.percent.finditer(text):
        value = number(m.group("pnum"), r.number_words)
        if m.group("sign") in {"-", "−"}:
            value = -value
        approx = bool(r.approx.search(text[: m.start()]))
        found.append(Mention(m.start(), m.end(), "pct", m.group(0), value, approx))
    for m in r.fraction.finditer(text):  # "rose by almost a third": a percent in words
        value = r.fractions[" ".join(m.group("f").lower().split())]
        approx = bool(m.group("q")) or bool(r.approx.search(text[: m.start()]))
        found.append(Mention(m.start(), m.end(), "pct", m.group(0), value, approx))
    for pattern in r.multiple:
        for m in pattern.finditer(text):
            factor = (
                float(m.group("k"))
                if pattern.groupindex
                else r.multiple_words[_fold_word(m.group(0))]
            )
            approx = bool(r.approx.search(text[: m.start()]))
            found.append(Mention(m.start(), m.end(), "multiple", m.group(0), factor, approx))
    for p in find_periods(text):
        found.append(Mention(p.start, p.end, "period", p.text))
    for kind, pattern in (
        ("not_bilateral", r.not_bilateral),
        ("other_amount", r.other_amount),
        ("not_actual", r.not_actual),
        ("modal", r.modal),
        ("old_value", r.old_value),
        ("break", r.breaks),
        ("stock", r.stock),
    ):
        for m in pattern.finditer(text):
            found.append(Mention(m.start(), m.end(), kind, m.group(0)))
    for m in r.metric.finditer(text):
        metric = r.metric_names[_cue_key(m.group(0), r)]
        found.append(Mention(m.start(), m.end(), "metric", m.group(0), metric))
    return _without_overlaps(found)


def _cue_key(text: str, r: Rules) -> str:
    key = re.sub(r"[\s\-‐–]+", " ", text.lower())
    if key in r.metric_names:
        return key
    for cue in r.metric_names:  # a wildcard cue ("investment*")
        if cue.endswith("*") and key.startswith(cue[:-1]):
            return cue
    return next(c for c in r.metric_names if re.fullmatch(phrase_regex(c), key, re.I))


_PRIORITY = {
    "money": 0,
    "pct": 1,
    "multiple": 1,
    "not_bilateral": 2,
    "period": 3,
    "metric": 4,
    "other_amount": 5,
    "not_actual": 6,
    "modal": 6,
    "old_value": 6,
    "break": 7,
    "stock": 8,
}


def _without_overlaps(found: list[Mention]) -> list[Mention]:
    """Keep the stronger of overlapping mentions (an amount over a period inside it)."""
    found.sort(key=lambda m: (_PRIORITY[m.kind], -(m.end - m.start), m.start))
    kept: list[Mention] = []
    for m in found:
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def pct_change(text: str, start: int, end: int, value: float, r: Rules) -> float | None:
    """The percent as a change (sign from the nearest growth or decline word), or None
    when no such word is near it. The search stops at clause breaks and other numbers."""
    if text[start:end].lstrip().startswith(("+", "-", "−")):
        return value
    left = text[max(0, start - NEAR) : start]
    left = re.split(r"[;:]|\d", left)[-1]
    right = re.split(r"[;:]|\d|" + r.breaks.pattern, text[end : end + NEAR], flags=re.I)[0]
    best: tuple[int, float] | None = None
    for pattern, sign in ((r.growth, 1.0), (r.decline, -1.0)):
        for g in pattern.finditer(left):
            dist = len(left) - g.end()
            if best is None or dist < best[0]:
                best = (dist, sign)
        for g in pattern.finditer(right):
            if best is None or g.start() < best[0]:
                best = (g.start(), sign)
    return None if best is None else best[1] * abs(value)
