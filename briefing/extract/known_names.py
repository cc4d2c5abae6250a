"""Names of office holders the registry knows, found in a sentence.

The person scanner (``people.py``) finds a name through an office or a frame around it
("President X", "X held talks with"); a report may name a leader bare ("Sunak hosts
Ramaphosa at No 10"). Names and unambiguous aliases of the registry are matched here as
runs of whole, capitalised words of the text, compared folded like the registry's keys.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from briefing.extract.registry import Registry
from briefing.extract.registry_format import spelling_key
from briefing.vocab import fold

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_POSSESSIVE = re.compile(r"(?:['’]s)?$")
_MIN_SINGLE = 4  # a one-word name shorter than this is too easily a common word
_Index = dict[str, list[tuple[str, ...]]]
_indexes: WeakKeyDictionary[Registry, tuple[int, _Index]] = WeakKeyDictionary()


def _index(registry: Registry) -> _Index:
    """Name keys by their first word (unambiguous ones only), rebuilt when the registry
    grows."""
    cached = _indexes.get(registry)
    if cached is not None and cached[0] == registry.revision:
        return cached[1]
    keys = registry.name_keys()
    index: _Index = {}
    for key, match in keys.items():
        words = tuple(key.split())
        if match == "ambiguous" or not words or len(words) == 1 and len(words[0]) < _MIN_SINGLE:
            continue
        index.setdefault(words[0], []).append(words)
    for forms in index.values():
        forms.sort(key=len, reverse=True)
    _indexes[registry] = (registry.revision, index)
    return index


def _word_key(word: str) -> str:
    """A word as the registry's keys write it: folded, a possessive and apostrophes
    dropped ("Erdoğan's" -> "erdogan"), one spelling of a romanised name."""
    key = fold(word).replace("’", "'")
    if key.endswith("'s"):
        key = key[:-2]
    return spelling_key(key.replace("'", ""))


def find(registry: Registry, text: str) -> list[tuple[int, int, str]]:
    """(start, end, name as written) of registry names in ``text``, longest first at
    each word, never overlapping; every word must start with a capital."""
    index = _index(registry)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    keys = [_word_key(text[a:b]) for a, b in words]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        hit = None
        for form in index.get(keys[i], ()):
            n = len(form)
            if tuple(keys[i : i + n]) == form and all(
                text[a].isupper() for a, _ in words[i : i + n]
            ):
                hit = n
                break
        if hit:
            start, end = words[i][0], words[i + hit - 1][1]
            end -= len(_POSSESSIVE.search(text[start:end]).group(0))  # type: ignore[union-attr]
            out.append((start, end, text[start:end]))
            i += hit
        else:
            i += 1
    return out
