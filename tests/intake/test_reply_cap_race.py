"""The per-sender reply cap holds under concurrent deliveries (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from bot.cases import CaseService
from intake.service import IntakeApp
from intake.spool import Envelope
from intake.tables import outbox
from tests.intake.conftest import fixture_bytes
from tests.intake.keyword_classifier import KeywordClassifier
from tests.intake.test_end_to_end import loopback_settings
from tests.support.db import *  # noqa: F403

SUBJECTS = ["Innsyn", "Slett meg", "Rett adressen", "Trekke tilbake samtykke", "Kopi", "Innsyn igjen"]


async def test_concurrent_mails_from_one_address_get_at_most_the_cap(
    case_service: CaseService, case_store_url: str, tmp_path: Path
) -> None:
    settings = loopback_settings(tmp_path, case_store_url)
    app = await IntakeApp.build(
        settings, cases=case_service, classifier=KeywordClassifier(), listen=False, worker="race", concurrency=4
    )
    base = fixture_bytes("access_nb.eml")
    for n in range(16):
        raw = base.replace(b"<innsyn-nb-1@example.no>", f"<race-{n}@example.no>".encode()).replace(
            b"Subject: Innsyn", f"Subject: {SUBJECTS[n % len(SUBJECTS)]} {n}".encode()
        )
        # Different envelope senders (forwarders, several MTAs): the runner's per-sender order does not serialise them.
        app.spool.store(raw, Envelope(f"relay{n}@example.no", ("personvern@cantec.no",)))
    await app.runner.drain_once()
    assert app.runner.stats.processed == 16
    async with case_service.engine.connect() as conn:
        replies = await conn.scalar(
            sa.select(sa.func.count()).select_from(outbox).where(outbox.c.recipient == "kari.nordmann@example.no")
        )
    assert replies == settings.smtp.max_auto_replies_per_day == 3
