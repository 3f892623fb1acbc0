"""Keeping messages on a case: inbound mail and chat, outbound replies, staff notes.

The text is stored encrypted (``text_ciphertext``) beside the masked text the
sensitive-data detector produced; raw mail, when given, is encrypted into
``raw_mails``.  A Message-ID already on the case is not stored twice, which is
what makes re-delivered mail and resumed runs harmless.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from bot.cases.enums import ActorKind, CaseStatus, Channel, Direction
from bot.cases.errors import NotAllowed
from bot.cases.inputs import Actor, NewMessage, parse_message_ids
from bot.cases.models import Case, Message, RawMail
from bot.cases.results import StoredMessage
from bot.cases.store_transaction import Transaction

__all__ = ["add_message", "add_messages", "attach_message", "attach_messages", "default_actor", "staff_note"]


def default_actor(message: NewMessage) -> Actor:
    """The requester for inbound messages, the author (or the system) for the rest."""
    if message.direction is Direction.INBOUND:
        return Actor.requester()
    if message.author_staff_id is not None:
        return Actor.staff(message.author_staff_id)
    return Actor.system()


def staff_note(staff_user_id: int, text: str, masked_text: str | None = None) -> NewMessage:
    """An internal note by a staff user (never sent to the requester)."""
    return NewMessage(
        direction=Direction.NOTE,
        channel=Channel.STAFF,
        text=text,
        masked_text=masked_text,
        author_staff_id=staff_user_id,
    )


def _values(tx: Transaction, case: Case, message: NewMessage, message_id: str | None) -> dict[str, Any]:
    """A message's column values (no raw mail)."""
    in_reply_to = parse_message_ids(message.in_reply_to)
    return {
        "case_id": case.id,
        "direction": message.direction,
        "channel": message.channel,
        "message_id": message_id,
        "in_reply_to": in_reply_to[0] if in_reply_to else None,
        "references_header": " ".join(parse_message_ids(message.references)) or None,
        "subject": message.subject,
        "text_ciphertext": tx.cipher.encrypt_text(message.text),
        "masked_text": message.masked_text,
        "attachments": [a.as_json() for a in message.attachments],
        "raw_location": message.raw_location or ("db" if message.raw_mail is not None else None),
        "author_staff_id": message.author_staff_id,
        "sender": message.sender if message.direction is Direction.INBOUND else None,
        "from_other_address": message.from_other_address,
        "created_at": _created_at(tx, message),
    }


def _created_at(tx: Transaction, message: NewMessage) -> datetime:
    return (message.at or tx.now).astimezone(timezone.utc)


def _row(tx: Transaction, case: Case, message: NewMessage, message_id: str | None) -> Message:
    row = Message(**_values(tx, case, message, message_id))
    if message.raw_mail is not None:
        row.raw_mail = RawMail(ciphertext=tx.cipher.encrypt(message.raw_mail), size=len(message.raw_mail))
    return row


async def attach_message(tx: Transaction, case: Case, message: NewMessage, actor: Actor) -> StoredMessage:
    """Store ``message`` on ``case`` (already loaded in ``tx``) unless its Message-ID is there.

    An inbound message from the requester moves an ``awaiting_requester`` case
    back to ``in_progress``; one from another address changes nothing but the trail.
    """
    message_id = (parse_message_ids(message.message_id) or (None,))[0] if message.message_id else None
    if message_id is not None:
        existing = await tx.session.scalar(
            sa.select(Message).where(Message.case_id == case.id, Message.message_id == message_id)
        )
        if existing is not None:
            return StoredMessage(existing, created=False)
    row = _row(tx, case, message, message_id)
    tx.session.add(row)
    await tx.session.flush()
    _stored(tx, case, message, row, actor)
    return StoredMessage(row, created=True)


def _stored(tx: Transaction, case: Case, message: NewMessage, row: Message, actor: Actor) -> None:
    """What a newly stored message does to its case (flushed, so ``row.id`` is known), and its trail event."""
    _touch(tx, case, message, row.created_at)
    action, detail = _trail(message, row.id)
    tx.audit(case, actor, action, **detail)


def _touch(tx: Transaction, case: Case, message: NewMessage, created_at: datetime) -> None:
    """A new message's effect on its case: last change, last inbound message, a reply reopening it."""
    case.updated_at = tx.now
    if message.direction is Direction.INBOUND and not message.from_other_address:
        case.last_inbound_at = created_at
        if case.status is CaseStatus.AWAITING_REQUESTER:
            tx.set_status(case, CaseStatus.IN_PROGRESS, Actor.requester(), why="requester_replied")


def _trail(message: NewMessage, pk: int) -> tuple[str, dict[str, Any]]:
    """The trail event of a stored message: its action and detail (ids and kinds, never text)."""
    return "note_added" if message.direction is Direction.NOTE else "message_added", {
        "message_pk": pk,
        "direction": message.direction.value,
        "channel": message.channel.value,
        **({"from_other_address": True} if message.from_other_address else {}),
    }


async def attach_messages(tx: Transaction, case: Case, batch: list[NewMessage]) -> int:
    """``attach_message`` for several messages in one pass: a chat turn's transcript.

    Each message has its default actor and its own trail event; Message-IDs already
    on the case are skipped.  Returns how many were stored.  Messages that all
    have a Message-ID and no raw mail, on a case whose status they cannot change,
    go in with one multi-row insert each for the messages and their trail events
    (the ORM inserts row by row to learn each id: about 1 ms a message, and a
    chat's first transcript has a dozen).
    """
    ids = [(parse_message_ids(m.message_id) or (None,))[0] if m.message_id else None for m in batch]
    wanted = [i for i in ids if i is not None]
    known = set(
        (await tx.session.scalars(
            sa.select(Message.message_id).where(Message.case_id == case.id, Message.message_id.in_(wanted))
        )).all()
    ) if wanted else set()
    fresh = [(m, i) for m, i in zip(batch, ids, strict=True) if i is None or i not in known]
    if not fresh:
        return 0
    keyed = [(m, i) for m, i in fresh if i is not None and m.raw_mail is None]
    if case.status is CaseStatus.AWAITING_REQUESTER or len(keyed) < len(fresh):
        rows = [_row(tx, case, message, message_id) for message, message_id in fresh]
        tx.session.add_all(rows)
        await tx.session.flush()
        for (message, _), row in zip(fresh, rows, strict=True):
            _stored(tx, case, message, row, default_actor(message))
        return len(rows)
    await tx.session.flush()  # what is pending goes first, in order
    await tx.session.execute(sa.insert(Message), [_values(tx, case, message, i) for message, i in keyed])
    found = await tx.session.execute(
        sa.select(Message.message_id, Message.id).where(
            Message.case_id == case.id, Message.message_id.in_([i for _, i in keyed])
        )
    )
    stored: dict[str, int] = {message_id: pk for message_id, pk in found.all()}
    for message, _ in keyed:  # in order, as one by one (the status cannot change here: see above)
        _touch(tx, case, message, _created_at(tx, message))
    await tx.audit_many(case, [(default_actor(message), *_trail(message, stored[i])) for message, i in keyed])
    return len(keyed)


async def add_messages(tx: Transaction, reference: str, batch: list[NewMessage]) -> int:
    """Keep several inbound/outbound messages on the case ``reference`` (no notes); how many were new."""
    if any(m.direction is Direction.NOTE or m.from_other_address for m in batch):
        raise NotAllowed("add_messages takes the requester's and our own messages only")
    case = await tx.case(reference, lock=True)
    if case.status is CaseStatus.CLOSED and any(m.direction is not Direction.INBOUND for m in batch):
        raise NotAllowed(f"case {case.reference} is closed")
    return await attach_messages(tx, case, batch)


async def add_message(
    tx: Transaction, reference: str, message: NewMessage, actor: Actor | None = None
) -> StoredMessage:
    """Keep a message on the case ``reference``; notes are written by staff, closed cases take only inbound mail."""
    actor = actor or default_actor(message)
    if message.direction is Direction.NOTE and actor.kind is not ActorKind.STAFF:
        raise NotAllowed("internal notes are written by staff users")
    await tx.check_actor(actor)
    case = await tx.case(reference, lock=True)
    if case.status is CaseStatus.CLOSED and message.direction is not Direction.INBOUND:
        raise NotAllowed(f"case {case.reference} is closed")
    return await attach_message(tx, case, message, actor)
