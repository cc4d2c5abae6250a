"""Reading one sentence into candidate figures, each with the cues that weigh on it.

A sentence is read left to right as a stream of mentions (metric cue, amount, percent,
multiple, period, clause break, target cue, ...). One figure is one metric in one period:
mentions accumulate into the current figure until something starts a new one (a second
amount, a second period, a clause break such as ", and" or ", with", a new metric after an
amount). A figure started by a clause break inherits the metric and period of the one
before, so "trade reached $4.1 billion in 2019, with imports up 7%" gives two figures.

Whether a candidate is a bilateral figure at all is not decided here: the cues around it
(a target word before it, "loan" or "deal", a country's overall trade, an inherited
metric...) are recorded as named features, and ``figures.py`` weighs them with fitted
weights. A percent counts only next to a growth or decline word; a multiple ("fivefold",
"doubled", "grew 2.5 times") becomes a percent. "From $5 billion to $7.5 billion" gives the
change (+50 %) and, when the starting amount has a period of its own ("from $2 billion
in 2020"), that amount as a figure of its period too.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from briefing.extract.figure_cues import NEAR, Mention, mentions, pct_change, rules
from briefing.extract.money import USD
from briefing.extract.nlp import Sentence
from briefing.extract.periods import resolve_period
from briefing.model import Figure

_TARGET_NEAR = 30  # a target cue this close before an amount binds it
_MODAL_WORDS = 3  # so does a modal verb among the words right before it
# "up to the mark of $8 billion": a level to be reached, more often than one reached
_TO_LEVEL = re.compile(r"\bto\s+(?:the\s+)?(?:level|mark|threshold|figure)\s+of\s+$", re.I)
# Beyond these a number is a misreading or a joke, not a bilateral figure: $100 trillion
# is about world output, and growth beyond 10,000 % (a hundredfold) is not reported as a
# percent. Dropping them keeps absurd bars and derived values out of the briefing.
MAX_VALUE = 1e14
MAX_CHANGE_PCT = 1e4
_SAME_AMOUNT = re.compile(r"\s*[(\[]\s*(?:about|around|approximately|roughly|some|or|~|≈)?\s*$")
_FUTURE_YEAR = re.compile(
    r"[^.;]{0,25}?\b(?:by|until|till|before)\s+(?:the\s+end\s+of\s+)?(20\d\d)"
)


@dataclass
class Candidate:
    """A figure as read, with the cues around it (``features``) for the weighing."""

    figure: Figure
    features: dict[str, float]
    sentence: int = 0  # position of its sentence in the story


@dataclass
class _Slot:
    """The figure being read. ``weak_*`` values were inherited across a clause break."""

    metric: str | None = None
    amounts: dict[str, float] = field(default_factory=dict)  # currency -> value
    pct: float | None = None
    period: str | None = None
    approx: bool = False
    weak_metric: bool = False
    metric_span: tuple[int, int] | None = None  # where the metric cue was written
    weak_period: bool = False
    stock: bool = False  # an investment stock: accumulated, not of a period
    cues: set[str] = field(default_factory=set)  # features seen in this stretch
    amount_cues: set[str] = field(default_factory=set)  # features of its amount itself

    def has_data(self) -> bool:
        return bool(self.amounts) or self.pct is not None


# Between an amount and the metric it measures: "$7 billion in yearly trade", "$3 billion
# of bilateral trade", "$2 billion worth of exports"
_OF_METRIC = re.compile(
    r"\s+(?:worth\s+)?(?:in|of)\s+(?:(?:the|annual|yearly|total)\s+)?(?:[\w\-]+\s+){0,2}"
)


# A percent continuing the change before it: "grew 37% in 2023 and by another 21% in 2024".
_AGAIN = re.compile(
    r"(?:\band\s+by\s+(?:another|a\s+further|an\s+additional)?|"
    r"\b(?:another|a\s+further|an\s+additional))\s*$",
    re.I,
)


class Reader:
    """Turns the mentions of one sentence into candidate figures."""

    def __init__(
        self,
        sentence: Sentence,
        anchor: datetime.date | None,
        carry_metric: str | None,
        dollar: str = USD,
        states: tuple[str, ...] = (),
    ) -> None:
        self.sentence = sentence
        self.anchor = anchor
        self.rules = rules()
        self.carry_metric = carry_metric
        self.dollar = dollar
        self.states = states
        self.found: list[tuple[Figure, set[str]]] = []
        self.slot = _Slot()
        self.base_until = -1  # a period starting before this offset is a comparison base
        self.base: Mention | None = None  # "from $5 billion": the starting amount
        self.base_period: str | None = None  # "from $2 billion in 2020": its period
        self.last_sign: float | None = None  # sign of the sentence's last change read
        self.money_end = -1  # where the slot's amount ends

    def read(self) -> list[tuple[Figure, set[str]]]:
        text = self.sentence.text
        for m in mentions(text, self.rules, self.dollar, self.states):
            getattr(self, "_on_" + m.kind)(m, text)
        self.flush(inherit=False)
        return self.found

    def flush(self, inherit: bool) -> None:
        old = self.slot
        metric = old.metric
        cues = old.cues | old.amount_cues
        if metric is None and self.carry_metric and not old.amounts:
            metric = self.carry_metric
            cues.add("metric_carried")
        if old.has_data() and metric:
            if old.weak_metric:
                cues.add("metric_inherited")
            base = self._base_figure(old, metric, cues)
            self.found.append((self._figure(old, metric), cues))
            self.found.extend(base)
        self.slot = _Slot()
        if inherit:
            self.slot.metric, self.slot.weak_metric = old.metric, old.metric is not None
            self.slot.metric_span = old.metric_span
            self.slot.period, self.slot.weak_period = old.period, old.period is not None
        self.base, self.base_period = None, None

    def _base_figure(
        self, slot: _Slot, metric: str, cues: set[str]
    ) -> list[tuple[Figure, set[str]]]:
        """A starting amount of a change: "from $5 billion to $7.5 billion" gives +50 %
        when no percent is written; with a period of its own ("from $2 billion in
        2020") the starting amount is a figure of that period too."""
        base = self.base
        if base is None or base.currency not in slot.amounts:
            return []
        value, start = slot.amounts[base.currency], float(base.value or 0)
        previous = _is_previous(self.base_period, slot.period, self.anchor)
        if slot.pct is None and start > 0 and (self.base_period is None or previous):
            slot.pct = round((value / start - 1) * 100, 1)
        if self.base_period is None:
            return []
        amounts = {base.currency: start}
        base_slot = _Slot(amounts=amounts, period=self.base_period, metric_span=slot.metric_span)
        return [(self._figure(base_slot, metric), cues | {"base_amount"})]

    def _figure(self, slot: _Slot, metric: str) -> Figure:
        expr = slot.period
        if metric == "investment" and slot.stock and slot.weak_period:
            expr = None  # "..., and investments have exceeded $4 billion": no period
        other = next(((c, v) for c, v in slot.amounts.items() if c != USD), (None, None))
        direction = None
        if metric in {"exports", "imports"} and slot.metric_span:
            direction = _direction(self.sentence.text, slot.metric_span, metric, self.states)
        return Figure(
            metric=metric,
            value_usd=slot.amounts.get(USD),
            change_pct=slot.pct,
            period=resolve_period(expr, self.anchor) if expr else None,
            approximate=slot.approx,
            period_expr=expr,
            direction=direction,
            value=other[1],
            currency=other[0],
            evidence=[self.sentence.evidence()],
        )

    def _on_break(self, m: Mention, text: str) -> None:
        if self.slot.has_data():
            self.flush(inherit=True)
        else:
            self.slot.cues -= {"target", "other_amount"}

    def _on_stock(self, m: Mention, text: str) -> None:
        self.slot.stock = True
        self.slot.cues.add("stock")

    def _on_not_actual(self, m: Mention, text: str) -> None:
        self.slot.cues.add("target_after" if self.slot.has_data() else "target")

    def _on_modal(self, m: Mention, text: str) -> None:
        self.slot.cues.add("modal_after" if self.slot.has_data() else "modal")

    def _on_old_value(self, m: Mention, text: str) -> None:
        self.slot.cues.add("old_value_after" if self.slot.has_data() else "old_value")

    def _on_other_amount(self, m: Mention, text: str) -> None:
        if self.slot.amounts:
            self.flush(inherit=True)
        self.slot.cues.add("other_amount")

    def _on_not_bilateral(self, m: Mention, text: str) -> None:
        if self.slot.amounts:
            self.flush(inherit=False)
        self.slot.cues.add("not_bilateral")

    def _on_metric(self, m: Mention, text: str) -> None:
        slot = self.slot
        if slot.amounts and _OF_METRIC.fullmatch(text, self.money_end, m.start):
            # "firms that add to the $7 billion in yearly two-way trade"
            slot.metric, slot.weak_metric = str(m.value), False
            slot.metric_span = (m.start, m.end)
            return
        if slot.amounts and not slot.weak_metric and slot.metric is not None:
            self.flush(inherit=True)
            slot = self.slot
        if slot.metric is None or slot.weak_metric or m.value != "trade_turnover":
            slot.metric, slot.weak_metric = str(m.value), False
            slot.metric_span = (m.start, m.end)

    def _on_period(self, m: Mention, text: str) -> None:
        if m.start <= self.base_until or self.rules.base.search(text[: m.start]):
            if self.base is not None and m.start <= self.base_until:
                self.base_period = m.text
            return
        slot = self.slot
        if slot.period is not None and not slot.weak_period and slot.has_data():
            self.flush(inherit=True)
            slot = self.slot
        slot.period, slot.weak_period = m.text, False

    def _on_money(self, m: Mention, text: str) -> None:
        slot = self.slot
        currency = m.currency or USD
        if slot.amounts and currency not in slot.amounts and _SAME_AMOUNT.search(text, 0, m.start):
            slot.amounts[currency] = float(m.value or 0)  # "$5.4 billion (RM24.1 billion)"
            return
        if not m.approx and self.rules.base.search(text[: m.start]):  # not "more than $5bn"
            self.base_until = m.end + 4  # "from $2 billion in 2020": 2020 is the base too
            self.base, self.base_period = m, None
            return
        value = float(m.value or 0)
        if not 0 < value <= MAX_VALUE:
            return
        cues = set()
        if self.rules.other_amount.match(text[m.end :].lstrip()):
            cues.add("other_after")  # "a $1 billion credit line", "a $500 million loan"
        near = text[max(0, m.start - _TARGET_NEAR) : m.start]
        if self.rules.not_actual.search(near):
            cues.add("target_near")
        if _TO_LEVEL.search(text, max(0, m.start - _TARGET_NEAR), m.start):
            cues.add("to_level")
        if self.rules.modal.search(" ".join(text[: m.start].split()[-_MODAL_WORDS:])):
            cues.add("modal_near")  # "would top $4 billion", "will reach 5 billion"
        future = _FUTURE_YEAR.match(text, m.end)
        if future and (self.anchor is None or int(future.group(1)) > self.anchor.year):
            cues.add("future_year")
        if currency != USD:
            cues.add("other_currency")
        if slot.amounts:
            base = (self.base, self.base_period)
            self.flush(inherit=True)
            self.base, self.base_period = base
            slot = self.slot
        slot.amounts[currency] = value
        slot.amount_cues = cues
        self.money_end = m.end
        slot.approx = slot.approx or m.approx

    def _on_multiple(self, m: Mention, text: str) -> None:
        """A growth told as a factor: k times more is (k - 1) * 100 %, k times less (a
        decline word nearer than any growth word) is (1/k - 1) * 100 %. A verb ("doubled")
        needs its metric before it: "trade doubled", not "doubled their efforts on trade"."""
        if not 1 < float(m.value or 0) <= MAX_CHANGE_PCT / 100:
            return
        if m.text.lower().endswith("ed") and self.slot.metric is None:
            return
        factor = float(m.value or 0)
        sign = pct_change(text, m.start, m.end, factor, self.rules)
        change = (factor - 1) * 100 if sign is None or sign > 0 else (1 / factor - 1) * 100
        if self.slot.pct is not None:
            self.flush(inherit=True)
        self.slot.pct = round(change, 2)
        self.slot.approx = self.slot.approx or m.approx

    def _on_pct(self, m: Mention, text: str) -> None:
        value = float(m.value or 0)
        change = pct_change(text, m.start, m.end, value, self.rules)
        if (
            change is None
            and self.last_sign is not None
            and _AGAIN.search(text, max(0, m.start - NEAR), m.start)
        ):
            change = self.last_sign * abs(value)  # "and by another 21 percent"
        if change is None or not abs(change) <= MAX_CHANGE_PCT:
            return
        if self.slot.pct is not None:
            self.flush(inherit=True)
        self.last_sign = 1.0 if change >= 0 else -1.0
        self.slot.pct = change
        self.slot.approx = self.slot.approx or m.approx


def _is_previous(base: str | None, period: str | None, anchor: datetime.date | None) -> bool:
    """Is the base period the one right before the figure's ("from ... in 2023 to ...
    in 2024")? Only then is the change a growth over one period."""
    if base is None or period is None:
        return False
    a, b = resolve_period(base, anchor), resolve_period(period, anchor)
    return bool(a and b and len(a) == len(b) == 4 and int(b) - int(a) == 1)


_BEFORE_CUE = re.compile(r"^\s*(?:['’]s\s*)?$")
_TO = re.compile(r"^\s+(?:to|into)\s+(?:the\s+)?$", re.I)
_FROM = re.compile(r"^\s+(?:from|of)\s+(?:the\s+)?$", re.I)


def _direction(
    text: str, span: tuple[int, int], metric: str, states: tuple[str, ...]
) -> str | None:
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
    pair = sorted(set(states))
    if len(pair) == 2:
        if exporter in pair and importer is None:
            importer = next(c for c in pair if c != exporter)
        elif importer in pair and exporter is None:
            exporter = next(c for c in pair if c != importer)
    if exporter and importer and exporter != importer:
        return f"{exporter}->{importer}"
    return None
