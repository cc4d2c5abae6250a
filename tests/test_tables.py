"""Tables: one row per fact, provenance kept, CSV written atomically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from _render_sample import sample_meeting

from briefing.errors import DeliveryError
from briefing.model import Figure
from briefing.tables import COLUMNS, build_tables, write_tables_csv


def test_six_tables_with_one_row_per_fact():
    m = sample_meeting()
    tables = build_tables([m])
    assert set(tables) == {"meetings", "participants", "topics", "figures", "agreements", "sources"}
    assert len(tables["meetings"]) == 1
    assert len(tables["participants"]) == len(m.participants)
    assert len(tables["topics"]) == len(m.topics)
    assert len(tables["figures"]) == len(m.figures)
    assert len(tables["agreements"]) == len(m.agreements)
    assert len(tables["sources"]) == 2
    row = tables["meetings"].iloc[0]
    assert (row["country_1"], row["country_2"], row["n_sources"]) == ("AZE", "CHN", 2)
    assert row["relationship_level"] == "comprehensive strategic partnership"


def test_fact_rows_keep_provenance_that_points_into_the_articles():
    m = sample_meeting()
    texts = {a.id: a.text for a in m.articles}
    figures = build_tables([m])["figures"]
    headline = figures[(figures["period"] == "2024") & ~figures["derived"]].iloc[0]
    assert headline["value_usd"] == 3.7e9
    assert headline["corroboration"] == 2
    assert set(headline["article_ids"].split(";")) == set(texts)
    for span in headline["evidence_spans"].split(";"):
        article_id, rng = span.split(":")
        start, end = (int(x) for x in rng.split("-"))
        assert "$3.7 billion" in texts[article_id][start:end]
    derived = figures[figures["derived"]].iloc[0]
    assert derived["period"] == "2023" and "divided" in derived["derived_from"]
    for name in ("participants", "topics", "agreements"):
        t = build_tables([m])[name]
        assert (t["meeting_id"] == m.id).all()
        assert (t["corroboration"] >= 1).all()


def test_a_figure_in_another_currency_keeps_value_and_currency_in_the_csv(tmp_path: Path):
    m = sample_meeting()
    m.figures = [*m.figures, Figure("investment", None, None, "2024", value=2e9, currency="EUR")]
    write_tables_csv(build_tables([m]), tmp_path / "csv")
    back = pd.read_csv(tmp_path / "csv" / "figures.csv")
    row = back[back["metric"] == "investment"].iloc[0]
    assert (row["value"], row["currency"]) == (2e9, "EUR") and pd.isna(row["value_usd"])


def test_articles_that_are_not_meetings_are_listed_with_their_reason():
    m = sample_meeting()
    articles = [
        {"id": m.articles[0].id, "title": "dup"},
        {
            "id": "a-other",
            "title": "Volcano erupts",
            "publisher": "X",
            "published": "2025-04-20",
            "reason": "no two states meet",
        },
    ]
    sources = build_tables([m], articles)["sources"]
    assert len(sources) == 3
    other = sources[sources["article_id"] == "a-other"].iloc[0]
    assert pd.isna(other["meeting_id"]) and other["reason"] == "no two states meet"


def test_empty_input_still_has_columns():
    tables = build_tables([])
    for name, frame in tables.items():
        assert list(frame.columns) == COLUMNS[name]
        assert frame.empty


def test_csv_round_trip_and_no_temp_files(tmp_path: Path):
    tables = build_tables([sample_meeting()])
    paths = write_tables_csv(tables, tmp_path / "csv")
    assert sorted(p.name for p in paths) == sorted(f"{n}.csv" for n in tables)
    back = pd.read_csv(tmp_path / "csv" / "figures.csv")
    assert back["value_usd"].max() == pytest.approx(3.7e9)
    assert list(back.columns) == COLUMNS["figures"]
    # Rewriting replaces the files in place and leaves nothing behind.
    write_tables_csv(tables, tmp_path / "csv")
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(p.name for p in paths)


def test_csv_into_a_file_path_is_a_delivery_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DeliveryError, match="cannot write CSV"):
        write_tables_csv(build_tables([]), blocker)
