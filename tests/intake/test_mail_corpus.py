"""The hostile-tester's corpus over real SMTP: each kind of mail behaves as docs/intake.md lists.

relay attempt, oversize, automatic mail, bounce of our reply, upstream spam,
one 60 kB line, broken MIME and headers, header injection through the display
name, hostile HTML: every one either refused at SMTP with the right code or
kept on a case, and only a person's genuine request answered.
"""

from __future__ import annotations

import asyncio

import aiosmtplib
import pytest

from bot.cases import CaseService, CaseStatus, Direction
from intake.service import IntakeApp
from tests.intake.conftest import MAILBOX, fixture_bytes
from tests.intake.test_end_to_end import running, send, sink_messages  # noqa: F401  (fixture)
from tests.support.db import *  # noqa: F403

pytestmark = pytest.mark.slow


def _mail(sender: str, subject: str, body: bytes, *headers: str, message_id: str) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers)
    return (
        f"From: {sender}\r\nTo: {MAILBOX}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}@example.no>\r\n{head}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    ).encode() + body + b"\r\n"


async def _cases_by_requester(cases: CaseService) -> dict[str, list]:  # type: ignore[type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for case in await cases.list_cases(None):
        out.setdefault(case.requester_email, []).append(case)
    return out


async def test_the_corpus(running: IntakeApp, case_service: CaseService) -> None:  # noqa: F811
    port = running.settings.smtp.port
    # Refused at SMTP: a relay attempt (550) and mail over the size limit (552); nothing spooled.
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        await aiosmtplib.send(b"Subject: x\r\n\r\nx\r\n", sender="a@example.no", recipients=["someone@example.com"],
                              hostname="127.0.0.1", port=port)
    assert refused.value.recipients[0].code == 550
    huge = b"x" * (running.settings.smtp.max_message_size + 1024)
    with pytest.raises(aiosmtplib.SMTPResponseException) as too_big:
        await aiosmtplib.send(b"Subject: x\r\n\r\n" + huge, sender="a@example.no", recipients=[MAILBOX],
                              hostname="127.0.0.1", port=port)
    assert too_big.value.code == 552

    # A person's request, answered once: the only reply the corpus may cause besides the next one.
    await send(running, fixture_bytes("access_nb.eml"))
    [ack] = await sink_messages(running, 1)
    reference = ack["Subject"].split("]")[0].lstrip("[")
    corpus = [
        ("robot@example.no", _mail("Robot <robot@example.no>", "Fravær", b"Jeg er p\xc3\xa5 ferie.",
                                   "Auto-Submitted: auto-replied", message_id="ooo-1")),
        ("", fixture_bytes("bounce_template.eml")  # a bounce comes with the null envelope sender
         .replace(b"{{REFERENCE}}", reference.encode()).replace(b"{{IN_REPLY_TO}}", ack["Message-ID"].encode())),
        ("winner@example.no", _mail("Prize <winner@example.no>", "You WON", b"Claim your prize now!!!",
                                    "X-Spam-Flag: YES", message_id="spam-1")),
        ("long.line@example.no", _mail("Lina Lang <long.line@example.no>", "Innsyn",
                                       b"Jeg ber om innsyn i opplysningene mine. " * 1500, message_id="long-1")),
        ("bjorn@example.no", fixture_bytes("broken_headers_8bit.eml")),
        ("evil@example.no", _mail('"Evil\\r\\nBcc: victim@example.com" <evil@example.no>', "Slett meg",
                                  b"Slett alle opplysningene mine.", message_id="inject-1")),
        ("siri.dahl@example.no", fixture_bytes("hostile_html_cp1252.eml")),
    ]
    for sender, raw in corpus:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port)
        async with client:
            await client.sendmail(sender, [MAILBOX], raw)  # sendmail takes the null sender "" as MAIL FROM:<>
    # Let the runner finish everything, then look.
    for _ in range(200):
        if running.spool.counts() == {"new": 0, "processing": 0, "shunt": 0} and running.runner.stats.processed >= 8:
            break
        await asyncio.sleep(0.05)
    assert running.spool.counts()["shunt"] == 0  # nothing was too hostile to keep
    replies = await sink_messages(running, 5, timeout=3)
    recipients = sorted(r["To"].addresses[0].addr_spec for r in replies)
    # Answered: Kari, the long-line request, the broken-but-readable request, the request behind the hostile
    # HTML and the display-name injector's own address (never the Bcc it tried to add); nobody else.
    assert recipients == sorted(
        ["kari.nordmann@example.no", "long.line@example.no", "bjorn@example.no", "siri.dahl@example.no", "evil@example.no"]
    )
    for reply in replies:  # the injected text stays inside the quoted display name: no header, no recipient
        assert reply["Bcc"] is None and reply["Cc"] is None
        assert [a.addr_spec for a in reply["To"].addresses] == [reply["To"].addresses[0].addr_spec]
        assert not any(name.lower() == "bcc" for name in reply)
    by_requester = await _cases_by_requester(case_service)
    assert [c.status for c in by_requester["winner@example.no"]] == [CaseStatus.SPAM]
    assert "robot@example.no" in by_requester  # automatic mail is kept for staff, unanswered
    kari = await case_service.get_case(reference)
    assert any(m.message_id == "<bounce-1@mx.example.no>" for m in kari.messages)  # the bounce is on Kari's case
    siri = by_requester["siri.dahl@example.no"][0]
    [inbound] = [m for m in (await case_service.get_case(siri.reference)).messages if m.direction is Direction.INBOUND]
    assert "innsyn" in (inbound.masked_text or "") and "<script>" not in (inbound.masked_text or "")
