"""When two reports speak of the same thing: text folding, story similarity, and the
tolerant matching of people, documents, places and dates that the merge stage uses.

Similarity is an exact Jaccard over word shingles rather than MinHash: a report is only
compared with the few meetings of its own pair of states (see ``shingles``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from briefing.model import DateMention, Extraction, Participant
from briefing.vocab import ascii_fold, weekdays

WEEKDAYS = weekdays()
fold = ascii_fold  # the merge stage compares words, never offsets


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def stem(word: str) -> str:
    """Crude suffix stripping, enough to equate 'establishment' and 'establishing'."""
    for suffix in ("ments", "ment", "ings", "ing", "ions", "ion", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from briefing.vocab import load_data

    return frozenset(load_data("stopwords.yaml")["stop_words"])


def shingles(text: str) -> set[str]:
    """Content-word unigrams and bigrams of the story.

    Similarity is computed as exact Jaccard over these sets rather than with MinHash
    signatures: a report is only compared with the few meetings of its own pair of
    states, so exact sets are both cheaper and more precise than estimating, and no
    well-kept library is needed for it (datasketch would add a dependency for nothing).
    Unigrams carry rewrites (outlets paraphrase, so long shingles rarely survive);
    bigrams reward copied wording.
    """
    stop = stop_words()
    kept = [stem(w) for w in words(text) if w not in stop and len(w) > 2]
    return set(kept) | {f"{a} {b}" for a, b in zip(kept, kept[1:], strict=False)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def story_text(ex: Extraction) -> str:
    """The kept story paragraphs (teasers and boilerplate excluded) or the whole text."""
    text = ex.article.text
    if ex.story_spans:
        return "\n".join(text[s:e] for s, e in ex.story_spans)
    return text


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(words(name))


def same_person(a: Participant, b: Participant) -> bool:
    """The same person in two reports: names matched as within one report
    (``extract.names.same_person``: 'Aliyev' ~ 'Ilham Aliyev' ~ 'Ilham Əliyev'), of the
    same state when both give one."""
    from briefing.extract.names import same_person as same_name  # extraction's rule

    if a.country and b.country and a.country != b.country:
        return False
    return same_name(a.name, b.name)


@lru_cache(maxsize=4096)
def _agreement_tokens(name: str) -> frozenset[str]:
    stop = stop_words()
    return frozenset(stem(w) for w in words(name) if w not in stop)


def same_agreement(a: str, b: str) -> bool:
    """Fuzzy token match of document names.

    'Joint Statement on the establishment of a comprehensive strategic partnership' and
    'Joint Statement establishing a comprehensive strategic partnership' have the same
    stemmed content words; a name that only adds words ('... between A and B') is the
    same document too, while 'Joint Declaration on X' and 'Joint Statement on X' differ
    in the word that names the kind of document, which keeps their Jaccard low.
    """
    ta, tb = _agreement_tokens(a), _agreement_tokens(b)
    if not ta or not tb:
        return fold(a).strip() == fold(b).strip()
    inter = len(ta & tb)
    if inter / len(ta | tb) >= 0.6:
        return True
    return inter == min(len(ta), len(tb)) and min(len(ta), len(tb)) >= 3


@lru_cache(maxsize=65536)
def city_key(city: str | None) -> str | None:
    return " ".join(words(city)) if city else None


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def stated_weekday(d: DateMention) -> str | None:
    """The weekday a report itself states ("on Tuesday" -> "Tuesday"); None for a weekday
    computed from a dateline or the publication date, which is no claim about the
    meeting day."""
    if d.weekday and d.kind != "published" and d.weekday.lower() in d.phrase.lower():
        return d.weekday.capitalize()
    return None
