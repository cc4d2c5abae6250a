"""Plain-text wording shared by ``briefing meetings`` and ``briefing show``.

Output goes to a terminal or into a pipe: on a terminal long lines are wrapped to its
width; into a pipe nothing is cut or wrapped, so ``grep`` and ``cut`` see whole values.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import Any


def on_terminal() -> bool:
    return sys.stdout.isatty()


def money(value: float | None, currency: str | None = None) -> str:
    """ "$3.7 bn"; an amount in another currency with its code: "EUR 2 bn"."""
    if value is None:
        return ""
    sign = "$" if currency in (None, "USD") else currency + " "
    return f"{sign}{value / 1e9:.3g} bn" if abs(value) >= 1e9 else f"{sign}{value / 1e6:.3g} m"


def figure_text(f: dict[str, Any]) -> str:
    """``≈ $3.7 bn +20% (derived)``, ``EUR 2 bn`` for an amount in another currency."""
    parts = [money(f.get("value_usd")) or money(f.get("value"), f.get("currency"))]
    if f.get("change_pct") is not None:
        parts.append(f"{f['change_pct']:+g}%")
    text = " ".join(p for p in parts if p)
    if f.get("approximate"):
        text = "≈ " + text
    return text + (" (derived)" if f.get("derived") else "")


def one_line(text: str | None) -> str:
    """Whitespace (tabs, newlines of a quoted sentence) folded to single spaces."""
    return " ".join((text or "").split())


def block(text: str, indent: int) -> str:
    """``text`` indented; wrapped to the terminal's width only when on a terminal."""
    pad = " " * indent
    if not on_terminal():
        return pad + text
    width = max(40, shutil.get_terminal_size().columns - 1)
    return textwrap.fill(text, width, initial_indent=pad, subsequent_indent=pad + "  ")
