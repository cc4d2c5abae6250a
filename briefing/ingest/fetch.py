"""HTTP GET for feeds and article pages, polite and bounded, with a small on-disk cache.

Built on ``urllib`` (standard library) rather than httpx: the tool only needs plain GETs,
urllib gives per-socket timeouts, redirect control and conditional requests without a
new dependency, and an unattended nightly job has one less package to break on upgrade.

What a nightly run needs from it:

- a timeout per socket operation *and* a deadline for the whole body, so a server that
  trickles bytes cannot stall the run;
- a size limit (``Content-Length`` checked first, the body counted while reading);
- a User-Agent that names the tool;
- conditional requests: the ETag / Last-Modified of the last good response are kept in
  ``<state dir>/http/`` together with the body, so a ``304 Not Modified`` costs one round
  trip and still yields the content (the rest of the pipeline then recognises the
  articles by their ids and skips them);
- retries with exponential backoff for failures that may pass (connection errors,
  timeouts, 5xx, 408, 429), none for those that will not (other 4xx);
- redirects followed up to a limit, only to http(s);
- budgets (``Budget``) so that no host and no night can stall the run: a host whose
  requests timed out twice is skipped for the rest of the run (one warning), and once
  the run's network time (``[sources] run_budget``) is spent the remaining pages wait
  for the next run (one warning).

Every failure is an ``InputError`` naming the URL, so the caller reports the source and
goes on with the others; a request the budgets refuse is a ``FetchSkipped``.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from briefing.atomic import atomic_write
from briefing.config import DEFAULT_USER_AGENT
from briefing.errors import DeliveryError, InputError

log = logging.getLogger(__name__)

#: HTTP statuses worth retrying: the server may answer differently in a moment.
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
CHUNK = 64 * 1024
#: Timed-out requests after which a host is skipped for the rest of the run.
HOST_TIMEOUTS = 2


class FetchSkipped(InputError):
    """A request the run's budgets refused: its host kept timing out, or the run's
    network time is spent. Nothing is wrong with the page itself; it is tried again on
    the next run."""


class Budget:
    """The network budgets of one run, shared by every request of it (thread-safe).

    ``seconds``: the run's network time (None: no limit); each request's timeout is cut
    to what is left of it. ``host_timeouts``: timed-out requests after which a host is
    skipped until the end of the run. Each limit warns once when it starts to apply."""

    def __init__(self, seconds: float | None = None, host_timeouts: int = HOST_TIMEOUTS) -> None:
        self.deadline = time.monotonic() + seconds if seconds else None
        self.seconds = seconds
        self.host_timeouts = host_timeouts
        self._timeouts: Counter[str] = Counter()
        self._spent = False
        self._lock = threading.Lock()

    def allow(self, url: str) -> float | None:
        """Seconds left of the run's budget (None: unlimited); FetchSkipped when the
        request must not be made."""
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._lock:
            if self._timeouts[host] >= self.host_timeouts:
                raise FetchSkipped(
                    url, f"skipped: {host} timed out {self._timeouts[host]} times this run"
                )
            if self.deadline is None:
                return None
            left = self.deadline - time.monotonic()
            if left > 0:
                return left
            if not self._spent:
                self._spent = True
                log.warning(
                    "the run's network budget of %g s ([sources] run_budget) is spent;"
                    " the pages left are fetched on the next run",
                    self.seconds,
                )
        raise FetchSkipped(url, "skipped: the run's network budget ([sources] run_budget) is spent")

    def timed_out(self, url: str) -> bool:
        """Count a timed-out request to ``url``'s host; True when the host is skipped
        from now on (the first time, with a warning)."""
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._lock:
            self._timeouts[host] += 1
            count = self._timeouts[host]
        if count == self.host_timeouts:
            log.warning(
                "%s timed out %d times: its other pages are skipped for the rest of this run",
                host,
                count,
            )
        return count >= self.host_timeouts


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch. Tests shrink them; production keeps the defaults."""

    timeout: float = 20.0  # seconds per socket operation, and for the whole body
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 3  # extra attempts after the first
    backoff: float = 1.0  # first pause; doubles on each retry
    max_backoff: float = 30.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True)
class Response:
    """A successful fetch. ``cached`` is True when the server answered 304 and the body
    came from the local cache."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    body: bytes
    content_type: str | None
    cached: bool = False

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of Content-Type, if the server sent one."""
        if not self.content_type:
            return None
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class HttpCache:
    """Validators and bodies of the last good responses, one pair of files per URL.

    The body is written before its metadata and both atomically, so a run killed half-way
    leaves either the previous entry or the new one; a metadata file whose body is
    missing or altered is ignored (the next request is unconditional)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def get(self, url: str) -> tuple[dict, bytes] | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or hashlib.sha256(body).hexdigest() != meta.get("sha256"):
            return None
        return meta, body

    def put(
        self,
        url: str,
        response: Response,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        if not etag and not last_modified:
            return  # nothing to revalidate with: no point keeping the body
        meta_path, body_path = self._paths(url)
        meta = {
            "url": url,
            "final_url": response.final_url,
            "content_type": response.content_type,
            "etag": etag,
            "last_modified": last_modified,
            "sha256": response.body_hash,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(body_path, response.body)
            atomic_write(meta_path, json.dumps(meta, indent=1).encode("utf-8"))
        except (
            OSError,
            DeliveryError,
        ) as exc:  # a cache that cannot be written only costs bandwidth
            log.warning("cannot update the HTTP cache for %s (%s)", url, exc)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most ``limit`` redirects, and only to http(s) URLs."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        # urllib reads these class attributes; per instance here, for this fetcher's limit
        self.max_redirections = limit  # type: ignore[misc]
        self.max_repeats = min(self.max_repeats, limit)  # type: ignore[misc]

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise urllib.error.HTTPError(
                newurl, code, f"redirect to a non-HTTP URL ({scheme}:) refused", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Retry(Exception):
    """A failure that may pass on a later attempt; ``timeout`` when the server did not
    answer in time (what the per-host budget counts)."""

    def __init__(self, reason: str, *, timeout: bool = False) -> None:
        super().__init__(reason)
        self.timeout = timeout


class Fetcher:
    """GETs URLs under one ``FetchPolicy``; ``cache`` (optional) enables conditional
    requests across runs; ``budget`` (default: none but the per-host one) bounds the run.
    One Fetcher may be used from several threads."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        cache: HttpCache | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.cache = cache
        self.budget = budget or Budget()
        self._opener = urllib.request.build_opener(_Redirects(self.policy.max_redirects))

    def fetch(self, url: str) -> Response:
        """The body of ``url``; raises InputError(url, reason) once retries are spent,
        FetchSkipped when the budgets refuse the request."""
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise InputError(url, f"not an http(s) URL (scheme {scheme or 'missing'!r})")
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            left = self.budget.allow(url)
            timeout = self.policy.timeout if left is None else min(self.policy.timeout, left)
            try:
                return self._once(url, timeout)
            except _Retry as exc:
                if exc.timeout and self.budget.timed_out(url):
                    raise InputError(url, f"{exc} (host skipped for the rest of the run)") from None
                if attempt + 1 == attempts:
                    raise InputError(url, f"{exc} (gave up after {attempts} attempts)") from None
                pause = min(self.policy.backoff * 2**attempt, self.policy.max_backoff)
                log.info("fetch %s failed (%s); retrying in %.1f s", url, exc, pause)
                time.sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, timeout: float) -> Response:
        policy = self.policy
        headers = {"User-Agent": policy.user_agent, "Accept": "*/*"}
        cached = self.cache.get(url) if self.cache else None
        if cached:
            meta = cached[0]
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        request = urllib.request.Request(url, headers=headers)
        try:
            reply = self._opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            with contextlib.suppress(Exception):
                exc.close()
            if exc.code == 304 and cached:
                meta, body = cached
                log.debug("fetch %s: not modified", url)
                return Response(
                    url, meta.get("final_url") or url, body, meta.get("content_type"), cached=True
                )
            reason = f"HTTP {exc.code} {exc.reason}"
            if exc.code in RETRY_STATUSES:
                raise _Retry(reason) from None
            raise InputError(url, reason) from None
        except urllib.error.URLError as exc:
            timed_out = isinstance(exc.reason, TimeoutError)
            raise _Retry(f"cannot connect ({_reason(exc.reason)})", timeout=timed_out) from None
        except (OSError, http.client.HTTPException) as exc:  # outside urllib's URLError
            raise _Retry(_reason(exc), timeout=isinstance(exc, TimeoutError)) from None
        with reply:
            length = reply.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > policy.max_bytes:
                raise InputError(
                    url, f"response is {length} bytes, over the {policy.max_bytes}-byte limit"
                )
            body = self._read_body(url, reply, timeout)
            response = Response(url, reply.geturl(), body, reply.headers.get("Content-Type"))
            if self.cache:
                self.cache.put(
                    url, response, reply.headers.get("ETag"), reply.headers.get("Last-Modified")
                )
        log.debug("fetch %s: %d bytes", url, len(body))
        return response

    def _read_body(self, url: str, reply, timeout: float) -> bytes:
        policy = self.policy
        deadline = time.monotonic() + timeout
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                chunk = reply.read1(CHUNK) if hasattr(reply, "read1") else reply.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > policy.max_bytes:
                    raise InputError(url, f"response exceeds the {policy.max_bytes}-byte limit")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _Retry(f"body not received within {timeout:g} s", timeout=True)
        except TimeoutError as exc:
            raise _Retry(f"read timed out ({_reason(exc)})", timeout=True) from None
        except (OSError, http.client.HTTPException) as exc:
            raise _Retry(f"connection broken ({_reason(exc)})") from None
        return b"".join(chunks)


def _reason(exc: object) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    text = getattr(exc, "strerror", None) or str(exc)
    return text or type(exc).__name__
