"""Spam gets no reply: a reply to a forged sender is backscatter.

Signals: an upstream filter's verdict (``X-Spam-Flag: YES``, ``X-Spam-Status:
Yes``), the understanding layer's ``spam`` intent, or a failed DMARC check on
mail that asks for nothing we handle.
"""

from __future__ import annotations

from bot.nlu.intents import SPAM_INTENT  # the understanding layer: nothing asked, spam detector confident
from intake.pipeline.context import MessageContext
from intake.pipeline.parse import header

__all__ = ["SPAM_INTENT", "check", "dmarc_failed", "is_spam", "upstream_verdict"]


def upstream_verdict(ctx: MessageContext) -> bool:
    """SpamAssassin's or rspamd's headers say spam."""
    if ctx.message is None:
        return False
    flag = header(ctx.message, "X-Spam-Flag").lower()
    status = header(ctx.message, "X-Spam-Status").lower()
    return flag.startswith("yes") or status.startswith("yes")


def dmarc_failed(ctx: MessageContext) -> bool:
    if ctx.message is None:
        return False
    return any(
        key.lower() == "authentication-results" and "dmarc=fail" in str(value).lower()
        for key, value in ctx.message.raw_items()
    )


def is_spam(ctx: MessageContext) -> bool:
    if upstream_verdict(ctx) or ctx.intent == SPAM_INTENT:
        return True
    return dmarc_failed(ctx) and not ctx.requests and ctx.intent in (None, "out_of_scope", "nlu_fallback")


def check(ctx: MessageContext) -> str | None:
    return "spam" if is_spam(ctx) else None
