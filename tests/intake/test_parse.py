"""Parsing real-world mail: encodings, HTML-only, nested parts, broken headers."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.config import load_settings
from intake.pipeline import MessageContext, Services
from intake.pipeline.automatic import detect_automatic
from intake.pipeline.extract import extract_new_text
from intake.pipeline.parse import parse_message
from intake.spool import Envelope
from tests.intake.conftest import fixture_bytes


def context(raw: bytes, mail_from: str = "sender@example.no") -> MessageContext:
    return MessageContext(
        spool_id="test",
        raw=raw,
        envelope=Envelope(mail_from=mail_from, rcpt_tos=("personvern@cantec.no",)),
        received_at=datetime.now(timezone.utc),
    )


@pytest.fixture
def services() -> Services:
    return Services(settings=load_settings(env={"PERSONVERN_SECRET_KEY": "s", "PERSONVERN_RAW_MAIL_KEY": "k"}))


async def parsed(name: str, services: Services, **kwargs: str) -> MessageContext:
    ctx = context(fixture_bytes(name), **kwargs)
    await parse_message(ctx, services)
    return ctx


async def test_plain_utf8(services: Services) -> None:
    ctx = await parsed("access_nb.eml", services)
    assert ctx.parse_error is None
    assert ctx.message_id == "<innsyn-nb-1@example.no>"
    assert ctx.sender == "kari.nordmann@example.no" and ctx.sender_name == "Kari Nordmann"
    assert "personopplysningene dere har lagret" in ctx.text
    assert ctx.dedupe_key == ctx.message_id


async def test_latin1_quoted_printable_and_encoded_words(services: Services) -> None:
    ctx = await parsed("multi_request_latin1_qp.eml", services)
    assert ctx.sender_name == "Per Hånsen"
    assert "særlig" in ctx.subject
    assert "sletter kontoen min" in ctx.text


async def test_html_only_windows_1252_is_text_without_script(services: Services) -> None:
    ctx = await parsed("hostile_html_cp1252.eml", services)
    assert ctx.html_only
    assert "Jeg ønsker innsyn i mine personopplysninger." in ctx.text
    assert "Siri – kunde" in ctx.text  # 0x96 is an en dash in windows-1252
    for hostile in ("alert", "evil.example.com", "steal", "color:red", "<"):
        assert hostile not in ctx.text


async def test_multipart_alternative_prefers_plain(services: Services) -> None:
    ctx = await parsed("withdraw_en.eml", services)
    assert ctx.text.startswith("I withdraw my consent.")
    assert "<p>" not in ctx.text and ctx.attachments == []


async def test_nested_multipart_lists_attachment_without_reading_it(services: Services) -> None:
    ctx = await parsed("nested_attachment.eml", services)
    assert ctx.text.startswith("Adressen min er feil")
    assert [(a.filename, a.content_type) for a in ctx.attachments] == [("flyttemelding.pdf", "application/pdf")]
    assert ctx.attachments[0].size > 0
    assert "PDF" not in ctx.text


async def test_broken_headers_and_undeclared_8bit_do_not_raise(services: Services) -> None:
    ctx = await parsed("broken_headers_8bit.eml", services)
    assert ctx.parse_error is None
    assert ctx.sender == "bjorn@example.no"
    assert "Innsyn" in ctx.subject
    assert "æøå undeclared 8-bit" in ctx.text


async def test_garbage_still_yields_a_context(services: Services) -> None:
    ctx = await parsed_raw(b"\x00\xff\xfe not mail at all \r\n\r\n\x00", services)
    assert ctx.sender == "sender@example.no"  # envelope sender as the fallback identity
    assert ctx.dedupe_key.startswith("sha256:")


async def parsed_raw(raw: bytes, services: Services) -> MessageContext:
    ctx = context(raw)
    await parse_message(ctx, services)
    return ctx


async def test_identity_is_from_not_reply_to_and_auth_failure_is_seen(services: Services) -> None:
    ctx = await parsed("auth_failed.eml", services)
    assert ctx.sender == "kari.nordmann@example.no"
    assert ctx.verified is False
    ok = await parsed("access_nb.eml", services)
    assert ok.verified is True


@pytest.mark.parametrize(
    ("name", "mail_from", "reason"),
    [
        ("list_mail.eml", "news@example.com", "precedence"),
        ("out_of_office_template.eml", "kari.nordmann@example.no", "auto-submitted:auto-replied"),
        ("access_nb.eml", "", "empty-return-path"),
    ],
)
async def test_automatic_mail_is_recognised(services: Services, name: str, mail_from: str, reason: str) -> None:
    ctx = await parsed(name, services, mail_from=mail_from)
    await detect_automatic(ctx, services)
    assert ctx.automatic == reason


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("List-Id: <x.example.com>", "mailing-list"),
        ("X-Auto-Response-Suppress: OOF", "auto-response-suppress"),
        ("X-Cantec-Personvern-Loop: cantec.no", "loop"),
        ("Auto-Submitted: no", None),
    ],
)
async def test_automatic_headers(services: Services, header: str, reason: str | None) -> None:
    raw = fixture_bytes("access_nb.eml").replace(b"MIME-Version", header.encode() + b"\r\nMIME-Version", 1)
    ctx = context(raw)
    await parse_message(ctx, services)
    await detect_automatic(ctx, services)
    assert ctx.automatic == reason


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@example.no", "noreply@example.com", "no-reply@example.com", "postmaster@example.org", "personvern@cantec.no"])
async def test_robot_and_own_senders(services: Services, sender: str) -> None:
    raw = fixture_bytes("access_nb.eml").replace(b"Kari Nordmann <kari.nordmann@example.no>", sender.encode(), 1)
    ctx = context(raw)
    await parse_message(ctx, services)
    await detect_automatic(ctx, services)
    assert ctx.automatic in {"robot-sender", "own-address"}


async def test_bounce_is_recognised_with_failed_recipient(services: Services) -> None:
    raw = fixture_bytes("bounce_template.eml").replace(b"{{REFERENCE}}", b"PV-2026-0001").replace(
        b"{{IN_REPLY_TO}}", b"<PV-2026-0001.abc@cantec.no>"
    )
    ctx = context(raw, mail_from="")
    await parse_message(ctx, services)
    await detect_automatic(ctx, services)
    assert ctx.bounce and ctx.automatic
    assert ctx.bounced_recipients == ("kari.nordmann@example.no",)


async def test_quoted_norwegian_reply_is_stripped_for_classification(services: Services) -> None:
    raw = fixture_bytes("followup_template.eml").replace(b"{{REFERENCE}}", b"PV-2026-0001").replace(
        b"{{IN_REPLY_TO}}", b"<PV-2026-0001.abc@cantec.no>"
    )
    ctx = context(raw)
    await parse_message(ctx, services)
    await extract_new_text(ctx, services)
    assert ctx.new_text == "Takk. Jeg har også flyttet, så adressen deres må rettes."
    assert "skrev Cantec" in ctx.text  # the whole text is kept
