"""References are sequential per year and unique under concurrent writers; failed work leaves nothing."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from bot.cases import CaseService, RequestType, find_reference
from bot.cases import threads as threading_rule
from bot.cases.models import AuditEvent, Case, Message, ReferenceCounter
from bot.cases.references import format_reference
from bot.errors import DatabaseBusy, DatabaseUnavailable


def test_format_and_find_reference():
    assert format_reference(2025, 7) == "PV-2025-0007"
    assert format_reference(2025, 12345) == "PV-2025-12345"
    assert find_reference("SV: Re: [pv-2025-0042] Innsyn") == "PV-2025-0042"
    assert find_reference("Ordre 2025-0042") is None
    assert find_reference(None) is None


async def _count(service: CaseService, model) -> int:
    async with service.engine.connect() as connection:
        return await connection.scalar(sa.select(sa.func.count()).select_from(model))


async def test_fifty_concurrent_openings_get_fifty_distinct_sequential_references(case_service, make_request):
    requests = [make_request(f"person{i}@example.org") for i in range(50)]
    results = await asyncio.gather(*(case_service.open_or_find_case_for_thread(r) for r in requests))
    references = [r.case.reference for r in results]
    assert len(set(references)) == 50
    assert sorted(references) == [f"PV-2025-{n:04d}" for n in range(1, 51)]
    assert all(r.created for r in results)


async def test_reference_year_follows_oslo_time_and_restarts_each_year(case_service, make_request):
    late = datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc)  # already 2026 in Oslo
    first = await case_service.open_or_find_case_for_thread(make_request("a@example.org", received_at=late))
    second = await case_service.open_or_find_case_for_thread(make_request("b@example.org"))
    assert first.case.reference == "PV-2026-0001"
    assert second.case.reference == "PV-2025-0001"


class Boom(RuntimeError):
    pass


async def test_exception_mid_way_leaves_no_half_written_case(
    case_service, make_request, make_mail, monkeypatch
):
    async def explode(*args, **kwargs):
        raise Boom("disk on fire")

    # The case row is flushed before its first message is stored; fail right there.
    monkeypatch.setattr(threading_rule, "attach_message", explode)
    with pytest.raises(Boom):
        await case_service.open_or_find_case_for_thread(make_request(), make_mail())
    monkeypatch.undo()

    assert await _count(case_service, Case) == 0
    assert await _count(case_service, Message) == 0
    assert await _count(case_service, AuditEvent) == 0
    again = await case_service.open_or_find_case_for_thread(make_request(), make_mail())
    assert again.case.reference == "PV-2025-0001"  # the number was given back


async def test_cancelled_task_mid_way_leaves_no_half_written_case(
    case_service, make_request, make_mail, monkeypatch
):
    reached = asyncio.Event()
    original = threading_rule.attach_message

    async def stall(*args, **kwargs):
        reached.set()
        await asyncio.sleep(3600)
        return await original(*args, **kwargs)

    monkeypatch.setattr(threading_rule, "attach_message", stall)
    task = asyncio.create_task(case_service.open_or_find_case_for_thread(make_request(), make_mail()))
    await asyncio.wait_for(reached.wait(), timeout=30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.undo()

    assert await _count(case_service, Case) == 0
    assert await _count(case_service, Message) == 0
    async with case_service.engine.connect() as connection:
        assert (
            await connection.scalar(sa.select(sa.func.coalesce(sa.func.max(ReferenceCounter.last_value), 0)))
            == 0
        )
    again = await case_service.open_or_find_case_for_thread(make_request(), make_mail())
    assert again.case.reference == "PV-2025-0001"


async def test_requests_are_distinct_cases_until_types_overlap(case_service, make_request):
    access = await case_service.open_or_find_case_for_thread(
        make_request("ola@example.org", RequestType.ACCESS)
    )
    erasure = await case_service.open_or_find_case_for_thread(
        make_request("ola@example.org", RequestType.ERASURE)
    )
    assert access.case.reference != erasure.case.reference


async def test_transient_lock_errors_are_retried_and_others_are_not(case_service):
    attempts = []
    locked = sa.exc.OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    async def flaky(uow):
        attempts.append(1)
        if len(attempts) < 3:
            raise locked  # raw, as a statement inside the unit of work raises it
        return 42

    assert await case_service.run(flaky) == 42 and len(attempts) == 3

    broken = sa.exc.OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: cases"))

    async def fails(uow):
        attempts.append(1)
        raise broken

    attempts.clear()
    with pytest.raises(DatabaseUnavailable) as caught:
        await case_service.run(fails)
    assert len(attempts) == 1 and caught.value.__cause__ is broken

    async def always_locked(uow):
        attempts.append(1)
        raise locked

    attempts.clear()
    with pytest.raises(DatabaseBusy):
        await case_service.run(always_locked)
    assert len(attempts) == case_service._max_attempts


async def test_simultaneous_mails_of_one_person_open_one_case(case_service, case_store_url, make_request, make_mail):
    """Two instances (two engines) and many mails at the same instant: still one case (both databases)."""
    from tests.support.db import make_case_service

    other = make_case_service(case_store_url, clock=case_service._clock)
    try:
        services = [case_service, other]
        results = await asyncio.gather(
            *(services[n % 2].open_or_find_case_for_thread(make_request(), make_mail(100 + n)) for n in range(12))
        )
    finally:
        await other.dispose()
    assert len({r.case.reference for r in results}) == 1
    assert sum(r.created for r in results) == 1
    case = await case_service.get_case(results[0].case.reference)
    assert len(case.messages) == 12  # every mail kept on it
