"""Extraction: one ``Article`` in, its meetings out, every fact with its sentence.

Steps: read the page once (``document``: paragraphs, sentences, places, people, cues,
where each sentence sits); group the people into persons with the state and office the
page or the registry of office holders gives them (``entities``); score every state the
page points to and take the two most probable as the sides, and for each side the person
who met (``sides``); decide whether the report is about a bilateral meeting at all and
whether it was a call (``decision``). All three are weighings of evidence over the whole
page with weights fitted on annotated reports (``weights.yaml``). Then keep the story
(the lead paragraph and the paragraphs tied to it) and read date, place, topics,
figures, agreements and the relationship level from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import TypedDict

from briefing.extract import (
    clean,
    dates,
    decision,
    document,
    entities,
    further,
    language,
    places,
    sides,
)
from briefing.extract.countries import page_office
from briefing.extract.document import Document
from briefing.extract.entities import Entity, People
from briefing.extract.gazetteer import Gazetteer, get_gazetteer
from briefing.extract.names import honoured_name, same_person
from briefing.extract.nlp import Sentence
from briefing.extract.registry import Registry, shipped_registry
from briefing.model import (
    Agreement,
    Article,
    DateMention,
    Evidence,
    Extraction,
    Figure,
    Location,
    Participant,
    Relationship,
    TopicHit,
)

# A caption of an earlier event's photo: its date and place are not this meeting's.
_FILE_PHOTO_RE = re.compile(r"\b(?:file|archive) (?:photo|picture|image)\b", re.I)

__all__ = ["Analysis", "analyse", "extract", "extract_meetings", "story_of"]


def extract(article: Article, knowledge: Registry | None = None) -> Extraction:
    """The meeting the report is about (its headline's), or why there is none."""
    return extract_meetings(article, knowledge)[0]


@dataclass
class Analysis:
    """What the page says about its sides, before the facts are read: the evidence the
    fitted decisions weigh (``scripts/fit_weights.py`` fits them on it)."""

    doc: Document
    people: People
    dateline: dates.Dateline | None
    candidates: list[sides.Candidate]
    pair: list[str]
    chosen: dict[str, tuple[Entity, float] | None]
    meeting: dict[str, float]

    @property
    def principals(self) -> list[Entity]:
        return [c[0] for c in self.chosen.values() if c is not None]


def analyse(article: Article, knowledge: Registry | None = None) -> Analysis | None:
    """The sides of the report and the evidence for a meeting; None when the page has no
    prose at all."""
    gaz = get_gazetteer()
    doc = document.read(article, gaz)
    if doc.lead is None:
        return None
    people = entities.resolve(doc, knowledge if knowledge is not None else shipped_registry())
    dateline = _dateline(doc, gaz)
    cands = sides.candidates(doc, people, gaz, dateline)
    pair = sides.choose_pair(doc, cands, people)
    chosen = sides.choose_participants(doc, people, pair)
    _name_the_office_holder(doc, people, pair, chosen)
    features = decision.meeting_features(doc, people, cands, chosen)
    return Analysis(doc, people, dateline, cands, pair, chosen, features)


def extract_meetings(article: Article, knowledge: Registry | None = None) -> list[Extraction]:
    """Every bilateral meeting the report covers, the one its headline is about first;
    a single non-meeting Extraction with the reason when there is none."""
    lang = language.detect(article.text, article.title)
    if lang != "en":
        return [Extraction(article, False, f"not in English ({lang})")]
    a = analyse(article, knowledge)
    if a is None:
        return [Extraction(article, False, decision.reason({}))]
    gaz = get_gazetteer()
    doc, dateline, pair = a.doc, a.dateline, a.pair
    ok, _, reason = decision.decide(a.meeting)
    principals = a.principals
    story = story_of(a)
    sents = [doc.sents[i].sentence for i in story]
    lead = story.index(doc.lead) if doc.lead in story else None
    meeting = [doc.sents[i].meeting for i in story]
    date, date_mentions = dates.meeting_date(
        sents, lead, meeting, dateline, doc.pub, doc.text, article.id
    )
    stamped = _stamp_date(doc, article.id, gaz) if date is None else None
    if stamped is not None:
        date = dt.date.fromisoformat(stamped.value or "")
        date_mentions.insert(0, stamped)
    spans = [(p.start, p.end) for p in _story_paragraphs(doc, story)]
    if not ok:
        return [Extraction(article, False, reason, date_mentions=date_mentions, story_spans=spans)]
    mtype = decision.meeting_type(decision.call_features(doc, principals))
    location = places.meeting_place(doc, story, mtype, dateline, principals, pair, gaz)
    after_lead = [i for i in doc.prose() if doc.lead is not None and i > doc.lead]
    more = further.further_meetings(doc, a.people, pair, principals, after_lead, gaz)
    aside = {i for f in more for i in f.sentences}
    own_story = [i for i in story if i not in aside]
    main = Extraction(
        article=article,
        is_bilateral_meeting=True,
        meeting_type=mtype,
        date=date.isoformat() if date else None,
        date_mentions=date_mentions,
        location=location,
        countries=pair,
        participants=_participants(doc, a.people, pair, a.chosen, gaz, story),
        story_spans=spans,
        # "last year" resolves against the meeting's day, else the publication's
        **_facts([doc.sents[i].sentence for i in own_story], date or doc.pub, pair, article),
    )
    return [main, *(_further(doc, f, main, gaz) for f in more)]


def _further(doc: Document, f: further.Further, main: Extraction, gaz: Gazetteer) -> Extraction:
    """The Extraction of a further meeting the report covers: its two sides, the people
    named for them, the headline meeting's day and place unless a call, and the facts of
    its own sentences."""
    sents = [doc.sents[i].sentence for i in f.sentences]
    pair = sorted([f.own, f.other])
    mtype = decision.type_of(s.text for s in sents) or "meeting"
    chosen: dict[str, tuple[Entity, float] | None] = {
        f.own: (f.own_person, 1.0) if f.own_person else None,
        f.other: (f.other_person, 1.0) if f.other_person else None,
    }
    people = People([e for e in (f.own_person, f.other_person) if e is not None], [])
    return Extraction(
        article=main.article,
        is_bilateral_meeting=True,
        meeting_type=mtype,
        date=main.date,
        date_mentions=main.date_mentions,
        location=main.location if mtype == "meeting" else Location(),
        countries=pair,
        participants=_participants(doc, people, pair, chosen, gaz, f.sentences),
        story_spans=[(s.start, s.end) for s in sents],
        **_facts(
            sents, dt.date.fromisoformat(main.date) if main.date else None, pair, main.article
        ),
    )


def _name_the_office_holder(
    doc: Document,
    people: People,
    pair: list[str],
    chosen: dict[str, tuple[Entity, float] | None],
) -> None:
    """A side still without a person, whose office holder the lead names without a state
    ("The Prime Minister spoke to ..."), takes the honoured name of the page's "From:"
    line ("The Rt Hon Jane Doe MP"), as government readouts give their author."""
    open_sides = [st for st in pair if chosen.get(st) is None]
    role = next(
        (r for r in people.roles if r.state is None and r.office and r.sentence == doc.lead), None
    )
    if len(open_sides) != 1 or role is None or role.office is None:
        return
    for line in doc.header_text:
        name = honoured_name(line)
        if name and not any(same_person(e.name, name) for e in people.entities):
            e = Entity(name, offices=Counter({role.office: 1}), sents={role.sentence})
            e.states[open_sides[0]] += 1.0
            e.mentions.append(role.mention)
            people.entities.append(e)
            chosen[open_sides[0]] = (e, 0.5)
            return


def _participants(
    doc: Document,
    people: People,
    pair: list[str],
    chosen: dict[str, tuple[Entity, float] | None],
    gaz: Gazetteer,
    story: list[int],
) -> list[Participant]:
    """The person who met for each side, with an office: the one the page gives the
    person, else the office of the state's unnamed office holder ("the President of
    Russia noted ..."), else the other side's for "his counterpart", else the site's own
    office on a leader's site ("President of Russia")."""
    own = page_office(doc.article.publisher, gaz)
    out = []
    picked = {st: c[0] for st, c in chosen.items() if c is not None}
    for st in pair:
        e = picked.get(st)
        if e is None:
            continue
        office = e.office
        if office is None:
            office = next((r.office for r in people.roles if r.state == st and r.office), None)
        if office is None and e.counterpart:
            other = next((o for s2, o in picked.items() if s2 != st), None)
            office = other.office if other is not None else None
        if office is None and own is not None and own[0] == st:
            office = own[1]
        seen = sorted(e.sents & set(story)) or sorted(i for i in e.sents if doc.sents[i].evidential)
        out.append(
            Participant(e.name, office, st, [doc.sents[i].sentence.evidence() for i in seen])
        )
    return out


class Facts(TypedDict):
    """What the story says besides its sides, date and place."""

    topics: list[TopicHit]
    figures: list[Figure]
    agreements: list[Agreement]
    relationship: Relationship


def _facts(
    sents: list[Sentence], anchor: dt.date | None, chosen: list[str], article: Article
) -> Facts:
    """Topics, figures, agreements and relationship, read from the story sentences;
    relative periods resolve against the meeting date only (``None``: left unresolved).
    A bare "$" is the dollar of the publisher (a Canadian government release: CAD)."""
    from briefing.extract.agreements import extract_agreements
    from briefing.extract.figures import extract_figures
    from briefing.extract.money import local_dollar
    from briefing.extract.relationship import extract_relationship
    from briefing.extract.topics import extract_topics

    return Facts(
        topics=extract_topics(sents),
        figures=extract_figures(
            sents, anchor, chosen, dollar=local_dollar(article.publisher, article.url)
        ),
        agreements=extract_agreements(sents, anchor, chosen),
        relationship=extract_relationship(sents, anchor),
    )


def story_of(a: Analysis) -> list[int]:
    """Sentences of the story of an analysed report (see ``_story``)."""
    return _story(a.doc, a.pair, a.principals)


def _story(doc: Document, pair: list[str], principals: list[Entity]) -> list[int]:
    """Sentences of the story: the lead paragraph and the paragraphs tied to it (see
    ``clean.story_indices``), judged against the principals and the two states; a
    paragraph of trade figures or of documents signed is tied whatever it names."""
    from briefing.extract.agreements import reports_documents
    from briefing.extract.figures import reports_trade

    assert doc.lead is not None
    lead_para = doc.sents[doc.lead].para
    names = [t for e in principals for t in e.tokens]
    by_para: dict[int, set[str]] = {}
    for i, s in enumerate(doc.sents):
        if s.para >= 0:
            by_para.setdefault(s.para, set()).update(doc.states_in(i))
    index = {p.start: k for k, p in enumerate(doc.paragraphs)}

    def tied(p: clean.Paragraph) -> bool:
        named = by_para.get(index[p.start], set())
        # facts tie a paragraph that names no state besides the two (not "... then went
        # on to Malabo, where agreements were signed")
        return clean.is_tied(p, names, named, set(pair)) or (
            named <= set(pair) and (reports_trade(p.text) or reports_documents(p.text))
        )

    keep = set(clean.story_indices(doc.paragraphs, lead_para, tied))
    return [
        i
        for i, s in enumerate(doc.sents)
        if s.para in keep and (s.para != lead_para or i >= doc.lead)
    ]


def _story_paragraphs(doc: Document, story: list[int]) -> list[clean.Paragraph]:
    paras = sorted({doc.sents[i].para for i in story if doc.sents[i].para >= 0})
    return [doc.paragraphs[p] for p in paras]


def _dateline(doc: Document, gaz: Gazetteer) -> dates.Dateline | None:
    """The dateline opening the lead paragraph, else one on the lines just above it,
    else a line above it that only names a place ("The Kremlin, Moscow" over a readout)."""
    if doc.lead is None:
        return None
    at = doc.sents[doc.lead].para
    near = [doc.paragraphs[at], *reversed(doc.paragraphs[max(0, at - 3) : at])]
    for p in near:
        found = dates.find_dateline(doc.text, p.start, p.end, doc.pub, doc.text)
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
    if not any(h.kind in places.CITY_KINDS for h in hits):
        return False
    rest = line
    for h in sorted(hits, key=lambda h: h.start, reverse=True):
        rest = rest[: h.start] + rest[h.end :]
    return not re.sub(r"\b(?:the|The)\b|[\s,.;:/|()-]", "", rest)


def _stamp_date(doc: Document, article_id: str, gaz: Gazetteer) -> DateMention | None:
    """A date line just above the story that is a dateline: a date stamp beside a line
    naming the place ("March 4, 2025, 14:00" over "The Kremlin, Moscow"), as official
    readouts date the event. A bare page timestamp with no place states nothing about
    when the meeting took place (spec/annotation.md) and is not used."""
    assert doc.lead is not None
    at = doc.sents[doc.lead].para
    above = doc.paragraphs[max(0, at - 3) : at]
    for k in range(len(above) - 1, -1, -1):
        p = above[k]
        value = dates.stamp(p.text)
        neighbours = above[max(0, k - 1) : k] + above[k + 1 : k + 2]
        if value and any(_place_line(n.text, gaz) for n in neighbours):
            return DateMention(
                "dateline",
                p.text,
                value.isoformat(),
                dates.WEEKDAYS[value.weekday()],
                [Evidence(article_id, p.start, p.end, p.text)],
            )
    return None
