"""The durable outbox: replies wait in the database until the relay takes them.

A reply is queued in the same processing run that decides it, under a unique,
deterministic Message-ID, so a resumed run cannot queue it twice.  Senders
claim due rows with a lease (an UPDATE guarded on the previous lease, which
works the same on SQLite and PostgreSQL), so several instances never send the
same reply twice; a failed attempt is retried with exponential backoff until
``max_attempts``, then left as ``failed`` for staff.  Before giving up the
sender reports the failure (``on_give_up``; the service records it on the
case) so staff see that the requester never got the reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cases.engine import connection, database_errors, transaction
from bot.crypto import cipher_for
from bot.errors import IntegrityViolation
from bot.outgoing import LetterKind
from intake.errors import DeliveryError, is_transient
from intake.tables import outbox, utcnow

__all__ = ["GiveUpHandler", "Outbox", "OutboxItem", "OutboxSender", "RelayConfig"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboxItem:
    id: int
    message_id: str
    recipient: str
    attempts: int
    raw: bytes
    case_reference: str | None = None
    kind: str = ""


@dataclass(frozen=True)
class RelayConfig:
    host: str
    port: int
    use_tls: bool = False
    start_tls: bool = False
    username: str = ""
    password: str = ""
    envelope_from: str = ""
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings) -> RelayConfig:  # type: ignore[no-untyped-def]
        relay = settings.relay
        return cls(
            host=relay.host,
            port=relay.port,
            use_tls=relay.use_tls,
            start_tls=relay.start_tls,
            username=relay.username,
            password=relay.password,
            # Not the null path RFC 3834 suggests: bounces of our replies must reach the intake.
            envelope_from=settings.smtp.from_address,
        )


class Outbox:
    """Queue, claim and settle outbound messages."""

    def __init__(
        self,
        engine: AsyncEngine,
        key: str | bytes,
        *,
        max_attempts: int = 8,
        base_delay: float = 30.0,
        max_delay: float = 3600.0,
        lease: float = 120.0,
    ) -> None:
        self.engine = engine
        self._cipher = cipher_for(key)
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.lease = lease

    async def enqueue(self, message: EmailMessage, *, case_reference: str | None, kind: str) -> bool:
        """Queue a message; False when its Message-ID was queued before (idempotent)."""
        async with transaction(self.engine) as conn:
            return await self.enqueue_in(conn, message, case_reference=case_reference, kind=kind)

    async def enqueue_in(self, conn: Any, message: EmailMessage, *, case_reference: str | None, kind: str) -> bool:
        """``enqueue`` inside the caller's transaction (a connection or session).

        The insert runs in a savepoint, so a Message-ID queued before (a resumed
        run) leaves the caller's transaction usable.
        """
        raw = message.as_bytes(policy=policy.SMTP)
        recipient = message["To"].addresses[0].addr_spec.lower()
        now = utcnow()
        try:
            with database_errors():
                async with conn.begin_nested():
                    await conn.execute(
                        outbox.insert().values(
                            message_id=str(message["Message-ID"]),
                            case_reference=case_reference,
                            recipient=recipient,
                            kind=kind,
                            ciphertext=self._cipher.encrypt(raw),
                            status="pending",
                            attempts=0,
                            next_attempt_at=now,
                            created_at=now,
                        )
                    )
        except IntegrityViolation:  # queued before: a resumed run
            return False
        return True

    async def recent_count(self, recipient: str, within: timedelta = timedelta(hours=24)) -> int:
        """Automatic replies queued for ``recipient`` in the last ``within``."""
        async with connection(self.engine) as conn:
            return await self.recent_count_in(conn, recipient, within)

    @staticmethod
    async def recent_count_in(conn: Any, recipient: str, within: timedelta = timedelta(hours=24)) -> int:
        """``recent_count`` inside the caller's transaction (a connection or session).

        Letters (``bot.outgoing``: staff replies, notices, chat codes) are not
        automatic replies and have limits of their own, so they do not count.
        """
        count = await conn.scalar(
            sa.select(sa.func.count())
            .select_from(outbox)
            .where(
                outbox.c.recipient == recipient.lower(),
                outbox.c.created_at >= utcnow() - within,
                outbox.c.kind.notin_([kind.value for kind in LetterKind]),
            )
        )
        return int(count or 0)

    async def case_for_message_ids(self, ids: Iterable[str]) -> str | None:
        """The case a reply with one of these Message-IDs belongs to."""
        ids = [i for i in ids if i][:50]
        if not ids:
            return None
        async with connection(self.engine) as conn:
            reference: str | None = await conn.scalar(
                sa.select(outbox.c.case_reference).where(outbox.c.message_id.in_(ids)).limit(1)
            )
        return reference

    async def status(self, message_id: str) -> str | None:
        async with connection(self.engine) as conn:
            status: str | None = await conn.scalar(sa.select(outbox.c.status).where(outbox.c.message_id == message_id))
        return status

    async def claim_due(self, worker: str, limit: int = 20) -> list[OutboxItem]:
        now = utcnow()
        async with connection(self.engine) as conn:
            rows = (
                await conn.execute(
                    sa.select(outbox.c.id, outbox.c.claimed_until)
                    .where(
                        outbox.c.status == "pending",
                        outbox.c.next_attempt_at <= now,
                        sa.or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now),
                    )
                    .order_by(outbox.c.next_attempt_at, outbox.c.id)
                    .limit(limit)
                )
            ).all()
        if not rows:
            return []
        lease_until = now + timedelta(seconds=self.lease)
        won = []
        async with transaction(self.engine) as conn:  # one transaction for the whole batch
            for row in rows:
                guard = (
                    outbox.c.claimed_until.is_(None)
                    if row.claimed_until is None
                    else outbox.c.claimed_until == row.claimed_until
                )
                result = await conn.execute(
                    outbox.update()
                    .where(outbox.c.id == row.id, outbox.c.status == "pending", guard)
                    .values(claimed_by=worker, claimed_until=lease_until)
                )
                if result.rowcount != 1:
                    continue  # another sender won
                won.append(
                    (
                        await conn.execute(
                            sa.select(
                                outbox.c.id,
                                outbox.c.message_id,
                                outbox.c.recipient,
                                outbox.c.attempts,
                                outbox.c.ciphertext,
                                outbox.c.case_reference,
                                outbox.c.kind,
                            ).where(outbox.c.id == row.id)
                        )
                    ).one()
                )
        return [
            OutboxItem(
                item.id,
                item.message_id,
                item.recipient,
                item.attempts,
                self._cipher.decrypt(item.ciphertext),
                item.case_reference,
                item.kind,
            )
            for item in won
        ]

    async def mark_sent(self, item: OutboxItem) -> None:
        async with transaction(self.engine) as conn:
            await conn.execute(
                outbox.update()
                .where(outbox.c.id == item.id)
                .values(status="sent", sent_at=utcnow(), attempts=item.attempts + 1, claimed_until=None, last_error=None)
            )

    def backoff(self, attempts: int) -> float:
        return float(min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1)))

    def gives_up(self, item: OutboxItem) -> bool:
        """Whether failing this attempt is the last one (the item becomes ``failed``)."""
        return item.attempts + 1 >= self.max_attempts

    async def mark_failed(self, item: OutboxItem, error: str) -> str:
        attempts = item.attempts + 1
        status = "failed" if self.gives_up(item) else "pending"
        next_at = utcnow() + timedelta(seconds=self.backoff(attempts))
        async with transaction(self.engine) as conn:
            await conn.execute(
                outbox.update()
                .where(outbox.c.id == item.id)
                .values(status=status, attempts=attempts, next_attempt_at=next_at, claimed_until=None, last_error=error[:500])
            )
        return status

    async def counts(self) -> dict[str, int]:
        async with connection(self.engine) as conn:
            rows = (await conn.execute(sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status))).all()
        return {status: int(n) for status, n in rows}


GiveUpHandler = Callable[[OutboxItem, str], Awaitable[None]]
"""Called with the item and the error's kind (a class name) before it is marked ``failed``."""


class OutboxSender:
    """Sends due outbox messages through the configured relay with aiosmtplib."""

    def __init__(
        self,
        box: Outbox,
        relay: RelayConfig,
        worker: str,
        *,
        poll_interval: float = 1.0,
        on_give_up: GiveUpHandler | None = None,
    ) -> None:
        self.box = box
        self.relay = relay
        self.worker = worker
        self.poll_interval = poll_interval
        self.on_give_up = on_give_up
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()

    def notify(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def send(self, item: OutboxItem) -> None:
        try:
            await aiosmtplib.send(
                item.raw,
                sender=self.relay.envelope_from,
                recipients=[item.recipient],
                hostname=self.relay.host,
                port=self.relay.port,
                use_tls=self.relay.use_tls,
                start_tls=self.relay.start_tls or None if not self.relay.use_tls else False,
                username=self.relay.username or None,
                password=self.relay.password or None,
                timeout=self.relay.timeout,
            )
        except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError) as exc:
            raise DeliveryError(f"relay refused or unreachable: {type(exc).__name__}") from exc

    async def send_due(self) -> int:
        """One pass over due messages; returns how many were sent."""
        sent = 0
        for item in await self.box.claim_due(self.worker):
            try:
                await self.send(item)
            except DeliveryError as exc:
                kind = type(exc.__cause__ or exc).__name__
                if self.box.gives_up(item) and self.on_give_up is not None:
                    try:
                        await self.on_give_up(item, kind)
                    except Exception:
                        # Not failed until it is on record: the lease runs out and the item is tried again.
                        log.exception("outbox %d: could not record the final delivery failure", item.id)
                        continue
                status = await self.box.mark_failed(item, str(exc.__cause__ or exc))
                log.warning("outbox %d: delivery failed (%s), now %s", item.id, kind, status)
                continue
            await self.box.mark_sent(item)
            sent += 1
            log.info("outbox %d sent", item.id)
        return sent

    async def run(self, *, wait_first: bool = False) -> None:
        """Send what is due until ``stop``: a pass, then another when notified or after ``poll_interval``.
        ``wait_first``: no pass before the first wait (a process that only sends what it queued itself)."""
        if wait_first:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
        failing = False  # an outage is logged when it starts and when it ends, not once a second
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                await self.send_due()
            except Exception as exc:  # keep the loop alive and try again
                if not is_transient(exc):
                    log.exception("outbox pass failed")
                elif not failing:
                    log.warning("outbox pass failed (%s: %s); retrying every %.0f s until it works",
                                type(exc).__name__, exc, self.poll_interval)
                failing = True
            else:
                if failing:
                    log.info("outbox passes work again")
                failing = False
            if self._stopping.is_set():
                break
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
