"""Warm a render process up before its first briefing; imported by the fork server.

A render worker's first briefing costs about 0.4 s more than the next ones: fontconfig
and Pango load the system fonts, matplotlib is imported and builds its font list, the
default templates compile. The build process starts the fork server (``pool.prestart``)
while it is still reading and extracting reports, and the fork server imports the modules
of ``tasks.PRELOAD``, this one last. Importing it lays out one placeholder briefing,
HTML, chart and PDF, and throws it away, so that all of that happens on the idle core
during extraction, and every worker forked afterwards starts warm.

A fork server can only preload modules, not call functions: hence the work at import.
Nothing else imports this module.
"""

from __future__ import annotations

import os

# Before numpy (via matplotlib) is imported: a single-threaded OpenBLAS starts no thread
# pool, and a forking process must not hold threads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def warm() -> None:
    """Render a placeholder meeting (two trade figures, so the chart is drawn) to HTML and
    PDF with the default settings and templates; the result is discarded."""
    from briefing.config import Config
    from briefing.model import Article, Figure, Location, Meeting, Relationship
    from briefing.render import render_html, render_pdf

    article = Article(id="warm-up", text="Warm-up.", title="Warm-up", published="2000-01-01")
    meeting = Meeting(
        id="warm-up",
        meeting_type="meeting",
        date="2000-01-01",
        location=Location(),
        countries=["AAA", "BBB"],
        participants=[],
        topics=[],
        agreements=[],
        figures=[
            Figure(metric="trade_turnover", value_usd=1e9, period="1998"),
            Figure(metric="trade_turnover", value_usd=2e9, period="1999"),
        ],
        relationship=Relationship(),
        articles=[article],
    )
    config = Config()
    render_pdf(render_html(meeting, config=config), config=config)


warm()
