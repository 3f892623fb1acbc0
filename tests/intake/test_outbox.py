"""The outbox sends through a relay, retries with backoff, and never sends twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

import bot.statement
from bot.cases import create_engine_from_url
from intake.outbox import Outbox, OutboxSender, RelayConfig
from intake.replies.compose import build_message, compose_reply, outbound_message_id
from intake.sink import SinkRelay
from personvern.schema import upgrade_async
from tests.intake.conftest import free_port

KEY = "q0n2t1yXr0vJ3bq4eYk1m8VQ8S2nG4l3mJ0Xb6sV5pA="


@pytest_asyncio.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine_from_url(f"sqlite:///{tmp_path / 'o.db'}")
    await upgrade_async(engine)
    yield engine
    await engine.dispose()


def reply(n: int = 1, to_name: str = "Kari Nordmann"):  # type: ignore[no-untyped-def]
    draft = compose_reply("pointer", language="nb", reference="PV-2026-0007", statement=bot.statement)
    return build_message(
        draft,
        from_address="personvern@cantec.no",
        to_address="kari.nordmann@example.no",
        to_name=to_name,
        message_id=outbound_message_id("PV-2026-0007", f"seed{n}", "secret", "cantec.no"),
        in_reply_to="<in@example.no>",
    )


@pytest.fixture
def sink(tmp_path: Path):  # type: ignore[no-untyped-def]
    relay = SinkRelay(tmp_path / "sink", port=free_port())
    relay.start()
    yield relay
    relay.stop()


async def test_queued_reply_reaches_the_relay_once(engine: AsyncEngine, sink: SinkRelay) -> None:
    box = Outbox(engine, KEY)
    assert await box.enqueue(reply(), case_reference="PV-2026-0007", kind="pointer")
    assert not await box.enqueue(reply(), case_reference="PV-2026-0007", kind="pointer")  # idempotent
    sender = OutboxSender(box, RelayConfig("127.0.0.1", sink.port, envelope_from="personvern@cantec.no"), "w")
    assert await sender.send_due() == 1
    assert await sender.send_due() == 0
    [stored] = sink.sink.messages()
    msg = message_from_bytes(stored.read_bytes(), policy=policy.default)
    assert msg["Auto-Submitted"] == "auto-replied" and msg["Subject"].startswith("[PV-2026-0007]")
    assert await box.counts() == {"sent": 1}


async def test_relay_down_means_retry_with_backoff_then_failed(engine: AsyncEngine) -> None:
    box = Outbox(engine, KEY, max_attempts=2, base_delay=0.0)
    await box.enqueue(reply(), case_reference="PV-2026-0007", kind="pointer")
    sender = OutboxSender(box, RelayConfig("127.0.0.1", free_port(), envelope_from="personvern@cantec.no", timeout=5), "w")
    assert await sender.send_due() == 0
    assert await box.counts() == {"pending": 1}
    assert await sender.send_due() == 0
    assert await box.counts() == {"failed": 1}
    assert Outbox(engine, KEY, base_delay=30, max_delay=3600).backoff(3) == 120


async def test_two_senders_never_claim_the_same_message(engine: AsyncEngine) -> None:
    box = Outbox(engine, KEY)
    for n in range(4):
        await box.enqueue(reply(n), case_reference="PV-2026-0007", kind="pointer")
    first = await box.claim_due("a")
    second = await box.claim_due("b")
    assert len(first) == 4 and second == []


async def test_header_injection_through_the_display_name_is_impossible(engine: AsyncEngine) -> None:
    msg = reply(to_name="Kari\r\nBcc: victim@example.org")
    raw = msg.as_bytes()
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Bcc"] is None and [a.addr_spec for a in parsed["To"].addresses] == ["kari.nordmann@example.no"]


def test_message_id_carries_reference_and_is_keyed() -> None:
    a = outbound_message_id("PV-2026-0007", "<x@y>|acknowledgement", "secret", "cantec.no")
    assert a.startswith("<PV-2026-0007.") and a.endswith("@cantec.no>")
    assert a == outbound_message_id("PV-2026-0007", "<x@y>|acknowledgement", "secret", "cantec.no")
    assert a != outbound_message_id("PV-2026-0007", "<x@y>|acknowledgement", "other", "cantec.no")


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_language_has_a_complete_acknowledgement(language: str) -> None:
    import datetime as dt

    draft = compose_reply(
        "acknowledgement",
        language=language,
        reference="PV-2026-0007",
        statement=bot.statement,
        requests=["access", "erasure", "withdraw_consent"],
        section_id="rettigheter",
        due=dt.date(2026, 3, 17),
        categories=["health"],
    )
    assert "PV-2026-0007" in draft.subject
    assert ("17 March 2026" if language == "en" else "17. mars 2026") in draft.body
    quoted = bot.statement.section("e-post-og-telefon", language).paragraphs
    assert quoted[2][:30] in draft.body.replace("\n> ", " ")


async def test_a_rotated_key_still_opens_replies_queued_under_the_old_one(engine: AsyncEngine) -> None:
    """PERSONVERN_RAW_MAIL_KEY="new,old": new rows use the first key, old rows still open."""
    from cryptography.fernet import Fernet, InvalidToken

    old, new = KEY, Fernet.generate_key().decode()
    assert await Outbox(engine, old).enqueue(reply(1), case_reference="PV-2026-0007", kind="pointer")
    rotated = Outbox(engine, f"{new},{old}")
    assert await rotated.enqueue(reply(2), case_reference="PV-2026-0007", kind="pointer")
    items = await rotated.claim_due("w", limit=10)
    subjects = {message_from_bytes(i.raw, policy=policy.default)["Message-ID"] for i in items}
    assert len(subjects) == 2  # both opened
    from intake.tables import outbox

    async with engine.connect() as conn:
        rows = (await conn.execute(outbox.select().order_by(outbox.c.id))).all()
    Fernet(new.encode()).decrypt(rows[1].ciphertext)  # the new row is under the new key
    with pytest.raises(InvalidToken):
        Fernet(new.encode()).decrypt(rows[0].ciphertext)


async def test_an_outage_is_logged_once_and_its_end_too_not_a_traceback_a_second(
    tmp_path: Path, sink: SinkRelay, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio
    import logging

    # A database that is not there yet (no tables): every pass fails until it is migrated.
    engine = create_engine_from_url(f"sqlite:///{tmp_path / 'later.db'}")
    try:
        sender = OutboxSender(Outbox(engine, KEY), RelayConfig("127.0.0.1", sink.port, envelope_from="personvern@cantec.no"),
                              "w", poll_interval=0.02)
        with caplog.at_level(logging.INFO, logger="intake.outbox"):
            running = asyncio.create_task(sender.run())
            await asyncio.sleep(0.3)  # about 15 failed passes
            await upgrade_async(engine)
            await asyncio.sleep(0.2)
            sender.stop()
            await asyncio.wait_for(running, 5)
        messages = [r.getMessage() for r in caplog.records if r.name == "intake.outbox"]
        assert len([m for m in messages if m.startswith("outbox pass failed")]) == 1, messages
        assert messages.count("outbox passes work again") == 1
        assert not any(r.exc_info for r in caplog.records)
    finally:
        await engine.dispose()
