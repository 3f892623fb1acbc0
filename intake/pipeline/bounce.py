"""Step 4 - bounce: which case a delivery report about one of our replies belongs to.

A bounce quotes the Message-ID of the reply that failed inside its report,
not in its headers, so the case store's threading cannot see it: the ids are
looked up in the outbox, and failing that the reference our Message-IDs carry
(``<PV-yyyy-nnnn.token@host>``, ``intake.replies.compose``) is read from
them.  Every other mail is threaded by the case store's one rule
(``bot.cases.threads``), in the case step.
"""

from __future__ import annotations

import re

from bot.cases.references import REFERENCE_PATTERN, find_reference
from intake.pipeline.context import MessageContext, Services
from intake.pipeline.parse import message_ids

__all__ = ["match_bounce", "reference_from_message_id"]

_OUR_ID = re.compile(rf"^<({REFERENCE_PATTERN.pattern})\.[^@>]+@([^>]+)>$", re.IGNORECASE)


def reference_from_message_id(message_id: str, hostname: str) -> str | None:
    """The case reference carried in one of our own Message-IDs (for this host)."""
    match = _OUR_ID.match(message_id)
    if match and match.group(match.lastindex or 0).lower() == hostname.lower():
        return find_reference(match.group(1))
    return None


async def _reference_for_ids(ids: tuple[str, ...], services: Services) -> str | None:
    if not ids:
        return None
    if services.outbox is not None:
        found = await services.outbox.case_for_message_ids(ids)
        if found:
            return found
    hostname = services.settings.smtp.hostname
    for mid in ids:
        ref = reference_from_message_id(mid, hostname)
        if ref:
            return ref
    return None


async def match_bounce(ctx: MessageContext, services: Services) -> None:
    if ctx.case_reference or not ctx.bounce:  # resumed run: the case is known already
        return
    ctx.case_reference = await _reference_for_ids(message_ids(ctx.raw.decode("utf-8", "replace")), services)
