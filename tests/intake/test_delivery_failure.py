"""A reply the outbox finally gives up on is recorded on its case and shown by ``cases show``."""

from __future__ import annotations

import asyncio
import json

import pytest

import personvern.cli
from bot.cases import CaseService
from intake.delivery import DELIVERY_FAILED, DeliveryFailureRecorder
from intake.outbox import Outbox, OutboxSender, RelayConfig
from tests.intake import test_pipeline
from tests.intake.conftest import fixture_bytes, free_port
from tests.intake.test_pipeline import Harness
from tests.support.db import *  # noqa: F403
from tests.support.db import TEST_RAW_MAIL_KEY

harness = test_pipeline.harness  # the pipeline tests' fixture: settings, services, a spool


def unreachable_relay() -> RelayConfig:
    return RelayConfig("127.0.0.1", free_port(), envelope_from="personvern@cantec.no", timeout=5)


async def failures(case_service: CaseService, reference: str) -> list:
    return [e for e in await case_service.audit_trail(reference) if e.action == DELIVERY_FAILED]


async def test_final_failure_is_on_the_case_without_the_body(
    harness: Harness, case_service: CaseService, case_store_url: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = await harness.deliver(fixture_bytes("access_nb.eml"))
    reference = ctx.case_reference
    box = Outbox(case_service.engine, harness.settings.raw_mail_key, max_attempts=2, base_delay=0.0)
    sender = OutboxSender(box, unreachable_relay(), "w", on_give_up=DeliveryFailureRecorder(case_service))

    assert await sender.send_due() == 0
    assert await box.counts() == {"pending": 1}
    assert await failures(case_service, reference) == []  # a retry is not a failure yet

    assert await sender.send_due() == 0
    assert await box.counts() == {"failed": 1}
    [event] = await failures(case_service, reference)
    assert event.detail["message_id"] == ctx.reply_message_id
    assert event.detail["kind"] == "acknowledgement" and event.detail["attempts"] == 2
    assert event.detail["error"] in {"SMTPConnectError", "ConnectionRefusedError", "OSError"}
    assert set(event.detail) == {"message_id", "kind", "attempts", "error"}  # no body, no relay text
    assert "kari" not in json.dumps(event.detail).lower()

    capsys.readouterr()
    monkeypatch.setenv("PERSONVERN_DATABASE_URL", case_store_url)
    monkeypatch.setenv("PERSONVERN_RAW_MAIL_KEY", TEST_RAW_MAIL_KEY)
    monkeypatch.setenv("PERSONVERN_SECRET_KEY", "test-secret")
    code = await asyncio.to_thread(personvern.cli.main, ["cases", "show", reference])
    out = capsys.readouterr().out
    assert code == 0
    assert "1 reply(s) NOT delivered" in out
    outbound = out.split("--- out email")[1]
    assert "NOT DELIVERED: outbox gave up" in outbound and "after 2 attempt(s)" in outbound


async def test_not_failed_until_recorded(harness: Harness, case_service: CaseService) -> None:
    await harness.deliver(fixture_bytes("access_nb.eml"))
    box = Outbox(case_service.engine, harness.settings.raw_mail_key, max_attempts=1, base_delay=0.0, lease=0.0)

    async def case_store_down(item, error):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("case store down")

    assert await OutboxSender(box, unreachable_relay(), "w", on_give_up=case_store_down).send_due() == 0
    assert await box.counts() == {"pending": 1}  # tried again once the lease runs out
    recorder = DeliveryFailureRecorder(case_service)
    assert await OutboxSender(box, unreachable_relay(), "w", on_give_up=recorder).send_due() == 0
    assert await box.counts() == {"failed": 1}
