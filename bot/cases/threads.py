"""Which case an inbound message belongs to: the one threading rule, for every channel.

Order: the same Message-ID already stored (re-delivery) -> the case the
message cites (a ``PV-yyyy-nnnn`` reference, or In-Reply-To/References naming
one of our messages) -> an open case of the same requester and request type
received within 30 days (duplicate) -> a new case.  A thread whose case is
closed opens a follow-up linked to it.

The rule for citations from another address: a mail from the requester's
address threads onto the case; one that cites the case from any other
address is attached to it flagged ``from_other_address``.  It never changes
the requester, their name, the identity state, the request types or the
status, and it gets none of the case's automatic replies
(``ThreadResult.from_other_address``).  A citation of a closed case from
another address opens a case of the sender's own instead.
"""

from __future__ import annotations

import dataclasses
from datetime import timezone

import sqlalchemy as sa

from bot.cases.deadlines import due_internal, due_legal
from bot.cases.enums import CaseStatus, Direction
from bot.cases.inputs import Actor, CaseRequest, NewMessage, normalize_email, parse_message_ids
from bot.cases.locks import lock_for_decision
from bot.cases.matching import (
    find_by_reference,
    find_by_thread,
    find_duplicate,
    follow_duplicate_chain,
    merge_request,
    merge_sensitive_categories,
)
from bot.cases.messages import attach_message
from bot.cases.models import Case, CaseRequestType, Message
from bot.cases.references import allocate_reference
from bot.cases.results import MatchKind, ThreadResult
from bot.cases.store_transaction import Transaction

__all__ = ["open_case", "open_or_find_case_for_thread"]


async def open_case(tx: Transaction, request: CaseRequest, email: str, follows_up: Case | None) -> Case:
    """A new case for ``request`` with both deadlines counted from its receipt."""
    received = (request.received_at or tx.now).astimezone(timezone.utc)
    requester = request.requester
    case = Case(
        reference=await allocate_reference(tx.session, received.astimezone(tx.tz).year),
        requester_email=email,
        requester_name=requester.name,
        identity_verified=requester.identity_verified,
        identity_method=requester.identity_method,
        channel=request.channel,
        language=request.language,
        sensitive_categories=sorted(request.sensitive_categories),
        status=CaseStatus.NEW,
        follows_up_id=follows_up.id if follows_up else None,
        received_at=received,
        created_at=tx.now,
        updated_at=tx.now,
        due_internal=due_internal(received, tx.tz),
        due_legal=due_legal(received, tx.tz),
        request_type_rows=[CaseRequestType(request_type=t) for t in sorted(request.request_types)],
        review_reason=request.review_reason,
    )
    tx.session.add(case)
    await tx.session.flush()
    tx.audit(
        case,
        Actor.system(),
        "case_opened",
        channel=request.channel.value,
        request_types=sorted(t.value for t in request.request_types),
        follows_up=follows_up.reference if follows_up else None,
        review=request.review_reason,
    )
    return case


async def _redelivered(tx: Transaction, message: NewMessage | None, email: str) -> ThreadResult | None:
    """The stored copy of this very message from this sender, if it came before."""
    message_id = parse_message_ids(message.message_id) if message and message.message_id else ()
    if not message_id:
        return None
    known = (
        await tx.session.execute(
            sa.select(Message, Case)
            .join(Case, Message.case_id == Case.id)
            .where(
                Message.message_id == message_id[0],
                Message.direction == Direction.INBOUND,
                sa.or_(Case.requester_email == email, Message.sender == email),
            )
            .limit(1)
        )
    ).first()
    return ThreadResult(known[1], known[0], MatchKind.EXISTING_MESSAGE) if known is not None else None


async def _cited_case(
    tx: Transaction, request: CaseRequest, message: NewMessage | None, email: str
) -> tuple[Case | None, MatchKind]:
    case = await find_by_reference(tx.session, request, message)
    match = MatchKind.REFERENCE
    if case is None:
        case = await find_by_thread(tx.session, message, email)
        match = MatchKind.THREAD
    if case is not None:
        case = await follow_duplicate_chain(tx.session, case)
    return case, match


async def _attach_from_other_address(
    tx: Transaction, case: Case, request: CaseRequest, message: NewMessage | None, email: str
) -> ThreadResult:
    added = merge_sensitive_categories(case, request)
    case.updated_at = tx.now
    tx.audit(case, Actor.system(), "case_matched", match=MatchKind.OTHER_ADDRESS.value, sensitive_added=added)
    stored = None
    if message is not None:
        flagged = dataclasses.replace(message, from_other_address=True, sender=email)
        stored = (await attach_message(tx, case, flagged, Actor.system())).message
    return ThreadResult(case, stored, MatchKind.OTHER_ADDRESS)


async def open_or_find_case_for_thread(
    tx: Transaction, request: CaseRequest, message: NewMessage | None = None
) -> ThreadResult:
    """Find the case an inbound message belongs to, or open one; store the message on it."""
    email = normalize_email(request.requester.email)
    if message is not None and message.direction is not Direction.INBOUND:
        raise ValueError("open_or_find_case_for_thread takes inbound messages only")
    if message is not None and message.sender is None:
        message = dataclasses.replace(message, sender=email)
    known = await _redelivered(tx, message, email)
    if known is not None:
        return known
    case, match = await _cited_case(tx, request, message, email)
    if case is not None and case.requester_email != email:
        if case.status is not CaseStatus.CLOSED:
            return await _attach_from_other_address(tx, case, request, message, email)
        case = None  # a stranger citing a closed case: their own case, not a follow-up of someone else's
    if case is None:
        match = MatchKind.DUPLICATE
        received = (request.received_at or tx.now).astimezone(timezone.utc)
        # Two mails of one person at the same instant must not both find "no open case".
        await lock_for_decision(tx.session, "open-case", email)
        case = await find_duplicate(tx.session, request, email, received)
    if case is None or case.status is CaseStatus.CLOSED:
        follows_up = case
        match = MatchKind.FOLLOW_UP if follows_up else MatchKind.NEW
        case = await open_case(tx, request, email, follows_up)
    else:
        added = merge_request(case, request)
        case.updated_at = tx.now
        tx.audit(case, Actor.requester(), "case_matched", match=match.value, added_types=added)
    stored = None
    if message is not None:
        stored = (await attach_message(tx, case, message, Actor.requester())).message
    return ThreadResult(case, stored, match)
