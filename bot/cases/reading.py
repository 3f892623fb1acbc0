"""Reads of the masked case view: one case, lists by deadline, the audit trail (per case and all), statistics."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from bot.cases.enums import OPEN_STATUSES
from bot.cases.errors import CaseNotFound
from bot.cases.inputs import AuditFilter, CaseFilter
from bot.cases.models import AuditEvent, Case
from bot.cases.queries import (
    audit_query,
    case_counts_query,
    case_list_query,
    compute_statistics,
)
from bot.cases.results import AuditPage, CaseStatistics
from bot.cases.store_transaction import Transaction

__all__ = [
    "DEADLINES",
    "audit_events",
    "audit_trail",
    "count_each",
    "get_case",
    "list_cases",
    "open_cases_due_before",
    "statistics",
]

DEADLINES = {"internal": Case.due_internal, "legal": Case.due_legal}
"""The two deadlines of a case: the statement's 14 days and the legal month (plus any extension)."""


async def get_case(tx: Transaction, reference: str, *, with_messages: bool = True) -> Case:
    """A case (masked view); ``case.messages`` is loaded when ``with_messages``."""
    query = sa.select(Case).where(Case.reference == reference.strip().upper())
    if with_messages:
        query = query.options(selectinload(Case.messages))
    case: Case | None = await tx.session.scalar(query)
    if case is None:
        raise CaseNotFound(f"no case {reference!r}")
    return case


async def audit_trail(tx: Transaction, reference: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.case_reference == reference.strip().upper())
    return list(await tx.session.scalars(query.order_by(AuditEvent.id)))


async def list_cases(tx: Transaction, filters: CaseFilter) -> list[Case]:
    return list(await tx.session.scalars(case_list_query(filters)))


async def count_each(tx: Transaction, filters: Mapping[str, CaseFilter]) -> dict[str, int]:
    row = (await tx.session.execute(case_counts_query(filters))).one()
    return {name: int(row._mapping[name]) for name in filters}


async def open_cases_due_before(
    tx: Transaction, moment: datetime, deadline: str, *, not_before: datetime | None = None
) -> list[Case]:
    """Open cases whose ``deadline`` (``internal`` or ``legal``) falls before ``moment``."""
    column = DEADLINES[deadline]
    query = sa.select(Case).where(Case.status.in_(OPEN_STATUSES), column < moment)
    if not_before is not None:
        query = query.where(column >= not_before)
    return list(await tx.session.scalars(query.order_by(column.asc(), Case.id.asc())))


async def audit_events(tx: Transaction, filters: AuditFilter) -> AuditPage:
    """One page of the audit trail across all cases (or one), newest first, and the number matching."""
    matching = audit_query(filters).subquery()
    total = int(await tx.session.scalar(sa.select(sa.func.count()).select_from(matching)) or 0)
    query = audit_query(filters).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    events = await tx.session.scalars(query.limit(filters.limit).offset(filters.offset))
    return AuditPage(events=list(events), total=total)


async def statistics(tx: Transaction, since: datetime | None, until: datetime | None) -> CaseStatistics:
    """Counts by status and type, median time to resolve, share answered in time (by receipt date),
    the open and overdue cases now, and, when the period has both ends, cases per ISO week."""
    return await compute_statistics(tx.session, since, until, now=tx.now, tz=tx.tz)
