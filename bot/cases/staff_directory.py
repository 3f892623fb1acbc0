"""Staff accounts: adding users, signing in, passwords, roles, languages, lookups.

Password hashing (argon2) is CPU work of a few tens of milliseconds, so it
runs in a worker thread and outside the database transaction; a failed
sign-in costs as much time whether or not the account exists.

Managing other users (adding, enabling, disabling, roles, password resets)
takes an active admin, or the system itself (the ``personvern`` CLI).  No
change may leave the store without an active admin (``LastActiveAdmin``):
the active admins' rows are locked first, so two admins demoting each other
at the same moment cannot both succeed.  Every change is on the audit
trail with the acting user; passwords never are.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

import sqlalchemy as sa

from bot.cases.enums import ActorKind, StaffRole
from bot.cases.errors import LastActiveAdmin, NotAllowed, StaffUserExists, StaffUserNotFound
from bot.cases.inputs import Actor, normalize_email
from bot.cases.models import StaffUser
from bot.cases.passwords import (
    generate_password,
    hash_password,
    needs_rehash,
    spend_verification_time,
    verify_password,
)
from bot.cases.store_transaction import Transaction
from bot.errors import IntegrityViolation

__all__ = ["LANGUAGE_CODE", "Runner", "StaffDirectory"]

T = TypeVar("T")

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
"""A language as the staff interface names it (``nb``, ``en``); which ones exist is the interface's choice."""


class Runner(Protocol):
    """Runs one function in one (retried) transaction: ``CaseService.run``."""

    def __call__(self, work: Callable[[Transaction], Awaitable[T]]) -> Awaitable[T]: ...


class StaffDirectory:
    """The staff users of the case store."""

    def __init__(self, run: Runner) -> None:
        self._run = run

    async def add(
        self,
        email: str,
        name: str,
        role: StaffRole | str,
        password: str,
        *,
        actor: Actor | None = None,
        one_time: bool = False,
    ) -> StaffUser:
        """A new staff user; ``one_time``: the password was made for them and must be changed at first sign-in."""
        email = normalize_email(email)
        role = StaffRole(role)  # accepts the enum or its value
        password_hash = await asyncio.to_thread(hash_password, password)
        who = actor or Actor.system()

        async def work(tx: Transaction) -> StaffUser:
            await _check_admin(tx, who)
            if await tx.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
                raise StaffUserExists("a staff user with that email already exists")
            user = StaffUser(
                email=email,
                name=name,
                role=role,
                password_hash=password_hash,
                active=True,
                created_at=tx.now,
                must_change_password=one_time,
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
            user.sessions_valid_from = tx.now
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

    # ------------------------------------------------------------------ a user's own account

    async def set_language(self, staff_user_id: int, language: str | None, *, actor: Actor) -> StaffUser:
        """The staff interface's language for this user (None: the default); by the user or an admin."""
        if language is not None and not LANGUAGE_CODE.fullmatch(language):
            raise ValueError("a language is a two- or three-letter lower-case code")

        async def work(tx: Transaction) -> StaffUser:
            if actor.staff_user_id != staff_user_id:
                await _check_admin(tx, actor)
            user = await tx.staff(staff_user_id)
            if user.language != language:
                user.language = language
                tx.audit(None, actor, "staff_language_set", staff_user_id=staff_user_id, language=language)
            return user

        return await self._run(work)

    async def change_password(self, staff_user_id: int, current: str, new: str) -> bool:
        """The user's own change: False (and nothing changed) when ``current`` is not their password."""
        user = await self.get(staff_user_id)
        ok = await asyncio.to_thread(verify_password, user.password_hash, current)
        new_hash = await asyncio.to_thread(hash_password, new) if ok else None
        actor = Actor.staff(staff_user_id)

        async def work(tx: Transaction) -> bool:
            row = await tx.staff(staff_user_id)
            if new_hash is None or row.password_hash != user.password_hash:  # wrong, or changed meanwhile
                tx.audit(None, actor, "staff_password_change_failed", staff_user_id=staff_user_id)
                return False
            row.password_hash = new_hash
            row.must_change_password = False
            row.sessions_valid_from = tx.now  # the session that changed it starts afresh; the others end
            tx.audit(None, actor, "staff_password_changed", staff_user_id=staff_user_id)
            return True

        return await self._run(work)

    # ------------------------------------------------------------------ admins managing others

    async def reset_password(self, staff_user_id: int, *, actor: Actor) -> str:
        """A new random one-time password for the user, returned once (to be shown, never stored or logged)."""
        password = generate_password()
        password_hash = await asyncio.to_thread(hash_password, password)

        async def work(tx: Transaction) -> None:
            await _check_admin(tx, actor)
            user = await _any_user(tx, staff_user_id)
            user.password_hash = password_hash
            user.must_change_password = True
            user.sessions_valid_from = tx.now
            tx.audit(None, actor, "staff_password_reset", staff_user_id=staff_user_id)

        await self._run(work)
        return password

    async def set_active(self, staff_user_id: int, active: bool, *, actor: Actor) -> StaffUser:
        """Enable or disable a user; a disabled one cannot sign in and their sessions end."""

        async def work(tx: Transaction) -> StaffUser:
            await _check_admin(tx, actor)
            user = await _any_user(tx, staff_user_id)
            if user.active == active:
                return user
            if not active and user.role is StaffRole.ADMIN:
                await _keep_an_admin(tx, staff_user_id)
            user.active = active
            if not active:
                user.sessions_valid_from = tx.now  # enabling again later does not bring old sessions back
            tx.audit(None, actor, "staff_enabled" if active else "staff_disabled", staff_user_id=staff_user_id)
            return user

        return await self._run(work)

    async def set_role(self, staff_user_id: int, role: StaffRole | str, *, actor: Actor) -> StaffUser:
        role = StaffRole(role)

        async def work(tx: Transaction) -> StaffUser:
            await _check_admin(tx, actor)
            user = await _any_user(tx, staff_user_id)
            if user.role is role:
                return user
            if user.role is StaffRole.ADMIN and user.active:
                await _keep_an_admin(tx, staff_user_id)
            old, user.role = user.role, role
            tx.audit(None, actor, "staff_role_changed", staff_user_id=staff_user_id, old=old.value, new=role.value)
            return user

        return await self._run(work)


async def _check_admin(tx: Transaction, actor: Actor) -> None:
    """The system (the CLI) or an active admin may manage staff users; nobody else."""
    if actor.kind is ActorKind.SYSTEM:
        return
    if actor.kind is not ActorKind.STAFF or actor.staff_user_id is None:
        raise NotAllowed("only an admin manages staff users")
    if (await tx.staff(actor.staff_user_id)).role is not StaffRole.ADMIN:
        raise NotAllowed(f"staff user {actor.staff_user_id} is no admin, and only an admin manages staff users")


async def _any_user(tx: Transaction, staff_user_id: int) -> StaffUser:
    """A staff user, active or not (an admin enables disabled ones)."""
    user: StaffUser | None = await tx.session.get(StaffUser, staff_user_id, populate_existing=True)
    if user is None:
        raise StaffUserNotFound(f"no staff user {staff_user_id}")
    return user


async def _keep_an_admin(tx: Transaction, leaving: int) -> None:
    """Refuse when ``leaving`` is the last active admin; the admins' rows stay locked until commit."""
    admins = sa.select(StaffUser.id).where(StaffUser.role == StaffRole.ADMIN, StaffUser.active.is_(True))
    remaining = [i for i in await tx.session.scalars(admins.with_for_update()) if i != leaving]
    if not remaining:
        raise LastActiveAdmin("the last active admin can be neither disabled nor demoted")
