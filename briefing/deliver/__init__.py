"""Delivery of what a build made: e-mail through an outbox (``briefing.deliver.email``).
Files are written atomically by ``briefing.atomic``."""
