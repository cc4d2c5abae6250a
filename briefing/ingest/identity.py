"""What an article is, whatever its text says today: the key its id hashes.

Publishers edit stories after publication (a sentence added, a figure corrected, an
"Updated at 21:05" line). Identified by a hash of its text, each edit would be a second
source. So an article is identified by where it lives: its canonical URL (the page's
``<link rel=canonical>``, or the URL it was fetched from), a feed entry's guid, or, for
a file with neither, the file itself. A new text under the same key is a new revision of
the same article (``briefing/merge/revisions.py``). Only a text without any of these (an
item of a JSON list with no ``url``) is identified by its text.

A page may name any canonical URL; one on another host is ignored for a fetched page, so
a page cannot pass itself off as a revision of another site's article (syndicated copies
often point at the original: they stay copies, ``briefing/merge/copies.py``).
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that only track the reader; the same page with or without them is
#: the same article.
_TRACKING = re.compile(r"utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|cmpid|ocid|at_\w+", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """``url`` in one spelling (scheme and host lower case, default port, fragment and
    tracking parameters dropped); None when it is not an http(s) URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.fullmatch(k)
        ]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def url_key(url: str | None) -> str | None:
    canonical = canonical_url(url)
    return f"url:{canonical}" if canonical else None


def path_key(path: str) -> str:
    """A file's key: its real path, so the same file reached by two names is one article."""
    return f"path:{os.path.realpath(path)}"


def guid_key(guid: str | None, feed: str) -> str | None:
    """A feed entry's guid: a URL guid is the article's URL; any other is only unique
    within its feed, so the feed is part of the key."""
    if not guid or not guid.strip():
        return None
    return url_key(guid) or f"guid:{feed}#{guid.strip()}"


def page_key(canonical: str | None, fetched_from: str | None) -> str | None:
    """A page's key: its canonical URL when it names one on the host it was fetched
    from (any, for a saved file: ``fetched_from`` None), else the URL it was fetched from."""
    named, fetched = canonical_url(canonical), canonical_url(fetched_from)
    if named and (fetched is None or urlsplit(named).netloc == urlsplit(fetched).netloc):
        return f"url:{named}"
    return f"url:{fetched}" if fetched else None
