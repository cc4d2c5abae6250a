"""The extraction vocabulary: every data file of ``briefing/data`` is read and compiled
through this module, so a phrase list means the same thing to every extractor.

The syntax of the files is documented in ``briefing/data/README.md``; in short: a
*phrase* is matched case-insensitively on whole words, a space also matches a hyphen, a
trailing ``*`` matches any word ending and ``[sz]`` either letter; a *pattern* is a
regular expression, case-sensitive unless it starts with ``(?i)``.

Names and places are compared on a *folded* copy of the text (lower case, diacritics
removed, curly apostrophes straightened) that keeps every character at its offset.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "ʼ": "'", "´": "'"}
# Letters Unicode decomposition leaves alone, with their usual Latin romanisation: one
# letter for one ("Əliyev" = "Aliyev"), so ``fold`` keeps every offset; ``ascii_fold``
# also spells out the two-letter ones ("ß" = "ss").
_ROMANISE_ONE = {
    "ə": "a",
    "Ə": "a",
    "ı": "i",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
}
_ROMANISE_TWO = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th"}
)


@cache
def load_data(name: str) -> Any:
    """A YAML data file of ``briefing/data``, parsed once per process. libyaml's loader,
    when PyYAML was built with it, parses the data files about ten times faster than the
    pure-Python one, which is most of a short run's start-up."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # CSafeLoader/SafeLoader: safe


def phrase_regex(phrase: str) -> str:
    """Regex for a phrase: word-bounded, space or hyphen between words, ``*`` for any
    word ending and ``[sz]`` for spelling variants."""
    body = re.escape(phrase.strip())
    body = re.sub(r"\\\[(\w+)\\\]", r"[\1]", body)
    body = body.replace(r"\*", r"\w*")
    body = re.sub(r"(?:\\ |\\-|-| )+", r"[\\s\\-‐–]+", body)
    return rf"(?<!\w){body}(?!\w)"


_WORD_START = r"(?<!\w)"


def alternation(phrases: Iterable[str]) -> str:
    """One regex source matching any of ``phrases``, longest first (so the fullest
    phrase is the one reported). The word-start check is written once, before the group,
    not once per phrase: the same matches, about ten times faster on long lists, since
    each phrase then fails on its first letter."""
    bodies = [phrase_regex(p) for p in sorted(phrases, key=len, reverse=True)]
    if not bodies:
        return ""
    return _WORD_START + "(?:" + "|".join(b.removeprefix(_WORD_START) for b in bodies) + ")"


def phrases_re(phrases: Iterable[str]) -> re.Pattern[str]:
    """Compiled, case-insensitive :func:`alternation`."""
    return re.compile(alternation(phrases), re.IGNORECASE)


def data_pattern(source: str) -> re.Pattern[str]:
    """A data regex; a leading ``(?i)`` makes it ignore case."""
    if source.startswith("(?i)"):
        return re.compile(source[4:], re.IGNORECASE)
    return re.compile(source)


@cache
def months() -> dict[str, int]:
    """Month names and abbreviations (lower case) -> month number."""
    data = load_data("calendar.yaml")
    return {**data["months"], **data["abbreviations"]}


@cache
def month_names() -> tuple[str, ...]:
    """Full month names, lower case, January first."""
    return tuple(load_data("calendar.yaml")["months"])


@cache
def weekdays() -> tuple[str, ...]:
    """Weekday names, capitalised, Monday first (``date.weekday()`` indexes them)."""
    return tuple(load_data("calendar.yaml")["weekdays"])


def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in _ROMANISE_ONE:
        return _ROMANISE_ONE[ch]
    if ch.isascii():
        return ch.lower()
    base = unicodedata.normalize("NFKD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on demand, one entry per character seen."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, diacritic-free copy of ``text`` with the same length and offsets."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return text.translate(_FOLD_TABLE)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII fold for comparing words, not for offsets: 'Əliyev' and 'Aliyev',
    'Gábor' and 'Gabor', 'Straße' and 'Strasse' compare equal."""
    if text.isascii():
        return text.lower()
    text = fold(text.translate(_ROMANISE_TWO))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_key(text: str) -> str:
    """Comparison key for names: folded, punctuation-light, single-spaced."""
    return " ".join(fold(text).replace(".", " ").replace("-", " ").split())
