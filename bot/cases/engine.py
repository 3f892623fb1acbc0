"""Build the async engine the case store runs on.

SQLite (the default, file under ``var/``) runs on ``bot.cases.sqlite_driver``,
which calls sqlite3 on the event loop's thread instead of aiosqlite's helper
thread (why, and the figures: that module).  ``sqlite://``, ``sqlite+aiosqlite://``
and ``sqlite+pysqlite://`` URLs all mean this.  Connections get WAL, foreign
keys and ``BEGIN IMMEDIATE`` transactions (the dialect's ``do_begin``): a writer
takes the write lock when it starts instead of failing when it upgrades a read
lock, and waits for it without blocking the loop.  PostgreSQL (``postgresql+asyncpg``) is
used as is.

SQLite connections are pooled, one per engine: every transaction here is
``BEGIN IMMEDIATE``, so a second connection of the same engine would only wait
for the write lock; waiting for the pooled connection instead is first come,
first served and wakes at once.  Other engines and processes (CLI, web) wait
for the lock (up to ``SQLITE_BUSY_TIMEOUT_SECONDS``).

``synchronous=FULL`` is set explicitly: in WAL
mode it fsyncs the log at every commit, so a committed message survives a
power cut; the intake deletes a spool file only after that commit, so the
weaker ``NORMAL`` (durable only at checkpoints) could lose accepted mail.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from bot.cases.sqlite_driver import DIALECT_NAME as SQLITE_DIALECT
from bot.cases.sqlite_driver import STATEMENT_BUSY_TIMEOUT_MS
from bot.config import ConfigError, Settings
from bot.errors import DatabaseBusy, DatabaseError, DatabaseUnavailable, IntegrityViolation
from bot.private_files import create_private, private_dir

__all__ = [
    "SUPPORTED_DRIVERS",
    "connection",
    "create_engine_from_settings",
    "create_engine_from_url",
    "database_errors",
    "describe_database_error",
    "resolve_url",
    "snapshot",
    "transaction",
]

SUPPORTED_DRIVERS = (SQLITE_DIALECT, "postgresql+asyncpg")
SQLITE_BUSY_TIMEOUT_SECONDS = 30
# One connection per process: see the module docstring.  Never hold it while asking for another.
SQLITE_POOL_SIZE = 1
SQLITE_POOL_OVERFLOW = 0
_DRIVER_ALIASES = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "sqlite": SQLITE_DIALECT,
    "sqlite+aiosqlite": SQLITE_DIALECT,
    "sqlite+pysqlite": SQLITE_DIALECT,
}


def resolve_url(url: str | URL, resolve_path: Callable[[str], Path] | None = None) -> URL:
    """Pick the async driver; make a relative SQLite path absolute and create its directory.

    ``postgres://`` and ``postgresql://`` (the usual DATABASE_URL spellings) mean asyncpg,
    every ``sqlite`` spelling means the in-loop SQLite driver; any other driver is a
    configuration error.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"database URL is malformed: {exc}") from exc
    parsed = parsed.set(drivername=_DRIVER_ALIASES.get(parsed.drivername, parsed.drivername))
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise ConfigError(
            f"unsupported database URL driver {parsed.drivername!r}; use one of {SUPPORTED_DRIVERS}"
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not path.is_absolute() and resolve_path is not None:
            path = resolve_path(parsed.database)
        private_dir(path.parent)
        create_private(path)  # 0600 before SQLite opens it; its -wal and -shm copy the mode
        parsed = parsed.set(database=str(path))
    return parsed


def _configure_sqlite(sync_engine: Engine) -> None:
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # sqlite3 must not BEGIN on its own: the dialect does
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # durability over speed; see the module docstring
        cursor.execute(f"PRAGMA busy_timeout={STATEMENT_BUSY_TIMEOUT_MS}")  # the write lock: do_begin
        cursor.close()

    event.listen(sync_engine, "connect", _on_connect)


def create_engine_from_url(
    url: str | URL, *, echo: bool = False, resolve_path: Callable[[str], Path] | None = None
) -> AsyncEngine:
    """An engine whose errors never show the statement's parameters (``hide_parameters``): they hold
    message bodies and identity numbers, and a failed statement is logged (``log.exception``)."""
    parsed = resolve_url(url, resolve_path)
    if parsed.get_backend_name() == "sqlite":
        pooling: dict[str, Any] = {}
        if parsed.database and parsed.database != ":memory:":
            pooling = {
                "poolclass": AsyncAdaptedQueuePool,
                "pool_size": SQLITE_POOL_SIZE,
                "max_overflow": SQLITE_POOL_OVERFLOW,
            }
        engine = create_async_engine(
            parsed, echo=echo, future=True, hide_parameters=True, lock_timeout=SQLITE_BUSY_TIMEOUT_SECONDS, **pooling
        )
        _configure_sqlite(engine.sync_engine)
        return engine
    return create_async_engine(parsed, echo=echo, future=True, hide_parameters=True, pool_pre_ping=True)


def create_engine_from_settings(settings: Settings) -> AsyncEngine:
    """The engine for ``settings.database.url`` (relative SQLite paths resolve against the project root)."""
    return create_engine_from_url(
        settings.database.url, echo=settings.database.echo, resolve_path=settings.var_path
    )


_BUSY_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def describe_database_error(exc: BaseException) -> str:
    """The driver's class and first line only: SQLAlchemy's full text echoes statement parameters
    (personal data), which must never reach a log or an error message."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).splitlines()
    return f"{type(orig).__name__}: {lines[0] if lines else ''}"


def _is_busy(exc: DBAPIError) -> bool:
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _BUSY_SQLSTATES or getattr(orig, "pgcode", None) in _BUSY_SQLSTATES:
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text


@contextlib.contextmanager
def database_errors() -> Iterator[None]:
    """Map driver errors into ``bot.errors`` (the one place that knows SQLAlchemy's types).

    Lock conflicts become ``DatabaseBusy``; lost or refused connections (and
    SQLite's operational errors, which include a missing table on an
    unmigrated file) ``DatabaseUnavailable``; constraint failures
    ``IntegrityViolation``; any other driver error ``DatabaseError``.
    """
    try:
        yield
    except IntegrityError as exc:
        raise IntegrityViolation(describe_database_error(exc)) from exc
    except DBAPIError as exc:
        if _is_busy(exc):
            raise DatabaseBusy(describe_database_error(exc)) from exc
        if isinstance(exc, (OperationalError, InterfaceError)) or exc.connection_invalidated:
            raise DatabaseUnavailable(describe_database_error(exc)) from exc
        raise DatabaseError(describe_database_error(exc)) from exc
    except (DisconnectionError, OSError, asyncio.TimeoutError) as exc:
        raise DatabaseUnavailable(describe_database_error(exc)) from exc
    except Exception as exc:
        # asyncpg raises its own errors from connect (a database that does not exist
        # yet, a role refused) without SQLAlchemy's wrapping: the database is not usable.
        if type(exc).__module__.startswith("asyncpg"):
            raise DatabaseUnavailable(describe_database_error(exc)) from exc
        raise


@contextlib.asynccontextmanager
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """``engine.connect()`` for reads, with driver errors mapped (``database_errors``)."""
    with database_errors():
        async with engine.connect() as conn:
            yield conn


@contextlib.asynccontextmanager
async def snapshot(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction that only reads: on SQLite a plain ``BEGIN``, not the write lock every other
    transaction takes, so a read does not queue behind another process's writes (WAL: readers see
    the last commit).  Writing in it fails on SQLite (``database is locked`` once another writes)."""
    with database_errors():
        async with engine.connect() as conn:
            adapted = None
            if conn.dialect.name == "sqlite":
                adapted = (await conn.get_raw_connection()).dbapi_connection
                adapted.read_only = True
            try:
                async with conn.begin():
                    yield conn
            finally:
                if adapted is not None:
                    adapted.read_only = False


@contextlib.asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """``engine.begin()`` that gives the connection back when BEGIN itself fails.

    SQLAlchemy 1.4's ``AsyncEngine.begin()`` checks a connection out and then
    begins; if BEGIN raises (SQLite's write lock held past the timeout, a
    dropped PostgreSQL connection) the connection is never returned, and with
    SQLite's one-connection pool the engine hangs for good.  Use this instead.
    Driver errors are mapped as in ``database_errors``.
    """
    with database_errors():
        async with engine.connect() as conn, conn.begin():
            yield conn
