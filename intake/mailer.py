"""``OutboxMailer``: the email channel's ``bot.outgoing.Mailer`` - letters through the durable outbox.

The staff interface and the chat get it from the composition root.  A letter
on a case is recorded there as an outbound message (masked by the
sensitive-data detector for staff views) and queued in the same transaction,
so a crash leaves both or neither; the Message-ID is derived from the
caller's key, so a retried request queues one mail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot import sensitive
from bot.cases import CaseService
from bot.cases.enums import Channel, Direction
from bot.cases.inputs import Actor, NewMessage
from bot.config import Settings
from bot.outgoing import Letter
from intake.outbox import Outbox
from intake.replies.compose import build_message, outbound_message_id

__all__ = ["OutboxMailer"]

Masker = Callable[[str, str], str]
"""``(text, language) -> masked text``; the detector's placeholders instead of sensitive values."""


class OutboxMailer:
    """Queue letters in the outbox, recorded on their case."""

    def __init__(
        self,
        settings: Settings,
        cases: CaseService,
        outbox: Outbox,
        *,
        masker: Masker = sensitive.mask_text,
        on_queued: Callable[[], None] | None = None,
    ) -> None:
        self._settings = settings
        self._cases = cases
        self._outbox = outbox
        self._masker = masker
        self._on_queued = on_queued

    def message_id(self, letter: Letter, key: str) -> str:
        smtp = self._settings.smtp
        anchor = letter.case_reference or letter.kind.value
        return outbound_message_id(anchor, f"{letter.kind.value}|{key}", self._settings.secret_key, smtp.hostname)

    async def send(self, letter: Letter, *, key: str) -> str:
        settings = self._settings
        message_id = self.message_id(letter, key)
        kept = letter.record_on_case and letter.case_reference is not None
        # Only what is kept on a case needs a masked copy (and the detector's first use loads spaCy).
        masked = await asyncio.to_thread(self._masker, letter.body, letter.language) if kept else ""
        message = build_message(
            letter,
            from_address=settings.smtp.from_address,
            to_address=letter.to_address,
            to_name=letter.to_name or "",
            message_id=message_id,
            in_reply_to=letter.in_reply_to or "",
            references=letter.references,
            loop_token=settings.smtp.hostname,
            timezone=settings.timezone,
            automatic=not letter.is_personal,
        )
        async with self._cases.unit_of_work() as uow:
            if kept:
                assert letter.case_reference is not None
                await uow.add_message(letter.case_reference, self._outbound(letter, message_id, masked), actor=self._actor(letter))
            await self._outbox.enqueue_in(uow.session, message, case_reference=letter.case_reference, kind=letter.kind.value)
        if self._on_queued is not None:
            self._on_queued()
        return message_id

    @staticmethod
    def _outbound(letter: Letter, message_id: str, masked: str) -> NewMessage:
        return NewMessage(
            direction=Direction.OUTBOUND,
            channel=Channel.EMAIL,
            text=letter.body,
            masked_text=masked,
            subject=letter.subject,
            message_id=message_id,
            in_reply_to=letter.in_reply_to,
            references=letter.references,
            author_staff_id=letter.author_id,
        )

    @staticmethod
    def _actor(letter: Letter) -> Actor:
        return Actor.staff(letter.author_id) if letter.author_id is not None else Actor.system()
