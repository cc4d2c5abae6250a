"""Scoring the extractor against gold-annotated reports.

A gold file is JSON with the report (``text``, ``title``, ``published``, ``publisher``,
``url``) and its ``gold`` record in the shape of ``spec/meeting.schema.json``. Each
report is extracted on its own (no merging), so the scores measure extraction alone.

Set-valued fields (participants, topics, figures, agreements) get precision, recall and
F1 over all reports (micro-averaged); single-valued fields get accuracy over all
reports, negatives included (a negative must come out with nothing). Matching rules:

- participant: same person (names compared without case, accents or punctuation; the
  surname is enough, as ``spec/annotation.md`` says: the last words agree, or a one-word
  name is the other's first or last word) and same country; the title
  is scored separately over matched participants (``participant_titles``);
- figure: same metric, US-dollar value within 1 % (or both null), change within 0.5
  points (or both null), same period; an amount the gold gives in another currency must
  come with the same ``currency`` and a ``value`` within 1 %;
- date: accuracy over all reports (``date``), and ``date_f1`` counting a date given
  where the gold has none, or a wrong one, as a false positive;
- agreement: same status and names sharing at least half of their content words;
- city: same name without case or accents; relationship: same level.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.model import Article

ACCURACY_FIELDS = (
    "bilateral",
    "meeting_type",
    "date",
    "city",
    "location_country",
    "countries",
    "relationship",
    "participant_titles",
)
F1_FIELDS = ("date_f1", "participants", "topics", "figures", "agreements")
PARTS = ("dev", "validation")
VALIDATION_SHARE = 3  # one report in three is held out


def corpus_part(doc_id: str) -> str:
    """The part of a development corpus a gold report belongs to: ``"validation"`` when
    the SHA-256 of its id (the file name without ``.json``) read as a number is divisible
    by 3, else ``"dev"``.

    The rule depends on the id alone, so the split is the same on every machine and a
    report added later falls into a part without moving the others. The validation part
    is scored, never read: see docs/evaluation.md.
    """
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()
    return "validation" if int(digest[:8], 16) % VALIDATION_SHARE == 0 else "dev"


_STOP = {"the", "a", "an", "of", "on", "in", "and", "between", "for", "to", "with"}


@dataclass
class FieldScore:
    """Accuracy (``correct``/``total``) or precision/recall/F1 (``tp``, ``fp``, ``fn``)."""

    kind: str  # "accuracy" | "f1"
    correct: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value(self) -> float:
        """The headline number: accuracy, or F1."""
        if self.kind == "accuracy":
            return self.correct / self.total if self.total else 1.0
        return self.f1

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "accuracy":
            return {"accuracy": round(self.value, 4), "correct": self.correct, "total": self.total}
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Miss:
    """One disagreement with the gold: what was expected and what came out."""

    doc: str
    field: str
    expected: Any
    got: Any

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "field": self.field, "expected": self.expected, "got": self.got}


@dataclass
class EvalReport:
    docs: int
    scores: dict[str, FieldScore]
    misses: list[Miss] = field(default_factory=list)
    median_ms: float = 0.0
    mean_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "timing": {"median_ms": round(self.median_ms, 2), "mean_ms": round(self.mean_ms, 2)},
            "misses": [m.to_dict() for m in self.misses],
        }


def gold_files(paths: list[Path]) -> list[Path]:
    """The ``*.json`` files of ``paths`` (folders searched recursively), sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.rglob("*.json")))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(str(p), "no such file or folder")
    if not out:
        raise InputError(", ".join(map(str, paths)), "no gold files (*.json) found")
    return out


def load_gold(path: Path) -> tuple[Article, dict[str, Any]]:
    """The article and gold record of one gold file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read gold file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"invalid JSON ({exc.msg}, line {exc.lineno})") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("gold"), dict)
        or not isinstance(data.get("text"), str)
    ):
        raise InputError(str(path), "not a gold file: needs 'text' and a 'gold' object")
    text = data["text"]
    article = Article(
        Article.make_id(text),
        text,
        data.get("title"),
        data.get("published"),
        data.get("publisher"),
        data.get("url"),
        str(path),
    )
    return article, data["gold"]


def _key(text: str | None) -> str:
    from briefing.vocab import fold_key

    return fold_key(text) if text else ""


def _same_person(a: str, b: str) -> bool:
    """Same person by the annotation rule "surname enough": the last words agree (after
    folding; "Jr"/"Sr" dropped), or a one-word name is the other's first or last word
    (surname-first names: "Xi" for "Xi Jinping")."""
    ka, kb = _name_words(a), _name_words(b)
    if not ka or not kb:
        return False
    if ka[-1] == kb[-1]:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) == 1 and short[0] in (long_[0], long_[-1])


def _name_words(name: str) -> list[str]:
    words = _key(name).replace(",", " ").split()
    while words and words[-1] in ("jr", "sr"):
        words.pop()
    return words


def _words(name: str) -> set[str]:
    return {w for w in _key(name).split() if w not in _STOP}


def _close(a: float | None, b: float | None, tol: float, relative: bool) -> bool:
    if a is None or b is None:
        return a is None and b is None
    limit = tol * max(abs(a), abs(b)) if relative else tol
    return abs(float(a) - float(b)) <= limit


def _figure_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    """Same metric, period, US-dollar value and change; an amount in another currency
    must also carry the same currency and value."""
    same_currency = not g.get("currency") or (
        g.get("currency") == p.get("currency")
        and _close(g.get("value"), p.get("value"), 0.01, True)
    )
    return (
        g.get("metric") == p.get("metric")
        and _close(g.get("value_usd"), p.get("value_usd"), 0.01, True)
        and _close(g.get("change_pct"), p.get("change_pct"), 0.5, False)
        and g.get("period") == p.get("period")
        and same_currency
    )


def _agreement_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if g.get("status") != p.get("status"):
        return False
    a, b = _words(g.get("name", "")), _words(p.get("name", ""))
    return bool(a and b) and len(a & b) >= 0.5 * max(len(a), len(b))


def _participant_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return _same_person(g.get("name", ""), p.get("name", "")) and g.get("country") == p.get(
        "country"
    )


def _match_sets(
    score: FieldScore,
    gold: list[Any],
    got: list[Any],
    same: Any,
    doc: str,
    name: str,
    misses: list[Miss],
) -> list[tuple[Any, Any]]:
    """Greedy one-to-one matching; returns the matched (gold, got) pairs."""
    left = list(got)
    pairs = []
    for g in gold:
        hit = next((p for p in left if same(g, p)), None)
        if hit is None:
            score.fn += 1
            misses.append(Miss(doc, name, g, None))
        else:
            left.remove(hit)
            score.tp += 1
            pairs.append((g, hit))
    for p in left:
        score.fp += 1
        misses.append(Miss(doc, name, None, p))
    return pairs


def _accuracy(
    score: FieldScore, expected: Any, got: Any, same: bool, doc: str, name: str, misses: list[Miss]
) -> None:
    score.total += 1
    if same:
        score.correct += 1
    else:
        misses.append(Miss(doc, name, expected, got))


def _score_doc(
    doc: str,
    gold: dict[str, Any],
    got: dict[str, Any],
    scores: dict[str, FieldScore],
    misses: list[Miss],
) -> None:
    gl, pl = gold.get("location") or {}, got.get("location") or {}
    grel, prel = gold.get("relationship") or {}, got.get("relationship") or {}
    single = {
        "bilateral": (gold.get("is_bilateral_meeting"), got.get("is_bilateral_meeting")),
        "meeting_type": (gold.get("meeting_type"), got.get("meeting_type")),
        "date": (gold.get("date"), got.get("date")),
        "city": (gl.get("city"), pl.get("city")),
        "location_country": (gl.get("country"), pl.get("country")),
        "countries": (sorted(gold.get("countries") or []), sorted(got.get("countries") or [])),
        "relationship": (grel.get("level"), prel.get("level")),
    }
    for name, (exp, out) in single.items():
        if name in ("city", "relationship"):
            same = _key(str(exp) if exp else None) == _key(str(out) if out else None)
        else:
            same = exp == out
        _accuracy(scores[name], exp, out, same, doc, name, misses)
    gdate, pdate = gold.get("date"), got.get("date")
    _match_sets(
        scores["date_f1"],
        [gdate] if gdate else [],
        [pdate] if pdate else [],
        lambda a, b: a == b,
        doc,
        "date_f1",
        misses,
    )
    pairs = _match_sets(
        scores["participants"],
        gold.get("participants") or [],
        got.get("participants") or [],
        _participant_match,
        doc,
        "participants",
        misses,
    )
    for g, p in pairs:
        _accuracy(
            scores["participant_titles"],
            g.get("title"),
            p.get("title"),
            _key(g.get("title")) == _key(p.get("title")),
            doc,
            "participant_titles",
            misses,
        )
    _match_sets(
        scores["topics"],
        sorted(gold.get("topics") or []),
        got.get("topics") or [],
        lambda a, b: a == b,
        doc,
        "topics",
        misses,
    )
    _match_sets(
        scores["figures"],
        gold.get("figures") or [],
        got.get("figures") or [],
        _figure_match,
        doc,
        "figures",
        misses,
    )
    _match_sets(
        scores["agreements"],
        gold.get("agreements") or [],
        got.get("agreements") or [],
        _agreement_match,
        doc,
        "agreements",
        misses,
    )


def _brief(record: dict[str, Any]) -> dict[str, Any]:
    """The scored keys of an extraction record, without evidence, for miss listings."""
    out = dict(record)
    out["participants"] = [
        {k: p.get(k) for k in ("name", "title", "country")} for p in record.get("participants", [])
    ]
    out["figures"] = [
        {
            k: f.get(k)
            for k in (
                "metric",
                "value_usd",
                "value",
                "currency",
                "change_pct",
                "period",
                "approximate",
            )
        }
        for f in record.get("figures", [])
    ]
    out["agreements"] = [
        {k: a.get(k) for k in ("name", "status", "date")} for a in record.get("agreements", [])
    ]
    return out


def evaluate(paths: list[Path], part: str | None = None) -> EvalReport:
    """Extract every gold file of ``paths`` and score it (see the module docstring);
    with ``part``, only the files of that part (:func:`corpus_part`)."""
    from briefing.extract import extract

    files = gold_files(paths)
    if part is not None:
        if part not in PARTS:
            raise InputError("--part", f"unknown part {part!r}; use one of {', '.join(PARTS)}")
        files = [f for f in files if corpus_part(f.stem) == part]
        if not files:
            raise InputError(", ".join(map(str, paths)), f"no gold files in part {part!r}")
    loaded = [(f, *load_gold(f)) for f in files]
    extract(loaded[0][1])  # start-up (gazetteers, matchers) is not part of the timing
    scores = {name: FieldScore("accuracy") for name in ACCURACY_FIELDS}
    scores.update({name: FieldScore("f1") for name in F1_FIELDS})
    misses: list[Miss] = []
    times = []
    for path, article, gold in loaded:
        t0 = time.perf_counter()
        extraction = extract(article)
        times.append((time.perf_counter() - t0) * 1000)
        _score_doc(path.stem, gold, _brief(extraction.to_dict()), scores, misses)
    return EvalReport(
        len(loaded), scores, misses, statistics.median(times), statistics.fmean(times)
    )


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Plain-text table of the scores (and, verbose, every miss)."""
    lines = [
        f"{report.docs} reports; extraction {report.median_ms:.1f} ms median, "
        f"{report.mean_ms:.1f} ms mean per report",
        "",
    ]
    lines.append(f"{'field':<20} {'score':>7}  detail")
    for name, s in report.scores.items():
        if s.kind == "accuracy":
            lines.append(f"{name:<20} {s.value:7.3f}  accuracy {s.correct}/{s.total}")
        else:
            lines.append(
                f"{name:<20} {s.value:7.3f}  F1 (P {s.precision:.3f} R {s.recall:.3f}; "
                f"tp {s.tp} fp {s.fp} fn {s.fn})"
            )
    if verbose and report.misses:
        lines += ["", "misses (expected -> got):"]
        for m in report.misses:
            exp = json.dumps(m.expected, ensure_ascii=False)
            got = json.dumps(m.got, ensure_ascii=False)
            lines.append(f"  {m.doc} {m.field}: {exp} -> {got}")
    return "\n".join(lines)
