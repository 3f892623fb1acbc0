"""``Verifier``: issue, re-send and check one-time codes; every operation is one transaction.

A *challenge* is one attempt to prove one address: its id is handed to the
caller (the chat keeps it in the visitor's conversation), its code is mailed.
A re-send replaces the code (the old one stops working) and restarts the
15 minutes; attempts are counted over the whole challenge, so re-sending never
buys a guesser more tries (5 in all, against a million codes).

Rate limits count the codes mailed (first and re-sent) within the window, per
address and per client address; on PostgreSQL an advisory lock per address and
per client makes "count, then send" one decision (SQLite's write transactions
are serial already).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.cases.engine import transaction
from bot.cases.inputs import normalize_email
from bot.cases.locks import lock_for_decision
from bot.cases.models import utcnow
from bot.config import ChatSettings
from bot.verification.errors import ResendLimitReached, TooManyCodes, UnknownChallenge
from bot.verification.keys import Keyed, new_challenge, new_code
from bot.verification.tables import code_sends, verifications

__all__ = ["Check", "CheckResult", "IssuedCode", "VerificationLimits", "Verifier"]


@dataclass(frozen=True)
class VerificationLimits:
    ttl: timedelta = timedelta(minutes=15)
    max_attempts: int = 5
    max_resends: int = 3
    per_address: int = 5  # codes mailed to one address per window
    per_client: int = 10  # codes mailed at the request of one client address per window
    window: timedelta = timedelta(hours=1)

    @classmethod
    def from_settings(cls, chat: ChatSettings) -> VerificationLimits:
        return cls(
            ttl=timedelta(minutes=chat.code_minutes),
            max_attempts=chat.code_attempts,
            max_resends=chat.code_resends,
            per_address=chat.codes_per_address_per_hour,
            per_client=chat.codes_per_client_per_hour,
        )


@dataclass(frozen=True)
class IssuedCode:
    """The code to mail (never stored) and the challenge id to keep."""

    challenge: str
    code: str
    expires_at: datetime
    resends: int

    def __repr__(self) -> str:  # reprs end up in logs: never the code
        return f"<IssuedCode expires={self.expires_at.isoformat()} resends={self.resends}>"


class CheckResult(str, enum.Enum):
    VERIFIED = "verified"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"  # the attempts are used up
    UNKNOWN = "unknown"  # no such challenge for this address, or already used


@dataclass(frozen=True)
class Check:
    result: CheckResult
    attempts_left: int

    @property
    def verified(self) -> bool:
        return self.result is CheckResult.VERIFIED


class Verifier:
    """One-time codes over the ``chat_verifications`` and ``chat_code_sends`` tables."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        secret: str,
        limits: VerificationLimits | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.limits = limits or VerificationLimits()
        self._keys = Keyed(secret)
        self._clock = clock

    def _address_key(self, address: str) -> str:
        return self._keys.digest("address", normalize_email(address))

    def _code_hash(self, challenge: str, code: str) -> str:
        return self._keys.digest("code", challenge, code)

    async def _limit(self, conn: AsyncConnection, address_key: str, client: str, now: datetime) -> str:
        """Lock, count and refuse beyond the limits; returns the client's key."""
        client_key = self._keys.digest("client", client)
        await lock_for_decision(conn, "chat-code-address", address_key)
        await lock_for_decision(conn, "chat-code-client", client_key)
        since = now - self.limits.window
        for column, key, limit, who in (
            (code_sends.c.address_key, address_key, self.limits.per_address, "this address"),
            (code_sends.c.client_key, client_key, self.limits.per_client, "this client"),
        ):
            times = (
                await conn.execute(
                    sa.select(code_sends.c.sent_at)
                    .where(column == key, code_sends.c.sent_at > since)
                    .order_by(code_sends.c.sent_at)
                )
            ).scalars().all()
            if len(times) >= limit:
                retry = (times[len(times) - limit] + self.limits.window - now).total_seconds()
                raise TooManyCodes(f"too many codes for {who} within the hour", retry_after=max(1.0, retry))
        return client_key

    async def issue(self, address: str, *, client: str) -> IssuedCode:
        """A new challenge for ``address``; ``TooManyCodes`` beyond the rate limits."""
        now = self._clock()
        address_key = self._address_key(address)
        challenge, code = new_challenge(), new_code()
        expires = now + self.limits.ttl
        async with transaction(self.engine) as conn:
            client_key = await self._limit(conn, address_key, client, now)
            await conn.execute(
                verifications.insert().values(
                    challenge_key=self._keys.digest("challenge", challenge),
                    address_key=address_key,
                    code_hash=self._code_hash(challenge, code),
                    attempts=0,
                    resends=0,
                    created_at=now,
                    expires_at=expires,
                )
            )
            await conn.execute(code_sends.insert().values(address_key=address_key, client_key=client_key, sent_at=now))
        return IssuedCode(challenge, code, expires, 0)

    async def _row(self, conn: AsyncConnection, challenge: str, address: str) -> sa.engine.Row | None:
        return (
            await conn.execute(
                sa.select(verifications).where(
                    verifications.c.challenge_key == self._keys.digest("challenge", challenge),
                    verifications.c.address_key == self._address_key(address),
                )
                .with_for_update()  # PostgreSQL: attempts on one challenge are serial (SQLite: already)
            )
        ).first()

    async def resend(self, challenge: str, address: str, *, client: str) -> IssuedCode:
        """A new code for the same challenge (the old code stops working, the 15 minutes restart)."""
        now = self._clock()
        code = new_code()
        expires = now + self.limits.ttl
        async with transaction(self.engine) as conn:
            row = await self._row(conn, challenge, address)
            if row is None or row.verified_at is not None or row.attempts >= self.limits.max_attempts:
                raise UnknownChallenge("no usable challenge for this address")
            if row.resends >= self.limits.max_resends:
                raise ResendLimitReached(f"the code was re-sent {row.resends} times already")
            client_key = await self._limit(conn, row.address_key, client, now)
            updated = await conn.execute(
                verifications.update()
                .where(verifications.c.id == row.id, verifications.c.resends == row.resends)
                .values(code_hash=self._code_hash(challenge, code), resends=row.resends + 1, expires_at=expires)
            )
            if updated.rowcount != 1:
                raise ResendLimitReached("the code was re-sent at the same moment")
            await conn.execute(
                code_sends.insert().values(address_key=row.address_key, client_key=client_key, sent_at=now)
            )
        return IssuedCode(challenge, code, expires, row.resends + 1)

    async def check(self, challenge: str, address: str, code: str) -> Check:
        """Count one attempt, then compare; a used, expired or locked challenge never verifies."""
        now = self._clock()
        limit = self.limits.max_attempts
        async with transaction(self.engine) as conn:
            row = await self._row(conn, challenge, address)
            if row is None or row.verified_at is not None:
                return Check(CheckResult.UNKNOWN, 0)
            if row.attempts >= limit:
                return Check(CheckResult.LOCKED, 0)
            if row.expires_at <= now:
                return Check(CheckResult.EXPIRED, limit - row.attempts)
            counted = await conn.execute(
                verifications.update()
                .where(
                    verifications.c.id == row.id,
                    verifications.c.attempts < limit,
                    verifications.c.verified_at.is_(None),
                )
                .values(attempts=verifications.c.attempts + 1)
            )
            if counted.rowcount != 1:  # a parallel attempt used the last try, or verified
                return Check(CheckResult.LOCKED, 0)
            left = limit - row.attempts - 1
            if not self._keys.same(row.code_hash, self._code_hash(challenge, "".join(code.split()))):
                return Check(CheckResult.WRONG if left else CheckResult.LOCKED, left)
            await conn.execute(verifications.update().where(verifications.c.id == row.id).values(verified_at=now))
        return Check(CheckResult.VERIFIED, left)

    async def purge(self) -> int:
        """Delete challenges expired for a window and sends older than the window; returns rows deleted."""
        now = self._clock()
        cutoff = now - self.limits.window
        async with transaction(self.engine) as conn:
            gone = await conn.execute(verifications.delete().where(verifications.c.expires_at < cutoff))
            sends = await conn.execute(code_sends.delete().where(code_sends.c.sent_at < cutoff))
        return int(gone.rowcount or 0) + int(sends.rowcount or 0)
