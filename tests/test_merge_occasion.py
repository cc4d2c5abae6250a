"""The finer kind of a meeting and its next steps, read by the merge stage from invented
reports: what the lead calls the visit, not a visit it mentions; the gathering named
after "on the sidelines of"; an envoy received; steps agreed or announced, one entry per
step however many reports give it."""

from __future__ import annotations

import pytest

from briefing.merge import merge
from briefing.merge.occasion import event_name, meeting_kind, next_steps
from briefing.model import Agreement, Article, Evidence, Extraction, Participant
from tests.conftest import assert_follows_schema


def report(text: str, title: str = "Talks", publisher: str = "Steppe Post", **kw) -> Extraction:
    article = Article(Article.make_id(text), text, title, "2025-05-06", publisher)
    paragraphs, pos = [], 0
    for para in text.split("\n"):
        paragraphs.append((pos, pos + len(para)))
        pos += len(para) + 1
    return Extraction(
        article,
        True,
        meeting_type=kw.pop("meeting_type", "meeting"),
        date="2025-05-06",
        countries=["KAZ", "MNG"],
        story_spans=paragraphs,
        **kw,
    )


LEAD = (
    "ASTANA, May 6 - The President of Kazakhstan received the President of Mongolia, who "
    "is in Astana on a state visit. The leaders held talks on trade and transit."
)


def test_the_lead_names_the_kind_and_a_mentioned_visit_does_not_count():
    ex = report(LEAD + "\nThe guest invited his host to pay an official visit to Ulaanbaatar.")
    kind = meeting_kind([ex], "meeting", [])
    assert kind is not None and kind.kind == "state_visit" and not kind.first_visit
    assert kind.evidence and "state visit" in kind.evidence[0].text
    later = report(
        "ASTANA, May 6 - The two presidents met in Astana. The guest made an official visit "
        "in 2019, and invited his host to pay a state visit next year."
    )
    assert meeting_kind([later], "meeting", []) is None


def test_each_report_votes_once_and_a_call_has_no_kind():
    working = report("The Prime Minister arrived in Astana on a working visit.\nTalks followed.")
    state = report(LEAD)
    state2 = report(LEAD.replace("Astana", "the capital"), publisher="Nomad Wire")
    kind = meeting_kind([working, state, state2], "meeting", [])
    assert kind is not None and kind.kind == "state_visit"
    assert meeting_kind([state], "phone_call", []) is None


@pytest.mark.parametrize(
    "text, event",
    [
        (
            "the 12th session of the Caspian Economic Forum in Aktau on Friday.",
            "12th session of the Caspian Economic Forum",
        ),
        ("a two-day Steppe Leaders' Summit, officials said.", "Steppe Leaders' Summit"),
        ("the Conference on Disarmament and the", "Conference on Disarmament"),
        ("the summit.", None),
    ],
)
def test_the_gathering_named_after_sidelines(text: str, event: str | None):
    assert event_name(text) == event


def test_talks_on_the_sidelines_keep_the_event_and_the_first_visit():
    ex = report(
        "BAKU, May 6 - The foreign ministers met on the sidelines of the Caspian Economic "
        "Forum in Baku. It was the minister's first visit to the region since taking office."
    )
    kind = meeting_kind([ex], "meeting", [])
    assert kind is not None and (kind.kind, kind.event) == ("sidelines", "Caspian Economic Forum")
    first = report("ASTANA, May 6 - The Chancellor began her first official visit to Kazakhstan.")
    assert meeting_kind([first], "meeting", []).first_visit is True


def test_an_envoy_without_his_leader_is_an_envoy_received():
    ex = report("ASTANA, May 6 - The President received the new envoy of Mongolia.")
    envoy = Participant("Bat Dorj", "Ambassador of Mongolia to Kazakhstan", "MNG", [])
    host = Participant("Aruzhan Sadykova", "President", "KAZ", [])
    assert meeting_kind([ex], "meeting", [host, envoy]).kind == "envoy_received"
    leader = Participant("Tuya Bold", "President", "MNG", [])
    assert meeting_kind([ex], "meeting", [host, leader, envoy]) is None


def test_next_steps_one_per_step_best_supported_first():
    a = report(
        "The leaders agreed to open a second border crossing at Tsagaannuur. "
        "The next round of consultations will be held in Ulaanbaatar in autumn, the ministry said."
    )
    b = report(
        "Both sides agreed to open a second border crossing near Tsagaannuur. "
        "They discussed preparations for the next session of the commission.",
        publisher="Nomad Wire",
    )
    steps = next_steps([a, b], [])
    assert [s.text for s in steps] == [
        "agreed to open a second border crossing at Tsagaannuur",
        "The next round of consultations will be held in Ulaanbaatar in autumn",
    ]
    assert len({e.article_id for e in steps[0].evidence}) == 2


def test_a_step_that_is_a_document_is_left_to_the_agreements():
    text = "The sides agreed to sign a visa waiver agreement before the end of the year."
    ex = report(text)
    doc = Agreement(
        "visa waiver agreement", "proposed", evidence=[Evidence(ex.article.id, 0, len(text), text)]
    )
    assert next_steps([ex], [doc]) == []
    assert [s.text for s in next_steps([ex], [])] == [
        "agreed to sign a visa waiver agreement before the end of the year"
    ]


def test_the_merged_meeting_carries_kind_and_steps_in_its_record():
    ex = report(LEAD + "\nThe presidents agreed to double flights between the capitals.")
    [meeting] = merge([ex])
    record = meeting.to_dict()
    assert record["meeting_type"] == "meeting"
    assert record["meeting_kind"]["kind"] == "state_visit"
    assert record["next_steps"][0]["text"] == "agreed to double flights between the capitals"
    assert record["next_steps"][0]["sources"] == [ex.article.id]
    assert_follows_schema([record])
