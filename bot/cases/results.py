"""What the case store hands back besides ORM rows."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.cases.enums import CaseStatus, Direction, RequestType
from bot.cases.models import AuditEvent, Case, Message

__all__ = [
    "AuditPage",
    "CaseStatistics",
    "MatchKind",
    "PurgeReport",
    "StoredMessage",
    "ThreadResult",
    "UnmaskedMessage",
    "WeekCount",
]


class MatchKind(str, enum.Enum):
    """How ``open_or_find_case_for_thread`` chose the case."""

    EXISTING_MESSAGE = "existing_message"  # this very Message-ID was stored before (re-delivery)
    REFERENCE = "reference"  # PV-yyyy-nnnn in the subject, from the case's requester
    THREAD = "thread"  # In-Reply-To/References name a message on the case
    OTHER_ADDRESS = "other_address"  # cites a case whose requester is someone else: attached, flagged
    DUPLICATE = "duplicate"  # same requester, same request type, open case within 30 days
    NEW = "new"
    FOLLOW_UP = "follow_up"  # the thread's case was closed: a new case linked to it


@dataclass(frozen=True)
class ThreadResult:
    case: Case
    message: Message | None
    match: MatchKind

    @property
    def created(self) -> bool:
        return self.match in (MatchKind.NEW, MatchKind.FOLLOW_UP)

    @property
    def from_other_address(self) -> bool:
        """The message cites a case that is not the sender's: no automatic reply may go out.

        Also true for a re-delivery of such a message (found by its Message-ID).
        """
        if self.match is MatchKind.OTHER_ADDRESS:
            return True
        return self.match is MatchKind.EXISTING_MESSAGE and bool(self.message and self.message.from_other_address)


@dataclass(frozen=True)
class StoredMessage:
    message: Message
    created: bool  # False when the Message-ID was already on the case


@dataclass(frozen=True)
class UnmaskedMessage:
    message_pk: int
    direction: Direction
    created_at: datetime
    subject: str | None
    text: str


@dataclass(frozen=True)
class WeekCount:
    """One ISO week (Monday to Sunday in the office's time zone), cut to the period asked for."""

    year: int  # ISO year
    week: int  # ISO week number
    start: date  # its local Monday
    received: int  # cases received that week
    finished: int  # cases that left the open statuses that week (answered, rejected, ...)


@dataclass(frozen=True)
class CaseStatistics:
    """Figures for cases received in a period, and the open cases as they stand now."""

    total: int
    by_status: dict[CaseStatus, int]
    by_type: dict[RequestType, int]
    resolved: int
    median_time_to_resolve: timedelta | None
    share_answered_within_14_days: float | None  # of resolved cases; None when none resolved
    share_answered_within_legal_deadline: float | None
    open_by_status: dict[CaseStatus, int]  # now, whenever received
    open_by_type: dict[RequestType, int]
    overdue_internal: int  # open now and past the 14-day deadline
    overdue_legal: int  # open now and past the legal deadline
    weeks: tuple[WeekCount, ...]  # only when the period has both ends


@dataclass(frozen=True)
class AuditPage:
    """One page of audit events, newest first, and how many match the filter in all."""

    events: list[AuditEvent]
    total: int


@dataclass(frozen=True)
class PurgeReport:
    cutoff: datetime
    references: tuple[str, ...]
    dry_run: bool
