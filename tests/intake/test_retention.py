"""``personvern purge`` removes what the email channel kept about a purged case, and nothing else."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

import personvern.cli
from bot.cases import Actor, CaseService, CaseStatus
from bot.cases.models import AuditEvent, Case
from intake.spool import Envelope
from intake.tables import intake_messages, outbox
from tests.intake.conftest import fixture_bytes
from tests.intake.test_pipeline import Harness, harness  # noqa: F401  (fixture)
from tests.support.db import *  # noqa: F403
from tests.support.db import TEST_RAW_MAIL_KEY


async def _count(engine, table, reference: str) -> int:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.count()).select_from(table).where(table.c.case_reference == reference)))


async def test_purge_takes_the_outbox_rows_ledger_entries_and_spool_files_of_purged_cases(
    harness: Harness,  # noqa: F811
    case_service: CaseService,
    case_store_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = await harness.deliver(fixture_bytes("access_nb.eml"))
    kept = await harness.deliver(fixture_bytes("erasure_nn.eml"))
    engine = case_service.engine
    assert await _count(engine, outbox, old.case_reference) == 1 and await _count(engine, intake_messages, old.case_reference) == 1
    # A shunted copy of the old mail (as if a re-delivery had failed) carries the same spool id.
    spool_id = old.spool_id
    harness.spool.store(b"Subject: x\r\n\r\nold\r\n", Envelope("kari.nordmann@example.no", ()), spool_id=spool_id)
    [path] = harness.spool.claim("t")
    harness.spool.shunt(path, "test")
    staff = await case_service.add_staff_user("h@cantec.no", "H", "handler", "et langt passord")
    await case_service.pick_up(old.case_reference, staff.id)
    await case_service.transition(old.case_reference, CaseStatus.RESOLVED, actor=Actor.staff(staff.id))
    await case_service.transition(old.case_reference, CaseStatus.CLOSED, actor=Actor.staff(staff.id))
    async with engine.begin() as conn:  # closed two years ago
        await conn.execute(
            sa.update(Case.__table__).where(Case.__table__.c.reference == old.case_reference)
            .values(closed_at=datetime.now(timezone.utc) - timedelta(days=730))
        )
    for key, value in {
        "PERSONVERN_MODE": "local",
        "PERSONVERN_DATABASE_URL": case_store_url,
        "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY,
        "PERSONVERN_SECRET_KEY": "test-secret",
        "PERSONVERN_SMTP_SPOOL_DIR": str(harness.spool.root),
    }.items():
        monkeypatch.setenv(key, value)
    assert await asyncio.to_thread(personvern.cli.main, ["purge"]) == 0  # the CLI runs its own event loop
    out = capsys.readouterr().out
    assert old.case_reference in out and "1 queued or sent repl(ies), 1 intake record(s)" in out
    assert await _count(engine, outbox, old.case_reference) == 0
    assert await _count(engine, intake_messages, old.case_reference) == 0
    assert spool_id not in harness.spool.shunted()
    assert not any(name.startswith(spool_id) for name in os.listdir(harness.spool.root / "shunt"))
    # The other case keeps everything.
    assert await _count(engine, outbox, kept.case_reference) == 1
    assert await _count(engine, intake_messages, kept.case_reference) == 1
    async with engine.connect() as conn:
        actions = (await conn.execute(sa.select(AuditEvent.action))).scalars().all()
    assert "case_purged" in actions and "intake_records_purged" in actions
