"""Fit the weights of the extraction's decisions (briefing/data/weights.yaml).

Models, fitted in this order because each later one reads the earlier ones' output:
``state`` (is a candidate state one of the two sides?), ``participant`` (is a person the
one who met for their state?), ``meeting`` (is the report about a bilateral meeting?),
``call`` (was it a call?) and ``video`` (was the call a video call?). Features are
computed by the extraction code itself (``briefing.extract.analyse``), so the fitted
weights and the run-time features cannot drift apart.

Training reports: the gold files given (by default the development part of
../shared/corpus/dev2 + dev3, never its validation part; ../shared/corpus/dev and seeds;
the invented reports of tests/corpus, weighted half as much as real ones). The L2
strength is chosen by 5-fold cross-validation grouped by report; the cross-validated
accuracy of each model is written into the file, next to the weights.

Usage: python scripts/fit_weights.py [--shared ../shared] [--dry-run]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import logistic  # noqa: E402

from briefing.evaluate import corpus_part, load_gold  # noqa: E402
from briefing.extract import analyse, decision, places, sides, story_of  # noqa: E402
from briefing.extract import weights as weights_module  # noqa: E402
from briefing.extract.gazetteer import get_gazetteer  # noqa: E402
from briefing.extract.names import same_person  # noqa: E402
from briefing.model import Article  # noqa: E402
from briefing.vocab import DATA_DIR, fold_key, load_data  # noqa: E402

L2_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
CHOICE_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
INVENTED_WEIGHT = 0.5
MODELS = ("state", "participant", "meeting", "call", "video", "place")
# Prior means of weights whose sign is known before any data: cues that by definition say
# a report is or is not about a bilateral meeting (an interview, a summit, a company on
# the other side, ...; a sentence that reports talks). The development reports hold few examples of some of them; the prior
# keeps such a cue decisive instead of letting a weight of about zero say it is harmless.
PRIORS = {
    "meeting": {
        "remarks": -4.0,
        "interview": -4.0,
        "company": -4.0,
        "hypothetical": -4.0,
        "organisation": -4.0,
        "multilateral": -3.0,
        "many_states": -2.0,
        "counterparts": -2.0,
        "future_only": -3.0,
        "no_past": -2.0,
        "same_state": -3.0,
        "statistics": -2.0,
        # and a report of a meeting says so where it reports it
        "meeting_near": 2.0,
        "meeting_lead": 1.0,
    },
    # a town the story introduces as the place ("in the border city of X", "in X, Canada")
    # is the place even when a dateline names another city: few reports do it
    "place": {"city_of": 3.0, "town_country": 3.0, "elsewhere": -2.0},
}


@dataclass
class Report:
    doc_id: str
    article: Article
    gold: dict[str, Any]
    weight: float


def training_reports(shared: Path) -> list[Report]:
    out: list[Report] = []
    sets = [
        (shared / "corpus" / "dev2", True, 1.0),
        (shared / "corpus" / "dev3", True, 1.0),
        (shared / "corpus" / "dev", False, 1.0),
        (shared / "corpus" / "seeds", False, 1.0),
        (ROOT / "tests" / "corpus", False, INVENTED_WEIGHT),
    ]
    for folder, split, weight in sets:
        for path in sorted(folder.glob("*.json")):
            if split and corpus_part(path.stem) != "dev":
                continue  # the validation part is never read here
            article, gold = load_gold(path)
            out.append(Report(f"{folder.name}/{path.stem}", article, gold, weight))
    return out


def _write(models: dict[str, dict[str, Any]], header: list[str], path: Path) -> None:
    lines = [f"# {h}" if h else "#" for h in header]
    lines.append("models:")
    for name in MODELS:
        m = models[name]
        lines.append(f"  {name}:")
        lines.append(f"    # {m['comment']}")
        lines.append(f"    bias: {m['bias']:.4f}")
        lines.append(f"    threshold: {m.get('threshold', 0.5):.2f}")
        lines.append("    weights:")
        for k, v in sorted(m["weights"].items(), key=lambda kv: -abs(kv[1])):
            lines.append(f"      {k}: {v:.4f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _fit_one(
    name: str,
    rows: list[dict[str, float]],
    labels: list[int],
    groups: list[str],
    sample_weight: list[float],
    quiet: bool = False,
) -> dict[str, Any]:
    names = sorted({k for r in rows for k in r})
    best: tuple[float, float, list[float]] | None = None
    for l2 in L2_GRID:
        probs = logistic.cross_validate(
            rows, labels, groups, names, l2, sample_weight, prior=PRIORS.get(name)
        )
        loss = sum(
            -w * (y * _log(p) + (1 - y) * _log(1 - p))
            for p, y, w in zip(probs, labels, sample_weight, strict=True)
        ) / sum(sample_weight)
        if best is None or loss < best[0]:
            best = (loss, l2, probs)
    assert best is not None
    _, l2, probs = best

    def accuracy(t: float) -> float:
        hits = sum(
            w for p, y, w in zip(probs, labels, sample_weight, strict=True) if (p >= t) == bool(y)
        )
        return hits / sum(sample_weight)

    # the threshold with the best cross-validated accuracy; ties go to the one nearest 0.5
    threshold = max(THRESHOLDS, key=lambda t: (round(accuracy(t), 6), -abs(t - 0.5)))
    fitted = logistic.fit(rows, labels, names, l2, sample_weight, prior=PRIORS.get(name))
    comment = (
        f"{len(rows)} rows ({sum(labels)} positive), L2 {l2}, threshold {threshold}, "
        f"cross-validated accuracy {accuracy(threshold):.3f} (at 0.5: {accuracy(0.5):.3f})"
    )
    if not quiet:
        print(f"{name}: {comment}")
    return {
        "bias": fitted.bias,
        "weights": fitted.weights,
        "comment": comment,
        "threshold": threshold,
    }


def _choice_threshold(
    fitted: dict[str, Any], docs: list[tuple[str, list[tuple[dict[str, float], bool]], bool, float]]
) -> float:
    """For a model that picks one candidate per report (or none, below the threshold):
    the threshold with the best accuracy per report, not per candidate."""
    m = weights_module.Model("", fitted["bias"], fitted["weights"])

    def accuracy(t: float) -> float:
        hits = 0.0
        for _, cands, has_answer, w in docs:
            best = max(cands, key=lambda c: m.probability(c[0]), default=None)
            if best is not None and m.probability(best[0]) >= t:
                hits += w * best[1]
            else:
                hits += w * (not has_answer)
        return hits / max(1e-9, sum(d[3] for d in docs))

    return max(CHOICE_THRESHOLDS, key=lambda t: (round(accuracy(t), 6), -abs(t - 0.5)))


def _log(p: float) -> float:
    import math

    return math.log(min(max(p, 1e-9), 1 - 1e-9))


@dataclass
class _Rows:
    """Training rows of one model: features, label, report, weight."""

    rows: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    # per report: (candidates with their label, whether the gold has an answer, weight)
    docs: list[tuple[str, list[tuple[dict[str, float], bool]], bool, float]] = field(
        default_factory=list
    )

    def add(self, row: dict[str, float], label: bool, r: Report) -> None:
        self.rows.append(row)
        self.labels.append(int(label))
        self.groups.append(r.doc_id)
        self.weights.append(r.weight)


def fit_all(reports: list[Report], quiet: bool = False) -> dict[str, dict[str, Any]]:
    """Fit every model in order on ``reports``; the fitted models are in use afterwards
    (``weights.use``)."""
    models: dict[str, dict[str, Any]] = {
        name: {**entry, "comment": "bootstrap"}
        for name, entry in load_data("weights.yaml")["models"].items()
    }
    weights_module.use(models)
    for stage in MODELS:
        rows = _Rows()
        add = rows.add
        for r in reports:
            a = analyse(r.article)
            if a is None:
                continue
            gold = r.gold
            bilateral = bool(gold.get("is_bilateral_meeting"))
            gstates = set(gold.get("countries") or [])
            kind = gold.get("meeting_type")
            if stage == "state" and bilateral:
                for c in a.candidates:
                    add(c.features, c.state in gstates, r)
            elif stage == "participant" and bilateral:
                for st in gstates:
                    ents = sides.side_candidates(a.people, st)
                    names = [
                        p["name"] for p in gold.get("participants") or [] if p.get("country") == st
                    ]
                    for e in ents:
                        add(
                            sides.participant_features(a.doc, e, ents, a.people),
                            any(same_person(n, e.name) for n in names),
                            r,
                        )
            elif stage == "meeting":
                add(a.meeting, bilateral, r)
            elif stage == "call" and bilateral:
                add(decision.call_features(a.doc, a.principals), kind != "meeting", r)
            elif stage == "video" and bilateral and kind in ("phone_call", "video_call"):
                add(decision.call_features(a.doc, a.principals), kind == "video_call", r)
            elif stage == "place" and bilateral and kind == "meeting":
                city = fold_key((gold.get("location") or {}).get("city") or "")
                story = story_of(a)
                cands = places.candidates(a.doc, story, a.pair, a.dateline, get_gazetteer())
                for c in cands:
                    add(c.features, fold_key(c.city) == city, r)
                rows.docs.append(
                    (
                        r.doc_id,
                        [(c.features, fold_key(c.city) == city) for c in cands],
                        bool(city),
                        r.weight,
                    )
                )
        models[stage] = _fit_one(stage, rows.rows, rows.labels, rows.groups, rows.weights, quiet)
        if stage == "place":
            models[stage]["threshold"] = _choice_threshold(models[stage], rows.docs)
        weights_module.use(models)
    return models


def cross_validate(reports: list[Report], folds: int = 5, show: tuple[str, ...] = ()) -> None:
    """Fit on four fifths of the reports, score the whole extraction on the fifth left
    out, for each fifth: the honest development score (the shipped weights have seen
    every development report)."""
    import hashlib

    from briefing.evaluate import ACCURACY_FIELDS, F1_FIELDS, FieldScore, _brief, _score_doc
    from briefing.extract import extract

    scores = {name: FieldScore("accuracy") for name in ACCURACY_FIELDS}
    scores.update({name: FieldScore("f1") for name in F1_FIELDS})
    misses: list[Any] = []
    fold_of = {
        r.doc_id: int(hashlib.sha256(r.doc_id.encode()).hexdigest()[:8], 16) % folds
        for r in reports
    }
    for k in range(folds):
        fit_all([r for r in reports if fold_of[r.doc_id] != k], quiet=True)
        for r in reports:
            if fold_of[r.doc_id] == k and r.weight == 1.0 and r.doc_id.startswith("dev"):
                _score_doc(r.doc_id, r.gold, _brief(extract(r.article).to_dict()), scores, misses)
    weights_module.use(None)
    print("cross-validated extraction, real development reports (dev2/dev3 dev part, dev):")
    for name, sc in scores.items():
        print(f"  {name:<20} {sc.value:.3f}")
    for m in misses:
        if m.field in show:
            print(f"  miss {m.doc} {m.field}: {m.expected} -> {m.got}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--dry-run", action="store_true", help="fit and print, write nothing")
    parser.add_argument(
        "--cv", action="store_true", help="cross-validate the whole extraction, write nothing"
    )
    parser.add_argument(
        "--misses", default="", help="with --cv: list the misses of these fields (comma-separated)"
    )
    args = parser.parse_args()
    reports = training_reports(args.shared)
    if args.cv:
        cross_validate(reports, show=tuple(f for f in args.misses.split(",") if f))
        return
    models = fit_all(reports)
    header = [
        "Fitted weights of the extraction's decisions (briefing/extract/weights.py).",
        "Written by scripts/fit_weights.py; do not edit by hand: change a feature in",
        "briefing/extract/sides.py or decision.py, or the training reports, and re-run it.",
        f"Fitted on {len(reports)} annotated reports (the development part of dev2 + dev3,",
        "dev, seeds; the invented reports of tests/corpus at half weight).",
        "Features are named in briefing/extract/sides.py (state, participant) and",
        "briefing/extract/decision.py (meeting, call, video) and places.py (place). A decision is",
        "1 / (1 + exp(-(bias + sum(weight * feature)))) >= threshold.",
    ]
    path = DATA_DIR / "weights.yaml"
    if args.dry_run:
        print("dry run: nothing written")
    else:
        _write(models, header, path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
