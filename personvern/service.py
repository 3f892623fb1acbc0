"""The running service (``make run``): web/API, email intake, outbox, sink relay.

One NLU model is loaded, in a process of its own (``bot.nlu.process``), and
shared by the channels.  Everything starts together and stops cleanly when
``stop`` is set (Ctrl-C).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import web

from api import create_app
from bot.cases import CaseService
from bot.config import Settings
from bot.dialogue.process import DialogueProcess
from bot.heap import freeze_startup_heap
from bot.nlu.process import ClassifierProcess
from chat import create_chat_app
from intake.health import DependencyProbe
from intake.service import IntakeApp
from personvern.action_server import action_server
from personvern.first_admin import ensure_first_admin
from personvern.ports import check_ports, ports_needed
from personvern.wiring import case_service, database_ready, model_with_dialogue
from staff import create_staff_app

__all__ = ["serve"]

log = logging.getLogger("personvern")


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run until ``stop`` is set."""
    check_ports(ports_needed(settings))
    async with case_service(settings) as cases, model_with_dialogue(settings) as (classifier, dialogue), \
            action_server(settings) as actions:
        log.info("loading the model (NLU and the chat's dialogue); starting the chat's action server")
        log.info("model %s loaded", await asyncio.to_thread(classifier.start))
        await actions.ready()
        await _serve_with(settings, cases, classifier, dialogue, stop)


async def _chat_redirect(request: web.Request) -> web.Response:
    raise web.HTTPPermanentRedirect("/chat/")


async def _serve_with(
    settings: Settings, cases: CaseService, classifier: ClassifierProcess, dialogue: DialogueProcess, stop: asyncio.Event
) -> None:
    probe = DependencyProbe(cases.engine, classifier)
    intake = await IntakeApp.build(settings, cases=cases, classifier=classifier, sink=settings.is_local)
    app = create_app(settings, classifier, health=probe.status)
    app.add_subapp("/staff/", create_staff_app(settings, cases, mailer=intake.mailer()))
    # The chat's mail (codes, receipts) is sent by its actions, in the action server, through the same outbox.
    app.add_subapp("/chat/", create_chat_app(settings, dialogue=dialogue, cases=cases))
    app.router.add_get("/chat", _chat_redirect)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.web.host, settings.web.port)
    await intake.warm_up()
    freeze_startup_heap()
    async def ready() -> None:
        await database_ready(settings, cases.engine)
        await ensure_first_admin(settings, cases)
        # "ready" only now: the staff pages and the chat need the migrated database and the first
        # staff user (mail is accepted before, and waits in the spool).
        log.info("ready; Ctrl-C stops")

    intake_task: asyncio.Task[None] | None = None
    try:
        await site.start()
        for line in where_things_are(settings):
            log.info("%s", line)
        intake_task = asyncio.create_task(intake.run(stop, ready=ready))  # after the lines above: "ready" ends them
        await stop.wait()
    finally:
        log.info("stopping")
        stop.set()
        if intake_task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await intake_task
        await runner.cleanup()


def where_things_are(settings: Settings) -> list[str]:
    """What ``make run`` prints once it is up: every address, folder and the first commands."""
    smtp, web = settings.smtp, settings.web
    lines = [
        f"mail to {', '.join(smtp.mailboxes)}: SMTP on {smtp.host}:{smtp.port}",
        f"web and API: http://{web.host}:{web.port} (POST /api/classify, GET /healthz)",
        f"staff web interface: http://{web.host}:{web.port}/staff/ (a staff user: var/first-admin.txt or personvern staff add)",
        f"website chat: http://{web.host}:{web.port}/chat/ (widget: /chat/widget.js; actions on 127.0.0.1:{settings.nlu.action_port})",
        f"spool: {settings.var_path(smtp.spool_dir)}",
    ]
    if settings.is_local:
        lines.append(f"replies (sink relay {settings.relay.host}:{settings.relay.port}): "
                     f"{settings.var_path(settings.relay.sink_dir)}")
    lines.append("cases: PERSONVERN_MODE=local .venv/bin/personvern cases list" if settings.is_local
                 else "cases: personvern cases list")
    return lines
