"""Kill -9 right after 250: the message is on disk and is processed after restart."""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cases import RequestType
from bot.config import PROJECT_ROOT, load_settings
from intake.service import IntakeApp
from personvern.wiring import case_service, check_database
from tests.intake.conftest import MAILBOX, fixture_bytes, free_port
from tests.intake.keyword_classifier import KeywordClassifier
from tests.support.db import TEST_RAW_MAIL_KEY

pytestmark = pytest.mark.slow


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"intake exited early: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("intake did not start listening")


async def test_sigkill_after_250_loses_nothing(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PERSONVERN_SECRET_KEY": "crash-test",
        "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY,
        "PERSONVERN_VAR_DIR": str(tmp_path / "var"),
        "PERSONVERN_DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}",
        "PERSONVERN_SMTP_PORT": str(port),
        "PERSONVERN_SMTP_SPOOL_DIR": str(tmp_path / "spool"),
        "PERSONVERN_RELAY_PORT": str(free_port()),
        "PERSONVERN_NLU_MODEL_DIR": str(tmp_path / "no-model"),  # the child can only accept and spool
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "personvern.cli", "intake", "serve", "--no-sink"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_port(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
            client.ehlo()
            client.mail("kari.nordmann@example.no")
            client.rcpt(MAILBOX)
            code, _ = client.data(fixture_bytes("access_nb.eml"))
            os.kill(proc.pid, signal.SIGKILL)  # the instant the 250 arrived
        assert code == 250
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    settings = load_settings(env={k: v for k, v in env.items() if k.startswith("PERSONVERN_")})
    async with case_service(settings) as cases:
        await check_database(settings, cases.engine)  # the killed instance may not have got that far
        app = await IntakeApp.build(settings, cases=cases, classifier=KeywordClassifier(), listen=False, worker="restarted")
        assert sum(app.spool.counts().values()) == 1  # still there, in new/ or a dead worker's area
        app.spool.recover()
        await app.runner.drain_once()
        assert app.runner.stats.processed == 1
        opened = await cases.list_cases()
        assert len(opened) == 1 and opened[0].request_types == {RequestType.ACCESS}
        assert opened[0].requester_email == "kari.nordmann@example.no"
