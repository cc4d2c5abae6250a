"""Sending over SMTP: one authenticated session per flush, per ``email.security``, and
what each message's outcome means for the outbox.

Outcomes: ``sent`` (the server accepted it); ``retry`` (not accepted, nothing says it
cannot be: the server is down, the connection dropped, a 4xx reply); ``refused`` (a
permanent 5xx reply: sending it again would get the same answer); ``maybe`` (the whole
message went out and the server's answer did not come within ``email.timeout``: it may
have been delivered, and sending it again may deliver it twice, the classic SMTP
duplicate of RFC 1047).

The password comes from the environment variable named by ``email.password_env`` and is
registered with the log's redaction before it is used, so it never reaches a log line.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from briefing.config import EmailConfig, env_secret

log = logging.getLogger("briefing.deliver.email")

_END_OF_DATA = b"\r\n.\r\n"


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "retry", "refused" or "maybe"
    reason: str | None = None


class _SMTP(smtplib.SMTP):
    """Notes when the end of a message's data went out, so a failure after it (no reply
    in time) is told apart from one before it (nothing delivered)."""

    data_sent = False

    def send(self, s):  # smtplib's own signature, untyped
        super().send(s)
        if isinstance(s, bytes) and s.endswith(_END_OF_DATA):
            self.data_sent = True


class _SMTPSSL(_SMTP, smtplib.SMTP_SSL):
    pass


def send_over_smtp(
    messages: Sequence[tuple[str, EmailMessage]], cfg: EmailConfig
) -> Iterator[tuple[str, Outcome]]:
    """Send each ``(key, message)``; yield ``(key, Outcome)``, lazily, one message at a
    time, so the caller records each outcome before the next message is sent. When the
    connection is lost the rest are not attempted (``retry``); a message the server
    refuses does not stop the others."""
    recipients = [*cfg.to, *cfg.cc, *cfg.bcc]
    try:
        smtp = _connect(cfg)
    except (OSError, smtplib.SMTPException) as exc:
        failure = Outcome("retry", f"cannot deliver via {cfg.host}:{cfg.port} ({_why(exc)})")
        for key, _ in messages:
            yield key, failure
        return
    with smtp:
        for n, (key, msg) in enumerate(messages):
            smtp.data_sent = False
            try:
                refused = smtp.send_message(msg, from_addr=cfg.sender, to_addrs=recipients)
            except (OSError, smtplib.SMTPException) as exc:
                outcome = _failure(exc, smtp.data_sent, cfg.timeout)
                yield key, outcome
                if outcome.status == "maybe" or _connection_lost(exc):
                    for later, _ in messages[n + 1 :]:
                        yield later, Outcome("retry", "not attempted: connection lost")
                    return
                continue  # smtplib has reset the transaction
            if refused:
                log.warning("email %s: recipients refused: %s", key, ", ".join(refused))
            yield key, Outcome("sent")


def _failure(exc: BaseException, data_sent: bool, timeout: float) -> Outcome:
    timed_out = isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)
    if data_sent and timed_out:
        return Outcome("maybe", f"no answer within {timeout:g} s after the message was sent")
    codes = _codes(exc)
    if codes and all(500 <= c < 600 for c in codes):
        return Outcome("refused", f"refused by the server ({_why(exc)})")
    return Outcome("retry", f"server refused or failed ({_why(exc)})")


def _codes(exc: BaseException) -> list[int]:
    if isinstance(exc, smtplib.SMTPResponseException):
        return [exc.smtp_code]
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return [code for code, _ in exc.recipients.values()]
    return []


def _connection_lost(exc: BaseException) -> bool:
    return isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(
        exc, smtplib.SMTPException
    )


def _connect(cfg: EmailConfig) -> _SMTP | _SMTPSSL:
    """An authenticated SMTP session per ``email.security``."""
    from briefing.log import redact

    host = cfg.host or ""  # check_email_config has made sure it is set
    context = ssl.create_default_context()
    smtp: _SMTP | _SMTPSSL
    if cfg.security == "ssl":
        smtp = _SMTPSSL(host, cfg.port, timeout=cfg.timeout, context=context)
    else:
        smtp = _SMTP(host, cfg.port, timeout=cfg.timeout)
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
        return "all recipients refused: " + ", ".join(
            f"{addr} ({code})" for addr, (code, _) in exc.recipients.items()
        )
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
