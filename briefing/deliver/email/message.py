"""An e-mail message for one or more rendered briefings: subject and bodies from templates,
the PDFs (and, with ``email.attach_html``, the HTML files) attached.

The subject, the plain-text body and the HTML body are the templates ``email_subject.txt``,
``email.txt`` and ``email.html``, looked up like the note's: the user's template folder
first, then the defaults (``briefing.render.loader``). They see plain data only: the
report settings and, per briefing, a heading and its key facts worded by
``briefing.render.fmt``. Report text is only ever data, never compiled as a template; the
HTML body is autoescaped (the ``.txt`` templates are plain text and are not).
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from briefing.config import Config
from briefing.errors import DeliveryError
from briefing.model import Meeting
from briefing.serialize import meeting_summary

SUBJECT_TEMPLATE = "email_subject.txt"
TEXT_TEMPLATE = "email.txt"
HTML_TEMPLATE = "email.html"


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


def outbox_key(briefings: Sequence[Briefing]) -> str:
    """Same briefings (ids and content) -> same key, whatever the run."""
    parts = sorted(f"{b.record['id']}:{b.content_hash}" for b in briefings)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def _key_facts(record: dict[str, Any], fmt: Any) -> dict[str, Any]:
    """Heading and key facts of a meeting record, as the message shows them."""
    from briefing.render.fmt import person

    summary = meeting_summary(record)
    date = fmt.date(summary["date"]) or "date unknown"
    figures = []
    for f in record.get("figures", []):
        approximate = f.get("approximate", False)
        value = fmt.money(f.get("value_usd"), approximate) or fmt.percent(
            f.get("change_pct"), approximate
        )
        if value:
            period = fmt.period(f.get("period"), f.get("period_expr"))
            figures.append(
                f"{f['metric'].replace('_', ' ')}: {value}" + (f" ({period})" if period else "")
            )
    n_sources = summary["n_sources"]
    place = fmt.place(summary["place"], summary["location_country"])
    return {
        "id": summary["id"],
        "heading": f"{fmt.pair(summary['countries']) or summary['id']}, {date}",
        "facts": [
            ("Type", (summary["meeting_type"] or "meeting").replace("_", " ")),
            ("Date", date),
            ("Place", place or "not reported"),
            (
                "Participants",
                "; ".join(person(p["name"], p["title"]) for p in summary["participants"]),
            ),
            ("Topics", ", ".join(t.replace("_", " ") for t in record.get("topics", []))),
            (
                "Agreements",
                "; ".join(f"{a['name']} ({a['status']})" for a in record.get("agreements", [])),
            ),
            ("Figures", "; ".join(figures)),
            ("Relationship", summary["relationship_level"] or ""),
            ("Sources", f"{n_sources} report{'s' if n_sources != 1 else ''}"),
        ],
    }


def message_context(briefings: Sequence[Briefing], config: Config) -> dict[str, Any]:
    """What the e-mail templates see: ``report`` (organisation, classification) and
    ``briefings``, each with ``id``, ``heading`` and ``facts`` ((label, value) pairs;
    a value may be empty, templates show the filled ones)."""
    from briefing.render.fmt import Formatter

    fmt = Formatter(config.report.locale, config.report.timezone)
    report = config.report
    return {
        "report": {"organisation": report.organisation, "classification": report.classification},
        "briefings": [_key_facts(b.record, fmt) for b in briefings],
    }


def render_message(
    briefings: Sequence[Briefing], config: Config, templates: Path | None = None
) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the message for ``briefings``. TemplateError (file
    and line) for a broken template."""
    from briefing.render.loader import make_environment, search_path, template_error

    dirs = search_path(config, templates)
    context = message_context(briefings, config)
    try:
        env = make_environment(dirs)
        subject, text, html = (
            env.get_template(name).render(context)
            for name in (SUBJECT_TEMPLATE, TEXT_TEMPLATE, HTML_TEMPLATE)
        )
    except Exception as exc:  # noqa: BLE001 - any Jinja2 failure names the template file
        raise template_error(exc, dirs) from None
    return " ".join(subject.split()), text, html


def check_templates(config: Config, templates: Path | None = None) -> None:
    """Compile the three e-mail templates, so that a syntax error is reported before a
    build does its work rather than when the first message is queued."""
    from briefing.render.loader import make_environment, search_path, template_error

    dirs = search_path(config, templates)
    env = make_environment(dirs)
    for name in (SUBJECT_TEMPLATE, TEXT_TEMPLATE, HTML_TEMPLATE):
        try:
            env.get_template(name)
        except Exception as exc:  # noqa: BLE001 - any Jinja2 failure names the template file
            raise template_error(exc, dirs) from None


def compose(
    briefings: Sequence[Briefing], config: Config, key: str, templates: Path | None = None
) -> EmailMessage:
    """The message for ``briefings`` (one, or several in a digest), without recipients."""
    if not briefings:
        raise ValueError("compose() needs at least one briefing")
    subject, text, html = render_message(briefings, config, templates)
    sender = config.email.sender or "briefing@localhost"
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg["Message-ID"] = f"<briefing-{key}@{sender.rpartition('@')[2] or 'localhost'}>"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
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
