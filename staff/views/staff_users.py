"""Admin pages: the staff users, adding one, disabling and enabling, roles and password resets.

Admins only: every handler here refuses any other role with 403 first,
whatever the page showed, and the staff directory checks the role again (it
has the last word, and keeps at least one active admin).  New accounts and
resets get a random one-time password, shown once in the response to the
admin and never stored in clear, logged or put on the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from bot.cases import Actor, LastActiveAdmin, StaffRole, StaffUser, StaffUserExists, StaffUserNotFound
from bot.cases.passwords import generate_password
from staff.errors import Refused
from staff.formatting import local_time
from staff.keys import CASES, USER
from staff.render import page, texts
from staff.roles import require_admin
from staff.views.forms import form, one_line

__all__ = [
    "FLASH",
    "UserRow",
    "add_user",
    "change_role",
    "disable_user",
    "enable_user",
    "reset_password",
    "users_page",
]

FLASH = "admin_flash"
EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+")
MAX_EMAIL, MAX_NAME = 320, 200


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    email: str
    role: str
    role_name: str
    active: bool
    last_login: str | None
    is_me: bool


async def users_page(request: web.Request) -> web.StreamResponse:
    require_admin(request)
    flash = (await get_session(request)).pop(FLASH, None)
    return await _render(request, flash=flash if isinstance(flash, str) else None)


async def _render(
    request: web.Request,
    *,
    flash: str | None = None,
    error: str | None = None,
    status: int = 200,
    entered: dict[str, str] | None = None,
) -> web.StreamResponse:
    cases = request.app[CASES]
    _lang, t = texts(request)
    me: StaffUser = request[USER]
    rows = [
        UserRow(
            id=u.id,
            name=u.name,
            email=u.email,
            role=u.role.value,
            role_name=t["role"].get(u.role.value, u.role.value),
            active=bool(u.active),
            last_login=local_time(u.last_login_at, cases.tz, t) if u.last_login_at else None,
            is_me=u.id == me.id,
        )
        for u in await cases.list_staff_users()
    ]
    context: dict[str, Any] = {
        "current": "admin_users",
        "rows": rows,
        "roles": [(r.value, t["role"].get(r.value, r.value)) for r in StaffRole],
        "flash": flash,
        "error": error,
        "entered": entered or {"email": "", "name": "", "role": StaffRole.HANDLER.value},
    }
    return await page(request, "staff_users.html", context, status=status)


async def _flash(request: web.Request, flash: str) -> web.HTTPSeeOther:
    (await get_session(request))[FLASH] = flash
    return web.HTTPSeeOther(request.app.router["admin-users"].url_for())


def _target(request: web.Request) -> int:
    raw = request.match_info["user"]
    if not raw.isdigit() or len(raw) > 12:
        raise Refused(404)
    return int(raw)


def _role(value: str) -> StaffRole:
    try:
        return StaffRole(value)
    except ValueError:
        raise Refused(400) from None


async def _one_time(request: web.Request, heading: str, user: StaffUser, password: str) -> web.StreamResponse:
    return await page(
        request,
        "staff_password.html",
        {"current": "admin_users", "heading": heading, "person": user, "password": password},
    )


async def add_user(request: web.Request) -> web.StreamResponse:
    """POST: a new staff user with a random one-time password, shown once on the result page."""
    admin = require_admin(request)
    data = await form(request)
    entered = {
        "email": one_line(data, "email", required=False)[:MAX_EMAIL],
        "name": one_line(data, "name", required=False)[:MAX_NAME],
        "role": one_line(data, "role", required=False),
    }
    role = _role(entered["role"])
    if not EMAIL.fullmatch(entered["email"]):
        return await _render(request, error="user_bad_email", status=400, entered=entered)
    if not entered["name"]:
        return await _render(request, error="user_no_name", status=400, entered=entered)
    password = generate_password()
    try:
        user = await request.app[CASES].staff.add(
            entered["email"], entered["name"], role, password, actor=Actor.staff(admin.id), one_time=True
        )
    except StaffUserExists:
        return await _render(request, error="user_exists", status=409, entered=entered)
    return await _one_time(request, "user_added", user, password)


async def _change(request: web.Request, what: str, value: Any = None) -> StaffUser:
    """One change to another user by the signed-in admin; 404 for no such user."""
    admin = require_admin(request)
    staff, actor, target = request.app[CASES].staff, Actor.staff(admin.id), _target(request)
    try:
        if what == "active":
            return await staff.set_active(target, bool(value), actor=actor)
        return await staff.set_role(target, value, actor=actor)
    except StaffUserNotFound:
        raise Refused(404) from None


async def _guarded(request: web.Request, what: str, value: Any, flash: str) -> web.StreamResponse:
    try:
        changed = await _change(request, what, value)
    except LastActiveAdmin:
        return await _render(request, error="last_admin", status=409)
    if changed.id == request[USER].id and (changed.role is not StaffRole.ADMIN or not changed.active):
        raise web.HTTPSeeOther(request.app.router["queue"].url_for())  # no longer an admin: the admin page is closed
    raise await _flash(request, flash)


async def disable_user(request: web.Request) -> web.StreamResponse:
    """POST: the user can no longer sign in, and their sessions end at once."""
    return await _guarded(request, "active", False, "user_disabled")


async def enable_user(request: web.Request) -> web.StreamResponse:
    return await _guarded(request, "active", True, "user_enabled")


async def change_role(request: web.Request) -> web.StreamResponse:
    require_admin(request)
    role = _role(one_line(await form(request), "role"))
    return await _guarded(request, "role", role, "user_role_changed")


async def reset_password(request: web.Request) -> web.StreamResponse:
    """POST: a random one-time password for another user (their sessions end); your own is on My account."""
    admin = require_admin(request)
    target = _target(request)
    if target == admin.id:
        raise Refused(409, "user_own_password")
    staff = request.app[CASES].staff
    try:
        password = await staff.reset_password(target, actor=Actor.staff(admin.id))
    except StaffUserNotFound:
        raise Refused(404) from None
    user = next(u for u in await staff.list() if u.id == target)
    return await _one_time(request, "user_password_reset", user, password)
