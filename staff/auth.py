"""Signing in and out, and the rule that every page but the login page needs a live session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp_session import get_session

from bot.cases import StaffUserNotFound
from staff.keys import CASES, CLOCK, USER
from staff.render import page
from staff.sessions import UID, Revocations, end_session, session_state, start_session, started_before
from staff.throttle import LoginThrottle

__all__ = ["PUBLIC_ROUTES", "REVOCATIONS", "THROTTLE", "login", "login_form", "logout", "require_login"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

THROTTLE = web.AppKey("staff_throttle", LoginThrottle)
REVOCATIONS = web.AppKey("staff_revocations", Revocations)
PUBLIC_ROUTES = frozenset({"login", "login-submit", "static"})
MAX_EMAIL, MAX_PASSWORD = 320, 1024


def _now(request: web.Request) -> float:
    return request.app[CLOCK]().timestamp()


def _to_login(request: web.Request, notice: str | None = None) -> web.HTTPSeeOther:
    url = request.app.router["login"].url_for()
    return web.HTTPSeeOther(url.with_query(notice=notice) if notice else url)


ONE_TIME_ROUTES = frozenset({"account", "account-password", "account-language", "logout", "static"})
"""All a user with a one-time password may open until they have chosen their own."""


@web.middleware
async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Load the signed-in user into ``request[USER]``, or send the browser to the login page."""
    if request.match_info.route.name in PUBLIC_ROUTES:
        return await handler(request)
    session = await get_session(request)
    uid = session_state(session, _now(request), request.app[REVOCATIONS])
    if uid is None:
        if UID not in session:  # never signed in: keep its CSRF token for a login form in another tab
            raise _to_login(request)
        session.invalidate()
        raise _to_login(request, "expired")
    try:
        request[USER] = await request.app[CASES].get_staff_user(uid)
    except StaffUserNotFound:  # removed or disabled since signing in
        session.invalidate()
        raise _to_login(request) from None
    if not request[USER].active:
        session.invalidate()
        raise _to_login(request)
    valid_from = request[USER].sessions_valid_from
    if started_before(session, valid_from.timestamp() if valid_from is not None else None):
        session.invalidate()  # the password was changed or reset since this session signed in
        raise _to_login(request, "expired")
    if request[USER].must_change_password and request.match_info.route.name not in ONE_TIME_ROUTES:
        raise web.HTTPSeeOther(request.app.router["account"].url_for().with_query(notice="change_password"))
    return await handler(request)


async def login_form(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    if session_state(session, _now(request), request.app[REVOCATIONS]) is not None:
        raise web.HTTPSeeOther(request.app.router["queue"].url_for())
    notice = {"expired": "session_expired", "logged_out": "logged_out"}.get(request.query.get("notice", ""))
    return await page(request, "login.html", {"notice": notice, "error": None, "email": ""})


async def login(request: web.Request) -> web.StreamResponse:
    """Check the credentials (argon2, in the case store); throttled; one generic message for every failure."""
    form = await request.post()
    email = str(form.get("email", ""))[:MAX_EMAIL].strip()
    password = str(form.get("password", ""))[:MAX_PASSWORD]
    address = request.remote or "unknown"
    now = _now(request)
    throttle = request.app[THROTTLE]
    if not throttle.begin(email, address, now):
        return await page(request, "login.html", {"notice": None, "error": "login_throttled", "email": email}, status=429)
    user = await request.app[CASES].authenticate(email, password) if email and password else None
    if user is None:
        return await page(request, "login.html", {"notice": None, "error": "login_failed", "email": email}, status=401)
    throttle.succeeded(email, address, now)
    await end_session(request, now, request.app[REVOCATIONS])  # whatever session came before is over
    await start_session(request, user.id, now)
    raise web.HTTPSeeOther(request.app.router["queue"].url_for())


async def logout(request: web.Request) -> web.StreamResponse:
    await end_session(request, _now(request), request.app[REVOCATIONS])
    raise _to_login(request, "logged_out")
