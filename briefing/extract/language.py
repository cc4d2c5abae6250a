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

from briefing.vocab import load_data

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
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "en"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(_LATIN.findall(sample)) * 2 < letters:  # mostly another script
        counts = [(len(rx.findall(sample)), langs) for rx, langs in _script_res()]
        n, langs = max(counts, key=lambda c: c[0])
        if n * 2 > letters:
            if len(langs) == 1:
                return langs[0]
            return max(
                langs, key=lambda lang: (sum(w in stop[lang] for w in words), -langs.index(lang))
            )
    if len(words) < _MIN_WORDS:
        return "en"
    latin = [lang for lang in stop if lang not in {x for _, langs in _script_res() for x in langs}]
    scores = {lang: sum(w in stop[lang] for w in words) for lang in latin}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    # another language must clearly outnumber English function words, on enough of them
    if scores[best] >= _MIN_HITS and scores[best] > 2 * scores.get("en", 0):
        return best
    return "en"


_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


@lru_cache(maxsize=1)
def _script_res() -> list[tuple[re.Pattern[str], list[str]]]:
    """One character class per script of ``languages.yaml``, with its languages."""
    _, scripts = _tables()
    return [(re.compile(f"[{re.escape(lo)}-{re.escape(hi)}]"), langs) for lo, hi, langs in scripts]
