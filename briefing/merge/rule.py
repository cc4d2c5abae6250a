"""The conflict rule: which value a meeting keeps when its sources disagree (a date, a
place, a figure), written so that a reader can predict it (README, "Conflicts"):

1. the value most independent sources give (copies of one story count once);
2. on a tie, the value of an official readout (a government, ministry or presidency
   site: ``briefing/data/official.yaml``) over a news report's;
3. then the value published first (a report without a date comes last);
4. then, still tied, the value itself in a fixed order (the earlier date, the smaller
   figure): never the order of article ids, which are hashes.

The values that lose stay visible: in the meeting's conflicts, and on a figure as its
``alternatives``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from briefing.model import Article

K = TypeVar("K", bound=Hashable)


@lru_cache(maxsize=1)
def _official() -> dict[str, Any]:
    from briefing.vocab import load_data

    return load_data("official.yaml")


def is_official(article: Article) -> bool:
    """An official readout: published on a government site (by its URL), or, without
    one, by a publisher that names a ministry, presidency or government."""
    data = _official()
    host = (urlsplit(article.url).hostname or "") if article.url else ""
    if host:
        labels = host.lower().split(".")
        if any(host.endswith(s) for s in data["suffixes"]):
            return True
        if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in data["labels"]:
            return True
        first = [x for x in labels[:-1] if x != "www" and len(x) != 2][:1]
        return bool(first) and first[0] in data["first_labels"]
    publisher = (article.publisher or "").lower()
    return any(p in publisher for p in data["publishers"])


@dataclass(frozen=True)
class Sources:
    """What the rule knows of one meeting's reports: each one's independent source (the
    leader of its copy group), which are official readouts, and when each appeared."""

    source_of: Mapping[str, str]
    official: frozenset[str]
    published: Mapping[str, str]

    @classmethod
    def of(cls, articles: Iterable[Article], copies: Mapping[str, str] | None = None) -> Sources:
        articles = list(articles)
        copies = copies or {}
        return cls(
            {a.id: copies.get(a.id, a.id) for a in articles},
            frozenset(a.id for a in articles if is_official(a)),
            {a.id: a.published or "9999-99-99" for a in articles},
        )

    def support(self, ids: Iterable[str]) -> int:
        """Independent sources among ``ids``."""
        return len({self.source_of.get(i, i) for i in ids})

    def key(self, ids: Iterable[str]) -> tuple[int, bool, str]:
        """Sort key of a value given by ``ids``: most independent sources, then an
        official readout, then the earliest publication."""
        ids = list(ids)
        return (
            -self.support(ids),
            not any(i in self.official for i in ids),
            min((self.published.get(i, "9999-99-99") for i in ids), default="9999-99-99"),
        )

    def rank(self, claims: Mapping[K, Iterable[str]], order: Callable[[K], Any] = str) -> list[K]:
        """The values of ``claims`` (value -> the articles giving it), the one kept
        first; ``order`` (a sort key of the values) settles what the rule leaves tied."""
        return sorted(claims, key=lambda v: (self.key(claims[v]), order(v)))

    def why(self, winner: Iterable[str], loser: Iterable[str]) -> str:
        """Which step of the rule decided between two values' supporters."""
        a, b = self.key(winner), self.key(loser)
        if a[0] != b[0]:
            return f"{-a[0]} source{'s' if -a[0] != 1 else ''} against {-b[0]}"
        if a[1] != b[1]:
            return "an official readout against a news report"
        if a[2] != b[2]:
            return "published first"
        return "a tie, settled by the values' order"


def vote(
    claims: Mapping[str, K | None], sources: Sources, order: Callable[[K], Any] = str
) -> K | None:
    """The value the rule keeps among the articles' claims (article id -> value)."""
    by_value: dict[K, list[str]] = {}
    for aid, value in claims.items():
        if value is not None:
            by_value.setdefault(value, []).append(aid)
    ranked = sources.rank(by_value, order)
    return ranked[0] if ranked else None
