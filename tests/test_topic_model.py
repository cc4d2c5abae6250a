"""The topic model: the features of a cue sentence, the fitted weights file, the decision
and the fit script (on invented reports only)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.evaluate import corpus_part
from briefing.extract.topics import (
    REPORT_FEATURES,
    SENTENCE_FEATURES,
    WEIGHTS_FILE,
    candidates,
    extract_topics,
    sentence_scores,
)
from briefing.vocab import load_data
from tests.conftest import story_sentences as sentences

ROOT = Path(__file__).resolve().parent.parent


def features(text: str, topic: str, sentence: int = 0) -> set[str]:
    """The features that are on for ``topic`` in sentence ``sentence`` of ``text``."""
    cand = next(c for c in candidates(sentences(text)) if c.topic == topic)
    found = next(s for s in cand.sentences if s.index == sentence)
    return {name for name, value in found.features.items() if value}


def topics_of(text: str) -> list[str]:
    return [hit.topic for hit in extract_topics(sentences(text))]


# --- features -------------------------------------------------------------------------


def test_every_feature_is_computed_and_binary() -> None:
    cand = candidates(sentences("The ministers discussed bilateral trade."))[0]
    assert set(cand.sentences[0].features) == set(SENTENCE_FEATURES)
    assert set(cand.report) == set(REPORT_FEATURES)
    assert set(cand.sentences[0].features.values()) <= {0.0, 1.0}


@pytest.mark.parametrize(
    ("text", "topic", "on", "off"),
    [
        (
            "The two leaders discussed bilateral trade.",
            "trade",
            {"phrase", "talks", "sides", "lead"},
            {"weak", "background", "event"},
        ),
        ("They talked about Gaza.", "regional_peace", {"weak", "weak_said", "talks"}, {"phrase"}),
        ("The leaders will prepare the BRICS summit.", "multilateral", {"event"}, set()),
        (
            "They hailed the Forum on China-Africa Cooperation.",
            "multilateral",
            {"event", "phrase"},
            set(),
        ),
        ("Chile is Peru's third largest trading partner.", "trade", {"background"}, {"talks"}),
        ("Bilateral trade reached $2 billion in 2019.", "trade", {"background"}, set()),
        ("The ministers are expected to discuss energy.", "energy", {"preview", "talks"}, set()),
        (
            "Earlier, the minister attended a trilateral meeting on energy.",
            "energy",
            {"other_event"},
            set(),
        ),
        (
            "Both sides agreed to expand trade.",
            "trade",
            {"sides", "stance", "cooperate"},
            {"talks"},
        ),
        ('"Trade is growing fast," he said.', "trade", {"speech", "sides"}, set()),
        (
            "They agreed on cooperation in trade, energy, health and culture.",
            "trade",
            {"list", "cooperate"},
            set(),
        ),
        ("They discussed oil, gas and coal supplies.", "energy", {"cues2", "weak"}, {"list"}),
    ],
)
def test_sentence_features(text: str, topic: str, on: set[str], off: set[str]) -> None:
    found = features(text, topic)
    assert on <= found, on - found
    assert not off & found, off & found


def test_position_features() -> None:
    text = "\n".join(
        [
            "The leaders met in Lima.",
            "They discussed trade.",
            "They discussed energy.",
            "The talks lasted an hour.",
            "The talks were friendly.",
            "They also discussed health.",
        ]
    )
    assert "early" in features(text, "trade", 1)
    assert not {"lead", "late"} & features(text, "energy", 2) - {"early"}
    assert "late" in features(text, "health", 5)
    assert "lead" in features("They discussed trade.", "trade")


def test_a_cue_inside_a_longer_cue_of_its_topic_is_one_mention() -> None:
    cand = candidates(sentences("They discussed the new nuclear power plant."))[0]
    assert cand.topic == "energy"
    assert cand.sentences[0].cues == ["nuclear power plant"]
    assert "cues2" not in features("They discussed the new nuclear power plant.", "energy")


def test_support_counts_the_sentences_with_a_cue() -> None:
    text = "They discussed trade.\nThe talks were long.\nThe sides agreed to boost trade."
    cand = next(c for c in candidates(sentences(text)) if c.topic == "trade")
    assert [s.index for s in cand.sentences] == [0, 2]
    assert cand.report["support"] == pytest.approx(1.584962500721156)  # log2(1 + 2)


def cue_topics(text: str) -> set[str]:
    return {c.topic for c in candidates(sentences(text))}


@pytest.mark.parametrize(
    "text",
    [
        "Minister of Agriculture Ana Ruiz arrived in Lima.",
        "The energy, mining and industry minister joined the talks.",
        "The ministers of health, culture and tourism accompanied him.",
        # a place cue that names a side's leader or delegation
        "The Presidents of Syria and Lebanon met in Beirut.",
        "The Syrian foreign minister arrived.",
        # the occasion
        "They met on the sidelines of the G20 summit in Rio.",
        "The ministers talked on the margins of an East Asia Summit (EAS) session in Vientiane.",
        "The premier, who arrived to attend the ASEAN summit, met the president.",
    ],
)
def test_cues_in_offices_and_occasions_are_no_cues(text: str) -> None:
    assert cue_topics(text) == set()


def test_a_place_spoken_of_is_a_cue() -> None:
    assert cue_topics("They talked about the fighting in Sudan.") == {"regional_peace"}


# --- weights --------------------------------------------------------------------------


def test_weights_file_matches_the_features_and_topics() -> None:
    weights = load_data(WEIGHTS_FILE)
    assert set(weights["features"]) == set(SENTENCE_FEATURES) | set(REPORT_FEATURES)
    assert list(weights["topics"]) == list(load_data("topics.yaml")["topics"])
    for entry in weights["topics"].values():
        assert "bias" in entry
        assert set(entry) - {"bias"} <= set(SENTENCE_FEATURES)
    assert isinstance(weights["threshold"], float)


def test_every_role_of_the_data_is_a_feature() -> None:
    roles = set(load_data("topics.yaml")["roles"])
    assert roles <= set(SENTENCE_FEATURES)


def test_weights_file_says_what_each_feature_means() -> None:
    text = (ROOT / "briefing" / "data" / WEIGHTS_FILE).read_text(encoding="utf-8")
    for name, doc in {**SENTENCE_FEATURES, **REPORT_FEATURES}.items():
        assert f"  {name}: " in text
        assert doc in text
    assert "cross-validated" in text


def test_runtime_does_not_import_numpy() -> None:
    code = (
        "import sys\n"
        "from briefing.extract.nlp import split_sentences\n"
        "from briefing.extract.topics import extract_topics\n"
        "text = 'They discussed trade.'\n"
        "assert extract_topics(split_sentences('t', text, [(0, len(text))]))\n"
        "print('numpy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# --- decision -------------------------------------------------------------------------


def test_a_topic_the_sides_discussed_is_tagged() -> None:
    text = "The two presidents discussed bilateral trade and energy cooperation."
    assert topics_of(text) == ["trade", "energy"]


@pytest.mark.parametrize(
    "text",
    [
        "Minister of Agriculture Ana Ruiz met the Defence Minister of Peru.",
        "The president, who arrived to attend the ASEAN summit, held talks with the premier.",
        "The leaders met on the sidelines of the G20 summit in Rio.",
        "The ministers talked on the margins of an East Asia Summit (EAS) session in Vientiane.",
    ],
)
def test_offices_and_occasions_tag_nothing(text: str) -> None:
    assert topics_of(text) == []


def test_another_event_weighs_less_than_what_the_sides_agreed() -> None:
    said = "The ministers agreed to expand investment in renewable energy."
    other = "Earlier, the minister attended a trilateral meeting on investment."
    cands = {c.topic: c for c in candidates(sentences(f"{said}\n{other}"))}
    scores = sentence_scores(cands["investment"])
    assert scores[0] > scores[1]


def test_the_strongest_sentence_is_the_first_evidence() -> None:
    text = (
        "The leaders met in Lima on Monday.\n"
        "Mining accounts for much of Peru's exports.\n"
        "The sides discussed bilateral trade and agreed to remove tariffs."
    )
    hit = next(h for h in extract_topics(sentences(text)) if h.topic == "trade")
    assert (
        hit.evidence[0].text == "The sides discussed bilateral trade and agreed to remove tariffs."
    )
    assert hit.cues[0] == "bilateral trade"


# --- fit script -----------------------------------------------------------------------

INVENTED = [
    (
        "The presidents of Chile and Peru discussed bilateral trade and agreed to expand "
        "cooperation in renewable energy. Chile has long been one of Peru's largest "
        "investors, official data show.",
        ["trade", "energy"],
    ),
    (
        "The foreign ministers of Norway and Kenya held talks in Oslo. They discussed "
        "climate change and humanitarian aid to the region.",
        ["environment_climate", "humanitarian"],
    ),
    (
        "Ghana's president met the Turkish president in Accra. The leaders agreed to boost "
        "defence cooperation and discussed direct flights between the two capitals.",
        ["security_defense", "tourism_visa"],
    ),
    (
        "The prime ministers of Vietnam and Laos met in Hanoi. They discussed the railway "
        "link and agreed on new scholarships for students. Minister of Agriculture Tran Van "
        "An attended.",
        ["transport_logistics", "culture_education"],
    ),
]


def _gold_dir(root: Path) -> Path:
    folder = root / "gold"
    folder.mkdir()
    for i, (text, topics) in enumerate(INVENTED):
        gold = {"is_bilateral_meeting": True, "topics": topics}
        doc = {"title": None, "text": text, "published": "2024-05-01", "gold": gold}
        (folder / f"inv{i}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def _validation_id() -> str:
    """An id the dev2/dev3 split puts in the validation part."""
    return next(f"x{i}" for i in range(1000) if corpus_part(f"x{i}") == "validation")


def _fit(corpora: list[str], out: Path, floors: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(ROOT / "scripts" / "fit_topics.py"), "--folds", "2"]
    for spec in corpora:
        cmd += ["--corpus", spec]
    cmd += ["--floors", str(floors), "--out", str(out)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


def test_fit_script_is_deterministic_and_writes_usable_weights(tmp_path: Path) -> None:
    gold = _gold_dir(tmp_path)
    floors = tmp_path / "floors.json"
    floors.write_text("{}", encoding="utf-8")
    first, second = tmp_path / "w1.yaml", tmp_path / "w2.yaml"
    run = _fit([f"invented={gold}"], first, floors)
    assert run.returncode == 0, run.stderr
    _fit([f"invented={gold}"], second, floors)
    assert first.read_bytes() == second.read_bytes()
    assert "cross-validated" in run.stdout
    import yaml

    text = first.read_text(encoding="utf-8")
    weights = yaml.safe_load(text)
    assert set(weights["features"]) == set(SENTENCE_FEATURES) | set(REPORT_FEATURES)
    assert all(isinstance(v, float | int) for v in weights["features"].values())
    assert "4 gold meetings" in text


def test_fit_script_fails_below_a_ratchet_floor(tmp_path: Path) -> None:
    gold = _gold_dir(tmp_path)
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"invented": {"topics": 1.01}}), encoding="utf-8")
    run = _fit([f"invented={gold}"], tmp_path / "w.yaml", floors)
    assert run.returncode == 1
    assert "below the ratchet's floors: invented" in run.stdout


def test_fit_script_never_opens_a_validation_report(tmp_path: Path) -> None:
    gold = _gold_dir(tmp_path)
    dev2 = tmp_path / "dev2"
    dev2.mkdir()
    # not even JSON: opening it would stop the script with an error
    (dev2 / f"{_validation_id()}.json").write_text("{ not json", encoding="utf-8")
    floors = tmp_path / "floors.json"
    floors.write_text("{}", encoding="utf-8")
    run = _fit([f"invented={gold}", f"invented={dev2}"], tmp_path / "w.yaml", floors)
    assert run.returncode == 0, run.stderr
    assert "4 gold meetings" in run.stdout
