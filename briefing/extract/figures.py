"""Trade and investment figures of a story: value, currency, change in percent, period.

Each sentence is read into candidate figures (``figure_reader``), every candidate with
the cues around it: a target or forecast word ("aims to reach $10 billion", "by 2030"), a
loan or a deal, a country's overall trade or GDP, a third state as the trade partner, a
metric only inherited from an earlier clause or sentence. Whether a candidate is a
bilateral figure is a weighing of those cues: a logistic model whose weights are fitted on
the annotated development reports by ``scripts/fit_fact_weights.py`` and saved, readable,
in ``data/fact_weights.yaml`` (see ``fact_weights.py``).

Kept figures of one sentence share its only period; a trade breakdown without a period
("Exports rose 3% to $1.2 billion.") takes the period of the trade figure in the sentence
right before it; table lines take the period of their lead-in line ("Figures for 2023:");
a growth sentence without a metric ("the increase stood at 15 percent") continues the
figure of the sentence before. An amount keeps its currency (``value``, ``currency``) and
never becomes US dollars; a bare "$" is ``dollar``, the currency of the release
(``money.local_dollar``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator

from briefing.extract.fact_weights import keeps
from briefing.extract.figure_cues import rules
from briefing.extract.figure_reader import Candidate, Reader
from briefing.extract.money import USD, money_pattern
from briefing.extract.nlp import Sentence
from briefing.extract.periods import find_periods, resolve_period
from briefing.model import Figure

_TRADE = {"trade_turnover", "exports", "imports"}
_BILATERAL = re.compile(
    r"\b(?:bilateral|two-way|mutual|between (?:the|our) two|(?:both|the two|our two) "
    r"(?:countries|nations|states|sides))\b",
    re.I,
)


def extract_figures(
    sentences: list[Sentence],
    anchor: datetime.date | None,
    countries: list[str],
    dollar: str = USD,
) -> list[Figure]:
    """Bilateral trade and investment figures of the story, each with its sentence.

    ``countries`` are the two states of the meeting; ``dollar`` is what a bare "$" means
    in this report (a Canadian government release: "CAD")."""
    kept: list[Figure] = []
    for sentence_figures in _by_sentence(sentences, anchor, countries, dollar, _keeps):
        kept.extend(sentence_figures)
    return _merge(kept)


def figure_candidates(
    sentences: list[Sentence],
    anchor: datetime.date | None,
    countries: list[str],
    dollar: str = USD,
) -> list[Candidate]:
    """Every candidate figure of the story with its features, before the weighing (what
    ``scripts/fit_fact_weights.py`` learns from). Sentence-to-sentence context follows
    the candidates the current weights keep."""
    out: list[Candidate] = []
    list(_by_sentence(sentences, anchor, countries, dollar, _keeps, out))
    return out


def _by_sentence(
    sentences: list[Sentence],
    anchor: datetime.date | None,
    countries: list[str],
    dollar: str,
    keeps: Callable[[dict[str, float]], bool],
    seen: list[Candidate] | None = None,
) -> Iterator[list[Figure]]:
    """The kept figures of each sentence with a number, in story order."""
    r = rules()
    states = tuple(sorted(set(countries)))
    carry: str | None = None
    before: list[Figure] = []  # figures of the sentence right before
    header: str | None = None  # period of a lead-in line ("Figures for 2023:")
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if not reports_trade(text):
            carry, before, header = None, [], _header_period(text)
            continue
        if carry and not r.carry.search(text):
            carry = None
        context = _sentence_features(text, countries)
        found = []
        for fig, cues in Reader(sentence, anchor, carry, dollar, states).read():
            features = _features(fig, cues, context)
            if seen is not None:
                seen.append(Candidate(fig, features, index))
            if keeps(features):
                found.append(fig)
        _shared_period(found)
        _breakdown_period(found, before, text)
        for f in found:
            if header and f.metric in _TRADE and f.period_expr is None:
                f.period, f.period_expr = resolve_period(header, anchor), header
        carry = found[-1].metric if found else None
        before = found
        yield found


def reports_trade(text: str) -> bool:
    """Does ``text`` give trade or investment figures (a trade word and an amount, a
    percentage or a multiple)? Such a paragraph belongs to the story of a meeting even
    when it names neither side: readouts often close on "Trade turnover in 2023 amounted
    to $1.2 billion." """
    r = rules()
    return bool(r.hint.search(text)) and bool(
        money_pattern().search(text)
        or r.percent.search(text)
        or r.fraction.search(text)
        or any(p.search(text) for p in r.multiple)
    )


def _keeps(features: dict[str, float]) -> bool:
    return keeps("figure", features)


def _sentence_features(text: str, countries: list[str]) -> dict[str, float]:
    """Cues of the whole sentence: a third state as trade partner, both sides named."""
    from briefing.extract.gazetteer import get_gazetteer

    named = {h.key for h in get_gazetteer().find(text) if h.kind in {"country", "demonym"}}
    pair = set(countries)
    out: dict[str, float] = {}
    if _third_party(text, countries):
        out["third_party"] = 1.0
    if len(pair) == 2 and pair <= named or _BILATERAL.search(text):
        out["pair_named"] = 1.0
    elif named & pair:
        out["one_side_named"] = 1.0
    return out


def _features(fig: Figure, cues: set[str], context: dict[str, float]) -> dict[str, float]:
    """The named features of one candidate (see ``data/fact_weights.yaml``)."""
    out = dict(context)
    out.update({c: 1.0 for c in cues})
    if fig.value_usd is not None or fig.value is not None:
        out["has_value"] = 1.0
    if fig.change_pct is not None:
        out["has_change"] = 1.0
    if fig.period_expr:
        out["has_period"] = 1.0
    if fig.approximate:
        out["approximate"] = 1.0
    out["metric_" + fig.metric] = 1.0
    return out


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


def _same(a: Figure, b: Figure) -> bool:
    """Two mentions of one figure: same metric and numbers, periods not contradicting."""
    if (a.metric, a.value_usd, a.change_pct, a.value, a.currency) != (
        b.metric,
        b.value_usd,
        b.change_pct,
        b.value,
        b.currency,
    ):
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
