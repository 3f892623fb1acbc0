"""``also=``: a caller's extra writes share the case store's transaction - both commit or neither."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.cases import Actor, Channel, Direction, NewMessage
from bot.cases.models import AuditEvent, Case, Message


class Boom(RuntimeError):
    pass


async def _count(service, model) -> int:
    async with service.engine.connect() as connection:
        return await connection.scalar(sa.select(sa.func.count()).select_from(model))


async def test_also_runs_in_the_opening_transaction_and_sees_the_result(case_service, make_request, make_mail):
    seen = []

    async def also(session, result):
        # The case is visible inside the same transaction, before commit.
        seen.append(await session.scalar(sa.select(Case.reference).where(Case.id == result.case.id)))

    result = await case_service.open_or_find_case_for_thread(make_request(), make_mail(), also=also)
    assert seen == [result.case.reference]


async def test_a_failing_also_rolls_back_the_new_case(case_service, make_request, make_mail):
    async def boom(session, result):
        raise Boom("the ledger row could not be written")

    with pytest.raises(Boom):
        await case_service.open_or_find_case_for_thread(make_request(), make_mail(), also=boom)
    assert await _count(case_service, Case) == 0
    assert await _count(case_service, Message) == 0
    assert await _count(case_service, AuditEvent) == 0


async def test_a_failing_also_rolls_back_the_added_message(case_service, make_request, make_mail):
    opened = await case_service.open_or_find_case_for_thread(make_request(), make_mail())
    reply = NewMessage(direction=Direction.OUTBOUND, channel=Channel.EMAIL, text="Svar", message_id="<out1@cantec.no>")

    async def boom(session, stored):
        assert stored.created
        raise Boom("the outbox row could not be written")

    with pytest.raises(Boom):
        await case_service.add_message(opened.case.reference, reply, actor=Actor.system(), also=boom)
    assert await _count(case_service, Message) == 1  # only the inbound mail
