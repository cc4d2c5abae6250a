"""Noise removal: paragraphs, boilerplate, hard-wrapped mail copies, and the story's
extent (teasers before and after it never join it)."""

from __future__ import annotations

from briefing.extract import clean, extract
from briefing.model import Article

PAGE = (
    " date 2024-05-09 Prime Minister meets investors in Singapore\n"
    "Prime Minister Anna Varga met investors from Singapore on 2 May...\n"
    "Hungarian Prime Minister Anna Varga held talks with Polish President Jan Nowicki in "
    "Warsaw on Thursday.\n"
    "The sides discussed energy security and rail links.\n"
    "Nowicki said Poland and Hungary would sign a transport agreement.\n"
    "A heatwave hit southern Spain on Wednesday, forecasters said.\n"
    "Chile's president visited Hungary in March, meeting the Hungarian president.\n"
    "Photo: Government press office\n"
    "You can download our application from Google Play and the App Store.\n"
    "What is your opinion on this topic?\n"
    "Leave the first comment\n"
    "© 2024 Example News. All rights reserved.\n"
    "Views: 1532\n"
)


def _extract(text: str, published: str | None = None, title: str | None = None):
    return extract(Article(Article.make_id(text), text, title, published))


def test_boilerplate_lines_are_flagged():
    paras = clean.paragraphs(PAGE)
    flagged = {p.text for p in paras if p.boilerplate}
    assert "Leave the first comment" in flagged
    assert "What is your opinion on this topic?" in flagged
    assert "Views: 1532" in flagged
    assert "Photo: Government press office" in flagged
    assert any(t.startswith("©") for t in flagged)
    assert any("download our application" in t for t in flagged)
    assert not any("Warsaw" in t for t in flagged)


def test_date_marker_is_stripped_and_read():
    assert clean.date_marker(PAGE) == "2024-05-09"
    first = clean.paragraphs(PAGE)[0]
    assert first.text.startswith("Prime Minister meets")
    assert PAGE[first.start:first.end] == first.text


def test_story_skips_headline_teaser_and_trailing_teasers():
    ex = _extract(PAGE)
    kept = [PAGE[a:b] for a, b in ex.story_spans]
    assert kept[0].startswith("Hungarian Prime Minister Anna Varga held talks")
    assert any("Nowicki said" in k for k in kept)
    assert not any("Singapore" in k or "heatwave" in k or "Chile" in k for k in kept)
    assert ex.date == "2024-05-09"  # Thursday before the page's marker; not "2 May"
    assert (ex.location.city, ex.location.country) == ("Warsaw", "POL")
    assert ex.countries == ["HUN", "POL"]


def test_hard_wrapped_mail_copy_is_joined():
    text = ("BUENOS AIRES, Aug. 2 (Xinhua) -- Chilean President Rosa Fuentes\n"
            "and visiting Peruvian leader Mario Quispe held talks on trade and\n"
            "mining here Tuesday.\n\n"
            "Fuentes said the two countries would open a new border crossing\n"
            "next year to boost trade.\n")
    paras = clean.paragraphs(text)
    assert len(paras) == 2
    assert "Fuentes\nand visiting" in paras[0].text
    ex = _extract(text, "2011-08-03")
    assert sorted((p.name, p.country) for p in ex.participants) == [
        ("Mario Quispe", "PER"), ("Rosa Fuentes", "CHL")]
    assert ex.date == "2011-08-02"
    assert (ex.location.city, ex.location.country) == ("Buenos Aires", "ARG")


def test_truncated_aggregator_story_still_counts_when_alone():
    text = ("Vietnamese President Tran Van Minh received visiting Korean Foreign Minister "
            "Kim Ji-ho on Sunday to discuss trade and investment between the two "
            "countries... Read full this story")
    paras = clean.paragraphs(text)
    assert paras[0].truncated and not paras[0].text.endswith("story")
    ex = _extract(text, "2021-09-12")
    assert ex.is_bilateral_meeting
    assert ex.date == "2021-09-12"
