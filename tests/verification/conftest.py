"""Verification tests run on SQLite and PostgreSQL (tests.support.db), each on empty tables."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from bot.verification import Verifier
from bot.verification.tables import metadata
from tests.support.db import *  # noqa: F403
from tests.support.db import FakeClock

SECRET = "test-secret-for-codes"


@pytest_asyncio.fixture
async def verifier(case_service, case_clock: FakeClock) -> AsyncIterator[Verifier]:  # type: ignore[no-untyped-def]
    async with case_service.engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            await connection.execute(table.delete())
    yield Verifier(case_service.engine, secret=SECRET, clock=case_clock)
