"""Hypothesis: malformed MIME never crashes the parser, and every message is stored."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cases import CaseService
from bot.config import load_settings
from intake.pipeline import MessageContext, Services
from intake.pipeline.automatic import detect_automatic
from intake.pipeline.bounce import match_bounce
from intake.pipeline.extract import extract_new_text
from intake.pipeline.parse import parse_message
from intake.spool import Envelope
from tests.intake.test_pipeline import Harness, harness  # noqa: F401  (fixture)
from tests.support.db import *  # noqa: F403

HEADER_NAMES = [
    "From", "To", "Subject", "Message-ID", "In-Reply-To", "References", "Content-Type",
    "Content-Transfer-Encoding", "Content-Disposition", "Auto-Submitted", "Date", "X-Spam-Flag",
]
TOKENS = [
    b"=?utf-8?q?", b"=?iso-8859-1?b?", b"=?unknown?q?x?=", b"?=", b"<", b">", b"\"", b";", b"boundary=",
    b"charset=", b"multipart/mixed", b"multipart/alternative", b"text/html", b"text/plain", b"base64",
    b"quoted-printable", b"8bit", b"=C3=A6", b"=\r\n", b"\xe6\xf8\xe5", b"\xff\xfe", b"\x00", b"@", b"PV-2026-0001",
    b"--b", b"--b--", b"\r\n", b"\n", b" ", b"<script>", b"filename=", b"attachment",
]

fragment = st.lists(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=12)), max_size=12).map(b"".join)
header_line = st.builds(lambda n, v: n.encode() + b": " + v, st.sampled_from(HEADER_NAMES), fragment)
part = st.builds(
    lambda headers, body: b"\r\n".join(headers) + b"\r\n\r\n" + body,
    st.lists(header_line, max_size=4),
    fragment,
)
raw_mail = st.one_of(
    st.builds(lambda h, b: b"\r\n".join(h) + b"\r\n\r\n" + b, st.lists(header_line, max_size=10), fragment),
    st.builds(
        lambda h, parts, close: b"\r\n".join(h)
        + b"\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + b"".join(b"--b\r\n" + p + b"\r\n" for p in parts)
        + (b"--b--\r\n" if close else b""),
        st.lists(header_line, max_size=6),
        st.lists(part, max_size=4),
        st.booleans(),
    ),
    st.binary(max_size=300),
)

SERVICES = Services(settings=load_settings(env={"PERSONVERN_SECRET_KEY": "s", "PERSONVERN_RAW_MAIL_KEY": "k"}))


@settings(max_examples=300, deadline=None)
@given(raw_mail)
async def test_parser_never_raises(raw: bytes) -> None:
    ctx = MessageContext("fuzz", raw, Envelope("a@example.no", ("personvern@cantec.no",)), datetime.now(timezone.utc))
    await parse_message(ctx, SERVICES)
    await detect_automatic(ctx, SERVICES)
    await match_bounce(ctx, SERVICES)
    await extract_new_text(ctx, SERVICES)
    assert ctx.dedupe_key
    assert isinstance(ctx.text, str) and isinstance(ctx.subject, str)
    assert "\n" not in ctx.subject and "\r" not in ctx.subject
    assert ctx.raw == raw


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=raw_mail)
async def test_every_malformed_message_is_stored(harness: Harness, case_service: CaseService, raw: bytes) -> None:  # noqa: F811
    before = len(await case_service.list_cases(None))
    ctx = await harness.deliver(raw, mail_from="fuzz@example.no")
    if ctx.halted == "duplicate":  # hypothesis repeats inputs; the first copy was stored
        return
    assert ctx.case_reference is not None
    case = await case_service.get_case(ctx.case_reference)
    stored = [m for m in case.messages if m.message_id == ctx.message_id or m.raw_location == "db"]
    assert stored, "the message must be kept on a case"
    if ctx.opened_case:
        assert len(await case_service.list_cases(None)) == before + 1
