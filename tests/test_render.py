"""HTML and PDF rendering: content, metadata, customisation, safety, reproducibility."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from _render_sample import TEXT_A, TEXT_B, charted_meeting, ev, sample_meeting
from pypdf import PdfReader

from briefing.config import Config, ReportConfig, load_config
from briefing.errors import ConfigError, TemplateError
from briefing.model import Figure, Participant
from briefing.render import render_html, render_pdf
from briefing.render.pdf import safe_fetcher

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "{{ 7*7 }} <script>alert(1)</script> <img src=file:///etc/passwd>"


@pytest.fixture(scope="module")
def html() -> str:
    """Built without SOURCE_DATE_EPOCH (conftest sets one), so dates come from the sources."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        return render_html(sample_meeting(), config=Config())


@pytest.fixture(scope="module")
def pdf(html: str) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        return render_pdf(html, config=Config())


def _text(pdf_bytes: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)


# ---------- HTML ----------


def test_html_holds_the_note(html: str):
    for needle in (
        "Azerbaijan – China",
        "23 April 2025",
        "Beijing, China",
        "Ilham Aliyev",
        "Premier of the State Council",
        "$3.7 billion",
        "up 20%",
        "grew by about 40% in Jan–Mar 2025",
        "Joint Statement on the establishment",
        "Signed",
        "Proposed",
        "Key points",
        "reciprocal visa waiver agreement</strong>",
        "not yet signed",
        "UNCLASSIFIED",
        "Briefing Desk",
        "2 sources",
        "Sources disagree",
        "Caspian Wire",
        "https://example.com/beijing-talks",
        "derived",
    ):
        assert needle in html, needle
    assert 'href="#src-1"' in html and 'id="src-2"' in html


def test_a_figure_in_another_currency_shows_its_own_symbol():
    m = sample_meeting()
    euros = Figure(
        "investment",
        None,
        None,
        "2024",
        value=2e9,
        currency="EUR",
        evidence=[ev(m.articles[0], "$3.7 billion")],
    )
    rand = Figure(
        "exports",
        None,
        None,
        "2024",
        value=25e9,
        currency="ZAR",
        evidence=[ev(m.articles[0], "$3.7 billion")],
    )
    m.figures = [*m.figures, euros, rand]
    page = render_html(m, config=Config())
    assert "€2 billion" in page and "ZAR 25 billion" in page


def test_html_is_self_contained():
    html = render_html(charted_meeting(), config=Config())  # two trade values: a chart
    assert "<style>" in html and "--accent: #1f3a5f" in html
    assert "<svg" in html and "<link" not in html and "<script" not in html
    assert 'src="http' not in html and "url(http" not in html
    assert 'lang="en-GB"' in html


def test_generation_date_is_deterministic(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = render_html(sample_meeting(), config=Config())
    assert 'name="dcterms.created" content="2025-04-24T00:00:00Z"' in html  # latest source
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    html = render_html(sample_meeting(), config=Config())
    assert 'content="2026-01-01T00:00:00Z"' in html and "1 January 2026" in html
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        render_html(sample_meeting(), config=Config())


def test_previous_meetings_only_when_given(html: str):
    assert "Previous meetings" not in html
    extra = {
        "previous_meetings": [
            {
                "id": "2024-07-03-aze-chn",
                "date": "3 July 2024",
                "place": "Astana",
                "participants": "A; B",
                "href": "2024-07-03-aze-chn.html",
            },
            {"id": "2023-05-01-aze-chn", "date": "2023-05-01"},
        ],
        "history_charts": {"trade": '<svg class="chart"><title>t</title></svg>'},
    }
    out = render_html(sample_meeting(), config=Config(), extra=extra)
    assert "Previous meetings" in out and 'href="2024-07-03-aze-chn.html"' in out
    assert "1 May 2023" in out  # ISO date worded; missing keys are tolerated
    assert "Annual trade turnover reported across meetings" in out  # caption from labels
    assert '<svg class="chart"><title>t</title></svg>' in out
    with pytest.raises(ConfigError, match="not a chart"):
        render_html(
            sample_meeting(),
            config=Config(),
            extra={"history_charts": {"x": "<svg onload=alert(1)></svg>"}},
        )


def test_locale_and_page_size_from_config():
    cfg = Config(report=ReportConfig(locale="de_DE", page_size="Letter", accent_color="teal"))
    out = render_html(sample_meeting(), config=cfg)
    assert "23. April 2025" in out and "$3,7 Milliarden" in out
    assert "size: letter" in out and "--accent: teal" in out and 'lang="de-DE"' in out


@pytest.mark.parametrize(
    "report, match",
    [
        (ReportConfig(accent_color="red; } body { display: none"), "accent_color"),
        (ReportConfig(page_size="A3"), "page_size"),
        (ReportConfig(locale="xx_NOPE"), "locale"),
        (ReportConfig(timezone="Mars/Olympus"), "timezone"),
        (ReportConfig(logo="/nonexistent/logo.png"), "logo"),
    ],
)
def test_bad_report_settings_are_config_errors(report, match):
    with pytest.raises(ConfigError, match=match):
        render_html(sample_meeting(), config=Config(report=report))


def test_logo_is_embedded_as_data_uri():
    cfg = load_config(ROOT / "examples" / "custom" / "briefing.toml")
    out = render_html(sample_meeting(), config=cfg)
    assert 'src="data:image/svg+xml;base64,' in out
    assert "Northbridge Institute" in out and "Meeting readout" in out  # custom header block
    assert "April 23, 2025" in out and "size: letter" in out


# ---------- Templates ----------


def test_user_template_overrides_one_block(tmp_path: Path):
    (tmp_path / "briefing.html").write_text(
        '{% extends "base.html" %}{% block header %}<p class="mine">ACME desk</p>{% endblock %}',
        encoding="utf-8",
    )
    (tmp_path / "extra.css").write_text(".mine { color: #123456; }", encoding="utf-8")
    out = render_html(sample_meeting(), config=Config(), templates_dir=tmp_path)
    assert '<p class="mine">ACME desk</p>' in out and "#123456" in out
    assert 'class="kicker"' not in out  # the default header is gone...
    assert "Participants" in out and "Ilham Aliyev" in out  # ...the other blocks are kept


def test_user_template_can_extend_the_default_of_the_same_name(tmp_path: Path):
    (tmp_path / "briefing.html").write_text(
        '{% extends "default:briefing.html" %}'
        "{% block footer %}{{ super() }}<p>Distribution: desk only</p>{% endblock %}",
        encoding="utf-8",
    )
    cfg = Config()
    cfg.build.templates = str(tmp_path)  # from the config instead of the argument
    out = render_html(sample_meeting(), config=cfg)
    assert "Distribution: desk only" in out and "Compiled automatically" in out


def test_user_labels_are_merged_over_the_defaults(tmp_path: Path):
    (tmp_path / "labels.yaml").write_text("topics:\n  trade: Commerce\n", encoding="utf-8")
    out = render_html(sample_meeting(), config=Config(), templates_dir=tmp_path)
    assert "Commerce" in out and "Transport and logistics" in out


def test_template_syntax_error_names_file_and_line(tmp_path: Path):
    (tmp_path / "briefing.html").write_text(
        '{% extends "base.html" %}\n\n{% block header %}{% if %}{% endblock %}', encoding="utf-8"
    )
    with pytest.raises(TemplateError, match=r"briefing\.html:3: template syntax error"):
        render_html(sample_meeting(), config=Config(), templates_dir=tmp_path)


def test_runtime_error_in_a_template_is_a_template_error(tmp_path: Path):
    (tmp_path / "briefing.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}{{ 1 // 0 }}{% endblock %}', encoding="utf-8"
    )
    with pytest.raises(TemplateError, match=r"briefing\.html:2: template error"):
        render_html(sample_meeting(), config=Config(), templates_dir=tmp_path)


def test_unknown_variable_names_file_and_line(tmp_path: Path):
    (tmp_path / "briefing.html").write_text(
        '{% extends "base.html" %}\n{% block key_points %}\n<p>{{ no_such_thing }}</p>\n'
        "{% endblock %}",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match=r"briefing\.html:3: undefined variable.*no_such"):
        render_html(sample_meeting(), config=Config(), templates_dir=tmp_path)


def test_missing_templates_folder_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="templates folder not found"):
        render_html(sample_meeting(), config=Config(), templates_dir=tmp_path / "nope")


def test_stylesheet_cannot_close_the_style_element(tmp_path: Path):
    (tmp_path / "extra.css").write_text("</style><script>x()</script>", encoding="utf-8")
    with pytest.raises(TemplateError, match="</style"):
        render_html(sample_meeting(), config=Config(), templates_dir=tmp_path)


# ---------- Hostile article text ----------


def _hostile_meeting():
    text_a = TEXT_A + " " + HOSTILE + "."
    m = sample_meeting(text_a=text_a)
    a = m.articles[0] = dataclasses.replace(m.articles[0], title=HOSTILE, url="javascript:alert(1)")
    m.topics[0].evidence.insert(0, ev(a, "<script>"))
    m.participants.append(Participant(HOSTILE, "<b>Minister</b>", "AZE", [ev(a, "7*7")]))
    m.conflicts[0].values[a.id] = HOSTILE
    return m


def test_article_text_is_escaped_never_executed():
    out = render_html(_hostile_meeting(), config=Config())
    assert "{{ 7*7 }}" in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<script" not in out and "<img src=file" not in out and "<b>Minister" not in out
    assert ">49<" not in out and 'href="javascript' not in out


def test_pdf_fetches_nothing_from_article_text():
    fetcher = safe_fetcher()
    pdf = render_pdf(
        render_html(_hostile_meeting(), config=Config()), config=Config(), fetcher=fetcher
    )
    assert fetcher.refused == []  # escaped text is text, not an <img>
    assert "{{ 7*7 }}" in _text(pdf)


def test_pdf_fetcher_refuses_files_and_network():
    fetcher = safe_fetcher()
    html = (
        '<html><head><title>t</title><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '</head><body><p>ok</p><img src="file:///etc/passwd">'
        '<img src="https://example.invalid/a.png">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>'
    )
    pdf = render_pdf(html, config=Config(), fetcher=fetcher)
    assert sorted(fetcher.refused) == [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.invalid/a.png",
    ]
    assert pdf.startswith(b"%PDF") and "root:" not in _text(pdf)


# ---------- PDF ----------


def test_pdf_text(pdf: bytes):
    text = _text(pdf)
    for needle in (
        "Azerbaijan – China",
        "Ilham Aliyev",
        "Li Qiang",
        "23 April 2025",
        "$3.7 billion",
        "Caspian Wire",
        "UNCLASSIFIED",
    ):
        assert needle in text, needle
    assert "Page 1 of 2" in text


def test_pdf_metadata_tags_and_outline(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info.title.startswith("Briefing: Azerbaijan – China")
    assert info.author == "Briefing Desk"
    assert info.subject == "Meeting: Azerbaijan – China, 23 April 2025, Beijing, China"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20250424000000Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[0] == "Azerbaijan – China"
    flat = str(reader.outline)
    for heading in ("Key points", "Participants", "Trade and economic figures", "Sources"):
        assert heading in flat
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # PDF/UA-1 identification
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4


def test_pdf_is_byte_identical_across_builds(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    builds = [
        render_pdf(render_html(sample_meeting(), config=Config()), config=Config())
        for _ in range(2)
    ]
    assert builds[0] == builds[1]
    assert PdfReader(io.BytesIO(builds[0])).metadata["/CreationDate"] == "D:20260101000000Z"


def test_letter_page_and_fonts_for_turkish_names():
    cfg = Config(report=ReportConfig(page_size="Letter"))
    m = sample_meeting(
        text_b=TEXT_B, extra_participant=Participant("Recep Tayyip Erdoğan", "President", "TUR", [])
    )
    pdf = render_pdf(render_html(m, config=cfg), config=cfg)
    reader = PdfReader(io.BytesIO(pdf))
    assert (reader.pages[0].mediabox.width, reader.pages[0].mediabox.height) == (612, 792)
    text = _text(pdf)
    assert "Recep Tayyip Erdoğan" in text and "Türkiye" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_pages_are_not_blank(pdf: bytes, tmp_path: Path):
    from PIL import Image

    (tmp_path / "b.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "b.pdf"), str(tmp_path / "pg")],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("pg-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    for page in pages:
        gray = Image.open(page).convert("L")
        dark = sum(gray.histogram()[:200])
        assert dark / (gray.width * gray.height) > 0.02, page.name


def test_sparse_meeting_renders():
    from briefing.model import Location, Meeting, Relationship

    m = Meeting(
        id="undated-fra-ind",
        meeting_type=None,
        date=None,
        location=Location(),
        countries=["FRA", "IND"],
        participants=[],
        topics=[],
        figures=[],
        agreements=[],
        relationship=Relationship(),
        articles=[],
    )
    out = render_html(m, config=Config())
    assert "France – India" in out and "date not reported" in out
    assert "Participants</h2>" not in out and "Trade and economic figures" not in out
    assert _text(render_pdf(out, config=Config())).count("France – India") >= 1
