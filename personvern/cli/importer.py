"""``personvern import PATH``: run an mbox/Maildir/.eml backlog through the intake pipeline.

Each message is spooled first (so an interrupted import loses nothing and can
simply be run again: Message-IDs already processed are skipped), then
processed exactly like mail received over SMTP.  Replies are off unless
``--replies`` is given: a backlog's senders should not get a burst of mail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI starts fast: the heavy imports wait for the command that needs them
    from bot.cases import CaseService
    from bot.config import Settings
    from bot.nlu.classifier import TextClassifier
    from intake.service import IntakeApp

# Imports inside the command functions: see personvern/cli/__init__.py (start-up time).
__all__ = ["register", "import_path"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import an mbox, Maildir or .eml backlog through the pipeline")
    p.add_argument("path", type=Path)
    p.add_argument("--replies", action="store_true", help="queue automatic replies (off by default)")
    p.set_defaults(func=_run)


async def import_path(
    path: Path, settings: Settings, *, cases: CaseService, classifier: TextClassifier, replies: bool = False
) -> dict[str, int]:
    """Spool and process every message under ``path``; returns counts."""
    from intake.service import IntakeApp

    # A spool of its own: the running service's mail must never be processed with replies off.
    spool_dir = str(settings.var_path(settings.smtp.spool_dir) / "import")
    app = await IntakeApp.build(
        settings, cases=cases, classifier=classifier, replies=replies, listen=False, worker="import", spool_dir=spool_dir
    )
    return await _drain(app, path)


async def _import_configured(path: Path, settings: Settings, replies: bool) -> dict[str, int]:
    from personvern.wiring import case_service, check_database, classifier_process

    async with case_service(settings) as cases, classifier_process(settings) as classifier:
        await check_database(settings, cases.engine)
        return await import_path(path, settings, cases=cases, classifier=classifier, replies=replies)


async def _drain(app: IntakeApp, path: Path) -> dict[str, int]:
    from bot.mailtext import iter_mail_files
    from intake.spool import Envelope

    app.spool.recover()
    unreadable = spooled = 0
    for _ident, raw, error in iter_mail_files(path):
        if error or not raw:
            unreadable += 1
            continue
        app.spool.store(raw, Envelope(mail_from="", rcpt_tos=(), source="import"))
        spooled += 1
    while True:
        before = app.runner.stats.processed + app.runner.stats.shunted
        await app.runner.drain_once()
        if app.runner.backing_off:
            raise RuntimeError("a dependency is unavailable (database or NLU model); run the import again later")
        if app.runner.stats.processed + app.runner.stats.shunted == before and not app.spool.pending():
            break
    stats = app.runner.stats
    return {"spooled": spooled, "unreadable": unreadable, "processed": stats.processed, "shunted": stats.shunted}


def _run(args: argparse.Namespace) -> int:
    from bot.config import load_settings
    from bot.errors import PersonvernError

    logging.basicConfig(level=logging.WARNING)
    if not args.path.exists():
        print(f"error: {args.path} does not exist", file=sys.stderr)
        return 2
    settings = load_settings()
    try:
        result = asyncio.run(_import_configured(args.path, settings, args.replies))
    except (RuntimeError, PersonvernError) as exc:  # a dependency away, the schema behind
        print(f"error: {exc}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0 if not result["shunted"] and not result["unreadable"] else 1
