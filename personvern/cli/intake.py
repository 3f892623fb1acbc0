"""``personvern intake``: run the email service and look after its spool.

``serve`` runs the SMTP listener, the spool runner and the outbox sender (and,
in local mode or with ``--sink``, the sink relay that keeps outgoing mail as
files); Ctrl-C stops it cleanly.  ``status`` shows how much mail waits where;
``unshunt`` sends a shunted message through the pipeline again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from intake.spool import Spool

# Imports inside the command functions: see personvern/cli/__init__.py (start-up time).
__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("intake", help="the email intake: serve, status, unshunt")
    actions = p.add_subparsers(dest="intake_command", metavar="ACTION")
    actions.required = True
    serve = actions.add_parser("serve", help="receive mail, process it and send replies until Ctrl-C")
    group = serve.add_mutually_exclusive_group()
    group.add_argument("--sink", dest="sink", action="store_true", default=None, help="start the local sink relay")
    group.add_argument("--no-sink", dest="sink", action="store_false", help="do not start the sink relay")
    serve.set_defaults(func=_serve)
    status = actions.add_parser("status", help="messages waiting in the spool and the outbox (JSON)")
    status.set_defaults(func=_status)
    unshunt = actions.add_parser("unshunt", help="retry shunted messages (all, or the ids given)")
    unshunt.add_argument("ids", nargs="*")
    unshunt.set_defaults(func=_unshunt)


def _spool() -> tuple[Settings, Spool]:
    from bot.config import load_settings
    from intake.spool import Spool

    settings = load_settings(optional_secrets=True)  # counting and moving files opens no mail
    return settings, Spool(settings.var_path(settings.smtp.spool_dir), key=settings.raw_mail_key)


def _serve(args: argparse.Namespace) -> int:
    from personvern.cli.run import serve_until_signalled
    from personvern.wiring import serve_intake

    return serve_until_signalled(lambda settings, stop: serve_intake(settings, stop, sink=args.sink))


def _status(args: argparse.Namespace) -> int:
    from bot.cases import create_engine_from_settings
    from bot.errors import PersonvernError
    from intake.outbox import Outbox
    from personvern.schema import require_schema

    settings, spool = _spool()

    async def outbox_counts() -> dict[str, int]:
        engine = create_engine_from_settings(settings)
        try:
            await require_schema(engine)
            return await Outbox(engine, settings.raw_mail_key).counts()
        finally:
            await engine.dispose()

    try:
        counts = asyncio.run(outbox_counts())
    except PersonvernError as exc:  # schema behind, database away
        print(f"error: {exc}", file=sys.stderr)
        return 1
    json.dump({"spool": spool.counts(), "outbox": counts}, sys.stdout)
    sys.stdout.write("\n")
    return 0


def _unshunt(args: argparse.Namespace) -> int:
    _, spool = _spool()
    ids = args.ids or spool.shunted()
    for spool_id in ids:
        spool.unshunt(spool_id)
    print(f"{len(ids)} message(s) back in the queue")
    return 0
