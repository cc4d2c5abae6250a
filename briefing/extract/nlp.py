"""The shared spaCy pipeline and the sentence type every extractor works on.

A blank English pipeline with a rule-based sentencizer: fast (no statistical model to
load) and predictable. Extractors receive ``Sentence`` objects whose offsets point into
``Article.text`` so every fact keeps its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from briefing.model import Evidence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


@dataclass(frozen=True)
class Sentence:
    """A sentence of the story: its text and its character span in ``Article.text``."""

    article_id: str
    start: int
    end: int
    text: str

    def evidence(self) -> Evidence:
        return Evidence(self.article_id, self.start, self.end, self.text)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Blank English pipeline with a sentencizer, built once per process. Courtesy
    abbreviations of ``titles.yaml`` ("Hon.", "Rt.") are single tokens, so the sentencizer
    does not end a sentence at their full stop ("..., Hon. Jane Doe, held talks")."""
    import spacy
    from spacy.symbols import ORTH

    from briefing.extract.gazetteer import load_data

    nlp = spacy.blank("en")
    titles = load_data("titles.yaml")
    for form in titles["honorifics"]:
        for word in form.split():
            if word.endswith(".") and len(word) > 2:
                nlp.tokenizer.add_special_case(word, [{ORTH: word}])
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(article_id: str, text: str, spans: list[tuple[int, int]]) -> list[Sentence]:
    """Split each kept span (a paragraph of the story) of ``text`` into sentences."""
    nlp = get_nlp()
    out: list[Sentence] = []
    for start, end in spans:
        chunk = text[start:end]
        if not chunk.strip():
            continue
        for sent in nlp(chunk).sents:
            s = sent.text.strip()
            if not s:
                continue
            offset = start + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            out.append(Sentence(article_id, offset, offset + len(s), s))
    return out
