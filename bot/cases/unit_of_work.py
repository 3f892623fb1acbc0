"""The API every channel uses inside one transaction of its own.

A channel that writes its own rows together with a case-store change (the
email intake's ledger and outbox rows, the chat's verification codes) opens a
unit of work and does both in it::

    async with cases.unit_of_work() as uow:
        result = await uow.open_or_find_case_for_thread(request, message)
        await ledger.record_case_in(uow.session, key, result.case.reference)

Everything commits together or not at all.  ``CaseService``'s methods of the
same names are each one such unit of work on their own, retried on lock
conflicts.
"""

from __future__ import annotations

from typing import Any

from bot.cases import messages, retention, threads, workflow
from bot.cases.enums import CaseStatus
from bot.cases.inputs import Actor, CaseRequest, NewMessage
from bot.cases.models import Case
from bot.cases.reading import get_case
from bot.cases.results import PurgeReport, StoredMessage, ThreadResult
from bot.cases.store_transaction import Transaction

__all__ = ["UnitOfWork"]


class UnitOfWork(Transaction):
    """One transaction with the case store's channel-facing operations."""

    async def open_or_find_case_for_thread(
        self, request: CaseRequest, message: NewMessage | None = None
    ) -> ThreadResult:
        """The case an inbound message belongs to, found or opened, with the message on it (``bot.cases.threads``)."""
        return await threads.open_or_find_case_for_thread(self, request, message)

    async def add_message(
        self, reference: str, message: NewMessage, *, actor: Actor | None = None
    ) -> StoredMessage:
        """Keep a message on a case; a Message-ID already on the case is not stored twice."""
        return await messages.add_message(self, reference, message, actor)

    async def add_messages(self, reference: str, batch: list[NewMessage]) -> int:
        """Several of the requester's and our own messages on one case at once; how many were new."""
        return await messages.add_messages(self, reference, batch)

    async def transition(
        self,
        reference: str,
        target: CaseStatus,
        *,
        actor: Actor,
        reason: str | None = None,
        duplicate_of: str | None = None,
        masked_reason: str | None = None,
    ) -> Case:
        return await workflow.transition(self, reference, target, actor, reason, duplicate_of, masked_reason)

    async def record_event(
        self, reference: str, action: str, *, actor: Actor | None = None, **detail: Any
    ) -> None:
        """Append an event a channel observed to a case's trail; ``detail`` never holds message text."""
        who = actor or Actor.system()
        await self.check_actor(who, handler=False)
        self.audit(await self.case(reference), who, action, **detail)

    async def purge(self, *, dry_run: bool = False, actor: Actor | None = None) -> PurgeReport:
        """Retention (``bot.cases.retention``); a channel purges its own rows for ``report.references`` beside it."""
        return await retention.purge(self, actor or Actor.system(), dry_run=dry_run)

    async def get_case(self, reference: str, *, with_messages: bool = True) -> Case:
        return await get_case(self, reference, with_messages=with_messages)
