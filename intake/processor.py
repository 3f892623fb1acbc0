"""Glue between the spool runner and the pipeline: one spooled message, one run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

from intake.pipeline import STEPS, MessageContext, Services, Step, run_pipeline
from intake.spool import SpoolEntry

__all__ = ["MessageProcessor"]

log = logging.getLogger(__name__)


class MessageProcessor:
    """Callable for ``SpoolRunner``: runs the pipeline and closes the ledger entry."""

    def __init__(
        self,
        services: Services,
        *,
        replies_enabled: bool = True,
        steps: tuple[Step, ...] = STEPS,
        on_reply_queued: Callable[[], None] | None = None,
    ) -> None:
        self.services = services
        self.replies_enabled = replies_enabled
        self.steps = steps
        # The outbox sender's notify: a reply leaves now, not at the sender's next poll.
        self.on_reply_queued = on_reply_queued
        self.last: MessageContext | None = None

    def context_for(self, entry: SpoolEntry) -> MessageContext:
        return MessageContext(
            spool_id=entry.spool_id,
            raw=entry.raw,
            envelope=entry.envelope,
            received_at=datetime.fromtimestamp(entry.envelope.received_at, timezone.utc),
            replies_enabled=self.replies_enabled,
        )

    async def __call__(self, entry: SpoolEntry) -> None:
        ctx = await run_pipeline(self.context_for(entry), self.services, self.steps)
        if self.services.ledger is not None and ctx.halted != "duplicate" and not ctx.ledger_finished:
            await self.services.ledger.finish(ctx.dedupe_key, ctx.outcome or "processed", ctx.case_reference)
        self.last = ctx
        if ctx.reply_message_id and self.on_reply_queued is not None:
            self.on_reply_queued()
        log.info(
            "spool %s processed: %s%s (%d bytes)",
            entry.spool_id,
            ctx.outcome or ctx.halted or "processed",
            f", reply {ctx.reply_kind}" if ctx.reply_kind else "",
            len(entry.raw),
        )
