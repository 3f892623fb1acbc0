"""``personvern run`` (what ``make run`` starts) as a user meets it: one command, mail in, reply out, Ctrl-C.

The real service in a subprocess: the NLU model in its child process, SMTP on
loopback, SQLite, the sink relay.  Stopped with SIGINT to its process group,
as Ctrl-C in a terminal does, it must exit 0 and leave no process behind.
"""

from __future__ import annotations

import email
import json
import os
import signal
import smtplib
import subprocess
import sys
import time
import urllib.request
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.intake.conftest import MAILBOX, free_port
from tests.support.db import TEST_RAW_MAIL_KEY

pytestmark = pytest.mark.slow


def _wait_until_ready(proc: subprocess.Popen, log: Path, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"personvern run exited early:\n{log.read_text()[-3000:]}")
        if "ready; Ctrl-C stops" in log.read_text(errors="replace"):
            return
        time.sleep(0.3)
    raise AssertionError(f"personvern run did not become ready:\n{log.read_text()[-3000:]}")


def _alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


def test_run_answers_mail_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    smtp_port, web_port = free_port(), free_port()
    sink = tmp_path / "sink"
    env = {
        **os.environ,
        "PERSONVERN_MODE": "local",
        "PERSONVERN_SECRET_KEY": "service-test",
        "PERSONVERN_RAW_MAIL_KEY": TEST_RAW_MAIL_KEY,
        "PERSONVERN_VAR_DIR": str(tmp_path / "var"),
        "PERSONVERN_DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}",
        "PERSONVERN_SMTP_PORT": str(smtp_port),
        "PERSONVERN_SMTP_SPOOL_DIR": str(tmp_path / "spool"),
        "PERSONVERN_RELAY_PORT": str(free_port()),
        "PERSONVERN_RELAY_SINK_DIR": str(sink),
        "PERSONVERN_WEB_PORT": str(web_port),
        "PERSONVERN_NLU_ACTION_PORT": str(free_port()),  # the chat's action server
    }
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "personvern.cli", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        )
    try:
        _wait_until_ready(proc, log)
        children = _children(proc.pid)
        assert children, "the NLU model should run in a child process"

        with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/healthz", timeout=10) as response:  # noqa: S310
            assert json.load(response)["model"].endswith(".tar.gz")

        mail = EmailMessage()
        mail["From"] = "Ola Nordmann <ola.nordmann@example.no>"
        mail["To"] = MAILBOX
        mail["Subject"] = "Sletting"
        mail["Message-ID"] = "<service-test-1@example.no>"
        mail.set_content("Hei,\n\nJeg ber dere slette alle personopplysninger dere har om meg.\n\nHilsen Ola")
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
            client.send_message(mail)

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(sink.glob("*.eml")):
            time.sleep(0.2)
        replies = list(sink.glob("*.eml"))
        assert len(replies) == 1, log.read_text()[-3000:]
        reply = email.message_from_bytes(replies[0].read_bytes(), policy=policy.default)
        assert reply["To"].addresses[0].addr_spec == "ola.nordmann@example.no"
        assert reply["In-Reply-To"] == "<service-test-1@example.no>"
        assert reply["Subject"].startswith("[PV-")
        assert "slett" in reply.get_body().get_content().lower()

        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        # The model's process and multiprocessing's resource tracker end with it (the tracker a moment later).
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(child) for child in children):
            time.sleep(0.2)
        assert not [child for child in children if _alive(child)]
        text = log.read_text(errors="replace")
        assert "Traceback" not in text
        assert "slette alle personopplysninger" not in text  # logs never carry message bodies
        # "ready" only once the database is migrated and the first staff user made: a staff login
        # right after it works.
        assert text.index("Running upgrade") < text.index("first staff user") < text.index("ready; Ctrl-C stops")
        # Local mode made a first admin; its password is in a 0600 file, never in the log.
        first = tmp_path / "var" / "first-admin.txt"
        assert first.stat().st_mode & 0o777 == 0o600
        password = first.read_text().split("password: ")[1].strip()
        assert "admin@cantec.no" in text and str(first) in text and password not in text
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def test_run_refuses_to_start_when_a_port_is_taken(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import socket
    import subprocess
    import sys

    from bot.config import PROJECT_ROOT

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PERSONVERN_")}
        env.update({"PERSONVERN_MODE": "local", "PERSONVERN_VAR_DIR": str(tmp_path / "var"),
                    "PERSONVERN_SMTP_PORT": str(port)})
        done = subprocess.run([sys.executable, "-m", "personvern.cli", "run"], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert f"127.0.0.1:{port} (smtp.port) is already in use" in done.stderr and "PERSONVERN_SMTP_PORT" in done.stderr
    assert "Traceback" not in done.stderr
