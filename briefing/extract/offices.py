"""Office phrases around a name: which office a title names, the body and portfolios that
complete it ("Premier of the State Council", "Minister of Investment, Industry and
Trade"), the state written before or after it ("Kenyan President", "President of Chile",
"Ambassador to Azerbaijan"), and where the name of its holder is ("President Ana Costa",
"Li Qiang, Premier of ...", "the President of the United States, Mark Hale").
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.extract.gazetteer import Gazetteer, Hit
from briefing.extract.names import names_data, scan_name, scan_name_back, vocab
from briefing.vocab import alternation, fold, load_data


@lru_cache(maxsize=1)
def frames() -> dict[str, re.Pattern[str]]:
    d = names_data()
    return {
        # "his Peruvian counterpart X", or without the possessive, a state's adjective
        # or name right before the word: "with Argentine counterpart X"
        "counterpart": re.compile(
            r"(?:\b(?:his|her|their)\s+(?P<who>[\w.'’ -]{0,30}?\s*)"
            r"|(?-i:\b(?P<state>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+))(?:"
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


@lru_cache(maxsize=1)
def organisations_re() -> re.Pattern[str]:
    """Names of international organisations (``titles.yaml`` ``organisations``)."""
    names = sorted(load_data("titles.yaml")["organisations"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def organisation_office(text: str, start: int, end: int) -> bool:
    before, body = _organisation_res()
    return bool(
        before.search(text[max(0, start - 60) : start])
        or body.match(text, end)
        or body.search(text[start:end])
    )


def place_after(text: str, pos: int, local: list[Hit]) -> tuple[Hit | None, int]:
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


def accredited_to(text: str, pos: int, local: list[Hit]) -> int:
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


def body_after(
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


def more_portfolios(text: str, pos: int, office: str, portfolios: list[str]) -> tuple[str, int]:
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


def name_after_body(text: str, pos: int, gaz: Gazetteer) -> tuple[int, int] | None:
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
    if not 2 <= len(name) <= 3 or any(fold(w.group(0)) in vocab.stop for w in name):
        return None
    base = m.start("run")
    return base + name[0].start(), base + words[-1].end()


@lru_cache(maxsize=1)
def _state_gap_re() -> re.Pattern[str]:
    """What may stand between a state and its office: a possessive, and qualifiers
    ("Afghan Acting Foreign Minister")."""
    qualifiers = alternation(names_data()["office_qualifiers"])
    return re.compile(rf"(?:['’`]s)?\s*(?:(?:{qualifiers})\s+)*", re.I)


def _state_right_before(text: str, start: int, local: list[Hit]) -> Hit | None:
    for h in reversed(local):
        if h.end <= start:
            if h.kind in ("demonym", "country") and _state_gap_re().fullmatch(text, h.end, start):
                return h
            return None
    return None


def with_state_before(text: str, start: int, local: list[Hit]) -> int:
    """Where an office begins when a state is written right before it ("X, Moldova's
    Deputy Prime Minister", "Y, the Dutch Minister"): the name is before that state."""
    h = _state_right_before(text, start, local)
    return h.start if h is not None else start


def country_before(text: str, start: int, local: list[Hit]) -> str | None:
    h = _state_right_before(text, start, local)
    return h.key if h is not None else None


def plural_sides(text: str, h: Hit, local: list[Hit]) -> list[str]:
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


_APPOSITION_END_RE = re.compile(r"\s*(?:[,.;:)\]]|$|\(|and\b|of\b)")


def name_for_office(
    headline: bool,
    text: str,
    start: int,
    after_honorifics: int,
    after_office: int,
    blocked: list[tuple[int, int]],
) -> tuple[int, int] | None:
    """The name an office (written from ``start``) belongs to: right after it ("President
    Ana Costa"), before it after a comma ("Li Qiang, Premier of ...", "X, Crown Prince
    and Prime Minister"), or after it after a comma ("the President of the United
    States, Mark Hale")."""
    p = after_honorifics
    if re.match(r"\s", text[p : p + 1]):
        span = scan_name(text, p, blocked)
        if span:
            return span
    # "X, the Argentine president"; "X, the center-left Argentine president"
    before = re.search(r",\s*(?:the\s+(?:[a-z][\w-]*\s+){0,2})?$", text[:start])
    # in a headline, an office followed by a verb is the second of two subjects
    # ("Zelensky, Irish Taoiseach discuss ..."), not an apposition ("Li Qiang, Premier")
    if before and not (headline and not _APPOSITION_END_RE.match(text, after_office)):
        span = scan_name_back(text, before.start(), blocked)
        if span and not re.search(
            r"(?:wife|husband|spouse|lady)\s*$", fold(text[max(0, span[0] - 12) : span[0]])
        ):
            return span
    m = re.match(r"\s*,\s*", text[after_office:])
    return scan_name(text, after_office + m.end(), blocked) if m else None
