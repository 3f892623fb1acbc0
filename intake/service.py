"""The email service in one object: listener, spool runner, outbox sender, sink.

``IntakeApp.build(settings)`` wires the components from settings;
``serve(settings, stop)`` runs them until ``stop`` is set (``personvern intake
serve``; ``personvern.service`` can call it for ``make run``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.heap import freeze_startup_heap
from intake.delivery import DeliveryFailureRecorder
from intake.ledger import Ledger
from intake.outbox import Outbox, OutboxSender, RelayConfig
from intake.pipeline import Services
from intake.processor import MessageProcessor
from intake.runner import SpoolRunner, default_worker_name
from intake.sink import SinkRelay
from intake.smtp import IntakeSMTPServer
from intake.spool import Spool
from intake.tables import require_schema

__all__ = ["IntakeApp", "serve"]

log = logging.getLogger(__name__)

# Messages in flight at once (see intake.runner): enough to overlap one message's
# commit with the next one's classification on two cores.
PROCESSING_CONCURRENCY = 4


def _detector() -> Any:
    import bot.sensitive as detector

    return detector


def _statement() -> Any:
    import bot.statement as statement

    return statement


@dataclass
class IntakeApp:
    settings: Settings
    spool: Spool
    services: Services
    processor: MessageProcessor
    runner: SpoolRunner
    sender: OutboxSender
    smtp: IntakeSMTPServer | None = None
    sink: SinkRelay | None = None

    @classmethod
    async def build(
        cls,
        settings: Settings,
        *,
        cases: Any = None,
        classifier: Any = None,
        worker: str | None = None,
        replies: bool = True,
        listen: bool = True,
        sink: bool = False,
        poll_interval: float = 1.0,
        spool_dir: str | None = None,
        concurrency: int = PROCESSING_CONCURRENCY,
    ) -> IntakeApp:
        from bot.cases import CaseService
        from personvern.schema import upgrade_async
        from intake.nlu import LazyClassifier

        worker = worker or default_worker_name()
        if cases is None:
            cases = CaseService.from_settings(settings)
            await upgrade_async(cases.engine)
        await require_schema(cases.engine)
        if classifier is None:
            classifier = LazyClassifier(settings.path(settings.nlu.model_dir), settings.nlu.fallback_threshold)
        outbox = Outbox(cases.engine, settings.raw_mail_key)
        services = Services(
            settings=settings,
            ledger=Ledger(cases.engine, worker),
            outbox=outbox,
            cases=cases,
            classifier=classifier,
            detector=_detector(),
            statement=_statement(),
        )
        spool = Spool(spool_dir or settings.path(settings.smtp.spool_dir), key=settings.raw_mail_key)
        sender = OutboxSender(
            outbox,
            RelayConfig.from_settings(settings),
            worker,
            poll_interval=poll_interval,
            on_give_up=DeliveryFailureRecorder(cases),
        )
        processor = MessageProcessor(services, replies_enabled=replies, on_reply_queued=sender.notify)
        runner = SpoolRunner(spool, processor, worker, poll_interval=poll_interval, concurrency=concurrency)
        app = cls(settings, spool, services, processor, runner, sender)
        if listen:
            app.smtp = IntakeSMTPServer.from_settings(settings, spool, on_spooled=runner.notify)
        if sink:
            app.sink = SinkRelay.from_settings(settings)
        return app

    async def warm_up(self) -> None:
        """Load what the first message would otherwise load (detector word forms, spaCy pipelines)."""
        detector = self.services.detector
        if detector is not None:
            for language in ("nb", "en"):
                await asyncio.to_thread(detector.detect, "varm opp", language)

    async def run(self, stop: asyncio.Event) -> None:
        """Start everything, run until ``stop`` is set, then stop in reverse order."""
        if self.sink is not None:
            self.sink.start()
            log.info("sink relay on %s:%s -> %s", self.sink.hostname, self.sink.port, self.settings.relay.sink_dir)
        # Finish what a previous run left half-done before taking new mail.
        self.spool.recover()
        tasks = [asyncio.create_task(self.runner.run()), asyncio.create_task(self.sender.run())]
        if self.smtp is not None:
            self.smtp.start()
            log.info("SMTP intake on %s:%s", self.smtp.hostname, self.smtp.port)
        try:
            await stop.wait()
        finally:
            if self.smtp is not None:
                self.smtp.stop()
            self.runner.stop()
            self.sender.stop()
            for task in tasks:
                with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(task, 30)
            if self.sink is not None:
                self.sink.stop()
            await self.services.cases.dispose()


async def serve(settings: Settings, stop: asyncio.Event, *, sink: bool | None = None) -> None:
    """Run the email service (with the local sink relay in local mode) until ``stop``.

    The model runs in a process of its own (``bot.nlu.process``); until it is
    loaded, or while it is away, mail is accepted and waits in the spool.
    """
    from bot.nlu.process import ClassifierProcess

    classifier = ClassifierProcess.from_settings(settings, scan_sensitive=False)  # the pipeline scans
    try:
        app = await IntakeApp.build(settings, classifier=classifier, sink=settings.is_local if sink is None else sink)
        await app.warm_up()
        freeze_startup_heap()
        await app.run(stop)
    finally:
        await asyncio.to_thread(classifier.close)
