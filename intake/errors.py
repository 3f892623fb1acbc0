"""The email channel's own exceptions, in the core's hierarchy (``bot.errors``).

The split that matters is *transient* versus *permanent*: a transient failure
(the database or the classifier away) leaves the message in the spool to be
tried again later; anything else moves it to ``shunt/`` for staff, so no
message is ever dropped.  ``is_transient`` is that decision, made on the
core's families only: driver errors reach the intake already mapped.
"""

from __future__ import annotations

import asyncio

from bot.errors import PermanentError, PersonvernError, TransientError

__all__ = ["DeliveryError", "IntakeError", "SpoolError", "is_transient"]


class IntakeError(PersonvernError):
    """Base class for every error raised by the email intake."""


class SpoolError(IntakeError, PermanentError):
    """A spool file could not be stored or read (disk full, damaged or foreign file)."""


class DeliveryError(IntakeError, TransientError):
    """An outbound message could not be handed to the relay (tried again with backoff)."""


def is_transient(exc: BaseException) -> bool:
    """Whether a failure looks like an outage rather than a bad message.

    The core's ``TransientError`` family, and network timeouts and refused
    connections from libraries outside it, are retried; everything else is
    shunted.
    """
    if isinstance(exc, TransientError):
        return True
    if isinstance(exc, PermanentError):
        return False
    return isinstance(exc, (ConnectionError, TimeoutError, asyncio.TimeoutError))
