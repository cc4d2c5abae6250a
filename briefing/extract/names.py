"""Personal names in text: where a name starts and ends, and when two names are one person.

A name is a run of capitalised words, with the small words of names ("da", "bin",
"van") inside it; it ends at a word that never belongs to a name (an office, a function
word, a month, a verb of headlines: ``data/names.yaml``), at letters after a name ("KC",
"MP") and at a possessive. Courtesy words before it ("H.E.", "Datuk Seri") are skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from briefing.vocab import ascii_fold, fold_key, load_data, months, weekdays

WORD_RE = re.compile(r"[^\W\d_][\w'’`.\-]*", re.UNICODE)


@lru_cache(maxsize=1)
def names_data() -> dict[str, Any]:
    """``names.yaml``, with month and weekday names added to the non-name words."""
    data = dict(load_data("names.yaml"))
    calendar = {m.lower() for m in months()} | {w.lower() for w in weekdays()}
    data["not_name_words"] = frozenset(str(w).lower() for w in data["not_name_words"]) | calendar
    data["particles"] = frozenset(str(w).lower() for w in data["particles"])
    return data


class _Vocab:
    """Compiled views of ``names.yaml`` (built once, on first use)."""

    @property
    def particles(self) -> frozenset[str]:
        return names_data()["particles"]

    @property
    def stop(self) -> frozenset[str]:
        return names_data()["not_name_words"]


vocab = _Vocab()


def is_particle(word: str) -> bool:
    return word.lower() in vocab.particles


_POSSESSIVE_RE = re.compile(r"['’`]s$")


@lru_cache(maxsize=1)
def _post_nominals() -> frozenset[str]:
    """Letters after a name ("KC", "MP", "OBE"): they end the name."""
    return frozenset(w.lower() for w in load_data("titles.yaml")["post_nominals"])


@lru_cache(maxsize=1)
def _leading_honorifics() -> re.Pattern[str]:
    """Courtesy words before a name ("H.E. Mr.", "Datuk Seri", "His Highness Sheikh")."""
    titles = load_data("titles.yaml")
    forms = sorted(titles["honorifics"], key=len, reverse=True)
    alt = "|".join(re.escape(f) for f in forms)
    upper = "|".join(re.escape(f) for f in titles["honorifics_upper"])
    return re.compile(rf"(?:(?:(?i:{alt})|{upper})\.?(?:\s+|(?<=\.)(?=[A-Z])))+")


def _short_given_name(text: str, m: re.Match[str]) -> bool:
    """A capitalised short word that is also a function word opens a name when a
    capitalised, non-function word follows ("President To Lam", "Minister An Binh")."""
    w = m.group(0)
    if len(w) > 2 or w != w.title():
        return False
    nxt = WORD_RE.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
    return bool(
        nxt and nxt.group(0)[0].isupper() and nxt.group(0).rstrip(".").lower() not in vocab.stop
    )


def scan_name(text: str, pos: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Span of a capitalised personal name starting at ``pos`` (after spaces)."""
    words: list[tuple[int, int]] = []
    i = pos
    while i < len(text) and text[i] in " \t\n":
        i += 1
    lead = _leading_honorifics().match(text, i)
    if lead:
        i = lead.end()
    while len(words) < 6:
        m = WORD_RE.match(text, i)
        if not m:
            break
        w = m.group(0)
        ws, we = m.start(), m.end()
        if any(bs <= ws < be for bs, be in blocked):
            break
        bare = w.rstrip(".").lower()
        if bare in _post_nominals():
            break
        if w[0].isupper():
            if (
                bare in vocab.stop
                and not (len(w) <= 2 and w.endswith("."))
                and not (not words and _short_given_name(text, m))
            ):
                break
        elif not (words and (bare in vocab.particles or bare.split("-")[0] in vocab.particles)):
            break
        if (
            w.endswith(".")
            and not words
            and 3 <= len(w) <= 5
            and w == w.title()
            and re.match(r" [A-ZÀ-Ỹ]", text[we : we + 2])
        ):
            pass  # an abbreviated given name ("Md. Touhid", "Mohd. Ali") keeps its dot
        elif w.endswith(".") and not (len(w) == 2 and w[0].isupper()):
            we -= 1  # a full stop ending the sentence, not an initial
            w = w[:-1]
        poss = _POSSESSIVE_RE.search(w)
        if poss:
            words.append((ws, we - len(poss.group(0))))
            break
        words.append((ws, we))
        nxt = text[we : we + 1]
        if nxt != " ":
            break
        i = we + 1
    while words and text[words[-1][0] : words[-1][1]].lower() in vocab.particles:
        words.pop()
    if not words:
        return None
    return words[0][0], words[-1][1]


def scan_name_back(text: str, end: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Span of a capitalised name that ends at ``end`` ("Li Qiang" of "Li Qiang, Premier")."""
    words = list(WORD_RE.finditer(text[:end]))
    picked: list[tuple[int, int]] = []
    for m in reversed(words):
        if picked and text[m.end() : picked[0][0]].strip():
            break
        if not picked and text[m.end() : end].strip():
            break
        w = m.group(0)
        bare = w.rstrip(".").lower()
        if any(bs <= m.start() < be for bs, be in blocked):
            break
        initial = len(w) <= 2 and w.endswith(".") and w[0].isupper() and picked
        if (
            (w[0].isupper() and bare not in vocab.stop)
            or initial
            or (bare in vocab.particles and picked)
        ):
            picked.insert(0, (m.start(), m.end()))
        else:
            break
        if sum(text[a:b].lower() not in vocab.particles for a, b in picked) >= 5:
            break
    while picked and text[picked[-1][0] : picked[-1][1]].rstrip(".").lower() in _post_nominals():
        picked.pop()
    while picked and text[picked[0][0] : picked[0][1]].lower() in vocab.particles:
        picked.pop(0)
    if not picked:
        return None
    start = picked[0][0]
    for word_start, _ in picked:  # "the Hon. Jane Doe MP, ...", "His Highness Sheikh X, ..."
        courtesy = _leading_honorifics().match(text, word_start)
        if courtesy and max(start, word_start) <= courtesy.end() < picked[-1][1]:
            start = courtesy.end()
    return start, picked[-1][1]


def same_person(a: str, b: str) -> bool:
    """Does name ``b`` refer to the person ``a``? A surname alone ("Fuentes"); the same
    last or first word with the shorter name's words all in the longer one ("Rosa
    Fuentes", "Rosa Maria Fuentes", "Maria Fuentes"); or the start of a longer name
    written in full elsewhere ("Mohammed bin Zayed" of "Mohammed bin Zayed Al Nahyan").
    Compared folded: case, diacritics and romanised letters ("Əliyev") do not count."""
    ka = [w for w in ascii_fold(fold_key(a)).split() if w not in _JUNIOR]
    kb = [w for w in ascii_fold(fold_key(b)).split() if w not in _JUNIOR]
    if ka == kb:
        return bool(ka)
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if not short:
        return False
    if len(short) == 1:
        return short[0] in (long_[-1], long_[0])
    if len(short) >= 3 and long_[: len(short)] == short:
        return True
    return set(short) <= set(long_) and (short[-1] == long_[-1] or short[0] == long_[0])


_JUNIOR = frozenset({"jr", "sr", "jr.", "sr."})


_HONOURED_RE = re.compile(
    r"\b(?:The\s+)?(?:Rt\.?\s+Hon\.?|Right\s+Honourable)(?:\s+(?:Sir|Dame|Lord|Baroness))?(?=\s)"
)


def honoured_name(line: str) -> str | None:
    """The name after "The Rt Hon" in a line ("From: ... The Rt Hon Jane Doe KC MP")."""
    m = _HONOURED_RE.search(line)
    span = scan_name(line, m.end(), []) if m else None
    return line[span[0] : span[1]] if span else None
