"""Human case references ``PV-<year>-<nnnn>``: sequential per year, never duplicated.

Allocation increments a per-year counter row inside the caller's transaction.
The row lock (PostgreSQL) or the write lock (SQLite, where every transaction is
``BEGIN IMMEDIATE``) serialises concurrent writers until commit, and a rolled
back case gives its number back, so the sequence has no gaps either.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import ReferenceCounter

__all__ = ["REFERENCE_PATTERN", "allocate_reference", "find_reference", "format_reference"]

REFERENCE_PATTERN = re.compile(r"\bPV-(\d{4})-(\d{4,})\b", re.IGNORECASE)

_counters = ReferenceCounter.__table__


def format_reference(year: int, number: int) -> str:
    return f"PV-{year}-{number:04d}"


def find_reference(text: str | None) -> str | None:
    """The first case reference in ``text`` (e.g. a subject ``Re: [PV-2025-0042] ...``), normalised."""
    match = REFERENCE_PATTERN.search(text or "")
    return format_reference(int(match.group(1)), int(match.group(2))) if match else None


async def allocate_reference(session: AsyncSession, year: int) -> str:
    """Take the next number for ``year``; must run inside the transaction that creates the case."""
    dialect = (await session.connection()).dialect.name
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[dialect]
    await session.execute(
        insert(_counters).values(year=year, last_value=0).on_conflict_do_nothing(index_elements=["year"])
    )
    await session.execute(
        sa.update(_counters).where(_counters.c.year == year).values(last_value=_counters.c.last_value + 1)
    )
    number = await session.scalar(sa.select(_counters.c.last_value).where(_counters.c.year == year))
    return format_reference(year, int(number))
