"""One check per setting of ``briefing.toml``, run by ``briefing.config`` before any work.

Each check takes the value (already of the right type) and the whole Config (to resolve
paths against the config file) and returns what is wrong, phrased to follow
``<file>: <section>.<key>: ``, or None. The allowed values come from the module that
uses them (``PDF_VARIANTS`` from the PDF renderer, ``MODES`` from email delivery, ...),
imported only when that setting is set, so loading a config stays cheap.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from briefing.config import LOGO_TYPES, PAGE_SIZE_NAMES, PAGE_SIZES, Config, did_you_mean

Check = Callable[[Any, Config], str | None]

_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: The first bytes of each logo type (SVG is text: its root element is looked for).
_MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}


def _one_of(value: str, allowed: tuple[str, ...] | list[str], *, fold: bool = False) -> str | None:
    if (value.lower() if fold else value) in [a.lower() if fold else a for a in allowed]:
        return None
    return f"{value!r} is not one of {', '.join(allowed)}{did_you_mean(value, allowed)}"


def _at_least(minimum: float, note: str = "") -> Check:
    def check(value: float, cfg: Config) -> str | None:
        return None if value >= minimum else f"{value!r}: must be at least {minimum:g}{note}"

    return check


def _existing(kind: str) -> Check:
    """A path (relative to the config file) that must exist, as a file or a folder."""

    def check(value: str, cfg: Config) -> str | None:
        path = cfg.resolve(value)
        assert path is not None
        if not path.exists():
            return f"{path}: no such {kind}"
        if (kind == "folder") != path.is_dir():
            return f"{path}: not a {kind}"
        return None

    return check


def _exists(value: str, cfg: Config) -> str | None:
    path = cfg.resolve(value)
    assert path is not None
    return None if os.path.lexists(path) else f"{path}: no such file or folder"


def _not_a(kind: str) -> Check:
    """A path that may not exist yet but, if it does, must not be the other kind."""

    def check(value: str, cfg: Config) -> str | None:
        path = cfg.resolve(value)
        assert path is not None
        if kind == "file" and path.exists() and not path.is_dir():
            return f"{path}: is a file; give a folder"
        if kind == "folder" and path.is_dir():
            return f"{path}: is a folder; give the archive file (e.g. briefing.sqlite)"
        return None

    return check


def _each(check: Check) -> Check:
    def each(values: list[str], cfg: Config) -> str | None:
        for value in values:
            problem = check(value, cfg)
            if problem:
                return problem
        return None

    return each


def _web_url(value: str, cfg: Config) -> str | None:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname:
        return None
    return f"{value!r} is not an http(s) URL"


def _feed(value: str, cfg: Config) -> str | None:
    if "://" in value:
        return _web_url(value, cfg)
    return _existing("file")(value, cfg)


# ------------------------------------------------------------------------- [report]


def logo(value: str, cfg: Config) -> str | None:
    """An existing PNG, JPEG, GIF, WebP or SVG file whose content is what its name says."""
    path = cfg.resolve(value)
    assert path is not None
    mime = LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        return f"{path}: is not a PNG, JPEG, GIF, WebP or SVG file"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        return f"{path}: no such file"
    except OSError as exc:
        return f"{path}: cannot read ({exc.strerror or exc})"
    if mime == "image/svg+xml":
        ok = b"<svg" in head.lower()
    elif mime == "image/webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        ok = head.startswith(_MAGIC[mime])
    return None if ok else f"{path}: its content is not a {mime.split('/')[1].upper()} image"


def colour(value: str, cfg: Config) -> str | None:
    """``#rgb``/``#rrggbb`` (with optional alpha) or a CSS colour name, checked with
    tinycss2 (WeasyPrint's CSS parser), so matplotlib is not imported to say no."""
    if _HEX_COLOUR.fullmatch(value):
        return None
    if value.isalpha():
        from tinycss2.color3 import parse_color

        if value.lower() != "transparent" and parse_color(value) is not None:
            return None
    return f"{value!r} is not a colour: use #rrggbb (e.g. #7a1f3d) or a CSS colour name (e.g. teal)"


def page_size(value: str, cfg: Config) -> str | None:
    return None if value.lower() in PAGE_SIZES else _one_of(value, PAGE_SIZE_NAMES)


def locale(value: str, cfg: Config) -> str | None:
    from babel import Locale, UnknownLocaleError
    from babel.localedata import locale_identifiers

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError):
        hint = did_you_mean(value.replace("-", "_"), locale_identifiers())
        return f"unknown locale {value!r}{hint}; use a Babel locale such as en_GB, en_US, de_DE"
    return None


def timezone(value: str, cfg: Config) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        hint = did_you_mean(value, available_timezones())
        return f"unknown timezone {value!r}{hint}; use an IANA name such as Europe/London"
    return None


def pdf_variant(value: str, cfg: Config) -> str | None:
    from briefing.render.pdf import PDF_VARIANTS

    return None if not value else _one_of(value, PDF_VARIANTS)


# -------------------------------------------------------------------------- [build]


def formats(value: str, cfg: Config) -> str | None:
    from briefing.pipeline import FORMATS

    return _one_of(value, list(FORMATS))


# -------------------------------------------------------------------------- [email]


def address(value: str, cfg: Config) -> str | None:
    """One mailbox, ``name@example.org`` or ``Name <name@example.org>``, parsed as the
    email package parses a header (defects, such as a missing domain, refuse it)."""
    import email.policy

    try:
        header = email.policy.default.header_factory("To", value)
        found = header.addresses
        ok = len(found) == 1 and not header.defects and found[0].username and found[0].domain
    except Exception:  # the header parser raises more than its own errors on odd input
        ok = False
    return None if ok else f"{value!r} is not an email address (name@example.org)"


def host(value: str, cfg: Config) -> str | None:
    ok = value and not any(ch.isspace() or ch in "/:@" for ch in value)
    return None if ok else f"{value!r} is not a host name (e.g. smtp.example.org)"


def env_name(value: str, cfg: Config) -> str | None:
    if _ENV_NAME.fullmatch(value):
        return None
    return f"{value!r} is not the name of an environment variable (e.g. BRIEFING_SMTP_PASSWORD)"


def email_vocabulary(name: str) -> Check:
    def check(value: str, cfg: Config) -> str | None:
        from briefing.deliver import email

        return _one_of(value, getattr(email, name))

    return check


def header_text(value: str, cfg: Config) -> str | None:
    """Text sent as an HTTP header: one line, not empty."""
    if value.strip() and not any(ch in value for ch in "\r\n"):
        return None
    return "must be one line of text"


def port(value: int, cfg: Config) -> str | None:
    return None if 0 < value < 65536 else f"{value!r} is not a port (1-65535)"


#: ``section.key`` -> its check; settings not listed need only their type.
CHECKS: dict[str, Check] = {
    "report.logo": logo,
    "report.accent_color": colour,
    "report.page_size": page_size,
    "report.locale": locale,
    "report.timezone": timezone,
    "report.pdf_variant": pdf_variant,
    "build.output": _not_a("file"),
    "build.templates": _existing("folder"),
    "build.db": _not_a("folder"),
    "build.formats": formats,
    "build.max_input_bytes": _at_least(1),
    "build.render_timeout": _at_least(0, " (0: no limit)"),
    "build.render_memory_mb": _at_least(0, " (0: no limit)"),
    "sources.paths": _each(_exists),
    "sources.feeds": _each(_feed),
    "sources.urls": _each(_web_url),
    "sources.timeout": _at_least(0.001),
    "sources.max_bytes": _at_least(1),
    "sources.retries": _at_least(0),
    "sources.user_agent": header_text,
    "email.host": host,
    "email.port": port,
    "email.security": email_vocabulary("SECURITY"),
    "email.password_env": env_name,
    "email.sender": address,
    "email.to": _each(address),
    "email.cc": _each(address),
    "email.bcc": _each(address),
    "email.mode": email_vocabulary("MODES"),
    "email.timeout": _at_least(0.001),
    "email.base_url": _web_url,
}
