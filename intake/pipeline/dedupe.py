"""Step 2 - drop duplicates: one Message-ID is processed once, across instances.

The claim goes through ``intake.ledger``; a resumed claim (our own earlier
attempt on the same spool file died) carries the case already opened, so the
case step adds to it instead of opening a second one.
"""

from __future__ import annotations

import logging

from intake.ledger import ClaimState
from intake.pipeline.context import MessageContext, Outcome, Services

__all__ = ["drop_duplicates"]

log = logging.getLogger(__name__)


async def drop_duplicates(ctx: MessageContext, services: Services) -> None:
    if services.ledger is None:
        return
    claim = await services.ledger.claim(ctx.dedupe_key, ctx.spool_id, ctx.sender, ctx.received_at)
    if claim.state is ClaimState.DUPLICATE:
        log.info("spool %s: duplicate of an already processed message", ctx.spool_id)
        ctx.case_reference = claim.case_reference
        ctx.halt(Outcome.DUPLICATE)
    elif claim.state is ClaimState.RESUME and claim.case_reference:
        ctx.case_reference = claim.case_reference
        ctx.prior_outcome = Outcome(claim.outcome) if claim.outcome else None
