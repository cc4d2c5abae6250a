"""The vocabulary of document names, compiled once from ``data/agreements.yaml``: kinds
of documents, the words that may stand around a name, counts of documents, status cues;
and the shape of a name found in a sentence (``Name``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.periods import Mention
from briefing.vocab import alternation, load_data


@dataclass(frozen=True)
class Rules:
    kinds: re.Pattern[str]
    ambiguous: frozenset[str]
    named_kinds: frozenset[str]
    count_kinds: frozenset[str]  # documents only when counted ("eight deals")
    connectors: re.Pattern[str]
    inner: re.Pattern[str]
    in_after: frozenset[str]
    dropped: frozenset[str]
    stop: frozenset[str]
    weak: frozenset[str]
    non_state: re.Pattern[str]
    not_document: re.Pattern[str]
    not_document_after: re.Pattern[str]
    distinct: frozenset[str]  # words that make two names two documents
    body: re.Pattern[str]
    proposed: re.Pattern[str]
    signed: re.Pattern[str]
    referenced: re.Pattern[str]
    count: re.Pattern[str]  # a count before a kind, matched at the end of the text
    count_words: dict[str, int]
    back_reference: re.Pattern[str]  # "the two agreements": no new entry
    hints: tuple[str, ...]  # a sentence without any of these names no document

    def may_name_document(self, text: str) -> bool:
        low = text.lower()
        return any(h in low for h in self.hints)


@lru_cache(maxsize=1)
def rules() -> Rules:
    d = load_data("agreements.yaml")
    # a capitalised "Partnership" is a document only when it is said to be signed
    signed_only = "|".join(re.escape(k) for k in d["signed_only_kinds"])
    kinds = (
        rf"(?i:{alternation(d['kinds'] + d['count_kinds'])})|{alternation(d['acronym_kinds'])}"
        rf"|\b(?:{signed_only})(?=,?\s+(?:signed|inked|concluded)\b)"
    )
    words = {str(k).lower(): int(v) for k, v in d["count_words"].items()}
    number = r"\d{1,3}|" + alternation(list(words))
    count = (
        rf"(?:(?:{alternation(d['count_approximate'])})\s+)?"
        rf"(?:{number}|{alternation(d['vague_counts'])})"
    )
    modifiers = r"(?:(?:[\w\-]+(?:,|\s+and)?|\([^()]{1,12}\))\s+){0,4}"
    return Rules(
        kinds=re.compile(kinds),
        ambiguous=frozenset(k.lower() for k in d["ambiguous_kinds"]),
        named_kinds=frozenset(" ".join(k.lower().split()) for k in d["named_kinds"]),
        count_kinds=frozenset(k.lower() for k in d["count_kinds"]),
        connectors=re.compile(rf"\s+(?:{alternation(d['connectors'])})\s", re.I),
        inner=re.compile(alternation(d["inner_connectors"]), re.I),
        in_after=frozenset(w.lower() for w in d["in_after"]),
        dropped=frozenset(w.lower() for w in d["dropped_modifiers"]),
        stop=frozenset(w.lower() for w in d["stop_words"]),
        weak=frozenset(w.lower() for w in d["weak_modifiers"]),
        non_state=re.compile(alternation(d["non_state_parties"]), re.I),
        not_document=re.compile(rf"(?:{alternation(d['not_documents'])})\s+$", re.I),
        not_document_after=re.compile(rf"\s+(?:{alternation(d['not_documents_after'])})", re.I),
        distinct=frozenset(w.lower() for w in d["distinct_modifiers"]),
        body=re.compile(rf"\s+(?:{alternation(d['body_words'])})"),
        proposed=re.compile(alternation(d["proposed"]), re.I),
        signed=re.compile(alternation(d["signed"]), re.I),
        referenced=re.compile(alternation(d["referenced"]), re.I),
        count=re.compile(rf"(?<![\w\-])(?P<count>{count})\s+(?P<mods>{modifiers})$", re.I),
        count_words=words,
        back_reference=re.compile(rf"(?:{alternation(d['back_references'])})\s+$", re.I),
        hints=tuple(
            {
                max(k.split(), key=len).lower()[:6]
                for k in d["kinds"] + d["acronym_kinds"] + d["signed_only_kinds"] + d["count_kinds"]
            }
        ),
    )


@dataclass
class Name:
    start: int
    end: int
    text: str
    year: Mention | None = None  # "the 1951 Mutual Defense Treaty": dated by its name
    count: int | None = None  # a count entry: its number (0 when vague: "several")
    listed: bool = False  # named after "including" / a colon: one of a counted set
    itemised: bool = False  # a count entry whose documents are then named one by one
    kind_start: int = 0  # where the kind starts in ``text`` (after the modifiers)
