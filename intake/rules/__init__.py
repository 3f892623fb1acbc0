"""Why a mail gets no automatic reply: one rule per module, checked in order.

Each rule is a module with ``check(ctx) -> str | None``: None lets the mail
through, a short reason withholds the reply (it lands in ``ctx.notes`` and on
the case's trail, never the mail's content).  The list is data, as Mailman's
chains are: adding a rule is adding a module and a line here.  The mail is
always kept on its case; only the automatic answer is withheld.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from intake.pipeline.context import MessageContext
from intake.rules import (
    automatic,
    other_address,
    sender_mismatch,
    spam,
    spam_like_request,
    unauthenticated,
    unparsable,
    unsure_pointer,
)

__all__ = ["NO_REPLY_RULES", "Rule", "reason_to_withhold"]

Rule = Callable[[MessageContext], "str | None"]

NO_REPLY_RULES: tuple[ModuleType, ...] = (
    unparsable,
    automatic,
    spam,
    spam_like_request,
    other_address,
    unauthenticated,
    sender_mismatch,
    unsure_pointer,
)


def reason_to_withhold(ctx: MessageContext) -> str | None:
    """The first rule's reason to send no automatic reply, or None."""
    for rule in NO_REPLY_RULES:
        reason: str | None = rule.check(ctx)
        if reason:
            return reason
    return None
