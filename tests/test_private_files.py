"""Files holding personal data are 0600 and their directories 0700, whatever the umask."""

from __future__ import annotations

import os
import smtplib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cases import create_engine_from_url
from intake.sink import SinkRelay
from intake.spool import Envelope, Spool
from personvern.schema import upgrade_async
from tests.intake.conftest import free_port
from tests.support.db import sqlite_url


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: files 0644 unless we say otherwise
    yield
    os.umask(old)


async def test_the_sqlite_database_and_its_wal_are_private(tmp_path: Path, open_umask: None) -> None:
    engine = create_engine_from_url(sqlite_url(tmp_path / "var" / "cases.db"))
    try:
        await upgrade_async(engine)
        async with engine.connect() as conn:  # WAL mode: the -wal and -shm files exist while connected
            await conn.exec_driver_sql("SELECT count(*) FROM cases")
            files = sorted((tmp_path / "var").iterdir())
            assert {p.name for p in files} >= {"cases.db", "cases.db-wal", "cases.db-shm"}
            assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    finally:
        await engine.dispose()
    assert _mode(tmp_path / "var") == 0o700


def test_spool_directories_are_private(tmp_path: Path, open_umask: None) -> None:
    spool = Spool(tmp_path / "spool", key=None)
    spool.store(b"Subject: x\r\n\r\nhei\r\n", Envelope("a@example.no", ("personvern@cantec.no",)))
    for sub in ("tmp", "new", "processing", "shunt"):
        assert _mode(tmp_path / "spool" / sub) == 0o700
    [path] = spool.claim("w")
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700


def test_the_sink_relays_mail_files_are_private(tmp_path: Path, open_umask: None) -> None:
    relay = SinkRelay(tmp_path / "sink", port=free_port())
    relay.start()
    try:
        with smtplib.SMTP("127.0.0.1", relay.port, timeout=10) as client:
            client.sendmail("personvern@cantec.no", ["kari.nordmann@example.no"], b"Subject: svar\r\n\r\nhei\r\n")
    finally:
        relay.stop()
    [stored] = relay.sink.messages()
    assert _mode(stored) == 0o600 and _mode(tmp_path / "sink") == 0o700
