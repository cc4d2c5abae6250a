"""Render one meeting as a briefing note: Jinja2 -> HTML, WeasyPrint -> PDF.

``render_html`` and ``render_pdf`` are the entry points; ``loader`` finds the templates
(user folder first, then the defaults), ``context`` prepares the data they see and
``fmt`` words dates and numbers for the configured locale.
"""

from briefing.render.html import render_html
from briefing.render.pdf import render_pdf

__all__ = ["render_html", "render_pdf"]
