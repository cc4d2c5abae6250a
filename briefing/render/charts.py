"""Charts as SVG text for inline use in the HTML and PDF briefings.

matplotlib through ``matplotlib.figure.Figure`` only (no pyplot, so no global figure
state and safe in worker threads/processes). Output is deterministic: a fixed
``svg.hashsalt``, no date in the metadata and text kept as text (``svg.fonttype`` none),
so identical inputs give identical bytes and the PDF built from them does not change.
Each function returns None when a chart would say no more than a sentence: a meeting's
trade chart needs two values read from the reports, a history chart two points. Numbers
and periods are worded in the configured locale, series in the words of labels.yaml.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Callable
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from briefing.model import TRADE_METRICS, Figure, Meeting

if TYPE_CHECKING:
    import matplotlib.figure
    from matplotlib.typing import RcKeyType

DEFAULT_ACCENT = "#1f3a5f"
#: A meeting's trade chart is drawn from this many values read from its reports.
MIN_CHART_VALUES = 2
_RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "briefing",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#8a94a3",
    "axes.labelcolor": "#3b4554",
    "xtick.color": "#3b4554",
    "ytick.color": "#3b4554",
}


def _styled(func: Callable[..., str | None]) -> Callable[..., str | None]:
    """Run a chart function inside the house style (rcParams scoped to the call)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context(_RC):
            return func(*args, **kwargs)

    return wrapper


def _svg(fig: matplotlib.figure.Figure, title: str) -> str:
    """Serialise ``fig`` as an inline ``<svg>`` element sized by CSS, with a title."""
    from matplotlib.backends.backend_svg import RendererSVG

    buf = io.StringIO()
    # The tight box, measured with the SVG renderer's text metrics: the same box as
    # ``bbox_inches="tight"``, which gets it from a whole extra draw of the figure.
    measure = RendererSVG(fig.get_figwidth(), fig.get_figheight(), io.StringIO())
    box = fig.get_tightbbox(measure).padded(0.1)
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches=box)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'\s(width|height)="[^"]*pt"', "", text[:400], count=2) + text[400:]
    text = text.replace("<svg", f'<svg class="chart" role="img" aria-label="{escape(title)}"', 1)
    head_end = text.index(">") + 1
    return _scope_ids(text[:head_end] + f"\n <title>{escape(title)}</title>" + text[head_end:])


_ID_REFS = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def _scope_ids(svg: str) -> str:
    """Prefix every id (and reference to it) with a hash of the chart, so several charts
    inlined in one page do not share ids like ``figure_1`` or clip paths."""
    prefix = "c" + hashlib.sha256(svg.encode("utf-8")).hexdigest()[:8]
    return _ID_REFS.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def _new_figure(width: float, height: float) -> matplotlib.figure.Figure:
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=(width, height), dpi=72)


def _period_key(fig: Figure) -> tuple[int, str]:
    """Resolved periods sort by their start; unresolved ones ("last year") go last."""
    return (0, fig.period) if fig.period else (1, fig.period_expr or "")


def _period_label(period: str | None, expr: str | None, locale: str) -> str:
    from briefing.render.fmt import Formatter

    return Formatter(locale=locale).period(period, expr) or "period unknown"


def _scale(values: list[float]) -> tuple[float, str]:
    top = max(abs(v) for v in values) if values else 0
    if top >= 1e9:
        return 1e9, "US$ billion"
    if top >= 1e6:
        return 1e6, "US$ million"
    return 1.0, "US$"


def _money_short(value: float, locale: str) -> str:
    from babel.numbers import format_compact_decimal

    if not abs(value) < 1e15:  # babel's decimals fail, and no real figure is this large
        return f"${value:.3g}"
    return "$" + format_compact_decimal(
        value, format_type="short", locale=locale, fraction_digits=1
    )


def _pct(value: float, approximate: bool, locale: str) -> str:
    from briefing.render.fmt import Formatter

    return (Formatter(locale=locale).percent(value, approximate) or "").replace("≈ ", "≈")


def _locale_ticks(ax: Any, locale: str) -> None:
    """Y-axis numbers in the locale ("2,5" in German), not matplotlib's own."""
    from babel.numbers import format_decimal
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: format_decimal(round(v, 6), format="#,##0.##", locale=locale))
    )


@_styled
def trade_chart_svg(
    meeting: Meeting,
    *,
    accent: str = DEFAULT_ACCENT,
    locale: str = "en_GB",
    names: dict[str, str] | None = None,
) -> str | None:
    """Trade figures of one meeting: value by period as bars (one colour per metric,
    named by ``names``, the metrics of labels.yaml), growth written above each bar,
    derived values hatched and labelled "derived", and growth reported without a value
    noted at its period. None with fewer than ``MIN_CHART_VALUES`` values read from the
    reports: one value is a sentence, and the table says it."""
    figures = [f for f in meeting.figures if f.metric in TRADE_METRICS]
    read = {(f.metric, f.period) for f in figures if f.value_usd is not None and not f.derived}
    if len(read) < MIN_CHART_VALUES:
        return None
    names = {m: (names or {}).get(m) or m.replace("_", " ").capitalize() for m in TRADE_METRICS}
    # One bar per (period, metric); a read value wins over a derived one.
    bars: dict[tuple[tuple[int, str], str], Figure] = {}
    for f in sorted(figures, key=lambda f: f.derived, reverse=True):
        bars[(_period_key(f), f.metric)] = f
    periods = sorted({key for key, _ in bars})
    metrics = [m for m in TRADE_METRICS if any(k[1] == m for k in bars)]
    labels = {key: _period_label(f.period, f.period_expr, locale) for (key, _), f in bars.items()}
    unit, unit_label = _scale([f.value_usd for f in figures if f.value_usd is not None])

    palette = [accent, "#6b8fb5", "#b7c7da"]
    fig = _new_figure(7.2, 2.6)
    ax = fig.add_subplot()
    width = 0.8 / len(metrics)
    top = max(f.value_usd for f in figures if f.value_usd is not None) / unit
    for mi, metric in enumerate(metrics):
        for pi, key in enumerate(periods):
            bar = bars.get((key, metric))
            if bar is None:
                continue
            f = bar
            x = pi + (mi - (len(metrics) - 1) / 2) * width
            if f.value_usd is None:
                note = _pct(f.change_pct, f.approximate, locale) if f.change_pct is not None else ""
                ax.text(
                    x,
                    top * 0.04,
                    f"{note}\n(no value reported)".strip(),
                    ha="center",
                    va="bottom",
                    color="#5b6573",
                    fontsize=7.5,
                    style="italic",
                )
                continue
            height = f.value_usd / unit
            if f.derived:
                ax.bar(
                    x,
                    height,
                    width * 0.9,
                    facecolor="white",
                    edgecolor=accent,
                    hatch="///",
                    linewidth=1.0,
                    linestyle="--",
                )
            else:
                ax.bar(x, height, width * 0.9, color=palette[mi % len(palette)])
            text = ("≈" if f.approximate or f.derived else "") + _money_short(f.value_usd, locale)
            if f.change_pct is not None:
                text += f"  {_pct(f.change_pct, f.approximate, locale)}"
            if f.derived:
                text += "\nderived"
            ax.text(
                x,
                height + top * 0.02,
                text,
                ha="center",
                va="bottom",
                fontsize=8,
                color="#1b2330",
                fontweight="normal" if f.derived else "bold",
            )
    ax.set_xticks(range(len(periods)), [labels[k] for k in periods])
    ax.set_ylim(0, top * 1.35)
    ax.set_xlim(-0.6, len(periods) - 0.4)
    ax.set_ylabel(unit_label)
    _locale_ticks(ax, locale)
    ax.yaxis.grid(True, color="#e3e7ec", linewidth=0.6)
    ax.set_axisbelow(True)
    if len(metrics) > 1:
        from matplotlib.patches import Patch

        ax.legend(
            handles=[
                Patch(color=palette[i % len(palette)], label=names[m])
                for i, m in enumerate(metrics)
            ],
            frameon=False,
            fontsize=7.5,
            loc="upper left",
        )
    shown = ", ".join(names[m] for m in metrics)
    return _svg(fig, f"{shown} by period ({unit_label})")


def _as_date(value: str) -> date | None:
    parts = value.split("-")
    try:
        nums = [int(p) for p in parts[:3]] + [1, 1]
        return date(nums[0], nums[1], nums[2]) if len(parts) > 1 else date(nums[0], 1, 1)
    except (ValueError, IndexError):
        return None


def _locale_dates(ax: Any, locale: str) -> None:
    """Date ticks in the locale ("janv. 2024"), a year alone at its first day."""
    from babel.dates import format_skeleton
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FuncFormatter

    def word(value: float, _pos: int) -> str:
        day = num2date(value).date()
        if (day.month, day.day) == (1, 1):
            return str(day.year)
        return format_skeleton("yMMM", day, locale=locale)

    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(FuncFormatter(word))


@_styled
def relationship_timeline_svg(
    points: list[tuple[str, str]], *, accent: str = DEFAULT_ACCENT, locale: str = "en_GB"
) -> str | None:
    """Relationship level over time from (date, level) pairs, as a step line. Levels are
    ranked by when they first appear, which follows the usual upgrade path. None with
    fewer than two dated points."""
    dated = sorted((d, level) for raw, level in points if level and (d := _as_date(raw)))
    if len(dated) < 2:
        return None
    order: list[str] = []
    for _, level in dated:
        if level not in order:
            order.append(level)
    fig = _new_figure(7.2, 0.9 + 0.35 * len(order))
    ax = fig.add_subplot()
    xs = [d for d, _ in dated]
    ys = [order.index(level) for _, level in dated]
    ax.step(xs, ys, where="post", color=accent, linewidth=1.6)  # type: ignore[arg-type]
    ax.plot(xs, ys, "o", color=accent, markersize=5)  # type: ignore[arg-type]
    _locale_dates(ax, locale)
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(-0.5, len(order) - 0.5)
    ax.xaxis.grid(True, color="#e3e7ec", linewidth=0.6)
    return _svg(fig, "Relationship level over time")


@_styled
def trade_series_svg(
    points: list[tuple[str, float]], *, accent: str = DEFAULT_ACCENT, locale: str = "en_GB"
) -> str | None:
    """Trade value by period across the archive, as bars with value labels. None with
    fewer than two periods."""
    clean = sorted((p, v) for p, v in points if p and v is not None)
    if len(clean) < 2:
        return None
    unit, unit_label = _scale([v for _, v in clean])
    fig = _new_figure(7.2, 2.3)
    ax = fig.add_subplot()
    heights = [v / unit for _, v in clean]
    ax.bar(range(len(clean)), heights, 0.6, color=accent)
    for i, (_, v) in enumerate(clean):
        ax.text(
            i,
            v / unit + max(heights) * 0.02,
            _money_short(v, locale),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_xticks(range(len(clean)), [_period_label(p, None, locale) for p, _ in clean])
    ax.set_ylim(0, max(heights) * 1.2)
    ax.set_ylabel(unit_label)
    _locale_ticks(ax, locale)
    ax.yaxis.grid(True, color="#e3e7ec", linewidth=0.6)
    ax.set_axisbelow(True)
    return _svg(fig, f"Trade value by period ({unit_label})")
