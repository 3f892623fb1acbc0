"""Real SMTP on loopback: client -> intake -> case store -> outbox -> sink relay."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import AsyncIterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
import pytest_asyncio

from bot.cases import CaseService, Direction, RequestType
from bot.config import Settings
from intake.service import IntakeApp
from tests.intake.conftest import MAILBOX, fixture_bytes, free_port
from tests.intake.keyword_classifier import KeywordClassifier
from tests.intake.test_pipeline import make_settings
from tests.support.db import *  # noqa: F403

pytestmark = pytest.mark.slow


def loopback_settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(
        tmp_path,
        PERSONVERN_SMTP_PORT=str(free_port()),
        PERSONVERN_RELAY_PORT=str(free_port()),
        PERSONVERN_DATABASE_URL=database_url,
    )


@pytest_asyncio.fixture
async def running(case_service: CaseService, case_store_url: str, tmp_path: Path) -> AsyncIterator[IntakeApp]:
    settings = loopback_settings(tmp_path, case_store_url)
    app = await IntakeApp.build(
        settings, cases=case_service, classifier=KeywordClassifier(), sink=True, worker="e2e", poll_interval=0.05
    )
    from intake import tables

    async with case_service.engine.begin() as conn:
        for table in reversed(tables.metadata.sorted_tables):
            await conn.execute(table.delete())
    stop = asyncio.Event()
    task = asyncio.create_task(app.run(stop))
    await asyncio.sleep(0.2)
    yield app
    stop.set()
    await asyncio.wait_for(task, 30)


async def sink_messages(app: IntakeApp, count: int, timeout: float = 20.0) -> list[EmailMessage]:
    assert app.sink is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        files = app.sink.sink.messages()
        if len(files) >= count or loop.time() > deadline:
            return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]  # type: ignore[misc]
        await asyncio.sleep(0.05)


async def send(app: IntakeApp, raw: bytes, sender: str = "kari.nordmann@example.no") -> None:
    await aiosmtplib.send(raw, sender=sender, recipients=[MAILBOX], hostname="127.0.0.1", port=app.settings.smtp.port)


async def test_request_mail_becomes_case_and_reply(running: IntakeApp, case_service: CaseService) -> None:
    await send(running, fixture_bytes("access_nb.eml"))
    [reply] = await sink_messages(running, 1)
    reference = reply["Subject"].split("]")[0].lstrip("[")
    case = await case_service.get_case(reference)
    assert case.request_types == {RequestType.ACCESS}
    assert [m.direction for m in case.messages] == [Direction.INBOUND, Direction.OUTBOUND]
    assert reply["In-Reply-To"] == "<innsyn-nb-1@example.no>"
    assert reply["To"].addresses[0].addr_spec == "kari.nordmann@example.no"
    assert running.spool.counts() == {"new": 0, "processing": 0, "shunt": 0}


async def test_follow_up_over_smtp_threads_and_ooo_gets_nothing(running: IntakeApp, case_service: CaseService) -> None:
    await send(running, fixture_bytes("access_nb.eml"))
    [ack] = await sink_messages(running, 1)
    reference = ack["Subject"].split("]")[0].lstrip("[")
    for name in ("followup_template.eml", "out_of_office_template.eml"):
        raw = fixture_bytes(name).replace(b"{{REFERENCE}}", reference.encode())
        await send(running, raw.replace(b"{{IN_REPLY_TO}}", ack["Message-ID"].encode()))
    for _ in range(200):
        case = await case_service.get_case(reference)
        if sum(m.direction is Direction.INBOUND for m in case.messages) == 3:
            break
        await asyncio.sleep(0.05)
    assert sum(m.direction is Direction.INBOUND for m in case.messages) == 3
    assert len(await case_service.list_cases()) == 1
    assert len(await sink_messages(running, 2, timeout=0.5)) == 1  # no reply to either


@pytest.mark.skipif(shutil.which("swaks") is None, reason="swaks not installed (apt-get install -y swaks)")
async def test_swaks_delivery_and_relay_refusal(running: IntakeApp, case_service: CaseService, tmp_path: Path) -> None:
    port = str(running.settings.smtp.port)
    eml = tmp_path / "mail.eml"
    eml.write_bytes(fixture_bytes("erasure_nn.eml"))
    base = ["swaks", "--server", "127.0.0.1", "--port", port, "--from", "ola.nordmann@example.no", "--silent", "1"]
    refused = await asyncio.to_thread(
        subprocess.run, [*base, "--to", "someone@example.org", "--data", str(eml)], capture_output=True, text=True
    )
    assert refused.returncode != 0 and "550 5.1.1" in refused.stdout + refused.stderr
    accepted = await asyncio.to_thread(subprocess.run, [*base, "--to", MAILBOX, "--data", str(eml)], capture_output=True)
    assert accepted.returncode == 0
    [reply] = await sink_messages(running, 1)
    assert "Vi har fått førespurnaden din" in reply["Subject"]
    reference = reply["Subject"].split("]")[0].lstrip("[")
    case = await case_service.get_case(reference, with_messages=False)
    assert case.request_types == {RequestType.ERASURE} and case.language == "nn"
