"""Email delivery through an outbox: composed at build time, sent (or retried) at send time.

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
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
import html
import logging
import smtplib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

from briefing.config import Config, EmailConfig, env_secret
from briefing.errors import ConfigError, DeliveryError
from briefing.model import Meeting

log = logging.getLogger(__name__)

SECURITY = ("starttls", "ssl", "none")
MODES = ("per_briefing", "digest")


SPOOL_DIR = ".outbox"


class Outbox(Protocol):
    """The outbox part of ``briefing.archive.Archive``."""

    path: Path

    def enqueue(self, message_id: str, meeting_ids: Iterable[str]) -> bool: ...
    def pending(self) -> list[dict[str, Any]]: ...
    def meeting(self, meeting_id: str) -> dict[str, Any] | None: ...
    def mark_sent(self, message_id: str) -> None: ...
    def mark_failed(self, message_id: str, error: str) -> None: ...


@dataclass(frozen=True)
class Briefing:
    """One rendered briefing: the meeting record (``Meeting.to_dict()``), its content
    hash and its output files."""

    record: dict[str, Any]
    content_hash: str
    files: Sequence[Path]

    @classmethod
    def of(cls, meeting: Meeting, content_hash: str, files: Sequence[Path]) -> Briefing:
        return cls(meeting.to_dict(), content_hash, list(files))


def spool_dir(outbox: Outbox) -> Path:
    return Path(outbox.path).parent / SPOOL_DIR


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # outbox keys accepted by the server
    written: list[Path] = field(default_factory=list)  # .eml files (``--eml``)
    failed: dict[str, str] = field(default_factory=dict)  # key -> why it is still queued

    @property
    def ok(self) -> bool:
        return not self.failed


def check_email_config(cfg: EmailConfig, *, smtp: bool) -> None:
    """ConfigError naming the ``[email]`` key that makes sending impossible."""
    if cfg.mode not in MODES:
        raise ConfigError(f"email.mode: {cfg.mode!r} is not one of {', '.join(MODES)}")
    if cfg.security not in SECURITY:
        raise ConfigError(f"email.security: {cfg.security!r} is not one of {', '.join(SECURITY)}")
    if not smtp:
        return
    if not cfg.host:
        raise ConfigError(
            "email.host is not set: add it to [email] in briefing.toml, "
            "or write .eml files with --eml DIR"
        )
    if not cfg.sender:
        raise ConfigError("email.sender is not set (the From address)")
    if not (cfg.to or cfg.cc or cfg.bcc):
        raise ConfigError("email.to is empty: no recipients")
    if cfg.username:
        if not cfg.password_env:
            raise ConfigError(
                "email.username is set but email.password_env (the name of "
                "the environment variable holding the password) is not"
            )
        if env_secret(cfg.password_env) is None:
            raise ConfigError(
                f"environment variable {cfg.password_env} (email.password_env) is not set"
            )
        if cfg.security == "none":
            raise ConfigError(
                "email.security = 'none' would send the password in clear; use 'starttls' or 'ssl'"
            )


# --- composing --------------------------------------------------------------------------


def outbox_key(briefings: Sequence[Briefing]) -> str:
    """Same briefings (ids and content) -> same key, whatever the run."""
    parts = sorted(f"{b.record['id']}:{b.content_hash}" for b in briefings)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def compose(briefings: Sequence[Briefing], config: Config, key: str) -> EmailMessage:
    """The message for ``briefings`` (one, or several in a digest), without recipients."""
    from briefing.render.fmt import Formatter

    if not briefings:
        raise ValueError("compose() needs at least one briefing")
    fmt = Formatter(config.report.locale, config.report.timezone)
    summaries = [_summary(b.record, fmt) for b in briefings]
    if len(briefings) == 1:
        subject = f"Briefing: {summaries[0]['heading']}"
    else:
        subject = f"Briefings: {len(briefings)} meetings"
    sender = config.email.sender or "briefing@localhost"
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg["Message-ID"] = f"<briefing-{key}@{sender.rpartition('@')[2] or 'localhost'}>"
    msg.set_content(_text_body(summaries, config))
    msg.add_alternative(_html_body(summaries, config), subtype="html")
    for b in briefings:
        for path in b.files:
            suffix = path.suffix.lower()
            if suffix == ".pdf":
                msg.add_attachment(
                    _read(path), maintype="application", subtype="pdf", filename=path.name
                )
            elif suffix == ".html" and config.email.attach_html:
                msg.add_attachment(_read(path), maintype="text", subtype="html", filename=path.name)
    return msg


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeliveryError(f"{path}: cannot attach ({exc.strerror or exc})") from None


def _summary(m: dict[str, Any], fmt: Any) -> dict[str, Any]:
    """Heading and key facts of a meeting record, worded by ``briefing.render.fmt``."""
    names = [fmt.country(c) or c for c in m.get("countries", [])]
    loc = m.get("location") or {}
    place = ", ".join(p for p in (loc.get("city"), fmt.country(loc.get("country"))) if p)
    date = fmt.date(m.get("date")) or "date unknown"
    figures = []
    for f in m.get("figures", []):
        approx = f.get("approximate", False)
        value = (
            fmt.money(f.get("value_usd"), approx)
            or fmt.money(f.get("value"), approx, f.get("currency"))
            or fmt.percent(f.get("change_pct"), approx)
        )
        if value:
            period = fmt.period(f.get("period"), f.get("period_expr"))
            figures.append(
                f"{f['metric'].replace('_', ' ')}: {value}" + (f" ({period})" if period else "")
            )
    n_sources = len(m.get("sources", []))
    participants = [
        f"{p['name']}{f' ({t})' if (t := p.get('title')) else ''}"
        for p in m.get("participants", [])
    ]
    return {
        "heading": f"{' – '.join(names) or m['id']}, {date}",
        "facts": [
            ("Type", (m.get("meeting_type") or "meeting").replace("_", " ")),
            ("Date", date),
            ("Place", place or "not reported"),
            ("Participants", "; ".join(participants)),
            ("Topics", ", ".join(t.replace("_", " ") for t in m.get("topics", []))),
            (
                "Agreements",
                "; ".join(f"{a['name']} ({a['status']})" for a in m.get("agreements", [])),
            ),
            ("Figures", "; ".join(figures)),
            ("Relationship", (m.get("relationship") or {}).get("level") or ""),
            ("Sources", f"{n_sources} report{'s' if n_sources != 1 else ''}"),
        ],
    }


def _intro(summaries: list[dict[str, Any]], config: Config) -> str:
    n = len(summaries)
    return f"{config.report.organisation}: {n} new briefing{'s' if n != 1 else ''} attached."


def _text_body(summaries: list[dict[str, Any]], config: Config) -> str:
    lines = [_intro(summaries, config), ""]
    for s in summaries:
        lines += [s["heading"], "-" * len(s["heading"])]
        lines += [f"{label}: {value}" for label, value in s["facts"] if value]
        lines.append("")
    lines.append(f"Classification: {config.report.classification}")
    return "\n".join(lines) + "\n"


def _html_body(summaries: list[dict[str, Any]], config: Config) -> str:
    e = html.escape
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        '<body style="font-family: sans-serif">',
        f"<p>{e(_intro(summaries, config))}</p>",
    ]
    for s in summaries:
        rows = "".join(
            f'<tr><th style="text-align:left;padding-right:1em">{e(label)}</th>'
            f"<td>{e(value)}</td></tr>"
            for label, value in s["facts"]
            if value
        )
        parts.append(f"<h2>{e(s['heading'])}</h2><table>{rows}</table>")
    parts.append(
        f"<p><small>Classification: {e(config.report.classification)}</small></p></body></html>"
    )
    return "".join(parts)


def queue_briefings(outbox: Outbox, briefings: Sequence[Briefing], config: Config) -> int:
    """Compose, spool and queue messages for freshly rendered briefings (one each, or one
    digest, per ``email.mode``). Returns how many new messages were queued."""
    from briefing.deliver.files import atomic_write

    check_email_config(config.email, smtp=False)
    briefings = [b for b in briefings if any(p.suffix.lower() == ".pdf" for p in b.files)]
    groups = [briefings] if config.email.mode == "digest" else [[b] for b in briefings]
    queued_ids = {p["message_id"] for p in outbox.pending()}
    queued = 0
    for group in (g for g in groups if g):
        key = outbox_key(group)
        if key in queued_ids:
            continue
        msg = compose(group, config, key)
        spooled = atomic_write(spool_dir(outbox) / f"{key}.eml", msg.as_bytes())
        if outbox.enqueue(key, [b.record["id"] for b in group]):
            queued += 1
            log.info("queued email %s: %s", key, msg["Subject"])
        else:  # already sent in an earlier run: never twice
            spooled.unlink(missing_ok=True)
    return queued


# --- sending ----------------------------------------------------------------------------


def send_queued(config: Config, *, eml_dir: Path | None = None) -> SendReport:
    """``briefing send``: flush the outbox of the configured archive, holding the run lock
    so a nightly ``build --email`` and a manual send never mail the same message twice."""
    from briefing.archive import Archive, default_db_path
    from briefing.lock import RunLock

    check_email_config(config.email, smtp=eml_dir is None)
    output = config.resolve(config.build.output) or Path("output")
    with RunLock(output), Archive(default_db_path(config)) as archive:
        return flush_outbox(archive, config, eml_dir=eml_dir)


def _load(outbox: Outbox, item: dict[str, Any], config: Config) -> EmailMessage:
    """The spooled message, or (spool lost) the same message composed again."""
    key = item["message_id"]
    try:
        raw = (spool_dir(outbox) / f"{key}.eml").read_bytes()
    except FileNotFoundError:
        out = config.resolve(config.build.output) or Path("output")
        briefings = []
        for mid in item["meeting_ids"]:
            record = outbox.meeting(mid)
            if record is None:
                raise DeliveryError(f"meeting {mid} is no longer in the archive") from None
            briefings.append(Briefing(record, "", [out / f"{mid}.pdf"]))
        log.warning("email %s: spool file missing; composing it again", key)
        return compose(briefings, config, key)
    except OSError as exc:
        raise DeliveryError(f"cannot read spooled email {key} ({exc.strerror})") from None
    return message_from_bytes(raw, _class=EmailMessage, policy=email.policy.SMTP)


def _address(msg: EmailMessage, cfg: EmailConfig) -> EmailMessage:
    for header in ("To", "Cc"):
        del msg[header]
    if cfg.to:
        msg["To"] = ", ".join(cfg.to)
    if cfg.cc:
        msg["Cc"] = ", ".join(cfg.cc)
    if cfg.sender:
        del msg["From"]
        msg["From"] = cfg.sender
    return msg


def flush_outbox(outbox: Outbox, config: Config, *, eml_dir: Path | None = None) -> SendReport:
    """Send (or, with ``eml_dir``, write as .eml files) every queued message.

    Never raises for a delivery failure: failed messages stay queued and are listed in
    the report. ConfigError when the [email] settings cannot work at all."""
    cfg = config.email
    check_email_config(cfg, smtp=eml_dir is None)
    report = SendReport()
    pending = outbox.pending()
    if not pending:
        log.info("outbox empty: nothing to send")
        return report
    messages: list[tuple[str, EmailMessage]] = []
    for item in pending:
        try:
            messages.append((item["message_id"], _address(_load(outbox, item, config), cfg)))
        except DeliveryError as exc:
            _fail(outbox, report, item["message_id"], str(exc))
    if eml_dir is not None:
        _write_eml(outbox, messages, Path(eml_dir), report)
    elif messages:
        _send_smtp(outbox, messages, cfg, report)
    _clean_spool(outbox)
    return report


def _fail(outbox: Outbox, report: SendReport, key: str, reason: str) -> None:
    log.error("email %s: %s; it stays queued for the next run", key, reason)
    outbox.mark_failed(key, reason)
    report.failed[key] = reason


def _write_eml(
    outbox: Outbox, messages: list[tuple[str, EmailMessage]], folder: Path, report: SendReport
) -> None:
    from briefing.deliver.files import atomic_write

    for key, msg in messages:
        path = atomic_write(folder / f"briefing-{key}.eml", msg.as_bytes())
        outbox.mark_sent(key)
        report.written.append(path)
        log.info("wrote %s", path)


def _send_smtp(
    outbox: Outbox, messages: list[tuple[str, EmailMessage]], cfg: EmailConfig, report: SendReport
) -> None:
    recipients = [*cfg.to, *cfg.cc, *cfg.bcc]
    try:
        smtp = _connect(cfg)
    except (OSError, smtplib.SMTPException) as exc:
        reason = f"cannot deliver via {cfg.host}:{cfg.port} ({_why(exc)})"
        for key, _ in messages:
            _fail(outbox, report, key, reason)
        return
    with smtp:
        for n, (key, msg) in enumerate(messages):
            try:
                refused = smtp.send_message(msg, from_addr=cfg.sender, to_addrs=recipients)
            except (OSError, smtplib.SMTPException) as exc:
                _fail(outbox, report, key, f"server refused or failed ({_why(exc)})")
                if isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(
                    exc, smtplib.SMTPException
                ):  # connection lost: the rest waits
                    for later, _ in messages[n + 1 :]:
                        _fail(outbox, report, later, "not attempted: connection lost")
                    return
                continue
            outbox.mark_sent(key)
            report.sent.append(key)
            if refused:
                log.warning("email %s: recipients refused: %s", key, ", ".join(refused))
            log.info("sent email %s: %s", key, msg["Subject"])


def _clean_spool(outbox: Outbox) -> None:
    """Drop spool files of messages no longer queued (sent, possibly by a killed run)."""
    folder = spool_dir(outbox)
    if not folder.is_dir():
        return
    queued = {p["message_id"] for p in outbox.pending()}
    for path in folder.glob("*.eml"):
        if path.stem not in queued:
            path.unlink(missing_ok=True)


def _connect(cfg: EmailConfig) -> smtplib.SMTP:
    """An authenticated SMTP session per ``email.security``."""
    from briefing.log import redact

    context = ssl.create_default_context()
    if cfg.security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            cfg.host, cfg.port, timeout=cfg.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
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
