"""Fit the weights of the topic model (briefing/data/weights/topics.yaml) on gold reports.

For every gold *meeting* the story is extracted as ``briefing.extract`` keeps it, and each
topic with a cue in it becomes one example: the features of its cue sentences
(``briefing.extract.topics.candidates``) and whether the gold lists the topic. The model
(see briefing/extract/topics.py) scores a topic as

    bias[t] + w . report_features + max over its sentences of (w + offset[t]) . x_s

so it is a logistic regression over the one sentence that argues best for the topic, a
multiple-instance problem: starting from a prior guess of that sentence, the script
alternates fitting an L2-regularised logistic regression (Newton's method, numpy) and
choosing each example's best sentence under the new weights, until the choice settles.

Regularisation, the weight of invented reports and the decision threshold are chosen by
cross-validation (folds by a hash of the file name) on the real reports, and the scores
are printed: train vs cross-validated F1 per corpus (a large gap means overfitting). The
weights are written as commented YAML, applied at run time as a pure-Python dot product.

Only the DEV part of dev2/dev3 is read (``briefing.evaluate.corpus_part``); a validation
report is skipped by its file name before it is opened.

Usage:
    python scripts/fit_topics.py                     # fit on the default corpora, write
    python scripts/fit_topics.py --dry-run           # print the scores, write nothing
    python scripts/fit_topics.py --real A --invented B --out weights.yaml --folds 3
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout

from briefing.evaluate import corpus_part, load_gold  # noqa: E402
from briefing.extract import extract  # noqa: E402
from briefing.extract.nlp import split_sentences  # noqa: E402
from briefing.extract.topics import (  # noqa: E402
    REPORT_FEATURES,
    SENTENCE_FEATURES,
    WEIGHTS_FILE,
    Candidate,
    candidates,
)
from briefing.extract.vocab import DATA_DIR, load_data  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
REAL = [SHARED / "dev2", SHARED / "dev3", SHARED / "dev", SHARED / "seeds"]
INVENTED = [ROOT / "tests" / "corpus"]
PER_TOPIC = ("weak",)  # sentence features that also get a per-topic offset
L2_GRID = (0.1, 0.3, 1.0, 3.0)
INVENTED_GRID = (0.0, 0.25, 0.5, 1.0)
THRESHOLD_GRID = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
TOPIC_L2 = 4.0  # extra pull of per-topic biases and offsets towards the shared weights
MAX_ROUNDS = 20
# Prior guess of the best sentence, before any fit: the sentence that reports talks or a
# position with a specific cue, not an office, an occasion or background.
PRIOR = {"talks": 1.0, "stance": 1.0, "phrase": 1.0, "weak": -1.0, "office": -2.0}
PRIOR |= {"occasion": -2.0, "background": -1.0, "preview": -1.0, "other_event": -1.0}


@dataclass
class Report:
    """One gold meeting: its corpus, id, gold topics and the model's candidates."""

    group: str
    doc: str
    gold: set[str]
    cands: list[Candidate]


def gold_files(folders: Iterable[Path]) -> list[Path]:
    """Gold files of ``folders``; in dev2/dev3 only the DEV part, judged by name before
    the file is opened."""
    out = []
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            if folder.name in ("dev2", "dev3") and corpus_part(path.stem) != "dev":
                continue
            out.append(path)
    return out


def read_reports(paths: list[Path], group_of: dict[Path, str]) -> list[Report]:
    reports = []
    for path in paths:
        article, gold = load_gold(path)
        if not gold.get("is_bilateral_meeting"):
            continue  # a negative's topics are empty whatever the topic model says
        story = split_sentences(article.id, article.text, extract(article).story_spans)
        reports.append(
            Report(group_of[path], path.stem, set(gold.get("topics") or []), candidates(story))
        )
    return reports


class Design:
    """Maps candidates to vectors: shared features, then per-topic bias and offsets."""

    def __init__(self, topics: list[str]) -> None:
        self.topics = topics
        self.names = list(SENTENCE_FEATURES) + list(REPORT_FEATURES) + ["intercept"]
        for t in topics:
            self.names += [f"{t}:bias"] + [f"{t}:{f}" for f in PER_TOPIC]
        self.pos = {n: i for i, n in enumerate(self.names)}
        self.topic_part = np.array([":" in n for n in self.names])

    def rows(self, cand: Candidate) -> np.ndarray:
        """One row per cue sentence: its features plus the shared report part."""
        out = np.zeros((len(cand.sentences), len(self.names)))
        for r, s in enumerate(cand.sentences):
            for f, x in s.features.items():
                out[r, self.pos[f]] = x
                if f in PER_TOPIC:
                    out[r, self.pos[f"{cand.topic}:{f}"]] = x
            for f, x in cand.report.items():
                out[r, self.pos[f]] = x
            out[r, self.pos["intercept"]] = 1.0
            out[r, self.pos[f"{cand.topic}:bias"]] = 1.0
        return out


@dataclass
class Examples:
    """The (meeting, topic) candidates: all their sentence rows stacked in ``x``, the
    rows of example ``i`` from ``starts[i]`` to ``starts[i + 1]``."""

    x: np.ndarray
    starts: np.ndarray
    y: np.ndarray
    invented: np.ndarray  # bool per example
    report: np.ndarray  # index of the example's report

    def subset(self, keep: np.ndarray) -> Examples:
        sizes = np.diff(np.append(self.starts, len(self.x)))
        rows = np.repeat(keep, sizes)
        starts = np.concatenate([[0], np.cumsum(sizes[keep])[:-1]])
        return Examples(self.x[rows], starts, self.y[keep], self.invented[keep], self.report[keep])

    def best(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per example, the row of its best sentence under ``theta`` and its score."""
        score = self.x @ theta
        top = np.maximum.reduceat(score, self.starts)
        sizes = np.diff(np.append(self.starts, len(self.x)))
        at_top = np.flatnonzero(score >= np.repeat(top, sizes))
        example = np.repeat(np.arange(len(self.starts)), sizes)[at_top]
        first = at_top[np.unique(example, return_index=True)[1]]
        return first, top


def examples(reports: list[Report], design: Design) -> Examples:
    rows, y, inv, rep = [], [], [], []
    for i, r in enumerate(reports):
        for c in r.cands:
            rows.append(design.rows(c))
            y.append(float(c.topic in r.gold))
            inv.append(r.group == "invented")
            rep.append(i)
    starts = np.concatenate([[0], np.cumsum([len(r) for r in rows])[:-1]]).astype(int)
    return Examples(np.vstack(rows), starts, np.array(y), np.array(inv), np.array(rep))


def _newton(x: np.ndarray, y: np.ndarray, w: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """Weighted logistic regression with an L2 penalty per coefficient (Newton steps)."""
    theta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ theta)))
        grad = x.T @ (w * (p - y)) + penalty * theta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return theta


def fit(ex: Examples, design: Design, l2: float, invented_weight: float) -> np.ndarray:
    """Multiple-instance fit: alternate the best sentence of each example and a logistic
    regression on those sentences until the choice of sentences no longer changes."""
    penalty = np.where(design.topic_part, l2 * TOPIC_L2, l2)
    penalty[design.pos["intercept"]] = 0.0
    weight = np.where(ex.invented, invented_weight, 1.0)
    theta = np.zeros(len(design.names))
    for f, v in PRIOR.items():
        theta[design.pos[f]] = v
    choice, _ = ex.best(theta)
    for _ in range(MAX_ROUNDS):
        theta = _newton(ex.x[choice], ex.y, weight, penalty)
        new, _ = ex.best(theta)
        if np.array_equal(new, choice):
            break
        choice = new
    return theta


def probability(ex: Examples, theta: np.ndarray) -> np.ndarray:
    """Each example's probability under ``theta`` (its best sentence)."""
    return 1.0 / (1.0 + np.exp(-ex.best(theta)[1]))


def f1(
    reports: list[Report], ex: Examples, prob: np.ndarray, threshold: float, groups: set[str]
) -> tuple[float, float, float]:
    """Micro P/R/F1 over the reports of ``groups``; gold topics without a cue count as
    misses (no weight can find them)."""
    tp = fp = 0
    found: dict[int, set[str]] = {}
    topics = [c.topic for r in reports for c in r.cands]
    for k, (i, p) in enumerate(zip(ex.report.tolist(), prob, strict=True)):
        if reports[i].group in groups and p >= threshold:
            found.setdefault(i, set()).add(topics[k])
    gold = 0
    for i, r in enumerate(reports):
        if r.group not in groups:
            continue
        got = found.get(i, set())
        tp += len(got & r.gold)
        fp += len(got - r.gold)
        gold += len(r.gold)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / gold if gold else 0.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def fold_of(doc: str, folds: int) -> int:
    return int(hashlib.sha256(doc.encode("utf-8")).hexdigest()[:8], 16) % folds


def cross_validate(
    reports: list[Report], ex: Examples, design: Design, l2: float, inv: float, folds: int
) -> np.ndarray:
    """Held-out probability of every example: each fold is scored by a model fitted on
    the other folds."""
    prob = np.zeros(len(ex.y))
    fold = np.array([fold_of(reports[i].doc, folds) for i in ex.report])
    for k in range(folds):
        theta = fit(ex.subset(fold != k), design, l2, inv)
        prob[fold == k] = probability(ex.subset(fold == k), theta)
    return prob


def _fmt(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") if v != 0 else "0"


def render(
    theta: np.ndarray, design: Design, threshold: float, header: list[str], order: list[str]
) -> str:
    """The weights file: commented YAML a reader can check by eye."""
    lines = [f"# {h}" if h else "#" for h in header]
    lines += [
        "",
        "# The topic is tagged when its score reaches `threshold` (a log-odds):",
        "#   bias + sum over `features` of weight * value, sentence features taken from the",
        "#   topic's best sentence (the one with the highest score), the topic's own offsets",
        "#   added to the shared weights.",
        f"threshold: {_fmt(math.log(threshold / (1 - threshold)))}  # probability {threshold:g}",
        "",
        "features:",
    ]
    docs = {**SENTENCE_FEATURES, **REPORT_FEATURES}
    for name in list(SENTENCE_FEATURES) + list(REPORT_FEATURES):
        lines.append(f"  {name}: {_fmt(theta[design.pos[name]])}  # {docs[name]}")
    lines += ["", "# Per topic: bias (intercept included) and offsets to the shared weights."]
    lines.append("topics:")
    intercept = theta[design.pos["intercept"]]
    for t in order:
        parts = [
            f"bias: {_fmt(intercept + theta[design.pos[t + ':bias']]) if t + ':bias' in design.pos else _fmt(intercept)}"
        ]
        parts += [
            f"{f}: {_fmt(theta[design.pos[f'{t}:{f}']])}"
            for f in PER_TOPIC
            if f"{t}:{f}" in design.pos
        ]
        lines.append(f"  {t}: {{{', '.join(parts)}}}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--real", type=Path, nargs="*", default=REAL, help="real gold corpora")
    ap.add_argument("--invented", type=Path, nargs="*", default=INVENTED)
    ap.add_argument("--out", type=Path, default=DATA_DIR / WEIGHTS_FILE)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry-run", action="store_true", help="print the scores only")
    args = ap.parse_args(argv)

    real = gold_files(args.real)
    invented = gold_files(args.invented)
    group_of = {
        p: ("dev-part" if p.parent.name in ("dev2", "dev3") else p.parent.name) for p in real
    }
    group_of |= {p: "invented" for p in invented}
    reports = read_reports(real + invented, group_of)
    order = list(load_data("topics.yaml")["topics"])
    design = Design(order)
    real_groups = {group_of[p] for p in real}
    # choose regularisation, invented weight and threshold on the held-out real reports
    ex = examples(reports, design)
    best = None
    for l2 in L2_GRID:
        for inv in INVENTED_GRID:
            prob = cross_validate(reports, ex, design, l2, inv, args.folds)
            for th in THRESHOLD_GRID:
                score = f1(reports, ex, prob, th, real_groups)[2]
                key = (round(score, 4), -l2, -inv, -abs(th - 0.5))
                if best is None or key > best[0]:
                    best = (key, l2, inv, th, prob)
    assert best is not None
    _, l2, inv, th, cv_prob = best
    theta = fit(ex, design, l2, inv)
    train_prob = probability(ex, theta)
    groups = sorted({r.group for r in reports})
    table = [f"{'corpus':<12} {'reports':>7}  {'train P/R/F1':>20}  {'cross-validated':>20}"]
    for g in [*groups, "real"]:
        sel = real_groups if g == "real" else {g}
        n = sum(1 for r in reports if r.group in sel)
        tr = f1(reports, ex, train_prob, th, sel)
        cv = f1(reports, ex, cv_prob, th, sel)
        table.append(
            f"{g:<12} {n:>7}  {tr[0]:.3f} {tr[1]:.3f} {tr[2]:.3f}  {cv[0]:.3f} {cv[1]:.3f} {cv[2]:.3f}"
        )
    header = [
        "Weights of the topic model (briefing/extract/topics.py). Written by",
        "scripts/fit_topics.py; do not edit by hand, refit instead.",
        "",
        f"Fitted on {len(reports)} gold meetings ({', '.join(f'{g} {sum(1 for r in reports if r.group == g)}' for g in groups)}),",
        f"{len(ex.y)} (meeting, topic) candidates; the dev2/dev3 validation part is never read.",
        f"Chosen by {args.folds}-fold cross-validation on the real reports: L2 {l2:g},",
        f"invented reports weighted {inv:g}, threshold probability {th:g}.",
        "Topic micro P/R/F1 on gold meetings (gold topics without any cue count as misses):",
        *table,
    ]
    print("\n".join(header))
    if not args.dry_run:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(render(theta, design, th, header, order), encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
