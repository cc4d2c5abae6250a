"""Named documents of the two states: signed at the meeting, referenced, or proposed.

A document is found by its kind ("Joint Statement", "memorandum of understanding",
"agreement", from ``data/agreements.yaml``); its name is the kind plus the modifiers
before it ("reciprocal visa waiver agreement") and a continuation after it ("... on the
establishment of a comprehensive strategic partnership"), cut at verbs, time words and
punctuation. A bare kind ("the agreements") only refers back and is skipped, as are
counted sets of unnamed documents ("24 memorandums of understanding", "several MoUs")
and documents of companies, banks or regions.

Status comes from the words around the name: hopes, drafts and negotiations make it
proposed; implementation, anniversaries and past dates make it referenced; "signed"
with no earlier date, or a same-day phrase ("today", "following the meeting"), makes it
signed at this meeting; a past date in a later clause does not move a document that was
"signed" right before its name to the past. Later mentions of the same document ("the
Declaration" after "the Joint Declaration on ...") are merged into the first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.nlp import Sentence
from briefing.extract.periods import Mention, find_dates, resolve_date_expr
from briefing.extract.vocab import alternation, load_data
from briefing.model import Agreement

_TOKEN = re.compile(r"\w[\w'’\-&/]*(?:\.\w+)*|[^\w\s]")
_MAX_MODIFIERS = 6
_MAX_CONTINUATION = 30
_CUE_BEFORE = 70  # characters before a name searched for status cues
_CUE_AFTER = 40
_INSIDE = {"a", "an", "the", "of", "on", "for", "between", "and", "about"}
_SECOND_OBJECT = {"of", "on", "to", "for"}  # "X and of Y": a second object, not the name
_STATUS_RANK = {"signed": 0, "proposed": 1, "referenced": 2}
_DATE_AFTER = 25  # a date further after a name just signed belongs to another clause
_SIGNED_BEFORE = 30  # "signed a" / "the signing of" right before the name
_SAME_DAY = "at the meeting"  # date_expr of a document signed at the meeting, undated
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_CLAUSE = re.compile(r",\s*(?:and|while|whereas|but)\b|;")  # a new clause starts
# Between two names of one enumeration ("a memorandum ..., a programme ... and an agreement")
# (an acronym in brackets may close the first name: "... Agreement (CEPA), along with a ...")
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
# "Three memoranda were signed: on X, on Y, and on Z": the documents named by subject
_COLON_INTRO = re.compile(r"[^.;:]{0,40}?:\s*")
_ITEM_OPEN = re.compile(r"(?:on|in\s+the\s+fields?\s+of|concerning|regarding)\s", re.I)
_ITEM_SEP = re.compile(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+", re.I)
_LIST_LINK = re.compile(
    r"\s*(?:\([^()]{1,15}\))?\s*(?:,|,?\s*and|,?\s*as well as|,?\s*or|"
    r",?\s*along with|,?\s*together with)\s+(?:(?:an?|the)\s+)?",
    re.I,
)


@dataclass(frozen=True)
class _Rules:
    kinds: re.Pattern[str]
    ambiguous: frozenset[str]
    named_kinds: frozenset[str]
    connectors: re.Pattern[str]
    inner: re.Pattern[str]
    in_after: frozenset[str]
    dropped: frozenset[str]
    stop: frozenset[str]
    weak: frozenset[str]
    non_state: re.Pattern[str]
    not_document: re.Pattern[str]
    distinct: frozenset[str]  # words that make two names two documents
    body: re.Pattern[str]
    proposed: re.Pattern[str]
    signed: re.Pattern[str]
    referenced: re.Pattern[str]
    hints: tuple[str, ...]  # a sentence without any of these names no document

    def may_name_document(self, text: str) -> bool:
        low = text.lower()
        return any(h in low for h in self.hints)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    d = load_data("agreements.yaml")
    # a capitalised "Partnership" is a document only when it is said to be signed
    signed_only = "|".join(re.escape(k) for k in d["signed_only_kinds"])
    kinds = (
        rf"(?i:{alternation(d['kinds'])})|{alternation(d['acronym_kinds'])}"
        rf"|\b(?:{signed_only})(?=,?\s+(?:signed|inked|concluded)\b)"
    )
    return _Rules(
        kinds=re.compile(kinds),
        ambiguous=frozenset(k.lower() for k in d["ambiguous_kinds"]),
        named_kinds=frozenset(" ".join(k.lower().split()) for k in d["named_kinds"]),
        connectors=re.compile(rf"\s+(?:{alternation(d['connectors'])})\s", re.I),
        inner=re.compile(alternation(d["inner_connectors"]), re.I),
        in_after=frozenset(w.lower() for w in d["in_after"]),
        dropped=frozenset(w.lower() for w in d["dropped_modifiers"]),
        stop=frozenset(w.lower() for w in d["stop_words"]),
        weak=frozenset(w.lower() for w in d["weak_modifiers"]),
        non_state=re.compile(alternation(d["non_state_parties"]), re.I),
        not_document=re.compile(rf"(?:{alternation(d['not_documents'])})\s+$", re.I),
        distinct=frozenset(w.lower() for w in d["distinct_modifiers"]),
        body=re.compile(rf"\s+(?:{alternation(d['body_words'])})"),
        proposed=re.compile(alternation(d["proposed"]), re.I),
        signed=re.compile(alternation(d["signed"]), re.I),
        referenced=re.compile(alternation(d["referenced"]), re.I),
        hints=tuple(
            {
                max(k.split(), key=len).lower()[:6]
                for k in d["kinds"] + d["acronym_kinds"] + d["signed_only_kinds"]
            }
        ),
    )


@dataclass
class _Name:
    start: int
    end: int
    text: str
    year: Mention | None = None  # "the 1951 Mutual Defense Treaty": dated by its name


def _modifiers(text: str, start: int, rules: _Rules) -> list[tuple[int, str]]:
    """The modifier words written right before the kind, with their offsets."""
    words: list[tuple[int, str]] = []
    tokens = list(_TOKEN.finditer(text[:start]))[-_MAX_MODIFIERS:]
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i].group(0)
        if _title_link(word, tokens[i - 1].group(0) if i else "", words):
            words.insert(0, (tokens[i].start(), word))
            continue
        if not word[0].isalnum() or word.lower() in rules.stop or re.search(r"['’]", word):
            break
        words.insert(0, (tokens[i].start(), word))
    return words


def _title_link(word: str, left: str, right: list[tuple[int, str]]) -> bool:
    """ "and" / "of" inside a capitalised title ("Comprehensive Economic Cooperation and
    Partnership Agreement"): both neighbours are capitalised words."""
    return (
        word in {"and", "of", "for", "&"}
        and bool(right)
        and right[0][1][:1].isupper()
        and left[:1].isupper()
        and left[:1].isalpha()
    )


def _continuation_end(text: str, end: int, limit: int, title: bool, rules: _Rules) -> int:
    """End of the continuation after the kind ("on ... between A and B"), or ``end``.
    It stops at a stop word, punctuation or ``limit`` (where the next document starts);
    "in" goes on in a capitalised title ("Programme of Cooperation in Culture")."""
    opener = rules.connectors.match(text, end)
    if not opener or opener.end() > limit:
        return end
    tokens = list(_TOKEN.finditer(text[:limit], opener.end()))[:_MAX_CONTINUATION]
    kept: list[re.Match[str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.group(0).lower()
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        inner = rules.inner.match(text, tok.start())
        if inner:
            while i < len(tokens) and tokens[i].end() <= inner.end():
                kept.append(tokens[i])
                i += 1
            continue
        if word == ",":
            listed = _comma_list(text, tok.start(), rules)
            if listed is None:
                break
            while i < len(tokens) and tokens[i].end() <= listed:
                kept.append(tokens[i])
                i += 1
            continue
        if not word[0].isalnum():
            break
        prev = kept[-1].group(0).lower() if kept else ""
        if _YEAR_WORD.fullmatch(word) and prev in {"of", "in", "from", "since"}:
            break  # "Treaty on ... of 1999": the year dates the document, it is no name
        if word == "in" and ((title and nxt[:1].isupper()) or prev in rules.in_after):
            kept.append(tok)
        elif _ends_name(word, nxt, rules):
            break
        else:
            kept.append(tok)
        i += 1
    while kept and kept[-1].group(0).lower() in _INSIDE | {"in"}:
        kept.pop()
    return kept[-1].end() if kept else end


_COMMA_LIST = re.compile(r"(?:,\s*[\w\-]+(?:\s+[\w\-]+)?)+,?\s+and\s+[\w\-]+")


def _comma_list(text: str, pos: int, rules: _Rules) -> int | None:
    """End of an enumeration that continues a name at the comma at ``pos`` ("..., trade
    and health", "Friendship, Cooperation and Mutual Assistance"), or None."""
    m = _COMMA_LIST.match(text, pos)
    if not m or any(
        w.lower() in rules.stop and w.lower() != "and" for w in re.findall(r"[\w\-]+", m.group(0))
    ):
        return None
    return m.end()


def _ends_name(word: str, nxt: str, rules: _Rules) -> bool:
    """A stop word ends a name; so does "and" before a stop word, a preposition that
    opens a second object ("... economic zone and of the early conclusion of ...") or a
    lower-case past tense ("... for 2025-2030 and attended the exchange ...")."""
    if word in rules.stop and word not in _INSIDE:
        return True
    if word != "and":
        return False
    return (
        not nxt
        or not nxt[0].isalnum()
        or (nxt.lower() in rules.stop and nxt.lower() not in _INSIDE)
        or nxt in _SECOND_OBJECT
        or (nxt.islower() and nxt.endswith("ed"))
    )


def _names(text: str, rules: _Rules) -> list[_Name]:
    names: list[_Name] = []
    kinds = list(rules.kinds.finditer(text))
    for k, m in enumerate(kinds):
        kind = m.group(0)
        limit = kinds[k + 1].start() if k + 1 < len(kinds) else len(text)
        end = _continuation_end(text, m.end(), limit, kind[0].isupper(), rules)
        modifiers = _modifiers(text, m.start(), rules)
        start = modifiers[0][0] if modifiers else m.start()
        if names and start < names[-1].end:
            continue
        # a plural kind without a name is a set of unnamed documents ("24 memorandums of
        # understanding"); a count is not a name
        plural = any(w.endswith("s") or w == "memoranda" for w in kind.lower().split())
        named = (
            end > m.end()
            or (" ".join(kind.lower().split()) in rules.named_kinds and not plural)
            or any(
                w.lower() not in rules.weak and not (plural and w.isdigit()) for _, w in modifiers
            )
        )
        if kind.lower() in rules.ambiguous and end == m.end() and not kind[0].isupper():
            named = False
        if not named and plural:
            listed = _colon_items(text, m.end(), kind)
            if listed:
                names.extend(listed)
                continue
            one = _ONE_OF.match(text, m.end())
            one_end = _continuation_end(text, one.end(), limit, False, rules) if one else 0
            if one and one_end > one.end():
                # "memorandums were exchanged, including one on migrant workers"
                names.append(
                    _Name(one.start("one"), one_end, _singular(kind) + text[one.end() : one_end])
                )
            continue
        if not named or rules.not_document.search(text[:start]) or rules.body.match(text, m.end()):
            continue
        while modifiers and (
            modifiers[0][1].lower() in rules.dropped or (plural and modifiers[0][1].isdigit())
        ):
            modifiers.pop(0)
        year = None
        if modifiers and _YEAR_WORD.fullmatch(modifiers[0][1]):
            pos, word = modifiers.pop(0)
            year = Mention(pos, pos + len(word), word)
            if (
                not modifiers
                and end == m.end()
                and " ".join(kind.lower().split()) not in rules.named_kinds
            ):
                continue  # "the 2015 agreement" names no document
        start = modifiers[0][0] if modifiers else m.start()
        name = text[start:end]
        after = text[end : end + 60]
        party = re.match(r"\s*(?:with|between|among|by|of)\s+(?:\S+\s+){0,4}?\S+", after)
        if rules.non_state.search(name) or (party and rules.non_state.search(party.group(0))):
            continue
        names.append(_Name(start, end, name, year))
    return names


# After a set of unnamed documents: one of them named by its subject.
_ONE_OF = re.compile(
    r"[^.;]{0,40}?,?\s+(?:including|among them|notably|in particular)\s+"
    r"(?P<one>one)(?=\s)",
    re.I,
)


def _colon_items(text: str, pos: int, kind: str) -> list[_Name]:
    """The documents of a plural kind listed by subject after a colon ("Three memoranda
    were signed: on X, on Y, and on Z"), each named "memorandum on X"; [] when the words
    after the colon are not all such subjects."""
    m = _COLON_INTRO.match(text, pos)
    if not m:
        return []
    end = len(text.rstrip().rstrip(".;"))
    items, cur = [], m.end()
    for sep in _ITEM_SEP.finditer(text, m.end(), end):
        if _ITEM_OPEN.match(text, sep.end()):
            items.append((cur, sep.start()))
            cur = sep.end()
    items.append((cur, end))
    if not all(_ITEM_OPEN.match(text, a) and b > a for a, b in items):
        return []
    one = _singular(kind)
    return [_Name(a, b, f"{one} {text[a:b]}") for a, b in items]


def _singular(kind: str) -> str:
    """ "memorandums of understanding" -> "memorandum of understanding": the first plural
    word of a kind made singular."""
    words = kind.split()
    for i, w in enumerate(words):
        low = w.lower()
        if low in {"memoranda", "memorandums"}:
            words[i] = w[: len("memorand")] + ("UM" if w.isupper() else "um")
        elif low.endswith("ies"):
            words[i] = w[:-3] + "y"
        elif low.endswith("s") and not low.endswith("ss"):
            words[i] = w[:-1]
        else:
            continue
        break
    return " ".join(words)


def _status(before: str, after: str, rules: _Rules) -> str | None:
    """Status told by the cue word nearest the name ("the upcoming review of the
    Agreement": referenced), or None when the words say nothing; on a tie proposed wins
    over referenced, and referenced over signed."""
    best: tuple[int, int, str] | None = None
    for rank, (status, cue) in enumerate(
        (("proposed", rules.proposed), ("referenced", rules.referenced), ("signed", rules.signed))
    ):
        dists = [len(before) - m.end() for m in cue.finditer(before)]
        dists += [m.start() for m in cue.finditer(after)]
        if dists and (best is None or (min(dists), rank) < best[:2]):
            best = (min(dists), rank, status)
    return best[2] if best else None


def _nearest(
    text: str,
    dates: list[Mention],
    name: _Name,
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


def _dist(name: _Name, d: Mention) -> int:
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


def _read_sentence(
    sentence: Sentence, anchor: datetime.date | None, rules: _Rules, default: str | None = None
) -> list[Agreement]:
    """Documents of one sentence; ``default`` is the status of a list item's lead-in
    ("The following documents were signed:"), used when the item says none itself."""
    text = sentence.text
    names = _names(text, rules)
    dates = find_dates(text)
    found = []
    for i, name in enumerate(names):
        lo = names[i - 1].end if i else 0
        hi = names[i + 1].start if i + 1 < len(names) else len(text)
        before = text[max(lo, name.start - _CUE_BEFORE) : name.start]
        # before the next name, a cue nearer to it than to this one is that name's
        # ("the 2022 agreement on ... and of the early conclusion of a Code of Conduct")
        reach = (hi - name.end) // 2 if i + 1 < len(names) else _CUE_AFTER
        after = text[name.end : name.end + min(reach, _CUE_AFTER)]
        status = _status(before, after, rules)
        gap = text[lo : name.start]
        aside = (
            status is None
            and (_LIST_TAIL.search(gap) is not None or _BULLET_GAP.fullmatch(gap) is not None)
            and not any(lo <= d.start < name.start for d in dates)
        )
        if found and (aside or _LIST_LINK.fullmatch(text[lo : name.start])):  # same fate
            prev = found[-1]
            found.append(
                Agreement(name.text, prev.status, prev.date, prev.date_expr, [sentence.evidence()])
            )
            continue
        status = status or default
        date, expr = None, None
        if status != "proposed":
            # after an earlier document, the dates before this name belong to that one
            past = _nearest(
                text, dates, name, name.end if i else lo, hi, False, anchor
            ) or _nearest(text, dates, name, lo, hi, False, anchor)
            today = _nearest(
                text,
                dates,
                name,
                max(lo, name.start - _CUE_BEFORE),
                min(hi, name.end + _CUE_AFTER),
                True,
                anchor,
            )
            if past is not None and today is not None and _dist(name, past) > _dist(name, today):
                past = None  # the same-day phrase is the one that dates this document
            if (
                past is not None
                and past.start - name.end > _DATE_AFTER
                and rules.signed.search(before[-_SIGNED_BEFORE:])
            ):
                past = None  # "signed a declaration ..., raising ties set up in 2013"
            if (
                past is not None
                and i
                and past.end <= name.start
                and rules.signed.search(text, past.end, name.start)
            ):
                past = None  # "the Treaty signed in 2008 and adopted a declaration"
            if past is None and today is None:
                past = name.year
            if status is None:
                status = "signed" if today is not None and past is None else "referenced"
            elif status == "signed" and past is not None:
                status = "referenced"  # signed on an earlier date
            if status == "signed":
                expr = today.text if today is not None else _SAME_DAY
            elif past is not None:
                expr = past.text
            date = resolve_date_expr(expr, anchor) if expr else None
        found.append(Agreement(name.text, status, date, expr, [sentence.evidence()]))
    return found


def _words(name: str) -> set[str]:
    return {
        w for w in re.findall(r"\w+", name.lower()) if w not in _INSIDE and w not in {"joint", "s"}
    }


def _same_document(a: Agreement, b: Agreement) -> bool:
    """Two mentions of one document: same kind, one name's words inside the other's, and
    written in different sentences ("a Joint Statement and a Joint Statement on ...")."""
    ha, hb = _head(a.name), _head(b.name)
    if ha != hb or a.evidence[:1] == b.evidence[:1]:
        return False  # two names in one sentence are two documents
    wa, wb = _words(a.name), _words(b.name)
    if not (wa <= wb or wb <= wa):
        return False
    # "Declaration on Strategic Partnership" (2013) is not the later "Declaration on
    # Comprehensive Strategic Partnership": a name of its own, differing by a level word
    short = min(wa, wb, key=len)
    own = short - set(_head(a.name).split()) - {"declaration", "memorandum", "agreement"}
    return not (own and (wa ^ wb) & _rules().distinct)


def _head(name: str) -> str:
    m = _rules().kinds.search(name)
    if not m:
        return name.lower()
    head = m.group(0).lower().split()[-1].rstrip("s")
    return "memorandum" if "memorand" in head else head


def _merge(mentions: list[Agreement]) -> list[Agreement]:
    out: list[Agreement] = []
    for ag in mentions:
        twin = next((a for a in out if _same_document(a, ag)), None)
        if twin is None:
            out.append(ag)
            continue
        if len(ag.name) > len(twin.name):
            twin.name = ag.name
        if _STATUS_RANK[ag.status] < _STATUS_RANK[twin.status]:
            twin.status, twin.date, twin.date_expr = ag.status, ag.date, ag.date_expr
        elif twin.date is None and twin.date_expr is None and ag.status == twin.status:
            twin.date, twin.date_expr = ag.date, ag.date_expr
        twin.evidence.extend(e for e in ag.evidence if e not in twin.evidence)
    return out


def extract_agreements(sentences: list[Sentence], anchor: datetime.date | None) -> list[Agreement]:
    """Documents named in the story, once each, with status, date and evidence."""
    rules = _rules()
    mentions: list[Agreement] = []
    lead_in: str | None = None  # status told by a list's lead-in line
    for sentence in sentences:
        text = sentence.text
        if not (lead_in and _BULLET.match(text)):
            lead_in = _status(text, "", rules) if text.rstrip().endswith(":") else None
            default = None
        else:
            default = lead_in
        if rules.may_name_document(text) and rules.kinds.search(text):
            mentions.extend(_read_sentence(sentence, anchor, rules, default))
    return _merge(mentions)
