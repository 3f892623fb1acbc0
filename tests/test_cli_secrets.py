"""In production mode each command needs only the secrets it uses (issue 11, item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT


def _personvern(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PERSONVERN_")}
    env.update({"PERSONVERN_MODE": "production", "PERSONVERN_DATABASE_URL": f"sqlite:///{tmp_path}/cases.db",
                "PERSONVERN_VAR_DIR": str(tmp_path / "var")})
    return subprocess.run([sys.executable, "-m", "personvern.cli", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_migrating_listing_and_status_need_no_secret_and_serving_needs_them_all(tmp_path: Path) -> None:
    upgraded = _personvern(tmp_path, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    listed = _personvern(tmp_path, "cases", "list")
    assert listed.returncode == 0, listed.stderr
    status = _personvern(tmp_path, "intake", "status")
    assert status.returncode == 0, status.stderr
    # Nothing was generated: production never invents secrets.
    assert not (tmp_path / "var" / ".raw_mail_key").exists() and not (tmp_path / "var" / ".secret_key").exists()
    serve = _personvern(tmp_path, "run")
    assert serve.returncode == 2 and "PERSONVERN_SECRET_KEY" in serve.stderr and "Traceback" not in serve.stderr


async def test_only_reading_stored_text_needs_the_raw_mail_key(tmp_path: Path) -> None:
    import asyncio

    from bot.cases import CaseRequest, Channel, Direction, NewMessage, Requester, RequestType
    from tests.support.db import make_case_service

    assert (await asyncio.to_thread(_personvern, tmp_path, "db", "upgrade")).returncode == 0
    service = make_case_service(f"sqlite:///{tmp_path}/cases.db")  # the running service, which has the key
    try:
        await service.add_staff_user("hanne@cantec.no", "Hanne", "handler", "et langt passord")
        opened = await service.open_or_find_case_for_thread(
            CaseRequest(Requester("kari.nordmann@example.no"), frozenset({RequestType.ACCESS}), Channel.EMAIL),
            NewMessage(Direction.INBOUND, Channel.EMAIL, "Personnummer 01017012345", masked_text="Personnummer [fnr]"),
        )
    finally:
        await service.dispose()
    reference = opened.case.reference
    masked = await asyncio.to_thread(_personvern, tmp_path, "cases", "show", reference)
    assert masked.returncode == 0 and "[fnr]" in masked.stdout, masked.stderr
    unmasked = await asyncio.to_thread(_personvern, tmp_path, "cases", "show", reference, "--unmasked", "--as", "hanne@cantec.no", "--reason", "sjekk")
    assert unmasked.returncode == 2 and "PERSONVERN_RAW_MAIL_KEY" in unmasked.stderr
    assert "01017012345" not in unmasked.stdout + unmasked.stderr
