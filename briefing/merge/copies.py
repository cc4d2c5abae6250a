"""Which reports of a meeting are copies of one story: the same wire copy (Xinhua,
Reuters, AFP, PTI...) republished by several sites, with small edits, is one source.

Two texts are copies when the share of the shorter one's word ``SHINGLE``-grams found in
the longer one (containment: a copy trimmed from the bottom or framed by a site's own
lines is still the story) reaches ``COPY_THRESHOLD``; each report joins the group of the
first report it copies, so a group is led by its first report in precedence order. Corroboration then counts groups, not articles (``Evidence.copy_of``), while the
copies stay listed under their source and their disagreements stay visible.

Our own code rather than datasketch: a meeting's reports are few, so exact Jaccard is
cheap and exact where MinHash would estimate; datasketch would bring scipy (tens of MB)
for it. What must scale is a meeting with thousands of reports (a feed flooded with one
story): each report is compared only with the leaders of existing groups that share one
of its ``SKETCH`` smallest shingle hashes (a bottom-k sketch; near-copies share most of
them, other texts almost none), at most ``MAX_CANDIDATES`` of them, so the work grows
with the reports times the independent sources, not with the square of the reports.

The threshold was measured on the real corpora by ``scripts/measure_copies.py``: see
the numbers there and in docs/architecture.md.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from briefing.merge.similar import fold

T = TypeVar("T")

#: Words per shingle.
SHINGLE = 4
#: Similarity of shingle sets from which two texts are one story's copies.
COPY_THRESHOLD = 0.5
#: Below this many shingles in the shorter text, containment says too little: Jaccard.
MIN_CONTAINED = 20
#: Smallest shingle hashes kept per text to find candidate copies.
SKETCH = 64
#: Group leaders compared with a text, the most promising first.
MAX_CANDIDATES = 16


def fingerprint(text: str) -> frozenset[int]:
    """The hashed word ``SHINGLE``-grams of a text (folded to lower-case ASCII), with a
    stable hash (crc32) so that runs agree. A text shorter than a shingle is one."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    if len(words) < SHINGLE:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode())
        for i in range(len(words) - SHINGLE + 1)
    )


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Shared shingles over all shingles of the two texts (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """How much of the shorter text the longer one holds (containment): a copy trimmed
    from the bottom, or framed by a site's own lines, is still the story. For a text of
    fewer than ``MIN_CONTAINED`` shingles, their Jaccard similarity."""
    if not a or not b:
        return 0.0
    shorter = min(len(a), len(b))
    if shorter < MIN_CONTAINED:
        return jaccard(a, b)
    return len(a & b) / shorter


def copy_groups(items: Iterable[T], text: Callable[[T], str]) -> dict[int, int]:
    """Index of each item -> index of the item leading its copy group (itself for a
    leader). ``items`` in their order of precedence: the first of a group leads it."""
    leaders: list[tuple[int, frozenset[int]]] = []
    by_hash: dict[int, list[int]] = {}  # sketch hash -> positions in ``leaders``
    out: dict[int, int] = {}
    for i, item in enumerate(items):
        prints = fingerprint(text(item))
        sketch = sorted(prints)[:SKETCH]
        shared = Counter(pos for h in sketch for pos in by_hash.get(h, ()))
        candidates = sorted(shared, key=lambda pos: (-shared[pos], pos))[:MAX_CANDIDATES]
        scores = [(similarity(prints, leaders[pos][1]), -pos) for pos in candidates]
        best = max(scores, default=(0.0, 0))
        if best[0] >= COPY_THRESHOLD:
            out[i] = leaders[-best[1]][0]
            continue
        out[i] = i
        for h in sketch:
            by_hash.setdefault(h, []).append(len(leaders))
        leaders.append((i, prints))
    return out
