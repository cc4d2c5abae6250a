"""A report read once: its paragraphs and sentences, each sentence with its gazetteer hits,
person mentions and meeting cue, and where it sits on the page.

Every later decision (which two states met, who spoke for them, whether the report is
about a meeting at all) weighs evidence from the whole page, so the page is parsed once
here and the deciders only read it. Where a sentence sits matters as evidence, not as a
filter: the headline and the lines above the story (photo captions, kickers, date stamps)
often name a side that the story then calls only by name, and the lead names what the
report is about. Zones:

- ``title``: the article's title (not part of ``Article.text``: never used as evidence);
- ``header``: lines above the first paragraph of prose, and headline-like lines (no
  closing punctuation) anywhere;
- ``prose``: paragraphs of prose; ``rank`` counts them from the lead.

Pages scraped with their markup left in (``<p>...</p>``) are read with the tags blanked
out, the same length, so offsets still point into ``Article.text``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.extract import clean, dates
from briefing.extract.gazetteer import STATE_KINDS, Gazetteer, Hit, get_gazetteer
from briefing.extract.nlp import Sentence, split_sentences
from briefing.extract.people import PersonMention, sentence_mentions
from briefing.model import Article
from briefing.vocab import data_pattern, fold_key, load_data

# A paragraph break written as markup, and any other tag, blanked to the same length.
_BREAK_TAG = re.compile(
    r"</p>\s*\.?\s*<p[^>]{0,80}>|<br\s*/?>|</?p(?:\s[^>]{0,80})?>|</?div[^>]{0,80}>", re.I
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_ENTITY = re.compile(r"&(?:nbsp|amp|quot|#39|apos|lt|gt);")
_ENTITY_CHAR = {"&nbsp;": " ", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&apos;": "'"}


def unmarked(text: str) -> str:
    """``text`` with HTML tags blanked (paragraph tags become line breaks) and common
    entities replaced by their character, padded to keep every offset."""
    if "<" not in text and "&" not in text:
        return text

    def brk(m: re.Match[str]) -> str:
        n = len(m.group(0))
        return "\n\n" + " " * (n - 2) if n >= 2 else " " * n

    def ent(m: re.Match[str]) -> str:
        s = m.group(0)
        char = _ENTITY_CHAR.get(s, " ")
        return char + " " * (len(s) - 1)

    text = _BREAK_TAG.sub(brk, text)
    text = _TAG.sub(lambda m: " " * len(m.group(0)), text)
    return _ENTITY.sub(ent, text)


@lru_cache(maxsize=1)
def meeting_re() -> re.Pattern[str]:
    """Words that report a meeting, talks or a call (``cues.yaml`` ``meeting``)."""
    data = load_data("cues.yaml")
    cues = sorted(data["meeting"], key=len, reverse=True)
    phrases = r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b"
    return re.compile("|".join([phrases, *data["meeting_patterns"]]), re.I)


@lru_cache(maxsize=1)
def _gathering_re() -> re.Pattern[str]:
    return re.compile(load_data("cues.yaml")["multilateral"], re.I)


@lru_cache(maxsize=1)
def _caption_re() -> re.Pattern[str]:
    return data_pattern(load_data("cues.yaml")["caption"])


@dataclass
class Sent:
    """One sentence of the page with what was read in it."""

    sentence: Sentence
    para: int  # position of its paragraph in ``Document.paragraphs`` (-1: the title)
    zone: str  # "title" | "header" | "prose"
    hits: list[Hit]
    mentions: list[PersonMention]
    meeting: bool  # reports a meeting, talks or a call (cues.yaml ``meeting``)
    caption: bool = False
    rank: int = -1  # order among prose sentences from the lead (0 = the lead sentence)

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def evidential(self) -> bool:
        """Can a fact quote this sentence? (the title is not part of the text)"""
        return self.zone != "title"


@dataclass
class Document:
    article: Article
    text: str  # ``Article.text`` with markup blanked, same offsets
    paragraphs: list[clean.Paragraph]  # without boilerplate
    sents: list[Sent]
    lead: int | None  # index in ``sents`` of the lead sentence
    pub: dt.date | None
    header_text: list[str] = field(default_factory=list)  # title and header lines

    def prose(self) -> list[int]:
        """Indices of the prose sentences (the lead's paragraph and the ones after it,
        and prose before it: an opening that sets the scene)."""
        return [i for i, s in enumerate(self.sents) if s.zone == "prose"]

    def states_in(self, i: int) -> set[str]:
        """States a sentence names (countries, demonyms, capitals, seats, people)."""
        s = self.sents[i]
        found = {h.key for h in s.hits if h.kind in STATE_KINDS}
        found |= {m.country for m in s.mentions if m.country}
        return found


# A sentence in someone's own words ("I am convinced ...", a quotation) is no lead.
_QUOTED_RE = re.compile(r"^\s*(?:[\"“„«]|(?:I|We|Our|My)\b)")


def read(article: Article, gaz: Gazetteer | None = None) -> Document:
    """Parse ``article`` into a :class:`Document`."""
    gaz = gaz or get_gazetteer()
    text = unmarked(article.text)
    paras = [p for p in clean.paragraphs(text) if not p.boilerplate]
    sents: list[Sent] = []
    if article.title and article.title.strip():
        title = article.title.strip()
        t = Sentence(article.id, 0, len(title), title)
        hits = gaz.find(title)
        sents.append(
            Sent(
                t,
                -1,
                "title",
                hits,
                sentence_mentions(0, t, hits, gaz, headline=True),
                bool(meeting_re().search(title)),
            )
        )
    title_key = fold_key(article.title) if article.title else None
    prose = [
        not p.headline_like and not (title_key and fold_key(p.text) == title_key) for p in paras
    ]
    # the story starts at the first full paragraph of prose; a teaser cut short ("...
    # Read more") starts it only when the page has nothing else
    full = [k for k, p in enumerate(paras) if prose[k] and not p.truncated]
    start = full[0] if full else next((k for k in range(len(paras)) if prose[k]), len(paras))
    for pi, p in enumerate(paras):
        zone = "prose" if prose[pi] and pi >= start else "header"
        for s in split_sentences(article.id, text, [(p.start, p.end)]):
            hits = gaz.find(s.text, s.start)
            sent = Sent(
                s,
                pi,
                zone,
                hits,
                sentence_mentions(0, s, hits, gaz, headline=zone == "header"),
                bool(meeting_re().search(s.text)),
            )
            sent.caption = bool(_caption_re().search(s.text))
            sents.append(sent)
    for i, sent in enumerate(sents):
        for m in sent.mentions:
            m.sentence = i
    lead = _lead(sents)
    if lead is not None:
        rank = 0
        for sent in sents[lead:]:
            if sent.zone == "prose":
                sent.rank = rank
                rank += 1
    header_text = [
        s.text for s in (sents[:lead] if lead is not None else sents[:3]) if s.zone != "prose"
    ]
    header_text += [s.text for s in sents if s.zone == "header" and s.text not in header_text]
    pub = dates.publication_date(article.published, clean.date_marker(text), header_text)
    return Document(article, text, paras, sents, lead, pub, header_text)


def _lead(sents: list[Sent]) -> int | None:
    """The lead sentence: the first prose sentence, not a caption, that reports a meeting
    and names a person or a state; else the first prose sentence naming a state or a
    person; else the first prose sentence."""

    def names(s: Sent) -> bool:
        return bool(s.mentions) or any(h.kind in STATE_KINDS for h in s.hits)

    prose = [
        i
        for i, s in enumerate(sents)
        if s.zone == "prose" and not s.caption and not _QUOTED_RE.match(s.text)
    ] or [i for i, s in enumerate(sents) if s.zone == "prose"]
    gathering = _gathering_re()
    for test in (
        lambda s: (s.meeting or bool(gathering.search(s.text))) and names(s),
        names,
        lambda s: True,
    ):
        for i in prose:
            if test(sents[i]):
                return i
    return None
