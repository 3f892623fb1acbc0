"""Security headers on every response, and the CSRF and Origin checks on every state change.

A state-changing request (POST, PUT, PATCH, DELETE) must carry this session's
CSRF token (form field ``_csrf`` or header ``X-CSRF-Token``, compared in
constant time) and come from this very site: its ``Origin`` header, or when a
browser sent none its ``Referer``, must name the request's own scheme, host
and port.  Anything else is refused with 403 before a handler runs.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp_session import get_session
from yarl import URL

from staff.errors import Refused
from staff.sessions import CSRF

__all__ = ["CSRF_FIELD", "SECURITY_HEADERS", "csrf_protect", "same_origin", "security_headers"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSRF_FIELD = "_csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
}
NO_STORE = {"Cache-Control": "no-store"}  # case pages hold personal data: never kept in caches


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The outermost middleware: every response, error pages and redirects included, gets the headers."""
    static = request.match_info.route.name == "static"
    extra = SECURITY_HEADERS if static else {**SECURITY_HEADERS, **NO_STORE}
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(extra)
        raise
    response.headers.update(extra)
    return response


def _origin(url: URL) -> tuple[str, str, int | None] | None:
    if not url.is_absolute() or not url.scheme or not url.host:
        return None
    return url.scheme.lower(), url.host.lower(), url.port  # yarl fills in the scheme's default port


def same_origin(request: web.Request) -> bool:
    """``Origin`` (or, failing that, ``Referer``) names this request's own scheme://host:port."""
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if not claimed or claimed == "null":
        return False
    try:
        own = _origin(URL.build(scheme=request.scheme, authority=request.host))
        return own is not None and _origin(URL(claimed)) == own
    except ValueError:  # a Host or Origin that is no URL at all
        return False


async def _sent_token(request: web.Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        value = (await request.post()).get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


@web.middleware
async def csrf_protect(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in UNSAFE_METHODS:
        if not same_origin(request):
            raise Refused(403, "error_403_csrf")
        expected = (await get_session(request)).get(CSRF)
        sent = await _sent_token(request)
        if not isinstance(expected, str) or not expected or not hmac.compare_digest(
            sent.encode("utf-8"), expected.encode("utf-8")
        ):
            raise Refused(403, "error_403_csrf")
    return await handler(request)
