"""Exactly-once processing across restarts and across intake instances.

Before the pipeline touches the case store it claims the message's dedupe key
(Message-ID, else a hash of the raw bytes) with an INSERT into
``intake_messages``; the unique index decides the race between instances.  A
row left in ``processing`` by a crashed run of the *same* spool file is
resumed (and remembers the case it already opened), so a restart neither
loses nor doubles a message.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cases.engine import connection, transaction
from bot.errors import IntegrityViolation
from intake.tables import intake_messages, utcnow

__all__ = ["Claim", "ClaimState", "Ledger"]


class ClaimState(str, enum.Enum):
    NEW = "new"  # first time we see this message
    RESUME = "resume"  # our own earlier attempt died half-way
    DUPLICATE = "duplicate"  # already processed (or being processed elsewhere)


@dataclass(frozen=True)
class Claim:
    state: ClaimState
    case_reference: str | None = None
    outcome: str | None = None  # what the earlier attempt recorded, e.g. "new-case"


class Ledger:
    """The ``intake_messages`` table: who processes which message."""

    def __init__(self, engine: AsyncEngine, worker: str, stale_after: timedelta = timedelta(minutes=15)) -> None:
        self.engine = engine
        self.worker = worker
        self.stale_after = stale_after

    async def claim(self, key: str, spool_id: str, sender: str | None, received_at: datetime) -> Claim:
        now = utcnow()
        row = dict(
            dedupe_key=key[:998],
            spool_id=spool_id,
            worker=self.worker,
            status="processing",
            sender=(sender or "")[:320] or None,
            received_at=received_at,
            started_at=now,
        )
        try:
            async with transaction(self.engine) as conn:
                await conn.execute(intake_messages.insert().values(**row))
            return Claim(ClaimState.NEW)
        except IntegrityViolation:  # claimed before: by us (a resumed run) or another instance
            pass
        async with transaction(self.engine) as conn:
            existing = (
                await conn.execute(sa.select(intake_messages).where(intake_messages.c.dedupe_key == row["dedupe_key"]))
            ).one()
            if existing.spool_id == spool_id and existing.status == "processing":
                return Claim(ClaimState.RESUME, existing.case_reference, existing.outcome)
            if existing.status == "processing" and existing.started_at < now - self.stale_after:
                # The instance that claimed it died and its spool copy is gone: take over.
                result = await conn.execute(
                    intake_messages.update()
                    .where(intake_messages.c.id == existing.id, intake_messages.c.started_at == existing.started_at)
                    .values(spool_id=spool_id, worker=self.worker, started_at=now)
                )
                if result.rowcount == 1:
                    return Claim(ClaimState.RESUME, existing.case_reference, existing.outcome)
            return Claim(ClaimState.DUPLICATE, existing.case_reference)

    async def record_case(self, key: str, reference: str, outcome: str | None = None) -> None:
        """Remember the case as soon as it exists, so a resumed run reuses it."""
        async with transaction(self.engine) as conn:
            await self.record_case_in(conn, key, reference, outcome)

    @staticmethod
    async def record_case_in(conn: Any, key: str, reference: str, outcome: str | None = None) -> None:
        """``record_case`` inside the caller's transaction (a connection or session)."""
        values: dict[str, Any] = {"case_reference": reference}
        if outcome:
            values["outcome"] = outcome[:40]
        await conn.execute(intake_messages.update().where(intake_messages.c.dedupe_key == key[:998]).values(**values))

    async def finish(self, key: str, outcome: str, reference: str | None) -> None:
        async with transaction(self.engine) as conn:
            await self.finish_in(conn, key, outcome, reference)

    @staticmethod
    async def finish_in(conn: Any, key: str, outcome: str, reference: str | None) -> None:
        """``finish`` inside the caller's transaction, e.g. the one that queues the reply."""
        values: dict[str, Any] = {"status": "done", "outcome": outcome[:40], "finished_at": utcnow()}
        if reference:
            values["case_reference"] = reference
        await conn.execute(intake_messages.update().where(intake_messages.c.dedupe_key == key[:998]).values(**values))

    async def status(self, key: str) -> str | None:
        async with connection(self.engine) as conn:
            status: str | None = (
                await conn.execute(sa.select(intake_messages.c.status).where(intake_messages.c.dedupe_key == key[:998]))
            ).scalar_one_or_none()
        return status
