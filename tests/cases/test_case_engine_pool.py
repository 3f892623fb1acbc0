"""The SQLite engine keeps its connection (no connection and thread per transaction) and stays durable."""

from __future__ import annotations

from bot.cases import create_engine_from_url
from tests.support.db import sqlite_url


async def test_sqlite_engine_reuses_one_durable_connection(tmp_path):
    engine = create_engine_from_url(sqlite_url(tmp_path / "pool.db"))
    try:
        seen = []
        for _ in range(3):
            async with engine.begin() as connection:
                raw = await connection.get_raw_connection()
                seen.append(raw.dbapi_connection)  # kept alive, so identity is meaningful
                assert (await connection.exec_driver_sql("PRAGMA synchronous")).scalar() == 2  # FULL
        assert all(connection is seen[0] for connection in seen)
    finally:
        await engine.dispose()
