"""``personvern import``: an mbox backlog goes through the pipeline without replies."""

from __future__ import annotations

import mailbox
from pathlib import Path

from bot.cases import CaseService, RequestType
from intake import tables
from intake.outbox import Outbox
from personvern.cli.importer import import_path
from tests.intake.conftest import fixture_bytes
from tests.intake.keyword_classifier import KeywordClassifier
from tests.intake.test_pipeline import make_settings
from tests.support.db import *  # noqa: F403


async def test_mbox_backlog_becomes_cases_without_replies(case_service: CaseService, tmp_path: Path) -> None:
    box = mailbox.mbox(str(tmp_path / "backlog.mbox"))
    for name in ("access_nb.eml", "erasure_nn.eml", "access_nb.eml"):  # the repeat is skipped
        box.add(fixture_bytes(name))
    box.flush()
    settings = make_settings(tmp_path)
    async with case_service.engine.begin() as conn:
        for table in reversed(tables.metadata.sorted_tables):
            await conn.execute(table.delete())
    result = await import_path(tmp_path / "backlog.mbox", settings, cases=case_service, classifier=KeywordClassifier())
    assert result == {"spooled": 3, "unreadable": 0, "processed": 3, "shunted": 0}
    cases = await case_service.list_cases()
    assert sorted(next(iter(c.request_types)) for c in cases) == [RequestType.ACCESS, RequestType.ERASURE]
    assert await Outbox(case_service.engine, settings.raw_mail_key).counts() == {}
