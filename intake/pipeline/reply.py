"""Step 10 - reply: decide whether and how to answer, and queue it in the outbox.

Whether: the rules in ``intake.rules`` (automatic mail, bounces, spam,
unparsable mail, mail citing another requester's case, failed authentication,
envelope and ``From:`` in unrelated domains, an unsure out-of-scope reading)
each may withhold the reply; at most ``max_auto_replies_per_day`` per sender
in 24 hours.  The
reply is recorded on the case as an outbound message (its Message-ID is how a
later answer threads onto the case) and queued in the outbox, in one
transaction that also closes the message's ledger entry: the reply is either
queued, recorded and finished together, or not at all.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from bot.cases import MatchKind
from bot.cases.enums import Channel, Direction
from bot.cases.inputs import Actor, NewMessage
from bot.cases.locks import lock_for_decision
from bot.config import Settings
from bot.nlu import intents
from intake.pipeline.context import MessageContext, Outcome, Services
from intake.replies.compose import ReplyDraft, ReplyKind, build_message, compose_reply, outbound_message_id
from intake.rules import reason_to_withhold

__all__ = ["queue_reply", "reply_kind"]

log = logging.getLogger(__name__)


def reply_kind(ctx: MessageContext) -> ReplyKind | None:
    """Which reply this mail gets, or None."""
    if ctx.halted or ctx.case_reference is None or reason_to_withhold(ctx):
        return None
    return _kind_of(ctx)


def _kind_of(ctx: MessageContext) -> ReplyKind | None:
    """The reply a mail no rule withholds gets, by what it asks and whether its case is new."""
    fresh = ctx.opened_case or ctx.threaded_by is MatchKind.DUPLICATE
    if ctx.rights and fresh:
        return ReplyKind.ACKNOWLEDGEMENT
    if ctx.doubt and fresh:
        return ReplyKind.RECEIPT
    if fresh and ctx.intent in intents.QUESTION_SECTIONS:
        return ReplyKind.ANSWER
    if fresh and ctx.intent == "out_of_scope":
        return ReplyKind.POINTER
    if ctx.sensitive_categories:
        return ReplyKind.WARNING
    return None


def _draft(ctx: MessageContext, services: Services, kind: ReplyKind, reference: str) -> ReplyDraft:
    assert services.statement is not None
    due = legal_due = None
    zone = ZoneInfo(services.settings.timezone)
    # The reply promises the statement's 14 days (due_internal) for the four rights it
    # names; the other rights and unclear messages get the legal deadline (due_legal).
    if ctx.case is not None and ctx.case.due_internal is not None:
        due = ctx.case.due_internal.astimezone(zone).date()
    if ctx.case is not None and ctx.case.due_legal is not None:
        legal_due = ctx.case.due_legal.astimezone(zone).date()
    return compose_reply(
        kind,
        language=ctx.language,
        reference=reference,
        statement=services.statement,
        name=ctx.sender_name,
        requests=ctx.requests,
        section_id=intents.section_for(ctx.intent or "", list(ctx.requests)),
        due=due,
        categories=ctx.sensitive_categories,
        other_rights=ctx.other_rights,
        legal_due=legal_due,
    )


def _email(ctx: MessageContext, settings: Settings, draft: ReplyDraft, message_id: str) -> EmailMessage:
    return build_message(
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


async def _queue_on_case(
    ctx: MessageContext, services: Services, kind: ReplyKind, draft: ReplyDraft, message: EmailMessage
) -> bool | None:
    """Record the reply on the case, queue it and close the ledger entry: one transaction.

    The per-sender cap is counted in the same transaction, under a lock on the
    recipient (``bot.cases.locks``), so concurrent mails from one address
    cannot all see "2 so far"; None when the cap withheld the reply.
    """
    assert services.cases is not None and services.outbox is not None and ctx.case_reference is not None
    reference = ctx.case_reference
    outbound = NewMessage(
        direction=Direction.OUTBOUND,
        channel=Channel.EMAIL,
        text=draft.body,
        masked_text=draft.body,
        subject=draft.subject,
        message_id=str(message["Message-ID"]),
        in_reply_to=ctx.message_id,
        references=tuple(ctx.references),
    )
    async with services.cases.unit_of_work() as uow:
        await lock_for_decision(uow.session, "auto-reply", ctx.sender)
        if await services.outbox.recent_count_in(uow.session, ctx.sender) >= services.settings.smtp.max_auto_replies_per_day:
            return None
        await uow.add_message(reference, outbound, actor=Actor.system())
        queued = await services.outbox.enqueue_in(uow.session, message, case_reference=reference, kind=kind.value)
        if services.ledger is not None:
            outcome = (ctx.outcome or Outcome.PROCESSED).value
            await services.ledger.finish_in(uow.session, ctx.dedupe_key, outcome, reference)
    ctx.ledger_finished = services.ledger is not None
    return queued


async def _record_withheld(ctx: MessageContext, services: Services, reason: str) -> None:
    """Staff see on the case why no automatic answer went out (the reason, never the content)."""
    ctx.notes.append(f"no automatic reply: {reason}")
    log.info("spool %s: no automatic reply (%s)", ctx.spool_id, reason)
    if services.cases is not None and ctx.case_reference is not None and not ctx.prior_outcome:
        async with services.cases.unit_of_work() as uow:
            await uow.record_event(ctx.case_reference, "automatic_reply_withheld", reason=reason)


async def queue_reply(ctx: MessageContext, services: Services) -> None:
    if not ctx.replies_enabled or services.outbox is None or services.statement is None:
        return
    if ctx.halted or ctx.case_reference is None:
        return
    withheld = reason_to_withhold(ctx)
    if withheld:
        await _record_withheld(ctx, services, withheld)
        return
    kind = _kind_of(ctx)  # the rules were checked just above
    if kind is None:
        return
    settings = services.settings
    reference = ctx.case_reference
    assert reference is not None
    draft = _draft(ctx, services, kind, reference)
    message_id = outbound_message_id(reference, f"{ctx.dedupe_key}|{kind.value}", settings.secret_key, settings.smtp.hostname)
    message = _email(ctx, settings, draft, message_id)
    if services.cases is None:
        if await services.outbox.recent_count(ctx.sender) >= settings.smtp.max_auto_replies_per_day:
            queued = None
        else:
            queued = await services.outbox.enqueue(message, case_reference=reference, kind=kind.value)
    else:
        queued = await _queue_on_case(ctx, services, kind, draft, message)
    if queued is None:
        ctx.notes.append("automatic reply suppressed: reply limit for this sender reached")
        log.info("spool %s: reply limit reached, no %s sent", ctx.spool_id, kind.value)
        return
    ctx.reply_kind, ctx.reply_message_id = kind, message_id
    log.info("spool %s: %s reply %s for %s", ctx.spool_id, kind.value, "queued" if queued else "already queued", reference)
