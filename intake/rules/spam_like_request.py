"""A request (or a message in doubt) that reads like spam gets its case but no automatic reply.

The understanding layer never turns a message that asks, or may ask, for something into
spam (a missed request breaks a legal promise), but when its spam detector is
confident, answering would be backscatter to a forged sender.  The case opens
with the deadline running and ``review_reason="reads-like-spam"``; staff decide
(the bulk "spam" action, or an answer by hand).
"""

from __future__ import annotations

from intake.pipeline.context import MessageContext


def check(ctx: MessageContext) -> str | None:
    return "reads-like-spam" if ctx.reads_like_spam else None
