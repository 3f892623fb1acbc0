"""The case lifecycle as an explicit state machine.

``new -> in_progress -> awaiting_requester -> resolved -> closed``, with
``rejected``, ``spam`` and ``duplicate`` as side exits.  ``closed`` is final: a
later message from the requester opens a follow-up case instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.cases.enums import CaseStatus
from bot.cases.errors import IllegalTransition

__all__ = ["TRANSITIONS", "check_transition", "is_allowed"]

S = CaseStatus

TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.AWAITING_REQUESTER, S.REJECTED, S.SPAM, S.DUPLICATE}),
    S.IN_PROGRESS: frozenset({S.AWAITING_REQUESTER, S.RESOLVED, S.REJECTED, S.SPAM, S.DUPLICATE}),
    S.AWAITING_REQUESTER: frozenset({S.IN_PROGRESS, S.RESOLVED, S.REJECTED}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),  # reopen when the answer was not enough
    S.REJECTED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.SPAM: frozenset({S.CLOSED, S.NEW}),  # NEW: it was not spam after all
    S.DUPLICATE: frozenset({S.CLOSED, S.NEW}),
    S.CLOSED: frozenset(),
}


def is_allowed(current: CaseStatus, target: CaseStatus) -> bool:
    return target in TRANSITIONS[current]


def check_transition(reference: str, current: CaseStatus, target: CaseStatus) -> None:
    """Raise ``IllegalTransition`` unless the lifecycle allows ``current -> target``."""
    if not is_allowed(current, target):
        raise IllegalTransition(reference, current.value, target.value)
