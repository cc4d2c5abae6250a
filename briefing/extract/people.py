"""People: titled person mentions in a sentence, and the two principals of the meeting.

A person is found through an office from ``data/titles.yaml`` next to a capitalised
name, in the forms reports use: "Chinese President Xi Jinping", "President of the
Republic of Azerbaijan Ilham Aliyev", "Li Qiang, Premier of the State Council of the
People's Republic of China", "the President of the United States, Joe Biden", "his
Brazilian counterpart Luiz Inacio Lula da Silva", "visiting Uruguayan leader Jose Mujica".
The office is kept without its country ("Premier of the State Council"); the country
comes from the demonym or "of <country>" around it. Principals are the people of the
first sentence that reports the meeting; later mentions ("Aliyev", "President Aliyev")
resolve to them by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefing.extract.gazetteer import Gazetteer, Hit, fold, fold_key
from briefing.extract.nlp import Sentence

_WORD_RE = re.compile(r"[^\W\d_][\w'’`.\-]*", re.UNICODE)
_PARTICLES = {"da", "de", "dos", "das", "do", "del", "della", "van", "von", "der", "den",
              "bin", "ibn", "al", "el", "la", "le", "du", "di", "ben", "binti", "y"}
_STOP_WORDS = {
    "the", "a", "an", "on", "in", "at", "and", "of", "to", "with", "for", "his", "her",
    "this", "that", "mr", "mrs", "ms", "dr", "president", "minister", "premier", "prime",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "today", "yesterday", "during", "after", "before",
    "following", "later", "meanwhile", "also", "both", "held", "met", "said", "photo",
    "honorable", "honourable", "excellency", "h.e", "madame", "mme", "sir",
}
_COUNTERPART_RE = re.compile(
    r"\b(?:his|her|their)\s+(?P<who>[\w.'’ -]{0,30}?\s*)counterparts?\b\s*,?\s*", re.I)
_LEADER_RE = re.compile(r"\b(?:leader|head of state|head of government)\s*,?\s*", re.I)
_POSSESSIVE_RE = re.compile(r"['’`]s$")
_VERB = (r"\s+(?:(?:has|have|had)\s+)?(?:held|holds|had|met|meets|received|receives|hosted|"
         r"hosts|welcomed|welcomes|spoke|talked|discussed|signed|thanked|paid)\b")
_BARE_START_RE = re.compile(r"(?:^|[,;]\s+|\band\s+)(?=[A-ZÀ-Ỹ])")
_BARE_WITH_RE = re.compile(r"\b(?:talks|talked|met|meeting|meet|conversation|call|spoke|"
                           r"negotiations)\s+(?:[a-z]+\s+){0,3}?with\s+(?=[A-ZÀ-Ỹ])")
_LEADING_SKIP = {"general", "gen", "mr", "mrs", "ms", "dr", "madame", "mme", "sir", "dame",
                 "honorable", "honourable", "admiral", "marshal", "colonel", "lieutenant"}
_PLURAL_RE = re.compile(r"(?:presidents|ministers|premiers|heads of state)$")


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

    @property
    def key(self) -> str | None:
        return fold_key(self.name) if self.name else None


def _scan_name(text: str, pos: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Span of a capitalised personal name starting at ``pos`` (after spaces)."""
    words: list[tuple[int, int]] = []
    i = pos
    while True:
        while i < len(text) and text[i] in " \t\n":
            i += 1
        m = _WORD_RE.match(text, i)
        if not (m and m.group(0).rstrip(".").lower() in _LEADING_SKIP):
            break
        i = m.end()
    while len(words) < 6:
        m = _WORD_RE.match(text, i)
        if not m:
            break
        w = m.group(0)
        ws, we = m.start(), m.end()
        if any(bs <= ws < be for bs, be in blocked):
            break
        bare = w.rstrip(".").lower()
        if w[0].isupper():
            if bare in _STOP_WORDS and not (len(w) <= 2 and w.endswith(".")):
                break
        elif not (bare in _PARTICLES and words):
            break
        if w.endswith(".") and not (len(w) == 2 and w[0].isupper()):
            we -= 1  # a full stop ending the sentence, not an initial
            w = w[:-1]
        poss = _POSSESSIVE_RE.search(w)
        if poss:
            words.append((ws, we - len(poss.group(0))))
            break
        words.append((ws, we))
        nxt = text[we:we + 1]
        if nxt != " ":
            break
        i = we + 1
    while words and text[words[-1][0]:words[-1][1]].lower() in _PARTICLES:
        words.pop()
    if not words:
        return None
    return words[0][0], words[-1][1]


def _scan_name_back(text: str, end: int, blocked: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Span of a capitalised name that ends at ``end`` ("Li Qiang" of "Li Qiang, Premier")."""
    words = list(_WORD_RE.finditer(text[:end]))
    picked: list[tuple[int, int]] = []
    for m in reversed(words):
        if picked and text[m.end():picked[0][0]].strip():
            break
        if not picked and text[m.end():end].strip():
            break
        w = m.group(0)
        bare = w.rstrip(".").lower()
        if any(bs <= m.start() < be for bs, be in blocked):
            break
        if (w[0].isupper() and bare not in _STOP_WORDS) or (bare in _PARTICLES and picked):
            picked.insert(0, (m.start(), m.end()))
        else:
            break
        if len(picked) >= 5:
            break
    while picked and text[picked[0][0]:picked[0][1]].lower() in _PARTICLES:
        picked.pop(0)
    if not picked:
        return None
    return picked[0][0], picked[-1][1]


def _place_after(text: str, pos: int, local: list[Hit]) -> tuple[Hit | None, int]:
    """A country named right after ``pos`` as "of (the) <country>"."""
    m = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", text[pos:])
    if not m:
        return None, pos
    at = pos + m.end()
    for h in local:
        if h.start == at and h.kind == "country":
            return h, h.end
    return None, pos


def _body_after(text: str, pos: int, local: list[Hit]) -> tuple[str, int]:
    """A capitalised body after an office: " of the State Council"."""
    m = re.match(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,4})", text[pos:])
    if not m:
        return "", pos
    body_start = pos + m.start(1)
    body_end = pos + m.end(1)
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


def _country_before(text: str, start: int, local: list[Hit]) -> str | None:
    for h in reversed(local):
        if h.end <= start:
            gap = text[h.end:start]
            if h.kind in ("demonym", "country") and re.fullmatch(r"(?:['’`]s)?\s*", gap):
                return h.key
            return None
    return None


def sentence_mentions(idx: int, sent: Sentence, hits: list[Hit],
                      gaz: Gazetteer) -> list[PersonMention]:
    """Person mentions in one sentence (``hits`` are its gazetteer hits)."""
    text = sent.text
    off = sent.start
    local = [Hit(h.kind, h.key, h.start - off, h.end - off, h.text, h.city) for h in hits]
    # cities are not blocked: "Milan", "Sofia" and "Florence" are first names too
    blocked = [(h.start, h.end) for h in local if h.kind not in ("city", "capital")]
    out: list[PersonMention] = []
    used_names: set[tuple[int, int]] = set()
    folded = fold(text)

    def add(start: int, end: int, span: tuple[int, int] | None, office: str | None,
            country: str | None, **kw: object) -> None:
        name = None
        if span is not None:
            if span in used_names:
                return
            used_names.add(span)
            name = text[span[0]:span[1]]
            end = max(end, span[1])
            start = min(start, span[0])
        out.append(PersonMention(idx, start + off, end + off, name, office, country, **kw))

    for h in local:
        if h.kind != "title":
            continue
        if len(h.text) <= 3 and h.text.islower():
            continue  # "pm" in "5 pm"
        office = h.key
        info = gaz.office_info.get(office, {})
        country = _country_before(text, h.start, local)
        pos = h.end
        if _PLURAL_RE.search(fold(h.text)):
            found: list[str] = []
            p = pos
            m = re.match(r"\s+of\s+(?:the\s+)?", text[p:])
            if m:
                p += m.end()
                while True:
                    nxt = next((x for x in local if x.start == p and x.kind == "country"), None)
                    if nxt is None:
                        break
                    found.append(nxt.key)
                    sep = re.match(r"\s*(?:,|and|&)\s*(?:and\s+)?(?:the\s+)?", text[nxt.end:])
                    if not sep or not sep.group(0).strip():
                        break
                    p = nxt.end + sep.end()
            before = [x.key for x in local if x.kind in ("demonym", "country")
                      and x.end <= h.start and h.start - x.end < 40]
            countries = found or before[-2:]
            if len(set(countries)) >= 2:
                add(h.start, h.end, None, office, None,
                    plural_countries=list(dict.fromkeys(countries)))
            continue
        place, pos = _place_after(text, pos, local)
        if place:
            country = place.key
        elif info.get("complement"):
            body, pos2 = _body_after(text, pos, local)
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
        span = _scan_name(text, p, blocked) if re.match(r"\s", text[p:p + 1] or "x") else None
        if span is None:
            before = re.search(r",\s*(?:the\s+)?$", text[:h.start])
            if before:
                span = _scan_name_back(text, before.start(), blocked)
                if span:
                    prev = folded[max(0, span[0] - 12):span[0]]
                    if re.search(r"(?:wife|husband|spouse|lady)\s*$", prev):
                        span = None
            if span is None:
                m = re.match(r"\s*,\s*", text[pos:])
                if m:
                    span = _scan_name(text, pos + m.end(), blocked)
        if span is not None:
            after_place, _ = _place_after(text, span[1], local)
            if after_place and country is None:
                country = after_place.key
        if country is None:
            country = info.get("default_country")
        if span is None:
            add(h.start, pos, None, office, country)
        else:
            add(h.start, pos, span, office, country)

    _bare_mentions(text, off, local, out, add, gaz)
    for m in _COUNTERPART_RE.finditer(text):
        country = next((h.key for h in local if m.start("who") <= h.start < m.end("who")
                        and h.kind in ("demonym", "country")), None)
        span = _scan_name(text, m.end(), blocked)
        if span:
            add(m.start(), m.end(), span, None, country, counterpart=True)
    for m in _LEADER_RE.finditer(text):
        country = _country_before(text, m.start(), local)
        span = _scan_name(text, m.end(), blocked)
        if span and country:
            add(m.start(), m.end(), span, None, country)
    out.sort(key=lambda x: x.start)
    return out


def _bare_mentions(text: str, off: int, local: list[Hit], found: list[PersonMention],
                   add: Callable[..., None], gaz: Gazetteer) -> None:
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
        words = text[span[0]:span[1]].split()
        if not 2 <= len(words) <= 4:
            return None
        if any(fold(w.strip(".,")) in gaz.not_person_words for w in words):
            return None
        return span

    starts: list[tuple[int, bool]] = [(m.end(), True) for m in _BARE_START_RE.finditer(text)]
    starts += [(m.end(), False) for m in _BARE_WITH_RE.finditer(text)]
    for pos, needs_verb in sorted(starts):
        span = name_at(pos)
        if span is None:
            continue
        rest = text[span[1]:]
        if needs_verb and not (re.match(_VERB, rest) or re.match(r"\s+and\s+[A-ZÀ-Ỹ]", rest)):
            continue
        add(span[0], span[1], span, None, None)


def _non_principal(sent: Sentence, mention: PersonMention, gaz: Gazetteer) -> bool:
    before = fold(sent.text[max(0, mention.start - sent.start - 30):mention.start - sent.start])
    return any(re.search(rf"\b{re.escape(w)}\s*$", before) for w in gaz.non_principal)


@dataclass
class Principal:
    """A side of the meeting as resolved over the whole story."""

    name: str | None
    office: str | None
    country: str | None
    mentions: list[PersonMention] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        """Name tokens later mentions may use on their own ("Aliyev", "Xi")."""
        if not self.name:
            return []
        parts = [p for p in re.split(r"\s+", self.name)
                 if len(p) > 1 and p.lower() not in _PARTICLES]
        return list(dict.fromkeys([self.name, *parts[-1:], *parts[:1]]))


def same_person(a: str, b: str) -> bool:
    """Does name ``b`` refer to the person ``a`` ("President Aliyev" to "Ilham Aliyev")?"""
    ka, kb = fold_key(a).split(), fold_key(b).split()
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if not short:
        return False
    if len(short) == 1:
        return short[0] in (long_[-1], long_[0])
    return short[-1] == long_[-1] and short[0] == long_[0]


def select_principals(sentences: list[Sentence], mentions: list[list[PersonMention]],
                      meeting: list[bool], gaz: Gazetteer) -> tuple[list[Principal], int | None]:
    """The two sides of the meeting and the index of the lead sentence that names them."""
    def usable(i: int) -> list[PersonMention]:
        return [m for m in mentions[i] if m.name and not _non_principal(sentences[i], m, gaz)]

    lead: int | None = None
    chosen: list[PersonMention] = []
    for i, flag in enumerate(meeting):
        if not flag:
            continue
        named = usable(i)
        distinct: list[PersonMention] = []
        for m in named:
            if any(same_person(d.name or "", m.name or "") for d in distinct):
                continue
            if distinct and m.country and all(d.country == m.country for d in distinct) \
                    and len(named) > 2:
                continue
            distinct.append(m)
        if len(distinct) >= 2:
            lead, chosen = i, distinct[:2]
            break
        if distinct and lead is None:
            lead, chosen = i, distinct[:1]
            break
    if lead is None:
        for i, flag in enumerate(meeting):
            plural = [m for m in mentions[i] if m.plural_countries] if flag else []
            if plural:
                sides = plural[0].plural_countries[:2]
                return [Principal(None, plural[0].office, c) for c in sides], i
        return [], None
    if len(chosen) == 1:
        first = chosen[0]
        roles = [m for m in mentions[lead] if not m.name and m.office
                 and m.country and m.country != first.country]
        window = [j for j in range(lead, min(len(sentences), lead + 4))]
        for j in window:
            for m in usable(j):
                if same_person(first.name or "", m.name or ""):
                    continue
                if first.country and m.country == first.country:
                    continue
                if roles and m.country and m.country != roles[0].country:
                    continue
                chosen.append(m)
                break
            if len(chosen) == 2:
                break
        if len(chosen) == 1 and roles:
            chosen.append(roles[0])
    principals = [Principal(m.name, m.office, m.country) for m in chosen]
    for ms in mentions:
        for m in ms:
            for p in principals:
                if m.name and p.name and same_person(p.name, m.name):
                    p.mentions.append(m)
                    if p.office is None and m.office and not m.counterpart:
                        p.office = m.office
                    if p.country is None and m.country:
                        p.country = m.country
    if len(principals) == 2:
        a, b = principals
        for x, y in ((a, b), (b, a)):
            if x.office is None and any(m.counterpart for m in x.mentions):
                x.office = y.office
    return principals, lead
