"""Delivery: files in the output folder (atomic) and email (SMTP with an outbox)."""
