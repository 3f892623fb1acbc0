"""The intake's tables come from the one migration history (``personvern.schema``, ``personvern db upgrade``)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.cases import create_engine_from_url
from bot.cases.models import metadata as case_metadata
from bot.errors import PermanentError, SchemaOutOfDate
from bot.verification.tables import metadata as verification_metadata
from chat.tables import metadata as chat_metadata
from intake.errors import is_transient
from intake.ledger import ClaimState, Ledger
from intake.tables import intake_messages, metadata, outbox, utcnow
from personvern.schema import current_revision, require_schema, upgrade_async, wait_for_schema
from tests.support.db import *  # noqa: F403
from tests.support.db import make_case_service, sqlite_url


def _diff(connection):  # type: ignore[no-untyped-def]
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, [case_metadata, metadata, verification_metadata, chat_metadata])


async def test_upgraded_schema_matches_the_intake_models(case_store_url: str) -> None:
    # case_store_url is created by `upgrade` alone, on SQLite and PostgreSQL.
    service = make_case_service(case_store_url)
    try:
        async with service.engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
            tables = await connection.run_sync(lambda c: set(c.dialect.get_table_names(c)))
        assert {intake_messages.name, outbox.name} <= tables
        await require_schema(service.engine)
        ledger = Ledger(service.engine, "schema-test")
        first = await ledger.claim("<schema@example.no>", "s1", "kari@example.no", utcnow())
        again = await ledger.claim("<schema@example.no>", "s2", "kari@example.no", utcnow())
        assert (first.state, again.state) == (ClaimState.NEW, ClaimState.DUPLICATE)
    finally:
        async with service.engine.begin() as conn:
            await conn.execute(intake_messages.delete())
        await service.dispose()


async def test_an_unmigrated_database_is_refused_not_retried_forever(tmp_path: Path) -> None:
    engine = create_engine_from_url(sqlite_url(tmp_path / "old.db"))
    try:
        await upgrade_async(engine, "0001")  # the case store before the intake's tables
        with pytest.raises(SchemaOutOfDate, match="personvern db upgrade") as caught:
            await require_schema(engine)
        assert isinstance(caught.value, PermanentError) and not is_transient(caught.value)
        await upgrade_async(engine)
        await require_schema(engine)
    finally:
        await engine.dispose()


async def test_a_second_process_waits_for_the_migration_and_never_migrates_itself(tmp_path: Path) -> None:
    # The chat's action server starts before the main service has migrated; its outbox sender
    # must not query tables that do not exist yet (a traceback in the service log, seen in CI).
    engine = create_engine_from_url(sqlite_url(tmp_path / "fresh.db"))
    try:
        waiting = asyncio.create_task(wait_for_schema(engine, first_delay=0.02, max_delay=0.05))
        await asyncio.sleep(0.3)
        assert not waiting.done() and await current_revision(engine) is None
        await upgrade_async(engine)
        await asyncio.wait_for(waiting, 5)
        await require_schema(engine)
    finally:
        await engine.dispose()


async def test_a_letter_queued_meanwhile_ends_the_wait_at_once(tmp_path: Path) -> None:
    # The action server's first code proves the schema is there: its sender must not wait for the next try.
    engine = create_engine_from_url(sqlite_url(tmp_path / "fresh.db"))
    try:
        queued = asyncio.Event()
        waiting = asyncio.create_task(wait_for_schema(engine, or_until=queued, first_delay=30, max_delay=30))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        queued.set()
        await asyncio.wait_for(waiting, 2)  # not after the 30 s between tries
        assert await current_revision(engine) is None  # and it migrated nothing
    finally:
        await engine.dispose()


async def test_tables_an_earlier_intake_created_itself_are_adopted(tmp_path: Path) -> None:
    engine = create_engine_from_url(sqlite_url(tmp_path / "adopt.db"))
    try:
        await upgrade_async(engine, "0001")
        async with engine.begin() as conn:  # what the intake's create_all used to do
            await conn.run_sync(metadata.create_all)
        await upgrade_async(engine)
        await require_schema(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()
