"""A reply the outbox finally gave up on is recorded on its case.

Staff must see that the requester never got the acknowledgement (the 14-day
promise still runs), so the failure goes into the case's audit trail as
``reply_delivery_failed`` - with the reply's Message-ID, kind, attempts and
the error's class, never the body or the relay's free-text answer - and
``personvern cases show`` prints it beside the reply.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.cases.errors import CaseNotFound
from intake.outbox import OutboxItem

__all__ = ["DELIVERY_FAILED", "DeliveryFailureRecorder"]

log = logging.getLogger(__name__)

DELIVERY_FAILED = "reply_delivery_failed"


class DeliveryFailureRecorder:
    """``OutboxSender.on_give_up`` handler writing to the case store."""

    def __init__(self, cases: Any) -> None:
        self.cases = cases  # bot.cases.CaseService

    async def __call__(self, item: OutboxItem, error: str) -> None:
        if not item.case_reference:
            log.warning("outbox %d: gave up on a reply that belongs to no case", item.id)
            return
        try:
            await self.cases.record_event(
                item.case_reference,
                DELIVERY_FAILED,
                message_id=item.message_id,
                kind=item.kind,
                attempts=item.attempts + 1,
                error=error[:80],
            )
        except CaseNotFound:
            log.warning("outbox %d: its case is gone (purged?); failure not recorded", item.id)
            return
        log.warning("outbox %d: reply on %s not delivered; recorded on the case", item.id, item.case_reference)
