"""The note's topics read once: every sentence quoted at most once, tagged with the other
topics it supports, cue words marked, never cut before them; ordered by their share of the
reports. Checked on an invented meeting and on every note of the shared corpus."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from _render_sample import sample_meeting

from briefing.config import Config
from briefing.model import Article, Evidence, TopicHit
from briefing.render import render_html
from briefing.render.topics import QUOTE_CHARS, sentence_key
from tests.conftest import SHARED, needs_shared

CORPUS = SHARED / "corpus"


class _Quotes(HTMLParser):
    """The text of each quote of the topics section, and its marked words."""

    def __init__(self) -> None:
        super().__init__()
        self.quotes: list[str] = []
        self.marks: list[list[str]] = []
        self._in_quote = self._in_mark = self._in_sup = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self._in_quote = True
            self.quotes.append("")
            self.marks.append([])
        elif tag == "mark" and self._in_quote:
            self._in_mark = True
            self.marks[-1].append("")
        elif tag in ("sup", "span") and self._in_quote:
            self._in_sup = True  # citations and "also" tags are not the quote

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._in_quote = False
        elif tag == "mark":
            self._in_mark = False
        elif tag in ("sup", "span"):
            self._in_sup = False

    def handle_data(self, data: str) -> None:
        if self._in_quote and not self._in_sup:
            self.quotes[-1] += data
            if self._in_mark:
                self.marks[-1][-1] += data


def quotes_of(page: str) -> _Quotes:
    parser = _Quotes()
    parser.feed(page)
    return parser


def meeting_with_one_sentence_for_three_topics():
    """The sample meeting, its first report saying energy, transport and trade in one
    sentence that three topics cite."""
    m = sample_meeting()
    text = (
        "The ministers also exchanged views on regional security, freight along the "
        "Middle Corridor, grain exports and energy cooperation, including a new gas "
        "pipeline. They agreed to meet again in the autumn."
    )
    article = Article(Article.make_id(text), text, "Talks", "2025-04-25", "Steppe Post")
    end = text.index(".") + 1
    shared = Evidence(article.id, 0, end, text[:end])
    m.articles.append(article)
    for hit in m.topics:
        if hit.topic in ("energy", "transport_logistics"):
            hit.evidence.append(shared)
    m.topics.append(TopicHit("security_defense", [shared], ["security"]))
    m.topics.append(TopicHit("agriculture", [shared], ["grain"]))
    return m, shared.text


def test_a_sentence_several_topics_cite_is_quoted_once_with_their_tags_and_cues():
    m, shared = meeting_with_one_sentence_for_three_topics()
    page = render_html(m, config=Config())
    found = quotes_of(page)
    keys = [sentence_key(q.strip("“”")) for q in found.quotes]
    assert len(keys) == len(set(keys))  # no sentence twice
    assert keys.count(sentence_key(shared)) == 1
    i = keys.index(sentence_key(shared))
    assert {"Middle Corridor", "grain", "security"} <= set(found.marks[i])
    block = page[page.index(shared[:40]) - 400 : page.index(shared[:40]) + 900]
    assert "also " in block and "Agriculture" in block
    # A topic whose sentences were all quoted under an earlier topic points there.
    assert "Its sentences are quoted above, under" in page


def test_topics_are_ordered_by_their_share_of_the_reports():
    m = sample_meeting()
    page = render_html(m, config=Config())
    order = re.findall(r'<div class="topic" id="topic-([a-z_]+)">', page)
    counts = {t.topic: len({sentence_key(e.text) for e in t.evidence}) for t in m.topics}
    assert [counts[t] for t in order] == sorted(counts.values(), reverse=True)
    assert re.search(r"2 sentences · <span", page)


def test_a_long_sentence_is_cut_only_after_its_last_cue_word():
    m = sample_meeting()
    words = " ".join(f"clause{i} of the talks on many matters," for i in range(40))
    text = f"The sides reviewed {words} and finally the new grain corridor."
    article = Article(Article.make_id(text), text, "Long", "2025-04-25", "Steppe Post")
    m.articles.append(article)
    m.topics.append(
        TopicHit("agriculture", [Evidence(article.id, 0, len(text), text)], ["grain corridor"])
    )
    found = quotes_of(render_html(m, config=Config()))
    [quote] = [q for q in found.quotes if "clause0" in q]
    assert len(text) > QUOTE_CHARS and "grain corridor" in quote  # the cue survives the cut
    short = sample_meeting()
    short.articles.append(article)
    short.topics.append(
        TopicHit("agriculture", [Evidence(article.id, 0, len(text), text)], ["sides"])
    )
    [cut] = [q for q in quotes_of(render_html(short, config=Config())).quotes if "clause0" in q]
    assert cut.rstrip("”").endswith("…") and len(cut) < len(text)


@needs_shared(CORPUS)
def test_no_note_of_the_shared_corpus_quotes_a_sentence_twice():
    """Every report of ../shared/corpus, merged and rendered as the build does. Failures
    name the meeting only: the reports' text is not printed."""
    from briefing.pipeline import extract_paths

    result = extract_paths(sorted(CORPUS.rglob("*.json")))
    assert len(result.meetings) > 50
    twice = {}
    for meeting in result.meetings:
        quotes = quotes_of(render_html(meeting, config=Config())).quotes
        counts = Counter(sentence_key(q.strip("“”")) for q in quotes)
        if any(n > 1 for n in counts.values()):
            twice[meeting.id] = sum(n > 1 for n in counts.values())
    assert twice == {}, f"sentences quoted twice in {twice}"


@pytest.mark.parametrize("locale, words", [("de_DE", "23. April 2025"), ("fr_FR", "23 avril 2025")])
def test_conflicts_word_their_dates_in_the_locale(locale: str, words: str):
    from briefing.config import ReportConfig
    from briefing.model import Conflict

    m = sample_meeting()
    a, b = m.articles
    m.conflicts = [
        Conflict(
            "date",
            "Sources give different dates; 2025-04-23 is used.",
            {a.id: "2025-04-23", b.id: "2025-04-22"},
        )
    ]
    page = render_html(m, config=Config(report=ReportConfig(locale=locale)))
    box = page[page.index('class="conflicts"') :]
    box = box[: box.index("</aside>")]
    assert words in box and "2025-04-23" not in box


def test_a_second_quote_that_rewrites_the_first_is_not_printed():
    """Two outlets paraphrasing one wire sentence: the topic quotes it once, and its
    second quote is a sentence that says something else."""
    m = sample_meeting()
    texts = [
        "The sides discussed steel output at the Karaganda plant and new rolling mills.",
        "The sides also discussed steel output at the Karaganda plant and rolling mills.",
        "A joint venture will assemble tractors for export to third markets.",
    ]
    hit = TopicHit("industry", [], ["steel", "tractors"])
    for n, text in enumerate(texts):
        extra = Article(Article.make_id(text), text, "t", f"2025-04-2{n + 5}", f"Outlet {n}")
        m.articles.append(extra)
        hit.evidence.append(Evidence(extra.id, 0, len(text), text))
    m.topics.append(hit)
    page = render_html(m, config=Config())
    assert page.index('id="topic-industry"') < page.index('id="topic-trade"')  # ranked first
    quotes = " ".join(quotes_of(page).quotes)
    assert texts[0] in quotes and texts[2] in quotes and texts[1] not in quotes
