"""The chat API: ``POST /chat/session`` and ``POST /chat/webhook`` (Rasa's REST-channel body).

Every way a request can be wrong is a 4xx with ``{"error": "..."}``: a foreign
or missing ``Origin`` (403), a body that is not JSON (400) or too large (413),
an unknown or expired sender (403), too many turns or sessions (429 with
``Retry-After``); a dependency that is away is 503.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web

from bot.errors import TransientError
from chat.keys import LIMITS, ORIGINS, SERVICE, SESSION_KEYS, SETTINGS, TIME
from chat.sessions import COOKIE

__all__ = ["json_error", "new_session", "preflight", "webhook"]

log = logging.getLogger(__name__)
LANGUAGES = ("nb", "nn", "en")
UNKNOWN_SESSION = "unknown or expired session: start a new one with POST /chat/session"


def json_error(status: type[web.HTTPException], message: str, **headers: str) -> web.HTTPException:
    text, extra = json.dumps({"error": message}), headers or None
    if status is web.HTTPRequestEntityTooLarge:
        return web.HTTPRequestEntityTooLarge(
            max_size=0, actual_size=0, text=text, content_type="application/json", headers=extra
        )
    return status(text=text, content_type="application/json", headers=extra)


def _check_origin(request: web.Request) -> None:
    origin = request.headers.get("Origin")
    if origin not in request.app[ORIGINS]:
        raise json_error(web.HTTPForbidden, "this origin may not use the chat")


def _client(request: web.Request) -> str:
    return request.remote or "unknown"


def _limited(request: web.Request, limit: Any, key: str) -> None:
    wait = limit.retry_after(key, request.app[TIME]())
    if wait is not None:
        raise json_error(web.HTTPTooManyRequests, "too many requests; try again later", **{"Retry-After": str(int(wait))})


def _set_cookie(request: web.Request, response: web.StreamResponse, sender: str) -> None:
    keys = request.app[SESSION_KEYS]
    secure = request.secure
    response.set_cookie(
        COOKIE, keys.cookie(sender, request.app[TIME]()), httponly=True, secure=secure, path="/chat",
        samesite="None" if secure else "Lax", max_age=int(keys.idle_seconds),
    )


async def preflight(request: web.Request) -> web.Response:
    _check_origin(request)
    return web.Response(status=204, headers={
        "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600",
    })


async def new_session(request: web.Request) -> web.Response:
    _check_origin(request)
    _limited(request, request.app[LIMITS].sessions_per_client, _client(request))
    sender = request.app[SESSION_KEYS].new_sender()
    response = web.json_response({"sender": sender})
    _set_cookie(request, response, sender)
    return response


async def _body(request: web.Request) -> dict[str, Any]:
    limit = request.app[SETTINGS].chat.max_message_chars * 4 + 4096  # UTF-8 and JSON escapes
    if request.content_length is not None and request.content_length > limit:
        raise json_error(web.HTTPRequestEntityTooLarge, "the message is too long")
    raw = await request.content.read(limit + 1)
    if len(raw) > limit:
        raise json_error(web.HTTPRequestEntityTooLarge, "the message is too long")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise json_error(web.HTTPBadRequest, "send a JSON object: {\"sender\": ..., \"message\": ...}") from None
    if not isinstance(body, dict):
        raise json_error(web.HTTPBadRequest, "send a JSON object: {\"sender\": ..., \"message\": ...}")
    return body


def _message(request: web.Request, body: dict[str, Any]) -> tuple[str, str, str | None]:
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not isinstance(message, str):
        raise json_error(web.HTTPBadRequest, "'sender' and 'message' must be strings")
    text = message.replace("\x00", " ").strip()
    if not text:
        raise json_error(web.HTTPBadRequest, "the message is empty")
    if len(text) > request.app[SETTINGS].chat.max_message_chars:
        raise json_error(web.HTTPRequestEntityTooLarge, "the message is too long")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise json_error(web.HTTPBadRequest, "the message is not valid Unicode text") from None
    metadata = body.get("metadata")
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return sender, text, language if language in LANGUAGES else None


async def webhook(request: web.Request) -> web.Response:
    """Rasa REST-channel turn: ``{"sender", "message"}`` -> ``[{"text", "buttons"?}, ...]``."""
    _check_origin(request)
    sender, text, language = _message(request, await _body(request))
    keys, limits = request.app[SESSION_KEYS], request.app[LIMITS]
    if not keys.valid(sender, request.cookies.get(COOKIE), request.app[TIME]()):
        raise json_error(web.HTTPForbidden, UNKNOWN_SESSION)
    sender_key = keys.digest("sender", sender)
    _limited(request, limits.turns_per_session, sender_key)
    _limited(request, limits.turns_per_client, _client(request))
    client = keys.digest("client", _client(request))[:32]
    try:
        replies = await request.app[SERVICE].turn(sender, sender_key, text, language=language, client=client)
    except TransientError as exc:
        log.warning("chat turn failed for now: %s", type(exc).__name__)
        raise json_error(web.HTTPServiceUnavailable, "the assistant is not available right now; try again shortly") from exc
    response = web.json_response([reply.to_json() for reply in replies])
    _set_cookie(request, response, sender)
    return response
