"""Real case stores for tests: SQLite in a temporary file and PostgreSQL in a throwaway database.

Reuse from any conftest with ``from tests.support.db import *  # noqa: F403``; that
brings the ``case_service`` fixture (parametrised over both backends) and its helpers.
PostgreSQL runs only when ``PERSONVERN_TEST_POSTGRES_URL`` names a server
(e.g. ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``); each test session
creates its own database ``personvern_test_<random>`` there and drops it at the end,
and every test starts from empty tables.  Without the variable the PostgreSQL
variants are skipped with a visible reason.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
import pytest_asyncio
from argon2 import PasswordHasher
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from bot.cases import CaseService, MailCipher, create_engine_from_url, passwords
from bot.cases.models import metadata
from personvern.schema import upgrade

__all__ = [
    "BACKENDS",
    "POSTGRES_URL_ENV",
    "TEST_RAW_MAIL_KEY",
    "FakeClock",
    "case_clock",
    "case_service",
    "case_store_url",
    "fast_password_hashing",
    "case_store_postgres_url",
    "case_store_sqlite_template",
    "make_case_service",
    "postgres_base_url",
    "sqlite_url",
]

T = TypeVar("T")

POSTGRES_URL_ENV = "PERSONVERN_TEST_POSTGRES_URL"
TEST_RAW_MAIL_KEY = Fernet.generate_key().decode()
_SKIP_POSTGRES = f"PostgreSQL variant skipped: set {POSTGRES_URL_ENV}=postgresql+asyncpg://USER@HOST:PORT/DB"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not os.environ.get(POSTGRES_URL_ENV), reason=_SKIP_POSTGRES),
        ],
    ),
]


@dataclass
class FakeClock:
    """A settable clock for ``CaseService(clock=...)``; starts on a fixed winter weekday."""

    now: datetime = field(default_factory=lambda: datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_URL_ENV) or None


def _in_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run blocking set-up that starts its own event loop away from the test's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(base_url: str, statement: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(base_url))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def make_case_service(
    url: str,
    *,
    clock: Callable[[], datetime] | None = None,
    raw_mail_key: str = TEST_RAW_MAIL_KEY,
    **kwargs: Any,
) -> CaseService:
    """A ``CaseService`` on an already migrated database; call ``await service.dispose()`` after."""
    if clock is not None:
        kwargs["clock"] = clock
    return CaseService(create_engine_from_url(url), cipher=MailCipher(raw_mail_key), **kwargs)


@pytest.fixture(scope="session")
def case_store_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (faster than migrating every time)."""
    path = tmp_path_factory.mktemp("case-store") / "template.db"
    _in_thread(upgrade, sqlite_url(path))
    return path


@pytest.fixture(scope="session")
def case_store_postgres_url() -> Iterator[str]:
    """A migrated database of its own on the PostgreSQL server named by the environment."""
    base = postgres_base_url()
    if base is None:
        pytest.skip(_SKIP_POSTGRES)
    name = f"personvern_test_{secrets.token_hex(4)}"
    _in_thread(asyncio.run, _admin(base, f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        _in_thread(upgrade, url)
        yield url
    finally:
        _in_thread(asyncio.run, _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def case_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated case store on the parametrised backend."""
    if request.param == "sqlite":
        path = tmp_path / "cases.db"
        shutil.copyfile(request.getfixturevalue("case_store_sqlite_template"), path)
        return sqlite_url(path)
    return request.getfixturevalue("case_store_postgres_url")


async def _empty_postgres_tables(service: CaseService) -> None:
    async with service.engine.begin() as connection:
        # The append-only triggers forbid this; tests may reset the trail, the application may not.
        # DELETE is much faster than TRUNCATE on tables this small.
        await connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER USER")
        for table in reversed(metadata.sorted_tables):
            await connection.execute(table.delete())
        await connection.exec_driver_sql("ALTER TABLE audit_events ENABLE TRIGGER USER")


@pytest.fixture
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: staff users are created in many tests, the real cost proves nothing there."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def case_clock() -> FakeClock:
    return FakeClock()


@pytest_asyncio.fixture
async def case_service(case_store_url: str, case_clock: FakeClock) -> AsyncIterator[CaseService]:
    """A ``CaseService`` on an empty store (SQLite and PostgreSQL), clock fixed by ``case_clock``."""
    service = make_case_service(case_store_url, clock=case_clock)
    if service.engine.dialect.name == "postgresql":
        await _empty_postgres_tables(service)
    try:
        yield service
    finally:
        await service.dispose()
