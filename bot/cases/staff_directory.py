"""Staff accounts: adding users, signing in, passwords, lookups.

Password hashing (argon2) is CPU work of a few tens of milliseconds, so it
runs in a worker thread and outside the database transaction; a failed
sign-in costs as much time whether or not the account exists.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

import sqlalchemy as sa

from bot.cases.enums import StaffRole
from bot.cases.errors import StaffUserExists
from bot.cases.inputs import Actor, normalize_email
from bot.cases.models import StaffUser
from bot.cases.passwords import hash_password, needs_rehash, spend_verification_time, verify_password
from bot.cases.store_transaction import Transaction
from bot.errors import IntegrityViolation

__all__ = ["Runner", "StaffDirectory"]

T = TypeVar("T")


class Runner(Protocol):
    """Runs one function in one (retried) transaction: ``CaseService.run``."""

    def __call__(self, work: Callable[[Transaction], Awaitable[T]]) -> Awaitable[T]: ...


class StaffDirectory:
    """The staff users of the case store."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    async def add(
        self, email: str, name: str, role: StaffRole | str, password: str, *, actor: Actor | None = None
    ) -> StaffUser:
        email = normalize_email(email)
        role = StaffRole(role)  # accepts the enum or its value
        password_hash = await asyncio.to_thread(hash_password, password)
        who = actor or Actor.system()

        async def work(tx: Transaction) -> StaffUser:
            if await tx.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
                raise StaffUserExists("a staff user with that email already exists")
            user = StaffUser(
                email=email, name=name, role=role, password_hash=password_hash, active=True, created_at=tx.now
            )
            tx.session.add(user)
            await tx.session.flush()
            tx.audit(None, who, "staff_added", staff_user_id=user.id, role=role.value)
            return user

        try:
            return await self._run(work)
        except IntegrityViolation as exc:  # a concurrent add of the same address
            raise StaffUserExists("a staff user with that email already exists") from exc

    async def authenticate(self, email: str, password: str) -> StaffUser | None:
        """The active staff user with these credentials, or None.  Upgrades outdated hashes."""
        try:
            email = normalize_email(email)
        except ValueError:
            return None
        user = await self.find(email)
        if user is None or not user.active:
            ok = await asyncio.to_thread(spend_verification_time, password)
        else:
            ok = await asyncio.to_thread(verify_password, user.password_hash, password)
        new_hash = None
        if ok and user is not None and needs_rehash(user.password_hash):
            new_hash = await asyncio.to_thread(hash_password, password)

        async def work(tx: Transaction) -> StaffUser | None:
            if user is None:
                return None
            row: StaffUser | None = await tx.session.get(StaffUser, user.id)
            if not ok or row is None:
                tx.audit(None, Actor.system(), "staff_login_failed", staff_user_id=user.id)
                return None
            row.last_login_at = tx.now
            if new_hash:
                row.password_hash = new_hash
            tx.audit(None, Actor.staff(row.id), "staff_login")
            return row

        return await self._run(work)

    async def set_password(self, staff_user_id: int, password: str, *, actor: Actor) -> None:
        password_hash = await asyncio.to_thread(hash_password, password)

        async def work(tx: Transaction) -> None:
            user = await tx.staff(staff_user_id)
            user.password_hash = password_hash
            tx.audit(None, actor, "staff_password_set", staff_user_id=staff_user_id)

        await self._run(work)

    async def find(self, email: str) -> StaffUser | None:
        email = normalize_email(email)

        async def work(tx: Transaction) -> StaffUser | None:
            found: StaffUser | None = await tx.session.scalar(sa.select(StaffUser).where(StaffUser.email == email))
            return found

        return await self._run(work)

    async def get(self, staff_user_id: int) -> StaffUser:
        async def work(tx: Transaction) -> StaffUser:
            return await tx.staff(staff_user_id)

        return await self._run(work)

    async def list(self) -> Sequence[StaffUser]:
        async def work(tx: Transaction) -> list[StaffUser]:
            return list(await tx.session.scalars(sa.select(StaffUser).order_by(StaffUser.id)))

        return await self._run(work)
