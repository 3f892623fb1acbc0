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
from bot.heap import freeze_startup_heap
from bot.nlu.classifier import TextClassifier
from intake.health import DependencyProbe
from intake.service import IntakeApp
from personvern.first_admin import ensure_first_admin
from personvern.ports import check_ports, ports_needed
from personvern.wiring import case_service, classifier_process, database_ready
from staff import create_staff_app

__all__ = ["serve"]

log = logging.getLogger("personvern")


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run until ``stop`` is set."""
    check_ports(ports_needed(settings))
    async with case_service(settings) as cases, classifier_process(settings) as classifier:
        log.info("loading the NLU model")
        log.info("NLU model %s loaded", await asyncio.to_thread(classifier.start))
        await _serve_with(settings, cases, classifier, stop)


async def _serve_with(settings: Settings, cases: CaseService, classifier: TextClassifier, stop: asyncio.Event) -> None:
    probe = DependencyProbe(cases.engine, classifier)
    intake = await IntakeApp.build(settings, cases=cases, classifier=classifier, sink=settings.is_local)
    app = create_app(settings, classifier, health=probe.status)
    app.add_subapp("/staff/", create_staff_app(settings, cases, mailer=intake.mailer()))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.web.host, settings.web.port)
    await intake.warm_up()
    freeze_startup_heap()
    async def ready() -> None:
        await database_ready(settings, cases.engine)
        await ensure_first_admin(settings, cases)

    intake_task = asyncio.create_task(intake.run(stop, ready=ready))
    try:
        await site.start()
        for line in where_things_are(settings):
            log.info("%s", line)
        log.info("ready; Ctrl-C stops")
        await stop.wait()
    finally:
        log.info("stopping")
        stop.set()
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
        f"spool: {settings.var_path(smtp.spool_dir)}",
    ]
    if settings.is_local:
        lines.append(f"replies (sink relay {settings.relay.host}:{settings.relay.port}): "
                     f"{settings.var_path(settings.relay.sink_dir)}")
    lines.append("cases: PERSONVERN_MODE=local .venv/bin/personvern cases list" if settings.is_local
                 else "cases: personvern cases list")
    return lines
