"""Markdown reports as plain text, through markdown-it-py (CommonMark).

Extraction quotes sentences from ``Article.text`` as evidence, so the markup must not be
in it: ``**HANOI, May 26 (Reuters)** –`` is read as ``HANOI, May 26 (Reuters) –``, a list
item ``- an agreement on ...;`` as its words, ``## Trade`` as the word "Trade" in a
paragraph of its own. Each block (paragraph, heading, list item, quote, code, table
row) becomes one paragraph, separated by a blank line; a line break inside a paragraph
is a space, as Markdown renders it. The first level-1 heading is the report's title.
"""

from __future__ import annotations

import re
from typing import Any

_TAG = re.compile(r"<[^>]*>")


def _blocks(source: str) -> tuple[list[str], str | None]:
    """The blocks of the document as plain text, the title heading's marked."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(source)
    blocks: list[str] = []
    title: str | None = None
    row: list[str] | None = None
    heading: str | None = None
    for tok in tokens:
        kind = tok.type
        if kind == "heading_open":
            heading = tok.tag
        elif kind == "heading_close":
            heading = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append("  ".join(cell for cell in row or [] if cell))
            row = None
        elif kind == "inline":
            text = _inline(tok.children or [])
            if row is not None:
                row.append(text)
            elif heading == "h1" and title is None:
                title = text
                blocks.append(_TITLE_MARK + text)
            elif text:
                blocks.append(text)
        elif kind in ("fence", "code_block"):
            blocks.append(tok.content.strip("\n"))
        elif kind == "html_block":
            blocks.append(" ".join(_TAG.sub(" ", tok.content).split()))
    return [b for b in blocks if b.strip()], title


#: Marks the block that holds the title heading, so ``read_markdown`` can drop it.
_TITLE_MARK = "\x00title\x00"


def _inline(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(_inline(child.children or []) or child.content)
        # link, emphasis and strike marks, inline HTML: dropped, their text kept
    return "".join(parts).strip()


def read_markdown(source: str, *, take_title: bool) -> tuple[str, str | None]:
    """The text of a Markdown report and, with ``take_title``, its first level-1
    heading as the title (left out of the text); without, the heading stays text."""
    blocks, title = _blocks(source)
    kept = []
    for block in blocks:
        if block.startswith(_TITLE_MARK):
            if take_title:
                continue
            block = block[len(_TITLE_MARK) :]
        kept.append(block)
    return "\n\n".join(kept), title if take_title else None
