"""Extraction: one ``Article`` in, one ``Extraction`` out, every fact with its sentence.

Steps: split the text into paragraphs and flag boilerplate (clean); find the lead, the
first prose paragraph with a sentence that reports a meeting and names its people; take
the principals from it; keep the story (the lead and the paragraphs tied to it); then
read countries, date, place, meeting type and the bilateral decision, and hand the story
sentences to the topic, figure, agreement and relationship extractors. Paragraphs before
the lead (headlines, teasers, stamps) only serve for datelines, date stamps and place
lines ("The Kremlin, Moscow" above a readout), a country pair in the headline, the name
on a page's "From:" line, and a call cue when the story has none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.extract import bilateral, clean, countries, dates, places
from briefing.extract.gazetteer import Gazetteer, Hit, get_gazetteer
from briefing.extract.meeting_type import meeting_type
from briefing.extract.nlp import Sentence, split_sentences
from briefing.extract.people import PersonMention, Principal, select_principals, sentence_mentions
from briefing.extract.vocab import fold_key, load_data
from briefing.model import Article, DateMention, Evidence, Extraction, Participant

__all__ = ["extract"]

_FOLLOW_PARAGRAPHS = 3  # paragraphs after the lead searched for a second side
# A lead sentence naming more states than this reports a gathering, not a bilateral
# meeting, even when no office holder of each is named (a list of delegations).
_MAX_LEAD_STATES = 4
# An official page's own state, for a principal whose country is not written (the
# readout's own leader): outweighs a venue or a third state named in the lead.
_OWN_LEADER_WEIGHT = 10
_DATELINE_WEIGHT = 3


@lru_cache(maxsize=1)
def _meeting_re() -> re.Pattern[str]:
    data = load_data("cues.yaml")
    cues = sorted(data["meeting"], key=len, reverse=True)
    phrases = r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b"
    return re.compile("|".join([phrases, *data["meeting_patterns"]]), re.I)


@dataclass
class _Parsed:
    """A paragraph's sentences with their gazetteer hits, person mentions, meeting flags."""

    para: clean.Paragraph
    sentences: list[Sentence] = field(default_factory=list)
    hits: list[list[Hit]] = field(default_factory=list)
    mentions: list[list[PersonMention]] = field(default_factory=list)
    meeting: list[bool] = field(default_factory=list)


def _parse(article_id: str, text: str, para: clean.Paragraph, gaz: Gazetteer) -> _Parsed:
    out = _Parsed(para)
    para_hits = gaz.find(para.text, para.start)
    for s in split_sentences(article_id, text, [(para.start, para.end)]):
        hits = [h for h in para_hits if s.start <= h.start < s.end]
        out.sentences.append(s)
        out.hits.append(hits)
        out.mentions.append(sentence_mentions(0, s, hits, gaz))
        out.meeting.append(bool(_meeting_re().search(s.text)))
    return out


def _is_lead(p: _Parsed) -> bool:
    for ms, flag in zip(p.mentions, p.meeting, strict=True):
        if flag and any(m.name or m.plural_countries for m in ms):
            return True
    return False


def _flatten(
    parsed: list[_Parsed],
) -> tuple[list[Sentence], list[list[Hit]], list[list[PersonMention]], list[bool]]:
    sents: list[Sentence] = []
    hits: list[list[Hit]] = []
    mentions: list[list[PersonMention]] = []
    meeting: list[bool] = []
    for p in parsed:
        for s, h, ms, f in zip(p.sentences, p.hits, p.mentions, p.meeting, strict=True):
            idx = len(sents)
            for m in ms:
                m.sentence = idx
            sents.append(s)
            hits.append(h)
            mentions.append(ms)
            meeting.append(f)
    return sents, hits, mentions, meeting


def _find_lead(parsed: list[_Parsed], title: str | None) -> int | None:
    """Position (in ``parsed``) of the lead paragraph: prose, not the headline, and not
    a truncated teaser while a full paragraph qualifies too."""
    title_key = fold_key(title) if title else None
    for allow_truncated in (False, True):
        for i, p in enumerate(parsed):
            if p.para.headline_like or (title_key and fold_key(p.para.text) == title_key):
                continue
            if p.para.truncated and not allow_truncated:
                continue
            if _is_lead(p):
                return i
    return None


def _participants(
    principals: list[Principal],
    chosen: list[str],
    sents: list[Sentence],
    written_pairs: list[tuple[str, str]],
    roles: list[PersonMention],
    own_office: tuple[str, str] | None = None,
) -> list[Participant]:
    """Participants with their evidence. A side whose country is not written takes the
    state left over; when neither side's is written, a pair written as "X-Y" (headline or
    story) is taken in the order the principals are named, as readouts name their own side
    first in both. A side named without an office takes the office the story gives its
    state's unnamed office holder ("Vladimir Sokolov held talks ... The President of
    Russia noted ..."), else, on a leader's own site, the site's office (``own_office``:
    state and office read from a publisher such as "President of Russia")."""
    out = []
    order = next((list(pr) for pr in written_pairs if set(pr) == set(chosen)), None)
    unknown = all(p.country is None for p in principals) and len(principals) == 2
    for pos, p in enumerate(principals):
        if not p.name:
            continue
        country = p.country
        if country is None and unknown and order:
            country = order[pos]
        elif country is None:
            others = [q.country for q in principals if q is not p and q.country]
            rest = [c for c in chosen if c not in others]
            country = rest[0] if len(rest) == 1 else None
        office = p.office or next(
            (r.office for r in roles if country and r.country == country), None
        )
        if office is None and own_office is not None and own_office[0] == country:
            office = own_office[1]
        seen = sorted({m.sentence for m in p.mentions})
        tokens = p.tokens
        for i, s in enumerate(sents):
            if i not in seen and any(re.search(rf"\b{re.escape(t)}\b", s.text) for t in tokens):
                seen.append(i)
        evidence = [sents[i].evidence() for i in sorted(set(seen))]
        out.append(Participant(p.name, office, country, evidence))
    return out


def _facts(
    sents: list[Sentence], anchor: dt.date | None, chosen: list[str], article: Article
) -> dict[str, object]:
    """Topics, figures, agreements and relationship, read from the story sentences;
    relative periods resolve against the meeting date only (``None``: left unresolved).
    A bare "$" is the dollar of the publisher (a Canadian government release: CAD)."""
    from briefing.extract.agreements import extract_agreements
    from briefing.extract.figures import extract_figures
    from briefing.extract.money import local_dollar
    from briefing.extract.relationship import extract_relationship
    from briefing.extract.topics import extract_topics

    return {
        "topics": extract_topics(sents),
        "figures": extract_figures(
            sents, anchor, chosen, dollar=local_dollar(article.publisher, article.url)
        ),
        "agreements": extract_agreements(sents, anchor, chosen),
        "relationship": extract_relationship(sents, anchor),
    }


def _story(
    parsed: list[_Parsed], lead_pos: int, header_pairs: list[tuple[str, str]], gaz: Gazetteer
) -> list[_Parsed]:
    """The lead paragraph and the paragraphs tied to it (see ``clean.story_indices``).
    Ties are judged against the principals and states read near the lead."""
    window = parsed[lead_pos : lead_pos + 1 + _FOLLOW_PARAGRAPHS]
    w_sents, w_hits, w_mentions, w_meeting = _flatten(window)
    principals, _ = select_principals(w_sents, w_mentions, w_meeting, gaz)
    known = [p.country for p in principals]
    near = countries.decide(
        known,
        countries.score_countries([h for hs in w_hits for h in hs], [], header_pairs, [], known),
    )
    names = [t for p in principals for t in p.tokens]
    states = {
        p.para.start: {h.key for hs in p.hits for h in hs if h.kind in countries.PLACE_KINDS}
        for p in parsed
    }

    def tied(p: clean.Paragraph) -> bool:
        return clean.is_tied(p, names, states[p.start], set(near))

    return [parsed[i] for i in clean.story_indices([p.para for p in parsed], lead_pos, tied)]


def _dateline(
    text: str, story: list[_Parsed], header: list[_Parsed], pub: dt.date | None, gaz: Gazetteer
) -> dates.Dateline | None:
    """The dateline opening the story, else one on the header lines just before it, else
    a header line that only names a place ("The Kremlin, Moscow" above a readout)."""
    near = [story[0].para, *reversed([h.para for h in header[-3:]])]
    for p in near:
        found = dates.find_dateline(text, p.start, p.end, pub, text)
        if found:
            return found
    for p in near[1:]:
        if _place_line(p.text, gaz):
            return dates.Dateline(p.text, None, p.text, p.start, p.end)
    return None


def _place_line(line: str, gaz: Gazetteer) -> bool:
    """Is ``line`` nothing but places ("The Kremlin, Moscow", "Rio de Janeiro, Brazil")?"""
    if len(line) > 60:
        return False
    hits = gaz.find(line)
    if not any(h.kind in ("capital", "city", "seat") for h in hits):
        return False
    rest = line
    for h in sorted(hits, key=lambda h: h.start, reverse=True):
        rest = rest[: h.start] + rest[h.end :]
    return not re.sub(r"\b(?:the|The)\b|[\s,.;:/|()-]", "", rest)


def _stamp_date(header: list[_Parsed], article_id: str) -> DateMention | None:
    """A date stamp line just above the story (official readouts date the event so)."""
    for p in reversed(header[-3:]):
        value = dates.stamp(p.para.text)
        if value:
            return DateMention(
                "dateline",
                p.para.text,
                value.isoformat(),
                dates.WEEKDAYS[value.weekday()],
                [Evidence(article_id, p.para.start, p.para.end, p.para.text)],
            )
    return None


def extract(article: Article) -> Extraction:
    """Everything one report says about its meeting (see the module docstring)."""
    gaz = get_gazetteer()
    text = article.text
    parsed = [_parse(article.id, text, p, gaz) for p in clean.paragraphs(text) if not p.boilerplate]
    lead_pos = _find_lead(parsed, article.title)
    header = parsed[:lead_pos] if lead_pos is not None else parsed[:3]
    header_text = [p.para.text for p in header]
    if article.title and article.title not in header_text:
        header_text.insert(0, article.title)
    pub = dates.publication_date(article.published, clean.date_marker(text), header_text)
    if lead_pos is None:
        everything = [s.text for p in parsed for s in p.sentences]
        _, reason = bilateral.decide([], [], None, set(), everything)
        return Extraction(
            article, False, reason, story_spans=[(p.para.start, p.para.end) for p in parsed]
        )

    header_pairs = [pr for line in header_text for pr in countries.pairs(gaz.find(line), line)]
    story = _story(parsed, lead_pos, header_pairs, gaz)
    sents, hits, mentions, meeting = _flatten(story)
    principals, lead = select_principals(sents, mentions, meeting, gaz, header_text)
    lead_text = sents[lead].text if lead is not None else None
    story_hits = [h for hs in hits for h in hs]
    known = [p.country for p in principals]
    score = countries.score_countries(
        story_hits,
        hits[lead] if lead is not None else [],
        header_pairs,
        countries.pairs(story_hits, text),
        known,
    )
    dateline = _dateline(text, story, header, pub, gaz)
    if dateline is not None and any(p.name and p.country is None for p in principals):
        # an agency's dateline city ("Baku, June 3, AZERTAC -- President X met ..."): weak
        # evidence for the side whose country the story leaves unwritten
        for h in gaz.find(dateline.place):
            if h.kind in ("capital", "city", "seat") and h.key not in known:
                score[h.key] += _DATELINE_WEIGHT
                break
    mtype = meeting_type(lead_text, [s.text for s in sents], header_text)
    order = ([lead] if lead is not None else []) + [
        i for i, f in enumerate(meeting) if f and i != lead
    ]
    location = places.meeting_place(
        sents,
        hits,
        order,
        mtype,
        dateline,
        principals,
        countries.decide(known, score),
        gaz,
        article.id,
    )
    if location.country:
        score[location.country] += 2
    if any(p.name and p.country is None for p in principals) and countries.is_official_page(
        article.publisher, article.url
    ):
        for iso in countries.page_states(article.publisher, article.url, gaz):
            if iso not in known:
                score[iso] += _OWN_LEADER_WEIGHT
    chosen = countries.decide(known, score)
    if len(chosen) < 2:  # the page's own state, as a last resort
        for iso in countries.page_states(article.publisher, article.url, gaz):
            score.setdefault(iso, 0)
        chosen = countries.decide(known, score)
    lead_states = {
        c
        for m in (mentions[lead] if lead is not None else [])
        for c in [m.country, *m.plural_countries]
        if c
    }
    named = {
        h.key for h in (hits[lead] if lead is not None else []) if h.kind in ("country", "demonym")
    }
    if len(named) > _MAX_LEAD_STATES:  # "delegations from A, B, C, D, E ... met"
        lead_states |= named
    openings = [
        (s, hs)
        for p in header
        if not p.para.headline_like
        for s, hs in zip(p.sentences, p.hits, strict=True)
    ] + [(sents[0], hits[0])]
    for sent, hs in openings if lead is not None else []:
        opening = {h.key for h in hs if h.kind in ("country", "demonym")}
        if bilateral.opens_with_gathering(sent.text, opening, lead_text):
            lead_states |= opening
    ok, reason = bilateral.decide(
        principals, chosen, lead_text, lead_states, [s.text for s in sents]
    )
    date, date_mentions = dates.meeting_date(sents, lead, meeting, dateline, pub, text, article.id)
    stamped = _stamp_date(header, article.id) if date is None else None
    if stamped is not None:
        date = dt.date.fromisoformat(stamped.value or "")
        date_mentions.insert(0, stamped)
    spans = [(p.para.start, p.para.end) for p in story]
    if not ok:
        return Extraction(article, False, reason, date_mentions=date_mentions, story_spans=spans)
    return Extraction(
        article=article,
        is_bilateral_meeting=True,
        meeting_type=mtype,
        date=date.isoformat() if date else None,
        date_mentions=date_mentions,
        location=location,
        countries=chosen,
        participants=_participants(
            principals,
            chosen,
            sents,
            header_pairs + countries.pairs(story_hits, text),
            [m for ms in mentions for m in ms if not m.name and m.office and m.country],
            countries.page_office(article.publisher, gaz),
        ),
        story_spans=spans,
        **_facts(sents, date, chosen, article),
    )
