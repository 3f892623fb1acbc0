"""``create_chat_app(settings, dialogue=..., cases=...)``: the website chat as an aiohttp sub-application.

The composition root mounts it at ``/chat``: ``POST /chat/session`` and
``POST /chat/webhook`` (``chat.views``), the widget (``/chat/widget.js``,
``/chat/widget.css``) and a demo page (``/chat/``).  Every response carries
security headers; the API answers in JSON only, errors included, and allows
the configured site origins (CORS with credentials, ``[chat] site_origins``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path

from aiohttp import web

from bot.cases import CaseService
from bot.cases.models import utcnow
from bot.config import ConfigError, Settings
from bot.crypto import cipher_for
from bot.dialogue import Dialogue
from chat import views
from chat.conversation import ChatService, warm_up
from chat.keys import LIMITS, ORIGINS, SERVICE, SESSION_KEYS, SETTINGS, TIME, Limits
from chat.locks import LocalLocks, RedisLocks, SenderLocks
from chat.sessions import SessionKeys
from chat.store import ConversationStore

__all__ = ["create_chat_app"]

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " \
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def allowed_origins(settings: Settings) -> frozenset[str]:
    """The configured site origins and the service's own (``localhost`` too when it is on loopback)."""
    own = {f"http://{settings.web.host}:{settings.web.port}"}
    if settings.web.host in ("127.0.0.1", "localhost"):
        own |= {f"http://localhost:{settings.web.port}", f"http://127.0.0.1:{settings.web.port}"}
    return frozenset({o.rstrip("/") for o in settings.chat.site_origins} | own)


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if exc.content_type != "application/json" and exc.status >= 400:
            exc = views.json_error(type(exc), exc.reason or "error")
        response = exc
    except Exception as exc:  # never a text/plain 500 with a traceback's worth of detail
        log.exception("chat request failed (%s)", type(exc).__name__)
        response = views.json_error(web.HTTPInternalServerError, "something went wrong on our side")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")
    if response.content_type == "text/html":
        response.headers["Content-Security-Policy"] = PAGE_CSP
    origin = request.headers.get("Origin")
    if origin and origin in request.app[ORIGINS]:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Vary"] = "Origin"
    if isinstance(response, web.HTTPException):
        raise response
    return response


async def _static(request: web.Request) -> web.FileResponse:
    name = request.match_info.get("name") or "demo.html"
    types = {"widget.js": "text/javascript", "widget.css": "text/css", "demo.html": "text/html"}
    response = web.FileResponse(STATIC / name, headers={"Content-Type": types[name] + "; charset=utf-8"})
    return response


async def _warm_up(_: web.Application) -> AsyncIterator[None]:
    """The detectors load in the background as the app starts (see ``chat.conversation.warm_up``)."""
    task = asyncio.create_task(asyncio.to_thread(warm_up))
    yield
    if not task.done():
        await asyncio.wait([task])  # a thread cannot be cancelled: let it finish before the loop closes


def create_chat_app(
    settings: Settings,
    *,
    dialogue: Dialogue,
    cases: CaseService,
    clock: Callable[[], datetime] = utcnow,
    now: Callable[[], float] = time.time,
) -> web.Application:
    """The chat on ``dialogue`` (``bot.dialogue.process.DialogueProcess`` in ``personvern run``)."""
    if not settings.secret_key:
        raise ConfigError("the chat needs secret_key (PERSONVERN_SECRET_KEY) for its sessions")
    chat = settings.chat
    app = web.Application(middlewares=[headers])
    app[SETTINGS] = settings
    app[SESSION_KEYS] = SessionKeys(settings.secret_key, chat.session_minutes * 60)
    app[ORIGINS] = allowed_origins(settings)
    app[LIMITS] = Limits.from_settings(chat)
    app[TIME] = now
    store = ConversationStore(cases.engine, cipher_for(settings.raw_mail_key))
    locks: SenderLocks = RedisLocks(chat.redis_url) if chat.redis_url else LocalLocks()
    app[SERVICE] = ChatService(dialogue, store, cases, hostname=settings.smtp.hostname, clock=clock, locks=locks)
    app.cleanup_ctx.append(_warm_up)
    if isinstance(locks, RedisLocks):
        redis_locks = locks

        async def redis_ctx(_: web.Application) -> AsyncIterator[None]:
            yield
            await redis_locks.close()

        app.cleanup_ctx.append(redis_ctx)
    app.router.add_post("/session", views.new_session)
    app.router.add_post("/webhook", views.webhook)
    app.router.add_route("OPTIONS", "/{path:session|webhook}", views.preflight)
    app.router.add_get("/", _static)
    app.router.add_get("/{name:widget\\.js|widget\\.css}", _static)
    return app
