"""Trade and investment figures: value in US dollars, change in percent, period.

A sentence is read left to right as a stream of mentions (metric cue, amount, percent,
period, clause break, target cue). One figure is one metric in one period: mentions
accumulate into the current figure until something starts a new one (a second amount, a
second period, a clause break such as ", and" or ", with", a new metric after an amount).
A figure started by a clause break inherits the metric and period of the one before, so
"trade reached $4.1 billion in 2019, with imports up 7%" gives two figures of 2019.
A growth sentence without a metric cue continues the figure of the sentence before
("... reached $900 million. In the first six months, the increase stood at 15 percent."),
and a trade breakdown without a period of its own ("Exports rose 3% to $1.2 billion.")
takes the period of the trade figure in the sentence right before it.

Amounts after a target cue ("aims to reach $10 billion") and in stretches about a
country's whole foreign trade are dropped; a percent counts only next to a growth or
decline word, and a decline makes it negative. Only US dollars are read: an amount in
another currency ("€2 billion", "RM1.2 billion") is not converted, since no exchange rate
of the day is known, so it gives no value (a change in the same clause still counts).
An investment stock ("accumulated", "to date", "have invested") has no period of its own
and never inherits one.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.nlp import Sentence
from briefing.extract.periods import find_periods, resolve_period
from briefing.extract.vocab import alternation, load_data, phrase_regex
from briefing.model import Figure

_NEAR = 40  # characters around a percent searched for a growth or decline word
# Beyond these a number is a misreading or a joke, not a bilateral figure: $100 trillion
# is about world output, and growth beyond 10,000 % (a hundredfold) is not reported as a
# percent. Dropping them keeps absurd bars and derived values out of the briefing.
MAX_USD = 1e14
MAX_CHANGE_PCT = 1e4


@dataclass(frozen=True)
class _Rules:
    metric: re.Pattern[str]
    metric_names: dict[str, str]  # lower-case cue -> metric
    not_bilateral: re.Pattern[str]  # overall foreign trade, GDP, inflation, ...
    other_amount: re.Pattern[str]  # loans, aid, deals
    not_actual: re.Pattern[str]
    growth: re.Pattern[str]
    decline: re.Pattern[str]
    approx: re.Pattern[str]  # matches when the text before a number ends with a cue
    base: re.Pattern[str]
    breaks: re.Pattern[str]
    carry: re.Pattern[str]
    stock: re.Pattern[str]  # cumulative investment: no period
    money: re.Pattern[str]
    percent: re.Pattern[str]
    multiple: tuple[re.Pattern[str], ...]  # "doubled", "a threefold increase", "grew 2.5 times"
    multiple_words: dict[str, float]
    scales: dict[str, float]
    number_words: dict[str, int]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    d = load_data("figures.yaml")
    metric_names = {c.lower(): m for m, cues in d["metrics"].items() for c in cues}
    scales = {k.lower(): float(v) for k, v in d["scales"].items()}
    words = {k.lower(): int(v) for k, v in d["number_words"].items()}
    num = (
        r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|"
        + "|".join(sorted(words, key=len, reverse=True))
        + r")"
    )
    scale = r"(?P<scale>" + "|".join(sorted(scales, key=len, reverse=True)) + r")(?![a-z])"
    before = "|".join(re.escape(c) for c in sorted(d["currency_before"], key=len, reverse=True))
    after = alternation(d["currency_after"])
    money = (
        rf"(?:(?<!\w)(?:{before})\s?{num}(?:[\s\-]?{scale})?(?!\s*%)(?!\d))"
        rf"|(?:(?<![\w$]){num}(?:[\s\-]?{scale})?\s?(?:{after}))"
    )
    money = money.replace("(?P<num>", "(?P<num1>", 1).replace("(?P<scale>", "(?P<scale1>", 1)
    multiple_words = {_fold_word(k): float(v) for k, v in d["multiple_words"].items()}
    multiple = [re.compile(p, re.I) for p in d["multiple_patterns"]]
    multiple.append(re.compile(alternation(list(d["multiple_words"])), re.I))
    percent = (
        r"(?P<sign>[+\-−])?(?<![\w.])"
        + num.replace("(?P<num>", "(?P<pnum>")
        + r"\s?(?:"
        + "|".join(re.escape(p) for p in d["percent"])
        + r")(?!\w)"
    )
    return _Rules(
        metric=re.compile(alternation(list(metric_names)), re.I),
        metric_names=metric_names,
        not_bilateral=re.compile(alternation(d["not_bilateral"] + d["other_measures"]), re.I),
        other_amount=re.compile(alternation(d["other_amounts"]), re.I),
        not_actual=re.compile(alternation(d["not_actual"]), re.I),
        growth=re.compile(alternation(d["growth"]), re.I),
        decline=re.compile(alternation(d["decline"]), re.I),
        approx=re.compile(
            rf"(?:{alternation(d['approximate'])})\s*(?:the\s+)?(?:{before})?\s*$", re.I
        ),
        base=re.compile(rf"(?:{alternation(d['base_markers'])})\s*$", re.I),
        breaks=re.compile("|".join(re.escape(b) for b in d["clause_breaks"]), re.I),
        carry=re.compile(alternation(d["carry_cues"]), re.I),
        stock=re.compile(alternation(d["stock_cues"]), re.I),
        money=re.compile(money, re.I),
        percent=re.compile(percent, re.I),
        multiple=tuple(multiple),
        multiple_words=multiple_words,
        scales=scales,
        number_words=words,
    )


@dataclass
class _Mention:
    start: int
    end: int
    kind: str  # metric, money, pct, multiple, period, break, not_actual, not_bilateral
    text: str
    value: float | str | None = None
    approx: bool = False


@dataclass
class _Slot:
    """The figure being read. ``weak_*`` values were inherited across a clause break."""

    metric: str | None = None
    value: float | None = None
    pct: float | None = None
    period: str | None = None
    approx: bool = False
    weak_metric: bool = False
    metric_span: tuple[int, int] | None = None  # where the metric cue was written
    weak_period: bool = False
    blocked: bool = False  # after a target cue: amounts and percents are not figures
    blocked_money: bool = False  # after "loan", "aid", "deal": amounts are not figures
    excluded: bool = False  # about a country's overall foreign trade
    stock: bool = False  # an investment stock: accumulated, not of a period

    def has_data(self) -> bool:
        return self.value is not None or self.pct is not None


def _number(text: str, words: dict[str, int]) -> float:
    text = text.lower()
    if text in words:
        return float(words[text])
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def _mentions(text: str, rules: _Rules) -> list[_Mention]:
    found: list[_Mention] = []
    for m in rules.money.finditer(text):
        num = m.group("num") or m.group("num1")
        scale = (m.group("scale") or m.group("scale1") or "").lower()
        value = _number(num, rules.number_words) * rules.scales.get(scale, 1.0)
        found.append(
            _Mention(
                m.start(),
                m.end(),
                "money",
                m.group(0),
                value,
                bool(rules.approx.search(text[: m.start()])),
            )
        )
    for m in rules.percent.finditer(text):
        value = _number(m.group("pnum"), rules.number_words)
        if m.group("sign") in {"-", "−"}:
            value = -value
        found.append(
            _Mention(
                m.start(),
                m.end(),
                "pct",
                m.group(0),
                value,
                bool(rules.approx.search(text[: m.start()])),
            )
        )
    for pattern in rules.multiple:
        for m in pattern.finditer(text):
            factor = (
                float(m.group("k"))
                if pattern.groupindex
                else rules.multiple_words[_fold_word(m.group(0))]
            )
            found.append(
                _Mention(
                    m.start(),
                    m.end(),
                    "multiple",
                    m.group(0),
                    factor,
                    bool(rules.approx.search(text[: m.start()])),
                )
            )
    for p in find_periods(text):
        found.append(_Mention(p.start, p.end, "period", p.text))
    for kind, pattern in (
        ("not_bilateral", rules.not_bilateral),
        ("other_amount", rules.other_amount),
        ("not_actual", rules.not_actual),
        ("break", rules.breaks),
        ("stock", rules.stock),
    ):
        for m in pattern.finditer(text):
            found.append(_Mention(m.start(), m.end(), kind, m.group(0)))
    for m in rules.metric.finditer(text):
        found.append(
            _Mention(
                m.start(),
                m.end(),
                "metric",
                m.group(0),
                rules.metric_names[_cue_key(m.group(0), rules)],
            )
        )
    return _without_overlaps(found)


def _fold_word(word: str) -> str:
    """A multiple word without case, spaces or hyphens ("Two-fold" -> "twofold")."""
    return re.sub(r"[\s\-‐–]+", "", word.lower())


def _cue_key(text: str, rules: _Rules) -> str:
    key = re.sub(r"[\s\-‐–]+", " ", text.lower())
    if key in rules.metric_names:
        return key
    for cue in rules.metric_names:  # a wildcard cue ("investment*")
        if cue.endswith("*") and key.startswith(cue[:-1]):
            return cue
    return next(c for c in rules.metric_names if re.fullmatch(phrase_regex(c), key, re.I))


_PRIORITY = {
    "money": 0,
    "pct": 1,
    "multiple": 1,
    "not_bilateral": 2,
    "period": 3,
    "metric": 4,
    "other_amount": 5,
    "not_actual": 6,
    "break": 7,
    "stock": 8,
}


def _without_overlaps(found: list[_Mention]) -> list[_Mention]:
    """Keep the stronger of overlapping mentions (an amount over a period inside it)."""
    found.sort(key=lambda m: (_PRIORITY[m.kind], -(m.end - m.start), m.start))
    kept: list[_Mention] = []
    for m in found:
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _pct_change(text: str, m: _Mention, rules: _Rules) -> float | None:
    """The percent as a change (sign from the nearest growth or decline word), or None
    when no such word is near it. The search stops at clause breaks and other numbers."""
    if m.text.lstrip().startswith(("+", "-", "−")):
        return float(m.value)
    left = text[max(0, m.start - _NEAR) : m.start]
    left = re.split(r"[;:]|\d", left)[-1]
    right = re.split(r"[;:]|\d|" + rules.breaks.pattern, text[m.end : m.end + _NEAR], flags=re.I)[0]
    best: tuple[int, float] | None = None
    for pattern, sign in ((rules.growth, 1.0), (rules.decline, -1.0)):
        for g in pattern.finditer(left):
            dist = len(left) - g.end()
            if best is None or dist < best[0]:
                best = (dist, sign)
        for g in pattern.finditer(right):
            if best is None or g.start() < best[0]:
                best = (g.start(), sign)
    return None if best is None else best[1] * abs(float(m.value))


class _Reader:
    """Turns the mentions of one sentence into figures."""

    def __init__(
        self,
        sentence: Sentence,
        anchor: datetime.date | None,
        rules: _Rules,
        carry_metric: str | None,
        countries: list[str],
    ) -> None:
        self.sentence = sentence
        self.countries = countries
        self.anchor = anchor
        self.rules = rules
        self.carry_metric = carry_metric
        self.figures: list[Figure] = []
        self.slot = _Slot()
        self.base_until = -1  # a period starting before this offset is a comparison base
        self.last_sign: float | None = None  # sign of the sentence's last change read

    def flush(self, inherit: bool) -> None:
        old = self.slot
        metric = old.metric or (self.carry_metric if old.value is None else None)
        if old.has_data() and metric and not old.excluded:
            self.figures.append(self._figure(old, metric))
        self.slot = _Slot()
        if inherit:
            self.slot.metric, self.slot.weak_metric = old.metric, old.metric is not None
            self.slot.metric_span = old.metric_span
            self.slot.period, self.slot.weak_period = old.period, old.period is not None

    def _figure(self, slot: _Slot, metric: str) -> Figure:
        expr = slot.period
        if metric == "investment" and slot.stock and slot.weak_period:
            expr = None  # "..., and investments have exceeded $4 billion": no period
        period = resolve_period(expr, self.anchor) if expr else None
        direction = None
        if metric in {"exports", "imports"} and slot.metric_span:
            direction = _direction(self.sentence.text, slot.metric_span, metric, self.countries)
        return Figure(
            metric=metric,
            value_usd=slot.value,
            change_pct=slot.pct,
            period=period,
            approximate=slot.approx,
            period_expr=expr,
            direction=direction,
            evidence=[self.sentence.evidence()],
        )

    def read(self) -> list[Figure]:
        text = self.sentence.text
        for m in _mentions(text, self.rules):
            getattr(self, "_on_" + m.kind)(m, text)
        self.flush(inherit=False)
        return self.figures

    def _on_break(self, m: _Mention, text: str) -> None:
        if self.slot.has_data():
            self.flush(inherit=True)
        else:
            self.slot.blocked = self.slot.blocked_money = False

    def _on_stock(self, m: _Mention, text: str) -> None:
        self.slot.stock = True

    def _on_not_actual(self, m: _Mention, text: str) -> None:
        self.slot.blocked = True

    def _on_other_amount(self, m: _Mention, text: str) -> None:
        if self.slot.value is not None:
            self.flush(inherit=True)
        self.slot.blocked_money = True

    def _on_not_bilateral(self, m: _Mention, text: str) -> None:
        if self.slot.value is not None:
            self.flush(inherit=False)
        self.slot.excluded = True

    def _on_metric(self, m: _Mention, text: str) -> None:
        slot = self.slot
        if slot.value is not None and not slot.weak_metric and slot.metric is not None:
            self.flush(inherit=True)
            slot = self.slot
        if slot.metric is None or slot.weak_metric or m.value != "trade_turnover":
            slot.metric, slot.weak_metric = str(m.value), False
            slot.metric_span = (m.start, m.end)

    def _on_period(self, m: _Mention, text: str) -> None:
        if m.start <= self.base_until or self.rules.base.search(text[: m.start]):
            return
        slot = self.slot
        if slot.period is not None and not slot.weak_period and slot.has_data():
            self.flush(inherit=True)
            slot = self.slot
        slot.period, slot.weak_period = m.text, False

    def _on_money(self, m: _Mention, text: str) -> None:
        if not m.approx and self.rules.base.search(text[: m.start]):  # not "more than $5bn"
            self.base_until = m.end + 4  # "from $2 billion in 2020": 2020 is the base too
            return
        if self.slot.blocked or self.slot.blocked_money:
            return
        if self.rules.other_amount.match(text[m.end :].lstrip()):
            return  # "a $1 billion credit line", "a $500 million loan"
        value = float(m.value)
        if not 0 <= value <= MAX_USD:
            return
        if self.slot.value is not None:
            self.flush(inherit=True)
        self.slot.value = value
        self.slot.approx = self.slot.approx or m.approx

    def _on_multiple(self, m: _Mention, text: str) -> None:
        """A growth told as a factor: k times more is (k - 1) * 100 %, k times less (a
        decline word nearer than any growth word) is (1/k - 1) * 100 %. A verb ("doubled")
        needs its metric before it: "trade doubled", not "doubled their efforts on trade"."""
        if self.slot.blocked or not 1 < float(m.value) <= MAX_CHANGE_PCT / 100:
            return
        if m.text.lower().endswith("ed") and self.slot.metric is None:
            return
        sign = _pct_change(text, m, self.rules)
        factor = float(m.value)
        change = (factor - 1) * 100 if sign is None or sign > 0 else (1 / factor - 1) * 100
        if self.slot.pct is not None:
            self.flush(inherit=True)
        self.slot.pct = round(change, 2)
        self.slot.approx = self.slot.approx or m.approx

    def _on_pct(self, m: _Mention, text: str) -> None:
        if self.slot.blocked:
            return
        change = _pct_change(text, m, self.rules)
        if (
            change is None
            and self.last_sign is not None
            and _AGAIN.search(text, max(0, m.start - _NEAR), m.start)
        ):
            change = self.last_sign * abs(float(m.value))  # "and by another 21 percent"
        if change is None or not abs(change) <= MAX_CHANGE_PCT:
            return
        if self.slot.pct is not None:
            self.flush(inherit=True)
        self.last_sign = 1.0 if change >= 0 else -1.0
        self.slot.pct = change
        self.slot.approx = self.slot.approx or m.approx


# A percent continuing the change before it: "grew 37% in 2023 and by another 21% in 2024".
_AGAIN = re.compile(
    r"(?:\band\s+by\s+(?:another|a\s+further|an\s+additional)?|"
    r"\b(?:another|a\s+further|an\s+additional))\s*$",
    re.I,
)
_BEFORE_CUE = re.compile(r"^\s*(?:['’]s\s*)?$")
_TO = re.compile(r"^\s+(?:to|into)\s+(?:the\s+)?$", re.I)
_FROM = re.compile(r"^\s+(?:from|of)\s+(?:the\s+)?$", re.I)


def _direction(text: str, span: tuple[int, int], metric: str, countries: list[str]) -> str | None:
    """ "AZE->CHN" for goods going from AZE to CHN, read around an exports/imports cue:
    "Chilean exports to Japan", "exports from Peru", "India's imports of Ghanaian cocoa".
    With the meeting's two states known, one side is enough."""
    from briefing.extract.gazetteer import get_gazetteer

    owner = to = source = None
    for hit in get_gazetteer().find(text):
        if hit.kind not in {"country", "demonym"}:
            continue
        if hit.end <= span[0] and _BEFORE_CUE.match(text[hit.end : span[0]]):
            owner = hit.key
        elif hit.start >= span[1] and _TO.match(text[span[1] : hit.start]):
            to = hit.key
        elif hit.start >= span[1] and _FROM.match(text[span[1] : hit.start]):
            source = hit.key
    exporter, importer = (owner or source, to) if metric == "exports" else (source, owner or to)
    pair = sorted(set(countries))
    if len(pair) == 2:
        if exporter in pair and importer is None:
            importer = next(c for c in pair if c != exporter)
        elif importer in pair and exporter is None:
            exporter = next(c for c in pair if c != importer)
    if exporter and importer and exporter != importer:
        return f"{exporter}->{importer}"
    return None


def _same(a: Figure, b: Figure) -> bool:
    """Two mentions of one figure: same metric and numbers, periods not contradicting."""
    if a.metric != b.metric or a.value_usd != b.value_usd or a.change_pct != b.change_pct:
        return False
    pa, pb = a.period or a.period_expr, b.period or b.period_expr
    return pa is None or pb is None or pa == pb


def _merge(figures: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    for fig in figures:
        twin = next((f for f in out if _same(f, fig)), None)
        if twin is None:
            out.append(fig)
            continue
        if twin.period_expr is None and fig.period_expr is not None:
            twin.period, twin.period_expr = fig.period, fig.period_expr
        twin.approximate = twin.approximate or fig.approximate
        twin.evidence.extend(e for e in fig.evidence if e not in twin.evidence)
    return out


def extract_figures(
    sentences: list[Sentence], anchor: datetime.date | None, countries: list[str]
) -> list[Figure]:
    """Bilateral trade and investment figures of the story, each with its sentence.

    ``countries`` are the two states of the meeting; figures are read only from
    sentences that do not name a third state as the trade partner."""
    rules = _rules()
    figures: list[Figure] = []
    carry: str | None = None
    before: list[Figure] = []  # figures of the sentence right before
    header: str | None = None  # period of a lead-in line ("Figures for 2023:")
    for sentence in sentences:
        if not (
            rules.money.search(sentence.text)
            or rules.percent.search(sentence.text)
            or any(p.search(sentence.text) for p in rules.multiple)
        ):
            carry, before, header = None, [], _header_period(sentence.text)
            continue
        if carry and not rules.carry.search(sentence.text):
            carry = None
        found = _Reader(sentence, anchor, rules, carry, countries).read()
        found = [f for f in found if not _third_party(sentence.text, countries)]
        _shared_period(found)
        _breakdown_period(found, before, sentence.text)
        for f in found:
            if header and f.metric in _TRADE and f.period_expr is None:
                f.period, f.period_expr = resolve_period(header, anchor), header
        figures.extend(found)
        carry = found[-1].metric if found else None
        before = found
    return _merge(figures)


_TRADE = {"trade_turnover", "exports", "imports"}


def _header_period(text: str) -> str | None:
    """The period of a line that introduces a list of figures ("Key figures for 2023:"),
    given to the trade lines below it that name no period of their own."""
    if not text.rstrip().endswith(":"):
        return None
    periods = find_periods(text)
    return periods[-1].text if periods else None


def _shared_period(found: list[Figure]) -> None:
    """Trade figures of one sentence share its only period, also when it is written after
    them: "Exports rose 20 percent, while imports reached $45 million in January-May"."""
    periods = {f.period_expr for f in found if f.period_expr}
    if len(periods) != 1:
        return
    source = next(f for f in found if f.period_expr)
    for f in found:
        if f.metric in _TRADE and f.period_expr is None:
            f.period, f.period_expr = source.period, source.period_expr


def _breakdown_period(found: list[Figure], before: list[Figure], text: str) -> None:
    """Trade figures of a sentence that names no period take the period of the trade
    figure just before: "Trade reached $76 billion last year. Exports rose 7% to $25
    billion, while imports stood at $51 billion." """
    periods = {f.period_expr for f in before if f.metric in _TRADE and f.period_expr}
    if len(periods) != 1 or find_periods(text):
        return
    expr = periods.pop()
    source = next(f for f in before if f.period_expr == expr)
    for f in found:
        if f.metric in _TRADE and f.period_expr is None:
            f.period, f.period_expr = source.period, expr


_PARTNER_POSITION = re.compile(r"\b(?:with|to|from|between|and)\s+(?:the\s+)?$", re.I)


def _third_party(text: str, countries: list[str]) -> bool:
    """True when the sentence names a state outside the meeting as a trade partner
    ("trade with X", "exports to X", "between A and X")."""
    if len(countries) < 2:
        return False
    from briefing.extract.gazetteer import get_gazetteer

    for hit in get_gazetteer().find(text):
        if hit.kind != "country" or hit.key in countries:
            continue
        if _PARTNER_POSITION.search(text[max(0, hit.start - 16) : hit.start]) or text[
            hit.end : hit.end + 2
        ] in {"'s", "’s"}:
            return True
    return False
