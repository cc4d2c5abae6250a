"""Across runs on one real SQLite archive: a later meeting of the same pair gets the
earlier one under "previous meetings", the index lists both, re-ingesting adds nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()

FIRST = """---
title: Presidents of Finland and Chile hold talks in Helsinki
published: 2024-05-14
publisher: Nordic Wire
---
HELSINKI, May 14 (Nordic Wire) -- Finnish President Aino Korhonen held talks with Chilean \
President Mateo Rojas in Helsinki on Tuesday.

The two presidents discussed trade, renewable energy and copper mining. Bilateral trade \
turnover reached $1.2 billion last year, an increase of 10 percent, Korhonen said.
"""

SECOND = """---
title: Finnish and Chilean presidents meet again in Santiago
published: 2025-03-05
publisher: Andes Daily
---
SANTIAGO, March 5 (Andes Daily) -- Chilean President Mateo Rojas received Finnish President \
Aino Korhonen in Santiago on Wednesday.

The leaders signed a Joint Statement on a comprehensive strategic partnership between Chile \
and Finland. Trade turnover between the two countries grew by 25 percent to $1.5 billion \
last year, Rojas said.
"""


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


def test_history_index_and_no_duplicates_across_runs(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "first.md").write_text(FIRST, encoding="utf-8")
    assert runner.invoke(app, ["build", str(inbox), "--out", str(out)]).exit_code == 0
    (inbox / "second.md").write_text(SECOND, encoding="utf-8")
    assert runner.invoke(app, ["build", str(inbox), "--out", str(out)]).exit_code == 0

    text = _pdf_text(out / "2025-03-05-chl-fin.pdf")
    section = text[text.upper().index("PREVIOUS MEETINGS") :]
    assert "14 May 2024" in section and "Helsinki" in section and "Aino Korhonen" in section
    assert "PREVIOUS MEETINGS" not in _pdf_text(out / "2024-05-14-chl-fin.pdf").upper()
    html = (out / "2025-03-05-chl-fin.html").read_text(encoding="utf-8")
    assert 'href="2024-05-14-chl-fin.html"' in html

    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("2025-03-05-chl-fin") < index.index("2024-05-14-chl-fin")

    # A third run over the same reports (one copied under another name) adds nothing.
    (inbox / "copy.md").write_text(SECOND, encoding="utf-8")
    assert runner.invoke(app, ["build", str(inbox), "--out", str(out)]).exit_code == 0
    with sqlite3.connect(out / "briefing.sqlite") as db:
        assert db.execute("select count(*) from articles").fetchone() == (2,)
        assert db.execute("select count(*) from meetings").fetchone() == (2,)
    listed = runner.invoke(app, ["meetings", "--db", str(out / "briefing.sqlite"), "--json"])
    assert [m["id"] for m in json.loads(listed.stdout)] == [
        "2025-03-05-chl-fin",
        "2024-05-14-chl-fin",
    ]
