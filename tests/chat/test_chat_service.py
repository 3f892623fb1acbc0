"""The chat end to end against ``personvern run`` (what ``make run`` starts), over real HTTP and SMTP.

The whole service in a subprocess - the model (NLU and dialogue) in its child
process, the rasa-sdk action server, the web app, the intake, the sink relay -
on SQLite: a visitor asks for access in the chat, reads the code from the
mail in the sink relay, types it, gets the reference; the receipt arrives and
a reply to it threads onto the same case; Ctrl-C stops every process.
"""

from __future__ import annotations

import asyncio
import email
import os
import re
import signal
import smtplib
import sqlite3
import subprocess
import sys
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import aiohttp
import pytest

from bot.cases import Channel
from bot.config import PROJECT_ROOT
from tests.intake.conftest import MAILBOX, free_port
from tests.support.db import TEST_RAW_MAIL_KEY, make_case_service, sqlite_url
from tests.test_service import _alive, _children, _wait_until_ready

pytestmark = [pytest.mark.slow, pytest.mark.model]


def _mails(sink: Path, count: int, timeout: float = 60.0) -> list[email.message.EmailMessage]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(list(sink.glob("*.eml"))) < count:
        time.sleep(0.2)
    files = sorted(sink.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    assert len(files) >= count, f"{len(files)} mails in the sink, expected {count}"
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]  # type: ignore[misc]


async def _chat(base: str, sink: Path) -> str:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar, headers={"Origin": base}) as http:
        async with http.post(f"{base}/chat/session") as response:
            sender = (await response.json())["sender"]

        async def say(text: str) -> list[dict[str, str]]:
            async with http.post(f"{base}/chat/webhook", json={"sender": sender, "message": text}) as response:
                assert response.status == 200, await response.text()
                return await response.json()  # type: ignore[no-any-return]

        assert "innsyn" in (await say("Hei! Jeg vil ha innsyn i opplysningene dere har om meg."))[0]["text"]
        await say("/affirm")
        await say("kari.nordmann@example.no")
        assert "sekssifret kode" in (await say("Kari Nordmann"))[0]["text"]
        code_mail = (await asyncio.to_thread(_mails, sink, 1))[0]
        code = re.search(r"\b(\d{6})\b", code_mail.get_body().get_content()).group(1)  # type: ignore[union-attr]
        reply = (await say(code))[0]["text"]
        assert "registrert som" in reply
        return reply.split("registrert som ")[1].split(",")[0]


def test_a_chat_request_end_to_end_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    smtp_port, web_port = free_port(), free_port()
    sink, database = tmp_path / "sink", tmp_path / "cases.db"
    env = {
        **os.environ, "PERSONVERN_MODE": "local", "PERSONVERN_SECRET_KEY": "chat-service-test",
        "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY, "PERSONVERN_VAR_DIR": str(tmp_path / "var"),
        "PERSONVERN_DATABASE_URL": sqlite_url(database), "PERSONVERN_SMTP_PORT": str(smtp_port),
        "PERSONVERN_SMTP_SPOOL_DIR": str(tmp_path / "spool"), "PERSONVERN_RELAY_PORT": str(free_port()),
        "PERSONVERN_RELAY_SINK_DIR": str(sink), "PERSONVERN_WEB_PORT": str(web_port),
        "PERSONVERN_NLU_ACTION_PORT": str(free_port()),
    }
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "personvern.cli", "run"], cwd=PROJECT_ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_ready(proc, log)
        children = _children(proc.pid)
        assert len(children) >= 2, "the model process and the action server run beside the service"
        reference = asyncio.run(_chat(f"http://127.0.0.1:{web_port}", sink))
        receipt = _mails(sink, 2)[-1]
        assert reference in receipt["Subject"] and receipt["To"].addresses[0].addr_spec == "kari.nordmann@example.no"
        answer = EmailMessage()
        answer["From"], answer["To"], answer["Subject"] = "kari.nordmann@example.no", MAILBOX, f"Re: {receipt['Subject']}"
        answer["Message-ID"], answer["In-Reply-To"] = "<chat-reply-1@example.no>", receipt["Message-ID"]
        answer.set_content("Takk. Jeg venter på svaret.")
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
            client.send_message(answer)
        case = asyncio.run(_case_when(database, reference, lambda c: any(m.message_id == "<chat-reply-1@example.no>"
                                                                       for m in c.messages)))
        assert case.channel is Channel.CHAT and case.identity_verified
        assert sum(m.channel is Channel.CHAT for m in case.messages) >= 8  # the transcript, both directions
        with sqlite3.connect(database) as db:  # the code and the receipt went out from the action server at once
            senders = db.execute("SELECT kind, status, claimed_by FROM intake_outbox WHERE kind LIKE 'chat%'").fetchall()
        assert sorted((kind, status) for kind, status, _ in senders) == [("chat_code", "sent"), ("chat_receipt", "sent")]
        assert all(by.endswith("-chat") for _, _, by in senders), senders

        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(child) for child in children):
            time.sleep(0.2)
        assert not [child for child in children if _alive(child)]
        text = log.read_text(errors="replace")
        assert "Traceback" not in text and "Kari Nordmann" not in text and "innsyn i opplysningene" not in text
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


async def _case_when(database: Path, reference: str, ready, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    service = make_case_service(sqlite_url(database))
    try:
        deadline = time.monotonic() + timeout
        while True:
            case = await service.get_case(reference)
            if ready(case) or time.monotonic() > deadline:
                return case
            await asyncio.sleep(0.5)
    finally:
        await service.dispose()
