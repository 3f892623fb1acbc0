"""The engine factory: URL spellings, SQLite pragmas, settings."""

from __future__ import annotations

import pytest

from bot.cases import CaseService, create_engine_from_settings
from bot.cases.engine import resolve_url
from bot.config import ConfigError, load_settings
from tests.support.db import TEST_RAW_MAIL_KEY


def test_conventional_database_urls_get_the_async_drivers(tmp_path):
    assert resolve_url("postgres://u@db/x").drivername == "postgresql+asyncpg"
    assert resolve_url("postgresql://u@db/x").drivername == "postgresql+asyncpg"
    sqlite = resolve_url(f"sqlite:///{tmp_path}/a/b/c.db")
    assert sqlite.drivername == "sqlite+inloop" and (tmp_path / "a" / "b").is_dir()
    # Older spellings (and the earlier default) mean the same in-loop driver.
    for spelling in ("sqlite+aiosqlite", "sqlite+pysqlite", "sqlite+inloop"):
        relative = resolve_url(f"{spelling}:///var/x.db", lambda p: tmp_path / "root" / p)
        assert relative.drivername == "sqlite+inloop"
        assert relative.database == str(tmp_path / "root" / "var" / "x.db")
    with pytest.raises(ConfigError, match="unsupported"):
        resolve_url("mysql://u@db/x")


async def test_sqlite_engine_from_settings_uses_wal_and_foreign_keys(tmp_path):
    settings = load_settings(
        env={
            "PERSONVERN_DATABASE_URL": f"sqlite:///{tmp_path}/var/personvern.db",
            "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY,
            "PERSONVERN_SECRET_KEY": "test",
        }
    )
    engine = create_engine_from_settings(settings)
    try:
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
            assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        await engine.dispose()
    async with CaseService.from_settings(settings) as service:
        assert service.tz.key == "Europe/Oslo" and service.retention_months == 12


async def test_a_failed_statement_never_shows_its_parameters(case_store_url):
    """A database error is logged with its message (the outbox's "pass failed", under a lock
    timeout): the parameters, which hold message bodies and identity numbers, are not in it."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from bot.cases.engine import create_engine_from_url

    engine = create_engine_from_url(case_store_url)
    secret = "oversikten over opplysningene 27810773850"
    try:
        with pytest.raises(DBAPIError) as caught:
            async with engine.connect() as connection:
                await connection.execute(text("INSERT INTO no_such_table (body) VALUES (:body)"), {"body": secret})
        assert "no_such_table" in str(caught.value) and secret not in str(caught.value)
        assert "hidden due to hide_parameters" in str(caught.value)
    finally:
        await engine.dispose()
