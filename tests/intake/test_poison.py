"""A message that breaks processing every time: shunted after the cap, and staff get a triage case."""

from __future__ import annotations

from pathlib import Path

from bot.cases import CaseService, RequestType
from bot.errors import ClassifierUnavailable
from intake.service import IntakeApp
from intake.spool import Envelope
from tests.intake.conftest import fixture_bytes
from tests.intake.keyword_classifier import KeywordClassifier
from tests.intake.test_end_to_end import loopback_settings
from tests.support.db import *  # noqa: F403


class DiesOnOneMessage(KeywordClassifier):
    """As the classifier child does when one message kills it: that message only, every time."""

    def classify(self, text: str, *, language: str | None = None, scan: bool = True):  # type: ignore[no-untyped-def]
        if "Kaboom" in text:
            raise ClassifierUnavailable("the classifier process keeps dying")
        return super().classify(text, language=language, scan=scan)


async def test_poison_mail_is_shunted_with_a_triage_case_and_other_mail_flows(
    case_service: CaseService, case_store_url: str, tmp_path: Path
) -> None:
    settings = loopback_settings(tmp_path, case_store_url)
    app = await IntakeApp.build(settings, cases=case_service, classifier=DiesOnOneMessage(), listen=False, worker="p")
    poison = (
        b"From: Ola Hansen <ola.hansen@example.net>\r\nTo: personvern@cantec.no\r\nSubject: Innsyn\r\n"
        b"Message-ID: <kaboom-1@example.net>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Kaboom: jeg vil ha innsyn i opplysningene dere har om meg.\r\n"
    )
    poison_id = app.spool.store(poison, Envelope("ola.hansen@example.net", ("personvern@cantec.no",)))
    app.spool.store(fixture_bytes("access_nb.eml"), Envelope("kari.nordmann@example.no", ("personvern@cantec.no",)))
    for _ in range(app.runner.max_attempts + 2):
        await app.runner.drain_once()
    assert app.spool.shunted() == [poison_id]
    assert app.runner.stats.processed == 1  # Kari's mail went through meanwhile
    cases = {c.requester_email: c for c in await case_service.list_cases()}
    triage = cases["ola.hansen@example.net"]
    assert triage.request_types == {RequestType.OTHER}
    trail = await case_service.audit_trail(triage.reference)
    [failed] = [e for e in trail if e.action == "processing_failed"]
    assert failed.detail["spool_id"] == poison_id and failed.detail["attempts"] == app.runner.max_attempts
    [note] = (await case_service.get_case(triage.reference)).messages
    assert poison_id in note.masked_text and "unshunt" in note.masked_text
