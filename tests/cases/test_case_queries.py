"""Listing, deadline queries, statistics, and migrations that match the models."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.cases import Actor, CaseFilter, CaseStatus, Channel, RequestType, create_engine_from_url
from bot.cases.models import metadata
from bot.verification.tables import metadata as verification_metadata
from chat.tables import metadata as chat_metadata
from intake.tables import metadata as intake_metadata
from personvern.schema import current_revision, head_revision, upgrade_async
from tests.support.db import sqlite_url


@pytest.fixture
async def handler(case_service):
    return await case_service.add_staff_user(
        "hanne.handler@cantec.no", "Hanne Handler", "handler", "et langt passord"
    )


async def _open(service, make_request, email, *types, **kwargs):
    return (await service.open_or_find_case_for_thread(make_request(email, *types, **kwargs))).case


async def test_list_filters_and_sorts_by_deadline(case_service, case_clock, handler, make_request):
    a = await _open(case_service, make_request, "a@example.org", RequestType.ACCESS)
    case_clock.advance(days=1)
    b = await _open(case_service, make_request, "b@example.org", RequestType.ERASURE, channel=Channel.CHAT)
    case_clock.advance(days=1)
    c = await _open(case_service, make_request, "c@example.org", RequestType.ERASURE, RequestType.ACCESS)
    await case_service.pick_up(b.reference, handler.id)

    refs = lambda cases: [x.reference for x in cases]  # noqa: E731
    assert refs(await case_service.list_cases()) == [a.reference, b.reference, c.reference]
    assert refs(await case_service.list_cases(CaseFilter(descending=True, limit=2))) == [
        c.reference,
        b.reference,
    ]
    assert refs(await case_service.list_cases(CaseFilter(request_type=RequestType.ERASURE))) == [
        b.reference,
        c.reference,
    ]
    assert refs(await case_service.list_cases(CaseFilter(statuses=frozenset({CaseStatus.NEW})))) == [
        a.reference,
        c.reference,
    ]
    assert refs(await case_service.list_cases(CaseFilter(assignee_id=handler.id))) == [b.reference]
    assert refs(await case_service.list_cases(CaseFilter(unassigned=True, offset=1))) == [c.reference]
    assert refs(await case_service.list_cases(CaseFilter(channel=Channel.CHAT))) == [b.reference]
    assert refs(await case_service.list_cases(CaseFilter(requester_email="C@example.org"))) == [c.reference]
    with pytest.raises(ValueError):
        CaseFilter(order_by="requester_email")


async def test_overdue_and_due_soon_look_at_open_cases_only(case_service, case_clock, handler, make_request):
    old = await _open(case_service, make_request, "a@example.org")
    case_clock.advance(days=12)
    young = await _open(case_service, make_request, "b@example.org")
    done = await _open(case_service, make_request, "c@example.org")
    await case_service.pick_up(done.reference, handler.id)
    await case_service.transition(done.reference, CaseStatus.REJECTED, actor=Actor.staff(handler.id))

    assert await case_service.list_overdue() == []
    soon = await case_service.list_due_soon(within=timedelta(days=3))
    assert [c.reference for c in soon] == [old.reference]

    case_clock.now = old.due_internal + timedelta(seconds=1)
    assert [c.reference for c in await case_service.list_overdue()] == [old.reference]
    assert await case_service.list_overdue(deadline="legal") == []
    assert [c.reference for c in await case_service.list_due_soon(within=timedelta(days=13))] == [
        young.reference
    ]
    case_clock.now = young.due_legal + timedelta(seconds=1)
    assert [c.reference for c in await case_service.list_overdue(deadline="legal")] == [
        old.reference,
        young.reference,
    ]


async def test_statistics(case_service, case_clock, handler, make_request):
    actor = Actor.staff(handler.id)
    fast = await _open(case_service, make_request, "a@example.org", RequestType.ACCESS)
    slow = await _open(case_service, make_request, "b@example.org", RequestType.ERASURE, RequestType.ACCESS)
    await _open(case_service, make_request, "c@example.org", RequestType.QUESTION)
    for ref in (fast.reference, slow.reference):
        await case_service.pick_up(ref, handler.id)
    case_clock.advance(days=2)
    await case_service.transition(fast.reference, CaseStatus.RESOLVED, actor=actor)
    case_clock.advance(days=18)
    await case_service.transition(slow.reference, CaseStatus.RESOLVED, actor=actor)

    stats = await case_service.statistics()
    assert stats.total == 3 and stats.resolved == 2
    assert stats.by_status == {CaseStatus.RESOLVED: 2, CaseStatus.NEW: 1}
    assert stats.by_type == {RequestType.ACCESS: 2, RequestType.ERASURE: 1, RequestType.QUESTION: 1}
    assert stats.median_time_to_resolve == timedelta(days=11)
    assert stats.share_answered_within_14_days == 0.5
    assert stats.share_answered_within_legal_deadline == 1.0
    empty = await case_service.statistics(since=case_clock.now)
    assert (
        empty.total == 0
        and empty.median_time_to_resolve is None
        and empty.share_answered_within_14_days is None
    )


def _diff(connection):
    # The migrations also create the email intake's tables (revision 0002) and the chat's (0006).
    return compare_metadata(
        MigrationContext.configure(connection, opts={"compare_type": True}),
        [metadata, intake_metadata, verification_metadata, chat_metadata],
    )


async def test_migrations_are_at_head_and_match_the_models(case_service):
    assert await current_revision(case_service.engine) == head_revision()
    async with case_service.engine.connect() as connection:
        assert await connection.run_sync(_diff) == []


async def test_upgrade_async_creates_the_schema_from_inside_an_event_loop(tmp_path):
    engine = create_engine_from_url(sqlite_url(tmp_path / "fresh.db"))
    try:
        assert await current_revision(engine) is None
        await upgrade_async(engine)
        await upgrade_async(engine)  # idempotent
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()
