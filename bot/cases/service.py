"""The case store's operations, for the email intake, the chat actions and staff.

Every public method is one transaction: it commits completely or not at all
(an exception or a cancellation mid-way rolls everything back, including the
reference number).  Transient lock conflicts (SQLite "database is locked",
PostgreSQL serialization failures and deadlocks) are retried.  Methods return
ORM rows detached from their session: scalar columns and ``request_types``
are loaded; ``Case.messages`` only where a method says so.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bot.cases import audit_guard  # noqa: F401  (registers the append-only guards)
from bot.cases.crypto import MailCipher
from bot.cases.deadlines import MAX_EXTENSION_MONTHS, add_months, due_internal, due_legal
from bot.cases.enums import (
    OPEN_STATUSES,
    ActorKind,
    CaseStatus,
    Channel,
    Direction,
    StaffRole,
)
from bot.cases.errors import (
    CaseError,
    CaseNotFound,
    ConcurrentUpdate,
    DeadlineExtensionRefused,
    NotAllowed,
    StaffUserExists,
    StaffUserNotFound,
)
from bot.cases.inputs import (
    Actor,
    CaseFilter,
    CaseRequest,
    NewMessage,
    normalize_email,
    parse_message_ids,
)
from bot.cases.matching import (
    find_by_reference,
    find_by_thread,
    find_duplicate,
    follow_duplicate_chain,
    merge_request,
)
from bot.cases.models import AuditEvent, Case, CaseRequestType, Message, RawMail, StaffUser, utcnow
from bot.cases.passwords import hash_password, needs_rehash, spend_verification_time, verify_password
from bot.cases.queries import case_list_query, compute_statistics
from bot.cases.references import allocate_reference
from bot.cases.results import (
    CaseStatistics,
    MatchKind,
    PurgeReport,
    StoredMessage,
    ThreadResult,
    UnmaskedMessage,
)
from bot.cases.state import check_transition
from bot.config import Settings

__all__ = ["AlsoInTransaction", "CaseService"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

AlsoInTransaction = Callable[[AsyncSession, R], Awaitable[None]]
"""Extra work a caller runs in the same transaction as a case-store write (e.g. the
intake's ledger and outbox rows), given the session and the method's result; it
commits or rolls back together with the write."""

_TRANSIENT_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def _is_transient(exc: DBAPIError) -> bool:
    orig = exc.orig
    if (
        getattr(orig, "sqlstate", None) in _TRANSIENT_SQLSTATES
        or getattr(orig, "pgcode", None) in _TRANSIENT_SQLSTATES
    ):
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text


class CaseService:
    """Async operations on cases, messages, staff users and the audit trail."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        cipher: MailCipher,
        timezone_name: str = "Europe/Oslo",
        retention_months: int = 12,
        clock: Callable[[], datetime] = utcnow,
        max_attempts: int = 10,
    ) -> None:
        self.engine = engine
        self.tz = ZoneInfo(timezone_name)
        self.retention_months = retention_months
        self._cipher = cipher
        self._clock = clock
        self._max_attempts = max_attempts
        self._sessions = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False, future=True)

    @classmethod
    def from_settings(cls, settings: Settings, engine: AsyncEngine | None = None) -> CaseService:
        from bot.cases.engine import create_engine_from_settings

        return cls(
            engine or create_engine_from_settings(settings),
            cipher=MailCipher(settings.raw_mail_key),
            timezone_name=settings.timezone,
            retention_months=settings.retention_months,
        )

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> CaseService:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.dispose()

    # ------------------------------------------------------------------ plumbing

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return aware datetimes")
        return now.astimezone(timezone.utc)

    async def _run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``work`` in one transaction; retry it on transient lock conflicts."""
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with self._sessions() as session, session.begin():
                    return await work(session)
            except StaleDataError as exc:
                raise ConcurrentUpdate("the case was changed by someone else; reload and retry") from exc
            except DBAPIError as exc:
                if attempt == self._max_attempts or not _is_transient(exc):
                    raise
                delay = min(0.5, 0.01 * 2**attempt) * random.uniform(0.5, 1.0)  # noqa: S311 - jitter
                log.info("transient database conflict (attempt %d), retrying in %.3fs", attempt, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _audit(
        session: AsyncSession, case: Case | None, actor: Actor, action: str, at: datetime, **detail: Any
    ) -> None:
        """Append an audit event.  ``detail`` holds ids, statuses and counts, never free text."""
        session.add(
            AuditEvent(
                case_id=case.id if case else None,
                case_reference=case.reference if case else None,
                actor_kind=actor.kind,
                actor_staff_id=actor.staff_user_id,
                action=action,
                detail=detail,
                created_at=at,
            )
        )

    @staticmethod
    async def _case(session: AsyncSession, reference: str, *, lock: bool = False) -> Case:
        query = sa.select(Case).where(Case.reference == reference.strip().upper())
        if lock:
            query = query.with_for_update()
        case = await session.scalar(query)
        if case is None:
            raise CaseNotFound(f"no case {reference!r}")
        return case

    @staticmethod
    async def _staff(session: AsyncSession, staff_user_id: int, *, handler: bool = False) -> StaffUser:
        user = await session.get(StaffUser, staff_user_id)
        if user is None or not user.active:
            raise StaffUserNotFound(f"no active staff user {staff_user_id}")
        if handler and not user.role.can_handle_cases:
            raise NotAllowed(
                f"staff user {staff_user_id} has role {user.role.value!r}, which cannot handle cases"
            )
        return user

    async def _actor_staff(self, session: AsyncSession, actor: Actor, *, handler: bool = True) -> None:
        if actor.kind is ActorKind.STAFF:
            assert actor.staff_user_id is not None
            await self._staff(session, actor.staff_user_id, handler=handler)

    def _set_status(
        self,
        session: AsyncSession,
        case: Case,
        target: CaseStatus,
        actor: Actor,
        now: datetime,
        **detail: Any,
    ) -> None:
        check_transition(case.reference, case.status, target)
        previous = case.status
        case.status = target
        case.updated_at = now
        if target is CaseStatus.RESOLVED:
            case.resolved_at = now
        elif target is CaseStatus.CLOSED:
            case.closed_at = now
        elif target in (CaseStatus.IN_PROGRESS, CaseStatus.NEW) and previous is CaseStatus.RESOLVED:
            case.resolved_at = None  # reopened: it is no longer answered
        self._audit(
            session,
            case,
            actor,
            "status_changed",
            now,
            from_status=previous.value,
            to_status=target.value,
            **detail,
        )

    # ------------------------------------------------------------------ opening and threading

    async def _open_case(
        self, session: AsyncSession, request: CaseRequest, email: str, now: datetime, follows_up: Case | None
    ) -> Case:
        received = (request.received_at or now).astimezone(timezone.utc)
        reference = await allocate_reference(session, received.astimezone(self.tz).year)
        requester = request.requester
        case = Case(
            reference=reference,
            requester_email=email,
            requester_name=requester.name,
            identity_verified=requester.identity_verified,
            identity_method=requester.identity_method,
            channel=request.channel,
            language=request.language,
            sensitive_categories=sorted(request.sensitive_categories),
            status=CaseStatus.NEW,
            follows_up_id=follows_up.id if follows_up else None,
            received_at=received,
            created_at=now,
            updated_at=now,
            due_internal=due_internal(received, self.tz),
            due_legal=due_legal(received, self.tz),
            request_type_rows=[CaseRequestType(request_type=t) for t in sorted(request.request_types)],
        )
        session.add(case)
        await session.flush()
        self._audit(
            session,
            case,
            Actor.system(),
            "case_opened",
            now,
            channel=request.channel.value,
            request_types=sorted(t.value for t in request.request_types),
            follows_up=follows_up.reference if follows_up else None,
        )
        return case

    async def open_or_find_case_for_thread(
        self,
        request: CaseRequest,
        message: NewMessage | None = None,
        *,
        also: AlsoInTransaction[ThreadResult] | None = None,
    ) -> ThreadResult:
        """Find the case an inbound message belongs to, or open one; store the message on it.

        Order: the same Message-ID already stored (re-delivery) -> a ``PV-yyyy-nnnn``
        reference from the same requester -> In-Reply-To/References naming a message on
        a case -> an open case of the same requester and request type received within 30
        days (duplicate) -> a new case.  A thread whose case is closed opens a follow-up.
        ``also`` runs in the same transaction with the result.
        """
        email = normalize_email(request.requester.email)
        if message is not None and message.direction is not Direction.INBOUND:
            raise ValueError("open_or_find_case_for_thread takes inbound messages only")

        async def work(session: AsyncSession) -> ThreadResult:
            result = await find_or_open(session)
            if also is not None:
                await also(session, result)
            return result

        async def find_or_open(session: AsyncSession) -> ThreadResult:
            now = self._now()
            received = (request.received_at or now).astimezone(timezone.utc)
            message_id = parse_message_ids(message.message_id) if message and message.message_id else ()
            if message_id:
                known = (
                    await session.execute(
                        sa.select(Message, Case)
                        .join(Case, Message.case_id == Case.id)
                        .where(
                            Message.message_id == message_id[0],
                            Message.direction == Direction.INBOUND,
                            Case.requester_email == email,
                        )
                        .limit(1)
                    )
                ).first()
                if known is not None:
                    return ThreadResult(known[1], known[0], MatchKind.EXISTING_MESSAGE)

            match = MatchKind.REFERENCE
            case = await find_by_reference(session, request, message, email)
            if case is None:
                match = MatchKind.THREAD
                case = await find_by_thread(session, message, email)
            if case is not None:
                case = await follow_duplicate_chain(session, case)
            if case is None:
                match = MatchKind.DUPLICATE
                case = await find_duplicate(session, request, email, received)

            if case is None or case.status is CaseStatus.CLOSED:
                follows_up = case
                match = MatchKind.FOLLOW_UP if follows_up else MatchKind.NEW
                case = await self._open_case(session, request, email, now, follows_up)
            else:
                added = merge_request(case, request)
                case.updated_at = now
                self._audit(
                    session,
                    case,
                    Actor.requester(),
                    "case_matched",
                    now,
                    match=match.value,
                    added_types=added,
                )

            stored = None
            if message is not None:
                stored = (await self._attach_message(session, case, message, Actor.requester(), now)).message
            return ThreadResult(case, stored, match)

        return await self._run(work)

    # ------------------------------------------------------------------ messages

    async def _attach_message(
        self, session: AsyncSession, case: Case, message: NewMessage, actor: Actor, now: datetime
    ) -> StoredMessage:
        message_id = (parse_message_ids(message.message_id) or (None,))[0] if message.message_id else None
        if message_id is not None:
            existing = await session.scalar(
                sa.select(Message).where(Message.case_id == case.id, Message.message_id == message_id)
            )
            if existing is not None:
                return StoredMessage(existing, created=False)
        at = (message.at or now).astimezone(timezone.utc)
        in_reply_to = parse_message_ids(message.in_reply_to)
        row = Message(
            case_id=case.id,
            direction=message.direction,
            channel=message.channel,
            message_id=message_id,
            in_reply_to=in_reply_to[0] if in_reply_to else None,
            references_header=" ".join(parse_message_ids(message.references)) or None,
            subject=message.subject,
            text_ciphertext=self._cipher.encrypt_text(message.text),
            masked_text=message.masked_text,
            attachments=[a.as_json() for a in message.attachments],
            raw_location=message.raw_location or ("db" if message.raw_mail is not None else None),
            author_staff_id=message.author_staff_id,
            created_at=at,
        )
        if message.raw_mail is not None:
            row.raw_mail = RawMail(
                ciphertext=self._cipher.encrypt(message.raw_mail), size=len(message.raw_mail)
            )
        session.add(row)
        await session.flush()
        case.updated_at = now
        if message.direction is Direction.INBOUND:
            case.last_inbound_at = at
            if case.status is CaseStatus.AWAITING_REQUESTER:
                self._set_status(
                    session, case, CaseStatus.IN_PROGRESS, Actor.requester(), now, why="requester_replied"
                )
        self._audit(
            session,
            case,
            actor,
            "note_added" if message.direction is Direction.NOTE else "message_added",
            now,
            message_pk=row.id,
            direction=message.direction.value,
            channel=message.channel.value,
        )
        return StoredMessage(row, created=True)

    async def add_message(
        self,
        reference: str,
        message: NewMessage,
        *,
        actor: Actor | None = None,
        also: AlsoInTransaction[StoredMessage] | None = None,
    ) -> StoredMessage:
        """Keep a message on a case; a Message-ID already on the case is not stored twice.

        The default actor is the requester for inbound mail, the author (or the system)
        for outbound mail.  An inbound message moves an ``awaiting_requester`` case back
        to ``in_progress``.  ``also`` runs in the same transaction with the stored message.
        """
        if actor is None:
            if message.direction is Direction.INBOUND:
                actor = Actor.requester()
            elif message.author_staff_id is not None:
                actor = Actor.staff(message.author_staff_id)
            else:
                actor = Actor.system()
        if message.direction is Direction.NOTE and actor.kind is not ActorKind.STAFF:
            raise NotAllowed("internal notes are written by staff users")

        async def work(session: AsyncSession) -> StoredMessage:
            await self._actor_staff(session, actor)
            case = await self._case(session, reference, lock=True)
            if case.status is CaseStatus.CLOSED and message.direction is not Direction.INBOUND:
                raise NotAllowed(f"case {case.reference} is closed")
            stored = await self._attach_message(session, case, message, actor, self._now())
            if also is not None:
                await also(session, stored)
            return stored

        return await self._run(work)

    async def add_note(
        self, reference: str, staff_user_id: int, text: str, masked_text: str | None = None
    ) -> Message:
        """An internal note by a staff user (never sent to the requester)."""
        note = NewMessage(
            direction=Direction.NOTE,
            channel=Channel.STAFF,
            text=text,
            masked_text=masked_text,
            author_staff_id=staff_user_id,
        )
        return (await self.add_message(reference, note, actor=Actor.staff(staff_user_id))).message

    # ------------------------------------------------------------------ staff operations on a case

    async def pick_up(self, reference: str, staff_user_id: int) -> Case:
        """Take a case: assign it to oneself and start work on a new one."""

        async def work(session: AsyncSession) -> Case:
            now = self._now()
            await self._staff(session, staff_user_id, handler=True)
            case = await self._case(session, reference, lock=True)
            if case.assignee_id not in (None, staff_user_id):
                raise NotAllowed(f"case {case.reference} is already picked up by someone else; use assign")
            actor = Actor.staff(staff_user_id)
            if case.assignee_id is None:
                case.assignee_id = staff_user_id
                case.picked_up_at = case.picked_up_at or now
                self._audit(session, case, actor, "picked_up", now, assignee_id=staff_user_id)
            if case.status is CaseStatus.NEW:
                self._set_status(session, case, CaseStatus.IN_PROGRESS, actor, now)
            case.updated_at = now
            return case

        return await self._run(work)

    async def assign(self, reference: str, assignee_id: int | None, *, actor: Actor) -> Case:
        """Give a case to a handler (or nobody, with ``None``)."""

        async def work(session: AsyncSession) -> Case:
            now = self._now()
            await self._actor_staff(session, actor)
            if assignee_id is not None:
                await self._staff(session, assignee_id, handler=True)
            case = await self._case(session, reference, lock=True)
            previous = case.assignee_id
            if previous != assignee_id:
                case.assignee_id = assignee_id
                if assignee_id is not None and case.picked_up_at is None:
                    case.picked_up_at = now
                case.updated_at = now
                self._audit(
                    session, case, actor, "assigned", now, from_assignee=previous, to_assignee=assignee_id
                )
            return case

        return await self._run(work)

    async def transition(
        self,
        reference: str,
        target: CaseStatus,
        *,
        actor: Actor,
        reason: str | None = None,
        duplicate_of: str | None = None,
    ) -> Case:
        """Move a case through its lifecycle; ``IllegalTransition`` when the state machine forbids it.

        A ``reason`` is kept as an internal note on the case (the audit trail, which
        outlives purges, holds no free text).  ``duplicate`` needs ``duplicate_of``.
        """

        async def work(session: AsyncSession) -> Case:
            now = self._now()
            await self._actor_staff(session, actor)
            case = await self._case(session, reference, lock=True)
            detail: dict[str, Any] = {}
            if target is CaseStatus.DUPLICATE:
                if not duplicate_of:
                    raise CaseError("marking a case duplicate needs the reference of the case it duplicates")
                original = await self._case(session, duplicate_of)
                if original.id == case.id:
                    raise CaseError("a case cannot duplicate itself")
                case.duplicate_of_id = original.id
                detail["duplicate_of"] = original.reference
            elif case.status is CaseStatus.DUPLICATE and target is CaseStatus.NEW:
                case.duplicate_of_id = None
            self._set_status(session, case, target, actor, now, has_reason=bool(reason), **detail)
            if reason:
                note = NewMessage(Direction.NOTE, Channel.STAFF, reason, author_staff_id=actor.staff_user_id)
                await self._attach_message(session, case, note, actor, now)
            return case

        return await self._run(work)

    async def extend_deadline(self, reference: str, months: int, reason: str, *, actor: Actor) -> Case:
        """GDPR art. 12(3): extend the legal deadline once, by 1-2 months, before it has passed."""
        if not 1 <= months <= MAX_EXTENSION_MONTHS:
            raise DeadlineExtensionRefused(
                f"an extension is 1 to {MAX_EXTENSION_MONTHS} months, not {months}"
            )
        if not reason or not reason.strip():
            raise DeadlineExtensionRefused("an extension needs a recorded reason")

        async def work(session: AsyncSession) -> Case:
            now = self._now()
            await self._actor_staff(session, actor)
            case = await self._case(session, reference, lock=True)
            if case.extension_months:
                raise DeadlineExtensionRefused(f"case {case.reference} was already extended once")
            if case.status not in OPEN_STATUSES:
                raise DeadlineExtensionRefused(f"case {case.reference} is {case.status.value}, not open")
            if now > case.due_legal:
                raise DeadlineExtensionRefused(f"the legal deadline of {case.reference} has already passed")
            case.extension_months = months
            case.extension_reason = reason.strip()
            case.extended_at = now
            case.due_legal = due_legal(case.received_at, self.tz, months)
            case.updated_at = now
            self._audit(
                session,
                case,
                actor,
                "deadline_extended",
                now,
                months=months,
                due_legal=case.due_legal.isoformat(),
            )
            return case

        return await self._run(work)

    async def record_unmasked_view(
        self, reference: str, staff_user_id: int, message_pks: Iterable[int] | None = None
    ) -> list[UnmaskedMessage]:
        """Decrypt a case's unmasked message texts for a staff user, recording that they looked.

        This is the only way to read unmasked text; viewers (read-only role) may not.
        """
        wanted = set(message_pks) if message_pks is not None else None

        async def work(session: AsyncSession) -> list[UnmaskedMessage]:
            now = self._now()
            await self._staff(session, staff_user_id, handler=True)
            case = await self._case(session, reference)
            query = sa.select(Message).where(Message.case_id == case.id).order_by(Message.id)
            if wanted is not None:
                query = query.where(Message.id.in_(wanted))
            messages = list(await session.scalars(query))
            self._audit(
                session,
                case,
                Actor.staff(staff_user_id),
                "unmasked_viewed",
                now,
                message_pks=[m.id for m in messages],
            )
            return [
                UnmaskedMessage(
                    m.id, m.direction, m.created_at, m.subject, self._cipher.decrypt_text(m.text_ciphertext)
                )
                for m in messages
            ]

        return await self._run(work)

    async def read_raw_mail(self, message_pk: int, staff_user_id: int) -> bytes:
        """The original mail bytes, decrypted, for a handler; recorded in the audit trail."""

        async def work(session: AsyncSession) -> bytes:
            now = self._now()
            await self._staff(session, staff_user_id, handler=True)
            raw = await session.scalar(sa.select(RawMail).where(RawMail.message_pk == message_pk))
            message = await session.get(Message, message_pk)
            if raw is None or message is None:
                raise CaseNotFound(f"no raw mail stored for message {message_pk}")
            case = await session.get(Case, message.case_id)
            self._audit(
                session, case, Actor.staff(staff_user_id), "raw_mail_viewed", now, message_pk=message_pk
            )
            return self._cipher.decrypt(raw.ciphertext)

        return await self._run(work)

    # ------------------------------------------------------------------ reading

    async def get_case(self, reference: str, *, with_messages: bool = True) -> Case:
        """A case (masked view); ``case.messages`` is loaded when ``with_messages``."""

        async def work(session: AsyncSession) -> Case:
            query = sa.select(Case).where(Case.reference == reference.strip().upper())
            if with_messages:
                query = query.options(selectinload(Case.messages))
            case = await session.scalar(query)
            if case is None:
                raise CaseNotFound(f"no case {reference!r}")
            return case

        return await self._run(work)

    async def record_event(self, reference: str, action: str, *, actor: Actor | None = None, **detail: Any) -> None:
        """Append an event another component observed (e.g. a reply the outbox gave up on) to a case's trail.

        ``detail`` holds ids, counts and error kinds, never message text.
        """
        actor = actor or Actor.system()

        async def work(session: AsyncSession) -> None:
            await self._actor_staff(session, actor, handler=False)
            case = await self._case(session, reference)
            self._audit(session, case, actor, action, self._now(), **detail)

        await self._run(work)

    async def audit_trail(self, reference: str) -> list[AuditEvent]:
        async def work(session: AsyncSession) -> list[AuditEvent]:
            query = sa.select(AuditEvent).where(AuditEvent.case_reference == reference.strip().upper())
            return list(await session.scalars(query.order_by(AuditEvent.id)))

        return await self._run(work)

    async def list_cases(self, filters: CaseFilter | None = None) -> list[Case]:
        """Cases matching ``filters``, soonest deadline first by default."""
        query = case_list_query(filters or CaseFilter())

        async def work(session: AsyncSession) -> list[Case]:
            return list(await session.scalars(query))

        return await self._run(work)

    async def _open_cases_due_before(self, moment: datetime, deadline: str) -> list[Case]:
        column = {"internal": Case.due_internal, "legal": Case.due_legal}[deadline]
        query = (
            sa.select(Case)
            .where(Case.status.in_(OPEN_STATUSES), column < moment)
            .order_by(column.asc(), Case.id.asc())
        )

        async def work(session: AsyncSession) -> list[Case]:
            return list(await session.scalars(query))

        return await self._run(work)

    async def list_overdue(self, deadline: str = "internal") -> list[Case]:
        """Open cases past their ``internal`` (14 days) or ``legal`` deadline."""
        return await self._open_cases_due_before(self._now(), deadline)

    async def list_due_soon(
        self, within: timedelta = timedelta(days=3), deadline: str = "internal"
    ) -> list[Case]:
        """Open cases whose deadline falls within ``within`` from now (not yet overdue)."""
        now = self._now()
        return [
            c for c in await self._open_cases_due_before(now + within, deadline) if _due(c, deadline) >= now
        ]

    async def statistics(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> CaseStatistics:
        """Counts by status and type, median time to resolve, share answered in time (by receipt date)."""
        return await self._run(lambda session: compute_statistics(session, since, until))

    # ------------------------------------------------------------------ retention

    def retention_cutoff(self, now: datetime | None = None) -> datetime:
        """Cases closed before this moment are due for purging."""
        now = (now or self._now()).astimezone(timezone.utc)
        day = add_months(now.date(), -self.retention_months)
        return now.replace(year=day.year, month=day.month, day=day.day)

    async def purge(self, *, dry_run: bool = False, actor: Actor | None = None) -> PurgeReport:
        """Delete closed cases older than the retention period, with their messages and raw mail.

        Each purge leaves a ``case_purged`` audit event; the audit trail itself is kept.
        """
        actor = actor or Actor.system()

        async def work(session: AsyncSession) -> PurgeReport:
            now = self._now()
            cutoff = self.retention_cutoff(now)
            doomed = (
                await session.execute(
                    sa.select(Case.id, Case.reference)
                    .where(Case.status == CaseStatus.CLOSED, Case.closed_at < cutoff)
                    .order_by(Case.id)
                )
            ).all()
            if not dry_run and doomed:
                ids = [row.id for row in doomed]
                for row in doomed:
                    session.add(
                        AuditEvent(
                            case_id=row.id,
                            case_reference=row.reference,
                            actor_kind=actor.kind,
                            actor_staff_id=actor.staff_user_id,
                            action="case_purged",
                            detail={"retention_months": self.retention_months},
                            created_at=now,
                        )
                    )
                await session.execute(
                    sa.delete(Case).where(Case.id.in_(ids)).execution_options(synchronize_session=False)
                )
            return PurgeReport(
                cutoff=cutoff, references=tuple(row.reference for row in doomed), dry_run=dry_run
            )

        return await self._run(work)

    # ------------------------------------------------------------------ staff users

    async def add_staff_user(
        self, email: str, name: str, role: StaffRole | str, password: str, *, actor: Actor | None = None
    ) -> StaffUser:
        email = normalize_email(email)
        role = StaffRole(role)  # accepts the enum or its value
        password_hash = await asyncio.to_thread(hash_password, password)
        actor = actor or Actor.system()

        async def work(session: AsyncSession) -> StaffUser:
            now = self._now()
            if await session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
                raise StaffUserExists("a staff user with that email already exists")
            user = StaffUser(
                email=email, name=name, role=role, password_hash=password_hash, active=True, created_at=now
            )
            session.add(user)
            await session.flush()
            self._audit(session, None, actor, "staff_added", now, staff_user_id=user.id, role=role.value)
            return user

        try:
            return await self._run(work)
        except IntegrityError as exc:  # a concurrent add of the same address
            raise StaffUserExists("a staff user with that email already exists") from exc

    async def authenticate(self, email: str, password: str) -> StaffUser | None:
        """The active staff user with these credentials, or None.  Upgrades outdated hashes."""
        try:
            email = normalize_email(email)
        except ValueError:
            return None
        user = await self.find_staff_user(email)
        if user is None or not user.active:
            ok = await asyncio.to_thread(spend_verification_time, password)
        else:
            ok = await asyncio.to_thread(verify_password, user.password_hash, password)
        new_hash = (
            await asyncio.to_thread(hash_password, password)
            if ok and needs_rehash(user.password_hash)
            else None
        )

        async def work(session: AsyncSession) -> StaffUser | None:
            now = self._now()
            if user is None:
                return None
            row = await session.get(StaffUser, user.id)
            if not ok or row is None:
                self._audit(session, None, Actor.system(), "staff_login_failed", now, staff_user_id=user.id)
                return None
            row.last_login_at = now
            if new_hash:
                row.password_hash = new_hash
            self._audit(session, None, Actor.staff(row.id), "staff_login", now)
            return row

        return await self._run(work)

    async def set_password(self, staff_user_id: int, password: str, *, actor: Actor) -> None:
        password_hash = await asyncio.to_thread(hash_password, password)

        async def work(session: AsyncSession) -> None:
            user = await self._staff(session, staff_user_id)
            user.password_hash = password_hash
            self._audit(session, None, actor, "staff_password_set", self._now(), staff_user_id=staff_user_id)

        await self._run(work)

    async def find_staff_user(self, email: str) -> StaffUser | None:
        email = normalize_email(email)

        async def work(session: AsyncSession) -> StaffUser | None:
            return await session.scalar(sa.select(StaffUser).where(StaffUser.email == email))

        return await self._run(work)

    async def get_staff_user(self, staff_user_id: int) -> StaffUser:
        async def work(session: AsyncSession) -> StaffUser:
            return await self._staff(session, staff_user_id)

        return await self._run(work)

    async def list_staff_users(self) -> Sequence[StaffUser]:
        async def work(session: AsyncSession) -> list[StaffUser]:
            return list(await session.scalars(sa.select(StaffUser).order_by(StaffUser.id)))

        return await self._run(work)


def _due(case: Case, deadline: str) -> datetime:
    return case.due_internal if deadline == "internal" else case.due_legal
