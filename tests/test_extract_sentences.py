"""Sentence splitting and tokens (briefing/extract/nlp.py): spaCy's English rules, kept."""

from __future__ import annotations

import pytest

from briefing.extract.gazetteer import get_gazetteer
from briefing.extract.nlp import split_sentences, token_spans


def sentences(text: str) -> list[str]:
    found = split_sentences("t", text, [(0, len(text))])
    for s in found:
        assert text[s.start : s.end] == s.text  # spans point into the text
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks ended. A statement followed.", ["The talks ended.", "A statement followed."]),
        (
            "Did they agree? Yes! Both sides signed.",
            ["Did they agree?", "Yes!", "Both sides signed."],
        ),
        # abbreviations, courtesy titles, initials and dotted forms keep their full stop
        (
            "Mr. Lee met Dr. Kim on Jan. 5 in St. Gallen.",
            ["Mr. Lee met Dr. Kim on Jan. 5 in St. Gallen."],
        ),
        ("The Rt. Hon. Jane Doe spoke.", ["The Rt. Hon. Jane Doe spoke."]),
        (
            "Talks with J. R. Smith of the U.S. Treasury went on.",
            ["Talks with J. R. Smith of the U.S. Treasury went on."],
        ),
        ("They met at 10 a.m. on Monday.", ["They met at 10 a.m. on Monday."]),
        # a stop after capitals ends the sentence; after one capital it does not
        ("He spoke at the UN. Then he left.", ["He spoke at the UN.", "Then he left."]),
        ("They chose Plan B. Then they left.", ["They chose Plan B. Then they left."]),
        ("Trade grew in 2024. Exports rose.", ["Trade grew in 2024.", "Exports rose."]),
        # closing quotes and brackets stay with their sentence; an opening quote goes with
        # the sentence it closes, as spaCy does
        ("He said: “We agreed.” The talks ended.", ["He said: “We agreed.”", "The talks ended."]),
        ("They met (in Baku). Trade grew.", ["They met (in Baku).", "Trade grew."]),
        # ellipses, agency tags and dashes after a stop do not split
        ("He paused... Then went on.", ["He paused... Then went on."]),
        ("MOSCOW, June 2 /TASS/. Ministers met.", ["MOSCOW, June 2 /TASS/. Ministers met."]),
        # a stop glued between words (scraped text) ends a sentence; web addresses do not
        ("The talks ended.A statement followed.", ["The talks ended.", "A statement followed."]),
        ("See www.Example.Org for the text.", ["See www.Example.Org for the text."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_offsets_skip_leading_space_and_empty_spans():
    text = "  First one.   Second one.  \n\n"
    found = split_sentences("a1", text, [(0, len(text)), (len(text), len(text))])
    assert [(s.start, s.end, s.text) for s in found] == [
        (2, 12, "First one."),
        (15, 26, "Second one."),
    ]
    assert found[0].evidence().article_id == "a1"


def test_tokens():
    text = "U.S.-Vietnam ties, US$3 bn: www.gov.example/president"
    assert [text[a:b] for a, b in token_spans(text)] == [
        "U",
        ".",
        "S",
        ".",
        "-",
        "Vietnam",
        "ties",
        ",",
        "US$",
        "3",
        "bn",
        ":",
        "www.gov.example/president",
    ]


def test_gazetteer_matches_whole_tokens():
    gaz = get_gazetteer()
    hits = gaz.find("Talks on U.S.-Vietnam ties; US$ 850 million; www.president.az.")
    assert [(h.kind, h.key, h.text) for h in hits] == [
        ("country", "USA", "U.S."),
        ("country", "VNM", "Vietnam"),
    ]
    # phrases match across any spacing, and never inside a word
    assert [h.text for h in gaz.find("New   York and Newark")] == ["New   York", "Newark"]
