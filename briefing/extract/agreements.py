"""Documents of the two states: signed at the meeting, referenced, or proposed.

Names come from ``agreement_names`` (one entry per named document; one entry for a
count of unnamed ones). Left out: documents with a third party (a state outside the
meeting or an international organisation named in or right after the name: "the
status-of-forces pact with X", "the UN Charter") and documents of
companies (``agreement_names``).

Status is a weighing of the words around the name: cues of hopes, drafts and
negotiations (proposed), of implementation, anniversaries and reviews (referenced), of
signing and adoption (signed), which of them is nearest, a same-day phrase ("today",
"following the talks") or a past date near the name, a year in the name, the status of a
list's lead-in line. The weights are fitted on the development reports
(``scripts/fit_fact_weights.py``, ``data/fact_weights.yaml``). A document listed right
after another ("a memorandum on X and an agreement on Y") shares its fate. The date is
the same-day phrase of a signed document, the past date of a referenced one. Later
mentions of the same document ("the Declaration" after "the Joint Declaration on ...",
"eight deals" after "eight memoranda") are merged into the first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from briefing.extract.agreement_names import INSIDE, INTRODUCER, find_names
from briefing.extract.agreement_parties import foreign_states, third_party
from briefing.extract.agreement_rules import Name, Rules, rules
from briefing.extract.fact_weights import choose
from briefing.extract.nlp import Sentence
from briefing.extract.periods import Mention, find_dates, resolve_date_expr
from briefing.model import Agreement

_CUE_BEFORE = 70  # characters before a name searched for status cues
_CUE_AFTER = 40
_STATUS_RANK = {"signed": 0, "proposed": 1, "referenced": 2}
STATUSES = ("proposed", "referenced", "signed")
_MODELS = {s: f"status_{s}" for s in STATUSES}
_DATE_AFTER = 25  # a date further after a name just signed belongs to another clause
_SIGNED_BEFORE = 30  # "signed a" / "the signing of" right before the name
_SAME_DAY = "at the meeting"  # date_expr of a document signed at the meeting, undated
_CLAUSE = re.compile(r",\s*(?:and|while|whereas|but)\b|;")  # a new clause starts
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is to be|are to be|expected to|set to|plan(?:s|ned)? to)\b", re.I
)
# The end of a gap before the next name of an enumeration, when an aside stands between
# ("signed a memorandum on X, including Y and Z, and a memorandum on W")
_LIST_TAIL = re.compile(
    r"(?:,|,?\s+and|,?\s+as well as|,?\s+along with|,?\s+together with)"
    r"\s+(?:(?:an?|the)\s+)?$",
    re.I,
)
# A list item line ("- Agreement on ...", "* Roadmap ...", "2) Memorandum ...")
_BULLET = re.compile(r"^\s*(?:[-*•–—·]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_BULLET_GAP = re.compile(r"[;,.]?\s*\n\s*(?:[-*•–—·]|\(?\d{1,2}[.)])\s+")
# Between two names of one enumeration ("a memorandum ..., a programme ... and an agreement")
_LIST_LINK = re.compile(
    r"\s*(?:\([^()]{1,15}\))?\s*(?:,|,?\s*and|,?\s*as well as|,?\s*or|"
    r",?\s*along with|,?\s*together with)\s+(?:(?:an?|the)\s+)?",
    re.I,
)


@dataclass
class DocCandidate:
    """A document as read, with the features its status was weighed on. ``weighed`` is
    False for a document that took its status from the one listed before it."""

    agreement: Agreement
    features: dict[str, float]
    weighed: bool = True
    count: int | None = None  # a count entry's number (0: "several")
    itemised: bool = False  # a count entry whose documents are named one by one

    @property
    def name(self) -> str:
        return self.agreement.name


def extract_agreements(
    sentences: list[Sentence], anchor: datetime.date | None, countries: list[str] | None = None
) -> list[Agreement]:
    """Documents of the two states (``countries``) named in the story, once each, with
    status, date and evidence."""
    return _merge(agreement_candidates(sentences, anchor, countries))


def agreement_candidates(
    sentences: list[Sentence], anchor: datetime.date | None, countries: list[str] | None = None
) -> list[DocCandidate]:
    """Every document mention of the story with its status features, before merging."""
    r = rules()
    out: list[DocCandidate] = []
    lead_in: str | None = None  # status told by a list's lead-in line
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if not (lead_in and _BULLET.match(text)):
            lead_in = _nearest_cue(text, "", r) if text.rstrip().endswith(":") else None
            default = None
        else:
            default = lead_in
        if r.may_name_document(text) and r.kinds.search(text):
            out.extend(_read_sentence(sentence, anchor, r, default, index, countries or []))
    return out


def reports_documents(text: str) -> bool:
    """Does ``text`` report a document signed or to be signed ("A memorandum on energy
    was signed.")? Such a paragraph belongs to the story of a meeting even when it names
    neither side."""
    r = rules()
    return (
        r.may_name_document(text)
        and bool(r.kinds.search(text))
        and bool(r.signed.search(text) or r.proposed.search(text))
    )


def _nearest_cue(before: str, after: str, r: Rules) -> str | None:
    """Status told by the cue word nearest the name ("the upcoming review of the
    Agreement": referenced), or None when the words say nothing; on a tie proposed wins
    over referenced, and referenced over signed."""
    nearest = next(k for k in _cue_features(before, after, r) if k.startswith("nearest_"))
    return None if nearest == "nearest_none" else nearest[len("nearest_") :]


def _cue_features(before: str, after: str, r: Rules) -> dict[str, float]:
    """Which status cues stand before and after the name, which is nearest (on a tie
    proposed before referenced before signed), and a signing word right before it."""
    out: dict[str, float] = {}
    best: tuple[int, int, str] | None = None
    for rank, (status, cue) in enumerate(
        (("proposed", r.proposed), ("referenced", r.referenced), ("signed", r.signed))
    ):
        dists = [len(before) - m.end() for m in cue.finditer(before)]
        if dists:
            out[f"cue_{status}_before"] = 1.0
        first = cue.search(after)
        if first:
            out[f"cue_{status}_after"] = 1.0
            dists.append(first.start())
        if dists and (best is None or (min(dists), rank) < best[:2]):
            best = (min(dists), rank, status)
    out["nearest_" + (best[2] if best else "none")] = 1.0
    if r.signed.search(before[-_SIGNED_BEFORE:]):
        out["signed_right_before"] = 1.0
    return out


def _read_sentence(
    sentence: Sentence,
    anchor: datetime.date | None,
    r: Rules,
    default: str | None,
    index: int,
    countries: list[str],
) -> list[DocCandidate]:
    """Documents of one sentence; ``default`` is the status of a list item's lead-in
    ("The following documents were signed:")."""
    text = sentence.text
    names = find_names(text, r)
    dates = find_dates(text)
    found: list[DocCandidate] = []
    states = foreign_states(text, countries) if names else []
    third = [third_party(n, text, states) for n in names]
    said = _sentence_cues(text, r) if names else {}
    for i, name in enumerate(names):
        lo = names[i - 1].end if i else 0
        hi = names[i + 1].start if i + 1 < len(names) else len(text)
        before = text[max(lo, name.start - _CUE_BEFORE) : name.start]
        # before the next name, a cue nearer to it than to this one is that name's
        # ("the 2022 agreement on ... and of the early conclusion of a Code of Conduct")
        reach = (hi - name.end) // 2 if i + 1 < len(names) else _CUE_AFTER
        after = text[name.end : name.end + min(reach, _CUE_AFTER)]
        features = _cue_features(before, after, r)
        gap = text[lo : name.start]
        aside = (
            "nearest_none" in features
            and (_LIST_TAIL.search(gap) is not None or _BULLET_GAP.fullmatch(gap) is not None)
            and not any(lo <= d.start < name.start for d in dates)
        )
        if third[i]:
            continue  # read only as a boundary of its neighbours' cues
        itemised = i > 0 and names[i - 1].count is not None and INTRODUCER.search(gap)
        if found and (aside or itemised or _LIST_LINK.fullmatch(gap)):  # same fate
            prev = found[-1].agreement
            ag = Agreement(name.text, prev.status, prev.date, prev.date_expr, [sentence.evidence()])
            found.append(DocCandidate(ag, features, False, name.count, name.itemised))
            continue
        past, today = _dates(text, dates, names, i, before, anchor, r)
        features.update(said)
        features.update(_context_features(name, past, today, default, index, anchor))
        status = choose(_MODELS, features)
        expr = None
        if status == "signed":
            expr = today.text if today is not None else _SAME_DAY
        elif status == "referenced" and past is not None:
            expr = past.text
        date = resolve_date_expr(expr, anchor) if expr else None
        ag = Agreement(name.text, status, date, expr, [sentence.evidence()])
        found.append(DocCandidate(ag, features, True, name.count, name.itemised))
    return found


def _sentence_cues(text: str, r: Rules) -> dict[str, float]:
    """Status cues anywhere in the sentence, and a future tense."""
    out = {
        "sentence_" + status: 1.0
        for status, cue in (
            ("proposed", r.proposed),
            ("referenced", r.referenced),
            ("signed", r.signed),
        )
        if cue.search(text)
    }
    if _FUTURE.search(text):
        out["sentence_future"] = 1.0
    return out


def _context_features(
    name: Name,
    past: Mention | None,
    today: Mention | None,
    default: str | None,
    index: int,
    anchor: datetime.date | None,
) -> dict[str, float]:
    """Features of the dates around a name: a same-day phrase, a date before the meeting,
    a day that may be the meeting's own (no meeting date known), a year in the name; the
    status of a list's lead-in, a count entry, the story's first sentence."""
    out: dict[str, float] = {}
    if today is not None:
        out["date_today"] = 1.0
    if past is not None and past is name.year:
        out["name_year"] = 1.0
    elif past is not None:
        out["date_past" if anchor is not None or not _is_day(past.text) else "date_day"] = 1.0
    if default:
        out["lead_in_" + default] = 1.0
    if name.count is not None:
        out["count_entry"] = 1.0
    if index == 0:
        out["first_sentence"] = 1.0
    return out


def _dates(
    text: str,
    dates: list[Mention],
    names: list[Name],
    i: int,
    before: str,
    anchor: datetime.date | None,
    r: Rules,
) -> tuple[Mention | None, Mention | None]:
    """(past date, same-day phrase) that date the name ``names[i]``, either None."""
    name = names[i]
    lo = names[i - 1].end if i else 0
    hi = names[i + 1].start if i + 1 < len(names) else len(text)
    # after an earlier document, the dates before this name belong to that one
    past = _nearest(text, dates, name, name.end if i else lo, hi, False, anchor) or _nearest(
        text, dates, name, lo, hi, False, anchor
    )
    today = _nearest(
        text,
        dates,
        name,
        max(lo, name.start - _CUE_BEFORE),
        min(hi, name.end + _CUE_AFTER),
        True,
        anchor,
    )
    if past is not None and today is not None:
        if _dist(name, past) > _dist(name, today):
            past = None  # the same-day phrase is the one that dates this document
        else:
            today = None  # "During the meeting, ... the Declaration, adopted last July"
    if (
        past is not None
        and past.start - name.end > _DATE_AFTER
        and r.signed.search(before[-_SIGNED_BEFORE:])
    ):
        past = None  # "signed a declaration ..., raising ties set up in 2013"
    if (
        past is not None
        and i
        and past.end <= name.start
        and r.signed.search(text, past.end, name.start)
    ):
        past = None  # "the Treaty signed in 2008 and adopted a declaration"
    if past is None and today is None:
        past = name.year
    return past, today


def _is_day(expr: str) -> bool:
    """A date written to the day ("12 May 2023", "February 16"), which may be the
    meeting's own when the meeting date is unknown; a month or a year ("in July 2024")
    dates an earlier event."""
    value = resolve_date_expr(expr, datetime.date(2001, 6, 15))
    return value is not None and len(value) == 10


def _nearest(
    text: str,
    dates: list[Mention],
    name: Name,
    lo: int,
    hi: int,
    same_day: bool,
    anchor: datetime.date | None,
) -> Mention | None:
    """The date phrase between ``lo`` and ``hi`` closest to the name, of one sort:
    same-day phrases ("today") or dated ones ("last July"). A date before the name in an
    earlier clause ("trade grew in 2023, and the Agreement ...") does not date it."""
    best: tuple[int, Mention] | None = None
    for d in dates:
        if d.start < lo or d.end > hi or name.start <= d.start < name.end:
            continue
        if d.end <= name.start and _CLAUSE.search(text, d.end, name.start):
            continue
        if _is_same_day(d.text, anchor) != same_day:
            continue
        if best is None or _dist(name, d) < best[0]:
            best = (_dist(name, d), d)
    return best[1] if best else None


def _dist(name: Name, d: Mention) -> int:
    return name.start - d.end if d.end <= name.start else d.start - name.end


def _is_same_day(expr: str, anchor: datetime.date | None) -> bool:
    """Phrases that date the meeting itself ("today", "following the talks", "on Tuesday",
    the meeting's own date) rather than an earlier event ("last July", "in 2019").
    Without an anchor only relative phrases can tell."""
    probe = anchor or datetime.date(2000, 1, 5)
    value = resolve_date_expr(expr, probe)
    if value is None or len(value) != 10:
        return False
    if anchor is None and resolve_date_expr(expr, datetime.date(2001, 6, 15)) == value:
        return False  # an absolute date: cannot say without the meeting date
    return 0 <= (probe - datetime.date.fromisoformat(value)).days < 7


def _words(name: str) -> set[str]:
    return {
        w for w in re.findall(r"\w+", name.lower()) if w not in INSIDE and w not in {"joint", "s"}
    }


def _same_document(a: DocCandidate, b: DocCandidate) -> bool:
    """Two mentions of one document: same kind, one name's words inside the other's, and
    written in different sentences ("a Joint Statement and a Joint Statement on ...");
    or two counts of the same number ("eight memoranda", "eight new deals")."""
    x, y = a.agreement, b.agreement
    if x.evidence[:1] == y.evidence[:1]:
        return False  # two names in one sentence are two documents
    if a.count is not None or b.count is not None:
        # the same number, or a count without one ("several accords") of a
        # numbered set of the same status ("nine deals signed in August")
        return (
            a.count is not None
            and b.count is not None
            and (a.count == b.count or not (a.count and b.count))
            and (a.count == b.count or x.status == y.status)
        )
    if _head(x.name) != _head(y.name):
        return False
    wa, wb = _words(x.name), _words(y.name)
    if not (wa <= wb or wb <= wa):
        return False
    # "Declaration on Strategic Partnership" (2013) is not the later "Declaration on
    # Comprehensive Strategic Partnership": a name of its own, differing by a level word
    short = min(wa, wb, key=len)
    own = short - set(_head(x.name).split()) - {"declaration", "memorandum", "agreement"}
    return not (own and (wa ^ wb) & rules().distinct)


def _head(name: str) -> str:
    m = rules().kinds.search(name)
    if not m:
        return name.lower()
    head = m.group(0).lower().split()[-1].rstrip("s")
    return "memorandum" if "memorand" in head else head


def _told(c: DocCandidate) -> bool:
    """Did words around the mention say its status (not only the weights' default)?"""
    return "nearest_none" not in c.features or "date_today" in c.features


def _merge(mentions: list[DocCandidate]) -> list[Agreement]:
    """Mentions of one document as one entry (the longest name, the strongest status);
    a count entry whose documents are named one by one somewhere gives way to them."""
    itemised = {c.count for c in mentions if c.itemised}
    listed = {c.agreement.status for c in mentions if c.itemised}
    firsts: list[DocCandidate] = []
    for c in mentions:
        if c.count is not None and (
            c.count in itemised or (c.count == 0 and c.agreement.status in listed)
        ):
            continue  # the set is named one by one; "several deals" was that set too
        first = next((f for f in firsts if _same_document(f, c)), None)
        if first is None:
            firsts.append(c)
            continue
        twin, ag = first.agreement, c.agreement
        # the longer name, but a count with a number over one without ("several")
        if (bool(c.count), len(ag.name)) > (bool(first.count), len(twin.name)):
            twin.name = ag.name
            first.count = c.count
        told, was_told = _told(c), _told(first)
        if (told and not was_told) or (
            told == was_told and _STATUS_RANK[ag.status] < _STATUS_RANK[twin.status]
        ):
            twin.status, twin.date, twin.date_expr = ag.status, ag.date, ag.date_expr
        elif twin.date is None and twin.date_expr is None and ag.status == twin.status:
            twin.date, twin.date_expr = ag.date, ag.date_expr
        twin.evidence.extend(e for e in ag.evidence if e not in twin.evidence)
    return [f.agreement for f in firsts]
