"""A unit of work: a channel's own writes share the case store's transaction - both commit or neither."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.cases import Actor, CaseStatus, Channel, Direction, NewMessage
from bot.cases.models import AuditEvent, Case, Message
from bot.errors import DatabaseBusy


class Boom(RuntimeError):
    pass


async def _count(service, model) -> int:
    async with service.engine.connect() as connection:
        return await connection.scalar(sa.select(sa.func.count()).select_from(model))


async def test_a_channels_write_sees_the_new_case_before_commit(case_service, make_request, make_mail):
    async with case_service.unit_of_work() as uow:
        result = await uow.open_or_find_case_for_thread(make_request(), make_mail())
        # The case is visible inside the same transaction, before commit.
        seen = await uow.session.scalar(sa.select(Case.reference).where(Case.id == result.case.id))
    assert seen == result.case.reference
    assert (await case_service.get_case(seen)).status is CaseStatus.NEW


async def test_a_failing_channel_write_rolls_back_the_new_case(case_service, make_request, make_mail):
    with pytest.raises(Boom):
        async with case_service.unit_of_work() as uow:
            await uow.open_or_find_case_for_thread(make_request(), make_mail())
            raise Boom("the ledger row could not be written")
    assert await _count(case_service, Case) == 0
    assert await _count(case_service, Message) == 0
    assert await _count(case_service, AuditEvent) == 0


async def test_a_failing_channel_write_rolls_back_the_added_message(case_service, make_request, make_mail):
    opened = await case_service.open_or_find_case_for_thread(make_request(), make_mail())
    reply = NewMessage(direction=Direction.OUTBOUND, channel=Channel.EMAIL, text="Svar", message_id="<out1@cantec.no>")
    with pytest.raises(Boom):
        async with case_service.unit_of_work() as uow:
            stored = await uow.add_message(opened.case.reference, reply, actor=Actor.system())
            assert stored.created
            raise Boom("the outbox row could not be written")
    assert await _count(case_service, Message) == 1  # only the inbound mail


async def test_events_and_transitions_commit_with_the_unit(case_service, make_request, make_mail):
    opened = await case_service.open_or_find_case_for_thread(make_request(), make_mail())
    reference = opened.case.reference
    before = await _count(case_service, AuditEvent)
    async with case_service.unit_of_work() as uow:
        await uow.record_event(reference, "reply_bounced", recipients=1)
        await uow.transition(reference, CaseStatus.IN_PROGRESS, actor=Actor.system(), reason="test")
    actions = [e.action for e in await case_service.audit_trail(reference)]
    assert await _count(case_service, AuditEvent) > before
    assert "reply_bounced" in actions and actions.index("reply_bounced") < len(actions) - 1  # the transition after
    assert (await case_service.get_case(reference)).status is CaseStatus.IN_PROGRESS


async def test_run_retries_a_busy_database_and_gives_up_after_the_cap(case_service):
    calls = []

    async def busy(uow):
        calls.append(1)
        raise DatabaseBusy("locked")

    with pytest.raises(DatabaseBusy):
        await case_service.run(busy)
    assert len(calls) == case_service._max_attempts > 1


def _chat_entry(index: int, direction: Direction, text: str) -> NewMessage:
    return NewMessage(direction=direction, channel=Channel.CHAT, text=text, masked_text=text,
                      message_id=f"<chat.visitor.{index}@cantec.no>")


async def test_a_batch_of_messages_is_stored_once_each_with_its_own_trail_event(case_service, make_request, make_mail):
    reference = (await case_service.open_or_find_case_for_thread(make_request(), make_mail())).case.reference
    first = [_chat_entry(0, Direction.INBOUND, "Hei"), _chat_entry(1, Direction.OUTBOUND, "Hei! Hva kan jeg hjelpe med?")]
    assert await case_service.run(lambda uow: uow.add_messages(reference, first)) == 2
    again = [*first, _chat_entry(2, Direction.INBOUND, "Innsyn, takk")]
    assert await case_service.run(lambda uow: uow.add_messages(reference, again)) == 1  # the first two are there
    case = await case_service.get_case(reference)
    chat = [m for m in case.messages if m.channel is Channel.CHAT]
    assert [m.masked_text for m in chat] == ["Hei", "Hei! Hva kan jeg hjelpe med?", "Innsyn, takk"]
    added = [e for e in await case_service.audit_trail(reference) if e.action == "message_added"
             and e.detail.get("channel") == "chat"]
    assert [(e.actor_kind.value, e.detail["direction"]) for e in added] == [
        ("requester", "in"), ("system", "out"), ("requester", "in")]


async def test_a_batch_takes_no_notes_and_nothing_outbound_on_a_closed_case(case_service, make_request, make_mail):
    from bot.cases import NotAllowed

    reference = (await case_service.open_or_find_case_for_thread(make_request(), make_mail())).case.reference
    note = NewMessage(direction=Direction.NOTE, channel=Channel.STAFF, text="intern")
    with pytest.raises(NotAllowed):
        await case_service.run(lambda uow: uow.add_messages(reference, [note]))
    await case_service.transition(reference, CaseStatus.SPAM, actor=Actor.system(), reason="spam")
    await case_service.transition(reference, CaseStatus.CLOSED, actor=Actor.system(), reason="spam")
    with pytest.raises(NotAllowed):
        await case_service.run(lambda uow: uow.add_messages(reference, [_chat_entry(5, Direction.OUTBOUND, "Svar")]))
    assert await case_service.run(lambda uow: uow.add_messages(reference, [_chat_entry(6, Direction.INBOUND, "Hallo?")])) == 1


async def test_a_batch_stores_what_one_by_one_stores(case_service, make_request, make_mail):
    """The transcript's multi-row insert: the same rows, case fields and trail as adding each message alone."""
    from datetime import datetime, timedelta, timezone

    start = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
    entries = [
        NewMessage(direction=direction, channel=Channel.CHAT, text=f"tekst {index}", masked_text=f"maskert {index}",
                   message_id=f"<chat.v.{index}@cantec.no>", at=start + timedelta(seconds=index))
        for index, direction in enumerate([Direction.INBOUND, Direction.OUTBOUND, Direction.INBOUND, Direction.OUTBOUND])
    ]
    batched = (await case_service.open_or_find_case_for_thread(make_request(), make_mail())).case.reference
    single = (await case_service.open_or_find_case_for_thread(
        make_request("en.annen@example.org"), make_mail(2, sender="en.annen@example.org"))).case.reference
    assert await case_service.run(lambda uow: uow.add_messages(batched, entries)) == 4
    for entry in entries:
        await case_service.add_message(single, entry)

    def rows(case):  # type: ignore[no-untyped-def]
        return [(m.direction, m.channel, m.message_id, m.masked_text, m.created_at, m.sender,
                 case_service.config.cipher.decrypt_text(m.text_ciphertext))
                for m in sorted(case.messages, key=lambda m: m.id) if m.channel is Channel.CHAT]

    one, other = await case_service.get_case(batched), await case_service.get_case(single)
    assert rows(one) == rows(other)
    assert one.last_inbound_at == other.last_inbound_at == start + timedelta(seconds=2)
    for reference, case in ((batched, one), (single, other)):
        trail = [e for e in await case_service.audit_trail(reference) if e.action == "message_added"]
        by_pk = {m.id: m.message_id for m in case.messages}
        assert [by_pk[e.detail["message_pk"]] for e in trail][-4:] == [e.message_id for e in entries]
        assert [(e.actor_kind.value, e.detail["direction"]) for e in trail][-4:] == [
            ("requester", "in"), ("system", "out"), ("requester", "in"), ("system", "out")]
