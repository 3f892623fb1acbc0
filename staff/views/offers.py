"""Which actions a case page offers: the state machine (``bot.cases.state``) and the user's role decide.

The POST handlers ask the same functions before acting, so what the page
shows and what the server accepts cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime

from bot.cases import Case, CaseStatus, StaffUser
from bot.cases.state import TRANSITIONS

__all__ = [
    "MANUAL_TARGETS",
    "can_assign",
    "can_correct_types",
    "can_extend",
    "can_reopen",
    "can_reply",
    "can_see_unmasked",
    "status_targets",
]

# Statuses a handler picks in the status form; "duplicate" has its own form (merge),
# reopening a resolved case has its own button, and "new" is only for undoing spam/duplicate.
MANUAL_TARGETS = (
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_REQUESTER,
    CaseStatus.RESOLVED,
    CaseStatus.CLOSED,
    CaseStatus.REJECTED,
    CaseStatus.SPAM,
    CaseStatus.NEW,
    CaseStatus.DUPLICATE,
)


def _works(user: StaffUser) -> bool:
    return bool(user.role.can_handle_cases)


def status_targets(case: Case, user: StaffUser) -> list[CaseStatus]:
    """The statuses this user may move the case to now, in the order the form lists them."""
    if not _works(user):
        return []
    allowed = TRANSITIONS[case.status]
    targets = [s for s in MANUAL_TARGETS if s in allowed]
    if case.status is CaseStatus.RESOLVED:
        targets = [s for s in targets if s is not CaseStatus.IN_PROGRESS]  # that is "reopen"
    if case.status not in (CaseStatus.SPAM, CaseStatus.DUPLICATE):
        targets = [s for s in targets if s is not CaseStatus.NEW]
    return targets


def can_assign(case: Case, user: StaffUser) -> bool:
    return _works(user) and case.is_open


def can_reopen(case: Case, user: StaffUser) -> bool:
    return _works(user) and case.status is CaseStatus.RESOLVED


def can_correct_types(case: Case, user: StaffUser) -> bool:
    return _works(user) and case.status is not CaseStatus.CLOSED


def can_reply(case: Case, user: StaffUser) -> bool:
    return _works(user) and case.status in (
        CaseStatus.NEW,
        CaseStatus.IN_PROGRESS,
        CaseStatus.AWAITING_REQUESTER,
        CaseStatus.RESOLVED,
        CaseStatus.REJECTED,
    )


def can_see_unmasked(user: StaffUser) -> bool:
    return _works(user)


def can_extend(case: Case, user: StaffUser, now: datetime) -> bool:
    """Once, while open, before the legal deadline has passed (the store checks the same)."""
    return _works(user) and case.is_open and not case.extension_months and now <= case.due_legal
