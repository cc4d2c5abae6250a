"""Charts: deterministic inline SVG from matplotlib without pyplot."""

from __future__ import annotations

import re
import subprocess
import sys

from _render_sample import charted_meeting, sample_meeting

from briefing.model import Figure
from briefing.render.charts import relationship_timeline_svg, trade_chart_svg, trade_series_svg


def test_trade_chart_bars_growth_and_derived():
    svg = trade_chart_svg(charted_meeting())
    assert svg is not None and svg.startswith("<svg")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert 'role="img"' in svg and "<title>" in svg
    # en_GB (the default locale) writes billions "bn" in the CLDR data of the Babel
    # release the lock pins; en_US writes "B".
    for label in ("2022", "2023", "2024", "Jan–Mar 2025", "+20%", "$3.7bn", "derived", "≈+40%"):
        assert label in svg, label
    assert "$3.7B" in trade_chart_svg(charted_meeting(), locale="en_US")
    assert "<pattern" in svg  # the derived bar is hatched
    assert "<dc:date>" not in svg  # no timestamp in the metadata


def test_trade_chart_is_byte_identical_across_calls():
    assert trade_chart_svg(charted_meeting()) == trade_chart_svg(charted_meeting())


def test_a_chart_only_where_it_says_more_than_a_sentence():
    """One value read (plus one derived from it, and growth without a value) is what
    the sentence and the table say: no chart. None at all, no chart either."""
    m = sample_meeting()
    assert sum(f.value_usd is not None and not f.derived for f in m.figures) == 1
    assert trade_chart_svg(m) is None
    m.figures = [f for f in m.figures if f.value_usd is None]
    assert trade_chart_svg(m) is None
    m.figures = []
    assert trade_chart_svg(m) is None


def test_chart_words_come_from_the_labels_and_numbers_from_the_locale():
    m = charted_meeting()
    svg = trade_chart_svg(m, locale="de_DE", names={"trade_turnover": "Handelsvolumen"})
    assert "Handelsvolumen" in svg and "Trade turnover" not in svg
    words = " ".join(re.findall(r">([^<>]+)</text>", svg))
    assert "$3,7\xa0Mrd." in words and "3.7" not in words and "Jan–Mär 2025" in words


def test_trade_chart_exports_and_imports_get_a_legend():
    m = sample_meeting()
    m.figures = [Figure("exports", 1.2e9, None, "2024"), Figure("imports", 2.5e9, 5.0, "2024")]
    svg = trade_chart_svg(m, accent="#7a1f3d", names={"exports": "Exports", "imports": "Imports"})
    assert "Exports" in svg and "Imports" in svg and "#7a1f3d" in svg


def test_relationship_timeline():
    assert relationship_timeline_svg([("2024-07", "strategic partnership")]) is None
    svg = relationship_timeline_svg(
        [
            ("2025-04-23", "comprehensive strategic partnership"),
            ("2024-07", "strategic partnership"),
            ("not a date", "ignored level"),
        ]
    )
    assert "comprehensive strategic partnership" in svg and "ignored level" not in svg


def test_trade_series():
    assert trade_series_svg([("2024", 3.7e9)]) is None
    svg = trade_series_svg([("2023", 3.1e9), ("2024", 3.7e9), ("2022", 2.0e9)])
    assert "$3.7bn" in svg and "US$ billion" in svg
    assert svg.index(">2022<") < svg.index(">2024<")


def test_charts_leave_pyplot_alone():
    code = (
        "import sys; sys.path[:0] = ['tests', '.']\n"
        "from _render_sample import charted_meeting\n"
        "from briefing.render.charts import trade_chart_svg\n"
        "assert trade_chart_svg(charted_meeting())\n"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_history_chart_dates_in_the_locale():
    points = [("2023-02-10", "friendly relations"), ("2024-07-01", "strategic partnership")]
    words = re.findall(r">([^<>]+)</text>", relationship_timeline_svg(points, locale="fr_FR"))
    assert "juil. 2023" in words and "Jul 2023" not in words and "2024" in words
