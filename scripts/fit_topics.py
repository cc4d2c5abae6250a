"""Fit the weights of the topic model (briefing/data/topic_weights.yaml) on gold reports.

For every gold *meeting* the story is extracted as ``briefing.extract`` keeps it, and each
topic with a cue in it becomes one example: the features of its cue sentences
(``briefing.extract.topics.candidates``, the code the extraction runs) and whether the
gold lists the topic. The model (briefing/extract/topics.py) scores a topic as

    bias + bias[t] + w . report_features + max over its sentences of (w + offset[t]) . x_s

a logistic regression over the one sentence that argues best for the topic: a
multiple-instance problem. Starting from a prior guess of that sentence, the script
alternates an L2-regularised logistic regression (``scripts/logistic.py``) on the chosen
sentences and the choice of each example's best sentence under the new weights, until
the choice settles.

The L2 strength, the weight of invented reports and the decision threshold are chosen by
cross-validation (folds by a hash of the file name) on the real reports; the scores are
printed and written into the weights file: train vs cross-validated P/R/F1 per corpus (a
large gap would mean overfitting), and the score as ``briefing eval`` gives it.

Training reports: the corpora of the evaluation ratchet (scripts/ratchet.py): the DEV
part of ../shared/corpus/dev2 + dev3 (a validation report is skipped by its file name,
before it is opened), ../shared/corpus/dev and seeds, and the invented reports of
tests/corpus. Each sees its story exactly as the extraction hands it to the topic
extractor. Every corpus must stay at or above its floor in tests/floors.json, scored as
``briefing eval`` scores it: the choice of hyperparameters prefers those that keep the
floors, and the script exits 1 if none does.

Usage:
    python scripts/fit_topics.py                     # fit on the default corpora, write
    python scripts/fit_topics.py --dry-run           # print the scores, write nothing
    python scripts/fit_topics.py --corpus mine=DIR --floors F --out weights.yaml --folds 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # run from a checkout

import logistic  # noqa: E402
import ratchet  # noqa: E402

from briefing.evaluate import corpus_part, load_gold  # noqa: E402
from briefing.extract import extract  # noqa: E402
from briefing.extract import topics as topics_module  # noqa: E402
from briefing.extract.nlp import Sentence, split_sentences  # noqa: E402
from briefing.extract.topics import (  # noqa: E402
    PER_TOPIC,
    REPORT_FEATURES,
    SENTENCE_FEATURES,
    WEIGHTS_FILE,
    Candidate,
    candidates,
    models_from,
)
from briefing.model import TopicHit  # noqa: E402
from briefing.vocab import DATA_DIR, load_data  # noqa: E402

SHARED = ROOT.parent / "shared"
SPLIT = ("dev2", "dev3")  # corpora split into a dev and a validation part
INVENTED = "tests/corpus"  # the ratchet's corpus of invented reports
SAME_AS = {"examples/gold": "seeds"}  # a corpus holding another's reports: not refitted
L2_GRID = (0.1, 0.3, 1.0, 3.0)
INVENTED_GRID = (0.5, 1.0, 2.0, 4.0)
THRESHOLD_GRID = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
MAX_ROUNDS = 20
# What the annotation rules (spec/annotation.md) say before any data: a sentence that
# reports what the sides discussed or agreed counts, journalist background, a preview or
# another event tags nothing, a weak cue counts less. These are the prior means of those
# weights (the L2 penalty pulls towards them, not towards 0: scripts/logistic.py), so the
# invented reports, annotated by looser conventions, cannot turn them around; and the
# first guess of each topic's best sentence.
PRIOR = {"talks": 1.0, "stance": 1.0, "weak": -1.0}
PRIOR |= {"background": -1.0, "preview": -1.0, "other_event": -1.0}


@dataclass
class Report:
    """One gold report: its corpus, id, gold topics, whether the gold and the extraction
    call it a bilateral meeting, and the topic model's candidates in its story."""

    group: str
    doc: str
    gold: set[str]
    meeting: bool
    found: bool
    cands: list[Candidate]


def gold_files(folder: Path) -> list[Path]:
    """Gold files of ``folder``; in dev2/dev3 only the DEV part, judged by the file name
    before the file is opened."""
    paths = sorted(folder.glob("*.json"))
    return [p for p in paths if folder.name not in SPLIT or corpus_part(p.stem) == "dev"]


@contextmanager
def story_sentences(seen: list[list[Sentence]]) -> Iterator[None]:
    """While active, the topic extractor records the sentences the extraction hands it
    (the story of each meeting, the headline's first) instead of tagging them: the model
    is fitted on exactly what it reads at run time."""
    original = topics_module.extract_topics

    def record(sentences: list[Sentence]) -> list[TopicHit]:
        seen.append(list(sentences))
        return []

    topics_module.extract_topics = record
    try:
        yield
    finally:
        topics_module.extract_topics = original


def read_reports(corpora: dict[str, list[Path]]) -> list[Report]:
    reports = []
    for group, folders in corpora.items():
        for path in (p for folder in folders for p in gold_files(folder)):
            article, gold = load_gold(path)
            seen: list[list[Sentence]] = []
            with story_sentences(seen):
                extraction = extract(article)
            if extraction.is_bilateral_meeting and not seen:
                sys.exit("the extraction no longer reads topics through topics.extract_topics")
            # a report the extraction does not take for a meeting: its story paragraphs
            story = (
                seen[0]
                if seen
                else split_sentences(article.id, article.text, extraction.story_spans)
            )
            reports.append(
                Report(
                    group,
                    path.stem,
                    set(gold.get("topics") or []),
                    bool(gold.get("is_bilateral_meeting")),
                    extraction.is_bilateral_meeting,
                    candidates(story),
                )
            )
    return reports


def feature_names(topics: list[str]) -> list[str]:
    """Shared features, then per topic its bias and its offsets (``topic:feature``)."""
    names = list(SENTENCE_FEATURES) + list(REPORT_FEATURES)
    for t in topics:
        names += [f"{t}:bias"] + [f"{t}:{f}" for f in PER_TOPIC]
    return names


def rows_of(cand: Candidate) -> list[dict[str, float]]:
    """One feature row per cue sentence of ``cand``, with the topic's own columns."""
    out = []
    for s in cand.sentences:
        row = {**s.features, **cand.report, f"{cand.topic}:bias": 1.0}
        row |= {f"{cand.topic}:{f}": s.features[f] for f in PER_TOPIC}
        out.append(row)
    return out


@dataclass
class Examples:
    """The (meeting, topic) candidates: rows of all their sentences, those of example
    ``i`` from ``starts[i]`` on; ``x`` is the same rows as a matrix (no bias column)."""

    rows: list[dict[str, float]]
    x: np.ndarray
    starts: np.ndarray
    y: np.ndarray
    invented: np.ndarray  # bool per example
    report: np.ndarray  # index of the example's report
    topic: np.ndarray  # the example's topic

    @classmethod
    def of(cls, reports: list[Report], names: list[str], meetings: bool = True) -> Examples:
        """The candidates of the gold meetings (the training examples), or with
        ``meetings=False`` of every report the extraction takes for a meeting."""
        rows, sizes, y, inv, rep, topic = [], [], [], [], [], []
        for i, r in enumerate(reports):
            if not (r.meeting if meetings else r.found):
                continue
            for c in r.cands:
                own = rows_of(c)
                rows += own
                sizes.append(len(own))
                y.append(int(c.topic in r.gold))
                inv.append(r.group == INVENTED)
                rep.append(i)
                topic.append(c.topic)
        x = np.array([[row.get(n, 0.0) for n in names] for row in rows])
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
        return cls(rows, x, starts, np.array(y), np.array(inv), np.array(rep), np.array(topic))

    def sizes(self) -> np.ndarray:
        return np.diff(np.append(self.starts, len(self.x)))

    def subset(self, keep: np.ndarray) -> Examples:
        kept_rows = np.repeat(keep, self.sizes())
        sizes = self.sizes()[keep]
        return Examples(
            [r for r, k in zip(self.rows, kept_rows, strict=True) if k],
            self.x[kept_rows],
            np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int),
            self.y[keep],
            self.invented[keep],
            self.report[keep],
            self.topic[keep],
        )

    def best(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per example, the row of its best sentence under ``weights`` and its score."""
        score = self.x @ weights
        top = np.maximum.reduceat(score, self.starts)
        at_top = np.flatnonzero(score >= np.repeat(top, self.sizes()))
        example = np.repeat(np.arange(len(self.starts)), self.sizes())[at_top]
        return at_top[np.unique(example, return_index=True)[1]], top


def fit(ex: Examples, names: list[str], l2: float, invented_weight: float) -> logistic.Fit:
    """Multiple-instance fit: alternate the best sentence of each example and a logistic
    regression on those sentences until the choice of sentences no longer changes."""
    weight = np.where(ex.invented, invented_weight, 1.0).tolist()
    choice, _ = ex.best(np.array([PRIOR.get(n, 0.0) for n in names]))
    model = logistic.Fit(0.0, dict.fromkeys(names, 0.0), l2)
    for _ in range(MAX_ROUNDS):
        rows = [ex.rows[k] for k in choice]
        model = logistic.fit(rows, ex.y.tolist(), names, l2, weight, prior=PRIOR)
        new, _ = ex.best(np.array([model.weights[n] for n in names]))
        if np.array_equal(new, choice):
            break
        choice = new
    return model


def probability(ex: Examples, model: logistic.Fit, names: list[str]) -> np.ndarray:
    """Each example's probability under ``model`` (its best sentence)."""
    top = ex.best(np.array([model.weights[n] for n in names]))[1]
    return 1.0 / (1.0 + np.exp(-(model.bias + top)))


def f1(
    reports: list[Report],
    ex: Examples,
    prob: np.ndarray,
    threshold: float,
    groups: set[str],
    as_eval: bool = False,
) -> tuple[float, float, float]:
    """Micro P/R/F1 of the topics over the gold meetings of ``groups`` (``ex``: their
    candidates), or with ``as_eval`` over all their reports as ``briefing eval`` scores
    them (``ex``: the candidates of every report taken for a meeting); a gold topic
    without a cue counts as a miss."""
    found: dict[int, set[str]] = {}
    for i, p, t in zip(ex.report.tolist(), prob, ex.topic.tolist(), strict=True):
        if reports[i].group in groups and p >= threshold:
            found.setdefault(i, set()).add(t)
    tp = fp = gold = 0
    for i, r in enumerate(reports):
        if r.group in groups and (as_eval or r.meeting):
            got = found.get(i, set())
            tp += len(got & r.gold)
            fp += len(got - r.gold)
            gold += len(r.gold)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / gold if gold else 0.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def cross_validate(
    reports: list[Report], ex: Examples, names: list[str], l2: float, inv: float, folds: int
) -> np.ndarray:
    """Held-out probability of every example: each fold (by a hash of the report's file
    name) is scored by a model fitted on the other folds."""
    fold = np.array(
        [
            int(hashlib.sha256(reports[i].doc.encode()).hexdigest()[:8], 16) % folds
            for i in ex.report
        ]
    )
    prob = np.zeros(len(ex.y))
    for k in range(folds):
        model = fit(ex.subset(fold != k), names, l2, inv)
        prob[fold == k] = probability(ex.subset(fold == k), model, names)
    return prob


def _num(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") if round(v, 4) else "0"


def render(model: logistic.Fit, threshold: float, header: list[str], topics: list[str]) -> str:
    """The weights file: commented YAML a reader can check by eye."""
    lines = [f"# {h}".rstrip() for h in header]
    lines += [
        "#",
        "# A topic's score is its `bias` plus, for its best sentence (the highest score), the",
        "# sum of weight * feature over `features`, a topic's own offsets added to the shared",
        "# weights; it is tagged when 1 / (1 + exp(-score)) >= `threshold`.",
        f"threshold: {threshold:g}",
        "features:",
    ]
    docs = {**SENTENCE_FEATURES, **REPORT_FEATURES}
    for name, doc in docs.items():
        lines.append(f"  {name}: {_num(model.weights[name])}  # {doc}")
    lines.append("topics:  # bias (the shared intercept included) and offsets")
    for t in topics:
        parts = [f"bias: {_num(model.bias + model.weights[f'{t}:bias'])}"]
        parts += [f"{f}: {_num(model.weights[f'{t}:{f}'])}" for f in PER_TOPIC]
        lines.append(f"  {t}: {{{', '.join(parts)}}}")
    return "\n".join(lines) + "\n"


def corpora(specs: list[str] | None, shared: Path) -> dict[str, list[Path]]:
    """Corpus name -> folders: ``NAME=FOLDER`` specs, or the ratchet's corpora found on
    this machine (scripts/ratchet.py), a corpus holding another's reports aside."""
    if specs:
        out: dict[str, list[Path]] = {}
        for spec in specs:
            name, _, folder = spec.partition("=")
            out.setdefault(name, []).append(Path(folder))
        return out
    found = {name: ratchet.folders(name, shared) for name in ratchet.CORPORA}
    return {n: f for n, f in found.items() if f is not None and n not in SAME_AS}


def as_shipped(everything: Examples, weights_file: str) -> np.ndarray:
    """Each candidate's probability as the extraction computes it from ``weights_file``
    (the rendered text, weights rounded as written): the run-time models, not the fit."""
    import yaml

    models = models_from(yaml.safe_load(weights_file))
    ends = [*everything.starts[1:].tolist(), len(everything.rows)]
    out = []
    for start, end, topic in zip(everything.starts.tolist(), ends, everything.topic, strict=True):
        score = max(models[topic].score(row) for row in everything.rows[start:end])
        out.append(1.0 / (1.0 + np.exp(-score)))
    return np.array(out)


def drops(
    reports: list[Report], everything: Examples, prob: np.ndarray, th: float, floors: dict
) -> list[str]:
    """Corpora whose topics F1, scored as ``briefing eval`` does, is below the ratchet's
    floor (tests/floors.json)."""
    out = []
    for group in sorted({r.group for r in reports}):
        floor = floors.get(group, {}).get("topics")
        reached = round(f1(reports, everything, prob, th, {group}, as_eval=True)[2], 3)
        if floor is not None and reached < floor:
            out.append(f"{group} {reached:.3f} < floor {floor:.3f}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument(
        "--corpus",
        action="append",
        metavar="NAME=FOLDER",
        help=f"a gold corpus to fit on (repeatable; {INVENTED!r} names invented reports); "
        "default: the ratchet's corpora",
    )
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--floors", type=Path, default=ratchet.FLOORS)
    ap.add_argument("--out", type=Path, default=DATA_DIR / WEIGHTS_FILE)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--dry-run", action="store_true", help="print the scores only")
    args = ap.parse_args(argv)

    reports = read_reports(corpora(args.corpus, args.shared))
    floors = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.is_file() else {}
    topics = list(load_data("topics.yaml")["topics"])
    names = feature_names(topics)
    ex, everything = Examples.of(reports, names), Examples.of(reports, names, meetings=False)
    groups = sorted({r.group for r in reports})
    real = set(groups) - {INVENTED}
    # L2, invented weight and threshold: the best held-out F1 on the real reports among
    # the choices that keep every corpus at its floor; near-ties go to the better score on
    # the invented reports, then to the stronger regularisation and the middle threshold
    best = None
    for l2 in L2_GRID:
        for inv in INVENTED_GRID:
            prob = cross_validate(reports, ex, names, l2, inv, args.folds)
            model = fit(ex, names, l2, inv)
            for th in THRESHOLD_GRID:
                final = as_shipped(everything, render(model, th, [], topics))
                key = (
                    not drops(reports, everything, final, th, floors),
                    round(f1(reports, ex, prob, th, real)[2], 3),
                    round(f1(reports, ex, prob, th, {INVENTED})[2], 3),
                    l2,
                    -abs(th - 0.5),
                    -inv,
                )
                if best is None or key > best[0]:
                    best = (key, l2, inv, th, prob)
    assert best is not None
    _, l2, inv, th, cv_prob = best
    model = fit(ex, names, l2, inv)
    train_prob = probability(ex, model, names)
    final = as_shipped(everything, render(model, th, [], topics))
    table = [
        f"  {'corpus':<22}{'meetings':>9}   {'train P / R / F1':<18}   "
        f"{'cross-validated':<18}   as eval (floor)"
    ]
    for g in [*groups, "real"]:
        sel = real if g == "real" else {g}
        n = sum(1 for r in reports if r.group in sel and r.meeting)
        tr, cv = f1(reports, ex, train_prob, th, sel), f1(reports, ex, cv_prob, th, sel)
        line = f"  {g:<22}{n:>9}   " + "   ".join(" ".join(f"{v:.3f}" for v in s) for s in (tr, cv))
        if g != "real":
            floor = floors.get(g, {}).get("topics")
            line += f"   {f1(reports, everything, final, th, sel, as_eval=True)[2]:.3f}"
            line += f" ({floor:.3f})" if floor is not None else ""
        table.append(line)
    below = drops(reports, everything, final, th, floors)
    counts = ", ".join(
        f"{g} {sum(1 for r in reports if r.group == g and r.meeting)}" for g in groups
    )
    header = [
        "Weights of the topic model (briefing/extract/topics.py), written by",
        "scripts/fit_topics.py: do not edit by hand; change a feature or a cue list and refit.",
        f"Fitted on {sum(r.meeting for r in reports)} gold meetings ({counts}),",
        f"{len(ex.y)} (meeting, topic) candidates; the dev2 + dev3 validation part is never read.",
        f"Chosen by {args.folds}-fold cross-validation on the real reports: L2 {l2:g}, invented",
        f"reports weighted {inv:g}, threshold {th:g}. Topic P / R / F1 over gold meetings (a gold",
        "topic without any cue in the story counts as a miss), and F1 as `briefing eval` scores",
        "it (meeting decisions included) beside the ratchet's floor:",
        *table,
    ]
    print("\n".join(header))
    if below:
        print("below the ratchet's floors: " + "; ".join(below))
    if not args.dry_run:
        args.out.write_text(render(model, th, header, topics), encoding="utf-8")
        print(f"wrote {args.out}")
    sys.exit(1 if below else 0)


if __name__ == "__main__":
    main()
