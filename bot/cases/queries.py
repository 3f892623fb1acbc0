"""Read-side queries: the case list and the statistics."""

from __future__ import annotations

import statistics as stats
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.inputs import CaseFilter, normalize_email
from bot.cases.models import Case, CaseRequestType
from bot.cases.results import CaseStatistics

__all__ = ["case_list_query", "compute_statistics"]


def case_list_query(f: CaseFilter) -> sa.sql.Select:
    """The SELECT behind ``CaseService.list_cases``."""
    query = sa.select(Case)
    if f.statuses is not None:
        query = query.where(Case.status.in_(f.statuses))
    if f.request_type is not None:
        query = query.where(
            sa.exists().where(
                CaseRequestType.case_id == Case.id, CaseRequestType.request_type == f.request_type
            )
        )
    if f.unassigned:
        query = query.where(Case.assignee_id.is_(None))
    elif f.assignee_id is not None:
        query = query.where(Case.assignee_id == f.assignee_id)
    if f.channel is not None:
        query = query.where(Case.channel == f.channel)
    if f.requester_email is not None:
        query = query.where(Case.requester_email == normalize_email(f.requester_email))
    if f.received_from is not None:
        query = query.where(Case.received_at >= f.received_from)
    if f.received_until is not None:
        query = query.where(Case.received_at < f.received_until)
    column = getattr(Case, f.order_by)
    query = query.order_by(column.desc() if f.descending else column.asc(), Case.id.asc())
    return query.limit(f.limit).offset(f.offset)


async def compute_statistics(
    session: AsyncSession, since: datetime | None, until: datetime | None
) -> CaseStatistics:
    """Figures for cases received in [since, until): counts, median time to resolve, share resolved in time."""
    window = []
    if since is not None:
        window.append(Case.received_at >= since)
    if until is not None:
        window.append(Case.received_at < until)
    by_status = dict(
        (
            await session.execute(
                sa.select(Case.status, sa.func.count()).where(*window).group_by(Case.status)
            )
        ).all()
    )
    by_type = dict(
        (
            await session.execute(
                sa.select(CaseRequestType.request_type, sa.func.count())
                .join(Case, Case.id == CaseRequestType.case_id)
                .where(*window)
                .group_by(CaseRequestType.request_type)
            )
        ).all()
    )
    resolved = (
        await session.execute(
            sa.select(Case.received_at, Case.resolved_at, Case.due_internal, Case.due_legal).where(
                Case.resolved_at.is_not(None), *window
            )
        )
    ).all()
    count = len(resolved)
    durations = [r.resolved_at - r.received_at for r in resolved]
    return CaseStatistics(
        total=sum(by_status.values()),
        by_status=by_status,
        by_type=by_type,
        resolved=count,
        median_time_to_resolve=stats.median(durations) if durations else None,
        share_answered_within_14_days=sum(r.resolved_at <= r.due_internal for r in resolved) / count
        if count
        else None,
        share_answered_within_legal_deadline=sum(r.resolved_at <= r.due_legal for r in resolved) / count
        if count
        else None,
    )
