"""``OutboxMailer``: letters (staff replies, notices, chat codes) recorded on their case and queued, once."""

from __future__ import annotations

from bot.cases import CaseService, Direction
from bot.outgoing import Letter, LetterKind
from intake.mailer import OutboxMailer
from tests.intake import test_pipeline
from tests.intake.conftest import fixture_bytes
from tests.intake.test_pipeline import Harness
from tests.support.db import *  # noqa: F403

harness = test_pipeline.harness  # the pipeline tests' fixture: settings, services, a spool



def mailer_for(harness: Harness, case_service: CaseService, notified: list[int] | None = None) -> OutboxMailer:
    assert harness.services.outbox is not None
    on_queued = (lambda: notified.append(1)) if notified is not None else None
    return OutboxMailer(harness.settings, case_service, harness.services.outbox, on_queued=on_queued)



async def test_staff_reply_is_recorded_masked_and_queued_once(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("access_nb.eml"))
    reference = ctx.case_reference
    assert reference is not None
    await harness.outbox_messages()  # the automatic acknowledgement is not what this test is about
    handler = await case_service.add_staff_user("hanne@cantec.no", "Hanne", "handler", "riktig-passord-1")
    notified: list[int] = []
    mailer = mailer_for(harness, case_service, notified)
    body = "Hei Kari,\n\nvi har registrert kontonummeret 1234.56.78903 du sendte.\n\nHilsen Hanne"
    letter = Letter(
        kind=LetterKind.STAFF_REPLY,
        to_address=ctx.sender,
        to_name="Kari Nordmann",
        subject=f"Svar på sak {reference}",
        body=body,
        language="nb",
        case_reference=reference,
        in_reply_to=ctx.message_id,
        author_id=handler.id,
    )
    first = await mailer.send(letter, key="form-1")
    again = await mailer.send(letter, key="form-1")  # a resubmitted form
    assert first == again and reference in first and notified == [1, 1]

    [mail] = await harness.outbox_messages()
    assert mail["Message-ID"] == first
    assert mail["In-Reply-To"] == ctx.message_id
    assert "Auto-Submitted" not in mail  # a person wrote it: the requester's autoresponder may answer
    assert mail["To"].addresses[0].addr_spec == ctx.sender
    case = await case_service.get_case(reference)
    [outbound] = [m for m in case.messages if m.direction is Direction.OUTBOUND and m.message_id == first]
    assert outbound.author_staff_id == handler.id
    assert "1234.56.78903" not in (outbound.masked_text or "")  # staff views are masked
    assert "Hanne" in (outbound.masked_text or "")


async def test_code_mail_is_not_kept_on_any_case_and_is_automatic(harness: Harness, case_service: CaseService) -> None:
    mailer = mailer_for(harness, case_service)
    letter = Letter(
        kind=LetterKind.CHAT_CODE,
        to_address="ola@example.no",
        subject="Koden din",
        body="Koden din er 123456.",
        language="nb",
        record_on_case=False,
    )
    message_id = await mailer.send(letter, key="session-1|1")
    [mail] = await harness.outbox_messages()
    assert mail["Message-ID"] == message_id and mail["Auto-Submitted"] == "auto-replied"
    assert await case_service.list_cases() == []


async def test_letters_do_not_use_up_the_automatic_reply_cap(harness: Harness, case_service: CaseService) -> None:
    assert harness.services.outbox is not None
    mailer = mailer_for(harness, case_service)
    for n in range(5):
        letter = Letter(LetterKind.CHAT_CODE, "ola@example.no", "Kode", f"Kode {n}", "nb", record_on_case=False)
        await mailer.send(letter, key=f"k{n}")
    assert await harness.services.outbox.recent_count("ola@example.no") == 0
