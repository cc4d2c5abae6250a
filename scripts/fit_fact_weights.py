"""Fit the weights of the fact extractors' decisions and write data/fact_weights.yaml.

Which candidate amounts are bilateral trade or investment figures (``figure``), and what
status a document has (``status_signed``, ``status_referenced``, ``status_proposed``: one
model per status, the highest score wins), are logistic models over named features
computed by ``briefing/extract/figures.py`` and ``briefing/extract/agreements.py``. This
script extracts every annotated development report, takes the story sentences, meeting
date and states that ``briefing.extract`` hands to the fact readers, labels each
candidate from the gold (a figure: does the gold give its number? a document: the status
of the gold document of the same name) and fits the models with ``scripts/logistic.py``.

The prior mean of each weight is the rule the extractors followed before any weights
were fitted (``PRIORS``): a cue the development reports never show next to a number (a
third state as the trade partner) keeps its rule weight; a cue they do show moves to
what they say. The L2 strength is chosen by 5-fold cross-validation grouped by report
(on a tie the stronger one: when the reports cannot tell, the rules stand);
the cross-validated scores, beside those of the rules alone, go into the file header.

Training reports: the development part of ../shared/corpus/dev2 + dev3 (never its
validation part: docs/evaluation.md), ../shared/corpus/dev and seeds, and the invented
reports of tests/corpus, weighted half as much as real ones.

Usage: python scripts/fit_fact_weights.py [--dry-run]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import logistic  # noqa: E402

import briefing.extract as extraction  # noqa: E402
from briefing.evaluate import _close, _words, corpus_part, gold_files, load_gold  # noqa: E402
from briefing.extract.agreements import STATUSES, agreement_candidates  # noqa: E402
from briefing.extract.figures import figure_candidates  # noqa: E402
from briefing.extract.money import local_dollar  # noqa: E402
from briefing.vocab import DATA_DIR  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpus"
OUT = DATA_DIR / "fact_weights.yaml"
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
INVENTED_WEIGHT = 0.5
_DROP = -4.0
# The rules as prior weights. figure: a candidate is kept unless a target, forecast, loan,
# overall-trade or third-party cue stands by it (a modal verb far from the amount, or a
# "level of" the amount is brought to, only half as surely). status_*: the nearest cue word tells the status;
# without one, a same-day phrase makes it signed, a past date or a year in the name
# referenced; a list's lead-in line tells its items' status.
PRIORS: dict[str, tuple[float, dict[str, float]]] = {
    "figure": (
        2.0,
        {
            "target": _DROP,
            "target_near": _DROP,
            "modal": _DROP / 2,
            "modal_near": _DROP,
            "to_level": _DROP / 2,
            "future_year": _DROP,
            "old_value": _DROP,
            "other_amount": _DROP,
            "other_after": _DROP,
            "not_bilateral": _DROP,
            "third_party": _DROP,
        },
    ),
    "status_signed": (
        -1.0,
        {
            "nearest_signed": 3.0,
            "date_past": -2.5,
            "name_year": -2.5,
            "date_today": 1.5,
            "lead_in_signed": 2.0,
        },
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
    label: Any  # bool for a figure, the status for a document
    weight: float


def _files() -> list[Path]:
    dev = [
        f for f in gold_files([CORPORA / "dev2", CORPORA / "dev3"]) if corpus_part(f.stem) == "dev"
    ]
    return dev + gold_files([CORPORA / "dev", CORPORA / "seeds", ROOT / "tests" / "corpus"])


def _story(article) -> list[tuple]:
    """(sentences, meeting date, states) of each meeting the extraction reads facts for:
    the arguments ``briefing.extract`` passes to its fact readers (``_facts``), recorded
    while the real extraction runs, so the fit sees exactly what run time sees."""
    seen: list[tuple] = []
    original = extraction._facts

    def record(sents, anchor, chosen, art):  # type: ignore[no-untyped-def]
        seen.append((sents, anchor, chosen))
        return original(sents, anchor, chosen, art)

    extraction._facts = record
    try:
        extraction.extract_meetings(article)
    finally:
        extraction._facts = original
    return seen[:1]  # the meeting the gold is about: the headline's, first


def _same_number(gold: dict, fig: Any) -> bool:
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
    """(figure samples, document-status samples) of every development report."""
    figures: list[Sample] = []
    statuses: list[Sample] = []
    for path in _files():
        article, gold = load_gold(path)
        weight = INVENTED_WEIGHT if path.parent.name == "corpus" and "tests" in path.parts else 1.0
        dollar = local_dollar(article.publisher, article.url)
        for sents, anchor, states in _story(article):
            for c in figure_candidates(sents, anchor, states, dollar):
                label = any(_same_number(g, c.figure) for g in gold.get("figures") or [])
                figures.append(Sample(path.stem, c.features, label, weight))
            for c in agreement_candidates(sents, anchor, states):
                twin = _twin(gold.get("agreements") or [], c.name)
                if twin is not None and c.weighed:
                    statuses.append(Sample(path.stem, c.features, twin["status"], weight))
    return figures, statuses


def _names(samples: list[Sample], prior: str) -> list[str]:
    return sorted({k for s in samples for k in s.features} | set(PRIORS[prior][1]))


def _oof(samples: list[Sample], target: Any, prior: str, l2: float) -> list[float]:
    """Out-of-fold log-odds of ``target`` (a status, or True for a real figure)."""
    import math

    probs = logistic.cross_validate(
        [s.features for s in samples],
        [int(s.label == target) for s in samples],
        [s.doc for s in samples],
        _names(samples, prior),
        l2,
        [s.weight for s in samples],
        prior=PRIORS[prior][1],
    )
    return [math.log(max(p, 1e-12) / max(1 - p, 1e-12)) for p in probs]


def _rule_score(prior: str, features: dict[str, float]) -> float:
    bias, w = PRIORS[prior]
    return bias + sum(w.get(k, 0.0) * v for k, v in features.items())


def _f1(samples: list[Sample], keep: list[bool]) -> float:
    tp = sum(k and s.label for k, s in zip(keep, samples, strict=True))
    fp = sum(k and not s.label for k, s in zip(keep, samples, strict=True))
    fn = sum(not k and s.label for k, s in zip(keep, samples, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _accuracy(samples: list[Sample], scores: dict[str, list[float]]) -> float:
    right = sum(
        max(STATUSES, key=lambda st, i=i: (scores[st][i], st)) == s.label
        for i, s in enumerate(samples)
    )
    return right / len(samples) if samples else 1.0


def main(dry_run: bool) -> None:
    figures, statuses = collect()
    fig_cv = {
        l2: _f1(figures, [z >= 0 for z in _oof(figures, True, "figure", l2)]) for l2 in L2_GRID
    }
    fig_l2 = max(L2_GRID, key=lambda l2: (fig_cv[l2], l2))
    fig_rules = _f1(figures, [_rule_score("figure", s.features) >= 0 for s in figures])
    st_cv = {
        l2: _accuracy(statuses, {st: _oof(statuses, st, f"status_{st}", l2) for st in STATUSES})
        for l2 in L2_GRID
    }
    st_l2 = max(L2_GRID, key=lambda l2: (st_cv[l2], l2))
    st_rules = _accuracy(
        statuses,
        {st: [_rule_score(f"status_{st}", s.features) for s in statuses] for st in STATUSES},
    )
    real = sum(bool(s.label) for s in figures)
    summary = [
        f"figure: {len(figures)} candidates ({real} real figures), L2 {fig_l2}; 5-fold CV F1 of"
        f" the keep decision {fig_cv[fig_l2]:.3f} (the rules alone: {fig_rules:.3f})",
        f"status_*: {len(statuses)} documents found and annotated, L2 {st_l2}; 5-fold CV"
        f" accuracy {st_cv[st_l2]:.3f} (the rules alone: {st_rules:.3f})",
    ]
    print("\n".join(summary))
    if dry_run:
        return
    models = {"figure": _fitted(figures, True, "figure", fig_l2)}
    for st in STATUSES:
        models[f"status_{st}"] = _fitted(statuses, st, f"status_{st}", st_l2)
    lines = [
        "# Weights of the fact extractors' decisions (briefing/extract/fact_weights.py).",
        "# Written by scripts/fit_fact_weights.py from the development reports (dev part of",
        "# dev2 + dev3, corpus/dev, seeds; tests/corpus at half weight); refit, do not edit.",
        *(f"# {line}" for line in summary),
        "models:",
    ]
    for name, fit in models.items():
        lines += [f"  {name}:", f"    bias: {fit.bias:.3f}", "    weights:"]
        lines += [f"      {k}: {v:.3f}" for k, v in sorted(fit.weights.items()) if abs(v) >= 5e-4]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


def _fitted(samples: list[Sample], target: Any, prior: str, l2: float) -> logistic.Fit:
    return logistic.fit(
        [s.features for s in samples],
        [int(s.label == target) for s in samples],
        _names(samples, prior),
        l2,
        [s.weight for s in samples],
        prior=PRIORS[prior][1],
    )


if __name__ == "__main__":
    main("--dry-run" in sys.argv[1:])
