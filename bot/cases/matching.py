"""The finders behind threading: the case a message cites, duplicates, the duplicate chain.

Each finder runs inside the caller's transaction and only *finds*; what a
match means for a sender who is not the case's requester is decided in one
place, ``bot.cases.threads``.  A ``PV-yyyy-nnnn`` reference and our own
outbound Message-IDs are citations from any address; a Message-ID the
requester chose (one of their own mails) counts only from the requester,
since anyone who saw the mail could quote it.
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
    "merge_sensitive_categories",
]

DUPLICATE_WINDOW = timedelta(days=30)


def merge_sensitive_categories(case: Case, request: CaseRequest) -> list[str]:
    """Flag the case with the further message's sensitive categories; returns those added."""
    seen = set(case.sensitive_categories or [])
    added = set(request.sensitive_categories) - seen
    if added:
        case.sensitive_categories = sorted(seen | added)
    return sorted(added)


def merge_request(case: Case, request: CaseRequest) -> list[str]:
    """Fold a further message from the requester into their case; returns the request types added."""
    merge_sensitive_categories(case, request)
    if not case.requester_name and request.requester.name:
        case.requester_name = request.requester.name
    added = (request.request_types & RIGHTS_REQUEST_TYPES) - case.request_types
    for request_type in sorted(added):
        case.request_type_rows.append(CaseRequestType(request_type=request_type))
    return sorted(t.value for t in added)


async def find_by_reference(session: AsyncSession, request: CaseRequest, message: NewMessage | None) -> Case | None:
    """The case whose reference the channel knows or the subject cites."""
    reference = request.reference or find_reference(message.subject if message else None)
    if reference is None:
        return None
    case: Case | None = await session.scalar(sa.select(Case).where(Case.reference == reference.upper()))
    return case


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
    for direction, cited in rows:
        # Our own Message-IDs are citations of the case; the requester's own ones count only from them.
        if direction is Direction.OUTBOUND or cited.requester_email == email:
            case: Case = cited
            return case
    return None


async def find_duplicate(
    session: AsyncSession, request: CaseRequest, email: str, received: datetime
) -> Case | None:
    case: Case | None = await session.scalar(
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
    return case


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
