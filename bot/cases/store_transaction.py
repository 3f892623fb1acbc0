"""One transaction on the case store and the primitives every operation shares.

A ``Transaction`` wraps an ORM session inside ``BEGIN ... COMMIT`` together
with the store's configuration and the moment the transaction started.  The
operation modules (``threads``, ``messages``, ``workflow``, ``privileged``,
``retention``, ``staff_directory``, ``reading``) are functions of a
``Transaction``, so several operations compose into one atomic change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import audit_guard  # noqa: F401  (registers the append-only guards)
from bot.cases.enums import ActorKind, CaseStatus
from bot.cases.errors import CaseNotFound, NotAllowed, StaffUserNotFound
from bot.cases.inputs import Actor
from bot.cases.models import AuditEvent, Case, StaffUser
from bot.cases.state import check_transition
from bot.crypto import TextCipher

__all__ = ["StoreConfig", "Transaction"]


@dataclass(frozen=True)
class StoreConfig:
    """What every operation may need besides the session."""

    cipher: TextCipher
    tz: ZoneInfo
    retention_months: int = 12


class Transaction:
    """A session inside one database transaction, the store's configuration and "now"."""

    def __init__(self, session: AsyncSession, config: StoreConfig, now: datetime) -> None:
        self.session = session
        self.config = config
        self.now = now

    @property
    def cipher(self) -> TextCipher:
        return self.config.cipher

    @property
    def tz(self) -> ZoneInfo:
        return self.config.tz

    def _audit_values(self, case: Case | None, actor: Actor, action: str, detail: dict[str, Any]) -> dict[str, Any]:
        return {
            "case_id": case.id if case else None,
            "case_reference": case.reference if case else None,
            "actor_kind": actor.kind,
            "actor_staff_id": actor.staff_user_id,
            "action": action,
            "detail": detail,
            "created_at": self.now,
        }

    def audit(self, case: Case | None, actor: Actor, action: str, **detail: Any) -> None:
        """Append an audit event.  ``detail`` holds ids, statuses and counts, never free text."""
        self.session.add(AuditEvent(**self._audit_values(case, actor, action, detail)))

    async def audit_many(self, case: Case, entries: list[tuple[Actor, str, dict[str, Any]]]) -> None:
        """``audit`` for several events at once, in one multi-row insert (after what is pending)."""
        await self.session.flush()
        await self.session.execute(
            sa.insert(AuditEvent), [self._audit_values(case, actor, action, detail) for actor, action, detail in entries]
        )

    async def case(self, reference: str, *, lock: bool = False) -> Case:
        """The case with ``reference`` (``CaseNotFound`` otherwise), row-locked when ``lock``."""
        query = sa.select(Case).where(Case.reference == reference.strip().upper())
        if lock:
            query = query.with_for_update()
        case: Case | None = await self.session.scalar(query)
        if case is None:
            raise CaseNotFound(f"no case {reference!r}")
        return case

    async def staff(self, staff_user_id: int, *, handler: bool = False) -> StaffUser:
        """An active staff user; with ``handler``, one whose role may work cases."""
        user: StaffUser | None = await self.session.get(StaffUser, staff_user_id)
        if user is None or not user.active:
            raise StaffUserNotFound(f"no active staff user {staff_user_id}")
        if handler and not user.role.can_handle_cases:
            raise NotAllowed(
                f"staff user {staff_user_id} has role {user.role.value!r}, which cannot handle cases"
            )
        return user

    async def check_actor(self, actor: Actor, *, handler: bool = True) -> None:
        """A staff actor must be an active user (and, with ``handler``, allowed to work cases)."""
        if actor.kind is ActorKind.STAFF:
            assert actor.staff_user_id is not None
            await self.staff(actor.staff_user_id, handler=handler)

    def set_status(self, case: Case, target: CaseStatus, actor: Actor, **detail: Any) -> None:
        """Move ``case`` to ``target`` if the lifecycle allows it, with its timestamps and audit event."""
        check_transition(case.reference, case.status, target)
        previous = case.status
        case.status = target
        case.updated_at = self.now
        if target is CaseStatus.RESOLVED:
            case.resolved_at = self.now
        elif target is CaseStatus.CLOSED:
            case.closed_at = self.now
        elif target in (CaseStatus.IN_PROGRESS, CaseStatus.NEW) and previous is CaseStatus.RESOLVED:
            case.resolved_at = None  # reopened: it is no longer answered
        self.audit(
            case, actor, "status_changed", from_status=previous.value, to_status=target.value, **detail
        )
