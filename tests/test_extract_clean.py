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


@pytest.mark.parametrize(
    "line",
    [
        "Share: Facebook X WhatsApp Telegram",
        "Facebook Twitter LinkedIn Email",
        "Photo: Government press office",
        "Get our app on Google Play and the App Store.",
        "What do you think about this?",
        "Be the first to comment",
        "Comments (3)",
        "© 2024 Example Baltic News. All rights reserved.",
        "Views: 2,411",
        "1,204 views",
        "Home",
        "Politics",
        "Skip to main content",
        "Back to top",
        "Follow us on Telegram",
        "We use cookies to give you the best experience. Accept all cookies",
        "Is this page useful? Yes No",
        "Related articles",
        "Most read",
        "Tags: energy, Baltic",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Editor: Li Na",
        "Enditem",
        "###",
        "(Xinhua/Peter Kamau)",
        "[Photo] [Photo]",
    ],
)
def test_site_chrome_is_flagged(line):
    paras = clean.paragraphs(line)
    assert paras and paras[0].boilerplate, line


@pytest.mark.parametrize(
    "line",
    [
        "Estonian Prime Minister Kaja Tamm held talks with Latvian President Andris Ozols.",
        "Search teams found the missing fishermen, the ministers were told.",
        "Kenyan President Amani Otieno holds talks with Ugandan President Joseph Okello in "
        "Nairobi, Kenya, March 4, 2024. (Xinhua/Peter Kamau)",
    ],
)
def test_story_lines_are_not_chrome(line):
    assert not clean.paragraphs(line)[0].boilerplate


def test_date_marker_is_stripped_and_read():
    assert clean.date_marker(PAGE) == "2024-05-09"
    first = clean.paragraphs(PAGE)[0]
    assert first.text.startswith("We use cookies")
    assert PAGE[first.start : first.end] == first.text


def test_a_date_marker_below_a_navigation_strip_is_read_and_stripped():
    page = "Home | World | Politics\n date 2024-05-09 Estonian President Mart Kask met ...\n"
    assert clean.date_marker(page) == "2024-05-09"
    texts = [p.text for p in clean.paragraphs(page)]
    assert texts[-1] == "Estonian President Mart Kask met ..."
    # a date written further down the story is no marker
    assert clean.date_marker("x\n" * 300 + "date 2024-05-09 ...") is None


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
        "Talks with President of Laos",
        "March 12, 2024, 15:10",
        "The Kremlin, Moscow",
    ]


def test_hard_wrapped_mail_copy_is_joined():
    text = (
        "LIMA, Aug. 9 (Xinhua) -- Peruvian President Rosa Quispe and visiting\n"
        "Bolivian leader Evo Mamani held talks on lithium, gas and a railway\n"
        "to the Pacific coast here Tuesday, officials of both governments said.\n\n"
        "Quispe said the two countries would open a new border crossing at\n"
        "Desaguadero next year to speed up trade between their economies.\n"
    )
    paras = clean.paragraphs(text)
    assert len(paras) == 2
    assert "visiting\nBolivian leader" in paras[0].text
    ex = _extract(text, "2011-08-10")
    assert sorted((p.name, p.country) for p in ex.participants) == [
        ("Evo Mamani", "BOL"),
        ("Rosa Quispe", "PER"),
    ]
    assert ex.date == "2011-08-09"
    assert (ex.location.city, ex.location.country) == ("Lima", "PER")


@pytest.mark.parametrize(
    "tail",
    ["... Read the full story", "… Continue reading", "... Read full article", "... read more"],
)
def test_truncated_aggregator_story_still_counts_when_alone(tail):
    text = (
        "Thai Prime Minister Somchai Boonmee received visiting Korean Foreign Minister "
        "Park Min-jun on Sunday to discuss trade and investment " + tail
    )
    paras = clean.paragraphs(text)
    assert paras[0].truncated and paras[0].text.endswith("investment")
    ex = _extract(text, "2021-09-12")
    assert ex.is_bilateral_meeting
    assert ex.date == "2021-09-12"


LISTED = (
    "Tallinn, 14 May 2024 - Estonian President Mart Kask held talks with Finnish President "
    "Aino Virtanen in Tallinn on Tuesday.\n\n"
    "Trade grew last year, officials said.\n\n"
    "The following documents were signed:\n"
    "{items}\n\n"
    "Regional security and climate issues were also on the agenda.\n\n"
    "Also in the news:\n"
    "- Storms flooded parts of northern Italy overnight, officials said.\n"
    "- Peru's president visited Estonia in March, meeting the Estonian president.\n"
)


@pytest.mark.parametrize(
    "items",
    [
        "- Memorandum of understanding on cooperation in digital services;\n"
        "- Agreement on cooperation in the field of education;\n"
        "- Programme of cultural exchanges for 2024-2026.",
        "• Memorandum of understanding on cooperation in digital services;\n"
        "• Agreement on cooperation in the field of education;\n"
        "• Programme of cultural exchanges for 2024-2026.",
        "1. Memorandum of understanding on cooperation in digital services;\n"
        "2. Agreement on cooperation in the field of education;\n"
        "3. Programme of cultural exchanges for 2024-2026.",
        "Memorandum of understanding on cooperation in digital services;\n"
        "Agreement on cooperation in the field of education;\n"
        "Programme of cultural exchanges for 2024-2026.",
    ],
)
def test_list_after_a_colon_stays_with_the_story(items):
    text = LISTED.format(items=items)
    ex = _extract(text, "2024-05-14")
    kept = "\n".join(text[a:b] for a, b in ex.story_spans)
    assert "Programme of cultural exchanges" in kept
    assert "also on the agenda" in kept  # the closing paragraph after the list
    assert "Storms" not in kept and "Peru" not in kept and "Also in the news" not in kept
    names = " | ".join(a.name for a in ex.agreements).lower()
    assert "digital services" in names and "education" in names and "cultural" in names


def test_list_items_are_not_joined_as_wrapped_prose():
    text = (
        "The following documents were signed:\n"
        "* Joint Declaration on the Establishment of a Strategic Partnership;\n"
        "* Agreement on international road transport;\n"
        "* Memorandum of understanding on cooperation in the field of geology;\n"
        "* Roadmap for trade and economic cooperation for 2025-2027.\n"
    )
    assert len(clean.paragraphs(text)) == 5


def test_teaser_list_under_a_heading_is_not_the_story():
    text = (
        "Estonian President Mart Kask held talks with Finnish President Aino Virtanen "
        "in Tallinn on Tuesday.\n\n"
        "Trade grew last year, officials said.\n\n"
        "More from Europe:\n"
        "- Storms flooded parts of northern Italy overnight.\n"
        "- Peru's president visited Estonia in March.\n"
    )
    ex = _extract(text, "2024-05-14")
    kept = "\n".join(text[a:b] for a, b in ex.story_spans)
    assert "Storms" not in kept and "Peru" not in kept


@pytest.mark.parametrize("where", ["after", "within"])
def test_related_stories_are_no_evidence_for_the_meeting(where):
    """Headlines of other stories under "Related stories" name other states and other
    meetings: neither may become a side, whether the list ends the page or interrupts
    the story."""
    story = [
        "Estonian President Mart Kask held talks with Finnish President Aino Virtanen "
        "in Tallinn on Tuesday.",
        "The two presidents discussed electricity links and the ferry line.",
        "Virtanen said Finland would open a consulate in Tartu next year.",
    ]
    teasers = (
        "Related stories\n"
        "Brazil and Argentina sign energy deal as Lula visits Buenos Aires\n"
        "Canadian prime minister holds talks with Mexican president on tariffs\n"
        "Read more"
    )
    parts = [*story, teasers] if where == "after" else [story[0], teasers, *story[1:]]
    text = "\n\n".join(parts) + "\n"
    ex = _extract(text, "2024-05-14")
    assert ex.is_bilateral_meeting and ex.countries == ["EST", "FIN"]
    assert sorted(p.name for p in ex.participants) == ["Aino Virtanen", "Mart Kask"]
    listed = [p for p in clean.paragraphs(text) if "Brazil" in p.text or "Canadian" in p.text]
    assert listed and all(p.boilerplate for p in listed)


def test_a_list_of_stories_above_the_story_keeps_the_story_headline():
    """Above the story a "Trending" list runs straight into the story's own headline,
    which looks like one more teaser: there only the label is chrome."""
    text = (
        "Trending\n"
        "Storms flood parts of northern Italy\n"
        "Estonia and Finland discuss ferry line\n\n"
        "Estonian President Mart Kask held talks with Finnish President Aino Virtanen "
        "in Tallinn on Tuesday.\n"
    )
    flagged = [p.text for p in clean.paragraphs(text) if p.boilerplate]
    assert flagged == ["Trending"]


@pytest.mark.parametrize(
    "closing",
    [
        "Regional security and climate issues were also on the agenda.",
        "Rail links were also discussed.",
        "A treaty on double taxation is to be signed at the next meeting of the "
        "intergovernmental commission.",
        "In conclusion, a programme on youth exchanges was approved.",
    ],
)
def test_closing_paragraph_without_names_is_kept(closing):
    text = (
        "Kenyan President Amani Otieno held talks with Ugandan President Joseph Okello "
        "in Nairobi on Monday.\n\n"
        "Trade grew by a fifth last year, officials said.\n\n"
        f"{closing}\n\n"
        "Storms flooded parts of northern Italy overnight, officials said.\n\n"
        "A wildfire closed a motorway in southern Spain on Sunday.\n"
    )
    ex = _extract(text, "2024-03-04")
    kept = "\n".join(text[a:b] for a, b in ex.story_spans)
    assert closing in kept
    assert "Storms" not in kept and "wildfire" not in kept


def test_reviewing_ties_together_is_a_meeting():
    text = (
        "Lima, 6 Mar 2024 - Peruvian President Rosa Quispe and Chilean President Pedro "
        "Rojas on Wednesday reviewed economic ties, with Santiago announcing a new credit "
        "line for Peruvian ports.\n\n"
        "The two leaders also discussed lithium mining.\n"
    )
    ex = _extract(text, "2024-03-06")
    assert ex.is_bilateral_meeting
    assert ex.meeting_type == "meeting"
    assert ex.countries == ["CHL", "PER"]
    assert sorted(p.name for p in ex.participants) == ["Pedro Rojas", "Rosa Quispe"]


@pytest.mark.parametrize(
    "text",
    [
        "Peru and Chile reviewed trade relations in 2023, with exports of copper up 12 percent, "
        "the statistics office said.",
        "Chilean President Pedro Rojas told reporters that Chile had reviewed its relations "
        "with Peru after the election.",
    ],
)
def test_reviewing_data_or_remarks_are_no_meeting(text):
    ex = _extract(text, "2024-03-06")
    assert not ex.is_bilateral_meeting
    assert "statistics" in ex.reason or "reporters" in ex.reason
