"""My account: any signed-in user chooses the language of the pages and changes their own password.

A password change needs the current password (throttled like signing in),
follows the staff directory's policy (``bot.cases.passwords``), ends the
user's other sessions (``sessions_valid_from`` on the user, checked by
``staff.auth.require_login``) and gives this browser a new session id.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp_session import get_session
from multidict import MultiDictProxy

from bot.cases import Actor, StaffUser
from bot.cases.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from staff import auth
from staff.errors import Refused
from staff.keys import CASES, CLOCK, USER
from staff.render import page, texts
from staff.sessions import rotate_session
from staff.texts import TEXTS
from staff.views.forms import form

__all__ = ["FLASH", "account_page", "change_password", "password_problem", "set_language"]

FLASH = "account_flash"


async def account_page(request: web.Request) -> web.StreamResponse:
    return await _render(request)


async def _render(request: web.Request, *, error: str | None = None, status: int = 200) -> web.StreamResponse:
    user: StaffUser = request[USER]
    _lang, t = texts(request)
    flash = (await get_session(request)).pop(FLASH, None)
    limit = MAX_PASSWORD_LENGTH if error == "password_too_long" else MIN_PASSWORD_LENGTH
    context: dict[str, Any] = {
        "current": "account",
        "languages": [(code, texts["language_self"]) for code, texts in TEXTS.items()],
        "chosen": user.language if user.language in TEXTS else None,
        "flash": flash if isinstance(flash, str) else None,
        "error": str(t[error]).format(n=limit) if error else None,
        "min_length": MIN_PASSWORD_LENGTH,
    }
    return await page(request, "account.html", context, status=status)


def _done(request: web.Request, session: Any, flash: str) -> web.HTTPSeeOther:
    session[FLASH] = flash
    return web.HTTPSeeOther(request.app.router["account"].url_for())


async def set_language(request: web.Request) -> web.StreamResponse:
    """POST: the language of the pages for this user, from now on and on every device."""
    user: StaffUser = request[USER]
    language = (await form(request)).get("language")
    if not isinstance(language, str) or language not in TEXTS:
        raise Refused(400)
    await request.app[CASES].staff.set_language(user.id, language, actor=Actor.staff(user.id))
    raise _done(request, await get_session(request), "language_saved")


def password_problem(current: str, new: str, repeat: str) -> str | None:
    """The text key of what is wrong with a password change form, or None."""
    if not current or len(current) > MAX_PASSWORD_LENGTH:  # no password that long signs in
        return "password_wrong_current"
    if len(new) < MIN_PASSWORD_LENGTH:
        return "password_too_short"
    if len(new) > MAX_PASSWORD_LENGTH:
        return "password_too_long"
    if new != repeat:
        return "password_mismatch"
    if new == current:
        return "password_same"
    return None


async def change_password(request: web.Request) -> web.StreamResponse:
    """POST: the user's own password; a wrong current password changes nothing and counts as a failed sign-in."""
    user: StaffUser = request[USER]
    data = await form(request)
    current, new, repeat = (_secret(data, name) for name in ("current_password", "new_password", "repeat_password"))
    problem = password_problem(current, new, repeat)
    if problem is not None:
        return await _render(request, error=problem, status=400)
    throttle, address, now = request.app[auth.THROTTLE], request.remote or "unknown", _now(request)
    if not throttle.begin(user.email, address, now):
        return await _render(request, error="login_throttled", status=429)
    if not await request.app[CASES].staff.change_password(user.id, current, new):
        return await _render(request, error="password_wrong_current", status=400)
    throttle.succeeded(user.email, address, now)
    session = await rotate_session(request, user.id, _now(request), request.app[auth.REVOCATIONS])
    raise _done(request, session, "password_changed")


def _secret(data: MultiDictProxy[str | bytes | web.FileField], name: str) -> str:
    """A password field exactly as typed (blanks are part of a password); 400 when it is not text."""
    value = data.get(name, "")
    if not isinstance(value, str):
        raise Refused(400)
    return value


def _now(request: web.Request) -> float:
    return request.app[CLOCK]().timestamp()
