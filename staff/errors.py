"""Errors as pages: refused requests, case-store errors and the unexpected, each with its status.

``Refused(status, text_key)`` is what the staff app's own code raises; the
case store's errors are mapped here once (not found 404, not allowed 403,
conflicts 409, a database away 503), and anything unexpected is logged and
shown as a plain 500 page that reveals nothing of the error.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.cases import (
    CaseError,
    CaseNotFound,
    ConcurrentUpdate,
    IllegalTransition,
    NotAllowed,
    StaffUserNotFound,
)
from bot.errors import TransientError
from staff.render import error_page

__all__ = ["Refused", "error_pages"]

log = logging.getLogger("staff")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Refused(Exception):
    """Stop the request with ``status`` and the text ``message_key`` (nothing has been changed)."""

    def __init__(self, status: int, message_key: str | None = None) -> None:
        super().__init__(status, message_key)
        self.status = status
        self.message_key = message_key or f"error_{status}"


_CASE_ERRORS: tuple[tuple[type[Exception], int], ...] = (
    (CaseNotFound, 404),
    (StaffUserNotFound, 403),
    (NotAllowed, 403),
    (IllegalTransition, 409),
    (ConcurrentUpdate, 409),  # before TransientError: it is both
    (TransientError, 503),
    (CaseError, 409),  # the rest of the store's refusals: e.g. a second extension, a case duplicating itself
)


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Refused as exc:
        return error_page(request, exc.status, exc.message_key)
    except web.HTTPException as exc:
        if exc.status in (404, 405):  # from the router: a page of ours instead of plain text
            response = error_page(request, exc.status, f"error_{exc.status}")
            if "Allow" in exc.headers:
                response.headers["Allow"] = exc.headers["Allow"]
            return response
        raise
    except Exception as exc:
        for kind, status in _CASE_ERRORS:
            if isinstance(exc, kind):
                log.info("staff %s %s: %s (%s)", request.method, request.path, type(exc).__name__, status)
                response = error_page(request, status, f"error_{status}")
                if status == 503:
                    response.headers["Retry-After"] = "10"
                return response
        log.exception("staff %s %s failed", request.method, request.path)
        return error_page(request, 500, "error_500")
