"""Retention: closed cases older than the retention period are deleted with their messages.

Each purge leaves a ``case_purged`` audit event; the audit trail itself is kept.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from bot.cases.deadlines import add_months
from bot.cases.enums import CaseStatus
from bot.cases.inputs import Actor
from bot.cases.models import AuditEvent, Case
from bot.cases.results import PurgeReport
from bot.cases.store_transaction import Transaction

__all__ = ["purge", "retention_cutoff"]


def retention_cutoff(now: datetime, retention_months: int) -> datetime:
    """Cases closed before this moment are due for purging."""
    now = now.astimezone(timezone.utc)
    day = add_months(now.date(), -retention_months)
    return now.replace(year=day.year, month=day.month, day=day.day)


async def purge(tx: Transaction, actor: Actor, *, dry_run: bool = False) -> PurgeReport:
    """Delete (or with ``dry_run`` only list) closed cases past the retention period."""
    months = tx.config.retention_months
    cutoff = retention_cutoff(tx.now, months)
    doomed = (
        await tx.session.execute(
            sa.select(Case.id, Case.reference)
            .where(Case.status == CaseStatus.CLOSED, Case.closed_at < cutoff)
            .order_by(Case.id)
        )
    ).all()
    if not dry_run and doomed:
        for row in doomed:
            tx.session.add(
                AuditEvent(
                    case_id=row.id,
                    case_reference=row.reference,
                    actor_kind=actor.kind,
                    actor_staff_id=actor.staff_user_id,
                    action="case_purged",
                    detail={"retention_months": months},
                    created_at=tx.now,
                )
            )
        await tx.session.execute(
            sa.delete(Case)
            .where(Case.id.in_([row.id for row in doomed]))
            .execution_options(synchronize_session=False)
        )
    return PurgeReport(cutoff=cutoff, references=tuple(row.reference for row in doomed), dry_run=dry_run)
