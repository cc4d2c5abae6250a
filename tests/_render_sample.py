"""A hand-built Meeting for the table, chart and render tests (invented reports)."""

from __future__ import annotations

from briefing.model import (
    Agreement,
    Article,
    Conflict,
    Evidence,
    Figure,
    Location,
    Meeting,
    Participant,
    Relationship,
    TopicHit,
)

TEXT_A = (
    "Baku, April 23. President Ilham Aliyev met Premier of the State Council Li Qiang in "
    "Beijing on Wednesday. The sides signed a Joint Statement on the establishment of a "
    "comprehensive strategic partnership. Bilateral trade turnover grew by 20 percent last "
    "year to reach $3.7 billion. In the first quarter of this year trade grew by almost 40 "
    "percent. The leaders discussed cargo transport along the Middle Corridor. They also "
    "agreed to expand cooperation in renewable energy and the oil and gas sector."
)
TEXT_B = (
    "Beijing, 23 April. Li Qiang held talks with Ilham Aliyev, who arrived from Baku via "
    "Türkiye's airspace. Both sides hailed a comprehensive strategic partnership, upgraded "
    "from a strategic partnership agreed last July. Trade turnover stood at $3.7 billion in "
    "2024. A reciprocal visa waiver agreement was proposed. The talks covered the Middle "
    "Corridor railway and energy projects."
)


def ev(article: Article, needle: str) -> Evidence:
    """Evidence for the sentence of ``article`` that contains ``needle``."""
    i = article.text.index(needle)
    start = article.text.rfind(". ", 0, i)
    start = 0 if start < 0 else start + 2
    end = article.text.find(". ", i + len(needle))
    end = len(article.text) if end < 0 else end + 1
    return Evidence(article.id, start, end, article.text[start:end])


def articles(text_a: str = TEXT_A, text_b: str = TEXT_B) -> tuple[Article, Article]:
    a = Article(
        id=Article.make_id(text_a),
        text=text_a,
        title="Aliyev meets Li Qiang",
        published="2025-04-23",
        publisher="Caspian Wire",
        url="https://example.org/news/aliyev-li",
    )
    b = Article(
        id=Article.make_id(text_b),
        text=text_b,
        title="Talks in Beijing",
        published="2025-04-24",
        publisher="Silk Road Daily",
        url="https://example.com/beijing-talks",
    )
    return a, b


def sample_meeting(
    text_a: str = TEXT_A, text_b: str = TEXT_B, extra_participant: Participant | None = None
) -> Meeting:
    a, b = articles(text_a, text_b)
    participants = [
        Participant("Ilham Aliyev", "President", "AZE", [ev(a, "Ilham Aliyev"), ev(b, "Ilham")]),
        Participant(
            "Li Qiang",
            "Premier of the State Council",
            "CHN",
            [ev(a, "Li Qiang"), ev(b, "Li Qiang")],
        ),
    ]
    if extra_participant is not None:
        participants.append(extra_participant)
    return Meeting(
        id="2025-04-23-aze-chn",
        meeting_type="meeting",
        date="2025-04-23",
        location=Location("Beijing", "CHN", [ev(a, "in Beijing")]),
        countries=["AZE", "CHN"],
        participants=participants,
        topics=[
            TopicHit(
                "transport_logistics",
                [ev(a, "Middle Corridor"), ev(b, "Corridor")],
                ["Middle Corridor"],
            ),
            TopicHit("trade", [ev(a, "trade turnover"), ev(b, "Trade turnover")], ["trade"]),
            TopicHit("energy", [ev(a, "renewable energy")], ["renewable energy"]),
            TopicHit("tourism_visa", [ev(b, "visa waiver")], ["visa waiver"]),
        ],
        figures=[
            Figure(
                "trade_turnover",
                3.7e9,
                20.0,
                "2024",
                period_expr="last year",
                evidence=[ev(a, "$3.7 billion"), ev(b, "$3.7 billion")],
            ),
            Figure(
                "trade_turnover",
                None,
                40.0,
                "2025-01/2025-03",
                approximate=True,
                period_expr="first quarter of this year",
                evidence=[ev(a, "almost 40")],
            ),
            Figure(
                "trade_turnover",
                3.7e9 / 1.2,
                None,
                "2023",
                derived=True,
                derived_from="2024 value divided by 1.20 (growth of 20%)",
                evidence=[ev(a, "$3.7 billion")],
            ),
        ],
        agreements=[
            Agreement(
                "Joint Statement on the establishment of a comprehensive strategic partnership",
                "signed",
                "2025-04-23",
                "today",
                [ev(a, "Joint Statement")],
            ),
            Agreement(
                "Joint Declaration on strategic partnership",
                "referenced",
                "2024-07",
                "last July",
                [ev(b, "last July")],
            ),
            Agreement(
                "reciprocal visa waiver agreement", "proposed", None, None, [ev(b, "visa waiver")]
            ),
        ],
        relationship=Relationship(
            "comprehensive strategic partnership",
            "strategic partnership",
            "2025-04-23",
            None,
            [ev(a, "Joint Statement"), ev(b, "upgraded")],
        ),
        articles=[a, b],
        conflicts=[
            Conflict(
                "weekday",
                "The reports name different weekdays for the meeting.",
                {a.id: "Wednesday", b.id: "Tuesday"},
            )
        ],
    )


def charted_meeting() -> Meeting:
    """The sample meeting with a second trade value read from the reports (2022), so its
    trade chart is drawn: one value alone is a sentence, said by the table."""
    meeting = sample_meeting()
    a = meeting.articles[0]
    meeting.figures.append(
        Figure("trade_turnover", 2.9e9, None, "2022", evidence=[ev(a, "$3.7 billion")])
    )
    return meeting
