"""The model process's turn server: chat turns run concurrently beside the intake's classify calls.

The model process takes one call at a time from its pool (``bot.nlu.process``);
a chat turn spends much of its time waiting for the action server (a form asks
it twice a turn), and while it waited every other visitor's turn queued behind
it.  So the dialogue has an event loop of its own in a thread of the model
process, serving ``POST /turn`` on a Unix socket that only this user can open
(its directory is private): turns interleave while one waits on an action, as
in Rasa's own server, and they share the one model with the pool's calls
(``bot.nlu.graph`` runs the model's graph one prediction at a time).

The body is ``{"sender", "text", "metadata", "count", "last"}``: the
conversation's events are not sent when the engine kept its tracker from the
last turn (``count`` events, the last one's timestamp ``last``); when it did not
(another instance served that turn, the process restarted) the answer is 409
and the caller sends them (``"events"``).  The answer is ``{"new_events",
"replies", "slots"}``: only the events the turn added.  A failure is
``{"error", "transient"}`` with status 500.  The caller is our own web process
(``DialogueProcess``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from typing import Any

from aiohttp import web

from bot.dialogue.engine import DialogueEngine
from bot.errors import TransientError

__all__ = ["PATH", "start_turn_server"]

log = logging.getLogger(__name__)
PATH = "/turn"
MAX_BODY = 64 * 1024 * 1024  # a long conversation's events; the channel bounds each message


def _app(engine: DialogueEngine) -> web.Application:
    async def turn(request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json()
        sender, text, metadata = body["sender"], body["text"], body["metadata"]
        try:
            if body.get("events") is None:  # the tracker kept from the last turn, if it is the caller's
                done = await engine.continue_turn(sender, body["count"], body.get("last"), text, metadata)
                if done is None:
                    return web.json_response({"error": "not kept: send the events"}, status=409)
                new = done.events
            else:
                done = await engine.turn(sender, body["events"], text, metadata)
                new = done.events[len(body["events"]):]
        except Exception as exc:  # noqa: BLE001 - reported to the caller, which decides
            log.exception("chat turn failed in the model process")
            return web.json_response({"error": type(exc).__name__, "transient": isinstance(exc, TransientError)},
                                     status=500)
        return web.json_response({"new_events": new, "replies": [r.to_json() for r in done.replies],
                                  "slots": done.slots})

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(PATH, turn)
    return app


def start_turn_server(engine: DialogueEngine, socket_path: str, timeout: float = 30.0) -> threading.Thread:
    """Serve ``engine``'s turns on ``socket_path`` from a daemon thread; returns once it listens."""
    listening = threading.Event()
    failed: list[BaseException] = []

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            runner = web.AppRunner(_app(engine), access_log=None, handle_signals=False)
            loop.run_until_complete(runner.setup())
            with contextlib.suppress(FileNotFoundError):
                os.unlink(socket_path)  # a dead predecessor's socket
            loop.run_until_complete(web.UnixSite(runner, socket_path).start())
            os.chmod(socket_path, 0o600)
        except BaseException as exc:  # noqa: BLE001 - handed to the starting thread
            failed.append(exc)
            listening.set()
            return
        listening.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, name="dialogue-turns", daemon=True)
    thread.start()
    if not listening.wait(timeout):
        raise RuntimeError("the dialogue's turn server did not start")
    if failed:
        raise RuntimeError(f"the dialogue's turn server did not start: {failed[0]}") from failed[0]
    return thread
