"""``make run`` on a fresh clone gets a first admin (local mode only, never a second time)."""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path

from bot.cases import CaseService, StaffRole
from personvern.first_admin import FIRST_ADMIN_EMAIL, ensure_first_admin
from tests.intake.test_pipeline import make_settings
from tests.support.db import *  # noqa: F403


async def test_a_first_admin_is_made_once_in_local_mode_only(case_service: CaseService, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, PERSONVERN_VAR_DIR=str(tmp_path / "var"))
    production = dataclasses.replace(settings, mode="production")
    assert await ensure_first_admin(production, case_service) is None  # production: personvern staff add
    local = dataclasses.replace(settings, mode="local")
    path = await ensure_first_admin(local, case_service)
    assert path is not None and stat.S_IMODE(path.stat().st_mode) == 0o600
    password = path.read_text().split("password: ")[1].strip()
    user = await case_service.authenticate(FIRST_ADMIN_EMAIL, password)
    assert user is not None and user.role is StaffRole.ADMIN
    assert user.must_change_password  # a one-time password: the staff pages ask for its own first
    assert await ensure_first_admin(local, case_service) is None  # there is a staff user now
    assert len(await case_service.list_staff_users()) == 1
