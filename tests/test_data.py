"""Every data file of briefing/data loads, follows the documented syntax, and is what the
code expects: phrases are text, patterns compile, fitted weights name the features the
code computes, the city list is what the locked GeoNames package gives."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

from briefing.model import Article
from briefing.vocab import DATA_DIR, alternation, data_pattern, load_data
from tests.conftest import ROOT

README = (DATA_DIR / "README.md").read_text(encoding="utf-8")
YAML_FILES = sorted(p.name for p in DATA_DIR.glob("*.yaml"))


def test_every_data_file_is_documented() -> None:
    for path in sorted(DATA_DIR.iterdir()):
        if path.name != "README.md":
            assert f"`{path.name}`" in README, f"{path.name} is not in briefing/data/README.md"


@pytest.mark.parametrize("name", YAML_FILES)
def test_every_yaml_file_loads(name: str) -> None:
    assert load_data(name)


def _strings(value: Any, where: str) -> list[tuple[str, str]]:
    """Every (key path, list entry) of the lists of a YAML structure."""
    out: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _strings(v, f"{where}.{k}")
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, dict | list):
                out += _strings(v, where)
            else:
                out.append((where, v))
    return out


@pytest.mark.parametrize("name", [n for n in YAML_FILES if "weights" not in n])
def test_list_entries_are_text_not_yaml_booleans(name: str) -> None:
    """`on`, `no`, `yes` unquoted would be booleans: every list entry must be text (or a
    number where the file keeps numbers)."""
    for where, entry in _strings(load_data(name), name):
        assert isinstance(entry, str | int | float) and not isinstance(entry, bool), (
            f"{where}: {entry!r} is not text (quote it)"
        )


def test_patterns_compile_and_phrases_compile() -> None:
    cues = load_data("cues.yaml")
    for value in cues.values():
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if isinstance(entry, dict) and "pattern" in entry:
                re.compile(entry["pattern"])
            elif isinstance(entry, str) and ("\\b" in entry or "(?" in entry):
                data_pattern(entry)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            re.compile(alternation(value))
    for name in (
        "topics.yaml",
        "figures.yaml",
        "agreements.yaml",
        "relationship.yaml",
        "meeting_kinds.yaml",
        "next_steps.yaml",
    ):
        for where, entry in _strings(load_data(name), name):
            if isinstance(entry, str):
                if "pattern" in where:
                    data_pattern(entry)
                else:
                    re.compile(alternation([entry]))


def test_every_reason_of_the_meeting_decision_is_written() -> None:
    cues = load_data("cues.yaml")
    reasons = cues["reasons"]
    for entry in cues["not_meeting"]:
        assert entry["feature"] in reasons


def _sample_analysis():  # type: ignore[no-untyped-def]
    from briefing.extract import analyse

    text = (
        "BAKU, May 5. Azerbaijani President Ilham Aliyev held talks with Chinese Premier Li "
        "Qiang in Baku on Monday, discussing trade and transport.\n\nThe two leaders agreed "
        "to expand cooperation."
    )
    a = analyse(Article("t", text, None, "2025-05-05", None, None))
    assert a is not None
    return a


def test_fitted_weights_name_the_features_the_code_computes() -> None:
    from briefing.extract import decision, places, sides, story_of
    from briefing.extract.gazetteer import get_gazetteer

    a = _sample_analysis()
    computed = {
        "state": set(a.candidates[0].features),
        "participant": set(
            sides.participant_features(a.doc, a.principals[0], a.principals, a.people)
        ),
        "meeting": set(a.meeting),
        "call": set(decision.call_features(a.doc, a.principals)),
        "video": set(decision.call_features(a.doc, a.principals)),
        "place": set(
            places.candidates(a.doc, story_of(a), a.pair, a.dateline, get_gazetteer())[0].features
        ),
    }
    models = load_data("weights.yaml")["models"]
    assert set(models) == set(computed)
    for name, features in computed.items():
        assert set(models[name]["weights"]) == features, name
        assert 0 < float(models[name]["threshold"]) < 1


def test_countries_are_iso_codes_and_cities_name_known_states() -> None:
    import pycountry

    countries = load_data("countries.yaml")
    for iso in countries:
        assert iso == "XKX" or pycountry.countries.get(alpha_3=iso) is not None, iso
    from briefing.extract.gazetteer import city_rows

    rows = city_rows()
    assert len(rows) > 5000
    assert all(iso in countries for _, iso, _, _, _ in rows)
    for name, entry in load_data("venues.yaml").items():
        assert entry["country"] in countries, name


def test_the_city_list_is_what_the_locked_geonames_package_gives() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_cities.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "data/cities.tsv is stale: run make cities"


def test_each_spelling_of_a_name_belongs_to_one_group() -> None:
    """A word in two groups of ``spelling_variants`` would join two different names."""
    from briefing.vocab import fold

    words = [w for group in load_data("names.yaml")["spelling_variants"] for w in group]
    assert len(words) == len(set(words))
    assert all(w == fold(w) and " " not in w for w in words)
