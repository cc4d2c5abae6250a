"""No sentence of the annotated corpora is copied into the package or the templates
(scripts/leakcheck.py); the corpora sit beside the checkout, not in it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import leakcheck  # noqa: E402


def test_no_corpus_sentence_in_code_data_or_templates() -> None:
    corpora = [p for p in leakcheck.DEFAULT if p.is_dir()]
    if not corpora:
        pytest.skip("the shared corpora are not beside the checkout")
    assert leakcheck.long_overlaps(corpora) == {}


def test_a_copied_sentence_is_found(tmp_path: Path) -> None:
    report = "The ministers signed a memorandum on fisheries in the northern waters of the bay."
    (tmp_path / "r.json").write_text(json.dumps({"text": report}), encoding="utf-8")
    shared = leakcheck.corpus_shingles([tmp_path], leakcheck.LONG)
    assert leakcheck.shingles("x " + report[:60] + " y", leakcheck.LONG) & shared
