"""``personvern cases list|show|pick|close|corrections``: a staff console for cases beside the web interface.

Commands that act as a staff user take ``--as EMAIL`` (or ``PERSONVERN_STAFF_EMAIL``);
everything they do is recorded in the case's audit trail under that user.
"""

from __future__ import annotations

import argparse
import json
import os

from bot.cases import (
    OPEN_STATUSES,
    Actor,
    CaseError,
    CaseFilter,
    CaseService,
    CaseStatus,
    RequestType,
    StaffUserNotFound,
)
from bot.cases.models import Case
from intake.delivery import DELIVERY_FAILED
from personvern.cli.support import local_time, run_with_service

__all__ = ["register"]

STAFF_EMAIL_ENV = "PERSONVERN_STAFF_EMAIL"


async def _staff_id(service: CaseService, email: str | None) -> int:
    if not email:
        raise StaffUserNotFound(f"say who you are: --as EMAIL or {STAFF_EMAIL_ENV}")
    user = await service.find_staff_user(email)
    if user is None or not user.active:
        raise StaffUserNotFound(f"no active staff user {email}")
    return int(user.id)


def _types(case: Case) -> str:
    return ",".join(sorted(t.value for t in case.request_types))


def _list(args: argparse.Namespace) -> int:
    async def work(service: CaseService) -> int:
        if args.overdue:
            cases = await service.list_overdue(deadline=args.deadline)
        else:
            statuses = frozenset(CaseStatus(s) for s in args.status) if args.status else None
            if statuses is None and not args.all:
                statuses = OPEN_STATUSES
            cases = await service.list_cases(
                CaseFilter(
                    statuses=statuses,
                    request_type=RequestType(args.type) if args.type else None,
                    order_by=f"due_{args.deadline}",
                    limit=args.limit,
                )
            )
        print(
            f"{'REFERENCE':<14} {'STATUS':<19} {'DUE (14 d)':<17} {'DUE (LEGAL)':<17} {'ASSIGNEE':<24} TYPES"
        )
        for case in cases:
            assignee = case.assignee.email if case.assignee else "-"
            print(
                f"{case.reference:<14} {case.status.value:<19} {local_time(case.due_internal, service.tz):<17} "
                f"{local_time(case.due_legal, service.tz):<17} {assignee:<24} {_types(case)}"
            )
        return 0

    return run_with_service(work)


def _show(args: argparse.Namespace) -> int:
    async def work(service: CaseService) -> int:
        case = await service.get_case(args.reference)
        tz = service.tz
        print(f"{case.reference}  {case.status.value}  ({_types(case)}, via {case.channel.value})")
        print(f"requester:  {case.requester_name or '-'} <{case.requester_email}>", end="")
        print(
            f"  identity {'verified (' + (case.identity_method or '?') + ')' if case.identity_verified else 'not verified'}"
        )
        print(f"received:   {local_time(case.received_at, tz)}   language: {case.language or '-'}")
        print(
            f"due:        {local_time(case.due_internal, tz)} (14 days)   {local_time(case.due_legal, tz)} (legal)"
        )
        if case.extension_months:
            print(f"extended:   {case.extension_months} month(s): {case.extension_reason}")
        print(f"assignee:   {case.assignee.email if case.assignee else '-'}")
        if case.sensitive_categories:
            print(f"sensitive:  {', '.join(case.sensitive_categories)}")
        undelivered = {
            event.detail.get("message_id"): event
            for event in await service.audit_trail(case.reference)
            if event.action == DELIVERY_FAILED
        }
        if undelivered:
            print(f"delivery:   {len(undelivered)} reply(s) NOT delivered to the requester (see below)")
        unmasked: dict[int, str] = {}
        if args.unmasked:
            staff_id = await _staff_id(service, args.as_email)
            if not (args.reason or "").strip():
                raise CaseError("say why you need the unmasked text: --reason TEXT (kept on the audit trail)")
            unmasked = {
                m.message_pk: m.text
                for m in await service.record_unmasked_view(case.reference, staff_id, reason=args.reason)
            }
        for message in case.messages:
            print(
                f"\n--- {message.direction.value} {message.channel.value} {local_time(message.created_at, tz)}"
                f"  {message.subject or ''}"
            )
            failure = undelivered.get(message.message_id) if message.message_id else None
            if failure is not None:
                print(
                    f"NOT DELIVERED: outbox gave up {local_time(failure.created_at, tz)} after "
                    f"{failure.detail.get('attempts', '?')} attempt(s) ({failure.detail.get('error', '?')})"
                )
            if message.attachments:
                print("attachments: " + ", ".join(str(a.get("filename")) for a in message.attachments))
            if message.id in unmasked:
                print(unmasked[message.id])
            elif message.masked_text is not None:
                print(message.masked_text)
            else:
                print("[text not masked; view with --unmasked --as EMAIL, which is recorded]")
        return 0

    return run_with_service(work)


def _pick(args: argparse.Namespace) -> int:
    async def work(service: CaseService) -> int:
        case = await service.pick_up(args.reference, await _staff_id(service, args.as_email))
        print(f"{case.reference} picked up; status {case.status.value}")
        return 0

    return run_with_service(work)


def _close(args: argparse.Namespace) -> int:
    async def work(service: CaseService) -> int:
        actor = Actor.staff(await _staff_id(service, args.as_email))
        case = await service.get_case(args.reference, with_messages=False)
        if case.status in (CaseStatus.IN_PROGRESS, CaseStatus.AWAITING_REQUESTER):
            case = await service.transition(
                case.reference, CaseStatus.RESOLVED, actor=actor, reason=args.reason
            )
        case = await service.transition(case.reference, CaseStatus.CLOSED, actor=actor)
        print(f"{case.reference} closed")
        return 0

    return run_with_service(work)


def _corrections(args: argparse.Namespace) -> int:
    """Staff corrections of request types as JSON lines: masked text and the types a person chose."""

    async def work(service: CaseService) -> int:
        for example in await service.labelled_examples():
            print(json.dumps(example.as_json(), ensure_ascii=False))
        return 0

    return run_with_service(work)


def _add_as(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_email",
        default=os.environ.get(STAFF_EMAIL_ENV),
        help=f"your staff email ({STAFF_EMAIL_ENV})",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("cases", help="cases: list, show, pick, close, corrections")
    sub = parser.add_subparsers(dest="cases_command", metavar="ACTION")
    sub.required = True

    lst = sub.add_parser("list", help="open cases, soonest deadline first")
    lst.add_argument("--status", action="append", choices=[s.value for s in CaseStatus], help="repeatable")
    lst.add_argument("--type", choices=[t.value for t in RequestType])
    lst.add_argument("--all", action="store_true", help="include closed, resolved, rejected, ...")
    lst.add_argument("--overdue", action="store_true", help="only open cases past the deadline")
    lst.add_argument("--deadline", choices=["internal", "legal"], default="internal")
    lst.add_argument("--limit", type=int, default=100)
    lst.set_defaults(func=_list)

    show = sub.add_parser("show", help="a case and its messages (masked text unless --unmasked)")
    show.add_argument("reference")
    show.add_argument(
        "--unmasked", action="store_true", help="show unmasked text (recorded in the audit trail)"
    )
    show.add_argument("--reason", help="why you need the unmasked text (required with --unmasked; audited)")
    _add_as(show)
    show.set_defaults(func=_show)

    corrections = sub.add_parser(
        "corrections", help="staff corrections of request types as JSON lines (masked text), for training"
    )
    corrections.set_defaults(func=_corrections)

    pick = sub.add_parser("pick", help="pick up a case: assign it to yourself and start work")
    pick.add_argument("reference")
    _add_as(pick)
    pick.set_defaults(func=_pick)

    close = sub.add_parser("close", help="close a case (resolving it first when it is being worked on)")
    close.add_argument("reference")
    close.add_argument("--reason", help="kept as an internal note on the case")
    _add_as(close)
    close.set_defaults(func=_close)
