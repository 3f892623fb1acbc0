"""The chat's action server: rasa-sdk serving ``actions/`` on loopback, wired to the core's services.

``personvern run`` starts it as a child process (``python -m
personvern.chat_actions``) and stops it with the rest.  Here the composition
root builds what the actions use - the case store, the verifier and the email
channel's outbox as the ``Mailer`` - and hands it to ``actions.services``; the
outbox's sender in the main process delivers what is queued here.  The server
listens on 127.0.0.1 only: whoever reaches it can open cases.
"""

from __future__ import annotations

import logging
import os
import sys

from bot.config import Settings, load_settings

__all__ = ["ACTION_HOST", "action_services", "main"]

ACTION_HOST = "127.0.0.1"
log = logging.getLogger("personvern")


def _as_written(text: str, language: str) -> str:
    return text


def action_services(settings: Settings) -> object:
    """``actions.services.ActionServices`` on the configured database."""
    from actions.services import ActionServices
    from bot.cases import CaseService
    from bot.verification import VerificationLimits, Verifier
    from intake.mailer import OutboxMailer
    from intake.outbox import Outbox

    cases = CaseService.from_settings(settings)
    verifier = Verifier(cases.engine, secret=settings.secret_key, limits=VerificationLimits.from_settings(settings.chat))
    # The letters sent from here (codes, receipts) are our own texts with the visitor's name and
    # address at most: nothing for the sensitive-data detector, whose spaCy pipelines would cost
    # this process seconds at the first letter and memory ever after.
    mailer = OutboxMailer(settings, cases, Outbox(cases.engine, settings.raw_mail_key), masker=_as_written)
    return ActionServices(settings=settings, cases=cases, verifier=verifier, mailer=mailer)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("SANIC_NO_UVLOOP", "true")
    from actions import services as registry
    from bot.nlu.model import quiet_rasa

    quiet_rasa()
    settings = load_settings()
    found = action_services(settings)
    registry.configure(found)  # type: ignore[arg-type]
    from rasa_sdk.endpoint import create_app

    app = create_app("actions", cors_origins=None)
    for name in ("sanic.access", "sanic.root", "sanic.error", "rasa_sdk"):
        logging.getLogger(name).setLevel(logging.WARNING)

    @app.after_server_stop
    async def dispose(*_: object) -> None:
        await found.cases.dispose()  # type: ignore[attr-defined]

    log.info("chat action server on %s:%d", ACTION_HOST, settings.nlu.action_port)
    app.run(ACTION_HOST, settings.nlu.action_port, workers=1, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
