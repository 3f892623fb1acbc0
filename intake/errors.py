"""The intake's exceptions.

The split that matters is *transient* versus *permanent*: a transient failure
(database or classifier unreachable) leaves the message in the spool to be tried
again later; anything else moves it to ``shunt/`` for staff, so no message is
ever dropped.
"""

from __future__ import annotations

import asyncio

__all__ = [
    "IntakeError",
    "SpoolError",
    "SchemaError",
    "TransientError",
    "PermanentError",
    "DeliveryError",
    "is_transient",
]


class IntakeError(Exception):
    """Base class for every error raised by the email intake."""


class SpoolError(IntakeError):
    """The spool could not store or hand out a message (disk full, bad file)."""


class SchemaError(IntakeError):
    """The database is not migrated to the revision this code needs."""


class TransientError(IntakeError):
    """A dependency is down; processing should be retried later."""


class PermanentError(IntakeError):
    """Processing can never succeed for this message; it goes to shunt/."""


class DeliveryError(IntakeError):
    """An outbound message could not be handed to the relay."""


def is_transient(exc: BaseException) -> bool:
    """Whether a failure looks like an outage rather than a bad message.

    Connection problems and SQLAlchemy's operational/interface errors mean the
    database is away; they are retried instead of shunting the message.
    """
    if isinstance(exc, TransientError):
        return True
    if isinstance(exc, PermanentError):
        return False
    if isinstance(exc, (ConnectionError, TimeoutError, asyncio.TimeoutError)):
        return True
    try:
        from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
    except ImportError:  # pragma: no cover - SQLAlchemy is a dependency
        return False
    return isinstance(exc, (OperationalError, InterfaceError, DisconnectionError))
