"""People: titled person mentions in a sentence, and the two principals of the meeting.

A person is found through an office from ``data/titles.yaml`` next to a capitalised
name, in the forms reports use: "Kenyan President Amani Otieno", "President of the
Republic of Chile Rosa Fuentes", "Zhao Ming, Premier of the State Council of China",
"the President of Finland, Mikko Laine", "his Peruvian counterpart Mario Quispe Rojas",
"visiting Paraguayan leader Luis Benitez", "Deputy Prime Minister and Foreign Minister X".
The office is kept without its country ("Premier of the State Council"); the country
comes from the demonym or "of <country>" around it. Principals are the people of the
first sentence that reports the meeting; "the Presidents of Chile and Peru held talks"
takes its names from the sentences that follow, and an office holder left unnamed ("The
Prime Minister spoke to ...") takes the name the page gives that office. Later mentions
("Fuentes", "President Fuentes") resolve to the principals by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from briefing.extract.gazetteer import Gazetteer, Hit
from briefing.extract.nlp import Sentence
from briefing.extract.vocab import alternation, fold, fold_key, load_data, months, weekdays

_WORD_RE = re.compile(r"[^\W\d_][\w'’`.\-]*", re.UNICODE)


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
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
        return _names()["particles"]

    @property
    def stop(self) -> frozenset[str]:
        return _names()["not_name_words"]


_V = _Vocab()


@lru_cache(maxsize=1)
def _frames() -> dict[str, re.Pattern[str]]:
    d = _names()
    return {
        "counterpart": re.compile(
            r"\b(?:his|her|their)\s+(?P<who>[\w.'’ -]{0,30}?\s*)(?:"
            + alternation(d["counterpart_words"])
            + r")\s*,?\s*",
            re.I,
        ),
        "leader": re.compile(r"(?:" + alternation(d["leader_words"]) + r")\s*,?\s*", re.I),
        "verb": re.compile(
            r"\s+(?:(?:has|have|had)\s+)?(?:" + alternation(d["bare_name_verbs"]) + r")", re.I
        ),
        "with": re.compile(r"(?:" + alternation(d["bare_name_after"]) + r")\s+(?=[A-ZÀ-Ỹ])"),
        "envoy": re.compile(alternation(d["envoy_offices"]), re.I),
        "plural": re.compile(r"(?:" + alternation(d["plural_offices"]) + r")$"),
    }


def is_particle(word: str) -> bool:
    return word.lower() in _V.particles


_POSSESSIVE_RE = re.compile(r"['’`]s$")
_BARE_START_RE = re.compile(r"(?:^|[,;]\s+|\band\s+)(?=[A-ZÀ-Ỹ])")
_PORTFOLIO_AND_RE = re.compile(
    r"\s+and\s+((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,2})(?=\s+(?:of|for)\s)"
)
# "... and Integration Serik X": an unknown last portfolio that is an abstract noun,
# followed by the name.
_ABSTRACT_AND_RE = re.compile(
    r"\s+and\s+([A-Z][a-z]+(?:tion|sion|ment|ture|ism|ity|ics|ies|ance|ence|ogy))(?=\s+[A-Z])"
)
_CAP_RUN = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
_PORTFOLIO_LIST_RE = re.compile(
    rf"((?:,\s*{_CAP_RUN})+,?\s+and\s+{_CAP_RUN})(?=\s+of\s+(?:the\s+)?[A-Z])"
)


@dataclass
class PersonMention:
    """One mention of a person (or, with ``name`` None, of an office holder)."""

    sentence: int
    start: int  # offsets in Article.text
    end: int
    name: str | None
    office: str | None
    country: str | None
    counterpart: bool = False
    plural_countries: list[str] = field(default_factory=list)  # "Presidents of X and Y"
    organisation: bool = False  # an office of an international body ("EU Council President")

    @property
    def key(self) -> str | None:
        return fold_key(self.name) if self.name else None


@lru_cache(maxsize=1)
def _organisation_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An international body written right before an office ("European Commission
    President", "the UN's Secretary-General") or as its complement ("President of the
    European Council")."""
    names = sorted(load_data("titles.yaml")["organisations"], key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return (
        re.compile(rf"\b(?:{alt})(?:['’]s)?\s+(?:[A-Z][\w-]*\s+){{0,2}}$"),
        re.compile(rf"\b(?:of|for)\s+(?:the\s+)?(?:{alt})\b"),
    )


def _organisation_office(text: str, start: int, end: int) -> bool:
    before, body = _organisation_res()
    return bool(
        before.search(text[max(0, start - 60) : start])
        or body.match(text, end)
        or body.search(text[start:end])
    )


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
    nxt = _WORD_RE.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
    return bool(
        nxt and nxt.group(0)[0].isupper() and nxt.group(0).rstrip(".").lower() not in _V.stop
    )


def _scan_name(text: str, pos: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Span of a capitalised personal name starting at ``pos`` (after spaces)."""
    words: list[tuple[int, int]] = []
    i = pos
    while i < len(text) and text[i] in " \t\n":
        i += 1
    lead = _leading_honorifics().match(text, i)
    if lead:
        i = lead.end()
    while len(words) < 6:
        m = _WORD_RE.match(text, i)
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
                bare in _V.stop
                and not (len(w) <= 2 and w.endswith("."))
                and not (not words and _short_given_name(text, m))
            ):
                break
        elif not (words and (bare in _V.particles or bare.split("-")[0] in _V.particles)):
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
    while words and text[words[-1][0] : words[-1][1]].lower() in _V.particles:
        words.pop()
    if not words:
        return None
    return words[0][0], words[-1][1]


def _scan_name_back(text: str, end: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Span of a capitalised name that ends at ``end`` ("Li Qiang" of "Li Qiang, Premier")."""
    words = list(_WORD_RE.finditer(text[:end]))
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
        if (w[0].isupper() and bare not in _V.stop) or initial or (bare in _V.particles and picked):
            picked.insert(0, (m.start(), m.end()))
        else:
            break
        if sum(text[a:b].lower() not in _V.particles for a, b in picked) >= 5:
            break
    while picked and text[picked[-1][0] : picked[-1][1]].rstrip(".").lower() in _post_nominals():
        picked.pop()
    while picked and text[picked[0][0] : picked[0][1]].lower() in _V.particles:
        picked.pop(0)
    if not picked:
        return None
    start = picked[0][0]
    for word_start, _ in picked:  # "the Hon. Jane Doe MP, ...", "His Highness Sheikh X, ..."
        courtesy = _leading_honorifics().match(text, word_start)
        if courtesy and max(start, word_start) <= courtesy.end() < picked[-1][1]:
            start = courtesy.end()
    return start, picked[-1][1]


def _place_after(text: str, pos: int, local: list[Hit]) -> tuple[Hit | None, int]:
    """A country named right after ``pos`` as "of (the) <country>"; a following "to
    <country>" (where an ambassador is accredited) is skipped."""
    m = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", text[pos:])
    if not m:
        return None, pos
    at = pos + m.end()
    for h in local:
        if h.start == at and h.kind == "country":
            gloss = re.match(r"\s*\([^()]{1,30}\)", text[h.end :])  # "Republic of China (Taiwan)"
            if gloss:
                return h, h.end + gloss.end()
            to = re.match(r"\s+(?:to|in)\s+(?:the\s+)?", text[h.end :])
            if to:
                host = next(
                    (x for x in local if x.start == h.end + to.end() and x.kind == "country"), None
                )
                if host is not None:
                    return h, host.end
            return h, h.end
    return None, pos


def _accredited_to(text: str, pos: int, local: list[Hit]) -> int:
    """Past a "to (the) <country>" after an envoy's office: the state that envoy is
    accredited to, not the one represented ("Hungarian Ambassador to Azerbaijan X")."""
    m = re.match(r"\s+to\s+(?:the\s+)?", text[pos:])
    if not m:
        return pos
    host = next((h for h in local if h.start == pos + m.end() and h.kind == "country"), None)
    return host.end if host is not None else pos


_JOINED_BODY_RE = re.compile(
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+and\s+[A-Z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*){0,2}"
)


def _body_after(
    text: str, pos: int, local: list[Hit], portfolios: list[str], enders: set[str]
) -> tuple[str, int]:
    """A capitalised body after an office: " of the State Council"; a known portfolio
    or the last word of an institution ends it, since a name may follow with no comma
    ("Secretary of Finance Ana Ruiz", "President of the Republic Ana Ruiz")."""
    m = re.match(
        r"\s+(?:of|for)\s+(?:the\s+)?((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,4})", text[pos:]
    )
    if not m:
        return "", pos
    body_start = pos + m.start(1)
    body_end = pos + m.end(1)
    words = m.group(1)
    joined = _JOINED_BODY_RE.match(text, body_start)
    if joined and fold(joined.group(0).split()[-1]) in {fold(p.split()[-1]) for p in portfolios}:
        body_end = joined.end()  # "for Foreign and Diaspora Affairs": one portfolio
    else:
        for portfolio in portfolios:
            if words == portfolio or words.startswith(portfolio + " "):
                body_end = body_start + len(portfolio)
                break
        else:
            run = list(re.finditer(r"[\w'’-]+", words))
            last = max((i for i, w in enumerate(run) if fold(w.group(0)) in enders), default=None)
            if last is not None and last < len(run) - 1:
                body_end = body_start + run[last].end()
    for h in local:  # stop the body before a country ("Council of the PRC")
        if body_start <= h.start < body_end:
            if h.start == body_start:
                return "", pos
            body_end = h.start
    body = text[pos:body_end].rstrip()
    words = body.split()
    if words and words[-1].lower() in {"of", "the"}:
        return "", pos
    return " ".join(body.split()), pos + len(body)


def _more_portfolios(text: str, pos: int, office: str, portfolios: list[str]) -> tuple[str, int]:
    """Further portfolios of a ministry: "Minister of Investment, Industry and Trade",
    "Minister of Foreign Affairs and Trade of Hungary". Known portfolios are taken one by
    one; an unknown last one only when "of <country>" follows it."""
    while True:
        sep = re.match(r",\s*|\s+and\s+", text[pos:])
        if not sep:
            break
        at = pos + sep.end()
        known = next(
            (
                p
                for p in portfolios
                if text.startswith(p, at)
                and not re.match(r"[\w'’-]", text[at + len(p) : at + len(p) + 1])
            ),
            None,
        )
        if known is None:
            listed = _PORTFOLIO_LIST_RE.match(text, pos)
            if listed:  # "Minister of Foreign Affairs, African Integration and X of <state>"
                office, pos = f"{office}{listed.group(1)}", listed.end(1)
                break
            last = _PORTFOLIO_AND_RE.match(text, pos) or _ABSTRACT_AND_RE.match(text, pos)
            if last:
                office, pos = f"{office} and {last.group(1)}", last.end()
            break
        office = f"{office}{',' if sep.group(0).startswith(',') else ' and'} {known}"
        pos = at + len(known)
        if "and" in sep.group(0):
            break
    return office, pos


_BODY_RUN_RE = re.compile(
    r"\s+(?:at|of|for|in)\s+(?:the\s+)?"
    r"(?P<run>[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the)\s+)*[A-Z][\w'’-]*){2,10})"
    r"(?=\s*(?:,|\.|$|\s+(?:has|have|had|held|met|said|was|is|in|on|at)\b))"
)


def _name_after_body(text: str, pos: int, gaz: Gazetteer) -> tuple[int, int] | None:
    """The name after a long body that ends an office ("State Secretary at the Ministry of
    Foreign Affairs Jana Novak, ..."): the two or three capitalised words after the last
    word of an institution or portfolio."""
    m = _BODY_RUN_RE.match(text, pos)
    if not m:
        return None
    words = list(re.finditer(r"[\w'’-]+", m.group("run")))
    enders = gaz.not_person_words | {fold(p.split()[-1]) for p in gaz.portfolios}
    last = max((i for i, w in enumerate(words) if fold(w.group(0)) in enders), default=None)
    name = words[last + 1 :] if last is not None else []
    if not 2 <= len(name) <= 3 or any(fold(w.group(0)) in _V.stop for w in name):
        return None
    base = m.start("run")
    return base + words[last + 1].start(), base + words[-1].end()


def _with_state_before(text: str, start: int, local: list[Hit]) -> int:
    """Where an office begins when a state is written right before it ("X, Moldova's
    Deputy Prime Minister", "Y, the Dutch Minister"): the name is before that state."""
    for h in reversed(local):
        if h.end <= start:
            if h.kind in ("demonym", "country") and re.fullmatch(
                r"(?:['’`]s)?\s*", text[h.end : start]
            ):
                return h.start
            break
    return start


def _country_before(text: str, start: int, local: list[Hit]) -> str | None:
    for h in reversed(local):
        if h.end <= start:
            gap = text[h.end : start]
            if h.kind in ("demonym", "country") and re.fullmatch(r"(?:['’`]s)?\s*", gap):
                return h.key
            return None
    return None


def _plural_sides(text: str, h: Hit, local: list[Hit]) -> list[str]:
    """States of a plural office: "Presidents of Chile and Peru", "the Danish
    and Estonian foreign ministers"."""
    found: list[str] = []
    p = h.end
    m = re.match(r"\s+of\s+(?:the\s+)?", text[p:])
    if m:
        p += m.end()
        while True:
            nxt = next((x for x in local if x.start == p and x.kind == "country"), None)
            if nxt is None:
                break
            found.append(nxt.key)
            sep = re.match(r"\s*(?:,|and|&)\s*(?:and\s+)?(?:the\s+)?", text[nxt.end :])
            if not sep or not sep.group(0).strip():
                break
            p = nxt.end + sep.end()
    before = [
        x.key
        for x in local
        if x.kind in ("demonym", "country") and x.end <= h.start and h.start - x.end < 40
    ]
    return list(dict.fromkeys(found or before[-2:]))


def _name_for_office(
    text: str, start: int, after_honorifics: int, after_office: int, blocked: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The name an office (written from ``start``) belongs to: right after it ("President
    Ana Costa"), before it after a comma ("Li Qiang, Premier of ...", "X, Crown Prince
    and Prime Minister"), or after it after a comma ("the President of the United
    States, Mark Hale")."""
    p = after_honorifics
    if re.match(r"\s", text[p : p + 1]):
        span = _scan_name(text, p, blocked)
        if span:
            return span
    before = re.search(r",\s*(?:the\s+)?$", text[:start])
    if before:
        span = _scan_name_back(text, before.start(), blocked)
        if span and not re.search(
            r"(?:wife|husband|spouse|lady)\s*$", fold(text[max(0, span[0] - 12) : span[0]])
        ):
            return span
    m = re.match(r"\s*,\s*", text[after_office:])
    return _scan_name(text, after_office + m.end(), blocked) if m else None


def sentence_mentions(
    idx: int, sent: Sentence, hits: list[Hit], gaz: Gazetteer
) -> list[PersonMention]:
    """Person mentions in one sentence (``hits`` are its gazetteer hits)."""
    text = sent.text
    off = sent.start
    local = [Hit(h.kind, h.key, h.start - off, h.end - off, h.text, h.city) for h in hits]
    # cities are not blocked: "Milan", "Sofia" and "Florence" are first names too
    blocked = [(h.start, h.end) for h in local if h.kind not in ("city", "town", "capital")]
    out: list[PersonMention] = []
    used_names: set[tuple[int, int]] = set()

    def add(
        start: int,
        end: int,
        span: tuple[int, int] | None,
        office: str | None,
        country: str | None,
        **kw: object,
    ) -> None:
        name = None
        if span is not None:
            if span in used_names:
                return
            used_names.add(span)
            name = text[span[0] : span[1]]
            end = max(end, span[1])
            start = min(start, span[0])
        out.append(PersonMention(idx, start + off, end + off, name, office, country, **kw))

    titles = [
        h for h in local if h.kind == "title" and not (len(h.text) <= 3 and h.text.islower())
    ]  # "pm" in "5 pm"
    first_of: dict[int, tuple[str, str | None]] = {}  # "T1 and T2 Name": T2 -> T1
    chain_start: dict[int, int] = {}  # where the chain of offices ending at T2 begins
    for a, b in zip(titles, titles[1:], strict=False):
        if (
            re.fullmatch(r"\s+and\s+", text[a.end : b.start])
            and not _frames()["plural"].search(fold(a.text))
            and not _frames()["plural"].search(fold(b.text))
        ):
            first_of[b.start] = first_of.get(a.start) or (
                a.key,
                _country_before(text, a.start, local),
            )
            chain_start[b.start] = chain_start.get(a.start, a.start)
    chained = {a.start for a, b in zip(titles, titles[1:], strict=False) if b.start in first_of}
    for h in titles:
        if h.start in chained:
            continue  # its name comes after the next office of the chain
        office = h.key
        info = gaz.office_info.get(office, {})
        country = _country_before(text, h.start, local)
        if h.start in first_of:
            office = f"{first_of[h.start][0]} and {office}"
            country = first_of[h.start][1] or country
        pos = h.end
        if re.search(r"\b(?:Minister|Secretary)\b", office):
            office, pos = _more_portfolios(text, pos, office, gaz.portfolios)
        if _frames()["plural"].search(fold(h.text)):
            sides = _plural_sides(text, h, local)
            if len(sides) >= 2:
                add(h.start, h.end, None, office, None, plural_countries=sides)
            continue
        place, pos = _place_after(text, pos, local)
        if place is None and _frames()["envoy"].search(office):
            pos = _accredited_to(text, pos, local)  # "Hungarian Ambassador to Azerbaijan X"
        if place:
            country = place.key
        elif info.get("complement"):
            body, pos2 = _body_after(text, pos, local, gaz.portfolios, gaz.not_person_words)
            if body:
                office = f"{office} {body}"
                pos = pos2
                place, pos = _place_after(text, pos, local)
                if place:
                    country = place.key
        # honorifics between office and name ("Minister Mr. X", "Secretary the Honorable")
        p = pos
        while True:
            m = gaz.honorific_re.match(text, p)
            if not m:
                break
            p = m.end()
        span = _name_for_office(
            text,
            _with_state_before(text, chain_start.get(h.start, h.start), local),
            p,
            pos,
            blocked,
        )
        if span is None:
            span = _name_after_body(text, pos, gaz)
            if span is not None:  # the body is part of the office
                office = " ".join(f"{office} {text[pos : span[0]]}".split())
                pos = span[0]
        if span is not None:
            after_place, _ = _place_after(text, span[1], local)
            if after_place and country is None:
                country = after_place.key
        if country is None:
            country = info.get("default_country")
        org = country is None and _organisation_office(text, h.start, pos)
        if span is None:
            add(h.start, pos, None, office, country, organisation=org)
        else:
            add(h.start, pos, span, office, country, organisation=org)

    for m in _frames()["counterpart"].finditer(text):
        country = next(
            (
                h.key
                for h in local
                if m.start("who") <= h.start < m.end("who") and h.kind in ("demonym", "country")
            ),
            None,
        )
        span = _scan_name(text, m.end(), blocked)
        if span:
            add(m.start(), m.end(), span, None, country, counterpart=True)
    for m in _frames()["leader"].finditer(text):
        country = _country_before(text, m.start(), local)
        span = _scan_name(text, m.end(), blocked)
        if span and country:
            add(m.start(), m.end(), span, None, country)
    for h in local:  # "Russia's Pavel Orlov": a name right after a possessive state
        poss = re.match(r"['’]s\s+(?=[A-ZÀ-Ỹ])", text[h.end :]) if h.kind == "country" else None
        span = _scan_name(text, h.end + poss.end(), blocked) if poss else None
        words = text[span[0] : span[1]].split() if span else []
        if (
            span
            and 2 <= len(words) <= 4
            and not any(fold(w.strip(".,")) in gaz.not_person_words for w in words)
        ):
            add(h.start, span[1], span, None, h.key)
    _bare_mentions(text, off, local, out, add, gaz)
    out.sort(key=lambda x: x.start)
    return out


def _bare_mentions(
    text: str,
    off: int,
    local: list[Hit],
    found: list[PersonMention],
    add: Callable[..., None],
    gaz: Gazetteer,
) -> None:
    """Names standing without an office, as official readouts write their own leader:
    "Vladimir Sokolov held talks with ...", "... talks with Ana Costa", "X and Y signed".
    Only in those frames, and only runs of two to four capitalised words that are no
    place, office or organisation."""
    blocked = [(h.start, h.end) for h in local]
    blocked += [(m.start - off, m.end - off) for m in found]

    def name_at(pos: int) -> tuple[int, int] | None:
        span = _scan_name(text, pos, blocked)
        if span is None:
            return None
        words = text[span[0] : span[1]].split()
        if not 2 <= len(words) <= 4:
            return None
        if any(fold(w.strip(".,")) in gaz.not_person_words for w in words):
            return None
        return span

    starts: list[tuple[int, bool]] = [(m.end(), True) for m in _BARE_START_RE.finditer(text)]
    starts += [(m.end(), False) for m in _frames()["with"].finditer(text)]
    for pos, needs_verb in sorted(starts):
        span = name_at(pos)
        if span is None:
            continue
        rest = text[span[1] :]
        if needs_verb and not (
            _frames()["verb"].match(rest) or re.match(r"\s+and\s+[A-ZÀ-Ỹ]", rest)
        ):
            continue
        add(span[0], span[1], span, None, None)


def non_principal(sent: Sentence, mention: PersonMention, gaz: Gazetteer) -> bool:
    """Is the mention introduced as someone other than a principal ("accompanied by X",
    "the wife of X")? (``titles.yaml`` ``non_principal``)"""
    before = fold(sent.text[max(0, mention.start - sent.start - 30) : mention.start - sent.start])
    return any(re.search(rf"\b{re.escape(w)}\s*$", before) for w in gaz.non_principal)


def same_person(a: str, b: str) -> bool:
    """Does name ``b`` refer to the person ``a`` ("President Fuentes" to "Rosa Fuentes")?"""
    ka, kb = fold_key(a).split(), fold_key(b).split()
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if not short:
        return False
    if len(short) == 1:
        return short[0] in (long_[-1], long_[0])
    return short[-1] == long_[-1] and short[0] == long_[0]


_HONOURED_RE = re.compile(
    r"\b(?:The\s+)?(?:Rt\.?\s+Hon\.?|Right\s+Honourable)(?:\s+(?:Sir|Dame|Lord|Baroness))?(?=\s)"
)


def honoured_name(line: str) -> str | None:
    """The name after "The Rt Hon" in a line ("From: ... The Rt Hon Jane Doe KC MP")."""
    m = _HONOURED_RE.search(line)
    span = _scan_name(line, m.end(), []) if m else None
    return line[span[0] : span[1]] if span else None
