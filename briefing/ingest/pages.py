"""What earlier runs learned about the pages feed entries link to: which were read, which
keep failing. Kept in ``<output>/.state/pages.json``.

A teaser whose page fails tonight (a 404, a timeout, a page over the size limit) is
usually fine tomorrow, or gone for good. So a failing page is tried again on the next
runs, quietly, and reported once, as a warning, when it has failed on ``GIVE_UP_AFTER``
runs; from then on it is not requested any more. A page that was read once and fails
later does not fall back to the entry's summary: the full text read earlier stands.
Entries not seen for ``FORGET_AFTER_DAYS`` are dropped, so the file stays as small as
the feeds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from pathlib import Path
from typing import Any

from briefing.atomic import atomic_write
from briefing.errors import DeliveryError

log = logging.getLogger(__name__)

#: Runs a page may fail on before it is reported and no longer requested.
GIVE_UP_AFTER = 3
FORGET_AFTER_DAYS = 60
STATE_FILE = "pages.json"


class PageState:
    """The state of linked pages across runs; ``folder`` None keeps it for this run only.
    Each page's failures count once per run, however often it is linked. Thread-safe."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = folder / STATE_FILE if folder else None
        self.today = dt.datetime.now(dt.UTC).date().isoformat()
        self._pages: dict[str, dict[str, Any]] = self._load()
        self._failed_now: set[str] = set()
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, Any]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:  # a damaged state file only costs retries
            log.warning("%s: unreadable (%s); starting afresh", self.path, exc)
            return {}
        return (
            {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}
        )

    def _page(self, url: str) -> dict[str, Any]:
        page = self._pages.setdefault(url, {"read": False, "failures": 0})
        page["seen"] = self.today
        return page

    def given_up(self, url: str) -> bool:
        """The page failed on ``GIVE_UP_AFTER`` runs: it is not requested any more."""
        with self._lock:
            return self._page(url).get("failures", 0) >= GIVE_UP_AFTER

    def was_read(self, url: str) -> bool:
        with self._lock:
            return bool(self._page(url).get("read"))

    def read(self, url: str) -> None:
        with self._lock:
            page = self._page(url)
            page.update(read=True, failures=0)
            page.pop("since", None)
            page.pop("reason", None)

    def failed(self, url: str, reason: str) -> tuple[int, str]:
        """Record tonight's failure of ``url``: (runs it has failed on, since when)."""
        with self._lock:
            page = self._page(url)
            if url not in self._failed_now:
                self._failed_now.add(url)
                page["failures"] = page.get("failures", 0) + 1
                page.setdefault("since", self.today)
            page["reason"] = reason
            return page["failures"], page["since"]

    def save(self) -> None:
        """Write the state (atomically), without pages unseen for ``FORGET_AFTER_DAYS``."""
        if self.path is None:
            return
        cutoff = (dt.date.fromisoformat(self.today) - dt.timedelta(FORGET_AFTER_DAYS)).isoformat()
        with self._lock:
            kept = {u: p for u, p in sorted(self._pages.items()) if p.get("seen", "") >= cutoff}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(kept, indent=1, sort_keys=True).encode("utf-8"))
        except (OSError, DeliveryError) as exc:  # losing it only costs retries
            log.warning("cannot save %s (%s)", self.path, exc)
