"""Noise removal: paragraphs, site chrome, hard-wrapped mail copies, and the story's extent
(teasers before and after it never join it). All pages are invented."""

from __future__ import annotations

import pytest

from briefing.extract import clean, extract
from briefing.model import Article

PAGE = (
    " date 2024-05-09 We use cookies to give you the best experience. Accept all cookies\n"
    "Home\n"
    "Politics\n"
    "Prime Minister opens tech park in Tartu\n"
    "Prime Minister Kaja Tamm toured a science park in Tartu on 2 May...\n"
    "Estonian Prime Minister Kaja Tamm held talks with Latvian President Andris Ozols in "
    "Riga on Thursday.\n"
    "The two leaders discussed electricity interconnectors and the Rail Baltica line.\n"
    "Ozols said Latvia and Estonia would coordinate their air defence purchases.\n"
    "Storms flooded parts of northern Italy overnight, officials said.\n"
    "Peru's president visited Estonia in March, meeting the Estonian president.\n"
    "Share: Facebook X WhatsApp Telegram\n"
    "Photo: Government press office\n"
    "Get our app on Google Play and the App Store.\n"
    "What do you think about this?\n"
    "Be the first to comment\n"
    "© 2024 Example Baltic News. All rights reserved.\n"
    "Views: 2,411\n"
)


def _extract(text: str, published: str | None = None, title: str | None = None):
    return extract(Article(Article.make_id(text), text, title, published))


@pytest.mark.parametrize("line", [
    "Share: Facebook X WhatsApp Telegram", "Facebook Twitter LinkedIn Email",
    "Photo: Government press office", "Get our app on Google Play and the App Store.",
    "What do you think about this?", "Be the first to comment", "Comments (3)",
    "© 2024 Example Baltic News. All rights reserved.", "Views: 2,411", "1,204 views",
    "Home", "Politics", "Skip to main content", "Back to top", "Follow us on Telegram",
    "We use cookies to give you the best experience. Accept all cookies",
    "Is this page useful? Yes No", "Related articles", "Most read", "Tags: energy, Baltic",
    "(Reporting by Jane Doe; Editing by John Roe)", "Editor: Li Na", "Enditem", "###",
    "(Xinhua/Peter Kamau)", "[Photo] [Photo]",
])
def test_site_chrome_is_flagged(line):
    paras = clean.paragraphs(line)
    assert paras and paras[0].boilerplate, line


@pytest.mark.parametrize("line", [
    "Estonian Prime Minister Kaja Tamm held talks with Latvian President Andris Ozols.",
    "Search teams found the missing fishermen, the ministers were told.",
    "Kenyan President Amani Otieno holds talks with Ugandan President Joseph Okello in "
    "Nairobi, Kenya, March 4, 2024. (Xinhua/Peter Kamau)",
])
def test_story_lines_are_not_chrome(line):
    assert not clean.paragraphs(line)[0].boilerplate


def test_date_marker_is_stripped_and_read():
    assert clean.date_marker(PAGE) == "2024-05-09"
    first = clean.paragraphs(PAGE)[0]
    assert first.text.startswith("We use cookies")
    assert PAGE[first.start:first.end] == first.text


def test_story_skips_banner_navigation_teasers_and_trailing_stories():
    ex = _extract(PAGE)
    kept = [PAGE[a:b] for a, b in ex.story_spans]
    assert kept[0].startswith("Estonian Prime Minister Kaja Tamm held talks")
    assert any("Ozols said" in k for k in kept)
    assert not any("Tartu" in k or "Storms" in k or "Peru" in k for k in kept)
    assert ex.date == "2024-05-09"  # the Thursday of the page's marker; not "2 May"
    assert (ex.location.city, ex.location.country) == ("Riga", "LVA")
    assert ex.countries == ["EST", "LVA"]


def test_short_header_lines_are_not_joined_as_wrapped_prose():
    text = "Talks with President of Laos\nMarch 12, 2024, 15:10\nThe Kremlin, Moscow\n"
    assert [p.text for p in clean.paragraphs(text)] == [
        "Talks with President of Laos", "March 12, 2024, 15:10", "The Kremlin, Moscow"]


def test_hard_wrapped_mail_copy_is_joined():
    text = ("LIMA, Aug. 9 (Xinhua) -- Peruvian President Rosa Quispe and visiting\n"
            "Bolivian leader Evo Mamani held talks on lithium, gas and a railway\n"
            "to the Pacific coast here Tuesday, officials of both governments said.\n\n"
            "Quispe said the two countries would open a new border crossing at\n"
            "Desaguadero next year to speed up trade between their economies.\n")
    paras = clean.paragraphs(text)
    assert len(paras) == 2
    assert "visiting\nBolivian leader" in paras[0].text
    ex = _extract(text, "2011-08-10")
    assert sorted((p.name, p.country) for p in ex.participants) == [
        ("Evo Mamani", "BOL"), ("Rosa Quispe", "PER")]
    assert ex.date == "2011-08-09"
    assert (ex.location.city, ex.location.country) == ("Lima", "PER")


@pytest.mark.parametrize("tail", ["... Read the full story", "… Continue reading",
                                  "... Read full article", "... read more"])
def test_truncated_aggregator_story_still_counts_when_alone(tail):
    text = ("Thai Prime Minister Somchai Boonmee received visiting Korean Foreign Minister "
            "Park Min-jun on Sunday to discuss trade and investment " + tail)
    paras = clean.paragraphs(text)
    assert paras[0].truncated and paras[0].text.endswith("investment")
    ex = _extract(text, "2021-09-12")
    assert ex.is_bilateral_meeting
    assert ex.date == "2021-09-12"
