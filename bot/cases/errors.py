"""Errors of the case store: catch ``CaseError`` for all of them (part of ``bot.errors``).

All are permanent (``bot.errors.PermanentError``) except ``ConcurrentUpdate``,
which is also transient: reload and try again.
"""

from __future__ import annotations

from bot.crypto import MailDecryptionFailed
from bot.errors import PermanentError, TransientError

__all__ = [
    "AuditTrailIsAppendOnly",
    "CaseError",
    "CaseNotFound",
    "ConcurrentUpdate",
    "DeadlineExtensionRefused",
    "IllegalTransition",
    "LastActiveAdmin",
    "MailDecryptionFailed",
    "NotAllowed",
    "StaffUserExists",
    "StaffUserNotFound",
]


class CaseError(PermanentError):
    """Base class: an operation on the case store was refused or failed."""


class CaseNotFound(CaseError):
    """No case has the given reference or id."""


class IllegalTransition(CaseError):
    """The state machine does not allow moving a case from its status to the requested one."""

    def __init__(self, reference: str, current: str, target: str) -> None:
        super().__init__(f"case {reference}: cannot move from {current!r} to {target!r}")
        self.reference = reference
        self.current = current
        self.target = target


class DeadlineExtensionRefused(CaseError):
    """GDPR art. 12(3) allows one extension of at most two months, with a reason, before the deadline."""


class ConcurrentUpdate(CaseError, TransientError):
    """Someone else changed the case between our read and our write; reload and try again."""


class StaffUserNotFound(CaseError):
    """No (active) staff user has that id or email."""


class StaffUserExists(CaseError):
    """A staff user with that email already exists."""


class NotAllowed(CaseError):
    """The staff user's role or the case's assignment does not permit the operation."""


class LastActiveAdmin(CaseError):
    """The change would leave no active admin to manage the staff (disabling or demoting the last one)."""


class AuditTrailIsAppendOnly(CaseError):
    """Code tried to change or delete an audit event."""
