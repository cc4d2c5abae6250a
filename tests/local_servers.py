"""Real servers on 127.0.0.1 for the fetch, feed, email and incremental tests.

``Site`` is an ``http.server`` in a thread serving a few routes that behave like the
web does on a bad night (slow, failing, redirecting, oversized, conditional). ``smtp``
starts an aiosmtpd Controller that keeps every accepted message. Everything the sites
serve is invented for the tests.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPORT_A = (
    "OSLO, March 4 (Nordic Wire) - Norway's Prime Minister met the President of Chile in "
    "Oslo on Tuesday for talks on renewable energy, fisheries and trade. The two leaders "
    "signed a memorandum of understanding on green hydrogen and agreed to set up a joint "
    "working group on salmon farming standards. Trade between Norway and Chile reached "
    "$1.2 billion last year, up 8 percent from the year before, the Norwegian trade "
    "ministry said. The President of Chile said the relationship had grown into a "
    "strategic partnership and invited the Prime Minister to visit Santiago next year. "
    "The talks also covered copper supplies, maritime research and Antarctic science, "
    "where both countries run stations. Officials said a business forum with more than "
    "forty companies would follow on Wednesday in Bergen, focusing on offshore wind, "
    "aquaculture technology and shipping. Both governments said they would review "
    "progress on the new agreements at a meeting of senior officials in the autumn."
)

REPORT_B = (
    "LISBON, June 12 (Atlantic Desk) - Portugal's Foreign Minister received his "
    "Moroccan counterpart in Lisbon on Thursday. The ministers discussed migration, "
    "energy interconnection and a planned ferry link. They signed an agreement on "
    "cultural cooperation. Bilateral trade stood at about $3 billion in 2023, officials "
    "said, and both sides pledged to raise it. The Moroccan minister described relations "
    "as excellent and said the two countries share a long history across the strait."
)


def article_page(title: str, text: str) -> bytes:
    """A news page with navigation and footer around the story, as sites serve them."""
    paras = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        "<meta name='date' content='2025-06-12'></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{paras}</article>"
        "<footer>Copyright Atlantic Desk. All rights reserved.</footer></body></html>"
    ).encode()


def rss(items: list[dict[str, str]], title: str = "Test Wire - World") -> bytes:
    """An RSS 2.0 feed; an item with ``content`` carries it as content:encoded."""
    parts = []
    for it in items:
        content = (
            f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>"
            if it.get("content")
            else ""
        )
        parts.append(
            f"<item><title>{it['title']}</title><link>{it['link']}</link>"
            f"<pubDate>{it.get('date', 'Tue, 04 Mar 2025 10:00:00 GMT')}</pubDate>"
            f"<description>{it.get('summary', '')}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link>"
        f"<description>test</description>{''.join(parts)}</channel></rss>"
    ).encode()


Route = Callable[[BaseHTTPRequestHandler], None]


class Site:
    """A threaded HTTP server on 127.0.0.1; ``routes`` maps a path to a handler or to
    ``(content_type, body)``. ``hits`` counts requests per path; ``headers`` keeps the
    request headers of each path's last request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | tuple[str, bytes]] = {}
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, dict[str, str]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                path = self.path.split("?")[0]
                site.hits[path] += 1
                site.headers[path] = dict(self.headers)
                route = site.routes.get(path)
                if route is None:
                    self.send_error(404)
                elif callable(route):
                    route(self)
                else:
                    send(self, 200, route[1], route[0])

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a slow route must not hold up the teardown
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    **headers: str,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        h.send_header(key.replace("_", "-"), value)
    h.end_headers()
    if body and h.command != "HEAD":
        h.wfile.write(body)


def slow(seconds: float) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        with contextlib.suppress(OSError):
            send(h, 200, b"<html><body><p>too late</p></body></html>")

    return route


def status(code: int) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        send(h, code, f"status {code}".encode(), "text/plain")

    return route


def redirect(target: str, code: int = 302) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        send(h, code, b"", Location=target)

    return route


def streamed(total: int) -> Route:
    """``total`` bytes with no Content-Length: only counting while reading can stop it."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"x" * 8189 + b"</p>"
        sent = 0
        with contextlib.suppress(OSError):
            while sent < total:
                h.wfile.write(chunk)
                sent += len(chunk)

    return route


def conditional(
    body: bytes,
    etag: str,
    content_type: str = "text/html; charset=utf-8",
    last_modified: str = "Tue, 04 Mar 2025 10:00:00 GMT",
) -> Route:
    """200 with validators, or 304 when the request's validators match."""

    def route(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return
        send(h, 200, body, content_type, ETag=etag, Last_Modified=last_modified)

    return route


def free_port() -> int:
    """A port nothing listens on (for "server down")."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """aiosmtpd handler keeping every accepted message, with the faults of a bad night:
    ``refuse`` (an SMTP reply such as ``"554 rejected"`` or ``"451 try later"``) refuses
    messages; ``delay``: the server takes a message and answers only that many seconds
    later (a client with a shorter timeout gives up first: the message was delivered all
    the same); ``drop`` closes the connection when the message has arrived, before any
    answer, and keeps nothing."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: str | None = None
        self.delay = 0.0
        self.drop = False

    async def handle_DATA(self, server, session: object, envelope) -> str:  # noqa: N802
        import asyncio

        if self.drop:
            server.transport.close()
            return "421 closing"
        if self.refuse:
            return self.refuse
        msg = message_from_bytes(
            envelope.original_content or envelope.content,
            _class=EmailMessage,
            policy=policy.default,
        )
        self.messages.append((list(envelope.rcpt_tos), msg))
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp(port: int | None = None) -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on 127.0.0.1 (plain, no auth) for the duration of the block."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = port or free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()
