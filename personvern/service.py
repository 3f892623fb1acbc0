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
from personvern.wiring import case_service, classifier_process, database_ready

__all__ = ["serve"]

log = logging.getLogger("personvern")


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run until ``stop`` is set."""
    async with case_service(settings) as cases, classifier_process(settings) as classifier:
        log.info("loading the NLU model")
        log.info("NLU model %s loaded", await asyncio.to_thread(classifier.start))
        await _serve_with(settings, cases, classifier, stop)


async def _serve_with(settings: Settings, cases: CaseService, classifier: TextClassifier, stop: asyncio.Event) -> None:
    probe = DependencyProbe(cases.engine, classifier)
    runner = web.AppRunner(create_app(settings, classifier, health=probe.status), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.web.host, settings.web.port)
    intake = await IntakeApp.build(settings, cases=cases, classifier=classifier, sink=settings.is_local)
    await intake.warm_up()
    freeze_startup_heap()
    intake_task = asyncio.create_task(intake.run(stop, ready=lambda: database_ready(settings, cases.engine)))
    try:
        await site.start()
        log.info("web and API on http://%s:%s (POST /api/classify)", settings.web.host, settings.web.port)
        log.info("mail to %s on %s:%s", ", ".join(settings.smtp.mailboxes), settings.smtp.host, settings.smtp.port)
        log.info("ready; Ctrl-C stops")
        await stop.wait()
    finally:
        log.info("stopping")
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await intake_task
        await runner.cleanup()
