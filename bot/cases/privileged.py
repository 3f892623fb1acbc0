"""Privileged reads: unmasked text and raw mail, for handlers only, always on the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from bot.cases.errors import CaseError, CaseNotFound
from bot.cases.inputs import Actor
from bot.cases.models import Case, Message, RawMail
from bot.cases.results import UnmaskedMessage
from bot.cases.store_transaction import Transaction

__all__ = ["MAX_REASON_LENGTH", "read_raw_mail", "record_unmasked_view"]

MAX_REASON_LENGTH = 500
"""A reason is the staff member's own short justification, kept on the audit trail (accountability)."""


def _reason(reason: str | None) -> dict[str, str]:
    if reason is None:
        return {}
    cleaned = " ".join(reason.split())[:MAX_REASON_LENGTH]
    if not cleaned:
        raise CaseError("looking at unmasked text or raw mail needs a reason")
    return {"reason": cleaned}


async def record_unmasked_view(
    tx: Transaction,
    reference: str,
    staff_user_id: int,
    message_pks: Iterable[int] | None = None,
    reason: str | None = None,
) -> list[UnmaskedMessage]:
    """Decrypt a case's unmasked message texts for a staff user, recording that they looked and why.

    This is the only way to read unmasked text; viewers (read-only role) may not.
    A ``reason`` given must say something (blank is refused).
    """
    why = _reason(reason)
    await tx.staff(staff_user_id, handler=True)
    case = await tx.case(reference)
    query = sa.select(Message).where(Message.case_id == case.id).order_by(Message.id)
    if message_pks is not None:
        query = query.where(Message.id.in_(set(message_pks)))
    messages = list(await tx.session.scalars(query))
    tx.audit(case, Actor.staff(staff_user_id), "unmasked_viewed", message_pks=[m.id for m in messages], **why)
    return [
        UnmaskedMessage(m.id, m.direction, m.created_at, m.subject, tx.cipher.decrypt_text(m.text_ciphertext))
        for m in messages
    ]


async def read_raw_mail(
    tx: Transaction, message_pk: int, staff_user_id: int, *, reference: str | None = None, reason: str | None = None
) -> bytes:
    """The original mail bytes, decrypted, for a handler; recorded in the audit trail with the reason.

    With ``reference``, a message of another case is not found (an id in a URL proves nothing).
    """
    why = _reason(reason)
    await tx.staff(staff_user_id, handler=True)
    raw = await tx.session.scalar(sa.select(RawMail).where(RawMail.message_pk == message_pk))
    message = await tx.session.get(Message, message_pk)
    if raw is None or message is None:
        raise CaseNotFound(f"no raw mail stored for message {message_pk}")
    case = await tx.session.get(Case, message.case_id)
    if case is None or (reference is not None and case.reference != reference):
        raise CaseNotFound(f"no raw mail stored for message {message_pk} on case {reference}")
    tx.audit(case, Actor.staff(staff_user_id), "raw_mail_viewed", message_pk=message_pk, **why)
    return tx.cipher.decrypt(raw.ciphertext)
