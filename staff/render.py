"""Rendering a page: the template, the texts of the user's language and what every page needs."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import SESSION_KEY, Session, get_session

from staff.keys import JINJA, USER
from staff.sessions import CSRF, csrf_token
from staff.texts import texts_for

__all__ = ["error_page", "page", "texts"]


def texts(request: web.Request) -> tuple[str, dict[str, Any]]:
    """The language and texts for this request: the signed-in user's choice, else Bokmål."""
    user = request.get(USER)
    return texts_for(user.language if user is not None else None)


async def page(
    request: web.Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> web.Response:
    """Render ``template`` with the texts, the signed-in user and this session's CSRF token."""
    csrf = csrf_token(await get_session(request))
    return _render(request, template, context or {}, status, csrf)


def error_page(request: web.Request, status: int, message_key: str) -> web.Response:
    """An error page; outside the session middleware, so it only reuses a token that already exists."""
    session = request.get(SESSION_KEY)
    csrf = session.get(CSRF, "") if isinstance(session, Session) else ""
    _lang, t = texts(request)
    return _render(request, "error.html", {"status": status, "message": t[message_key]}, status, csrf)


def _render(request: web.Request, template: str, context: dict[str, Any], status: int, csrf: str) -> web.Response:
    lang, t = texts(request)
    base = {"t": t, "lang": lang, "user": request.get(USER), "csrf": csrf}
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status, app_key=JINJA)
