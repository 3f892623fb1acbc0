"""``personvern purge [--dry-run]``: delete closed cases older than the retention period.

The case store's purge, the email channel's (outbox rows, ledger entries,
then spool files) and the chat's (the conversations of purged cases) run in
one unit of work: a case is either gone with everything the channels kept
about it, or not at all.  Then the chat forgets conversations idle for longer
than a session and expired one-time codes (``chat.retention``).
"""

from __future__ import annotations

import argparse

from bot.cases import Actor, CaseService
from personvern.cli.support import local_time, run_with_service

__all__ = ["register"]


def _purge(args: argparse.Namespace) -> int:
    async def work(service: CaseService) -> int:
        from bot.cases.models import utcnow
        from bot.config import load_settings
        from chat.retention import purge_case_conversations, purge_expired
        from intake.retention import purge_intake_rows, remove_spool_files
        from intake.spool import Spool

        settings = load_settings(optional_secrets=True)

        async with service.unit_of_work() as uow:
            report = await uow.purge(dry_run=args.dry_run)
            intake = await purge_intake_rows(uow.session, report.references, dry_run=args.dry_run)
            chats = await purge_case_conversations(uow.session, report.references, dry_run=args.dry_run)
            if report.references and not args.dry_run:
                uow.audit(None, Actor.system(), "intake_records_purged", cases=len(report.references),
                          outbox_rows=intake.outbox_rows, ledger_rows=intake.ledger_rows, chat_conversations=chats)
        files = 0
        if not args.dry_run and intake.spool_ids:
            files = remove_spool_files(Spool(settings.var_path(settings.smtp.spool_dir)), intake.spool_ids)
        expired = None if args.dry_run else await purge_expired(service.engine, settings.chat, utcnow())
        verb = "would purge" if report.dry_run else "purged"
        cutoff = local_time(report.cutoff, service.tz)
        print(
            f"{verb} {len(report.references)} case(s) closed before {cutoff} ({service.retention_months} months)"
        )
        for reference in report.references:
            print(f"  {reference}")
        if report.references:
            print(f"with {intake.outbox_rows} queued or sent repl(ies), {intake.ledger_rows} intake record(s)"
                  + (f" and {files} spool file(s)" if not report.dry_run else "")
                  + (f"; {chats} chat conversation(s)" if chats else ""))
        if expired is not None:
            print(f"chat: {expired.idle_conversations} idle conversation(s) and "
                  f"{expired.verification_rows} expired verification record(s) removed")
        return 0

    return run_with_service(work)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "purge", help="delete closed cases older than retention_months with their messages and raw mail"
    )
    parser.add_argument("--dry-run", action="store_true", help="only list what would be purged")
    parser.set_defaults(func=_purge)
