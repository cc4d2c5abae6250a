"""A small L2-regularised logistic regression for the fitting scripts (numpy only).

The extraction applies fitted weights as a dot product (``briefing/extract/weights.py``);
fitting them needs nothing more than this: Newton's method on the penalised
log-likelihood, with per-row weights, and k-fold cross-validation grouped by report so
that rows of one report never sit on both sides of a split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class Fit:
    bias: float
    weights: dict[str, float]
    l2: float


def fit(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    names: Sequence[str],
    l2: float,
    sample_weight: Sequence[float] | None = None,
    iterations: int = 50,
    prior: dict[str, float] | None = None,
) -> Fit:
    """Weights minimising the weighted log-loss plus ``l2`` times the squared distance of
    each weight from its prior mean (0 unless ``prior`` names one): a Gaussian prior, so a
    cue that by definition speaks against an outcome keeps a negative weight when the
    training reports happen to hold few examples of it. The bias is not penalised."""
    x = np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=float)
    x = np.hstack([np.ones((len(rows), 1)), x])
    y = np.array(labels, dtype=float)
    w = np.ones(len(rows)) if sample_weight is None else np.array(sample_weight, dtype=float)
    mean = np.array([0.0] + [(prior or {}).get(n, 0.0) for n in names])
    beta = mean.copy()
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 1e-6
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + penalty * (beta - mean)
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return Fit(float(beta[0]), {n: float(b) for n, b in zip(names, beta[1:], strict=True)}, l2)


def predict(model: Fit, row: dict[str, float]) -> float:
    z = model.bias + sum(model.weights[n] * row.get(n, 0.0) for n in model.weights)
    return float(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


def cross_validate(
    rows: Sequence[dict[str, float]],
    labels: Sequence[int],
    groups: Sequence[str],
    names: Sequence[str],
    l2: float,
    sample_weight: Sequence[float] | None = None,
    folds: int = 5,
    prior: dict[str, float] | None = None,
) -> list[float]:
    """Out-of-fold probabilities, folds by a stable hash of the group (the report)."""
    import hashlib

    fold_of = [int(hashlib.sha256(g.encode()).hexdigest()[:8], 16) % folds for g in groups]
    out = [0.0] * len(rows)
    for k in range(folds):
        train = [i for i in range(len(rows)) if fold_of[i] != k]
        if not train:
            continue
        model = fit(
            [rows[i] for i in train],
            [labels[i] for i in train],
            names,
            l2,
            None if sample_weight is None else [sample_weight[i] for i in train],
            prior=prior,
        )
        for i in range(len(rows)):
            if fold_of[i] == k:
                out[i] = predict(model, rows[i])
    return out
