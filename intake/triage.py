"""A case for staff when a message cannot be processed at all (the poison-message cap).

The mail itself stays in the spool's ``shunt/``; the case says so, names the
spool id and the command that processes it again, and holds no mail content
(the message may be exactly what breaks the pipeline, so it is not parsed).
"""

from __future__ import annotations

from datetime import datetime, timezone

from bot.cases import CaseService
from bot.cases.enums import Channel, Direction, RequestType
from bot.cases.inputs import Actor, CaseRequest, NewMessage, Requester
from intake.spool import SpoolEntry

__all__ = ["PoisonTriage"]

UNKNOWN_SENDER = "unknown@invalid"


class PoisonTriage:
    """``SpoolRunner``'s ``on_poison``: open (or find) the sender's case and note the failure on it."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    async def __call__(self, entry: SpoolEntry, attempts: int, error: BaseException | None) -> None:
        sender = entry.envelope.mail_from.strip("<> ").lower() or UNKNOWN_SENDER
        note = (
            f"[Processing of this mail failed {attempts} times "
            f"({type(error).__name__ if error else 'the service stopped while processing it'}). "
            f"It is kept unread in the spool as {entry.spool_id}; after the fault is fixed, "
            f"'personvern intake unshunt {entry.spool_id}' processes it again.]"
        )
        request = CaseRequest(
            requester=Requester(email=sender, identity_verified=False, identity_method="email-sender-address"),
            request_types=frozenset({RequestType.OTHER}),
            channel=Channel.EMAIL,
            received_at=datetime.fromtimestamp(entry.envelope.received_at, timezone.utc),
        )
        message = NewMessage(Direction.INBOUND, Channel.EMAIL, note, masked_text=note, subject="[processing failed]")
        async with self.cases.unit_of_work() as uow:
            result = await uow.open_or_find_case_for_thread(request, message)
            await uow.record_event(
                result.case.reference, "processing_failed", actor=Actor.system(), spool_id=entry.spool_id,
                attempts=attempts, error=type(error).__name__ if error else None,
            )
