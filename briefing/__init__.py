"""briefing: briefing notes on bilateral meetings, extracted from news reports.

Library first: ``briefing.pipeline`` runs the stages (ingest -> extract -> merge ->
archive -> render -> deliver, see docs/architecture.md); the CLI in ``briefing.cli`` is
a thin wrapper.
"""

#: The one place the version is written: pyproject.toml reads it (hatch), the rebuild
#: hash and the HTTP User-Agent use it.
__version__ = "0.1.0"
