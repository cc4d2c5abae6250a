"""What a briefing's mail is about, and what changed since the last mail about it.

A briefing is mailed again only when its *facts* changed: the meeting's kind, date and
place, its people, topics, documents, figures, relationship, next steps and the fields
its reports disagree on. Not when its look changed (templates, accent colour, formats),
nor with a new release, nor when one more report merely confirms what the others said.
``facts_digest`` keeps those facts as ids and numbers (small enough for the sent-log);
``facts_key`` hashes them; ``changes`` words the difference between two digests for the
"what changed" list of an update, with the labels and locale of the note.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from briefing.render.fmt import Formatter, person
from briefing.render.labels import Labels, kind_text, label


def _sorted(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda x: json.dumps(x, ensure_ascii=False))


def facts_digest(record: dict[str, Any]) -> dict[str, Any]:
    """The facts of a meeting record (``Meeting.to_dict()``) that a mail reports, plus its
    sources (listed in an update, not part of ``facts_key``)."""
    kind = record.get("meeting_kind") or {}
    loc = record.get("location") or {}
    rel = record.get("relationship") or {}
    figures = [
        [
            f["metric"],
            f.get("period") or f.get("period_expr"),
            f.get("value_usd"),
            f.get("value"),
            f.get("currency"),
            f.get("change_pct"),
            f.get("direction"),
            bool(f.get("derived")),
            bool(f.get("approximate")),
        ]
        for f in record.get("figures", [])
    ]
    return {
        "facts": {
            "type": record.get("meeting_type"),
            "kind": [kind.get("kind"), kind.get("event")],
            "date": record.get("date"),
            "place": [loc.get("city"), loc.get("country")],
            "participants": _sorted(
                [
                    [p["name"], p.get("title"), p.get("country")]
                    for p in record.get("participants", [])
                ]
            ),
            "topics": sorted(record.get("topics", [])),
            "agreements": _sorted(
                [[a["name"], a["status"], a.get("date")] for a in record.get("agreements", [])]
            ),
            "figures": _sorted(figures),
            "relationship": [rel.get("level"), rel.get("previous_level"), rel.get("since")],
            "next_steps": sorted(s["text"] for s in record.get("next_steps", [])),
            "disagree": sorted({c["field"] for c in record.get("conflicts", [])}),
        },
        "sources": _sorted(
            [[s.get("publisher"), s.get("published")] for s in record.get("sources", [])]
        ),
    }


def facts_key(digest: dict[str, Any]) -> str:
    """Same facts -> same key, whatever the run, the look or the release."""
    text = json.dumps(digest["facts"], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def figure_words(f: list[Any], fmt: Formatter, labels: Labels) -> tuple[str, str]:
    """("Trade turnover, 2024", "$3.7 billion, +20%") for a digest figure."""
    metric, period, usd, value, currency, change, _direction, derived, approx = f
    name = label(labels, "metrics", metric) or metric
    when = fmt.period(period) if period else None
    amount = fmt.money(usd, approx or derived) or fmt.money(value, approx or derived, currency)
    words = ", ".join(x for x in (amount, fmt.percent(change, approx)) if x)
    return (f"{name}, {when}" if when else name), words or "–"


def _people(rows: list[list[Any]], fmt: Formatter) -> dict[str, str]:
    return {row[0]: person(row[0], row[1], fmt.country(row[2])) for row in rows}


def changes(
    before: dict[str, Any], after: dict[str, Any], fmt: Formatter, labels: Labels
) -> list[str]:
    """What changed from the digest of the last mail to this one, worded for a reader:
    one line per change, in the order of the note."""
    old, new = before["facts"], after["facts"]
    out: list[str] = []

    def was(what: str, a: str | None, b: str | None) -> None:
        if a != b:
            out.append(f"{what}: {a or 'not reported'} → {b or 'not reported'}")

    was(
        "Type",
        kind_text(labels, old["type"], {"kind": old["kind"][0], "event": old["kind"][1]}),
        kind_text(labels, new["type"], {"kind": new["kind"][0], "event": new["kind"][1]}),
    )
    was("Date", fmt.date(old["date"]), fmt.date(new["date"]))
    was("Place", fmt.place(*old["place"]), fmt.place(*new["place"]))
    was_people, now_people = _people(old["participants"], fmt), _people(new["participants"], fmt)
    out += [f"New participant: {now_people[n]}" for n in now_people if n not in was_people]
    out += [f"No longer named: {was_people[n]}" for n in was_people if n not in now_people]
    was_docs = {a[0]: a for a in old["agreements"]}
    for name, doc in {a[0]: a for a in new["agreements"]}.items():
        status = label(labels, "statuses", doc[1])
        if name not in was_docs:
            out.append(f"New document: {name} ({status})")
        elif was_docs[name][1] != doc[1]:
            out.append(f"{name}: {label(labels, 'statuses', was_docs[name][1])} → {status}")
    was_figs = dict(figure_words(f, fmt, labels) for f in old["figures"])
    for what, words in dict(figure_words(f, fmt, labels) for f in new["figures"]).items():
        if what not in was_figs:
            out.append(f"New figure: {what}: {words}")
        elif was_figs[what] != words:
            out.append(f"{what}: {was_figs[what]} → {words}")
    was("Relationship", old["relationship"][0], new["relationship"][0])
    added = [label(labels, "topics", t) for t in new["topics"] if t not in old["topics"]]
    if added:
        out.append("Topics added: " + ", ".join(t for t in added if t))
    out += [f"Next step: {s}" for s in new["next_steps"] if s not in old["next_steps"]]
    disputed = [label(labels, "fields", f) for f in new["disagree"] if f not in old["disagree"]]
    if disputed:
        out.append("Sources now disagree on: " + ", ".join(f for f in disputed if f))
    old_sources = [tuple(s) for s in before.get("sources", [])]
    for publisher, published in after.get("sources", []):
        if (publisher, published) not in old_sources:
            day = fmt.date(published)
            out.append(f"New report: {publisher or 'unknown outlet'}" + (f", {day}" if day else ""))
    return out
