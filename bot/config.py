"""One place for every setting.

Defaults live in ``bot/defaults.toml`` (documented there). A site file named by
``PERSONVERN_CONFIG`` (or ``personvern.toml`` in the working directory) overrides
them, and every key can finally be overridden by an environment variable
``PERSONVERN_<SECTION>_<KEY>`` (e.g. ``PERSONVERN_DATABASE_URL``,
``PERSONVERN_SMTP_PORT``).  Secrets have no working default: only local mode
(``make run``/tests) may generate them, and it keeps them under ``var/``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from bot.errors import PermanentError

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "ConfigError",
    "DatabaseSettings",
    "Settings",
    "SmtpSettings",
    "RelaySettings",
    "WebSettings",
    "NluSettings",
    "ChatSettings",
    "load_settings",
    "PROJECT_ROOT",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")


class ConfigError(PermanentError):
    """A setting is missing or malformed."""


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite:///personvern.db"
    echo: bool = False


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 8025
    mailboxes: tuple[str, ...] = ("personvern@cantec.no",)
    max_message_size: int = 25 * 1024 * 1024
    max_sessions: int = 100
    max_sessions_per_client: int = 20
    max_session_seconds: int = 1800
    timeout: int = 300
    tls_cert: str = ""
    tls_key: str = ""
    spool_dir: str = "spool"
    hostname: str = "cantec.no"
    from_address: str = "personvern@cantec.no"
    max_auto_replies_per_day: int = 3


@dataclass(frozen=True)
class RelaySettings:
    host: str = "127.0.0.1"
    port: int = 8026
    use_tls: bool = False
    start_tls: bool = False
    username: str = ""
    password: str = ""
    sink_dir: str = "outbox-sink"


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8080


@dataclass(frozen=True)
class NluSettings:
    model_dir: str = "models"
    # The classifier's thresholds (bot.nlu.classifier.Thresholds); chosen on a
    # development split of the training data (scripts/tune_nlu.py), see docs/nlu.md.
    fallback_threshold: float = 0.3
    sentence_threshold: float = 0.6
    marginal_threshold: float = 0.7
    doubt_threshold: float = 0.3
    question_threshold: float = 0.6
    long_message_sentences: int = 6
    max_sentences: int = 12
    stage_min_sentences: int = 4
    spam_threshold: float = 0.6
    message_threshold: float = 0.4
    message_long_threshold: float = 0.3
    message_doubt_threshold: float = 0.2
    message_blend: float = 0.3
    right_keep_threshold: float = 0.05
    right_add_threshold: float = 0.7
    right_confirm_threshold: float = 0.3
    asked_scope: str = "off"
    letter_check: str = "letters"
    format_rights: bool = True
    strategy: str = "letters"
    rasa_port: int = 5005
    action_port: int = 5055


@dataclass(frozen=True)
class ChatSettings:
    """The website chat (``chat``) and its one-time codes (``bot.verification``)."""

    site_origins: tuple[str, ...] = ()  # pages that may embed the widget, besides the service's own origin
    statement_url: str = "https://www.cantec.no/personvern"
    session_minutes: int = 60  # a chat session unused this long is over
    max_message_chars: int = 2000
    turns_per_minute_per_session: int = 30
    turns_per_minute_per_client: int = 120
    sessions_per_hour_per_client: int = 30
    code_minutes: int = 15
    code_attempts: int = 5
    code_resends: int = 3
    codes_per_address_per_hour: int = 5
    codes_per_client_per_hour: int = 10
    # Several instances serving one site: a Redis lock per conversation (chat.locks), e.g.
    # redis://127.0.0.1:6379/0; empty for one instance (a lock per conversation in the process).
    redis_url: str = ""


@dataclass(frozen=True)
class Settings:
    mode: str = "production"
    var_dir: str = "var"
    secret_key: str = ""
    raw_mail_key: str = ""
    retention_months: int = 12
    timezone: str = "Europe/Oslo"
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    relay: RelaySettings = field(default_factory=RelaySettings)
    web: WebSettings = field(default_factory=WebSettings)
    nlu: NluSettings = field(default_factory=NluSettings)
    chat: ChatSettings = field(default_factory=ChatSettings)
    base_dir: str = ""  # set by load_settings: the working directory relative paths start from

    @property
    def is_local(self) -> bool:
        return self.mode == "local"

    def path(self, relative: str) -> Path:
        """A configured path, relative ones against the working directory the settings were loaded in.

        Never against the source tree: an installed package must not write
        into site-packages, and every copy of the code must behave the same.
        """
        p = Path(relative)
        return p if p.is_absolute() else Path(self.base_dir or os.getcwd()) / p

    def var_path(self, relative: str) -> Path:
        """A path under ``var_dir`` (the spool, the SQLite file, the sink): ``PERSONVERN_VAR_DIR`` moves them all."""
        p = Path(relative)
        return p if p.is_absolute() else self.path(self.var_dir) / p


def _coerce(value: str, target: Any, name: str) -> Any:
    """Turn an environment string into the type of the default it replaces."""
    try:
        if isinstance(target, bool):
            if value.lower() in {"1", "true", "yes", "on"}:
                return True
            if value.lower() in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(value)
        if isinstance(target, int):
            return int(value)
        if isinstance(target, float):
            return float(value)
        if isinstance(target, tuple):
            return tuple(v.strip() for v in value.split(",") if v.strip())
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r} is not a valid {type(target).__name__}") from exc
    return value


def _build(cls: type, data: Mapping[str, Any], env: Mapping[str, str], prefix: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{prefix.lower() or 'root'}]: {sorted(unknown)}")
    kwargs: dict[str, Any] = {}
    for name, f in known.items():
        default = f.default_factory() if f.default_factory is not MISSING else f.default
        if is_dataclass(default):
            sub = data.get(name, {})
            kwargs[name] = _build(type(default), sub, env, f"{prefix}{name.upper()}_")
            continue
        value = data.get(name, default)
        if isinstance(default, tuple) and isinstance(value, list):
            value = tuple(value)
        env_name = f"PERSONVERN_{prefix}{name.upper()}"
        if env_name in env:
            value = _coerce(env[env_name], default, env_name)
        kwargs[name] = value
    return cls(**kwargs)


def _local_secret(var_dir: Path, name: str, factory: Any) -> str:
    """Generate-once secrets for local mode, kept in var/ with 0600 permissions."""
    path = var_dir / f".{name}"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    value: str = factory()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


def _fernet_key() -> str:
    return Fernet.generate_key().decode()


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> None:
    """A setting that names one of a few choices: anything else is a ``ConfigError`` that lists them."""
    if value not in allowed:
        *head, last = map(repr, allowed)
        choices = f"{', '.join(head)} or {last}" if head else last
        raise ConfigError(f"{name} must be {choices}, not {value!r}")


def load_settings(
    env: Mapping[str, str] | None = None,
    config_file: str | Path | None = None,
    *,
    need_secrets: bool = True,
    optional_secrets: bool = False,
) -> Settings:
    """Read defaults, the optional site file and the environment, then check secrets.

    Commands that never touch stored mail (``classify``, eval, bench) pass
    ``need_secrets=False`` and work in production mode without them.  The
    maintenance commands pass ``optional_secrets=True``: in production a
    missing secret is left empty and only what uses it fails (``MissingKey``),
    so ``personvern db upgrade`` needs none; local mode still generates them.
    """
    env = os.environ if env is None else env
    with DEFAULTS_FILE.open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)
    site = config_file or env.get("PERSONVERN_CONFIG")
    if site is None and Path("personvern.toml").exists():
        site = "personvern.toml"
    if site:
        try:
            with Path(site).open("rb") as fh:
                override = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read configuration file {site}: {exc}") from exc
        for key, value in override.items():
            if isinstance(value, dict):
                data.setdefault(key, {}).update(value)
            else:
                data[key] = value
    # DATABASE_URL is the conventional name; accept it too.
    if "DATABASE_URL" in env and "PERSONVERN_DATABASE_URL" not in env:
        env = {**env, "PERSONVERN_DATABASE_URL": env["DATABASE_URL"]}
    data.setdefault("base_dir", os.getcwd())
    settings: Settings = _build(Settings, data, env, "")
    _one_of("mode", settings.mode, ("local", "production"))
    _one_of("nlu.asked_scope", settings.nlu.asked_scope, ("all", "letters", "off"))
    _one_of("nlu.letter_check", settings.nlu.letter_check, ("letters", "short"))
    missing = [n for n in ("secret_key", "raw_mail_key") if not getattr(settings, n)]
    if missing and need_secrets:
        if not settings.is_local:
            if optional_secrets:
                return settings
            names = ", ".join(f"PERSONVERN_{n.upper()}" for n in missing)
            raise ConfigError(f"production mode needs secrets: set {names}")
        var_dir = settings.var_path(".")
        updates = {
            "secret_key": settings.secret_key or _local_secret(var_dir, "secret_key", lambda: secrets.token_urlsafe(32)),
            "raw_mail_key": settings.raw_mail_key or _local_secret(var_dir, "raw_mail_key", _fernet_key),
        }
        settings = Settings(**{**{f.name: getattr(settings, f.name) for f in fields(Settings)}, **updates})
    return settings
