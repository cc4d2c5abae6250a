"""E-mail delivery through an outbox: composed at build time, sent (or retried) at send time.

Why an outbox: the night's SMTP server may be down, slow or refusing. A briefing built
tonight must still reach the list tomorrow, and a briefing already accepted by the
server must not be mailed again. So:

1. ``queue_briefings`` composes each message (text + HTML body, PDF attached) right after
   the build, writes it atomically to the spool folder (``.outbox/`` beside the archive)
   and then records it in the archive's outbox under a key derived from the meeting ids
   and their content hashes. The same briefing queued twice (a ``--force`` rebuild) is
   the same key, so it is queued (and sent) once. The spooled bytes are frozen: a later
   rebuild of the same meeting is a new message, never a silent change of a queued one.
2. ``flush_outbox`` sends every pending message; a message is marked sent only after the
   server accepted it (``send_message`` returned), one commit per message. On failure the
   message stays queued with its error and the next run retries it. If a spool file was
   lost, the message is composed again from the archived meeting and its PDF.

The one window left is a crash between the server's acceptance and the commit (the
message would be sent again on the next run); the Message-ID is derived from the key, so
mail clients and list servers recognise the duplicate.

Recipients are added when sending, from the config of that run, so fixing a typo in
``email.to`` applies to messages already queued. Bcc recipients get the message through
the SMTP envelope only; they never appear in a header.

The modules: ``settings`` checks the ``[email]`` config, ``message`` builds a message from
the templates ``email_subject.txt``, ``email.txt`` and ``email.html``, ``outbox`` keeps
the queue and the spool, ``smtp`` talks to the server.
"""

from briefing.deliver.email.message import Briefing, compose, outbox_key
from briefing.deliver.email.outbox import (
    SPOOL_DIR,
    Outbox,
    SendReport,
    flush_outbox,
    queue_briefings,
    send_queued,
)
from briefing.deliver.email.settings import MODES, SECURITY, check_email_config

__all__ = [
    "MODES",
    "SECURITY",
    "SPOOL_DIR",
    "Briefing",
    "Outbox",
    "SendReport",
    "check_email_config",
    "compose",
    "flush_outbox",
    "outbox_key",
    "queue_briefings",
    "send_queued",
]
