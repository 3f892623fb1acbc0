"""No sensitive value typed into the chat reaches the dialogue's events, the logs or the database in clear.

A synthetic fødselsnummer (valid check digits, Tenor-style month + 80, invented)
and a diagnosis are typed into a request; then every table is read raw, the
stored conversation is decrypted and its dialogue events searched, and every
log record of the test is searched.  The case is flagged with the categories,
and staff see masked text.
"""

from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa

from bot.cases import CaseService
from bot.crypto import MailCipher
from bot.sensitive.masking import placeholder
from tests.chat.conftest import ChatSite, RecordingMailer
from tests.sensitive.synthetic import first_identity_number
from tests.support.db import TEST_RAW_MAIL_KEY

pytestmark = pytest.mark.model

NATIONAL_ID = first_identity_number(12, 3, 85, tenor=True)
DIAGNOSIS = "diabetes"


async def _all_rows(case_service: CaseService) -> str:
    async with case_service.engine.connect() as connection:
        tables = await connection.run_sync(lambda c: sa.inspect(c).get_table_names())
        dump = []
        for table in tables:
            rows = (await connection.execute(sa.text(f'SELECT * FROM "{table}"'))).fetchall()
            dump.extend(repr(tuple(row)) for row in rows)
    return "\n".join(dump)


async def test_sensitive_values_never_reach_a_store_or_a_log_in_clear(
    chat_site: ChatSite, mailer: RecordingMailer, case_service: CaseService, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    text = f"Jeg har {DIAGNOSIS} og fødselsnummeret mitt er {NATIONAL_ID}. Jeg vil ha innsyn i journalen min."
    async with chat_site.client() as http:
        sender = await chat_site.start(http)
        status, replies = await chat_site.say(http, sender, text)
        assert status == 200
        assert "sensitive personopplysninger" in replies[0]["text"]  # the warning comes first
        for step in ("/affirm", "kari.nordmann@example.no", "Kari Nordmann"):
            await chat_site.say(http, sender, step)
        status, replies = await chat_site.say(http, sender, mailer.last_code())
    reference = replies[-1]["text"].split("registrert som ")[1].split(",")[0].rstrip(".")
    case = await case_service.get_case(reference)
    assert {"national_id", "health"} <= set(case.sensitive_categories)
    first = next(m for m in case.messages if m.masked_text and placeholder("national_id", "nb") in m.masked_text)
    assert NATIONAL_ID not in first.masked_text and DIAGNOSIS not in first.masked_text

    dump = await _all_rows(case_service)
    assert NATIONAL_ID not in dump and DIAGNOSIS not in dump
    async with case_service.engine.connect() as connection:
        token = (await connection.execute(sa.text("SELECT state_ciphertext FROM chat_conversations"))).scalar_one()
    state = json.loads(MailCipher(TEST_RAW_MAIL_KEY).decrypt_text(bytes(token)))
    events = json.dumps(state["events"], ensure_ascii=False)
    assert NATIONAL_ID not in events and DIAGNOSIS not in events  # what Rasa saw: masked only
    assert placeholder("national_id", "nb") in events
    assert state["transcript"][0]["text"] == text  # the original, only inside the encrypted state
    logged = "\n".join(f"{r.getMessage()} {r.args}" for r in caplog.records)
    assert NATIONAL_ID not in logged and DIAGNOSIS not in logged
    assert caplog.records  # the check above read something
