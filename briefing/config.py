"""Configuration: ``briefing.toml`` (working directory or ``--config``) plus environment.

Every setting has a default so the tool runs with no config file at all. Unknown keys
are rejected with the file name, so a typo does not silently do nothing.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError

CONFIG_NAME = "briefing.toml"


@dataclass
class ReportConfig:
    """How a briefing looks."""

    organisation: str = "Briefing Desk"
    classification: str = "UNCLASSIFIED"
    logo: str | None = None  # local image file, embedded as a data URI
    accent_color: str = "#1f3a5f"
    page_size: str = "A4"  # "A4" or "Letter"
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
    user_agent: str = "briefing/0.1 (+https://github.com/briefing; bilateral briefing notes)"


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


@dataclass
class Config:
    report: ReportConfig = field(default_factory=ReportConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    sources: SourcesConfig = field(default_factory=SourcesConfig)
    email: EmailConfig = field(default_factory=EmailConfig)
    path: Path | None = None  # the file it was read from, if any

    def resolve(self, value: str | None) -> Path | None:
        """Paths in a config file are relative to the file, not to the working directory."""
        if value is None:
            return None
        p = Path(value).expanduser()
        if not p.is_absolute() and self.path is not None:
            p = self.path.parent / p
        return p


_SECTIONS = {
    "report": ReportConfig,
    "build": BuildConfig,
    "sources": SourcesConfig,
    "email": EmailConfig,
}


def _section(cls: type, data: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    obj = cls()
    for key, value in data.items():
        default = getattr(obj, key)
        if isinstance(default, list) and isinstance(value, str):
            value = [value]
        if isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"{where}.{key}: expected true or false, got {value!r}")
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(default, int | float) and not isinstance(default, bool) and not is_number:
            raise ConfigError(f"{where}.{key}: expected a number, got {value!r}")
        setattr(obj, key, value)
    return obj


def load_config(path: str | Path | None = None, *, cwd: Path | None = None) -> Config:
    """Read ``path``, or ``briefing.toml`` in ``cwd`` when it exists, else defaults."""
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
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read config ({exc}); save it as UTF-8 TOML "
            "or pass another file with --config"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc}); fix the file or pass --config") from None
    unknown = sorted(set(raw) - set(_SECTIONS))
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {', '.join(unknown)}")
    cfg = Config(path=path.resolve())
    for name, cls in _SECTIONS.items():
        section = raw.get(name, {})
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        setattr(cfg, name, _section(cls, section, f"{path}: {name}"))
    return cfg


def env_secret(name: str | None) -> str | None:
    """A secret from the environment (never from the command line or the config file)."""
    return os.environ.get(name) if name else None
