"""The benchmark corpus generator: deterministic for a seed, N distinct reports, shaped
like the reports ``briefing`` reads (several per meeting, some non-meeting stories)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

from briefing.ingest import read_paths  # noqa: E402
from briefing.model import Article  # noqa: E402


def test_same_seed_same_reports_other_seed_other_reports():
    assert list(corpus.generate(60, seed=5)) == list(corpus.generate(60, seed=5))
    assert list(corpus.generate(60, seed=5)) != list(corpus.generate(60, seed=6))


def test_n_distinct_reports():
    reports = list(corpus.generate(500, seed=2))
    assert len(reports) == 500
    assert len({Article.make_id(r["text"]) for r in reports}) == 500
    assert all(set(r) == {"title", "text", "published", "publisher", "url"} for r in reports)


def test_several_reports_per_meeting_and_some_other_stories():
    reports = list(corpus.generate(400, seed=3))
    # Reports of one meeting share the dateline's month and day and the two people.
    per_meeting = Counter(re.sub(r" \(\d+\)$", "", r["title"]) for r in reports)
    assert max(per_meeting.values()) >= 3
    assert sum(1 for c in per_meeting.values() if c >= 2) >= 40
    others = [r for r in reports if r["title"].startswith("News from")]
    assert 10 <= len(others) <= 100
    pairs = {
        tuple(sorted(re.findall(r" of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)", r["text"])[:2]))
        for r in reports
    }
    assert len(pairs) >= 50


def test_written_corpus_is_read_by_ingest(tmp_path: Path):
    paths = corpus.write_corpus(tmp_path, 25, seed=4)
    assert len(paths) == 25
    items = list(read_paths([tmp_path]))
    assert all(isinstance(a, Article) for a in items)
    assert len({a.id for a in items}) == 25
