"""Which language a report is written in, so that a report the extractor cannot read is
listed as "not in English (fr)" instead of "no meeting found".

Deliberately small: the script of most letters decides for non-Latin scripts; among
Latin-script languages, the share of each language's most frequent function words
(``data/languages.yaml``). A page's English navigation or a foreign quote inside an
English story do not flip it, since function words of the story outnumber them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.extract.vocab import load_data

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SAMPLE = 4000  # characters read: enough to tell, cheap on long pages
_MIN_WORDS = 8  # fewer words than this: too little to tell; taken as English
_MIN_HITS = 6  # function words another language needs before it is named


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[str]], list[tuple[str, str, list[str]]]]:
    data = load_data("languages.yaml")
    stop = {lang: frozenset(words.lower().split()) for lang, words in data["stopwords"].items()}
    scripts = [
        (v["range"][0], v["range"][1], list(v["languages"])) for v in data["scripts"].values()
    ]
    return stop, scripts


def detect(text: str, title: str | None = None) -> str:
    """ISO 639-1 code of the language of ``text`` ("en" when unsure)."""
    stop, scripts = _tables()
    sample = f"{title or ''}\n{text[:_SAMPLE]}"
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return "en"
    counts: dict[int, int] = {}
    for c in letters:
        for k, (lo, hi, _) in enumerate(scripts):
            if lo <= c <= hi:
                counts[k] = counts.get(k, 0) + 1
                break
    words = [w.lower() for w in _WORD.findall(sample)]
    if counts:
        k, n = max(counts.items(), key=lambda kv: kv[1])
        if n > len(letters) / 2:
            langs = scripts[k][2]
            if len(langs) == 1:
                return langs[0]
            return max(
                langs, key=lambda lang: (sum(w in stop[lang] for w in words), -langs.index(lang))
            )
    if len(words) < _MIN_WORDS:
        return "en"
    latin = [lang for lang in stop if lang not in {x for s in scripts for x in s[2]}]
    scores = {lang: sum(w in stop[lang] for w in words) for lang in latin}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    # another language must clearly outnumber English function words, on enough of them
    if scores[best] >= _MIN_HITS and scores[best] > 2 * scores.get("en", 0):
        return best
    return "en"
