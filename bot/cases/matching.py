"""How an inbound message finds its case: reference, thread headers, duplicates.

Each finder runs inside the caller's transaction.  The trust rules protect
requesters from each other: a ``PV-yyyy-nnnn`` reference or a sender-chosen
Message-ID only counts when the sender is the case's requester, while our own
outbound Message-IDs (unguessable) count from any address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.enums import OPEN_STATUSES, RIGHTS_REQUEST_TYPES, CaseStatus, Direction
from bot.cases.inputs import CaseRequest, NewMessage, parse_message_ids
from bot.cases.models import Case, CaseRequestType, Message
from bot.cases.references import find_reference

__all__ = [
    "DUPLICATE_WINDOW",
    "find_by_reference",
    "find_by_thread",
    "find_duplicate",
    "follow_duplicate_chain",
    "merge_request",
]

DUPLICATE_WINDOW = timedelta(days=30)


def merge_request(case: Case, request: CaseRequest) -> list[str]:
    """Fold a further message's findings into an existing case; returns the request types added."""
    seen = set(case.sensitive_categories or [])
    if not set(request.sensitive_categories) <= seen:
        case.sensitive_categories = sorted(seen | set(request.sensitive_categories))
    if not case.requester_name and request.requester.name:
        case.requester_name = request.requester.name
    added = (request.request_types & RIGHTS_REQUEST_TYPES) - case.request_types
    for request_type in sorted(added):
        case.request_type_rows.append(CaseRequestType(request_type=request_type))
    return sorted(t.value for t in added)


async def find_by_reference(
    session: AsyncSession, request: CaseRequest, message: NewMessage | None, email: str
) -> Case | None:
    reference = request.reference or find_reference(message.subject if message else None)
    if reference is None:
        return None
    case = await session.scalar(sa.select(Case).where(Case.reference == reference.upper()))
    # A reference is guessable: only the case's own requester may add to it this way.
    if case is not None and case.requester_email == email:
        return case
    return None


async def find_by_thread(session: AsyncSession, message: NewMessage | None, email: str) -> Case | None:
    if message is None:
        return None
    ids = parse_message_ids([message.in_reply_to or "", *message.references])
    if not ids:
        return None
    rows = await session.execute(
        sa.select(Message.direction, Case)
        .join(Case, Message.case_id == Case.id)
        .where(Message.message_id.in_(ids))
        .order_by(Message.id.desc())
    )
    for direction, case in rows:
        # Our own Message-IDs are unguessable; the sender's own ones count only from that sender.
        if direction is Direction.OUTBOUND or case.requester_email == email:
            return case
    return None


async def find_duplicate(
    session: AsyncSession, request: CaseRequest, email: str, received: datetime
) -> Case | None:
    return await session.scalar(
        sa.select(Case)
        .join(CaseRequestType, CaseRequestType.case_id == Case.id)
        .where(
            Case.requester_email == email,
            Case.status.in_(OPEN_STATUSES),
            Case.received_at >= received - DUPLICATE_WINDOW,
            CaseRequestType.request_type.in_(request.request_types),
        )
        .order_by(Case.received_at.desc(), Case.id.desc())
        .limit(1)
    )


async def follow_duplicate_chain(session: AsyncSession, case: Case) -> Case:
    """A case marked duplicate hands its messages to the case it duplicates."""
    seen = {case.id}
    while case.status is CaseStatus.DUPLICATE and case.duplicate_of_id and case.duplicate_of_id not in seen:
        original = await session.get(Case, case.duplicate_of_id)
        if original is None:
            break
        seen.add(original.id)
        case = original
    return case
