"""Dates: the publication date, datelines, and the day of the meeting.

Every date expression that bears on the meeting day is kept as a ``DateMention`` (with
the weekday it names) so the merge stage can flag a weekday that contradicts the date.
Month-day expressions take their year from the publication date (or from the same day
written with a year elsewhere in the text); relative words ("today", "yesterday", "on
Tuesday") resolve only against a publication date. With no anchor the value stays
``None``: a null date is better than a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.extract.nlp import Sentence
from briefing.model import DateMention, Evidence
from briefing.vocab import load_data, months, weekdays

_MONTHS = months()
WEEKDAYS = weekdays()
# Month names in any case ("OCTOBER 11" in agency datelines) but capitalised or upper.
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|"
    r"JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|"
    r"SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
EXPLICIT_RES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_YEAR}\s+{_MONTH}\s+{_DAY}\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(r"\b(?P<a>[0-3]?\d)[./](?P<b>[0-3]?\d)[./](?P<y>(?:19|20)?\d\d)\b"),
]
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<pre>on|last|this|since|next|until|by|from|here|late on|early on)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
)
_RELATIVE_RE = re.compile(
    r"\b(?P<word>today|yesterday|tonight|this (?:morning|afternoon|evening)|"
    r"earlier today|last night)(?:['’]s)?\b",
    re.I,
)
_RANGE_BEFORE_RE = re.compile(r"\b(?:from|between)\s+$|\b(?:to|until|till)\s+$|[-–]\s*$")
_RANGE_AFTER_RE = re.compile(r"\s*(?:to|until|till|[-–])\s*\d")
_MONTH_N = _MONTH.replace("(?P<month>", "(?:")
_DAY_N = _DAY.replace("(?P<day>", "(?:")
_YEAR_N = _YEAR.replace("(?P<year>", "(?:")
# A dateline opens a paragraph: "HANOI, May 9 (Xinhua) --", "Budapest, March 2, AZERTAC",
# "MINSK, July 30. /TASS/.", "BAKU, Azerbaijan, Oct. 4.", "ASTANA. April 20. KAZINFORM",
# "Yerevan / 11.21.24 / Agency", "ABU DHABI, 8th May, 2025 (WAM)", "OTTAWA, June 3 (Reuters) -",
# "New Delhi [India], March 5 (ANI):".
_PLACE = r"(?P<place>[A-ZÀ-Ỹ][\wÀ-ỹ'’.\-]*(?:\s+[A-ZÀ-Ỹ][\wÀ-ỹ'’.\-]*){0,3})"
DATELINE_RES = [
    re.compile(
        rf"^{_PLACE}(?:\s*\[[^\]\n]{{1,30}}\])?(?:,\s*(?P<region>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){{0,2}}))?[,.]\s*"
        rf"(?P<date>(?:{_MONTH_N}\s+{_DAY_N}|{_DAY_N}\s+{_MONTH_N})(?:,?\s+{_YEAR_N})?)\s*"
        r"(?=[.,(/\-–—]|$|\s+[A-Z]{2,}|\s*/|\s*\()"
    ),
    re.compile(rf"^{_PLACE}\s*/\s*(?P<date>[0-3]?\d[./][0-3]?\d[./]\d\d(?:\d\d)?)\s*/"),
]
_BARE_DATELINE_RE = re.compile(
    r"(?:^|[—–]\s*|Photo\s+)(?P<place>[A-ZÀ-Ỹ][A-ZÀ-Ỹ'\-]+(?:\s+[A-ZÀ-Ỹ][A-ZÀ-Ỹ'\-]+){0,3})"
    r"(?:,\s+[A-Z][a-z]+)?\s*(?:\([A-Za-z]+\)\s*)?(?:—|–|--|-\s|:\s|\.\s+(?=[A-Z])|\s*$)"
)

# "Amman, Jordan (Petra) -", "Hanoi (VNA) -": a place in title case, an agency in brackets.
_AGENCY_DATELINE_RE = re.compile(
    r"^(?P<place>[A-ZÀ-Ỹ][\wÀ-ỹ'’.\-]*(?:\s+[A-ZÀ-Ỹ][\wÀ-ỹ'’.\-]*){0,2})"
    r"(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?\s*\([A-Za-z][\w .&-]{1,20}\)\s*(?:—|–|--|-\s|:\s)"
)


# A source tag in brackets before a dateline: "(MENAFN- IANS) ", "[Xinhua] ".
_LEADING_TAG_RE = re.compile(r"\s*[(\[][A-Za-z][\w .&/-]{1,30}[)\]]\s+")

# The date of a document or body named in the story ("the Treaty ... signed on January
# 17, 2025"), not of the meeting.
_DOCUMENT_DATE_RE = re.compile(
    r"\b(?:signed|concluded|adopted|established|ratified|approved|founded|entered into "
    r"force)(?:\s+(?:in|at)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?\s+(?:on\s+)?(?:the\s+)?$"
)


@dataclass(frozen=True)
class Found:
    """A date expression found in a sentence."""

    kind: str
    phrase: str
    value: dt.date | None
    weekday: str | None
    start: int  # offset in Article.text
    end: int


def _mk(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, pub: dt.date | None, text: str) -> int | None:
    """Year of a month-day without one: the publication year (the previous one when the
    day would fall well after publication), else the same day written with a year."""
    if pub is not None:
        cand = _mk(pub.year, month, day)
        if cand is not None and cand > pub + dt.timedelta(days=2):
            return pub.year - 1
        return pub.year
    for rx in EXPLICIT_RES[:3]:
        for m in rx.finditer(text):
            if (
                m.groupdict().get("year")
                and _MONTHS.get(m.group("month").lower().rstrip(".")) == month
                and int(m.group("day")) == day
            ):
                return int(m.group("year"))
    return None


def _numeric(a: int, b: int, y: int) -> tuple[int, int, int] | None:
    """dd.mm.yyyy, or mm.dd.yy when the second part cannot be a month."""
    if y < 100:
        y += 2000
    if b > 12 and a <= 12:
        return y, a, b
    if a <= 31 and b <= 12:
        return y, b, a
    return None


def parse_explicit(m: re.Match[str], pub: dt.date | None, text: str) -> dt.date | None:
    """The date of an explicit-date match of ``EXPLICIT_RES``."""
    g = m.groupdict()
    if g.get("a") is not None:
        parts = _numeric(int(g["a"]), int(g["b"]), int(g["y"]))
        return _mk(*parts) if parts else None
    day = int(g["day"])
    month = int(g["mnum"]) if g.get("mnum") else _MONTHS[g["month"].lower().rstrip(".")]
    year = int(g["year"]) if g.get("year") else infer_year(month, day, pub, text)
    return _mk(year, month, day)


def find_dates(sent: Sentence, pub: dt.date | None, text: str) -> list[Found]:
    """Explicit, relative and weekday expressions in one sentence."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    s = sent.text
    for rx in EXPLICIT_RES:
        for m in rx.finditer(s):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if re.match(r"\s*(?:percent|per cent|%|billion|million)", s[m.end() :]):
                continue
            if _RANGE_BEFORE_RE.search(s[: m.start()]) or _RANGE_AFTER_RE.match(s[m.end() :]):
                taken.append((m.start(), m.end()))
                continue  # the bounds of a stay, not the day of the meeting
            value = parse_explicit(m, pub, text)
            taken.append((m.start(), m.end()))
            out.append(
                Found(
                    "explicit",
                    m.group(0),
                    value,
                    None,
                    sent.start + m.start(),
                    sent.start + m.end(),
                )
            )
    for m in _RELATIVE_RE.finditer(s):
        word = m.group("word").lower()
        value = None
        if pub is not None:
            value = pub - dt.timedelta(days=1) if word in ("yesterday", "last night") else pub
        out.append(
            Found("relative", m.group(0), value, None, sent.start + m.start(), sent.start + m.end())
        )
    for m in _WEEKDAY_RE.finditer(s):
        pre = (m.group("pre") or "").lower()
        if pre in ("next", "until", "by", "since", "from"):
            continue
        wd = m.group("wd")
        value = None
        if pub is not None:
            back = (pub.weekday() - WEEKDAYS.index(wd)) % 7
            if pre == "last" and back == 0:
                back = 7
            value = pub - dt.timedelta(days=back)
        out.append(
            Found("weekday", m.group(0), value, wd, sent.start + m.start(), sent.start + m.end())
        )
    out.sort(key=lambda f: f.start)
    return out


@dataclass(frozen=True)
class Dateline:
    place: str
    date: dt.date | None
    phrase: str
    start: int
    end: int


def find_dateline(
    text: str, start: int, end: int, pub: dt.date | None, full_text: str
) -> Dateline | None:
    """A dateline opening the paragraph ``text[start:end]`` (or a bare "CITY —" one); an
    aggregator's tag in brackets before it ("(MENAFN- IANS) Tehran, Aug 26") is skipped."""
    tag = _LEADING_TAG_RE.match(text, start, end)
    if tag:
        start = tag.end()
    chunk = text[start:end]
    for rx in DATELINE_RES:
        m = rx.match(chunk)
        if not m:
            continue
        d = m.group("date")
        if "/" in d or "." in d and d[:1].isdigit():
            a, b, y = (int(x) for x in re.split(r"[./]", d))
            parts = _numeric(a, b, y)
            value = _mk(*parts) if parts else None
        else:
            value = None
            for rx2 in EXPLICIT_RES[:2]:
                m2 = rx2.search(d)
                if m2:
                    value = parse_explicit(m2, pub, full_text)
                    break
        return Dateline(m.group("place"), value, m.group(0).strip(), start, start + m.end())
    m = _BARE_DATELINE_RE.search(chunk[:200]) or _AGENCY_DATELINE_RE.match(chunk)
    if m:
        return Dateline(
            m.group("place"), None, m.group(0).strip(), start + m.start(), start + m.end()
        )
    return None


def _mention(f: Found, article_id: str, sent: Sentence) -> DateMention:
    kind = f.kind
    return DateMention(
        kind,
        f.phrase,
        f.value.isoformat() if f.value else None,
        f.weekday,
        [Evidence(article_id, sent.start, sent.end, sent.text)],
    )


def meeting_date(
    sentences: list[Sentence],
    lead: int | None,
    meeting: list[bool],
    dateline: Dateline | None,
    pub: dt.date | None,
    text: str,
    article_id: str,
) -> tuple[dt.date | None, list[DateMention]]:
    """The meeting day and the date evidence behind it.

    Order: an explicit date in the lead sentence; a relative word or weekday in the lead
    naming the dateline's day or the day before, else the dateline's date; a relative
    word or weekday in the lead; the first date in another sentence that reports the
    meeting;
    "today" anywhere in the story (the report is about today's event)."""
    mentions: list[DateMention] = []
    chosen: dt.date | None = None
    source: int | None = None  # the sentence whose date was taken
    order = ([lead] if lead is not None else []) + [
        i for i, flag in enumerate(meeting) if flag and i != lead
    ]
    per_sentence = {i: find_dates(sentences[i], pub, text) for i in order}
    if dateline is not None:
        for i in order:
            per_sentence[i] = [
                f for f in per_sentence[i] if not (dateline.start <= f.start < dateline.end)
            ]
    if lead is not None:
        explicit = [f for f in per_sentence[lead] if f.kind == "explicit" and f.value]
        if explicit:
            chosen, source = explicit[0].value, lead
    if chosen is None and dateline is not None and dateline.date is not None:
        chosen = dateline.date
        # "SEOUL, June 10 -- ... talks on Monday", "March 5 (ANI): ... yesterday": a story
        # filed the day after; a weekday further back contradicts the dateline (flagged)
        if lead is not None:
            rel = [
                f
                for f in find_dates(sentences[lead], dateline.date, text)
                if f.kind in ("relative", "weekday")
                and f.value
                and (dateline.date - f.value).days <= 1
                and not (dateline.start <= f.start < dateline.end)
            ]
            if rel:
                chosen, source = rel[0].value, lead
    if chosen is None:
        for i in order:
            vals = [
                f
                for f in per_sentence[i]
                if f.value
                and (
                    i == lead
                    or _dates_the_meeting(sentences[i].text[: f.start - sentences[i].start])
                )
            ]
            if vals:
                chosen, source = vals[0].value, i
                break
    # evidence: what the lead says (even unresolved: "on Tuesday" with no anchor) and
    # the sentence the date came from; dates of other events in the story are not kept
    for i in dict.fromkeys(x for x in (lead, source) if x is not None):
        for f in per_sentence[i]:
            mentions.append(_mention(f, article_id, sentences[i]))
    if chosen is None and pub is not None:
        for s in sentences:
            m = _RELATIVE_RE.search(s.text)
            if m and m.group("word").lower() in ("today", "this morning", "earlier today"):
                chosen = pub
                mentions.append(
                    DateMention("relative", m.group(0), pub.isoformat(), None, [s.evidence()])
                )
                break
    if dateline is not None and dateline.date is not None:
        mentions.append(
            DateMention(
                "dateline",
                dateline.phrase,
                dateline.date.isoformat(),
                WEEKDAYS[dateline.date.weekday()],
                [Evidence(article_id, dateline.start, dateline.end, dateline.phrase)],
            )
        )
    if pub is not None:
        mentions.append(
            DateMention("published", pub.isoformat(), pub.isoformat(), WEEKDAYS[pub.weekday()])
        )
    return chosen, mentions


def _dates_the_meeting(before: str) -> bool:
    """Does a date outside the lead date the meeting? Only when the words right before
    it, in the same clause, report the meeting ("held talks ... on June 3"), not another
    event ("after X severed relations on Jan. 15", "the treaty signed on ...")."""
    if _DOCUMENT_DATE_RE.search(before):
        return False
    clause = re.split(r"[;:]|\b(?:after|since|before|when|following|as|while)\b", before[-90:])[-1]
    return bool(_meeting_words().search(clause))


@lru_cache(maxsize=1)
def _meeting_words() -> re.Pattern[str]:
    cues = load_data("cues.yaml")["meeting"]
    return re.compile(
        r"\b(?:" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b",
        re.I,
    )


_STAMP_RE = re.compile(
    r"^\W*(?:date|published|updated|posted|released|last updated)?"
    r"(?:\s+on)?:?\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?",
    re.I,
)


def publication_date(
    published: str | None, marker: str | None, header: list[str]
) -> dt.date | None:
    """``published``, else the page's date marker, else a date stamp line of the header
    ("14 March 2023, 09:15", "03.07.2021 [11:02]")."""
    for value in (published, marker):
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    for line in header:
        stamped = stamp(line)
        if stamped:
            return stamped
    return None


def stamp(line: str) -> dt.date | None:
    """The date of a page's date stamp line ("14 March 2023, 09:15", "Published 3 May
    2025", "03.07.2021 [11:02]"): a short line that opens with a full date."""
    if len(line) > 80:
        return None
    body = _STAMP_RE.sub("", line)
    for rx in EXPLICIT_RES:
        m = rx.search(body)
        if m and m.start() <= 3 and (m.groupdict().get("year") or m.groupdict().get("y")):
            value = parse_explicit(m, None, "")
            if value:
                return value
    return None
