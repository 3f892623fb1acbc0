"""SQLite for the async case store, called on the event loop's own thread.

Why not aiosqlite: it runs every DBAPI call on a helper thread and wakes the
event loop for each result, and SQLAlchemy makes four such calls per statement
(cursor, execute, fetchall, close).  A processed mail runs about 30 statements;
the hand-offs cost more CPU than SQLite and the ORM together (measured on the
intake: 56 ms of CPU per message with aiosqlite, 29 ms with this driver; see
docs/intake.md).  SQLite answers from the page cache in microseconds, so
calling it directly from the loop costs less than handing the call over.

The one call that can wait long is taking the write lock while another
connection holds it.  Every transaction here starts with ``BEGIN IMMEDIATE``
(the dialect's ``do_begin``; why: ``bot.cases.engine``), so that is the only
place the lock is taken; ``begin_immediate`` tries it without SQLite's busy
handler and, when refused,
sleeps with ``asyncio.sleep`` before the next try.  The loop keeps running
meanwhile, so the holder - another engine in this process, the web app, a
test - can finish its transaction; a blocking wait there would deadlock.
Other statements keep a short busy timeout for the rare internal lock (WAL
recovery by another process).

The dialect is registered as ``sqlite+inloop``; ``bot.cases.engine`` uses it for
every SQLite URL.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any, Literal, cast

import greenlet
from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine.interfaces import AdaptedConnection
from sqlalchemy.util.concurrency import await_only

__all__ = ["DIALECT_NAME", "InLoopSQLiteDialect", "LockTimeout", "begin_immediate"]

DIALECT_NAME = "sqlite+inloop"
# Busy handler for statements other than BEGIN (milliseconds): never the write lock.
STATEMENT_BUSY_TIMEOUT_MS = 200
_FIRST_RETRY = 0.001
_MAX_RETRY = 0.01  # the longest pause between tries (chat benchmark: 0.05 gave p95 370 ms, 0.01 290 ms)


class LockTimeout(sqlite3.OperationalError):
    """The write lock stayed with another connection for the whole wait."""


class InLoopConnection(AdaptedConnection):
    """A sqlite3 connection behind SQLAlchemy's async facade: every call is direct."""

    __slots__ = ("read_only",)

    def __init__(self, connection: sqlite3.Connection) -> None:
        # AdaptedConnection declares the _connection slot; SQLAlchemy ships no types to say so.
        self._connection = connection  # type: ignore[misc]
        self.read_only = False  # the next BEGIN is a plain one (``bot.cases.engine.snapshot``)

    @property
    def isolation_level(self) -> str | None:
        return self._connection.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._connection.isolation_level = cast("Literal['DEFERRED', 'EXCLUSIVE', 'IMMEDIATE'] | None", value)

    def cursor(self, server_side: bool = False) -> sqlite3.Cursor:
        _switch()  # once per statement: AsyncConnection.execute checks that the driver awaited
        return self._connection.cursor()

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        return self._connection.execute(*args, **kwargs)

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._connection.create_function(*args, **kwargs)

    def commit(self) -> None:
        self._connection.commit()

    def rollback(self) -> None:
        self._connection.rollback()

    def close(self) -> None:
        self._connection.close()

    @property
    def in_transaction(self) -> bool:
        return self._connection.in_transaction


class InLoopSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite's dialect, declared async so ``create_async_engine`` accepts it."""

    driver = "inloop"
    is_async = True
    supports_statement_cache = True

    def __init__(self, lock_timeout: float = 30.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lock_timeout = lock_timeout

    def do_begin(self, dbapi_connection: Any) -> None:
        # Every transaction takes the write lock first (see bot.cases.engine); a
        # refusal raised here is wrapped as sqlalchemy's OperationalError.  A
        # snapshot read begins plainly: in WAL mode a reader neither waits for nor blocks the writer.
        if dbapi_connection.dbapi_connection.read_only:  # the pool's wrapper around our InLoopConnection
            dbapi_connection.driver_connection.execute("BEGIN")
            return
        begin_immediate(dbapi_connection.driver_connection, self.lock_timeout)

    def connect(self, *cargs: Any, **cparams: Any) -> InLoopConnection:
        # The pool may hand the connection to another thread's loop (tests, CLI);
        # it is only ever used by one of them at a time.
        cparams["check_same_thread"] = False
        return InLoopConnection(sqlite3.connect(*cargs, **cparams))

    def get_driver_connection(self, connection: Any) -> Any:
        return connection._connection

    @classmethod
    def get_pool_class(cls, url: Any) -> type[pool.Pool]:
        # As SQLAlchemy's aiosqlite dialect; bot.cases.engine pools file databases itself.
        chosen: type[pool.Pool] = pool.NullPool if cls._is_url_file_db(url) else pool.StaticPool
        return chosen


registry.register("sqlite.inloop", __name__, "InLoopSQLiteDialect")


def _in_async_greenlet() -> bool:
    # SQLAlchemy's async engine runs sync code in greenlets that can await.
    return bool(getattr(greenlet.getcurrent(), "__sqlalchemy_greenlet_provider__", False))


async def _nothing() -> None:
    return None


def _switch() -> None:
    """Await a coroutine that finishes at once: a greenlet switch, no trip through the loop."""
    if _in_async_greenlet():
        await_only(_nothing())


def _pause(seconds: float) -> None:
    if _in_async_greenlet():
        await_only(asyncio.sleep(seconds))
    else:  # a plain sync engine (no loop to keep running)
        time.sleep(seconds)


def begin_immediate(connection: sqlite3.Connection, timeout: float) -> None:
    """``BEGIN IMMEDIATE`` that waits for the write lock without blocking the loop."""
    deadline = time.monotonic() + timeout
    delay = _FIRST_RETRY
    connection.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"database is locked (waited {timeout:.0f} s for the write lock)") from exc
            _pause(delay)
            delay = min(_MAX_RETRY, delay * 2)
    finally:
        connection.execute(f"PRAGMA busy_timeout={STATEMENT_BUSY_TIMEOUT_MS}")
