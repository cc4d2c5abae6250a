"""The ``[email]`` settings checked before anything is composed or sent, so that a setting
that makes delivery impossible is one ConfigError naming its key, never a secret."""

from __future__ import annotations

from briefing.config import EmailConfig, env_secret
from briefing.errors import ConfigError

SECURITY = ("starttls", "ssl", "none")
MODES = ("per_briefing", "digest")


def check_email_config(cfg: EmailConfig, *, smtp: bool) -> None:
    """ConfigError naming the ``[email]`` key that makes sending impossible; ``smtp``
    False checks only what composing needs (writing .eml files needs no server)."""
    if cfg.mode not in MODES:
        raise ConfigError(f"email.mode: {cfg.mode!r} is not one of {', '.join(MODES)}")
    if cfg.security not in SECURITY:
        raise ConfigError(f"email.security: {cfg.security!r} is not one of {', '.join(SECURITY)}")
    if not smtp:
        return
    if not cfg.host:
        raise ConfigError(
            "email.host is not set: add it to [email] in briefing.toml, "
            "or write .eml files with --eml DIR"
        )
    if not cfg.sender:
        raise ConfigError("email.sender is not set (the From address)")
    if not (cfg.to or cfg.cc or cfg.bcc):
        raise ConfigError("email.to is empty: no recipients")
    if cfg.username:
        if not cfg.password_env:
            raise ConfigError(
                "email.username is set but email.password_env (the name of "
                "the environment variable holding the password) is not"
            )
        if env_secret(cfg.password_env) is None:
            raise ConfigError(
                f"environment variable {cfg.password_env} (email.password_env) is not set"
            )
        if cfg.security == "none":
            raise ConfigError(
                "email.security = 'none' would send the password in clear; use 'starttls' or 'ssl'"
            )
