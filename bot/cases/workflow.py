"""Staff work on a case: pick up, assign, move through the lifecycle, extend the deadline."""

from __future__ import annotations

from typing import Any

from bot.cases.deadlines import MAX_EXTENSION_MONTHS, due_legal
from bot.cases.enums import OPEN_STATUSES, CaseStatus, Channel, Direction, RequestType
from bot.cases.errors import CaseError, DeadlineExtensionRefused, NotAllowed
from bot.cases.inputs import Actor, NewMessage
from bot.cases.messages import attach_message
from bot.cases.models import Case, CaseRequestType
from bot.cases.store_transaction import Transaction

__all__ = ["assign", "check_extension", "correct_request_types", "extend_deadline", "pick_up", "transition"]


async def pick_up(tx: Transaction, reference: str, staff_user_id: int) -> Case:
    """Take a case: assign it to oneself and start work on a new one."""
    await tx.staff(staff_user_id, handler=True)
    case = await tx.case(reference, lock=True)
    if case.assignee_id not in (None, staff_user_id):
        raise NotAllowed(f"case {case.reference} is already picked up by someone else; use assign")
    actor = Actor.staff(staff_user_id)
    if case.assignee_id is None:
        case.assignee_id = staff_user_id
        case.picked_up_at = case.picked_up_at or tx.now
        tx.audit(case, actor, "picked_up", assignee_id=staff_user_id)
    if case.status is CaseStatus.NEW:
        tx.set_status(case, CaseStatus.IN_PROGRESS, actor)
    case.updated_at = tx.now
    return case


async def assign(tx: Transaction, reference: str, assignee_id: int | None, actor: Actor) -> Case:
    """Give a case to a handler (or nobody, with ``None``)."""
    await tx.check_actor(actor)
    if assignee_id is not None:
        await tx.staff(assignee_id, handler=True)
    case = await tx.case(reference, lock=True)
    previous = case.assignee_id
    if previous != assignee_id:
        case.assignee_id = assignee_id
        if assignee_id is not None and case.picked_up_at is None:
            case.picked_up_at = tx.now
        case.updated_at = tx.now
        tx.audit(case, actor, "assigned", from_assignee=previous, to_assignee=assignee_id)
    return case


async def transition(
    tx: Transaction,
    reference: str,
    target: CaseStatus,
    actor: Actor,
    reason: str | None = None,
    duplicate_of: str | None = None,
    masked_reason: str | None = None,
) -> Case:
    """Move a case through its lifecycle; ``IllegalTransition`` when the state machine forbids it.

    A ``reason`` is kept as an internal note on the case (the audit trail, which
    outlives purges, holds no free text), with ``masked_reason`` as what staff
    views show.  ``duplicate`` needs ``duplicate_of``.
    """
    await tx.check_actor(actor)
    case = await tx.case(reference, lock=True)
    detail: dict[str, Any] = {}
    if target is CaseStatus.DUPLICATE:
        if not duplicate_of:
            raise CaseError("marking a case duplicate needs the reference of the case it duplicates")
        original = await tx.case(duplicate_of)
        if original.id == case.id:
            raise CaseError("a case cannot duplicate itself")
        case.duplicate_of_id = original.id
        detail["duplicate_of"] = original.reference
    elif case.status is CaseStatus.DUPLICATE and target is CaseStatus.NEW:
        case.duplicate_of_id = None
    tx.set_status(case, target, actor, has_reason=bool(reason), **detail)
    if reason:
        note = NewMessage(
            Direction.NOTE, Channel.STAFF, reason, masked_text=masked_reason, author_staff_id=actor.staff_user_id
        )
        await attach_message(tx, case, note, actor)
    return case


def check_extension(months: int, reason: str) -> None:
    """GDPR art. 12(3): 1-2 months, with a recorded reason (checked before any database work)."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise DeadlineExtensionRefused(f"an extension is 1 to {MAX_EXTENSION_MONTHS} months, not {months}")
    if not reason or not reason.strip():
        raise DeadlineExtensionRefused("an extension needs a recorded reason")


async def extend_deadline(tx: Transaction, reference: str, months: int, reason: str, actor: Actor) -> Case:
    """Extend the legal deadline once, by 1-2 months, before it has passed."""
    check_extension(months, reason)
    await tx.check_actor(actor)
    case = await tx.case(reference, lock=True)
    if case.extension_months:
        raise DeadlineExtensionRefused(f"case {case.reference} was already extended once")
    if case.status not in OPEN_STATUSES:
        raise DeadlineExtensionRefused(f"case {case.reference} is {case.status.value}, not open")
    if tx.now > case.due_legal:
        raise DeadlineExtensionRefused(f"the legal deadline of {case.reference} has already passed")
    case.extension_months = months
    case.extension_reason = reason.strip()
    case.extended_at = tx.now
    case.due_legal = due_legal(case.received_at, tx.tz, months)
    case.updated_at = tx.now
    tx.audit(case, actor, "deadline_extended", months=months, due_legal=case.due_legal.isoformat())
    return case


async def correct_request_types(
    tx: Transaction, reference: str, request_types: frozenset[RequestType], actor: Actor
) -> Case:
    """Replace what the understanding layer read with what a person read; the case no longer needs review.

    The event keeps both sets, so corrections can be exported as labelled examples
    (``bot.cases.corrections``).  Deadlines stay: they run from receipt.
    """
    if not request_types:
        raise CaseError("a case asks for at least one thing; choose the request types")
    await tx.check_actor(actor)
    case = await tx.case(reference, lock=True)
    before = case.request_types
    if before == request_types and not case.review_reason:
        return case
    for row in [r for r in case.request_type_rows if r.request_type not in request_types]:
        case.request_type_rows.remove(row)
    for wanted in sorted(request_types - before):
        case.request_type_rows.append(CaseRequestType(request_type=wanted))
    case.review_reason = None
    case.updated_at = tx.now
    tx.audit(
        case,
        actor,
        "request_types_corrected",
        understood=sorted(t.value for t in before),
        corrected=sorted(t.value for t in request_types),
    )
    return case
