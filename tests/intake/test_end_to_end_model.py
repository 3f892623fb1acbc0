"""With the real trained model: each request type in each language, over SMTP, to a reply."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from bot.cases import CaseService, RequestType
from bot.config import PROJECT_ROOT
from intake.replies.texts import REQUEST_WORDS
from intake.service import IntakeApp
from tests.intake.test_end_to_end import loopback_settings, send, sink_messages
from tests.support.db import *  # noqa: F403

MODEL_DIR = PROJECT_ROOT / "models"
pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.skipif(not any(MODEL_DIR.glob("*.tar.gz")), reason="no trained model in models/ (run 'make model')"),
]

TEXTS = {
    ("access", "nb"): "Jeg ønsker innsyn i personopplysningene dere har lagret om meg. Send meg en kopi.",
    ("rectification", "nb"): "Adressen min hos dere er feil. Vennligst rett opplysningene mine.",
    ("erasure", "nb"): "Jeg vil at dere sletter alle personopplysninger dere har om meg.",
    ("withdraw_consent", "nb"): "Jeg trekker tilbake samtykket mitt til at dere behandler personopplysningene mine.",
    ("access", "nn"): "Eg ønskjer innsyn i personopplysningane de har lagra om meg.",
    ("rectification", "nn"): "Adressa mi hjå dykk er feil. Ver venleg og rett opplysningane mine.",
    ("erasure", "nn"): "Eg vil at de slettar alle opplysningane de har om meg.",
    ("withdraw_consent", "nn"): "Eg trekkjer tilbake samtykket mitt til at de behandlar personopplysningane mine.",
    ("access", "en"): "I would like a copy of all the personal data you hold about me.",
    ("rectification", "en"): "My address in your records is wrong. Please correct my personal data.",
    ("erasure", "en"): "Please delete all personal data you have about me.",
    ("withdraw_consent", "en"): "I withdraw my consent to the processing of my personal data.",
}


def mail(n: int, text: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Person {n} <person{n}@example.no>"
    msg["To"] = "personvern@cantec.no"
    msg["Subject"] = "Personvern"
    msg["Message-ID"] = f"<model-e2e-{n}@example.no>"
    msg.set_content(text)
    return bytes(msg)


@asynccontextmanager
async def running_intake(
    case_service: CaseService, case_store_url: str, tmp_path: Path, classifier: Any
) -> AsyncIterator[IntakeApp]:
    """The intake on loopback with the real model and the sink relay, stopped on the way out."""
    settings = loopback_settings(tmp_path, case_store_url)
    app = await IntakeApp.build(
        settings, cases=case_service, classifier=classifier, sink=True, worker="model", poll_interval=0.05
    )
    stop = asyncio.Event()
    task = asyncio.create_task(app.run(stop))
    try:
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)


async def test_every_request_type_in_every_language(
    case_service: CaseService, case_store_url: str, tmp_path: Path, classifier
) -> None:
    async with running_intake(case_service, case_store_url, tmp_path, classifier) as app:
        items = list(TEXTS.items())
        for n, (_key, text) in enumerate(items):
            await send(app, mail(n, text), sender=f"person{n}@example.no")
        replies = await sink_messages(app, len(items), timeout=240)
    assert len(replies) == len(items)
    by_recipient = {r["To"].addresses[0].addr_spec: r for r in replies}
    for n, ((request, language), _text) in enumerate(items):
        reply = by_recipient[f"person{n}@example.no"]
        assert reply["Content-Language"] == language, (request, language)
        assert REQUEST_WORDS[language][request] in reply.get_content().replace("\n", " ")
        reference = reply["Subject"].split("]")[0].lstrip("[")
        case = await case_service.get_case(reference, with_messages=False)
        assert case.request_types == {RequestType(request)} and case.language == language


SPAM = {
    "en": "Dear winner, your address was drawn in our international e-mail lottery. To release the prize of "
          "EUR 950,000 send your full name, bank account and passport copy to the claims agent today.",
    "nb": "Gratulerer! Du er trukket ut som vinner av et gavekort på 15 000 kr. Klikk på lenken og oppgi "
          "kortnummeret ditt innen midnatt for å hente premien: https://premie.example.net",
    "nn": "Tén pengar heime! Plattforma vår for kryptohandel doblar innskotet ditt på ei veke. "
          "Registrer deg gratis no, berre 10 plassar att.",
}


async def test_spam_gets_no_reply_and_a_request_still_answered(
    case_service: CaseService, case_store_url: str, tmp_path: Path, classifier
) -> None:
    """No upstream spam headers: the understanding layer's spam detector decides (issue 11's backscatter)."""
    from bot.cases import CaseFilter, CaseStatus

    async with running_intake(case_service, case_store_url, tmp_path, classifier) as app:
        for n, text in enumerate(SPAM.values()):
            await send(app, mail(100 + n, text), sender=f"person{100 + n}@example.no")
        await send(app, mail(200, TEXTS[("erasure", "en")]), sender="person200@example.no")
        await sink_messages(app, 1, timeout=120)  # the request's reply
        await asyncio.sleep(1.0)  # time for any (wrong) reply to the spam to arrive too
        replies = await sink_messages(app, 1, timeout=1)
    assert [r["To"].addresses[0].addr_spec for r in replies] == ["person200@example.no"]
    cases = await case_service.list_cases(CaseFilter())
    by_sender = {c.requester_email: c for c in cases}
    spam = [by_sender[f"person{100 + n}@example.no"] for n in range(len(SPAM))]
    # filed as spam, or - when a sentence may ask for something (doubt) - held for review as reads-like-spam
    assert all(c.status is CaseStatus.SPAM or (c.status is CaseStatus.NEW and c.review_reason == "reads-like-spam")
               for c in spam), [(c.status, c.review_reason) for c in spam]
    assert sum(c.status is CaseStatus.SPAM for c in spam) >= 2
    assert by_sender["person200@example.no"].request_types == {RequestType.ERASURE}
