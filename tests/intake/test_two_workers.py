"""Two intake instances on one database: a message delivered to both is processed once.

Each instance has its own listener and spool (local disk) and its own engine;
the ledger's unique Message-ID claim decides which one processes the mail.
"""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest

from bot.cases import CaseService, Direction
from intake import tables
from intake.service import IntakeApp
from tests.intake.conftest import MAILBOX, free_port
from tests.intake.keyword_classifier import KeywordClassifier
from tests.intake.test_end_to_end import sink_messages
from tests.intake.test_pipeline import make_settings
from tests.support.db import *  # noqa: F403
from tests.support.db import FakeClock, make_case_service

pytestmark = pytest.mark.slow


def request(n: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Person {n} <person{n}@example.no>"
    msg["To"] = MAILBOX
    msg["Subject"] = "Innsyn"
    msg["Message-ID"] = f"<twice-{n}@example.no>"
    msg.set_content("Jeg ber om innsyn i personopplysningene dere har om meg.")
    return bytes(msg)


async def test_mail_delivered_to_both_workers_is_processed_once(
    case_service: CaseService, case_store_url: str, case_clock: FakeClock, tmp_path: Path
) -> None:
    async with case_service.engine.begin() as conn:  # PostgreSQL keeps one database per session
        for table in reversed(tables.metadata.sorted_tables):
            await conn.execute(table.delete())
    relay_port = str(free_port())
    apps = []
    for name in ("a", "b"):
        settings = make_settings(
            tmp_path / name,
            PERSONVERN_SMTP_PORT=str(free_port()),
            PERSONVERN_RELAY_PORT=relay_port,
            PERSONVERN_RELAY_SINK_DIR=str(tmp_path / "sink"),
            PERSONVERN_DATABASE_URL=case_store_url,
        )
        cases = case_service if name == "a" else make_case_service(case_store_url, clock=case_clock)
        apps.append(
            await IntakeApp.build(
                settings, cases=cases, classifier=KeywordClassifier(), sink=name == "a", worker=name, poll_interval=0.02
            )
        )
    assert apps[0].spool.root != apps[1].spool.root
    stop = asyncio.Event()
    tasks = [asyncio.create_task(app.run(stop)) for app in apps]
    try:
        await asyncio.sleep(0.2)
        count = 4
        await asyncio.gather(
            *(
                aiosmtplib.send(request(n), sender=f"person{n}@example.no", recipients=[MAILBOX],
                                hostname="127.0.0.1", port=app.settings.smtp.port)
                for n in range(count)
                for app in apps
            )
        )
        replies = await sink_messages(apps[0], count)
        for _ in range(400):  # both spools drained: the loser of each race is done too
            if all(app.spool.counts() == {"new": 0, "processing": 0, "shunt": 0} for app in apps):
                break
            await asyncio.sleep(0.02)
        assert all(app.spool.counts() == {"new": 0, "processing": 0, "shunt": 0} for app in apps)
        processed = [app.runner.stats.processed for app in apps]
        assert sum(processed) == 2 * count  # every copy went through the pipeline
        await asyncio.sleep(0.3)  # a second reply, were one queued, would reach the sink by now
        replies = await sink_messages(apps[0], count + 1, timeout=0.5)
    finally:
        stop.set()
        await asyncio.gather(*(asyncio.wait_for(t, 30) for t in tasks))

    assert sorted(r["To"].addresses[0].addr_spec for r in replies) == [f"person{n}@example.no" for n in range(count)]
    service = make_case_service(case_store_url, clock=case_clock)
    try:
        cases = await service.list_cases()
        assert len(cases) == count
        for case in cases:
            full = await service.get_case(case.reference)
            directions = [m.direction for m in full.messages]
            assert directions.count(Direction.INBOUND) == 1 and directions.count(Direction.OUTBOUND) == 1
        async with service.engine.connect() as conn:
            outcomes = (await conn.execute(tables.intake_messages.select())).all()
        assert len(outcomes) == count and {row.status for row in outcomes} == {"done"}
    finally:
        await service.dispose()
