"""Building the parts every entry point needs, in one place.

The channels take their dependencies ready-made (``IntakeApp.build(settings,
cases=..., classifier=...)``); this module is where they are made: the case
store on a migrated database, and the classifier.  In local mode the database
is migrated on start (``make run`` on a fresh clone just works); elsewhere a
database that is behind refuses to start with the command that fixes it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.cases import CaseService
from bot.config import Settings
from bot.heap import freeze_startup_heap
from bot.nlu.process import ClassifierProcess
from intake.service import IntakeApp
from personvern.schema import require_schema, upgrade_async

__all__ = ["case_service", "classifier_process", "serve_intake"]


@asynccontextmanager
async def case_service(settings: Settings) -> AsyncIterator[CaseService]:
    """The case store on the configured database, migrated (local mode) or checked."""
    cases = CaseService.from_settings(settings)
    try:
        if settings.is_local:
            await upgrade_async(cases.engine)
        await require_schema(cases.engine)
        yield cases
    finally:
        await cases.dispose()


@asynccontextmanager
async def classifier_process(settings: Settings) -> AsyncIterator[ClassifierProcess]:
    """The configured model in a child process (started lazily, closed on exit)."""
    classifier = ClassifierProcess.from_settings(settings)
    try:
        yield classifier
    finally:
        await asyncio.to_thread(classifier.close)


async def serve_intake(settings: Settings, stop: asyncio.Event, *, sink: bool | None = None) -> None:
    """``personvern intake serve``: the email service alone until ``stop``.

    Until the model is loaded, or while it is away, mail is accepted and waits
    in the spool.
    """
    async with case_service(settings) as cases, classifier_process(settings) as classifier:
        app = await IntakeApp.build(
            settings, cases=cases, classifier=classifier, sink=settings.is_local if sink is None else sink
        )
        await app.warm_up()
        freeze_startup_heap()
        await app.run(stop)
