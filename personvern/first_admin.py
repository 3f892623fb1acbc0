"""A first staff user for ``make run`` on a fresh clone, so the staff pages can be opened at once.

Local mode only, and only while there is no staff user at all.  The password
is random and written to a file under ``var/`` readable by its owner only
(0600); the log says where the file is, never the password.  Production
creates its staff with ``personvern staff add``.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from bot.cases import CaseService, StaffRole
from bot.config import Settings
from bot.private_files import private_dir, write_private

__all__ = ["FIRST_ADMIN_EMAIL", "ensure_first_admin"]

log = logging.getLogger("personvern")

FIRST_ADMIN_EMAIL = "admin@cantec.no"
PASSWORD_FILE = "first-admin.txt"


async def ensure_first_admin(settings: Settings, cases: CaseService) -> Path | None:
    """Create the first admin when local mode has none; returns the password file, or None."""
    if not settings.is_local or await cases.list_staff_users():
        return None
    password = secrets.token_urlsafe(18)
    await cases.add_staff_user(FIRST_ADMIN_EMAIL, "Første administrator", StaffRole.ADMIN, password, one_time=True)
    path = private_dir(settings.var_path(".")) / PASSWORD_FILE
    path.unlink(missing_ok=True)
    write_private(path, f"email: {FIRST_ADMIN_EMAIL}\npassword: {password}\n".encode())
    log.info("first staff user %s created; its password is in %s (readable by you only)", FIRST_ADMIN_EMAIL, path)
    return path
