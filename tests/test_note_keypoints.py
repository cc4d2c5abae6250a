"""The note's opening key points and what it says of the meeting's kind: outcome first,
then figures, then what is new against the pair's previous meeting in the archive; the
words from labels.yaml; a call without a place line."""

from __future__ import annotations

import re
from pathlib import Path

from _render_sample import sample_meeting

from briefing.config import Config
from briefing.model import MeetingKind
from briefing.render import render_html


def key_points(page: str) -> str:
    block = page[page.index('<section class="key-points"') :]
    block = block[: block.index("</section>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
    return re.sub(r" (?=[;,.:])", "", text)  # a tag closed before punctuation


PREVIOUS = {
    "id": "2024-07-03-aze-chn",
    "date": "2024-07-03",
    "place": "Baku",
    "location_country": "AZE",
    "relationship_level": "strategic partnership",
    "participants": "A; B",
    "href": "2024-07-03-aze-chn.html",
    "trade_figures": [
        {"metric": "trade_turnover", "period": "2023", "value_usd": 3.1e9, "derived": False},
        {"metric": "trade_turnover", "period": "2023", "value_usd": 9e9, "derived": True},
    ],
}


def test_outcome_first_then_figures_then_what_is_new():
    text = key_points(render_html(sample_meeting(), config=Config()))
    order = [
        text.index("Signed Joint Statement on the establishment"),
        text.index("Relations Raised to comprehensive strategic partnership"),
        text.index("Proposed reciprocal visa waiver agreement"),
        text.index("Figures Trade turnover reached $3.7 billion in 2024, up 20%"),
        text.index("New The first meeting of Azerbaijan and China in the archive."),
    ]
    assert order == sorted(order)
    assert "not yet signed" in text and "grew by about 40% in Jan–Mar 2025" in text
    assert "Caution The reports disagree on: weekday" in text


def test_what_is_new_against_the_previous_meeting_of_the_pair():
    text = key_points(
        render_html(sample_meeting(), config=Config(), extra={"previous_meetings": [PREVIOUS]})
    )
    assert "first meeting of" not in text
    assert "The first in China of the 2 meetings of the pair in the archive." in text
    assert (
        "Trade turnover $3.7 billion in 2024, up from $3.1 billion in 2023 "
        "(reported at the meeting of 3 July 2024)."
    ) in text
    assert "Previous meeting in the archive: 3 July 2024, Baku, Azerbaijan." in text
    assert "now described as" not in text  # the upgrade is already the outcome
    m = sample_meeting()
    m.relationship.previous_level = None  # the reports do not say it was raised
    before = {**PREVIOUS, "relationship_level": "friendly relations"}
    text = key_points(render_html(m, config=Config(), extra={"previous_meetings": [before]}))
    assert (
        "Relations now described as comprehensive strategic partnership; at the meeting of "
        "3 July 2024: friendly relations."
    ) in text


def test_next_steps_and_the_finer_kind_of_meeting():
    from briefing.model import NextStep

    m = sample_meeting()
    a = m.articles[0]
    m.kind = MeetingKind("sidelines", "Caspian Economic Forum", True, [m.location.evidence[0]])
    m.next_steps = [
        NextStep("agreed to expand cooperation in renewable energy", [m.topics[2].evidence[0]])
    ]
    page = render_html(m, config=Config())
    text = key_points(page)
    assert "Next steps Agreed to expand cooperation in renewable energy." in text
    assert "Reported as a first visit." in text
    assert "Talks on the sidelines of the Caspian Economic Forum · 23 April 2025" in " ".join(
        re.sub(r"<[^>]+>", " ", page[page.index('class="subtitle"') :][:400]).split()
    )
    assert a.id  # the evidence belongs to the sample's reports


def test_a_call_has_no_place_line():
    m = sample_meeting()
    m.meeting_type = "phone_call"
    m.location.city = m.location.country = None
    page = render_html(m, config=Config())
    assert "place not reported" not in page and ">Where<" not in page
    assert "Phone call" in page


def test_words_of_the_labels_file_reach_key_points_conflicts_and_kinds(tmp_path: Path):
    (tmp_path / "labels.yaml").write_text(
        "statuses:\n  signed: Concluded\n  proposed: Under negotiation\n"
        "fields:\n  weekday: Day of the week\n"
        "meeting_kinds:\n  state_visit: Visite d'État\n",
        encoding="utf-8",
    )
    m = sample_meeting()
    m.kind = MeetingKind("state_visit")
    page = render_html(m, config=Config(), templates_dir=tmp_path)
    text = key_points(page)
    assert "Concluded Joint Statement" in text and "Under negotiation reciprocal" in text
    assert "disagree on: day of the week" in text
    assert "<strong>Day of the week:</strong>" in page  # the conflicts box
    assert "Visite d&#39;État" in page and ">Under negotiation</span>" in page
