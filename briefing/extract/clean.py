"""Noise removal: split a report into paragraphs, flag boilerplate, and keep the one story
about the meeting.

Scraped pages carry a lot besides the story: the page's date marker, headlines and
teasers of other stories, app and comment prompts, share bars, photo credits, copyright
lines. Boilerplate is recognised by cue patterns (``data/cues.yaml``). The story is the
run of paragraphs from its lead (found by the caller, who knows what a meeting sentence
looks like) for as long as paragraphs stay tied to it: a paragraph that names a
principal, uses an anaphor ("the sides", "the talks") or a closing phrase of readouts
("also on the agenda", "the next meeting"), or names both states is tied; two untied
paragraphs in a row end the story, so trailing teasers never contribute a fact. A line
ending in a colon that introduces bullet or numbered items ("The following documents were
signed:") keeps its items with it: a list of documents names nobody, yet is the story.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from briefing.vocab import load_data

# The page's publication marker, at the start of a line among the first few: above it
# there may be a navigation strip or a caption.
MARKER_RE = re.compile(r"^[ \t]*date (\d{4}-\d{2}-\d{2})\b[ \t]*", re.MULTILINE)
_MARKER_WITHIN = 400  # characters from the start of the text
_DANGLING_RE = re.compile(r"\s(?:the|a|an|of|at|to|in|on|for|with|by|from|and|or|that)$")
_TERMINAL = (".", "!", "?", '"', "”", ")", ":", "»", "…")
# A bullet or numbered list item: "- Agreement on ...", "• Memorandum ...", "1. Programme
# ...", "b) Protocol ...".
_ITEM_RE = re.compile(r"^(?:[-–—•*·▪●◦►]|\(?\d{1,2}[.)]|\(?[a-z]\))\s+\S")
_SEMICOLON_LINE_RE = re.compile(r";[ \t]*$", re.MULTILINE)
# A full stop ending one sentence before another ("... in Seoul. The talks ...").
_SENTENCE_END_RE = re.compile(r"[a-z0-9)\"”’][.!?][\"”’]?\s+[A-Z\"“]")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of ``Article.text``: span, text, and what kind of noise it is, if any."""

    start: int
    end: int
    text: str
    boilerplate: bool = False
    truncated: bool = False  # ends in an ellipsis: a teaser of a longer text

    @property
    def headline_like(self) -> bool:
        """No closing punctuation: a headline, label or byline, not a sentence of prose.
        A paragraph of several sentences is prose even when the page cut its last one
        short."""
        if self.truncated or self.text.rstrip().endswith(_TERMINAL):
            return False
        return len(_SENTENCE_END_RE.findall(self.text)) < 2


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cues = load_data("cues.yaml")
    # one search for all the boilerplate patterns (each in its own group)
    boiler = re.compile("|".join(f"(?:{p})" for p in cues["boilerplate"]), re.IGNORECASE)
    tail = re.compile(cues["truncation_tail"], re.IGNORECASE)
    links = re.compile(cues["story_links"], re.IGNORECASE)
    return boiler, tail, links


@lru_cache(maxsize=1)
def _story_list_label() -> re.Pattern[str]:
    return re.compile(load_data("cues.yaml")["story_list_label"], re.IGNORECASE)


@lru_cache(maxsize=1)
def _list_intro() -> re.Pattern[str]:
    return re.compile(load_data("cues.yaml")["list_intro"], re.IGNORECASE)


def date_marker(text: str) -> str | None:
    """The page's ' date YYYY-MM-DD' publication marker, if the page has one."""
    m = _marker(text)
    return m.group(1) if m else None


def _marker(text: str) -> re.Match[str] | None:
    return MARKER_RE.search(text, 0, _MARKER_WITHIN)


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _blocks(text: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines (spans stripped), separated by blank lines."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in _lines(text):
        if start >= end or not text[start:end].strip():
            if current:
                blocks.append(current)
                current = []
            continue
        seg = text[start:end]
        lead = len(seg) - len(seg.lstrip())
        current.append((start + lead, start + len(seg.rstrip())))
    if current:
        blocks.append(current)
    return blocks


def _join_wrapped(text: str, block: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo hard wrapping (mailing-list copies): join a line to the next when it stops
    mid-sentence, i.e. it ends in a function word, the next starts in lower case, or the
    block is evenly wrapped. A date stamp line ("December 12, 2024, 15:30" under a
    readout's title) is never part of a wrapped sentence, and a list item starts a line."""
    from briefing.extract.dates import stamp

    longest = max(e - s for s, e in block)
    even = len(block) >= 3 and 50 <= longest <= 100  # short lines are labels, not prose
    out: list[tuple[int, int]] = []
    for start, end in block:
        if out:
            prev_s, prev_e = out[-1]
            prev = text[prev_s:prev_e]
            nxt = text[start:end]
            open_end = not prev.endswith(_TERMINAL) and not _ITEM_RE.match(nxt)
            dangling = _DANGLING_RE.search(prev) is not None
            if open_end and (
                nxt[:1].islower()
                or dangling
                or (
                    even
                    and prev_e - prev_s >= 0.7 * longest
                    and stamp(nxt) is None
                    and stamp(prev) is None
                )
            ):
                out[-1] = (prev_s, end)
                continue
        out.append((start, end))
    return out


def paragraphs(text: str) -> list[Paragraph]:
    """All paragraphs of ``text`` (after the date marker), boilerplate flagged."""
    boiler, tail, _ = _patterns()
    m = _marker(text)
    if m:  # blanked, so offsets stay those of ``text``
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    label = _story_list_label()
    out: list[Paragraph] = []
    # After "Related stories" within or after the story: teasers until the next paragraph
    # of prose. Above the story, such a list runs into the story's own headline, which
    # looks like one more teaser, so there only the label is dropped.
    in_list = prose_seen = False
    for block in _blocks(text):
        for start, end in _join_wrapped(text, block):
            chunk = text[start:end]
            cut = tail.search(chunk)
            truncated = False
            if cut and cut.start() > 0:
                end = start + len(chunk[: cut.start()].rstrip())
                chunk = text[start:end]
                truncated = True
            truncated = truncated or chunk.endswith(("...", "…"))
            para = Paragraph(start, end, chunk, False, truncated)
            is_label = bool(label.search(chunk))
            if is_label:
                in_list = prose_seen
            elif not (para.headline_like or para.truncated):
                in_list = False
                prose_seen = True
            is_boiler = is_label or in_list or bool(boiler.search(chunk))
            out.append(Paragraph(start, end, chunk, is_boiler, truncated))
    return out


def is_tied(
    paragraph: Paragraph, names: list[str], country_hits: set[str], countries: set[str]
) -> bool:
    """Does ``paragraph`` continue the story? ``names`` are principals' name tokens,
    ``country_hits`` the states it mentions, ``countries`` the meeting's states."""
    _, _, links = _patterns()
    text = paragraph.text
    if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names):
        return True
    if links.search(text):
        return True
    return len(countries) == 2 and countries <= country_hits


# A speaker label opening a transcript paragraph ("President of Russia Vladimir Putin:
# Mr President, friends, ..."): a name or office, an optional "(retranslated)", a colon.
_SPEAKER_RE = re.compile(r"^[A-Z][^:.!?\n]{2,150}?(?:\s*\([^)\n]*\))?:(?:\s|$)")


def _list_items(paras: list[Paragraph], pos: int) -> list[int]:
    """Positions of the list items introduced by ``paras[pos]``, a line ending in a colon:
    bullet or numbered lines, or unmarked lines separated by semicolons ("Agreement on
    X;" / "Memorandum on Y.", which the unwrapping may have joined into one paragraph).
    Empty when no item follows (a speaker label, a quote)."""
    if not paras[pos].text.rstrip().endswith(":"):
        return []
    items: list[int] = []
    for nxt in range(pos + 1, len(paras)):
        para = paras[nxt]
        if para.boilerplate:
            continue
        text = para.text.strip()
        after_semicolon = bool(items) and paras[items[-1]].text.rstrip().endswith(";")
        if not (_ITEM_RE.match(text) or _SEMICOLON_LINE_RE.search(text) or after_semicolon):
            break
        items.append(nxt)
    return items


def story_indices(
    paras: list[Paragraph], lead: int, tied: Callable[[Paragraph], bool]
) -> list[int]:
    """Positions (in ``paras``) of the story's paragraphs: the lead and what follows
    while tied to it. One untied paragraph is kept when the next one is tied again (an
    aside); two in a row end the story. A line ending in a colon that is tied, or words
    like a readout's list ("The following documents were signed:"), keeps the list items
    after it. After a tied speaker label (official transcripts of opening remarks) the
    speaker's prose paragraphs belong to the story too, though they speak in the first
    person and name nobody."""
    keep = [lead]
    pending: int | None = None
    speaking = False
    skip_to = lead
    for pos in range(lead + 1, len(paras)):
        if pos <= skip_to:
            continue
        para = paras[pos]
        if para.boilerplate:
            continue
        items = _list_items(paras, pos)
        if items and (tied(para) or _list_intro().search(para.text)):
            if pending is not None:
                keep.append(pending)
                pending = None
            keep.extend([pos, *items])
            skip_to = items[-1]
            speaking = False
            continue
        if tied(para) or (speaking and not para.headline_like and not _SPEAKER_RE.match(para.text)):
            if pending is not None:
                keep.append(pending)
                pending = None
            keep.append(pos)
            if _SPEAKER_RE.match(para.text):
                speaking = True
        elif pending is None:
            pending = pos
            speaking = False
        else:
            break
    return keep
