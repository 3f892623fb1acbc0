"""The email channel's share of retention: what it keeps about a purged case goes too.

``bot.cases.retention`` deletes the case, its messages and raw mail; this
deletes, in the same unit of work, the outbox rows (encrypted reply bodies,
recipients) and ledger entries (sender addresses) that name the purged cases,
and afterwards the spool files (``shunt/``, attempt counters) those entries
point to.  ``personvern purge`` runs both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from intake.spool import Spool
from intake.tables import intake_messages, outbox

__all__ = ["IntakePurge", "purge_intake_rows", "remove_spool_files"]


@dataclass(frozen=True)
class IntakePurge:
    outbox_rows: int
    ledger_rows: int
    spool_ids: tuple[str, ...]


async def purge_intake_rows(conn: Any, references: Sequence[str], *, dry_run: bool = False) -> IntakePurge:
    """Delete (or count) the rows naming ``references``, inside the caller's transaction."""
    if not references:
        return IntakePurge(0, 0, ())
    refs = list(references)
    spool_ids = tuple(
        (await conn.execute(sa.select(intake_messages.c.spool_id).where(intake_messages.c.case_reference.in_(refs))))
        .scalars()
        .all()
    )
    count_outbox = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.case_reference.in_(refs))
    outbox_rows = int(await conn.scalar(count_outbox) or 0)
    if not dry_run:
        await conn.execute(outbox.delete().where(outbox.c.case_reference.in_(refs)))
        await conn.execute(intake_messages.delete().where(intake_messages.c.case_reference.in_(refs)))
    return IntakePurge(outbox_rows, len(spool_ids), spool_ids)


def remove_spool_files(spool: Spool, spool_ids: Sequence[str]) -> int:
    """Remove what the spool still holds of these messages (after the database commit)."""
    return sum(spool.remove(spool_id) for spool_id in spool_ids)
