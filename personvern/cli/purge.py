"""``personvern purge [--dry-run]``: delete closed cases older than the retention period."""

from __future__ import annotations

import argparse

from bot.cases import CaseService
from personvern.cli.support import local_time, run_with_service

__all__ = ["register"]


def _purge(args: argparse.Namespace) -> int:
    async def work(service: CaseService) -> int:
        report = await service.purge(dry_run=args.dry_run)
        verb = "would purge" if report.dry_run else "purged"
        cutoff = local_time(report.cutoff, service.tz)
        print(
            f"{verb} {len(report.references)} case(s) closed before {cutoff} ({service.retention_months} months)"
        )
        for reference in report.references:
            print(f"  {reference}")
        return 0

    return run_with_service(work)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "purge", help="delete closed cases older than retention_months with their messages and raw mail"
    )
    parser.add_argument("--dry-run", action="store_true", help="only list what would be purged")
    parser.set_defaults(func=_purge)
