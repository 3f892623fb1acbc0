"""``personvern purge`` and the chat: conversations of purged cases, idle conversations, expired codes."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

import personvern.cli
from bot.cases import Actor, CaseRequest, CaseService, CaseStatus, Channel, Requester, RequestType
from bot.cases.models import AuditEvent, Case
from bot.crypto import cipher_for
from bot.verification import Verifier
from bot.verification.tables import code_sends, verifications
from chat.store import Conversation, ConversationStore
from chat.tables import conversations
from tests.support.db import *  # noqa: F403
from tests.support.db import TEST_RAW_MAIL_KEY


async def _count(engine, table) -> int:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.count()).select_from(table)))


async def _chat_case(service: CaseService, email: str) -> str:
    request = CaseRequest(requester=Requester(email=email, name=None), request_types=frozenset({RequestType.ACCESS}),
                          channel=Channel.CHAT, language="nb")
    return (await service.open_or_find_case_for_thread(request)).case.reference


async def _run_purge(monkeypatch: pytest.MonkeyPatch, url: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    for key, value in {"PERSONVERN_MODE": "local", "PERSONVERN_DATABASE_URL": url,
                       "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY, "PERSONVERN_SECRET_KEY": "test-secret"}.items():
        monkeypatch.setenv(key, value)
    assert await asyncio.to_thread(personvern.cli.main, ["purge", *args]) == 0
    return capsys.readouterr().out


async def test_purge_forgets_the_conversations_of_purged_cases_idle_conversations_and_expired_codes(
    case_service: CaseService, case_store_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = case_service.engine
    for table in (conversations, code_sends, verifications):
        async with engine.begin() as conn:
            await conn.execute(table.delete())
    old, kept = await _chat_case(case_service, "old@example.no"), await _chat_case(case_service, "kept@example.no")
    staff = await case_service.add_staff_user("h@cantec.no", "H", "handler", "et langt passord")
    await case_service.pick_up(old, staff.id)
    for status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        await case_service.transition(old, status, actor=Actor.staff(staff.id))
    now = datetime.now(timezone.utc)
    async with engine.begin() as conn:  # closed two years ago
        await conn.execute(sa.update(Case.__table__).where(Case.__table__.c.reference == old)
                           .values(closed_at=now - timedelta(days=730)))
    store = ConversationStore(engine, cipher_for(TEST_RAW_MAIL_KEY))
    await store.save("sender-old-case", Conversation(case_reference=old), now)  # recent, but its case goes
    await store.save("sender-kept-case", Conversation(case_reference=kept), now)
    await store.save("sender-idle", Conversation(), now - timedelta(hours=2))  # the session is long dead
    await store.save("sender-active", Conversation(), now - timedelta(minutes=5))
    stale = Verifier(engine, secret="s", clock=lambda: now - timedelta(hours=3))
    await stale.issue("old@example.no", client="c")
    await Verifier(engine, secret="s").issue("new@example.no", client="c")
    assert await _count(engine, verifications) == 2 and await _count(engine, code_sends) == 2

    out = await _run_purge(monkeypatch, case_store_url, capsys, "--dry-run")
    assert "1 chat conversation(s)" in out and await _count(engine, conversations) == 4  # nothing removed

    out = await _run_purge(monkeypatch, case_store_url, capsys)
    assert old in out and "1 chat conversation(s)" in out
    assert "1 idle conversation(s) and 2 expired verification record(s)" in out
    async with engine.connect() as conn:
        left = set((await conn.execute(sa.select(conversations.c.sender_key))).scalars())
        detail = (await conn.execute(sa.select(AuditEvent.detail).where(AuditEvent.action == "intake_records_purged"))
                  ).scalar_one()
    assert len(left) == 2  # the kept case's and the active one
    assert (await store.load("sender-kept-case")).case_reference == kept
    assert (await store.load("sender-active")).case_reference is None
    assert (await store.load("sender-old-case")).events == [] and (await store.load("sender-idle")).events == []
    assert detail["chat_conversations"] == 1
    assert await _count(engine, verifications) == 1 and await _count(engine, code_sends) == 1  # the fresh code stays
