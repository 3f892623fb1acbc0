"""Read-side queries: the case list, the audit trail and the statistics.

Every figure is counted by the database (GROUP BY, CASE, one row per group),
in SQL that SQLite and PostgreSQL both run; weeks are cut at local Mondays
(the office's time zone, so daylight saving moves no case into the wrong week)
computed here and handed to the database as bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.deadlines import local_date
from bot.cases.enums import OPEN_STATUSES
from bot.cases.inputs import AuditFilter, CaseFilter, normalize_email
from bot.cases.models import AuditEvent, Case, CaseRequestType
from bot.cases.results import CaseStatistics, WeekCount

__all__ = ["MAX_WEEKS", "audit_query", "case_counts_query", "case_list_query", "compute_statistics", "week_starts"]

MAX_WEEKS = 262  # five years of weeks: the CASE expression that buckets them stays small


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
    query = _refine(query, f)
    column = getattr(Case, f.order_by)
    query = query.order_by(column.desc() if f.descending else column.asc(), Case.id.asc())
    return query.limit(f.limit).offset(f.offset)


def case_counts_query(filters: Mapping[str, CaseFilter]) -> sa.sql.Select:
    """Several counts in one pass over the cases: one ``SUM(CASE WHEN ...)`` per named filter."""
    columns = []
    for name, f in filters.items():
        condition = case_list_query(f).whereclause
        hit = sa.case((condition if condition is not None else sa.true(), 1), else_=0)
        columns.append(sa.func.coalesce(sa.func.sum(hit), 0).label(name))
    return sa.select(*columns).select_from(Case)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _refine(query: sa.sql.Select, f: CaseFilter) -> sa.sql.Select:
    """The queue's filters: language, sensitive data, identity, review, the 14-day window, search."""
    if f.language is not None:
        query = query.where(Case.language == f.language)
    if f.sensitive is not None:
        none_found = sa.cast(Case.sensitive_categories, sa.Text).in_(["[]", "null"])
        query = query.where(sa.not_(none_found) if f.sensitive else none_found)
    if f.identity_verified is not None:
        query = query.where(Case.identity_verified.is_(f.identity_verified))
    if f.needs_review:
        query = query.where(Case.review_reason.is_not(None))
    if f.due_from is not None:
        query = query.where(Case.due_internal >= f.due_from)
    if f.due_until is not None:
        query = query.where(Case.due_internal < f.due_until)
    if f.search:
        term = f.search.strip().lower()
        query = query.where(
            sa.or_(
                sa.func.lower(Case.reference).like(_like_pattern(term).lstrip("%"), escape="\\"),
                Case.requester_email.like(_like_pattern(term), escape="\\"),
            )
        )
    return query


def audit_query(f: AuditFilter) -> sa.sql.Select:
    """The SELECT behind ``CaseService.audit_events``, without order or page (see ``reading``)."""
    query = sa.select(AuditEvent)
    if f.case_reference is not None:
        query = query.where(AuditEvent.case_reference == f.case_reference.strip().upper())
    if f.staff_user_id is not None:
        query = query.where(AuditEvent.actor_staff_id == f.staff_user_id)
    if f.actions is not None:
        query = query.where(AuditEvent.action.in_(sorted(f.actions)))
    if f.since is not None:
        query = query.where(AuditEvent.created_at >= f.since)
    if f.until is not None:
        query = query.where(AuditEvent.created_at < f.until)
    return query


def _window(column: Any, since: datetime | None, until: datetime | None) -> list[Any]:
    window = []
    if since is not None:
        window.append(column >= since)
    if until is not None:
        window.append(column < until)
    return window


async def _grouped(session: AsyncSession, key: Any, *where: Any, by_type: bool = False) -> dict[Any, int]:
    query = sa.select(key, sa.func.count()).where(*where).group_by(key)
    if by_type:
        query = query.join(Case, Case.id == CaseRequestType.case_id)
    return {k: int(n) for k, n in (await session.execute(query)).all()}


async def _count(session: AsyncSession, *where: Any) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).select_from(Case).where(*where)) or 0)


def _duration(dialect: str) -> Any:
    """resolved_at - received_at as something the database can order by."""
    if dialect == "sqlite":
        return sa.func.julianday(Case.resolved_at) - sa.func.julianday(Case.received_at)
    return Case.resolved_at - Case.received_at


async def _resolved_figures(
    session: AsyncSession, window: list[Any]
) -> tuple[int, timedelta | None, float | None, float | None]:
    """How many were resolved, the median time to resolve, and the shares in time: all counted in SQL.

    The median reads only the middle one or two rows of the resolved cases ordered by duration.
    """
    resolved = [Case.resolved_at.is_not(None), *window]

    def within(deadline: Any) -> Any:
        return sa.func.coalesce(sa.func.sum(sa.case((Case.resolved_at <= deadline, 1), else_=0)), 0)

    row = (
        await session.execute(
            sa.select(sa.func.count(), within(Case.due_internal), within(Case.due_legal)).where(*resolved)
        )
    ).one()
    count, in_14, in_legal = int(row[0]), int(row[1]), int(row[2])
    if not count:
        return 0, None, None, None
    dialect = (await session.connection()).dialect.name
    middle = (
        await session.execute(
            sa.select(Case.received_at, Case.resolved_at)
            .where(*resolved)
            .order_by(_duration(dialect), Case.id)
            .offset((count - 1) // 2)
            .limit(2 - count % 2)
        )
    ).all()
    durations = [r.resolved_at - r.received_at for r in middle]
    return count, sum(durations, timedelta()) / len(durations), in_14 / count, in_legal / count


def week_starts(since: datetime, until: datetime, tz: ZoneInfo) -> list[date]:
    """The local Mondays of the ISO weeks that [since, until) touches."""
    first, last = local_date(since, tz), local_date(until - timedelta(microseconds=1), tz)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    if len(weeks) > MAX_WEEKS:
        raise ValueError(f"a period of more than {MAX_WEEKS} weeks")
    return weeks


def _week_of(column: Any, bounds: list[datetime]) -> Any:
    """The index of the week ``column`` falls in: CASE WHEN column < monday_1 THEN 0 ... ELSE n END."""
    if not bounds:
        return sa.literal(0)
    return sa.case(*[(column < bound, i) for i, bound in enumerate(bounds)], else_=len(bounds))


async def _per_week(session: AsyncSession, column: Any, bounds: list[datetime], *where: Any) -> dict[int, int]:
    # Grouped in an outer query: PostgreSQL would not see the CASE's bind parameters as the same expression.
    weeks = sa.select(_week_of(column, bounds).label("week")).where(*where).subquery()
    rows = await session.execute(sa.select(weeks.c.week, sa.func.count()).group_by(weeks.c.week))
    return {int(week): int(n) for week, n in rows.all()}


async def _weeks(session: AsyncSession, since: datetime, until: datetime, tz: ZoneInfo) -> tuple[WeekCount, ...]:
    """Cases received, and cases finished, per ISO week of [since, until).

    A case is finished when it left the open statuses: at ``resolved_at`` when it was
    answered, else ``closed_at``, else its last change (rejected, spam, duplicate).
    """
    mondays = week_starts(since, until, tz)
    bounds = [datetime.combine(d, time(0), tzinfo=tz).astimezone(timezone.utc) for d in mondays[1:]]
    received = await _per_week(session, Case.received_at, bounds, *_window(Case.received_at, since, until))
    finished_at = sa.func.coalesce(Case.resolved_at, Case.closed_at, Case.updated_at)
    finished = await _per_week(
        session, finished_at, bounds, Case.status.not_in(OPEN_STATUSES), *_window(finished_at, since, until)
    )
    return tuple(
        WeekCount(*monday.isocalendar()[:2], monday, received.get(i, 0), finished.get(i, 0))
        for i, monday in enumerate(mondays)
    )


async def compute_statistics(
    session: AsyncSession, since: datetime | None, until: datetime | None, *, now: datetime, tz: ZoneInfo
) -> CaseStatistics:
    """Figures for cases received in [since, until), the open cases now, and (with both ends) weeks."""
    window = _window(Case.received_at, since, until)
    is_open = Case.status.in_(OPEN_STATUSES)
    by_status = await _grouped(session, Case.status, *window)
    resolved, median, in_14, in_legal = await _resolved_figures(session, window)
    return CaseStatistics(
        total=sum(by_status.values()),
        by_status=by_status,
        by_type=await _grouped(session, CaseRequestType.request_type, *window, by_type=True),
        resolved=resolved,
        median_time_to_resolve=median,
        share_answered_within_14_days=in_14,
        share_answered_within_legal_deadline=in_legal,
        open_by_status=await _grouped(session, Case.status, is_open),
        open_by_type=await _grouped(session, CaseRequestType.request_type, is_open, by_type=True),
        overdue_internal=await _count(session, is_open, Case.due_internal < now),
        overdue_legal=await _count(session, is_open, Case.due_legal < now),
        weeks=await _weeks(session, since, until, tz) if since is not None and until is not None else (),
    )
