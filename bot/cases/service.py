"""``CaseService``: the case store's facade for channels, staff tools and the CLI.

Every public method is one transaction: it commits completely or not at all
(an exception or a cancellation mid-way rolls everything back, including the
reference number), and lock conflicts (SQLite's write lock, PostgreSQL
serialization failures and deadlocks) are retried.  The work itself lives in
small modules, each a set of functions of one ``Transaction``:

- ``threads``: which case an inbound message belongs to (the threading rule);
- ``messages``: keeping messages on a case;
- ``workflow``: pick up, assign, lifecycle, deadline extension;
- ``privileged``: unmasked text and raw mail, audited;
- ``retention``: the purge;
- ``staff_directory``: staff users and sign-in;
- ``reading``: masked reads, lists by deadline, statistics.

A channel that needs its own rows in the same transaction uses
``unit_of_work()`` (``bot.cases.unit_of_work``).  Methods return ORM rows
detached from their session: scalar columns and ``request_types`` are loaded;
``Case.messages`` only where a method says so.  Errors are ``bot.errors``
types; driver errors never escape.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.cases import corrections, messages, privileged, reading, retention, workflow
from bot.cases.corrections import LabelledExample
from bot.cases.engine import create_engine_from_settings, database_errors
from bot.cases.enums import CaseStatus, RequestType, StaffRole
from bot.cases.errors import ConcurrentUpdate
from bot.cases.inputs import Actor, AuditFilter, CaseFilter, CaseRequest, NewMessage
from bot.cases.models import AuditEvent, Case, Message, StaffUser, utcnow
from bot.cases.results import (
    AuditPage,
    CaseStatistics,
    PurgeReport,
    StoredMessage,
    ThreadResult,
    UnmaskedMessage,
)
from bot.cases.staff_directory import StaffDirectory
from bot.cases.store_transaction import StoreConfig
from bot.cases.unit_of_work import UnitOfWork
from bot.config import Settings
from bot.crypto import TextCipher, cipher_for
from bot.errors import DatabaseBusy

__all__ = ["CaseService"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class CaseService:
    """Async operations on cases, messages, staff users and the audit trail."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        cipher: TextCipher,
        timezone_name: str = "Europe/Oslo",
        retention_months: int = 12,
        clock: Callable[[], datetime] = utcnow,
        max_attempts: int = 10,
    ) -> None:
        self.engine = engine
        self.config = StoreConfig(cipher=cipher, tz=ZoneInfo(timezone_name), retention_months=retention_months)
        self._clock = clock
        self._max_attempts = max_attempts
        self._sessions = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False, future=True)
        self.staff = StaffDirectory(self.run)

    @classmethod
    def from_settings(cls, settings: Settings, engine: AsyncEngine | None = None) -> CaseService:
        return cls(
            engine or create_engine_from_settings(settings),
            cipher=cipher_for(settings.raw_mail_key),
            timezone_name=settings.timezone,
            retention_months=settings.retention_months,
        )

    @property
    def tz(self) -> ZoneInfo:
        return self.config.tz

    @property
    def retention_months(self) -> int:
        return self.config.retention_months

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> CaseService:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.dispose()

    # ------------------------------------------------------------------ transactions

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return aware datetimes")
        return now.astimezone(timezone.utc)

    @contextlib.asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """One transaction for a channel's own composition of operations (not retried)."""
        try:
            with database_errors():
                async with self._sessions() as session, session.begin():
                    yield UnitOfWork(session, self.config, self._now())
        except StaleDataError as exc:
            raise ConcurrentUpdate("the case was changed by someone else; reload and retry") from exc

    async def run(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Run ``work`` in one unit of work; retry it when the database was busy."""
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with self.unit_of_work() as uow:
                    return await work(uow)
            except DatabaseBusy:
                if attempt == self._max_attempts:
                    raise
                delay = min(0.5, 0.01 * 2**attempt) * random.uniform(0.5, 1.0)  # noqa: S311 - jitter
                log.info("database busy (attempt %d), retrying in %.3fs", attempt, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------------ channels

    async def open_or_find_case_for_thread(
        self, request: CaseRequest, message: NewMessage | None = None
    ) -> ThreadResult:
        """Find the case an inbound message belongs to, or open one; store the message (``threads``)."""
        return await self.run(lambda uow: uow.open_or_find_case_for_thread(request, message))

    async def add_message(
        self, reference: str, message: NewMessage, *, actor: Actor | None = None
    ) -> StoredMessage:
        """Keep a message on a case; a Message-ID already on the case is not stored twice.

        The default actor is the requester for inbound mail, the author (or the system)
        for outbound mail.  An inbound message moves an ``awaiting_requester`` case back
        to ``in_progress``.
        """
        return await self.run(lambda uow: uow.add_message(reference, message, actor=actor))

    async def record_event(self, reference: str, action: str, *, actor: Actor | None = None, **detail: Any) -> None:
        """Append an event another component observed (e.g. a reply the outbox gave up on) to a case's trail.

        ``detail`` holds ids, counts and error kinds, never message text.
        """
        await self.run(lambda uow: uow.record_event(reference, action, actor=actor, **detail))

    async def add_note(
        self, reference: str, staff_user_id: int, text: str, masked_text: str | None = None
    ) -> Message:
        """An internal note by a staff user (never sent to the requester)."""
        note = messages.staff_note(staff_user_id, text, masked_text)
        return (await self.add_message(reference, note, actor=Actor.staff(staff_user_id))).message

    # ------------------------------------------------------------------ staff work on a case

    async def pick_up(self, reference: str, staff_user_id: int) -> Case:
        """Take a case: assign it to oneself and start work on a new one."""
        return await self.run(lambda uow: workflow.pick_up(uow, reference, staff_user_id))

    async def assign(self, reference: str, assignee_id: int | None, *, actor: Actor) -> Case:
        """Give a case to a handler (or nobody, with ``None``)."""
        return await self.run(lambda uow: workflow.assign(uow, reference, assignee_id, actor))

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
        """Move a case through its lifecycle (``workflow.transition``); ``masked_reason`` is what staff see."""
        return await self.run(
            lambda uow: uow.transition(
                reference, target, actor=actor, reason=reason, duplicate_of=duplicate_of, masked_reason=masked_reason
            )
        )

    async def correct_request_types(
        self, reference: str, request_types: Iterable[RequestType], *, actor: Actor
    ) -> Case:
        """A person's correction of what the understanding layer read; recorded, and exported for training."""
        wanted = frozenset(request_types)
        return await self.run(lambda uow: workflow.correct_request_types(uow, reference, wanted, actor))

    async def labelled_examples(self) -> list[LabelledExample]:
        """Staff corrections of request types as training examples (masked text only)."""
        return await self.run(corrections.labelled_examples)

    async def extend_deadline(self, reference: str, months: int, reason: str, *, actor: Actor) -> Case:
        """GDPR art. 12(3): extend the legal deadline once, by 1-2 months, before it has passed."""
        workflow.check_extension(months, reason)
        return await self.run(lambda uow: workflow.extend_deadline(uow, reference, months, reason, actor))

    # ------------------------------------------------------------------ privileged reads

    async def record_unmasked_view(
        self,
        reference: str,
        staff_user_id: int,
        message_pks: Iterable[int] | None = None,
        *,
        reason: str | None = None,
    ) -> list[UnmaskedMessage]:
        """Unmasked texts for a handler, recorded in the audit trail with the reason (the only way to read them)."""
        wanted = list(message_pks) if message_pks is not None else None
        return await self.run(
            lambda uow: privileged.record_unmasked_view(uow, reference, staff_user_id, wanted, reason)
        )

    async def read_raw_mail(
        self, message_pk: int, staff_user_id: int, *, reference: str | None = None, reason: str | None = None
    ) -> bytes:
        """The original mail bytes, decrypted, for a handler; recorded in the audit trail with the reason."""
        return await self.run(
            lambda uow: privileged.read_raw_mail(uow, message_pk, staff_user_id, reference=reference, reason=reason)
        )

    # ------------------------------------------------------------------ masked reads

    async def get_case(self, reference: str, *, with_messages: bool = True) -> Case:
        """A case (masked view); ``case.messages`` is loaded when ``with_messages``."""
        return await self.run(lambda uow: uow.get_case(reference, with_messages=with_messages))

    async def audit_trail(self, reference: str) -> list[AuditEvent]:
        return await self.run(lambda uow: reading.audit_trail(uow, reference))

    async def audit_events(self, filters: AuditFilter | None = None) -> AuditPage:
        """The audit trail of every case (or as filtered), newest first, a page at a time."""
        return await self.run(lambda uow: reading.audit_events(uow, filters or AuditFilter()))

    async def list_cases(self, filters: CaseFilter | None = None) -> list[Case]:
        """Cases matching ``filters``, soonest deadline first by default."""
        return await self.run(lambda uow: reading.list_cases(uow, filters or CaseFilter()))

    async def count_each(self, filters: Mapping[str, CaseFilter]) -> dict[str, int]:
        """How many cases each named filter matches, counted in one pass (the queue's views)."""
        return await self.run(lambda uow: reading.count_each(uow, filters))

    async def list_overdue(self, deadline: str = "internal") -> list[Case]:
        """Open cases past their ``internal`` (14 days) or ``legal`` deadline."""
        return await self.run(lambda uow: reading.open_cases_due_before(uow, uow.now, deadline))

    async def list_due_soon(self, within: timedelta = timedelta(days=3), deadline: str = "internal") -> list[Case]:
        """Open cases whose deadline falls within ``within`` from now (not yet overdue)."""
        return await self.run(
            lambda uow: reading.open_cases_due_before(uow, uow.now + within, deadline, not_before=uow.now)
        )

    async def statistics(self, since: datetime | None = None, until: datetime | None = None) -> CaseStatistics:
        """Counts by status and type, median time to resolve, share answered in time (by receipt date);
        open and overdue cases now; with both ``since`` and ``until``, cases received and finished per ISO week."""
        return await self.run(lambda uow: reading.statistics(uow, since, until))

    # ------------------------------------------------------------------ retention

    def retention_cutoff(self, now: datetime | None = None) -> datetime:
        """Cases closed before this moment are due for purging."""
        return retention.retention_cutoff(now or self._now(), self.retention_months)

    async def purge(self, *, dry_run: bool = False, actor: Actor | None = None) -> PurgeReport:
        """Delete closed cases older than the retention period, with their messages and raw mail."""
        return await self.run(lambda uow: retention.purge(uow, actor or Actor.system(), dry_run=dry_run))

    # ------------------------------------------------------------------ staff users (``self.staff``)

    async def add_staff_user(
        self,
        email: str,
        name: str,
        role: StaffRole | str,
        password: str,
        *,
        actor: Actor | None = None,
        one_time: bool = False,
    ) -> StaffUser:
        return await self.staff.add(email, name, role, password, actor=actor, one_time=one_time)

    async def authenticate(self, email: str, password: str) -> StaffUser | None:
        """The active staff user with these credentials, or None.  Upgrades outdated hashes."""
        return await self.staff.authenticate(email, password)

    async def set_password(self, staff_user_id: int, password: str, *, actor: Actor) -> None:
        await self.staff.set_password(staff_user_id, password, actor=actor)

    async def find_staff_user(self, email: str) -> StaffUser | None:
        return await self.staff.find(email)

    async def get_staff_user(self, staff_user_id: int) -> StaffUser:
        return await self.staff.get(staff_user_id)

    async def list_staff_users(self) -> Sequence[StaffUser]:
        return await self.staff.list()

