"""Fit the weights of the fact extractors' decisions and write data/fact_weights.yaml.

Which candidate amounts are bilateral trade or investment figures (``figure``), and what
status a document has (``status_signed``, ``status_referenced``, ``status_proposed``, one
model per status; the highest score wins), are logistic models over named features
computed by ``briefing/extract/figures.py`` and ``briefing/extract/agreements.py``. This
script extracts every annotated development report, labels each candidate from the gold
and fits the models by logistic regression (plain gradient descent: no numerical library
needed) with a Gaussian prior centred on the hand-set weights of ``PRIORS``: the rules
the extractors followed before weights were fitted. A cue the development reports never
show (a third state as trade partner next to a number) keeps its rule weight; a cue
they do show moves to what they say. It prints 5-fold cross-validated scores, folds
split by report, beside the score of the rules alone, and writes them into the header
of the weights file.

Data: the development part of ``../shared/corpus/dev2`` and ``dev3`` (never the
validation part: see docs/evaluation.md), ``../shared/corpus/dev``,
``../shared/corpus/seeds`` and the invented reports of ``tests/corpus``.

Usage: python scripts/fit_fact_weights.py [--check]   (--check: fit and report, no write)
"""

from __future__ import annotations

import datetime
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.evaluate import _close, _words, corpus_part, gold_files, load_gold
from briefing.extract import extract
from briefing.extract.agreements import agreement_candidates
from briefing.extract.figures import figure_candidates
from briefing.extract.money import local_dollar
from briefing.extract.nlp import split_sentences

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "briefing" / "data" / "fact_weights.yaml"
L2 = 0.1  # strength of the pull towards the prior weights
STEPS = 3000
RATE = 0.5
FOLDS = 5
STATUSES = ("signed", "referenced", "proposed")
_DROP = -4.0
# The rules as weights. figure: a candidate is kept unless a target, loan, overall-trade
# or third-party cue stands by it. status_*: the nearest cue word tells the status;
# without one, a same-day phrase makes it signed, else referenced; a past date turns
# "signed" into referenced; a list's lead-in line tells its items' status.
PRIORS: dict[str, tuple[float, dict[str, float]]] = {
    "figure": (
        2.0,
        {
            "target": _DROP,
            "target_near": _DROP,
            "modal": _DROP / 2,  # a modal far from the amount only hints at a forecast
            "modal_near": _DROP,
            "old_value": _DROP,
            "future_year": _DROP,
            "other_amount": _DROP,
            "other_after": _DROP,
            "not_bilateral": _DROP,
            "third_party": _DROP,
        },
    ),
    "status_signed": (
        -1.0,
        {"nearest_signed": 3.0, "date_past": -2.5, "date_today": 1.5, "lead_in_signed": 2.0},
    ),
    "status_referenced": (
        0.0,
        {"nearest_referenced": 3.0, "nearest_signed": 0.5, "name_year": 1.0, "date_past": 1.0},
    ),
    "status_proposed": (-1.0, {"nearest_proposed": 4.0, "lead_in_proposed": 3.0}),
}


@dataclass
class Sample:
    doc: str
    features: dict[str, float]
    label: bool | str


def _files() -> list[Path]:
    dev = [
        f for f in gold_files([CORPORA / "dev2", CORPORA / "dev3"]) if corpus_part(f.stem) == "dev"
    ]
    return dev + gold_files([CORPORA / "dev", CORPORA / "seeds", ROOT / "tests" / "corpus"])


def _same_number(gold: dict, fig) -> bool:
    """A candidate gives a number of a gold figure (its amount, or its change when it
    has no amount): it is a real figure, whatever else may be off."""
    if fig.value_usd is not None and _close(gold.get("value_usd"), fig.value_usd, 0.01, True):
        return True
    if (
        fig.value is not None
        and gold.get("currency") == fig.currency
        and _close(gold.get("value"), fig.value, 0.01, True)
    ):
        return True
    return (
        fig.value_usd is None
        and fig.value is None
        and fig.change_pct is not None
        and gold.get("change_pct") is not None
        and abs(gold["change_pct"] - fig.change_pct) <= 0.5
    )


def _twin(golds: list[dict], name: str) -> dict | None:
    """The gold document a name stands for: the one sharing the most of its words, at
    least half of the longer name's (the scorer's rule)."""
    b = _words(name)
    best, share = None, 0.0
    for g in golds:
        a = _words(g.get("name", ""))
        close = bool(a and b) and len(a & b) >= 0.5 * max(len(a), len(b))
        if close and len(a & b) / len(a | b) > share:
            best, share = g, len(a & b) / len(a | b)
    return best


def collect() -> tuple[list[Sample], list[Sample]]:
    """(figure samples, agreement-status samples) of every development report."""
    figures: list[Sample] = []
    statuses: list[Sample] = []
    for path in _files():
        article, gold = load_gold(path)
        ex = extract(article)
        if not ex.is_bilateral_meeting:
            continue
        sents = split_sentences(article.id, article.text, ex.story_spans)
        anchor = datetime.date.fromisoformat(ex.date) if ex.date else None
        dollar = local_dollar(article.publisher, article.url)
        gold_figs = gold.get("figures") or []
        for c in figure_candidates(sents, anchor, ex.countries, dollar):
            label = any(_same_number(g, c.figure) for g in gold_figs)
            figures.append(Sample(path.stem, c.features, label))
        gold_docs = gold.get("agreements") or []
        for c in agreement_candidates(sents, anchor, ex.countries):
            twin = _twin(gold_docs, c.name)
            if twin is not None and c.weighed:
                statuses.append(Sample(path.stem, c.features, twin["status"]))
    return figures, statuses


def fit(
    samples: list[Sample], target: Callable[[Sample], bool], prior: str
) -> tuple[float, dict[str, float]]:
    """Bias and weights of a logistic regression pulled towards the prior weights of the
    model ``prior`` (gradient descent on the log-loss plus the L2 distance to them)."""
    bias0, w0 = PRIORS[prior]
    names = sorted({k for s in samples for k in s.features} | set(w0))
    bias, w = bias0, {k: w0.get(k, 0.0) for k in names}
    n = len(samples)
    ys = [1.0 if target(s) else 0.0 for s in samples]
    for _ in range(STEPS):
        gb, gw = 0.0, dict.fromkeys(names, 0.0)
        for s, y in zip(samples, ys, strict=True):
            z = bias + sum(w[k] * v for k, v in s.features.items())
            err = 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z)))) - y
            gb += err
            for k, v in s.features.items():
                gw[k] += err * v
        bias -= RATE * gb / n
        for k in names:
            w[k] -= RATE * (gw[k] / n + L2 * (w[k] - w0.get(k, 0.0)))
    return bias, w


def _score(bias: float, w: dict[str, float], features: dict[str, float]) -> float:
    return bias + sum(w.get(k, 0.0) * v for k, v in features.items())


def _folds(samples: list[Sample]) -> list[tuple[list[Sample], list[Sample]]]:
    docs = sorted({s.doc for s in samples})
    out = []
    for k in range(FOLDS):
        test = {d for i, d in enumerate(docs) if i % FOLDS == k}
        out.append(
            ([s for s in samples if s.doc not in test], [s for s in samples if s.doc in test])
        )
    return out


def cv_keep(samples: list[Sample], rules_only: bool = False) -> dict[str, float]:
    """Cross-validated precision, recall and F1 of the keep decision (``rules_only``:
    of the prior weights, unfitted)."""
    tp = fp = fn = 0
    for train, test in _folds(samples):
        bias, w = PRIORS["figure"] if rules_only else fit(train, lambda s: bool(s.label), "figure")
        for s in test:
            keep = _score(bias, w, s.features) >= 0
            tp += keep and bool(s.label)
            fp += keep and not s.label
            fn += not keep and bool(s.label)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _fit_status(samples: list[Sample]) -> dict[str, tuple[float, dict[str, float]]]:
    return {st: fit(samples, lambda s, st=st: s.label == st, f"status_{st}") for st in STATUSES}


def _choose(models: dict[str, tuple[float, dict[str, float]]], features: dict[str, float]) -> str:
    return max(models, key=lambda st: (_score(*models[st], features), st))


def cv_status(samples: list[Sample], rules_only: bool = False) -> float:
    """Cross-validated accuracy of the status choice over documents found."""
    right = 0
    for train, test in _folds(samples):
        models = (
            {st: PRIORS[f"status_{st}"] for st in STATUSES} if rules_only else _fit_status(train)
        )
        right += sum(_choose(models, s.features) == s.label for s in test)
    return right / len(samples) if samples else 1.0


def _yaml_model(name: str, bias: float, w: dict[str, float]) -> list[str]:
    lines = [f"  {name}:", f"    bias: {bias:.3f}", "    weights:"]
    for k in sorted(w):
        if abs(w[k]) >= 0.0005:
            lines.append(f"      {k}: {w[k]:.3f}")
    return lines


def main(check: bool) -> None:
    figures, statuses = collect()
    keep_cv, keep_rules = cv_keep(figures), cv_keep(figures, rules_only=True)
    status_cv, status_rules = cv_status(statuses), cv_status(statuses, rules_only=True)
    positives = sum(bool(s.label) for s in figures)
    print(f"figure candidates: {len(figures)} ({positives} real figures)")
    for label, cv in (("fitted", keep_cv), ("rules only", keep_rules)):
        print(
            f"  5-fold CV keep decision, {label}: "
            + ", ".join(f"{k} {v:.3f}" for k, v in cv.items())
        )
    print(f"status samples: {len(statuses)} documents found and annotated")
    print(f"  5-fold CV status accuracy: fitted {status_cv:.3f}, rules only {status_rules:.3f}")
    if check:
        return
    bias, w = fit(figures, lambda s: bool(s.label), "figure")
    lines = [
        "# Weights of the fact extractors' decisions (briefing/extract/fact_weights.py).",
        "# Written by scripts/fit_fact_weights.py from the development reports (dev part of",
        "# dev2 + dev3, corpus/dev, seeds, tests/corpus); refit instead of editing by hand.",
        f"# figure: {len(figures)} candidates, {positives} real; 5-fold CV (folds by report)"
        f" precision {keep_cv['precision']:.3f}, recall {keep_cv['recall']:.3f},"
        f" F1 {keep_cv['f1']:.3f} (rules alone: F1 {keep_rules['f1']:.3f}).",
        f"# status_*: {len(statuses)} documents; 5-fold CV accuracy {status_cv:.3f}"
        f" (rules alone: {status_rules:.3f}).",
        "models:",
        *_yaml_model("figure", bias, w),
        "    threshold: 0.5",
    ]
    for st, (b, ws) in _fit_status(statuses).items():
        lines += _yaml_model(f"status_{st}", b, ws)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main("--check" in sys.argv[1:])
