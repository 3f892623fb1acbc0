"""With the real trained model: each request type in each language, over SMTP, to a reply."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from pathlib import Path

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


async def test_every_request_type_in_every_language(
    case_service: CaseService, case_store_url: str, tmp_path: Path, classifier
) -> None:
    settings = loopback_settings(tmp_path, case_store_url)
    app = await IntakeApp.build(
        settings, cases=case_service, classifier=classifier, sink=True, worker="model", poll_interval=0.05
    )
    stop = asyncio.Event()
    task = asyncio.create_task(app.run(stop))
    try:
        items = list(TEXTS.items())
        for n, (_key, text) in enumerate(items):
            await send(app, mail(n, text), sender=f"person{n}@example.no")
        replies = await sink_messages(app, len(items), timeout=240)
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)
    assert len(replies) == len(items)
    by_recipient = {r["To"].addresses[0].addr_spec: r for r in replies}
    for n, ((request, language), _text) in enumerate(items):
        reply = by_recipient[f"person{n}@example.no"]
        assert reply["Content-Language"] == language, (request, language)
        assert REQUEST_WORDS[language][request] in reply.get_content().replace("\n", " ")
        reference = reply["Subject"].split("]")[0].lstrip("[")
        case = await case_service.get_case(reference, with_messages=False)
        assert case.request_types == {RequestType(request)} and case.language == language
