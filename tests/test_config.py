"""Settings: defaults, site file, environment overrides, and secrets policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_are_loopback_and_sqlite(tmp_path: Path) -> None:
    s = load_settings(env={"PERSONVERN_SECRET_KEY": "k", "PERSONVERN_RAW_MAIL_KEY": "r"})
    assert s.mode == "production"
    assert s.smtp.host == "127.0.0.1" and s.smtp.port == 8025
    assert s.web.host == "127.0.0.1"
    assert s.database.url.startswith("sqlite:///")
    assert s.smtp.mailboxes == ("personvern@cantec.no",)


def test_environment_overrides_with_types() -> None:
    s = load_settings(env={
        "PERSONVERN_SECRET_KEY": "k", "PERSONVERN_RAW_MAIL_KEY": "r",
        "PERSONVERN_SMTP_PORT": "2525", "PERSONVERN_SMTP_MAILBOXES": "a@cantec.no, b@cantec.no",
        "PERSONVERN_RELAY_USE_TLS": "yes", "DATABASE_URL": "postgresql+asyncpg://u@h/db",
    })
    assert s.smtp.port == 2525
    assert s.smtp.mailboxes == ("a@cantec.no", "b@cantec.no")
    assert s.relay.use_tls is True
    assert s.database.url == "postgresql+asyncpg://u@h/db"


def test_bad_values_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match="PERSONVERN_SMTP_PORT"):
        load_settings(env={"PERSONVERN_SMTP_PORT": "twenty-five"}, need_secrets=False)
    with pytest.raises(ConfigError, match="mode"):
        load_settings(env={"PERSONVERN_MODE": "testing"}, need_secrets=False)
    with pytest.raises(ConfigError, match="asked_scope"):
        load_settings(env={"PERSONVERN_NLU_ASKED_SCOPE": "some"}, need_secrets=False)
    assert load_settings(env={"PERSONVERN_NLU_ASKED_SCOPE": "letters"}, need_secrets=False).nlu.asked_scope == "letters"


def test_production_refuses_to_start_without_secrets() -> None:
    with pytest.raises(ConfigError, match="PERSONVERN_SECRET_KEY"):
        load_settings(env={"PERSONVERN_RAW_MAIL_KEY": "r"})
    assert load_settings(env={}, need_secrets=False).secret_key == ""


def test_local_mode_generates_secrets_once(tmp_path: Path) -> None:
    env = {"PERSONVERN_MODE": "local", "PERSONVERN_VAR_DIR": str(tmp_path)}
    first, second = load_settings(env=env), load_settings(env=env)
    assert first.secret_key and first.secret_key == second.secret_key
    assert first.raw_mail_key == second.raw_mail_key
    assert (tmp_path / ".raw_mail_key").stat().st_mode & 0o777 == 0o600


def test_site_file_and_unknown_keys(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text('[web]\nport = 9090\n')
    s = load_settings(env={}, config_file=site, need_secrets=False)
    assert s.web.port == 9090
    site.write_text('[web]\nprot = 9090\n')
    with pytest.raises(ConfigError, match="prot"):
        load_settings(env={}, config_file=site, need_secrets=False)


def test_the_dataclass_defaults_are_the_documented_defaults() -> None:
    """Each setting is declared twice, in ``bot/defaults.toml`` (documented, what runs) and as its
    dataclass default (what ``NluSettings()`` and the other sections give a test): they must agree."""
    import dataclasses

    from bot.config import (
        DEFAULTS_FILE,
        ChatSettings,
        DatabaseSettings,
        NluSettings,
        RelaySettings,
        SmtpSettings,
        WebSettings,
        tomllib,
    )

    with DEFAULTS_FILE.open("rb") as fh:
        documented = tomllib.load(fh)
    sections = {"database": DatabaseSettings, "smtp": SmtpSettings, "relay": RelaySettings, "web": WebSettings,
                "nlu": NluSettings, "chat": ChatSettings}
    differ = []
    for name, section in sections.items():
        for field in dataclasses.fields(section):
            if field.name not in documented[name]:
                differ.append(f"[{name}] {field.name}: not in defaults.toml")
                continue
            value = documented[name][field.name]
            default = list(field.default) if isinstance(field.default, tuple) else field.default
            if value != default:
                differ.append(f"[{name}] {field.name}: defaults.toml {value!r}, dataclass {field.default!r}")
    assert differ == []


@pytest.mark.parametrize("section, key, allowed", [
    ("", "mode", "'local' or 'production'"),
    ("[nlu]\n", "asked_scope", "'all', 'letters' or 'off'"),
    ("[nlu]\n", "letter_check", "'letters' or 'short'"),
])
def test_a_setting_with_a_few_choices_refuses_any_other(tmp_path: Path, section: str, key: str, allowed: str) -> None:
    site = tmp_path / "site.toml"
    site.write_text(f'{section}{key} = "sometimes"\n')
    name = f"nlu.{key}" if section else key
    with pytest.raises(ConfigError, match=f"^{name} must be {allowed}, not 'sometimes'$"):
        load_settings(env={}, config_file=site, need_secrets=False)
