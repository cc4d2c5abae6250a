"""The evaluation ratchet (scripts/ratchet.py): no field of an annotated corpus may score
below the floor pinned in tests/floors.json, and updating refuses to lower a floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import ratchet  # noqa: E402

from tests.conftest import SHARED  # noqa: E402

FLOORS = json.loads(ratchet.FLOORS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(ratchet.CORPORA))
def test_no_field_drops_below_its_floor(name: str) -> None:
    assert name in FLOORS, f"no floors pinned for {name}: run scripts/ratchet.py update"
    reached = ratchet.scores(name, SHARED)
    if reached is None:
        pytest.skip(f"{name} is not on this machine (the shared corpora sit beside the checkout)")
    assert ratchet.drops(FLOORS[name], reached) == []


def test_every_corpus_has_every_field_pinned() -> None:
    from briefing.evaluate import ACCURACY_FIELDS, F1_FIELDS

    for name in ratchet.CORPORA:
        assert set(FLOORS[name]) == set(ACCURACY_FIELDS) | set(F1_FIELDS), name


def test_updating_raises_floors_and_refuses_to_lower_one() -> None:
    assert ratchet.raised({"topics": 0.7}, {"topics": 0.75, "figures": 0.5}) == {
        "figures": 0.5,
        "topics": 0.75,
    }
    with pytest.raises(ValueError, match="refusing to lower a floor: topics 0.650 < floor 0.700"):
        ratchet.raised({"topics": 0.7}, {"topics": 0.65})


def test_the_robustness_check_scores_every_variant_of_the_example_reports(capsys) -> None:
    """scripts/robustness.py dresses reports as real pages do; on the two annotated
    examples, page chrome around the story and teasers of other meetings change nothing."""
    import robustness

    assert robustness.main([str(ROOT / "examples" / "gold")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 reports")
    rows = {
        line[:28].strip(): [float(x) for x in line[28:].split()]
        for line in out.splitlines()[2:]
        if line[:1] != " " and line[28:].strip()
    }
    assert set(rows) == set(robustness.VARIANTS)
    for name in ("other stories after", "other stories within", "app prompt after", "as HTML"):
        assert rows[name] == rows["as is"], name
