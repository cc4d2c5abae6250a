"""Sentences and tokens: the units every extractor works on.

Extractors receive ``Sentence`` objects whose offsets point into ``Article.text``, so every
fact keeps its provenance. The gazetteer matches phrases on ``token_spans``.

Both follow the rules of spaCy's English tokenizer and sentencizer, which this module
replaced (see ``docs/architecture.md``): we used nothing of spaCy but those two rule-based
steps, and importing it cost half a second of every run. A sentence ends at a full stop
that spaCy would split off as a token of its own, or at "!", "?" and the other marks of
``abbreviations.yaml``; the next sentence starts at the first word after it, so closing
quotes and brackets stay with the sentence they close. A full stop is not split off:
- after a word of ``abbreviations.yaml`` ("Mr.", "Jan.", "Inc.") or a courtesy
  abbreviation of ``titles.yaml`` ("Hon.", "Rt."), matched with its case as written;
- after a single letter ("J. Smith") or a dotted form ("U.S.", "Ph.D.");
- after a single capital following a non-capital ("Plan B. The"; spaCy keeps the stop
  on such a token), or after another full stop ("said... Then").
Inside a word, a full stop between a lower-case letter and a capital ("said.The", a
scraping artefact) ends a sentence too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from briefing.model import Evidence


@dataclass(frozen=True)
class Sentence:
    """A sentence of the story: its text and its character span in ``Article.text``."""

    article_id: str
    start: int
    end: int
    text: str

    def evidence(self) -> Evidence:
        return Evidence(self.article_id, self.start, self.end, self.text)


# Tokens for phrase matching: a web or mail address whole (so "www.president.az" holds no
# title), a currency written with its country's letters ("US$", "HK$") whole, else a run of
# letters and digits, else one other character.
_TOKEN = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.\w\S*|[^\W\d_]+[$€£¥₹₽]|\w+|[^\w\s]")
_CHUNK = re.compile(r"\S+")
# A full stop inside a word before a capital or a quote: "said.The" ends a sentence when a
# lower-case letter or a quote comes before it (a scraping artefact).
_INFIX_STOP = re.compile(r"(?<=\w|['\"’”])\.(?=[A-Z\"'“‘])")
_QUOTES = frozenset("'\"’”")
_ADDRESS = re.compile(r"^(?:https?://|www\.)|[@/]", re.I)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.$")


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of ``text`` (whitespace never inside one)."""
    return [m.span() for m in _TOKEN.finditer(text)]


# After spaCy's English prefix and suffix rules: what is split off the start and the end
# of a word as punctuation of its own, and what may stand before a full stop that is split
# off (besides lower-case letters and digits). "/TASS/." and "2024.-" stay whole.
_QUOTE_CHARS = "'\"”“`‘´’‚„»«「」『』（）〔〕【】《》〈〉⟦⟧"
_PREFIX_PUNCT = frozenset("§%=—–…,:;!?¿؟¡([{<_#*&" + _QUOTE_CHARS)
_SUFFIX_PUNCT = frozenset("…,:;!?¿؟¡)]}>_#*&%" + _QUOTE_CHARS)
_BEFORE_STOP = frozenset("%²-+…,:;!?¿؟¡()[]{}<>_#*&" + _QUOTE_CHARS)


def _is_punct(text: str) -> bool:
    return all(unicodedata.category(ch).startswith("P") for ch in text)


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations that keep their full stop, sentence-final marks besides it)."""
    from briefing.vocab import load_data

    data = load_data("abbreviations.yaml")
    honorifics = {
        word
        for form in load_data("titles.yaml")["honorifics"]
        for word in form.split()
        if word.endswith(".") and len(word) > 2
    }
    return frozenset(data["abbreviations"]) | honorifics, frozenset(data["sentence_ends"])


def _core(chunk: str) -> tuple[int, int]:
    """Span of ``chunk`` without the punctuation split off its start and end, sentence
    marks and full stops excepted ("(Baku)." -> "Baku).", '“We' -> "We")."""
    start, end = 0, len(chunk)
    while start < end and chunk[start] in _PREFIX_PUNCT:
        start += 1
    ends = _rules()[1]
    while end > start and chunk[end - 1] in _SUFFIX_PUNCT and chunk[end - 1] not in ends:
        end -= 1
    return start, end


def _stop_ends(core: str) -> bool:
    """Whether the full stop closing ``core`` is a token of its own (a sentence end)."""
    if len(core) == 1:  # a full stop standing alone
        return True
    abbreviations, _ = _rules()
    if core in abbreviations or _DOTTED.search(core) or (len(core) == 2 and core[0].isalpha()):
        return False
    before = core[-2]
    if before == ".":
        return False
    if before.isupper():
        return len(core) > 2 and core[-3].isupper()
    return before.isalpha() or before.isdigit() or before in _BEFORE_STOP


def _ends(text: str) -> list[int]:
    """Offsets just after each sentence-final mark of ``text``."""
    _, marks = _rules()
    out: list[int] = []
    for chunk in _CHUNK.finditer(text):
        word = chunk.group()
        if not _ADDRESS.search(word):
            out += [
                chunk.start() + m.end()
                for m in _INFIX_STOP.finditer(word)
                if word[m.start() - 1].islower() or word[m.start() - 1] in _QUOTES
            ]
        start, end = _core(word)
        core = word[start:end]
        if not core:
            continue
        if core[-1] in marks or (core[-1] == "." and _stop_ends(core)):
            out.append(chunk.start() + end)
    return out


def _sentence_starts(text: str) -> list[int]:
    """Offsets where sentences begin: the first word after each end. Quotes, brackets and
    dashes before it, and words of punctuation only, still belong to the sentence they
    close."""
    starts = [0]
    for end in _ends(text):
        for chunk in _CHUNK.finditer(text, end):
            word = chunk.group()
            lead = next((i for i, ch in enumerate(word) if ch not in _PREFIX_PUNCT), len(word))
            if lead < len(word) and not _is_punct(word[lead:]):
                pos = chunk.start() + lead
                if pos > starts[-1]:
                    starts.append(pos)
                break
    return starts


def split_sentences(article_id: str, text: str, spans: list[tuple[int, int]]) -> list[Sentence]:
    """Split each kept span (a paragraph of the story) of ``text`` into sentences."""
    out: list[Sentence] = []
    for start, end in spans:
        chunk = text[start:end]
        if not chunk.strip():
            continue
        bounds = _sentence_starts(chunk)
        for a, b in zip(bounds, [*bounds[1:], len(chunk)], strict=True):
            raw = chunk[a:b]
            s = raw.strip()
            if not s:
                continue
            offset = start + a + (len(raw) - len(raw.lstrip()))
            out.append(Sentence(article_id, offset, offset + len(s), s))
    return out
