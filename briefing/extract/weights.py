"""Fitted weights for the extraction's decisions, applied as a dot product.

Which two states met, whether a report is about a meeting at all, who spoke for each
side and whether it was a call: each is a weighing of many pieces of evidence found over
the whole story. The pieces are named features computed in code (``sides.py``,
``decision.py``); how much each counts is fitted on the annotated development reports by
``scripts/fit_weights.py`` and saved, readable, in ``briefing/data/weights.yaml``. At run
time a decision is a logistic function of a dot product: no model file, no numerical
library, nothing to download.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from briefing.vocab import load_data


@dataclass(frozen=True)
class Model:
    """One logistic model: ``bias`` plus a weight per named feature."""

    name: str
    bias: float
    weights: dict[str, float]
    threshold: float = 0.5

    def score(self, features: dict[str, float]) -> float:
        """Log-odds of ``features`` (features without a weight count nothing)."""
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())

    def probability(self, features: dict[str, float]) -> float:
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -35 else 0.0

    def contributions(self, features: dict[str, float]) -> list[tuple[str, float]]:
        """Each feature's part of the score, most negative first (for reasons)."""
        parts = [(k, self.weights.get(k, 0.0) * v) for k, v in features.items()]
        return sorted((p for p in parts if p[1]), key=lambda p: p[1])


_override: dict[str, dict[str, Any]] | None = None


def use(models: dict[str, dict[str, Any]] | None) -> None:
    """Decide with ``models`` (shaped like ``weights.yaml``'s ``models``) instead of the
    shipped weights, or with the shipped ones again (``None``): for fitting and
    cross-validating new weights without writing the data file."""
    global _override
    _override = models
    model.cache_clear()


@cache
def model(name: str) -> Model:
    """The fitted model ``name`` of ``briefing/data/weights.yaml``."""
    entry = (_override or load_data("weights.yaml")["models"])[name]
    return Model(
        name,
        float(entry["bias"]),
        {k: float(v) for k, v in (entry.get("weights") or {}).items()},
        float(entry.get("threshold", 0.5)),
    )
