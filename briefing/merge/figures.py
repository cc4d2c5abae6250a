"""Merging the trade and investment figures of one meeting's reports, and the values
they imply (the previous period's value from a value and its growth rate, marked derived).

When sources disagree on a figure, the conflict rule (``briefing/merge/rule.py``) picks
the value kept; the figure is marked ``disputed`` and keeps the other values as its
``alternatives``, with the articles that give them, and the conflict names every
source's value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from briefing.merge.facts import claims_shown, union_evidence
from briefing.merge.rule import Sources
from briefing.merge.similar import fold
from briefing.model import FIGURE_METRICS, Conflict, Extraction, Figure

# Two figures of the same metric and period disagree when they differ by more than this.
FIGURE_TOLERANCE = 0.01


def _resolved_figures(m: Extraction, anchor: dt.date | None) -> list[Figure]:
    from briefing.extract.periods import resolve_period

    out = []
    for f in m.figures:
        if f.period is None and f.period_expr and anchor is not None:
            f = replace(f, period=resolve_period(f.period_expr, anchor))
        out.append(f)
    return out


def _figure_key(f: Figure, index: int) -> tuple:
    """Same metric, direction and period: the same fact. An unresolved period groups by its
    phrase; a figure with neither stays a fact of its own (``index``)."""
    if f.period:
        return (f.metric, f.direction, f.period)
    if f.period_expr:
        return (f.metric, f.direction, "expr:" + fold(f.period_expr))
    return (f.metric, f.direction, f"#{index}")


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) > FIGURE_TOLERANCE * max(abs(a), abs(b), 1e-9)


def _compatible(a: Figure, b: Figure) -> bool:
    """No number of one contradicts the other. Amounts in two different currencies
    ("$5.4 billion", "RM24 billion") are not compared: no rate of the day is known."""
    return (
        not _differs(a.value_usd, b.value_usd)
        and not _differs(a.change_pct, b.change_pct)
        and (a.currency != b.currency or not _differs(a.value, b.value))
    )


def _same_numbers(a: Figure, b: Figure) -> bool:
    """Both give the same amount (or, when one has no amount, the same change)."""
    if (a.value_usd is not None and b.value_usd is not None) or (
        a.value is not None and a.currency == b.currency and b.value is not None
    ):
        return _compatible(a, b)
    return (
        a.change_pct is not None
        and b.change_pct is not None
        and not _differs(a.change_pct, b.change_pct)
    )


def figure_text(f: Figure) -> str:
    """A figure's numbers in words for conflicts and change lists: "$6.8 billion, +9%"."""
    parts = []
    for value, sign in ((f.value_usd, "$"), (f.value, f"{f.currency} ")):
        if value is not None:
            parts.append(
                f"{sign}{value / 1e9:.3g} billion"
                if value >= 1e9
                else f"{sign}{value / 1e6:.3g} million"
            )
    if f.change_pct is not None:
        parts.append(f"{f.change_pct:+g}%")
    return ", ".join(parts) or "no value"


class _Cluster:
    """Figures that agree: the first amount, other-currency amount and change given stand
    for the cluster (``rep``)."""

    def __init__(self) -> None:
        self.figures: list[tuple[str, Figure]] = []
        self.rep: Figure | None = None

    @property
    def value(self) -> float | None:
        return self.rep.value_usd if self.rep else None

    @property
    def change(self) -> float | None:
        return self.rep.change_pct if self.rep else None

    def fits(self, f: Figure) -> bool:
        return self.rep is None or _compatible(self.rep, f)

    def add(self, aid: str, f: Figure) -> None:
        self.figures.append((aid, f))
        rep = self.rep or f
        valued = rep if rep.value is not None else f
        self.rep = replace(
            rep,
            value_usd=rep.value_usd if rep.value_usd is not None else f.value_usd,
            change_pct=rep.change_pct if rep.change_pct is not None else f.change_pct,
            value=valued.value,
            currency=valued.currency,
        )

    @property
    def articles(self) -> set[str]:
        return {aid for aid, _ in self.figures}

    def combined(self) -> Figure:
        """The cluster as one fact with the union of its numbers and evidence."""
        assert self.rep is not None
        figs = self.figures
        return replace(
            figs[0][1],
            value_usd=self.rep.value_usd,
            value=self.rep.value,
            currency=self.rep.currency,
            change_pct=self.rep.change_pct,
            approximate=any(f.approximate for _, f in figs),
            period_expr=next((f.period_expr for _, f in figs if f.period_expr), None),
            evidence=union_evidence(*(f.evidence for _, f in figs)),
        )


def _merge_figure_group(
    figs: list[tuple[str, Figure]], conflicts: list[Conflict], sources: Sources
) -> list[Figure]:
    """The figures of one metric and period: one fact with the value the conflict rule
    keeps, ``disputed`` with the others as ``alternatives`` and a conflict naming each
    source's value when sources disagree. When one report itself gives two values they
    are two different facts, not a disagreement."""
    clusters: list[_Cluster] = []
    for aid, f in figs:
        home = next((c for c in clusters if c.fits(f)), None)
        if home is None:
            home = _Cluster()
            clusters.append(home)
        home.add(aid, f)
    if len(clusters) == 1:
        return [clusters[0].combined()]
    articles = [c.articles for c in clusters]
    if any(a & b for i, a in enumerate(articles) for b in articles[i + 1 :]):
        return [c.combined() for c in clusters]
    by_cluster = {n: c.articles for n, c in enumerate(clusters)}
    ranked = sources.rank(
        by_cluster, order=lambda n: (clusters[n].value or 0, clusters[n].change or 0)
    )
    kept, others = clusters[ranked[0]], [clusters[n] for n in ranked[1:]]
    merged = replace(
        kept.combined(),
        disputed=True,
        alternatives=[
            {
                "value_usd": c.value,
                "change_pct": c.change,
                **(
                    {"value": c.rep.value, "currency": c.rep.currency}
                    if c.rep and c.rep.value
                    else {}
                ),
                "sources": sorted(c.articles),
            }
            for c in others
        ],
    )
    values = {aid: figure_text(c.combined()) for c in clusters for aid in c.articles}
    label = merged.metric.replace("_", " ")
    why = sources.why(kept.articles, others[0].articles)
    conflicts.append(
        Conflict(
            "figure",
            f"Sources give different values for {label} ({merged.period or 'period unknown'});"
            f" {figure_text(merged)} is used ({why}).",
            claims_shown(values, sources),
        )
    )
    return [merged]


def _previous_period(period: str | None) -> str | None:
    """'2024' -> '2023'; '2025-01/2025-03' -> '2024-01/2024-03', '2025-02' -> '2024-02'
    (growth rates of part of a year compare with the same months a year earlier)."""
    if not period:
        return None
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) - 1)
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return f"{int(period[:4]) - 1}{period[4:]}"
    m = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", period)
    if m:
        return f"{int(m[1]) - 1}-{m[2]}/{int(m[3]) - 1}-{m[4]}"
    return None


def derive_figures(figures: list[Figure]) -> list[Figure]:
    """Previous-period values implied by a value and its growth rate, marked derived."""
    have = {(f.metric, f.direction, f.period) for f in figures if f.value_usd is not None}
    out = []
    for f in figures:
        prev = _previous_period(f.period)
        if (
            f.derived
            or f.value_usd is None
            or f.change_pct is None
            or f.change_pct <= -100
            or prev is None
            or (f.metric, f.direction, prev) in have
        ):
            continue
        value = float(f"{f.value_usd / (1 + f.change_pct / 100):.3g}")
        out.append(
            Figure(
                metric=f.metric,
                value_usd=value,
                period=prev,
                approximate=True,
                direction=f.direction,
                derived=True,
                derived_from=(
                    f"computed: {figure_text(replace(f, change_pct=None))} in {f.period}"
                    f" after {f.change_pct:g}% growth implies about "
                    f"{figure_text(Figure(f.metric, value))} in {prev}"
                ),
                evidence=list(f.evidence),
            )
        )
        have.add((f.metric, f.direction, prev))
    return out


def merge_figures(
    members: list[Extraction], anchor: dt.date | None, conflicts: list[Conflict], sources: Sources
) -> list[Figure]:
    groups: dict[tuple, list[tuple[str, Figure]]] = {}
    loose: list[tuple[str, Figure]] = []  # no period at all: matched by their numbers
    for m in members:
        for f in _resolved_figures(m, anchor):
            if f.period or f.period_expr:
                groups.setdefault(_figure_key(f, 0), []).append((m.article.id, f))
            else:
                loose.append((m.article.id, f))
    # each group's distinct numbers, so that a loose figure is compared once with each
    numbers = {key: {(x.value_usd, x.change_pct): x for _, x in g} for key, g in groups.items()}
    for i, (aid, f) in enumerate(loose):
        home = next(
            (
                key
                for key, known in numbers.items()
                if key[:2] == (f.metric, f.direction)
                and any(_same_numbers(f, x) for x in known.values())
            ),
            None,
        )
        if home is None:
            home = _figure_key(f, i)
            groups[home], numbers[home] = [], {}
        groups[home].append((aid, f))
        numbers[home].setdefault((f.value_usd, f.change_pct), f)
    merged = [f for g in groups.values() for f in _merge_figure_group(g, conflicts, sources)]
    merged.extend(derive_figures(merged))
    metric_order = {metric: n for n, metric in enumerate(FIGURE_METRICS)}
    return sorted(
        merged,
        key=lambda f: (
            metric_order.get(f.metric, 9),
            f.direction or "",
            f.period or "",
            f.derived,
            f.value_usd or 0,
            f.change_pct or 0,
        ),
    )
