"""The chat's action server: rasa-sdk serving ``actions/`` on loopback, wired to the core's services.

``personvern run`` starts it as a child process (``python -m
personvern.chat_actions``) and stops it with the rest.  Here the composition
root builds what the actions use - the case store, the verifier and the email
channel's outbox as the ``Mailer`` - and hands it to ``actions.services``.
What is queued here (codes, receipts) is sent at once by an outbox sender of
this process, woken by the mailer: the main process's sender would find it only
at its next poll, up to a second later, while the visitor waits for the code.
Both senders claim rows with a lease (``intake.outbox``), so nothing goes twice,
and the main one still retries what fails here.  The server listens on
127.0.0.1 only: whoever reaches it can open cases.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import TYPE_CHECKING

from bot.config import Settings, load_settings

if TYPE_CHECKING:  # imported where used: the server's start-up loads only what it runs
    from actions.services import ActionServices
    from intake.outbox import OutboxSender

__all__ = ["ACTION_HOST", "action_services", "main"]

ACTION_HOST = "127.0.0.1"
SENDER_POLL_SECONDS = 60.0  # woken by every letter queued here; the main process's sender retries
log = logging.getLogger("personvern")


def _as_written(text: str, language: str) -> str:
    return text


def action_services(settings: Settings, queued: asyncio.Event) -> tuple[ActionServices, OutboxSender]:
    """``actions.services.ActionServices`` on the configured database, and the outbox sender its mailer wakes.
    ``queued`` is set with the first letter queued here: the outbox table exists then."""
    from actions.services import ActionServices
    from bot.cases import CaseService
    from bot.verification import VerificationLimits, Verifier
    from intake.delivery import DeliveryFailureRecorder
    from intake.mailer import OutboxMailer
    from intake.outbox import Outbox, OutboxSender, RelayConfig
    from intake.runner import default_worker_name

    cases = CaseService.from_settings(settings)
    verifier = Verifier(cases.engine, secret=settings.secret_key, limits=VerificationLimits.from_settings(settings.chat))
    outbox = Outbox(cases.engine, settings.raw_mail_key)
    sender = OutboxSender(outbox, RelayConfig.from_settings(settings), f"{default_worker_name()}-chat",
                          poll_interval=SENDER_POLL_SECONDS, on_give_up=DeliveryFailureRecorder(cases))
    # The letters sent from here (codes, receipts) are our own texts with the visitor's name and
    # address at most: nothing for the sensitive-data detector, whose spaCy pipelines would cost
    # this process seconds at the first letter and memory ever after.

    def wake() -> None:
        queued.set()
        sender.notify()

    mailer = OutboxMailer(settings, cases, outbox, masker=_as_written, on_queued=wake)
    return ActionServices(settings=settings, cases=cases, verifier=verifier, mailer=mailer), sender


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("SANIC_NO_UVLOOP", "true")
    from actions import services as registry
    from bot.nlu.model import quiet_rasa

    quiet_rasa()
    settings = load_settings()
    queued = asyncio.Event()
    found, sender = action_services(settings, queued)
    registry.configure(found)
    from rasa_sdk.endpoint import create_app

    app = create_app("actions", cors_origins=None)
    for name in ("sanic.access", "sanic.root", "sanic.error", "rasa_sdk", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)

    sending: list[asyncio.Task[None]] = []
    migrated = asyncio.Event()

    async def send_once_migrated() -> None:
        from personvern.schema import wait_for_schema

        # The main service migrates once its model is loaded; a code queued here proves it has, and
        # must go at once, not after wait_for_schema's next try.
        await wait_for_schema(found.cases.engine, or_until=queued)
        migrated.set()
        await sender.run(wait_first=True)

    @app.after_server_start
    async def start_sending(*_: object) -> None:
        sending.append(asyncio.create_task(send_once_migrated()))

    @app.after_server_stop
    async def dispose(*_: object) -> None:
        sender.stop()
        if not migrated.is_set():  # still waiting for the schema: nothing was queued or sent
            for task in sending:
                task.cancel()
        await asyncio.gather(*sending, return_exceptions=True)
        await found.cases.dispose()

    log.info("chat action server on %s:%d", ACTION_HOST, settings.nlu.action_port)
    app.run(ACTION_HOST, settings.nlu.action_port, workers=1, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
