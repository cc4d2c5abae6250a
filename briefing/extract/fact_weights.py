"""Fitted weights of the fact extractors' decisions, applied as a dot product.

Is an amount a bilateral trade figure, or a target, a loan, a country's whole trade? Was
a document signed at this meeting, referenced, or only proposed? Each is a weighing of
several cues found around the number or the name. The cues are named features computed
in ``figures.py`` / ``agreements.py``; how much each counts is fitted on the annotated
development reports by ``scripts/fit_fact_weights.py`` and saved, readable, in
``data/fact_weights.yaml``. At run time a decision is a logistic function of a dot
product: no model file, no numerical library, nothing to download.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from briefing.extract.vocab import load_data


@dataclass(frozen=True)
class Model:
    """One logistic model: ``bias`` plus a weight per named feature."""

    name: str
    bias: float
    weights: dict[str, float]
    threshold: float = 0.5

    def score(self, features: dict[str, float]) -> float:
        """Log-odds of ``features`` (a feature without a weight counts nothing)."""
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())

    def probability(self, features: dict[str, float]) -> float:
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -35 else 0.0

    def keeps(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold


@cache
def model(name: str) -> Model:
    """The fitted model ``name`` of ``data/fact_weights.yaml``."""
    entry = load_data("fact_weights.yaml")["models"][name]
    return Model(
        name,
        float(entry["bias"]),
        {k: float(v) for k, v in (entry.get("weights") or {}).items()},
        float(entry.get("threshold", 0.5)),
    )


def choose(names: dict[str, str], features: dict[str, float]) -> str:
    """The label whose model scores ``features`` highest (``names``: label -> model);
    one-vs-rest models of a choice among several labels (a document's status)."""
    return max(names, key=lambda label: (model(names[label]).score(features), label))
