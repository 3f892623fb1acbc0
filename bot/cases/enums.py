"""The closed vocabularies of the case store.

Values are stored as plain strings (no native database enums), so adding a
member later needs no ALTER TYPE on PostgreSQL.
"""

from __future__ import annotations

import enum

__all__ = [
    "ActorKind",
    "CaseStatus",
    "Channel",
    "Direction",
    "OPEN_STATUSES",
    "RIGHTS_REQUEST_TYPES",
    "RequestType",
    "StaffRole",
]


class RequestType(str, enum.Enum):
    """What the requester wants: the GDPR rights (``bot.nlu.intents.ALL_RIGHTS``), a question, or other."""

    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    WITHDRAW_CONSENT = "withdraw_consent"
    OBJECTION = "objection"  # art. 21
    RESTRICTION = "restriction"  # art. 18
    PORTABILITY = "portability"  # art. 20
    AUTOMATED_DECISION = "automated_decision"  # art. 22
    QUESTION = "question"
    OTHER = "other"


RIGHTS_REQUEST_TYPES: frozenset[RequestType] = frozenset(
    {
        RequestType.ACCESS,
        RequestType.RECTIFICATION,
        RequestType.ERASURE,
        RequestType.WITHDRAW_CONSENT,
        RequestType.OBJECTION,
        RequestType.RESTRICTION,
        RequestType.PORTABILITY,
        RequestType.AUTOMATED_DECISION,
    }
)


class CaseStatus(str, enum.Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    AWAITING_REQUESTER = "awaiting_requester"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"
    SPAM = "spam"
    DUPLICATE = "duplicate"


# Cases that still owe the requester an answer: deadlines and duplicate detection look only at these.
OPEN_STATUSES: frozenset[CaseStatus] = frozenset(
    {CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.AWAITING_REQUESTER}
)


class Channel(str, enum.Enum):
    EMAIL = "email"
    CHAT = "chat"
    STAFF = "staff"


class Direction(str, enum.Enum):
    INBOUND = "in"
    OUTBOUND = "out"
    NOTE = "note"


class ActorKind(str, enum.Enum):
    STAFF = "staff"
    REQUESTER = "requester"
    SYSTEM = "system"


class StaffRole(str, enum.Enum):
    """``viewer`` may read masked cases; ``handler`` works cases; ``admin`` also manages staff."""

    ADMIN = "admin"
    HANDLER = "handler"
    VIEWER = "viewer"

    @property
    def can_handle_cases(self) -> bool:
        return self in (StaffRole.ADMIN, StaffRole.HANDLER)
