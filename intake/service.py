"""The email service in one object: listener, spool runner, outbox sender, sink.

``IntakeApp.build(settings, cases=..., classifier=...)`` wires the channel's
own components around a case store and a classifier made by the caller (the
composition root, ``personvern.wiring``), and ``run(stop)`` runs them until
``stop`` is set.  The caller owns what it passed in and closes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import bot.sensitive as detector
import bot.statement as statement
from bot.cases import CaseService
from bot.config import Settings
from bot.nlu.classifier import TextClassifier
from intake.delivery import DeliveryFailureRecorder
from intake.health import DependencyProbe
from intake.ledger import Ledger
from intake.mailer import OutboxMailer
from intake.outbox import Outbox, OutboxSender, RelayConfig
from intake.pipeline import Services
from intake.processor import MessageProcessor
from intake.runner import SpoolRunner, default_worker_name
from intake.sink import SinkRelay
from intake.smtp import IntakeSMTPServer
from intake.spool import Spool
from intake.triage import PoisonTriage

__all__ = ["IntakeApp"]

log = logging.getLogger(__name__)

# Messages in flight at once (see intake.runner): enough to overlap one message's
# commit with the next one's classification on two cores.
PROCESSING_CONCURRENCY = 4


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
        cases: CaseService,
        classifier: TextClassifier,
        worker: str | None = None,
        replies: bool = True,
        listen: bool = True,
        sink: bool = False,
        poll_interval: float = 1.0,
        spool_dir: str | None = None,
        concurrency: int = PROCESSING_CONCURRENCY,
    ) -> IntakeApp:
        """The channel's components; ``cases`` must be on a migrated database."""
        worker = worker or default_worker_name()
        outbox = Outbox(cases.engine, settings.raw_mail_key)
        services = Services(
            settings=settings,
            ledger=Ledger(cases.engine, worker),
            outbox=outbox,
            cases=cases,
            classifier=classifier,
            detector=detector,
            statement=statement,
        )
        spool = Spool(spool_dir or settings.var_path(settings.smtp.spool_dir), key=settings.raw_mail_key)
        sender = OutboxSender(
            outbox,
            RelayConfig.from_settings(settings),
            worker,
            poll_interval=poll_interval,
            on_give_up=DeliveryFailureRecorder(cases),
        )
        processor = MessageProcessor(services, replies_enabled=replies, on_reply_queued=sender.notify)
        runner = SpoolRunner(
            spool,
            processor,
            worker,
            poll_interval=poll_interval,
            concurrency=concurrency,
            probe=DependencyProbe(cases.engine, classifier),
            on_poison=PoisonTriage(cases),
        )
        app = cls(settings, spool, services, processor, runner, sender)
        if listen:
            app.smtp = IntakeSMTPServer.from_settings(settings, spool, on_spooled=runner.notify)
        if sink:
            app.sink = SinkRelay.from_settings(settings)
        return app

    def mailer(self) -> OutboxMailer:
        """Letters (staff replies, notices, chat mail) through this channel's outbox and sender."""
        assert self.services.cases is not None and self.services.outbox is not None
        return OutboxMailer(self.settings, self.services.cases, self.services.outbox, on_queued=self.sender.notify)

    async def warm_up(self) -> None:
        """Load what the first message would otherwise load (detector word forms, spaCy pipelines)."""
        detector = self.services.detector
        if detector is not None:
            for language in ("nb", "en"):
                await asyncio.to_thread(detector.detect, "varm opp", language)

    async def run(self, stop: asyncio.Event, *, ready: Callable[[], Coroutine[Any, Any, None]] | None = None) -> None:
        """Start everything, run until ``stop`` is set, then stop in reverse order.

        The listener starts first and needs only the spool: mail is accepted
        even while ``ready`` (the composition root's "database reachable and
        migrated") is still waiting; the runner and the outbox sender start
        when it returns.
        """
        if self.sink is not None:
            self.sink.start()
            log.info("sink relay on %s:%s -> %s", self.sink.hostname, self.sink.port, self.settings.relay.sink_dir)
        if self.smtp is not None:
            self.smtp.start()
            log.info("SMTP intake on %s:%s", self.smtp.hostname, self.smtp.port)
        tasks: list[asyncio.Task[None]] = []
        try:
            if ready is not None:
                waiting = asyncio.create_task(ready())
                stopping = asyncio.create_task(stop.wait())
                await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
                stopping.cancel()
                if not waiting.done():
                    waiting.cancel()
                    return
                waiting.result()
            # Finish what a previous run left half-done before taking new mail.
            self.spool.recover()
            tasks = [asyncio.create_task(self.runner.run()), asyncio.create_task(self.sender.run())]
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

