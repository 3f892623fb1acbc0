"""Encryption at rest, the append-only audit trail, staff passwords, retention purge."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from cryptography.fernet import Fernet
from sqlalchemy.exc import DBAPIError

from bot.cases import (
    Actor,
    Attachment,
    AuditTrailIsAppendOnly,
    CaseStatus,
    MailCipher,
    MailDecryptionFailed,
    NotAllowed,
    StaffUserExists,
)
from bot.cases.models import AuditEvent, Case, Message, RawMail, StaffUser
from bot.cases.passwords import hash_password, needs_rehash, verify_password
from tests.support.db import make_case_service

FNR = "01017012345"  # synthetic, not a valid fødselsnummer
PASSWORD = "korrekt hest batteri stift"
RAW = (
    b"From: Kari Nordmann <kari.nordmann@example.org>\r\nTo: personvern@cantec.no\r\n"
    b"Subject: Innsyn\r\nMessage-ID: <msg1@example.org>\r\n\r\nMitt personnummer er "
    + FNR.encode()
    + b".\r\n"
)


@pytest.fixture
async def handler(case_service):
    return await case_service.add_staff_user("hanne.handler@cantec.no", "Hanne Handler", "handler", PASSWORD)


@pytest.fixture
async def sensitive_case(case_service, make_request, make_mail):
    mail = make_mail(
        1,
        text=f"Mitt personnummer er {FNR}.",
        masked_text="Mitt personnummer er [fødselsnummer].",
        raw_mail=RAW,
        attachments=(Attachment("legeerklaering.pdf", "application/pdf", 1234),),
    )
    return await case_service.open_or_find_case_for_thread(make_request(), mail)


async def _raw_rows(service, query):
    async with service.engine.connect() as connection:
        return (await connection.execute(query)).all()


async def test_raw_mail_and_unmasked_text_are_not_stored_in_clear(case_service, sensitive_case):
    raws = await _raw_rows(case_service, sa.select(RawMail.__table__))
    messages = await _raw_rows(case_service, sa.select(Message.__table__))
    assert len(raws) == 1 and len(messages) == 1
    stored = bytes(raws[0].ciphertext)
    assert FNR.encode() not in stored and b"Kari" not in stored and raws[0].size == len(RAW)
    row = messages[0]
    assert FNR.encode() not in bytes(row.text_ciphertext)
    assert row.masked_text == "Mitt personnummer er [fødselsnummer]."
    assert row.raw_location == "db"
    assert row.attachments == [
        {"filename": "legeerklaering.pdf", "content_type": "application/pdf", "size": 1234}
    ]
    # Nothing anywhere in the clear: search every text column of every row.
    for table in (Case, Message, AuditEvent):
        for r in await _raw_rows(case_service, sa.select(table.__table__)):
            assert FNR not in repr(tuple(r))


async def test_unmasked_text_is_readable_only_through_an_audited_view(case_service, handler, sensitive_case):
    ref = sensitive_case.case.reference
    before = len(await case_service.audit_trail(ref))
    texts = await case_service.record_unmasked_view(ref, handler.id)
    assert [t.text for t in texts] == [f"Mitt personnummer er {FNR}."]
    raw = await case_service.read_raw_mail(sensitive_case.message.id, handler.id)
    assert raw == RAW
    trail = await case_service.audit_trail(ref)
    assert [e.action for e in trail[before:]] == ["unmasked_viewed", "raw_mail_viewed"]
    assert trail[before].actor_staff_id == handler.id and trail[before].detail["message_pks"] == [
        texts[0].message_pk
    ]

    viewer = await case_service.add_staff_user("vera.viewer@cantec.no", "Vera", "viewer", PASSWORD)
    with pytest.raises(NotAllowed):
        await case_service.record_unmasked_view(ref, viewer.id)


async def test_a_wrong_key_cannot_decrypt(case_service, case_store_url, handler, sensitive_case):
    other = make_case_service(case_store_url, raw_mail_key=Fernet.generate_key().decode())
    try:
        with pytest.raises(MailDecryptionFailed):
            await other.record_unmasked_view(sensitive_case.case.reference, handler.id)
    finally:
        await other.dispose()


def test_key_rotation_decrypts_old_tokens():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = MailCipher(old).encrypt(b"gammel post")
    assert MailCipher(f"{new},{old}").decrypt(token) == b"gammel post"
    with pytest.raises(ValueError):
        MailCipher("not-a-key")


async def test_audit_events_cannot_be_changed_through_the_orm(case_service, sensitive_case):
    async with case_service._sessions() as session:
        event = await session.scalar(sa.select(AuditEvent).limit(1))
        event.action = "nothing_happened"
        with pytest.raises(AuditTrailIsAppendOnly):
            await session.flush()
        await session.rollback()
        event = await session.scalar(sa.select(AuditEvent).limit(1))
        await session.delete(event)
        with pytest.raises(AuditTrailIsAppendOnly):
            await session.flush()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_events SET action = 'nothing_happened'", "DELETE FROM audit_events"],
)
async def test_audit_events_cannot_be_changed_in_sql(case_service, sensitive_case, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        async with case_service.engine.begin() as connection:
            await connection.exec_driver_sql(statement)
    trail = await case_service.audit_trail(sensitive_case.case.reference)
    assert [e.action for e in trail] == ["case_opened", "message_added"]


@pytest.mark.real_argon2
def test_argon2_hash_verifies_only_the_right_password():
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "!")
    assert not verify_password("not a hash", PASSWORD)
    with pytest.raises(ValueError, match="at least"):
        hash_password("kort")


@pytest.mark.real_argon2
async def test_weak_hashes_are_upgraded_at_login(case_service):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    user = await case_service.add_staff_user("olga@cantec.no", "Olga", "admin", PASSWORD)
    async with case_service.engine.begin() as connection:
        await connection.execute(sa.update(StaffUser.__table__).values(password_hash=weak))
    assert needs_rehash(weak)
    again = await case_service.authenticate("olga@cantec.no", PASSWORD)
    assert again.id == user.id and again.password_hash != weak and not needs_rehash(again.password_hash)
    assert verify_password(again.password_hash, PASSWORD)


async def test_staff_authentication(case_service, handler):
    assert handler.password_hash.startswith("$argon2id$")
    user = await case_service.authenticate("Hanne.Handler@cantec.no", PASSWORD)
    assert user is not None and user.id == handler.id and user.last_login_at is not None
    assert await case_service.authenticate("hanne.handler@cantec.no", "feil passord her") is None
    assert await case_service.authenticate("nobody@cantec.no", PASSWORD) is None
    with pytest.raises(StaffUserExists):
        await case_service.add_staff_user("HANNE.handler@cantec.no", "Again", "admin", PASSWORD)


async def _close(service, ref, staff_id):
    actor = Actor.staff(staff_id)
    await service.pick_up(ref, staff_id)
    await service.transition(ref, CaseStatus.RESOLVED, actor=actor)
    return await service.transition(ref, CaseStatus.CLOSED, actor=actor)


async def test_purge_removes_old_closed_cases_with_messages_and_raw_mail(
    case_service, case_clock, handler, sensitive_case, make_request, make_mail
):
    old_ref = sensitive_case.case.reference
    await _close(case_service, old_ref, handler.id)
    case_clock.advance(days=200)
    recent = await case_service.open_or_find_case_for_thread(make_request("ola@example.net"), make_mail(2))
    await _close(case_service, recent.case.reference, handler.id)
    still_open = await case_service.open_or_find_case_for_thread(
        make_request("per@example.net"), make_mail(3)
    )
    case_clock.advance(days=200)  # old: closed 400 days ago; recent: 200 days ago

    dry = await case_service.purge(dry_run=True)
    assert dry.references == (old_ref,) and dry.dry_run
    assert len(await _raw_rows(case_service, sa.select(Case.__table__))) == 3

    report = await case_service.purge()
    assert report.references == (old_ref,)
    remaining = {r.reference for r in await _raw_rows(case_service, sa.select(Case.__table__))}
    assert remaining == {recent.case.reference, still_open.case.reference}
    assert await _raw_rows(case_service, sa.select(RawMail.__table__)) == []
    purged_messages = await _raw_rows(
        case_service, sa.select(Message.__table__).where(Message.case_id == sensitive_case.case.id)
    )
    assert purged_messages == []
    trail = await case_service.audit_trail(old_ref)
    assert trail[-1].action == "case_purged" and trail[0].action == "case_opened"  # the trail itself stays
    assert (await case_service.purge()).references == ()
