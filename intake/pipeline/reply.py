"""Step 10 - reply: decide whether and how to answer, and queue it in the outbox.

No automatic reply to automatic mail, bounces, spam, unparsable mail or
duplicates; at most ``max_auto_replies_per_day`` per sender in 24 hours.  The
reply is recorded on the case as an outbound message (its Message-ID is how a
later answer threads onto the case) and queued in the outbox, in one
transaction that also closes the message's ledger entry: the reply is either
queued, recorded and finished together, or not at all.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from bot.cases.enums import Channel, Direction
from bot.cases.inputs import Actor, NewMessage
from bot.nlu import intents
from intake.pipeline.context import MessageContext, Services
from intake.replies.compose import build_message, compose_reply, outbound_message_id

__all__ = ["queue_reply", "reply_kind"]

log = logging.getLogger(__name__)


def reply_kind(ctx: MessageContext) -> str | None:
    """Which reply this mail gets, or None."""
    if ctx.halted or ctx.automatic or ctx.bounce or ctx.parse_error or not ctx.sender or ctx.case_reference is None:
        return None
    match = ctx.threaded_by
    fresh = ctx.opened_case or match == "duplicate"
    if ctx.requests and fresh:
        return "acknowledgement"
    if fresh and ctx.intent in intents.QUESTION_SECTIONS:
        return "answer"
    if fresh and ctx.intent == "out_of_scope":
        return "pointer"
    if ctx.sensitive_categories:
        return "warning"
    return None


async def queue_reply(ctx: MessageContext, services: Services) -> None:
    if not ctx.replies_enabled or services.outbox is None or services.statement is None:
        return
    kind = reply_kind(ctx)
    if kind is None:
        return
    settings = services.settings
    limit = settings.smtp.max_auto_replies_per_day
    if await services.outbox.recent_count(ctx.sender) >= limit:
        ctx.notes.append("automatic reply suppressed: reply limit for this sender reached")
        log.info("spool %s: reply limit reached, no %s sent", ctx.spool_id, kind)
        return
    reference = ctx.case_reference
    assert reference is not None
    due = None
    # The reply promises the statement's 14 days (due_internal), not the legal month.
    if ctx.case is not None and getattr(ctx.case, "due_internal", None) is not None:
        due = ctx.case.due_internal.astimezone(ZoneInfo(settings.timezone)).date()
    section_id = intents.section_for(ctx.intent or "", list(ctx.requests))
    draft = compose_reply(
        kind,
        language=ctx.language,
        reference=reference,
        statement=services.statement,
        name=ctx.sender_name,
        requests=ctx.requests,
        section_id=section_id,
        due=due,
        categories=ctx.sensitive_categories,
    )
    message_id = outbound_message_id(reference, f"{ctx.dedupe_key}|{kind}", settings.secret_key, settings.smtp.hostname)
    message = build_message(
        draft,
        from_address=settings.smtp.from_address,
        to_address=ctx.sender,
        to_name=ctx.sender_name,
        message_id=message_id,
        in_reply_to=ctx.message_id or "",
        references=ctx.references,
        loop_token=settings.smtp.hostname,
        timezone=settings.timezone,
    )
    ctx.reply_kind, ctx.reply_message_id = kind, message_id
    if services.cases is None:
        queued = await services.outbox.enqueue(message, case_reference=reference, kind=kind)
    else:
        queued = False

        async def queue_and_finish(session: Any, _stored: Any) -> None:
            nonlocal queued
            queued = await services.outbox.enqueue_in(session, message, case_reference=reference, kind=kind)
            if services.ledger is not None:
                await services.ledger.finish_in(session, ctx.dedupe_key, ctx.outcome or "processed", reference)

        await services.cases.add_message(
            reference,
            NewMessage(
                direction=Direction.OUTBOUND,
                channel=Channel.EMAIL,
                text=draft.body,
                masked_text=draft.body,
                subject=draft.subject,
                message_id=message_id,
                in_reply_to=ctx.message_id,
                references=tuple(ctx.references),
            ),
            actor=Actor.system(),
            also=queue_and_finish,
        )
        ctx.ledger_finished = services.ledger is not None
    log.info("spool %s: %s reply %s for %s", ctx.spool_id, kind, "queued" if queued else "already queued", reference)
