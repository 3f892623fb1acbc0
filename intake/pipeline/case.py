"""Step 9 - case: open a case or add the mail to the one it belongs to.

The case store decides re-delivery, reference, thread, other-address and
duplicate matches by its one rule (``bot.cases.threads``), in a unit of work
that also records the case in the intake's ledger; this step says what the mail asks for and
stores the whole text (encrypted), the masked text, the raw mail and the
attachment list.  A question is recorded as an auto-resolved ``question``
case; spam (``intake.rules.spam``) is recorded with status ``spam``; a bounce
of one of our replies is added to the case it belongs to.
"""

from __future__ import annotations

import logging

from bot.cases import CaseService
from bot.cases.enums import CaseStatus, Channel, Direction, RequestType
from bot.cases.inputs import Actor, Attachment, CaseRequest, NewMessage, Requester
from bot.nlu import intents
from intake.pipeline.context import MessageContext, Outcome, Services
from intake.rules.spam import is_spam

__all__ = ["record_case", "request_types_of"]

log = logging.getLogger(__name__)

_UNKNOWN_SENDER = "unknown@invalid"


def request_types_of(ctx: MessageContext) -> frozenset[RequestType]:
    if ctx.automatic or ctx.parse_error:
        return frozenset({RequestType.OTHER})
    if ctx.rights:
        return frozenset(RequestType(r) for r in ctx.rights)
    if ctx.intent in intents.QUESTION_SECTIONS and not ctx.doubt:
        return frozenset({RequestType.QUESTION})
    return frozenset({RequestType.OTHER})


def review_reason_of(ctx: MessageContext) -> str | None:
    """Why staff must read a new case before anything is promised (the safety net for doubt)."""
    if ctx.reads_like_spam:
        return "reads-like-spam"  # asks (or may ask) for something, reads like a scam: a person decides
    if ctx.doubt and not ctx.rights and not ctx.automatic:
        return "unclear"
    if ctx.other_rights:
        return "other-right"  # the statement promises nothing specific: a person answers
    return None


def _message(ctx: MessageContext) -> NewMessage:
    text = ctx.text
    if ctx.parse_error:
        text = f"[{ctx.notes[-1] if ctx.notes else 'unparsable message'}]"
    elif ctx.bounce:
        text = ctx.text or "[delivery status notification]"
    return NewMessage(
        direction=Direction.INBOUND,
        channel=Channel.EMAIL,
        text=text,
        masked_text=ctx.masked_text,
        subject=(ctx.masked_subject if ctx.masked_subject is not None else ctx.subject)[:998] or None,
        message_id=ctx.message_id,
        in_reply_to=ctx.in_reply_to or None,
        references=ctx.references,
        attachments=tuple(Attachment(a.filename or None, a.content_type, a.size) for a in ctx.attachments),
        raw_mail=ctx.raw,
        at=ctx.received_at,
        sender=ctx.sender or None,
    )


async def _record_bounce(ctx: MessageContext, services: Services, reference: str) -> None:
    assert services.cases is not None
    async with services.cases.unit_of_work() as uow:
        await uow.add_message(reference, _message(ctx), actor=Actor.system())
        if services.ledger is not None:
            await services.ledger.record_case_in(uow.session, ctx.dedupe_key, reference)
        ctx.case = await uow.get_case(reference, with_messages=False)
    ctx.outcome = Outcome.BOUNCE_RECORDED
    log.info("spool %s: bounce recorded on %s (%d recipient(s))", ctx.spool_id, reference, len(ctx.bounced_recipients))


def _case_request(ctx: MessageContext) -> CaseRequest:
    method = "email-authentication-failed" if not ctx.verified else "email-sender-address"
    return CaseRequest(
        requester=Requester(
            email=ctx.sender or _UNKNOWN_SENDER,
            name=ctx.sender_name[:200] or None,
            identity_verified=False,
            identity_method=method,
        ),
        request_types=request_types_of(ctx),
        channel=Channel.EMAIL,
        language=ctx.language,
        sensitive_categories=frozenset(ctx.sensitive_categories),
        received_at=ctx.received_at,
        reference=ctx.case_reference,
        review_reason=review_reason_of(ctx),
    )


async def _settle_new_case(ctx: MessageContext, cases: CaseService, request: CaseRequest) -> None:
    """Spam is filed as spam; a plain question (no sensitive data) is answered and resolved at once."""
    assert ctx.case_reference is not None
    if is_spam(ctx):
        ctx.case = await cases.transition(ctx.case_reference, CaseStatus.SPAM, actor=Actor.system())
        ctx.automatic = ctx.automatic or "spam"
    elif request.request_types == {RequestType.QUESTION} and not ctx.sensitive_categories:
        await cases.transition(ctx.case_reference, CaseStatus.IN_PROGRESS, actor=Actor.system())
        ctx.case = await cases.transition(ctx.case_reference, CaseStatus.RESOLVED, actor=Actor.system())


async def record_case(ctx: MessageContext, services: Services) -> None:
    cases = services.cases
    if cases is None or ctx.halted:
        return
    if ctx.bounce and ctx.case_reference:
        await _record_bounce(ctx, services, ctx.case_reference)
        return
    request = _case_request(ctx)
    async with cases.unit_of_work() as uow:
        result = await uow.open_or_find_case_for_thread(request, _message(ctx))
        # A resumed run keeps what the interrupted one decided (it may have opened the case).
        outcome = ctx.prior_outcome or Outcome.of_match(result.match)
        if services.ledger is not None:
            # Same transaction as the case: a resumed run always finds the case it opened.
            await services.ledger.record_case_in(uow.session, ctx.dedupe_key, result.case.reference, outcome.value)
    ctx.case = result.case
    ctx.case_reference = result.case.reference
    ctx.outcome = outcome
    ctx.opened_case = outcome is Outcome.NEW_CASE
    ctx.threaded_by = outcome.match
    ctx.from_other_address = result.from_other_address
    if result.created and result.case.status is CaseStatus.NEW:
        await _settle_new_case(ctx, cases, request)
    log.info("spool %s: %s %s", ctx.spool_id, outcome.value, ctx.case_reference)
