"""Property-based tests (issue 7): the extractor, the merge stage and the renderer never
raise on arbitrary text and unicode, and ids stay stable.

Texts are drawn from two sources: any unicode at all, and "newsy" texts stitched from
fragments a meeting report is made of (leaders, titles, countries, dates, relative
periods, amounts, percents, agreements), so the deeper code paths see odd combinations
(year 9999, a -100 % change, a date on 29 February, two capitals in one dateline...).
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.config import Config
from briefing.extract import extract
from briefing.ingest.article import clean_text
from briefing.merge import merge
from briefing.model import Article, Extraction, Meeting

SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
ID_RE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|undated)-[a-z]{3}-[a-z]{3}(?:-[0-9a-f]+)?$")

FRAGMENTS = [
    "ANKARA, March 3 (Wire) --",
    "BAKU, 29 February --",
    "Beijing, December 31, 9999.",
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Premier of the State Council",
    "Ada Demir",
    "Nikos Pappas",
    "Li Wei",
    "Ilham",
    "met",
    "held talks with",
    "spoke by phone",
    "in a video call",
    "in Ankara",
    "in Athens",
    "on Monday",
    "on Tuesday",
    "today",
    "yesterday",
    "last year",
    "next year",
    "last July",
    "this month",
    "in 0001",
    "in 2024",
    "on 1 January 0001",
    "in the first quarter of 2025",
    "Türkiye",
    "Greece",
    "China",
    "Azerbaijan",
    "the United States",
    "the two countries",
    "bilateral trade",
    "trade turnover",
    "exports",
    "imports",
    "investment",
    "grew by",
    "fell by",
    "reached",
    "$3.7 billion",
    "$0",
    "1,000,000,000,000 percent",
    "-100 percent",
    "100%",
    "20 percent",
    "almost 40 percent",
    "US$ 999 trillion",
    "signed",
    "a memorandum of understanding",
    "a Joint Statement on the comprehensive strategic partnership",
    "agreed to upgrade",
    "strategic partnership",
    "since",
    "visa",
    "energy",
    "Middle Corridor",
    ".",
    ",",
    "\n\n",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "\u202e",
    "\x00",
    "ÿ",
    "Ω",
    "東京",
    "—",
]
newsy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map(
    " ".join
)
any_text = st.text(max_size=400)
published = st.one_of(
    st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)).map(str)
)


def _article(text: str, pub: str | None = None, title: str | None = None) -> Article:
    return Article(
        id=Article.make_id(text),
        text=text,
        title=title,
        published=pub,
        publisher="Wire",
        url="https://example.org/a",
        path="fuzz.txt",
    )


def _check(ex: Extraction) -> None:
    assert isinstance(ex, Extraction)
    if ex.is_bilateral_meeting:
        assert len(ex.countries) == 2 and ex.countries[0] != ex.countries[1]
    else:
        assert ex.reason
    for span in (
        *(e for f in ex.figures for e in f.evidence),
        *(e for p in ex.participants for e in p.evidence),
    ):
        assert 0 <= span.start <= span.end <= len(ex.article.text)
        assert ex.article.text[span.start : span.end] == span.text
    ex.to_dict()  # serialisable


@SETTINGS
@given(text=any_text, pub=published)
def test_extract_never_raises_on_any_unicode(text: str, pub: str | None) -> None:
    _check(extract(_article(text, pub)))


@SETTINGS
@given(text=newsy, pub=published)
def test_extract_and_merge_never_raise_on_newsy_text(text: str, pub: str | None) -> None:
    ex = extract(_article(text, pub))
    _check(ex)
    for meeting in merge([ex]):
        assert ID_RE.match(meeting.id), meeting.id
        assert len(meeting.countries) == 2


@SETTINGS
@given(text=newsy, pub=published)
def test_extraction_is_deterministic(text: str, pub: str | None) -> None:
    assert extract(_article(text, pub)).to_dict() == extract(_article(text, pub)).to_dict()


@SETTINGS
@given(text=any_text, spaces=st.lists(st.sampled_from([" ", "\n", "\t", "  "]), min_size=1))
def test_article_ids_depend_on_content_only(text: str, spaces: list[str]) -> None:
    words = text.split()
    a = Article.make_id(" ".join(words))
    b = Article.make_id(spaces[0] + spaces[-1].join(words) + spaces[0])
    assert a == b and re.fullmatch(r"a[0-9a-f]{12}", a)


LEAD = (
    "{city}, {month} {day} (Wire) -- Turkish President Ada Demir met Greek Prime "
    "Minister Nikos Pappas in {city} on Monday. {extra}"
)


@SETTINGS
@given(
    extra=newsy,
    order=st.permutations(range(3)),
    day=st.integers(1, 28),
    month=st.sampled_from(["March", "June", "October"]),
)
def test_meeting_ids_do_not_depend_on_input_order(
    extra: str, order: list[int], day: int, month: str
) -> None:
    texts = [
        LEAD.format(city=c, month=month, day=day, extra=extra)
        for c in ("ANKARA", "ATHENS", "ISTANBUL")
    ]
    exs = [extract(_article(t, "2024-06-10")) for t in texts]
    first = sorted(m.id for m in merge(exs))
    again = sorted(m.id for m in merge([exs[i] for i in order]))
    assert first == again
    assert all(ID_RE.match(i) for i in first)


def _meetings(text: str, title: str, pub: str | None) -> list[Meeting]:
    return merge([extract(_article(clean_text(text), pub, title))])


@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(extra=newsy, title=any_text, pub=published)
def test_render_html_never_raises_and_escapes(extra: str, title: str, pub: str | None) -> None:
    from briefing.render import render_html

    text = LEAD.format(city="ANKARA", month="March", day=3, extra=extra)
    meetings = _meetings(text, title, pub)
    assume(meetings)  # a second dateline or cue in ``extra`` may change the reading
    for meeting in meetings:
        html = render_html(meeting, config=Config())
        assert "<script" not in html and "\u202e" not in html and "\x00" not in html


@settings(
    max_examples=4, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(extra=newsy, title=any_text)
def test_render_pdf_never_raises(extra: str, title: str) -> None:
    from briefing.render import render_html, render_pdf

    text = LEAD.format(city="ATHENS", month="June", day=9, extra=extra)
    for meeting in _meetings(text, title, "2024-06-10"):
        pdf = render_pdf(render_html(meeting, config=Config()), config=Config())
        assert pdf.startswith(b"%PDF")


ISO3 = ["AZE", "CHN", "TUR", "GRC", "FRA", "DEU", "USA", "RUS", "XKX", "ZZZ"]
iso_date = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str)
number = st.one_of(
    st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    """A Meeting with arbitrary content in every field the templates show."""
    from briefing.model import (
        Agreement,
        Evidence,
        Figure,
        Location,
        Participant,
        Relationship,
        TopicHit,
    )

    text = draw(st.text(min_size=1, max_size=200))
    art = _article(text, draw(st.one_of(st.none(), iso_date)), draw(any_text))
    ev = [Evidence(art.id, 0, len(text), text)]
    pair = sorted(draw(st.lists(st.sampled_from(ISO3), min_size=2, max_size=2, unique=True)))
    words = st.text(max_size=60)
    return Meeting(
        id=f"2025-01-01-{pair[0].lower()}-{pair[1].lower()}",
        meeting_type=draw(st.sampled_from([None, "meeting", "phone_call", "video_call"])),
        date=draw(st.one_of(st.none(), iso_date)),
        location=Location(draw(words), draw(st.sampled_from([None, *ISO3])), ev),
        countries=pair,
        participants=[
            Participant(draw(words), draw(words), draw(st.sampled_from(ISO3)), ev)
            for _ in range(draw(st.integers(0, 3)))
        ],
        topics=[
            TopicHit(t, ev, [draw(words)])
            for t in draw(
                st.lists(
                    st.sampled_from(["trade", "energy", "transport", "nonsense"]),
                    unique=True,
                    max_size=3,
                )
            )
        ],
        figures=[
            Figure(
                draw(
                    st.sampled_from(["trade_turnover", "exports", "imports", "investment", "other"])
                ),
                draw(number),
                draw(number),
                draw(
                    st.one_of(
                        st.none(),
                        st.sampled_from(["2024", "0001", "9999", "2025-01/2025-03", "garbage"]),
                    )
                ),
                draw(st.booleans()),
                draw(st.one_of(st.none(), words)),
                derived=draw(st.booleans()),
                evidence=ev,
            )
            for _ in range(draw(st.integers(0, 4)))
        ],
        agreements=[
            Agreement(
                draw(words),
                draw(st.sampled_from(["signed", "proposed"])),
                draw(st.one_of(st.none(), iso_date)),
                draw(words),
                ev,
            )
        ],
        relationship=Relationship(
            draw(words), draw(words), draw(st.one_of(st.none(), iso_date)), None, ev
        ),
        articles=[art],
    )


@settings(
    max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(meeting=meetings())
def test_render_html_never_raises_on_arbitrary_meetings(meeting: Meeting) -> None:
    from briefing.render import render_html

    html = render_html(meeting, config=Config())
    assert "<script" not in html and "\u202e" not in html
