"""Sending over SMTP: one authenticated session per flush, per ``email.security``.

The password comes from the environment variable named by ``email.password_env`` and is
registered with the log's redaction before it is used, so it never reaches a log line.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator, Sequence
from email.message import EmailMessage

from briefing.config import EmailConfig, env_secret

log = logging.getLogger("briefing.deliver.email")


def send_over_smtp(
    messages: Sequence[tuple[str, EmailMessage]], cfg: EmailConfig
) -> Iterator[tuple[str, str | None]]:
    """Send each ``(key, message)``; yield ``(key, None)`` once the server accepted it, or
    ``(key, reason)``. Lazily, one message at a time, so the caller records each outcome
    before the next message is sent. When the connection is lost the rest are not
    attempted (and yielded as failures); a message the server refuses does not stop the
    others."""
    recipients = [*cfg.to, *cfg.cc, *cfg.bcc]
    try:
        smtp = _connect(cfg)
    except (OSError, smtplib.SMTPException) as exc:
        reason = f"cannot deliver via {cfg.host}:{cfg.port} ({_why(exc)})"
        for key, _ in messages:
            yield key, reason
        return
    with smtp:
        for n, (key, msg) in enumerate(messages):
            try:
                refused = smtp.send_message(msg, from_addr=cfg.sender, to_addrs=recipients)
            except (OSError, smtplib.SMTPException) as exc:
                yield key, f"server refused or failed ({_why(exc)})"
                if isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(
                    exc, smtplib.SMTPException
                ):  # connection lost: the rest waits
                    for later, _ in messages[n + 1 :]:
                        yield later, "not attempted: connection lost"
                    return
                continue
            if refused:
                log.warning("email %s: recipients refused: %s", key, ", ".join(refused))
            log.info("sent email %s: %s", key, msg["Subject"])
            yield key, None


def _connect(cfg: EmailConfig) -> smtplib.SMTP:
    """An authenticated SMTP session per ``email.security``."""
    from briefing.log import redact

    host = cfg.host or ""  # check_email_config has made sure it is set
    context = ssl.create_default_context()
    if cfg.security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, cfg.port, timeout=cfg.timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, cfg.port, timeout=cfg.timeout)
    try:
        smtp.ehlo()
        if cfg.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if cfg.username:
            password = env_secret(cfg.password_env) or ""
            redact(password)
            smtp.login(cfg.username, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _why(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "all recipients refused: " + ", ".join(exc.recipients)
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
