"""The chat's share of retention: conversations and one-time codes are kept no longer than needed.

- A conversation whose case is purged goes with it, in the same unit of work
  (``purge_case_conversations``): its encrypted state still holds the text.
- A conversation nobody can continue - untouched for longer than a session
  lives (``[chat] session_minutes``: the cookie is dead by then) - goes too
  (``ConversationStore.purge``); its transcript is on the case, if one opened.
- Verification challenges expired for a rate-limit window, and the sends the
  rate limits no longer count, go (``Verifier.purge``).

``personvern purge`` runs all three.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ChatSettings
from bot.crypto import MissingKey
from bot.verification import VerificationLimits, Verifier
from chat.store import ConversationStore
from chat.tables import conversations

__all__ = ["ChatPurge", "purge_case_conversations", "purge_expired"]


@dataclass(frozen=True)
class ChatPurge:
    idle_conversations: int
    verification_rows: int


async def purge_case_conversations(conn: Any, references: Sequence[str], *, dry_run: bool = False) -> int:
    """Delete (or count) the conversations of ``references``, inside the caller's transaction."""
    if not references:
        return 0
    where = conversations.c.case_reference.in_(list(references))
    count = int(await conn.scalar(sa.select(sa.func.count()).select_from(conversations).where(where)) or 0)
    if not dry_run:
        await conn.execute(conversations.delete().where(where))
    return count


async def purge_expired(engine: AsyncEngine, chat: ChatSettings, now: datetime) -> ChatPurge:
    """Conversations idle longer than a session, and challenges and sends past their window."""
    store = ConversationStore(engine, MissingKey())  # deleting needs no key
    idle = await store.purge(now - timedelta(minutes=chat.session_minutes))
    # The key only hashes codes and addresses; purging compares times alone.
    verifier = Verifier(engine, secret="purge", limits=VerificationLimits.from_settings(chat), clock=lambda: now)
    return ChatPurge(idle, await verifier.purge())
