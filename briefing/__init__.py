"""briefing: briefing notes on bilateral meetings, extracted from news reports.

Library first: ``briefing.pipeline`` runs the stages (ingest -> extract -> merge ->
tables -> charts -> render -> deliver); the CLI in ``briefing.cli`` is a thin wrapper.
"""

__version__ = "0.1.0"
