"""Merging the trade and investment figures of one meeting's reports, and the values
they imply (the previous period's value from a value and its growth rate, marked derived).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from briefing.merge.facts import union_evidence
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


def _fmt_figure(f: Figure) -> str:
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


def _combine(figs: list[tuple[str, Figure]]) -> Figure:
    """Figures that agree, as one fact with the union of their numbers and evidence."""
    base = figs[0][1]
    valued = next((f for _, f in figs if f.value is not None), None)
    return replace(
        base,
        value_usd=next((f.value_usd for _, f in figs if f.value_usd is not None), None),
        value=valued.value if valued else None,
        currency=valued.currency if valued else None,
        change_pct=next((f.change_pct for _, f in figs if f.change_pct is not None), None),
        approximate=any(f.approximate for _, f in figs),
        period_expr=next((f.period_expr for _, f in figs if f.period_expr), None),
        evidence=union_evidence(*(f.evidence for _, f in figs)),
    )


def _merge_figure_group(figs: list[tuple[str, Figure]], conflicts: list[Conflict]) -> list[Figure]:
    """The figures of one metric and period: one fact with the value most sources give,
    and a conflict naming each source's value when another source disagrees. When one
    report itself gives two values they are two different facts, not a disagreement."""
    clusters: list[list[tuple[str, Figure]]] = []
    for aid, f in figs:
        home = next((c for c in clusters if _compatible(_combine(c), f)), None)
        if home is None:
            clusters.append([(aid, f)])
        else:
            home.append((aid, f))
    if len(clusters) == 1:
        return [_combine(clusters[0])]
    articles = [{aid for aid, _ in c} for c in clusters]
    if any(a & b for i, a in enumerate(articles) for b in articles[i + 1 :]):
        return [_combine(c) for c in clusters]
    clusters.sort(key=lambda c: (-len({aid for aid, _ in c}), min(aid for aid, _ in c)))
    merged = _combine(clusters[0])
    values = {aid: _fmt_figure(_combine(c)) for c in clusters for aid, _ in c}
    label = merged.metric.replace("_", " ")
    conflicts.append(
        Conflict(
            "figure",
            f"Sources give different values for {label} ({merged.period or 'period unknown'});"
            f" {_fmt_figure(merged)} is used.",
            dict(sorted(values.items())),
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
                    f"computed: {_fmt_figure(replace(f, change_pct=None))} in {f.period}"
                    f" after {f.change_pct:g}% growth implies about "
                    f"{_fmt_figure(Figure(f.metric, value))} in {prev}"
                ),
                evidence=list(f.evidence),
            )
        )
        have.add((f.metric, f.direction, prev))
    return out


def merge_figures(
    members: list[Extraction], anchor: dt.date | None, conflicts: list[Conflict]
) -> list[Figure]:
    groups: dict[tuple, list[tuple[str, Figure]]] = {}
    loose: list[tuple[str, Figure]] = []  # no period at all: matched by their numbers
    for m in members:
        for f in _resolved_figures(m, anchor):
            if f.period or f.period_expr:
                groups.setdefault(_figure_key(f, 0), []).append((m.article.id, f))
            else:
                loose.append((m.article.id, f))
    for i, (aid, f) in enumerate(loose):
        home = next(
            (
                g
                for key, g in groups.items()
                if key[:2] == (f.metric, f.direction) and any(_same_numbers(f, x) for _, x in g)
            ),
            None,
        )
        if home is None:
            groups[_figure_key(f, i)] = [(aid, f)]
        else:
            home.append((aid, f))
    merged = [f for g in groups.values() for f in _merge_figure_group(g, conflicts)]
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
