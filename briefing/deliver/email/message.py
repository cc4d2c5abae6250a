"""An e-mail message for one or more rendered briefings: subject and bodies from templates,
the PDFs (and, with ``email.attach_html``, the HTML files) attached, threaded as an
update when the meeting was mailed before.

The subject, the plain-text body and the HTML body are the templates ``email_subject.txt``,
``email.txt`` and ``email.html``, looked up like the note's: the user's template folder
first, then the defaults (``briefing.render.loader``). They see plain data only (see
``message_context``), worded with the note's ``labels.yaml`` and locale. Report text is
only ever data, never compiled as a template; the HTML body is autoescaped (the ``.txt``
templates are plain text and are not).

A briefing whose meeting was mailed before is an *update*: its subject says "Updated:",
its body lists what changed since that mail, and (one briefing per message) it replies
to the earlier mails of the meeting (``In-Reply-To``, ``References``), so mail clients
show it in the same thread.
"""

from __future__ import annotations

import email.policy
import email.utils
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.config import Config
from briefing.deliver.email.changes import changes, facts_digest, facts_key, figure_words
from briefing.errors import DeliveryError
from briefing.model import Meeting

if TYPE_CHECKING:
    from briefing.deliver.email.sentlog import Delivery
    from briefing.render.fmt import Formatter
    from briefing.render.labels import Labels

SUBJECT_TEMPLATE = "email_subject.txt"
TEXT_TEMPLATE = "email.txt"
HTML_TEMPLATE = "email.html"
#: Earlier Message-IDs named in ``References`` besides the first (RFC 5322 lets a long
#: thread drop the middle).
MAX_REFERENCES = 10


@dataclass(frozen=True)
class Briefing:
    """One rendered briefing: the meeting record (``Meeting.to_dict()``) and its output
    files; ``digest`` and ``facts`` say what its mail reports (``changes.py``)."""

    record: dict[str, Any]
    files: Sequence[Path]
    digest: dict[str, Any] = field(init=False, compare=False, repr=False)
    facts: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        digest = facts_digest(self.record)
        object.__setattr__(self, "digest", digest)
        object.__setattr__(self, "facts", facts_key(digest))

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @classmethod
    def of(cls, meeting: Meeting, files: Sequence[Path]) -> Briefing:
        return cls(meeting.to_dict(), list(files))


def outbox_key(briefings: Sequence[Briefing]) -> str:
    """Same meetings with the same facts -> same key, whatever the run or the look."""
    parts = sorted(f"{b.id}:{b.facts}" for b in briefings)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def message_id(key: str, config: Config) -> str:
    """The Message-ID of the message queued under ``key``: the same key always gives the
    same Message-ID, so a message sent twice is recognisable as one."""
    domain = (config.email.sender or "").rpartition("@")[2].strip("> ") or "localhost"
    return f"<briefing-{key}@{domain}>"


def _key_facts(
    b: Briefing, fmt: Formatter, labels: Labels, mailed: Sequence[Delivery], base_url: str | None
) -> dict[str, Any]:
    """Heading, key facts and (for an update) changes of one briefing, as mails show them."""
    from briefing.render.fmt import person
    from briefing.render.labels import is_call, kind_text, label

    record = b.record
    loc = record.get("location") or {}
    date = fmt.date(record.get("date")) or "date unknown"
    figures = [
        f"{what}: {words}"
        for what, words in (figure_words(f, fmt, labels) for f in b.digest["facts"]["figures"])
    ]
    sources = record.get("sources", [])
    outlets = sorted({s["publisher"] for s in sources if s.get("publisher")})
    place = fmt.place(loc.get("city"), loc.get("country"))
    disagree = [label(labels, "fields", c["field"]) or "" for c in record.get("conflicts", [])]
    update = bool(mailed) and mailed[-1].facts != b.facts  # a resend of the same is no update
    return {
        "id": b.id,
        "heading": f"{fmt.pair(record.get('countries', [])) or b.id}, {date}",
        "update": update,
        "changes": changes(mailed[-1].digest, b.digest, fmt, labels) if update else [],
        "link": f"{base_url.rstrip('/')}/{b.id}.html" if base_url else None,
        "disagree": sorted(set(disagree)),
        "facts": [
            ("Type", kind_text(labels, record.get("meeting_type"), record.get("meeting_kind"))),
            ("Date", date),
            ("Place", place or ("" if is_call(record.get("meeting_type")) else "not reported")),
            (
                "Participants",
                "; ".join(
                    person(p["name"], p.get("title"), fmt.country(p.get("country")))
                    for p in record.get("participants", [])
                ),
            ),
            (
                "Topics",
                ", ".join(label(labels, "topics", t) or t for t in record.get("topics", [])),
            ),
            (
                "Agreements",
                "; ".join(
                    f"{a['name']} ({label(labels, 'statuses', a['status'])})"
                    for a in record.get("agreements", [])
                ),
            ),
            ("Figures", "; ".join(figures)),
            ("Next steps", "; ".join(s["text"] for s in record.get("next_steps", []))),
            ("Relationship", (record.get("relationship") or {}).get("level") or ""),
            ("Sources disagree on", ", ".join(sorted(set(disagree)))),
            (
                "Sources",
                f"{len(sources)} report{'s' if len(sources) != 1 else ''}"
                + (f": {', '.join(outlets)}" if outlets else ""),
            ),
        ],
    }


def message_context(
    briefings: Sequence[Briefing],
    config: Config,
    labels: Labels,
    history: Mapping[str, Sequence[Delivery]] | None = None,
) -> dict[str, Any]:
    """What the e-mail templates see: ``report`` (organisation, classification),
    ``update`` (some briefing was mailed before), ``n_updates`` and ``briefings``, each
    with ``id``, ``heading``, ``update``, ``changes`` (lines), ``link`` (the HTML note
    under ``[email] base_url``, or None), ``disagree`` (fields) and ``facts`` ((label,
    value) pairs; a value may be empty, templates show the filled ones)."""
    from briefing.render.fmt import Formatter

    fmt = Formatter(config.report.locale, config.report.timezone)
    history = history or {}
    items = [
        _key_facts(b, fmt, labels, history.get(b.id, ()), config.email.base_url) for b in briefings
    ]
    report = config.report
    return {
        "report": {"organisation": report.organisation, "classification": report.classification},
        "update": any(i["update"] for i in items),
        "n_updates": sum(i["update"] for i in items),
        "briefings": items,
    }


def render_message(
    briefings: Sequence[Briefing],
    config: Config,
    templates: Path | None = None,
    history: Mapping[str, Sequence[Delivery]] | None = None,
) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the message for ``briefings``. TemplateError (file
    and line) for a broken template."""
    from briefing.render.labels import load_labels
    from briefing.render.loader import make_environment, search_path, template_error

    dirs = search_path(config, templates)
    context = message_context(briefings, config, load_labels(dirs), history)
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
    briefings: Sequence[Briefing],
    config: Config,
    key: str,
    templates: Path | None = None,
    history: Mapping[str, Sequence[Delivery]] | None = None,
) -> EmailMessage:
    """The message for ``briefings`` (one, or several in a digest), without recipients.
    ``history``: the earlier mails of each meeting (``SentLog.mailed``); a message about
    one meeting mailed before replies to them."""
    if not briefings:
        raise ValueError("compose() needs at least one briefing")
    subject, text, html = render_message(briefings, config, templates, history)
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = subject
    msg["From"] = config.email.sender or "briefing@localhost"
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg["Message-ID"] = message_id(key, config)
    earlier = (history or {}).get(briefings[0].id, ()) if len(briefings) == 1 else ()
    if earlier:
        ids = list(dict.fromkeys([earlier[0].thread, *(d.message_id for d in earlier)]))
        msg["In-Reply-To"] = ids[-1]
        msg["References"] = " ".join([ids[0], *ids[1:][-MAX_REFERENCES:]])
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
