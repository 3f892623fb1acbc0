"""A mail citing someone else's case (``bot.cases.threads``): the case's replies go to its requester only."""

from __future__ import annotations

from intake.pipeline.context import MessageContext


def check(ctx: MessageContext) -> str | None:
    return "from-another-address" if ctx.from_other_address else None
