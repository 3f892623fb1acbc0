"""With the database unreachable at start, mail is still accepted; it is processed once the database is there."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from intake.health import DependencyProbe
from intake.service import IntakeApp
from personvern.wiring import case_service, database_ready
from tests.intake.conftest import fixture_bytes
from tests.intake.keyword_classifier import KeywordClassifier
from tests.intake.test_end_to_end import loopback_settings, send, sink_messages
from tests.support.db import _admin, postgres_base_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


async def test_mail_waits_in_the_spool_until_the_database_exists(tmp_path: Path) -> None:
    base = postgres_base_url()
    if base is None:
        pytest.skip("set PERSONVERN_TEST_POSTGRES_URL")
    name = f"personvern_late_{secrets.token_hex(4)}"
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    settings = loopback_settings(tmp_path, url)
    settings = dataclasses.replace(settings, mode="local")  # local mode migrates when it can
    try:
        async with case_service(settings) as cases:
            app = await IntakeApp.build(settings, cases=cases, classifier=KeywordClassifier(), sink=True, poll_interval=0.05)
            probe = DependencyProbe(cases.engine, KeywordClassifier())
            stop = asyncio.Event()
            task = asyncio.create_task(app.run(stop, ready=lambda: database_ready(settings, cases.engine, max_delay=0.3)))
            try:
                await asyncio.sleep(0.3)
                await send(app, fixture_bytes("access_nb.eml"))  # 250 with no database at all
                assert app.spool.counts()["new"] == 1
                assert await probe.status() == {"database": "down", "classifier": "up"}
                await _admin(base, f'CREATE DATABASE "{name}"')  # the database comes back (empty)
                [reply] = await sink_messages(app, 1, timeout=60)
                assert reply["To"].addresses[0].addr_spec == "kari.nordmann@example.no"
                assert await probe.status() == {"database": "up", "classifier": "up"}
                assert len(await cases.list_cases()) == 1 and app.spool.counts()["new"] == 0
            finally:
                stop.set()
                await asyncio.wait_for(task, 60)
    finally:
        await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
