"""E-mail delivery through an outbox: composed at build time, sent (or retried) at send time.

Why an outbox: the night's SMTP server may be down, slow or refusing. A briefing built
tonight must still reach the list tomorrow, and a briefing already mailed must not be
mailed again. So:

1. ``queue_briefings`` composes each message (text + HTML body, PDF attached) right after
   the build, writes it atomically to the spool folder (``.outbox/`` beside the archive)
   and then queues it in the archive's outbox under a key derived from the meeting ids
   and the *facts* of their briefings (``changes.facts_key``): a briefing rebuilt with
   the same facts (a ``--force`` rebuild, a new accent colour, another format, a new
   release) is the same key, so it is queued and sent once. A briefing whose facts
   changed since its last mail is an update: "Updated:" in the subject, a "what changed"
   list, and a reply in the meeting's thread.
2. ``flush_outbox`` sends every pending message; a message leaves the queue only once the
   server answered it, one commit per message, its outcome recorded by meeting and
   facts in the archive *and* in the sent-log beside it (``sentlog.py``), which survives
   moving a broken archive away. On a failure that may pass (server down, 4xx) the
   message stays queued and the next run retries it; a permanent refusal (5xx) is
   reported once and not retried; a message the server did not answer in time after
   taking it all may have been delivered and is not sent again by itself. If a spool
   file was lost, the message is composed again from the archived meeting and its PDF.

The one window left is a crash between the server's acceptance and the commit (the
message would be sent again on the next run); the Message-ID is derived from the key, so
mail clients and list servers recognise the duplicate.

Recipients are added when sending, from the config of that run, so fixing a typo in
``email.to`` applies to messages already queued. Bcc recipients get the message through
the SMTP envelope only; they never appear in a header.

The modules: ``settings`` checks the ``[email]`` config; ``changes`` says what a mail
reports of a meeting and what changed since the last one; ``message`` builds a message
from the templates ``email_subject.txt``, ``email.txt`` and ``email.html``; ``outbox``
keeps the queue and the spool; ``sentlog`` what was sent; ``flush`` sends the queue;
``smtp`` talks to the server.
"""

from briefing.deliver.email.flush import SendReport, flush_outbox, send_queued
from briefing.deliver.email.message import Briefing, compose, outbox_key
from briefing.deliver.email.outbox import (
    SPOOL_DIR,
    Outbox,
    backlog,
    queue_backlog,
    queue_briefings,
    queue_resend,
)
from briefing.deliver.email.sentlog import SENT_LOG, SentLog
from briefing.deliver.email.settings import MODES, SECURITY, check_email_config

__all__ = [
    "MODES",
    "SECURITY",
    "SENT_LOG",
    "SPOOL_DIR",
    "Briefing",
    "Outbox",
    "SendReport",
    "SentLog",
    "backlog",
    "check_email_config",
    "compose",
    "flush_outbox",
    "outbox_key",
    "queue_backlog",
    "queue_briefings",
    "queue_resend",
    "send_queued",
]
