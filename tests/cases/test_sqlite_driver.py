"""The in-loop SQLite driver: no helper threads, and waiting for the write lock never blocks the loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from bot.cases import create_engine_from_url, transaction
from bot.cases import engine as engine_module
from bot.errors import DatabaseBusy, TransientError
from tests.support.db import sqlite_url


async def _make_table(engine) -> None:
    async with transaction(engine) as connection:
        await connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (n INTEGER)")


async def test_statements_run_without_a_helper_thread(tmp_path):
    engine = create_engine_from_url(sqlite_url(tmp_path / "t.db"))
    try:
        await _make_table(engine)
        threads = threading.active_count()
        for n in range(20):
            async with transaction(engine) as connection:
                await connection.execute(sa.text("INSERT INTO t VALUES (:n)"), {"n": n})
        async with engine.connect() as connection:
            assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 20
        assert threading.active_count() == threads  # aiosqlite would add one per connection
    finally:
        await engine.dispose()


async def test_a_second_engine_waits_for_the_write_lock_while_the_loop_runs(tmp_path):
    """Two engines in one process: the holder finishes only if the waiter does not block the loop."""
    url = sqlite_url(tmp_path / "t.db")
    first, second = create_engine_from_url(url), create_engine_from_url(url)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    tick_task = asyncio.create_task(ticker())
    try:
        await _make_table(first)
        holder_has_lock = asyncio.Event()

        async def holder() -> None:
            async with transaction(first) as connection:
                await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
                holder_has_lock.set()
                await asyncio.sleep(0.3)  # the loop must keep running for this to end
                await connection.execute(sa.text("INSERT INTO t VALUES (2)"))

        async def waiter() -> float:
            await holder_has_lock.wait()
            started = time.monotonic()
            async with transaction(second) as connection:
                await connection.execute(sa.text("INSERT INTO t VALUES (3)"))
            return time.monotonic() - started

        ticks_before = ticks
        _, waited = await asyncio.wait_for(asyncio.gather(holder(), waiter()), 10)
        assert waited >= 0.2  # it really waited for the holder's commit ...
        assert ticks - ticks_before >= 20  # ... and other tasks ran meanwhile
        async with second.connect() as connection:
            rows = (await connection.execute(sa.text("SELECT n FROM t ORDER BY rowid"))).scalars().all()
        assert rows == [1, 2, 3]
    finally:
        tick_task.cancel()
        await first.dispose()
        await second.dispose()


async def test_a_lock_held_too_long_is_a_transient_operational_error(tmp_path, monkeypatch):
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / "t.db"
    engine = create_engine_from_url(sqlite_url(path))
    other = sqlite3.connect(path, isolation_level=None)  # another process's connection, in effect
    try:
        await _make_table(engine)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy) as caught:
            async with transaction(engine) as connection:
                await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert isinstance(caught.value, TransientError)  # the intake retries the message later
        assert isinstance(caught.value.__cause__, OperationalError)
        assert "database is locked" in str(caught.value.__cause__)
        # transaction() gave the connection back (engine.begin() in SQLAlchemy 1.4 would not).
        other.execute("ROLLBACK")
        async with transaction(engine) as connection:  # the engine is usable again
            await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
    finally:
        other.close()
        await engine.dispose()


async def test_a_snapshot_reads_the_last_commit_while_another_process_holds_the_write_lock(tmp_path):
    from bot.cases.engine import snapshot

    path = tmp_path / "t.db"
    engine = create_engine_from_url(sqlite_url(path))
    try:
        await _make_table(engine)
        async with transaction(engine) as connection:
            await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        other = sqlite3.connect(path, isolation_level=None)  # another process's writer, mid-transaction
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t VALUES (2)")
        try:
            started = time.monotonic()
            async with snapshot(engine) as connection:
                assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 1
            assert time.monotonic() - started < 1.0  # it did not wait for the writer (a transaction would)
        finally:
            other.execute("COMMIT")
            other.close()
        async with transaction(engine) as connection:  # the flag went with the snapshot: writes work again
            await connection.execute(sa.text("INSERT INTO t VALUES (3)"))
        async with snapshot(engine) as connection:
            assert (await connection.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 3
    finally:
        await engine.dispose()
