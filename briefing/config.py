"""Configuration: ``briefing.toml`` (working directory or ``--config``) plus environment.

Every setting has a default so the tool runs with no config file at all. The file is
checked whole before any work starts (``load_config``): an unknown key gets a "did you
mean ...?", a wrong type or value one error naming the file, the setting
(``report.page_size``) and what is allowed, so a typo never does nothing silently and
never fails later, once per briefing, with a library's own message.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from briefing import __version__
from briefing.errors import ConfigError

CONFIG_NAME = "briefing.toml"

#: ``[report] page_size`` (any case) -> the CSS ``@page`` size the templates use.
PAGE_SIZES = {"a4": "A4", "letter": "letter", "legal": "legal", "a5": "A5"}
PAGE_SIZE_NAMES = ("A4", "Letter", "Legal", "A5")
#: ``[report] logo``: file suffix -> MIME type of the data: URI it is embedded as.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


#: What requests for feeds and pages say they come from (the version written once).
DEFAULT_USER_AGENT = f"briefing/{__version__} (bilateral meeting briefing notes; nightly fetch)"


@dataclass
class ReportConfig:
    """How a briefing looks."""

    organisation: str = "Briefing Desk"
    classification: str = "UNCLASSIFIED"
    logo: str | None = None  # local image file, embedded as a data URI
    accent_color: str = "#1f3a5f"
    page_size: str = "A4"  # one of PAGE_SIZE_NAMES
    locale: str = "en_GB"
    timezone: str = "UTC"
    author: str | None = None
    pdf_variant: str | None = "pdf/ua-1"


@dataclass
class BuildConfig:
    """Where inputs and outputs live and how a build runs."""

    inputs: list[str] = field(default_factory=lambda: ["examples"])
    output: str = "output"
    templates: str | None = None
    db: str | None = None  # SQLite archive; default: <output>/briefing.sqlite
    formats: str = "both"
    max_input_bytes: int = 10 * 1024 * 1024
    render_timeout: float = 120.0
    render_memory_mb: int = 1024


@dataclass
class SourcesConfig:
    """What a nightly run reads: folders/files, feeds and article URLs."""

    paths: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 3
    user_agent: str = DEFAULT_USER_AGENT
    run_budget: float = 900.0  # seconds of network time per run (0: no limit)
    # how every input is read, paths given on the command line too:
    follow_symlinks: bool = False  # leave input folders through symbolic links
    date_order: str = ""  # "DMY" or "MDY" for 11/02/2025; "": [report] locale's order


@dataclass
class EmailConfig:
    """SMTP delivery. The password is read from the environment variable named here."""

    host: str | None = None
    port: int = 587
    security: str = "starttls"  # "starttls", "ssl" or "none"
    username: str | None = None
    password_env: str | None = None
    sender: str | None = None
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    mode: str = "per_briefing"  # or "digest"
    attach_html: bool = False
    timeout: float = 30.0
    base_url: str | None = None  # where the HTML notes are published: mails link to them


@dataclass
class Config:
    report: ReportConfig = field(default_factory=ReportConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    sources: SourcesConfig = field(default_factory=SourcesConfig)
    email: EmailConfig = field(default_factory=EmailConfig)
    # [[registry]] tables: office holders the user adds (briefing/data/README.md)
    registry: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None  # the file it was read from, if any

    def resolve(self, value: str | None) -> Path | None:
        """Paths in a config file are relative to the file, not to the working directory."""
        if value is None:
            return None
        p = Path(value).expanduser()
        if not p.is_absolute() and self.path is not None:
            p = self.path.parent / p
        return p


SECTIONS = {
    "report": ReportConfig,
    "build": BuildConfig,
    "sources": SourcesConfig,
    "email": EmailConfig,
}


# Sections written as arrays of tables ([[registry]]), with the keys each table takes.
TABLE_LISTS = {"registry": ("name", "state", "office", "from", "to", "aliases")}


def _registry_tables(value: Any, where: str) -> list[dict[str, Any]]:
    """The ``[[registry]]`` tables, each checked as the registry will read it."""
    from briefing.extract.registry import Registry

    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"{where}: registry must be written as [[registry]] tables")
    try:
        Registry().extend(value)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return value


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean organisation?)`` for a near miss, else ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _unknown_key(section: str, key: str) -> str:
    """The hint for one unknown key: a near miss in its section, or the same key in
    another section (``output`` under ``[report]`` belongs to ``[build]``)."""
    hint = did_you_mean(key, [f.name for f in fields(SECTIONS[section])])
    if hint:
        return f"{key}{hint}"
    elsewhere = [s for s, cls in SECTIONS.items() if key in {f.name for f in fields(cls)}]
    return f"{key} (did you mean {elsewhere[0]}.{key}?)" if elsewhere else key


_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def _type_error(hint: Any, value: Any) -> str | None:
    """What is wrong with ``value`` for a field annotated ``hint``, or None."""
    args: tuple[Any, ...] = getattr(hint, "__args__", ())
    if args and type(None) in args:  # "X | None" (None only from Python: TOML has no null)
        if value is None:
            return None
        hint = next(a for a in args if a is not type(None))
        args = getattr(hint, "__args__", ())
    if getattr(hint, "__origin__", None) is list:
        if not isinstance(value, list) or not all(isinstance(v, args[0]) for v in value):
            return f"expected a list of {_TYPE_WORDS[args[0]]}"
        return None
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, hint)
    return None if ok else f"expected {_TYPE_WORDS[hint]}"


def _section(cls: type, data: dict[str, Any], name: str, where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        listed = ", ".join(_unknown_key(name, k) for k in unknown)
        raise ConfigError(f"{where}: unknown key(s) {listed} in [{name}]")
    obj = cls()
    for key, value in data.items():
        if isinstance(getattr(obj, key), list) and isinstance(value, str):
            value = [value]  # to = "a@example.org" means a list of one
        setattr(obj, key, value)
    return obj


def load_config(path: str | Path | None = None, *, cwd: Path | None = None) -> Config:
    """Read ``path``, or ``briefing.toml`` in ``cwd`` when it exists, else defaults.

    Every setting the file sets is checked here (``check_config``), so a command fails
    with exit code 2 before it reads, creates or writes anything."""
    if path is None:
        candidate = (cwd or Path.cwd()) / CONFIG_NAME
        if not candidate.is_file():
            return Config()
        path = candidate
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder; pass the config file itself") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read config ({exc}); save it as UTF-8 TOML "
            "or pass another file with --config"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc}); fix the file or pass --config") from None
    known = [*SECTIONS, *TABLE_LISTS]
    unknown = sorted(set(raw) - set(known))
    if unknown:
        listed = ", ".join(f"{u}{did_you_mean(u, known)}" for u in unknown)
        raise ConfigError(f"{path}: unknown section(s) {listed}; known: {', '.join(known)}")
    cfg = Config(path=path.resolve())
    cfg.registry = _registry_tables(raw.get("registry", []), str(path))
    for name, cls in SECTIONS.items():
        section = raw.get(name, {})
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        setattr(cfg, name, _section(cls, section, name, str(path)))
    _check(cfg, str(path))
    return cfg


def check_config(cfg: Config) -> Config:
    """Check every setting that differs from its default (defaults are valid), raising
    one ConfigError that names the setting and what is allowed. ``load_config`` calls
    it; call it yourself on a Config built in Python before handing it to ``build``."""
    _check(cfg, str(cfg.path) if cfg.path else "")
    return cfg


def env_secret(name: str | None) -> str | None:
    """A secret from the environment (never from the command line or the config file)."""
    return os.environ.get(name) if name else None


# --------------------------------------------------------------------------- checks


def _check(cfg: Config, where: str) -> None:
    """Check the type, then the value, of each setting that differs from its default."""
    from briefing.config_checks import CHECKS

    prefix = f"{where}: " if where else ""
    for section, cls in SECTIONS.items():
        current, default, hints = getattr(cfg, section), cls(), get_type_hints(cls)
        for f in fields(cls):
            value = getattr(current, f.name)
            if value == getattr(default, f.name):
                continue
            problem = _type_error(hints[f.name], value)
            if problem:
                raise ConfigError(f"{prefix}{section}.{f.name}: {problem}, got {value!r}")
            check = CHECKS.get(f"{section}.{f.name}")
            problem = check(value, cfg) if check else None
            if problem:
                raise ConfigError(f"{prefix}{section}.{f.name}: {problem}")


def check_inputs(paths: Sequence[str | Path] | None, cfg: Config) -> list[Path]:
    """The report paths a build reads: ``paths`` when given, else ``[build] inputs``.

    A run that cannot start fails here, before any folder or archive is created: when
    none of the paths exists (a mistyped folder, or no argument and no config in a
    folder without ``examples/``). A missing path among existing ones is reported by
    the build as a bad input, and the others are still built."""
    given = [Path(p) for p in paths or ()]
    chosen = given or [p for p in map(cfg.resolve, cfg.build.inputs) if p is not None]
    if any(os.path.lexists(p) for p in chosen):
        return chosen
    if given:
        missing = ", ".join(str(p) for p in given)
        raise ConfigError(f"{missing}: no such file or folder; nothing to build")
    if cfg.path is not None and cfg.build.inputs != BuildConfig().inputs:
        missing = ", ".join(str(p) for p in chosen)
        raise ConfigError(f"{cfg.path}: build.inputs: {missing}: no such file or folder")
    raise ConfigError(
        "nothing to build: pass report files or folders (briefing build reports/), "
        f"or list them in {CONFIG_NAME} ([build] inputs, or [sources] paths, feeds, urls) "
        "and pass it with --config"
    )
