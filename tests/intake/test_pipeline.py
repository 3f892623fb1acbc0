"""The pipeline against the real case store (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import pytest_asyncio

import bot.sensitive
import bot.statement
from bot.cases import CaseService, CaseStatus, Direction, RequestType
from bot.config import Settings, load_settings
from bot.errors import TransientError
from intake import tables as intake_tables
from intake.ledger import Ledger
from intake.outbox import Outbox
from intake.pipeline import MessageContext, Services
from intake.processor import MessageProcessor
from intake.spool import Envelope, Spool
from tests.intake.conftest import fixture_bytes
from tests.intake.keyword_classifier import KeywordClassifier
from tests.support.db import *  # noqa: F403
from tests.support.db import TEST_RAW_MAIL_KEY


def make_settings(tmp_path: Path, **env: str) -> Settings:
    base = {
        "PERSONVERN_SECRET_KEY": "test-secret",
        "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY,
        "PERSONVERN_SMTP_SPOOL_DIR": str(tmp_path / "spool"),
        "PERSONVERN_RELAY_SINK_DIR": str(tmp_path / "sink"),
    }
    return load_settings(env={**base, **env})


class Harness:
    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.spool = Spool(settings.var_path(settings.smtp.spool_dir), key=settings.raw_mail_key)
        self.processor = MessageProcessor(services)

    async def deliver(self, raw: bytes, mail_from: str | None = None) -> MessageContext:
        if mail_from is None:
            mail_from = message_from_bytes(raw, policy=policy.default)["From"].addresses[0].addr_spec
        self.spool.store(raw, Envelope(mail_from=mail_from, rcpt_tos=("personvern@cantec.no",)))
        [path] = self.spool.claim("t")
        entry = self.spool.load(path)
        await self.processor(entry)
        self.spool.done(entry)
        assert self.processor.last is not None
        return self.processor.last

    async def outbox_messages(self) -> list:
        items = await self.services.outbox.claim_due("t", limit=100)
        return [message_from_bytes(i.raw, policy=policy.default) for i in items]


@pytest_asyncio.fixture
async def harness(case_service: CaseService, tmp_path: Path) -> AsyncIterator[Harness]:
    async with case_service.engine.begin() as conn:  # PostgreSQL keeps one database per session
        for table in reversed(intake_tables.metadata.sorted_tables):
            await conn.execute(table.delete())
    settings = make_settings(tmp_path)
    services = Services(
        settings=settings,
        ledger=Ledger(case_service.engine, "t"),
        outbox=Outbox(case_service.engine, settings.raw_mail_key),
        cases=case_service,
        classifier=KeywordClassifier(),
        detector=bot.sensitive,
        statement=bot.statement,
    )
    yield Harness(settings, services)


def template(name: str, reference: str, in_reply_to: str) -> bytes:
    return fixture_bytes(name).replace(b"{{REFERENCE}}", reference.encode()).replace(b"{{IN_REPLY_TO}}", in_reply_to.encode())


async def test_request_opens_case_and_queues_acknowledgement(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("access_nb.eml"))
    case = await case_service.get_case(ctx.case_reference)
    assert ctx.opened_case and case.request_types == {RequestType.ACCESS}
    assert case.requester_email == "kari.nordmann@example.no" and case.language == "nb"
    inbound = [m for m in case.messages if m.direction is Direction.INBOUND]
    outbound = [m for m in case.messages if m.direction is Direction.OUTBOUND]
    assert len(inbound) == 1 and inbound[0].message_id == "<innsyn-nb-1@example.no>"
    assert len(outbound) == 1 and outbound[0].message_id == ctx.reply_message_id
    [reply] = await harness.outbox_messages()
    assert reply["To"].addresses[0].addr_spec == "kari.nordmann@example.no"
    assert f"[{ctx.case_reference}]" in reply["Subject"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["In-Reply-To"] == "<innsyn-nb-1@example.no>"
    assert reply["Message-ID"].startswith(f"<{ctx.case_reference}.")
    body = reply.get_content()
    assert "innsyn i personopplysningene vi har om deg" in body
    assert "senest innen 14 dager" in body and "> Alle som spør har rett" in body
    # The promised date is the statement's 14 days (Oslo time), not the legal month.
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from intake.replies.compose import format_date

    received = case.received_at.astimezone(ZoneInfo("Europe/Oslo")).date()
    assert f"senest {format_date(received + timedelta(days=14), 'nb')}." in body.replace("\n", " ")


async def test_same_message_id_twice_gives_one_message(harness: Harness, case_service: CaseService) -> None:
    first = await harness.deliver(fixture_bytes("access_nb.eml"))
    second = await harness.deliver(fixture_bytes("access_nb.eml"))
    assert second.halted == "duplicate" and second.case_reference == first.case_reference
    case = await case_service.get_case(first.case_reference)
    assert sum(m.direction is Direction.INBOUND for m in case.messages) == 1
    assert len(await harness.outbox_messages()) == 1


async def test_multi_request_latin1(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("multi_request_latin1_qp.eml"))
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.request_types == {RequestType.ACCESS, RequestType.ERASURE}
    [reply] = await harness.outbox_messages()
    assert "innsyn i personopplysningene vi har om deg og at vi sletter personopplysningene dine" in reply.get_content()


async def test_question_is_answered_and_auto_resolved(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("question_cookies_en.eml"))
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.request_types == {RequestType.QUESTION} and case.status is CaseStatus.RESOLVED
    [reply] = await harness.outbox_messages()
    assert ctx.reply_kind == "answer" and ctx.language == "en"
    assert bot.statement.section("informasjonskapsler", "en").paragraphs[0][:40] in reply.get_content().replace("\n> ", " ")


async def test_out_of_scope_gets_pointer_and_is_kept(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("out_of_scope_nb.eml"))
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.request_types == {RequestType.OTHER} and case.status is CaseStatus.NEW
    [reply] = await harness.outbox_messages()
    assert ctx.reply_kind == "pointer" and "kundeservice" in reply.get_content()


async def test_sensitive_data_is_masked_flagged_and_warned_about(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("sensitive_nb.eml"))
    case = await case_service.get_case(ctx.case_reference)
    assert {"national_id", "health"} <= set(case.sensitive_categories)
    [inbound] = [m for m in case.messages if m.direction is Direction.INBOUND]
    assert "27810773850" not in (inbound.masked_text or "") and "diabetes" not in (inbound.masked_text or "")
    assert b"27810773850" not in inbound.text_ciphertext
    [reply] = await harness.outbox_messages()
    body = reply.get_content()
    assert "fødselsnummer" in body and "helseopplysninger" in body
    assert "Sensitive personopplysninger skal ikke sendes med e-post." in body
    assert "vanlig e-post er ukryptert" in body
    assert "27810773850" not in body and "diabetes" not in body


async def test_follow_up_threads_onto_its_case(harness: Harness, case_service: CaseService) -> None:
    first = await harness.deliver(fixture_bytes("access_nb.eml"))
    follow = await harness.deliver(template("followup_template.eml", first.case_reference, first.reply_message_id))
    assert follow.case_reference == first.case_reference and not follow.opened_case
    case = await case_service.get_case(first.case_reference)
    assert sum(m.direction is Direction.INBOUND for m in case.messages) == 2
    assert RequestType.RECTIFICATION in case.request_types  # new request folded into the case
    assert follow.reply_kind is None


async def test_a_reply_from_another_address_is_kept_flagged_and_gets_no_answer(
    harness: Harness, case_service: CaseService
) -> None:
    first = await harness.deliver(fixture_bytes("access_nb.eml"))
    assert len(await harness.outbox_messages()) == 1  # Kari's acknowledgement
    forwarded = template("followup_template.eml", first.case_reference, first.reply_message_id).replace(
        b"From: Kari Nordmann <kari.nordmann@example.no>", b"From: Ola Hansen <ola.hansen@example.net>"
    )
    ctx = await harness.deliver(forwarded, mail_from="ola.hansen@example.net")
    assert ctx.case_reference == first.case_reference and not ctx.opened_case
    assert ctx.from_other_address and ctx.reply_kind is None
    assert await harness.outbox_messages() == []  # nothing went to Ola, nothing more to Kari
    case = await case_service.get_case(first.case_reference)
    assert case.requester_email == "kari.nordmann@example.no"
    assert case.request_types == {RequestType.ACCESS}  # Ola's "must be corrected" changes nothing
    [flagged] = [m for m in case.messages if m.from_other_address]
    assert flagged.sender == "ola.hansen@example.net" and flagged.message_id == "<followup-1@example.no>"
    # Delivered again (an MTA retry): still one copy, still no answer.
    again = await harness.deliver(forwarded, mail_from="ola.hansen@example.net")
    assert again.reply_kind is None and await harness.outbox_messages() == []


async def test_out_of_office_reply_gets_no_answer(harness: Harness, case_service: CaseService) -> None:
    first = await harness.deliver(fixture_bytes("access_nb.eml"))
    ooo = await harness.deliver(template("out_of_office_template.eml", first.case_reference, first.reply_message_id))
    assert ooo.automatic and ooo.reply_kind is None
    assert ooo.case_reference == first.case_reference
    assert len(await harness.outbox_messages()) == 1  # only the first acknowledgement


async def test_bounce_is_recorded_on_the_case(harness: Harness, case_service: CaseService) -> None:
    first = await harness.deliver(fixture_bytes("access_nb.eml"))
    bounce = await harness.deliver(template("bounce_template.eml", first.case_reference, first.reply_message_id), mail_from="")
    assert bounce.bounce and bounce.outcome == "bounce-recorded"
    assert bounce.case_reference == first.case_reference and bounce.reply_kind is None
    case = await case_service.get_case(first.case_reference)
    assert sum(m.direction is Direction.INBOUND for m in case.messages) == 2


async def test_list_mail_is_recorded_without_reply(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("list_mail.eml"))
    assert ctx.automatic == "precedence" and ctx.reply_kind is None
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.request_types == {RequestType.OTHER}


async def test_failed_authentication_opens_an_unverified_case_and_gets_no_reply(
    harness: Harness, case_service: CaseService
) -> None:
    ctx = await harness.deliver(fixture_bytes("auth_failed.eml"))
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.identity_method == "email-authentication-failed" and not case.identity_verified
    assert case.request_types == {RequestType.ACCESS}  # the request is kept for staff
    assert ctx.reply_kind is None and await harness.outbox_messages() == []  # not to From, never to Reply-To
    trail = await case_service.audit_trail(ctx.case_reference)
    assert [e.detail["reason"] for e in trail if e.action == "automatic_reply_withheld"] == ["authentication-failed"]


def _spam(auth: str | None = None, spam_flag: str | None = None) -> bytes:
    head = "".join(
        f"{name}: {value}\r\n"
        for name, value in (("Authentication-Results", auth), ("X-Spam-Flag", spam_flag))
        if value is not None
    )
    return (
        f"{head}From: Prize Desk <winner@example.org>\r\nTo: personvern@cantec.no\r\n"
        "Subject: You have WON!!!\r\nMessage-ID: <won-1@example.org>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Congratulations!!! You have WON 1,000,000 EUR. Send your bank details to claim your prize today.\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("auth", "flag"),
    [("mx.cantec.no; spf=fail smtp.mailfrom=example.org; dmarc=fail header.from=example.org", None), (None, "YES"),
     (None, None)],
    ids=["dmarc-fail-and-spam", "upstream-verdict", "understanding-says-spam"],
)
async def test_spam_is_recorded_as_spam_and_gets_no_reply(
    harness: Harness, case_service: CaseService, auth: str | None, flag: str | None
) -> None:
    ctx = await harness.deliver(_spam(auth, flag))
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.status is CaseStatus.SPAM
    assert ctx.reply_kind is None and await harness.outbox_messages() == []


async def test_a_request_that_reads_like_spam_gets_its_case_but_no_reply(
    harness: Harness, case_service: CaseService
) -> None:
    mail = _spam().replace(b"Send your bank details", b"Please delete my data and send your bank details")
    ctx = await harness.deliver(mail)
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.request_types == {RequestType.ERASURE} and case.status is CaseStatus.NEW
    assert case.review_reason == "reads-like-spam"
    assert ctx.reply_kind is None and await harness.outbox_messages() == []
    trail = await case_service.audit_trail(ctx.case_reference)
    assert [e.detail["reason"] for e in trail if e.action == "automatic_reply_withheld"] == ["reads-like-spam"]


async def test_a_message_in_doubt_that_reads_like_spam_gets_no_receipt(
    harness: Harness, case_service: CaseService
) -> None:
    """In doubt, a message gets a receipt; in doubt and scored as spam, it is held for review with no reply at all."""
    harness.services.classifier = _Fixed(requests=[], intent="out_of_scope", confidence=0.9, doubt=True, likely_spam=True)
    ctx = await harness.deliver(_spam())
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.review_reason == "reads-like-spam" and case.status is CaseStatus.NEW
    assert ctx.reply_kind is None and await harness.outbox_messages() == []


async def test_envelope_and_from_in_unrelated_domains_get_no_reply(harness: Harness, case_service: CaseService) -> None:
    ctx = await harness.deliver(fixture_bytes("access_nb.eml"), mail_from="bulk@mailer.example.com")
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.request_types == {RequestType.ACCESS} and not case.identity_verified
    assert ctx.reply_kind is None and await harness.outbox_messages() == []
    assert "no automatic reply: sender-mismatch" in ctx.notes


async def test_envelope_from_a_subdomain_of_the_from_domain_is_aligned(harness: Harness) -> None:
    ctx = await harness.deliver(fixture_bytes("access_nb.eml"), mail_from="bounces+123@mail.example.no")
    assert ctx.reply_kind == "acknowledgement"


async def test_an_unsure_out_of_scope_reading_gets_no_pointer(harness: Harness, case_service: CaseService) -> None:
    class Unsure(KeywordClassifier):
        def classify(self, text: str, *, language: str | None = None, scan: bool = True):  # type: ignore[no-untyped-def]
            return dataclasses.replace(super().classify(text, language=language, scan=scan), confidence=0.55)

    harness.services.classifier = Unsure()
    ctx = await harness.deliver(fixture_bytes("out_of_scope_nb.eml"))
    assert ctx.intent == "out_of_scope" and ctx.reply_kind is None
    assert await harness.outbox_messages() == []
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.status is CaseStatus.NEW  # kept for staff


async def test_at_most_three_replies_per_sender_per_day(harness: Harness) -> None:
    raw = fixture_bytes("access_nb.eml")
    kinds = []
    for n, subject in enumerate(["Innsyn", "Slett meg", "Rett adressen", "Trekke tilbake samtykke", "Kopi"]):
        mail = raw.replace(b"<innsyn-nb-1@example.no>", f"<n{n}@example.no>".encode()).replace(
            b"Jeg \xc3\xb8nsker innsyn", subject.encode()
        )
        kinds.append((await harness.deliver(mail)).reply_kind)
    assert len(await harness.outbox_messages()) == 3
    assert kinds.count(None) >= 2


async def test_unparsable_mail_still_becomes_a_case(harness: Harness, case_service: CaseService, monkeypatch: pytest.MonkeyPatch) -> None:
    import intake.pipeline.parse as parse

    def explode(ctx: MessageContext) -> None:
        raise ValueError("synthetic parser failure")

    monkeypatch.setattr(parse, "_parse", explode)
    ctx = await harness.deliver(fixture_bytes("access_nb.eml"), mail_from="kari.nordmann@example.no")
    assert ctx.parse_error == "ValueError" and ctx.reply_kind is None
    case = await case_service.get_case(ctx.case_reference)
    assert case.request_types == {RequestType.OTHER}
    [inbound] = case.messages
    assert inbound.raw_location == "db"


async def test_classifier_down_is_transient(harness: Harness) -> None:
    harness.services.classifier = None
    with pytest.raises(TransientError):
        await harness.deliver(fixture_bytes("access_nb.eml"))


async def test_resumed_run_reuses_the_case(harness: Harness, case_service: CaseService) -> None:
    """A crash after the case was written: the rerun of the same spool file opens no second case."""
    raw = fixture_bytes("access_nb.eml")
    harness.spool.store(raw, Envelope(mail_from="kari.nordmann@example.no", rcpt_tos=("personvern@cantec.no",)))
    [path] = harness.spool.claim("t")
    entry = harness.spool.load(path)
    from intake.pipeline import STEPS

    crashing = MessageProcessor(harness.services, steps=STEPS[:-1])  # dies before the reply step finishes
    ctx = crashing.context_for(entry)
    from intake.pipeline import run_pipeline

    await run_pipeline(ctx, harness.services, STEPS[:-1])
    await harness.processor(entry)  # the restart
    again = harness.processor.last
    assert again.case_reference == ctx.case_reference
    cases = await case_service.list_cases()
    assert len(cases) == 1
    assert len(await harness.outbox_messages()) == 1


class _Fixed(KeywordClassifier):
    """Answers every text with one reading (the pipeline's reaction is what is tested here)."""

    def __init__(self, **reading: object) -> None:
        self.reading = reading

    def classify(self, text: str, *, language: str | None = None, scan: bool = True):  # type: ignore[no-untyped-def]
        return dataclasses.replace(super().classify(text, language=language, scan=scan), **self.reading)


async def test_an_other_right_opens_a_case_of_its_type_and_promises_only_the_legal_deadline(
    harness: Harness, case_service: CaseService
) -> None:
    harness.services.classifier = _Fixed(requests=[], other_rights=["objection"], intent="request_objection")
    ctx = await harness.deliver(fixture_bytes("access_nb.eml"))
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.request_types == {RequestType.OBJECTION} and case.review_reason == "other-right"
    assert case.status is CaseStatus.NEW
    [reply] = await harness.outbox_messages()
    body = reply.get_content().replace("\n", " ")
    from zoneinfo import ZoneInfo

    from intake.replies.compose import format_date

    legal = case.due_legal.astimezone(ZoneInfo("Europe/Oslo")).date()
    assert "protestere mot at vi behandler opplysningene dine" in body
    assert f"senest {format_date(legal, 'nb')}" in body and "14 dager" not in body


async def test_a_message_in_doubt_is_kept_for_review_and_gets_a_receipt_not_an_answer(
    harness: Harness, case_service: CaseService
) -> None:
    harness.services.classifier = _Fixed(requests=[], intent="ask_data_collected", confidence=0.5, doubt=True)
    ctx = await harness.deliver(fixture_bytes("question_cookies_en.eml"))
    case = await case_service.get_case(ctx.case_reference, with_messages=False)
    assert case.review_reason == "unclear" and case.request_types == {RequestType.OTHER}
    assert case.status is CaseStatus.NEW  # not auto-resolved as a question; the legal deadline runs
    assert ctx.reply_kind == "receipt"
    [reply] = await harness.outbox_messages()
    body = reply.get_content()
    assert "A case handler will read it" in body.replace("\n", " ")
    assert "privacy statement answers it" not in body  # claims no more than was understood
