"""Privileged reads: unmasked text and raw mail, for handlers only, always on the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from bot.cases.errors import CaseNotFound
from bot.cases.inputs import Actor
from bot.cases.models import Case, Message, RawMail
from bot.cases.results import UnmaskedMessage
from bot.cases.store_transaction import Transaction

__all__ = ["read_raw_mail", "record_unmasked_view"]


async def record_unmasked_view(
    tx: Transaction, reference: str, staff_user_id: int, message_pks: Iterable[int] | None = None
) -> list[UnmaskedMessage]:
    """Decrypt a case's unmasked message texts for a staff user, recording that they looked.

    This is the only way to read unmasked text; viewers (read-only role) may not.
    """
    await tx.staff(staff_user_id, handler=True)
    case = await tx.case(reference)
    query = sa.select(Message).where(Message.case_id == case.id).order_by(Message.id)
    if message_pks is not None:
        query = query.where(Message.id.in_(set(message_pks)))
    messages = list(await tx.session.scalars(query))
    tx.audit(case, Actor.staff(staff_user_id), "unmasked_viewed", message_pks=[m.id for m in messages])
    return [
        UnmaskedMessage(m.id, m.direction, m.created_at, m.subject, tx.cipher.decrypt_text(m.text_ciphertext))
        for m in messages
    ]


async def read_raw_mail(tx: Transaction, message_pk: int, staff_user_id: int) -> bytes:
    """The original mail bytes, decrypted, for a handler; recorded in the audit trail."""
    await tx.staff(staff_user_id, handler=True)
    raw = await tx.session.scalar(sa.select(RawMail).where(RawMail.message_pk == message_pk))
    message = await tx.session.get(Message, message_pk)
    if raw is None or message is None:
        raise CaseNotFound(f"no raw mail stored for message {message_pk}")
    case = await tx.session.get(Case, message.case_id)
    tx.audit(case, Actor.staff(staff_user_id), "raw_mail_viewed", message_pk=message_pk)
    return tx.cipher.decrypt(raw.ciphertext)
