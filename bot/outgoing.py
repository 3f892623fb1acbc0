"""Mail we send that no inbound mail triggered: staff replies, deadline notices, chat codes and receipts.

The core names what a letter is; a channel delivers it.  The email channel
implements ``Mailer`` over its durable outbox (``intake.mailer``) and the
composition root hands that to the staff interface and the chat, so neither
imports the email channel.  ``send`` is one transaction: the letter is
recorded on its case (when ``record_on_case``) and queued, or neither.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["Letter", "LetterKind", "Mailer"]


class LetterKind(str, enum.Enum):
    """What a letter is; stored as the outbox row's ``kind``."""

    STAFF_REPLY = "staff_reply"  # written (from a template) by a handler
    EXTENSION_NOTICE = "extension_notice"  # GDPR art. 12(3): the legal deadline was extended
    CHAT_CODE = "chat_code"  # the one-time code that verifies a chat visitor's address
    CHAT_RECEIPT = "chat_receipt"  # the reference of a case opened in the chat, to thread replies on


@dataclass(frozen=True)
class Letter:
    """One outbound mail.  ``author_id`` is the staff user who wrote it (None: the system)."""

    kind: LetterKind
    to_address: str
    subject: str
    body: str
    language: str
    case_reference: str | None = None
    to_name: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = field(default_factory=tuple)
    author_id: int | None = None
    record_on_case: bool = True  # False for mail that must not be kept, such as a one-time code

    @property
    def is_personal(self) -> bool:
        """Written by a person: no ``Auto-Submitted`` header, so the requester's autoresponder may answer."""
        return self.kind is LetterKind.STAFF_REPLY


class Mailer(Protocol):
    """Queue a letter for delivery."""

    async def send(self, letter: Letter, *, key: str) -> str:
        """Queue ``letter``; return its Message-ID.

        ``key`` makes the call idempotent: the same key gives the same Message-ID
        and queues the letter once (a retried request sends one mail).
        """
        ...
