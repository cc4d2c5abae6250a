"""Hostile content (issue 7): markup, template syntax, local and remote URLs, path-like
titles and control characters in reports are neutralised in every output."""

from __future__ import annotations

import html as html_lib
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import ROOT

runner = CliRunner()

# An invented report of a meeting, so a briefing is built from the hostile inputs.
LEAD = (
    "VIENNA, March 4 (Alpine Wire) -- Austrian Chancellor Lena Huber met Czech Prime "
    "Minister Pavel Novak in Vienna on Monday. "
)
BODY = "The two leaders discussed energy security and rail transport. "
ID_RE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|undated)-[a-z]{3}-[a-z]{3}(?:-[0-9a-f]+)?$")
TEMPLATE_PROBES = (
    "{{ 7*7 }}",
    "{% include 'briefing.css' %}",
    "{{ 'zq' * 3 }}",
    "{{ self.__init__.__globals__ }}",
    "${7*7}",
    "{# hidden #}",
)
DANGEROUS = ("\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\x1b", "\x00", "\x07")


class _Counter(http.server.BaseHTTPRequestHandler):
    """Counts every request: a briefing build must never make one."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def _hostile_reports(folder: Path, remote: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    markup = (
        f'<script>alert(1)</script><img src="file:///etc/passwd" onerror="alert(2)">'
        f'<a href="javascript:alert(3)">click</a><iframe src="{remote}/frame"></iframe>'
        f'<img src="file:///dev/urandom"><img src="{remote}/pixel.png">'
        f'<svg onload="alert(4)"></svg><object data="{remote}/obj"></object>'
    )
    (folder / "page.html").write_text(
        f"<html><head><title>Talks in Vienna</title><script>alert(0)</script>"
        f'<link rel="stylesheet" href="{remote}/style.css">'
        f"<style>@import url({remote}/import.css); body {{ background: url({remote}/bg.png) }}"
        f'</style></head><body onload="alert(5)"><article><p>{LEAD}</p>{markup}'
        f'<p>{BODY}</p><p>Officials said <a href="javascript:alert(6)">the deal</a> would '
        f'follow.</p><iframe src="javascript:alert(7)"></iframe></article></body></html>',
        encoding="utf-8",
    )
    text = (
        LEAD
        + BODY
        + "Protesters carried signs reading "
        + " ".join(TEMPLATE_PROBES)
        + ". The statement quoted "
        + markup
        + " in full. "
    )
    (folder / "text.json").write_text(
        json.dumps(
            {
                "title": "<script>alert(8)</script>Talks {{ 7*7 }} {% include 'x' %}",
                "text": text,
                "publisher": '<b onmouseover="alert(9)">Alpine Wire</b>',
                "url": "javascript:alert(10)",
                "published": "2025-03-04",
            }
        ),
        encoding="utf-8",
    )


class _Live(HTMLParser):
    """Collects what a browser would treat as live: elements, event handlers, URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name in ("href", "src", "data", "action", "xlink:href", "formaction") and value:
                self.urls.append(value)


def _live(html: str) -> _Live:
    parser = _Live()
    parser.feed(html)
    return parser


def _assert_inert(html: str) -> None:
    """No live markup from the reports. The index page's one script is the shipped
    index.js, inline, and is taken out before the check."""
    shipped = (ROOT / "templates" / "index.js").read_text(encoding="utf-8")
    html = html.replace(f"<script>\n{shipped}\n</script>", "")
    live = _live(html)
    assert not {"script", "iframe", "object", "embed", "frame", "link", "base"} & set(live.tags)
    assert live.handlers == []
    for url in live.urls:
        # Only in-page anchors, sibling briefing files, the http(s) source links, and
        # inline data (charts, logo).
        assert url.startswith(("#", "https://", "http://example", "data:")) or re.fullmatch(
            r"[\w-]+\.(?:pdf|html)", url
        ), url
    lowered = html.lower()
    for needle in ("javascript:", "file://", "127.0.0.1"):
        for m in re.finditer(re.escape(needle), lowered):
            before = html[max(0, m.start() - 300) : m.start()]
            # Text content only: inside an element's text, never inside a tag.
            assert before.rfind(">") > before.rfind("<"), html[m.start() - 80 : m.start() + 40]


@pytest.fixture
def hostile_build(tmp_path: Path, server: tuple[str, list[str]]) -> tuple[Path, list[str], str]:
    remote, hits = server
    _hostile_reports(tmp_path / "in", remote)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(tmp_path / "in"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, hits, result.output


def test_markup_urls_and_template_syntax_are_inert_in_the_outputs(
    hostile_build: tuple[Path, list[str], str],
) -> None:
    out, hits, _ = hostile_build
    pages = sorted(out.glob("*.html"))
    assert [p for p in pages if p.name != "index.html"], "no briefing was built"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        _assert_inert(html)
        assert "zqzqzq" not in html and "__globals__" not in html.replace(
            "self.__init__.__globals__", ""
        )
    briefing = next(p for p in pages if p.name != "index.html").read_text(encoding="utf-8")
    # The title is shown as text: markup escaped, template syntax literal.
    title = "<script>alert(8)</script>Talks {{ 7*7 }} {% include 'x' %}"
    assert title in html_lib.unescape(briefing), "title not shown literally"
    assert "<script>alert(8)" not in briefing
    assert hits == [], f"the build fetched {hits}"


def test_pdf_build_fetches_nothing(hostile_build: tuple[Path, list[str], str]) -> None:
    out, hits, _ = hostile_build
    pdfs = list(out.glob("*.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    from pypdf import PdfReader

    for pdf in pdfs:
        text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        assert "root:x:0:0" not in text  # /etc/passwd was never inlined
    assert hits == []


def test_output_names_come_from_meeting_ids_not_titles(tmp_path: Path) -> None:
    src = tmp_path / "deep" / "in"
    src.mkdir(parents=True)
    for n, title in enumerate(
        ["../../etc/passwd", "CON", "..\\..\\boot.ini", "/tmp/x.html", "a" * 300, "NUL.pdf"]
    ):
        (src / f"r{n}.json").write_text(
            json.dumps(
                {
                    "title": title,
                    "publisher": title,
                    "url": title,
                    "published": "2025-03-04",
                    "text": LEAD.replace(
                        "Vienna", ["Vienna", "Prague", "Graz", "Brno", "Linz", "Salzburg"][n]
                    )
                    + BODY,
                }
            ),
            encoding="utf-8",
        )
    out = tmp_path / "deep" / "out"
    before = {p for p in tmp_path.rglob("*")}
    result = runner.invoke(app, ["build", str(src), "--out", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(p.resolve().is_relative_to(out.resolve()) for p in created)
    for page in out.glob("*.html"):
        assert page.stem == "index" or ID_RE.match(page.stem), page.name
    assert not (tmp_path / "etc").exists() and not Path("/tmp/x.html").exists()


def test_control_and_bidi_characters_never_reach_the_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    evil = "".join(DANGEROUS)
    (src / "r.json").write_text(
        json.dumps(
            {
                "title": f"Talks{evil} in \u202eannueiV",
                "publisher": "Alpine\u2066 Wire\x1b[31m",
                "published": "2025-03-04",
                "text": LEAD.replace("Huber", "Hu\u202eber").replace("energy", "en\x00ergy")
                + f"They spoke{evil} of rail links. "
                + BODY,
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    pages = [p for p in out.glob("*.html") if p.name != "index.html"]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not [c for c in DANGEROUS if c in html], page.name
        assert "Lena Huber" in html  # the cleaned name, read correctly
        for ref in re.findall(r"&#x?[0-9a-fA-F]+;", html):
            code = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
            assert chr(code) not in DANGEROUS, ref
    assert [p.read_bytes()[:4] for p in out.glob("*.pdf")] == [b"%PDF"]


def test_the_url_fetcher_refuses_files_and_network(server: tuple[str, list[str]]) -> None:
    from briefing.render.pdf import safe_fetcher

    remote, hits = server
    fetcher = safe_fetcher()
    for url in (
        "file:///etc/passwd",
        "file:///dev/urandom",
        f"{remote}/pixel.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "/etc/passwd",
        "FILE:///etc/passwd",
        "javascript:alert(1)",
    ):
        with pytest.raises(Exception) as info:
            fetcher.fetch(url)
        assert "refused" in str(info.value), url
    assert hits == []
    ok = fetcher.fetch("data:text/plain;base64,aGk=")
    assert ok is not None


def test_rendering_hostile_html_fetches_nothing_and_stays_quick(
    server: tuple[str, list[str]],
) -> None:
    from briefing.config import Config
    from briefing.render.pdf import render_pdf, safe_fetcher

    remote, hits = server
    html = (
        f'<html><head><link rel="stylesheet" href="{remote}/a.css">'
        f"<style>@import url({remote}/b.css); @font-face {{ font-family: X; src: "
        f"url(file:///etc/passwd) }} p {{ background: url(file:///dev/urandom) }}</style>"
        f'</head><body><p>Text</p><img src="file:///etc/passwd">'
        f'<img src="file:///dev/urandom"><img src="{remote}/c.png">'
        f'<object data="{remote}/d"></object><iframe src="{remote}/e"></iframe>'
        f'<svg><image href="file:///etc/passwd"/></svg></body></html>'
    )
    fetcher = safe_fetcher()
    started = time.monotonic()
    pdf = render_pdf(html, config=Config(), fetcher=fetcher)
    assert time.monotonic() - started < 30
    assert pdf.startswith(b"%PDF")
    assert hits == []
    refused = " ".join(fetcher.refused)
    assert "/etc/passwd" in refused and "/dev/urandom" in refused and remote in refused
