"""Building the parts every entry point needs, in one place.

The channels take their dependencies ready-made (``IntakeApp.build(settings,
cases=..., classifier=...)``); this module is where they are made: the case
store, the classifier, and the wait for a usable database.

``database_ready`` is what the service waits for before processing (not
before accepting mail: the listener runs without the database).  In local
mode it migrates (``make run`` on a fresh clone just works); elsewhere a
database that is behind is reported with the command that fixes it.  While
the database is away or behind it retries, so mail keeps being spooled and is
processed once it is back.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cases import CaseService
from bot.config import Settings
from bot.dialogue.process import DialogueProcess, dialogue_setup
from bot.heap import freeze_startup_heap
from bot.nlu.process import ClassifierProcess
from intake.service import IntakeApp
from personvern.ports import check_ports, ports_needed
from personvern.schema import require_schema, retry_until_ready, upgrade_async

__all__ = ["action_url", "case_service", "check_database", "classifier_process", "database_ready", "model_with_dialogue",
           "serve_intake"]

log = logging.getLogger("personvern")


@asynccontextmanager
async def case_service(settings: Settings) -> AsyncIterator[CaseService]:
    """The case store on the configured database (no connection is made yet)."""
    cases = CaseService.from_settings(settings)
    try:
        yield cases
    finally:
        await cases.dispose()


async def check_database(settings: Settings, engine: AsyncEngine) -> None:
    """Migrate (local mode) or check the schema once; raises what stands in the way."""
    if settings.is_local:
        await upgrade_async(engine)
    await require_schema(engine)


async def database_ready(settings: Settings, engine: AsyncEngine, *, max_delay: float = 30.0) -> None:
    """``check_database`` until it succeeds, waiting longer between tries (up to ``max_delay``)."""

    def waiting(exc: Exception, delay: float, attempt: int) -> None:
        log.warning("database not ready (%s); mail is accepted and waits in the spool; retrying in %.0f s",
                    exc, delay)

    await retry_until_ready(lambda: check_database(settings, engine), first_delay=1.0, max_delay=max_delay,
                            waiting=waiting)


def action_url(settings: Settings) -> str:
    """Where the chat's dialogue calls its custom actions (``personvern.chat_actions``, loopback)."""
    return f"http://127.0.0.1:{settings.nlu.action_port}/webhook"


@asynccontextmanager
async def classifier_process(settings: Settings) -> AsyncIterator[ClassifierProcess]:
    """The configured model in a child process (started lazily, closed on exit)."""
    classifier = ClassifierProcess.from_settings(settings)
    try:
        yield classifier
    finally:
        await asyncio.to_thread(classifier.close)


@asynccontextmanager
async def model_with_dialogue(settings: Settings) -> AsyncIterator[tuple[ClassifierProcess, DialogueProcess]]:
    """The model's child process serving the chat's dialogue too, on the same model
    (``bot.dialogue.process``), its turns on a Unix socket in a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="personvern-") as folder:  # mode 0700
        socket_path = str(Path(folder) / "turns.sock")
        classifier = ClassifierProcess.from_settings(settings, setup=dialogue_setup(action_url(settings), socket_path))
        dialogue = DialogueProcess(classifier, socket_path)
        try:
            yield classifier, dialogue
        finally:
            await dialogue.close()
            await asyncio.to_thread(classifier.close)


async def serve_intake(settings: Settings, stop: asyncio.Event, *, sink: bool | None = None) -> None:
    """``personvern intake serve``: the email service alone until ``stop``.

    Until the model is loaded, or while it is away, mail is accepted and waits
    in the spool.
    """
    sink = settings.is_local if sink is None else sink
    check_ports(ports_needed(settings, web=False, sink=sink))
    async with case_service(settings) as cases, classifier_process(settings) as classifier:
        app = await IntakeApp.build(
            settings, cases=cases, classifier=classifier, sink=sink
        )
        await app.warm_up()
        freeze_startup_heap()
        await app.run(stop, ready=lambda: database_ready(settings, cases.engine))
