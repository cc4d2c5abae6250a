"""One story, one source: five sites republishing one wire copy with small edits are one
independent source with five copies; the seed's two outlets stay two; a one-against-one
conflict is settled by the written rule with both values in the PDF, HTML, JSON and CSV;
a meeting flooded with copies stays bounded in merge work and note size. Real HTTP
servers on loopback (one per site), real files, real PDFs parsed back."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from local_servers import REPORT_A, Site
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Config
from briefing.extract import extract
from briefing.merge import bounds, copies, group, merge
from briefing.merge.copies import copy_groups, fingerprint, similarity
from briefing.model import Article, corroboration
from briefing.pipeline import extract_paths
from briefing.render import render_html
from briefing.serialize import extraction_from_json, extraction_to_json
from tests.conftest import EXAMPLES

runner = CliRunner()

#: How five sites republish the same wire story: their own lines around it, the bottom
#: trimmed, an "updated" line, another spelling, a word changed.
EDITS = [
    lambda t: t,
    lambda t: "Follow our world coverage.\n\n" + t + "\n\nShare this article.",
    lambda t: t.rsplit(". ", 2)[0] + ".",
    lambda t: "Updated 21:05 GMT\n\n" + t.replace("Prime Minister", "prime minister"),
    lambda t: t.replace("working group", "joint group").replace("forty", "40"),
]
#: Another outlet's report of the same meeting, in its own words, with another figure.
FJORD_POST = (
    "OSLO, March 4 (Fjord Post) - Chile's President held talks with Norway's Prime Minister in"
    " the Norwegian capital on Tuesday. Officials put trade between the two countries at $1.25"
    " billion for last year. Hydrogen and salmon farming dominated the agenda, and aides said a"
    " memorandum on green hydrogen was signed. The Chilean leader is expected to host the Prime"
    " Minister in Santiago next year."
)


def page(site_name: str, title: str, text: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:site_name' content='{site_name}'>"
        "<meta name='date' content='2025-03-04'></head>"
        f"<body><nav>Home | World</nav><article><h1>{title}</h1>{paras}</article></body></html>"
    ).encode()


def test_five_sites_with_one_wire_copy_are_one_source_and_another_outlet_is_two(
    tmp_path: Path,
) -> None:
    sites = [Site() for _ in range(6)]
    for s in sites:
        s.__enter__()
    try:
        for n, (s, edit) in enumerate(zip(sites, EDITS, strict=False)):
            s.routes["/world/oslo.html"] = (
                "text/html",
                page(f"Site {n + 1}", "Norway and Chile sign hydrogen deal", edit(REPORT_A)),
            )
        sites[5].routes["/oslo.html"] = ("text/html", page("Fjord Post", "Oslo talks", FJORD_POST))
        urls = [s.url("/world/oslo.html") for s in sites[:5]] + [sites[5].url("/oslo.html")]
        config = tmp_path / "briefing.toml"
        listed = ", ".join(f'"{u}"' for u in urls)
        config.write_text(f'[build]\noutput = "out"\n[sources]\nurls = [{listed}]\nretries = 0\n')
        result = runner.invoke(app, ["build", "--config", str(config)])
        assert result.exit_code == 0, result.output
    finally:
        for s in sites:
            s.__exit__(None, None, None)
    out = tmp_path / "out"
    (meeting_id,) = [p.stem for p in out.glob("*.html") if p.stem != "index"]
    record = json.loads(
        runner.invoke(app, ["show", meeting_id, "--out", str(out), "--json"]).stdout
    )
    by_site = {s["publisher"]: s for s in record["sources"]}
    assert sorted(by_site) == ["Fjord Post", "Site 1", "Site 2", "Site 3", "Site 4", "Site 5"]
    assert record["independent_sources"] == 2
    leader = by_site["Site 1"]["article_id"]  # the longest of the copies, all published alike
    assert by_site["Site 2"]["copy_of"] is None or by_site["Site 2"]["article_id"] == leader
    copied = [s for s in record["sources"] if s["copy_of"]]
    assert len(copied) == 4 and len({s["copy_of"] for s in copied}) == 1
    assert by_site["Fjord Post"]["copy_of"] is None
    people = {p["name"]: p for p in record["participants"]}
    assert all(len(p["sources"]) <= 6 for p in people.values())
    html = " ".join((out / f"{meeting_id}.html").read_text(encoding="utf-8").split())
    assert "6 reports from 2 independent sources" in html
    assert "and 4 copies" in html and "Copies of this report, one source with it" in html
    assert "2 sources</span>" in html  # Support counts independent sources
    assert "6 sources</span>" not in html and "5 sources</span>" not in html


def test_the_seed_meetings_two_outlets_stay_two_sources() -> None:
    (meeting,) = extract_paths(sorted(EXAMPLES.glob("s00*.json"))).meetings
    assert len(meeting.articles) == meeting.independent_sources() == 2 and not meeting.copies
    a, b = (Path(p).read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("s00*.json")))
    texts = [json.loads(x)["text"] for x in (a, b)]
    assert similarity(fingerprint(texts[0]), fingerprint(texts[1])) < copies.COPY_THRESHOLD / 2


def _report(folder: Path, name: str, text: str, **meta: str) -> None:
    (folder / name).write_text(json.dumps({"text": text, **meta}), encoding="utf-8")


@pytest.mark.parametrize(
    ("official", "kept", "why"),
    [
        (True, "$1.25 billion", "an official readout against a news report"),
        (False, "$1.2 billion", "published first"),
    ],
    ids=["official-readout", "earliest"],
)
def test_a_one_against_one_figure_conflict_follows_the_rule_and_shows_both_values(
    tmp_path: Path, official: bool, kept: str, why: str
) -> None:
    reports = tmp_path / "in"
    reports.mkdir()
    _report(
        reports,
        "wire.json",
        REPORT_A,
        publisher="Nordic Wire",
        published="2025-03-04",
        url="https://nordicwire.example/oslo",
    )
    readout = "https://www.mfa.gov.no/en/oslo-talks" if official else "https://fjordpost.example/x"
    _report(
        reports,
        "second.json",
        FJORD_POST,
        publisher="Fjord Post" if not official else "Ministry of Foreign Affairs",
        published="2025-03-05",
        url=readout,
    )
    out = tmp_path / "out"
    built = runner.invoke(app, ["build", str(reports), "--out", str(out)])
    assert built.exit_code == 0, built.output
    extracted = runner.invoke(
        app, ["extract", str(reports), "--json", "--csv", str(tmp_path / "csv")]
    )
    (meeting,) = json.loads(extracted.stdout)["meetings"]
    (figure,) = [f for f in meeting["figures"] if f["period"] == "2024" and not f["derived"]]
    other = "$1.2 billion" if kept == "$1.25 billion" else "$1.25 billion"
    assert figure["disputed"] and len(figure["alternatives"]) == 1
    assert figure["value_usd"] == float(kept[1:].split()[0]) * 1e9
    assert figure["alternatives"][0]["value_usd"] == float(other[1:].split()[0]) * 1e9
    (conflict,) = [c for c in meeting["conflicts"] if c["field"] == "figure"]
    assert f"; {kept}" in conflict["description"] and f"is used ({why})" in conflict["description"]
    assert sorted(v.split(",")[0] for v in conflict["values"].values()) == sorted([kept, other])
    figures = pd.read_csv(tmp_path / "csv" / "figures.csv")
    row = figures[(figures["period"].astype(str) == "2024") & ~figures["derived"]].iloc[0]
    assert bool(row["disputed"]) and other in row["alternatives"]
    table = pd.read_csv(tmp_path / "csv" / "conflicts.csv")
    assert {kept, other} <= {v.split(",")[0] for v in table["value"]}
    html = (out / f"{meeting['id']}.html").read_text(encoding="utf-8")
    pdf = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(out / f"{meeting['id']}.pdf").pages
    )
    for text in (html, pdf):
        assert "disputed" in text.lower() and "Other sources give" in text
        assert "1.2 billion" in text and "1.25 billion" in text
        assert why in text
    # The figures table shows the value kept, and the other source's beside it.
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"Other sources give {other}" in words
    table = words[words.index("Trade and economic figures") :]
    assert f"{kept} " in table[table.index("Other sources give") :]


def _copies_of(ex, n: int):
    """``n`` republications of one extracted report by as many sites, each with its own
    line at the end (the extraction's spans still point into each text)."""
    data = extraction_to_json(ex)
    out = []
    for i in range(n):
        text = ex.article.text + f"\n\nRead more on site {i}."
        article = Article(
            Article.key_id(f"url:https://site{i}.example/a"),
            text,
            publisher=f"Site {i}",
            url=f"https://site{i}.example/a",
        )
        out.append(extraction_from_json(article, data.replace(ex.article.id, article.id)))
    return out


def test_a_meeting_flooded_with_copies_stays_bounded(monkeypatch) -> None:
    """Merge work grows with the reports, not their square; the note stays one note."""
    base = extract(Article("a0", REPORT_A, published="2025-03-04", publisher="Nordic Wire"))
    calls = {"similarity": 0, "overlap": 0}

    def counted(name, real):
        def wrapper(*args):
            calls[name] += 1
            return real(*args)

        return wrapper

    monkeypatch.setattr(copies, "similarity", counted("similarity", copies.similarity))
    monkeypatch.setattr(
        group, "_participant_overlap", counted("overlap", group._participant_overlap)
    )
    work = {}
    for n in (300, 1200):
        calls.update(similarity=0, overlap=0)
        (meeting,) = merge(_copies_of(base, n))
        work[n] = dict(calls)
        assert len(meeting.articles) == n and meeting.independent_sources() == 1
        for fact in [*meeting.participants, *meeting.topics, *meeting.figures]:
            assert len(fact.evidence) <= bounds.MAX_EVIDENCE
            assert corroboration(fact.evidence) == 1
        topic = meeting.topics[0]
        told = next(len(t.evidence) for t in base.topics if t.topic == topic.topic)
        assert topic.more_evidence == n * told - len(topic.evidence) > 0  # the rest, counted
    for name in calls:  # four times the reports: about four times the work
        assert work[1200][name] <= 4.5 * max(work[300][name], 1), (name, work)
    html = render_html(meeting, config=Config())
    assert html.count('class="src-n"') == 21  # the source and 20 of its copies
    assert "and 1179 more copies" in html and len(html) < 200_000


def test_copy_groups_are_led_by_the_first_in_precedence_and_need_most_of_the_text() -> None:
    story = REPORT_A
    trimmed = story.rsplit(". ", 4)[0] + "."
    other = FJORD_POST
    groups = copy_groups([trimmed, story, other], lambda t: t)
    assert groups == {0: 0, 1: 0, 2: 2}
    half = " ".join(story.split()[: len(story.split()) // 3])
    assert similarity(fingerprint(half), fingerprint(story)) == 1.0  # contained
    assert similarity(fingerprint(story), fingerprint(replace_words(story))) < 0.5


def replace_words(text: str) -> str:
    """Every third word changed: the same subject, another text."""
    return " ".join(w if i % 3 else "x" + w for i, w in enumerate(text.split()))


def test_a_copy_that_changes_a_figure_still_shows_its_value() -> None:
    base = extract(Article("a0", REPORT_A, published="2025-03-04", publisher="Nordic Wire"))
    first, second = _copies_of(base, 2)
    edited = replace(
        second,
        figures=[replace(f, value_usd=1.5e9) for f in second.figures],
    )
    (meeting,) = merge([first, edited])
    assert meeting.independent_sources() == 1
    (conflict,) = [c for c in meeting.conflicts if c.field == "figure"]
    assert set(conflict.values) == {first.article.id, edited.article.id}
