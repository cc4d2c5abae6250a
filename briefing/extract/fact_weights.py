"""Fitted weights of the fact extractors' decisions, applied as a dot product.

Is an amount a bilateral trade figure, or a target, a loan, a country's whole trade? Was
a document signed at this meeting, referenced, or only proposed? Each is a weighing of
several cues found around the number or the name. The cues are named features computed
in ``figures.py`` / ``agreements.py``; how much each counts is fitted on the annotated
development reports by ``scripts/fit_fact_weights.py`` and saved, readable, in
``data/fact_weights.yaml``. The models are ``weights.Model``s, like those of the meeting
decisions, kept in a file of their own because another script fits them.
"""

from __future__ import annotations

from functools import cache

from briefing.extract.weights import Model
from briefing.vocab import load_data


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


def keeps(name: str, features: dict[str, float]) -> bool:
    """Does the model ``name`` say yes to ``features``?"""
    m = model(name)
    return m.probability(features) >= m.threshold


def choose(names: dict[str, str], features: dict[str, float]) -> str:
    """The label whose model scores ``features`` highest (``names``: label -> model):
    one-vs-rest models of a choice among several labels (a document's status)."""
    return max(names, key=lambda label: (model(names[label]).score(features), label))
